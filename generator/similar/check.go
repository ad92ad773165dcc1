package similar

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/diag"
)

// Scope is where the matched text comes from, as reviewers ask about it.
type Scope int

const (
	// Earlier: the same unit's material of an earlier year, without a
	// 延续 link (年年老问题).
	Earlier Scope = iota
	// Organisation: the same year, another member or the team of the same
	// organisation (千人一面).
	Organisation
	// OtherUnit: the same year, another organisation's material (照搬照抄).
	OtherUnit
)

// Scopes lists the scopes in the order pages show them.
var Scopes = []Scope{Earlier, Organisation, OtherUnit}

func (s Scope) String() string {
	return [...]string{"same unit, earlier year", "same year, same organisation", "same year, other unit"}[s]
}

// Label names the scope in Chinese, for pages.
func (s Scope) Label() string {
	return [...]string{"本单位往年（未声明延续）", "同年同一组织（班子与成员、成员之间）", "同年其他单位"}[s]
}

// Key is the scope's ASCII name, for CSS classes and anchors.
func (s Scope) Key() string { return [...]string{"earlier", "organisation", "other"}[s] }

// Entry is a problem, cause or measure as compared.
type Entry struct {
	Doc   *archive.Doc
	Kind  content.EntryKind
	ID    string
	Title string
	// Text is what is compared, as plain text: for an item, cause or
	// measure its title, a line break and its body; for a problem group
	// its statement (the body) alone, since group headings follow the
	// meeting's prescribed points (五个带头, 六个带头) that every material
	// of the year shares.
	Text    string
	Pos     diag.Pos
	Problem *archive.Problem // nil for a cause or measure
}

// GID is the entry's global ID, "2021/banzi#p1-1".
func (e *Entry) GID() string { return e.Doc.Key + "#" + e.ID }

// Span is a passage of a text, in bytes.
type Span struct{ Start, End int }

// Pair is a match sorted into its scope.
type Pair struct {
	Scope Scope
	Score float64
	// A is the text the warning is about: the later one; in the same year
	// the member's rather than the team's, else the document later by key.
	// B is the text it matches.
	A, B *Entry
	// SharedA and SharedB are the passages of A.Text and B.Text made of
	// shingles both hold (boilerplate excluded), in order.
	SharedA, SharedB []Span
	// a and b number A and B among the entries compared, in document
	// order.
	a, b int
}

// Year is the year of the pair's page: A's.
func (p *Pair) Year() int { return p.A.Doc.Year }

// Suggestion is the line that declares A a continuation of B, for a
// problem of an earlier year of the same unit; "" otherwise.
func (p *Pair) Suggestion() string {
	if p.Scope != Earlier || p.A.Problem == nil || p.B.Problem == nil {
		return ""
	}
	return fmt.Sprintf("延续 [[%s]]", p.B.GID())
}

// Report is the outcome of Check.
type Report struct {
	Pairs []*Pair // by A's year, scope, score (highest first), A's ID
	Stats Stats
	Opt   Options
}

// Year returns the pairs of year y, in Report order.
func (r *Report) Year(y int) []*Pair {
	var out []*Pair
	for _, p := range r.Pairs {
		if p.Year() == y {
			out = append(out, p)
		}
	}
	return out
}

// Years lists the years that have pairs, ascending.
func (r *Report) Years() []int {
	var ys []int
	for _, p := range r.Pairs {
		if len(ys) == 0 || ys[len(ys)-1] != p.Year() {
			ys = append(ys, p.Year())
		}
	}
	return ys
}

// OrgOf is the organisation a document belongs to, by its file
// name: the part before the last "-" ("t012" for t012-shuji), or, for a
// name without "-", every such document of the year together (banzi,
// shuji, zhenzhang of one township).
func OrgOf(d *archive.Doc) string {
	name := path.Base(d.Key)
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		return name[:i]
	}
	return ""
}

// source is an entry of the archive as Check compares it. An Entry, which
// joins its title and body, is made only for the entries of a pair: an
// archive's entries are a third of a million at 10,000 documents.
type source struct {
	doc  *archive.Doc
	kind content.EntryKind
	e    *content.Entry
	p    *archive.Problem // nil for a cause or measure
}

// sources lists what Check compares in a: every problem (group and
// item), cause and measure, in document order.
func sources(a *archive.Archive) []source {
	n := 0
	for _, d := range a.Docs {
		n += len(d.Problems) + len(d.Causes) + len(d.Measures)
	}
	out := make([]source, 0, n)
	for _, d := range a.Docs {
		for _, p := range d.Problems {
			k := content.EntryItem
			if p.IsGroup() {
				k = content.EntryGroup
			}
			out = append(out, source{d, k, &p.Entry, p})
		}
		for _, c := range d.Causes {
			out = append(out, source{d, content.EntryCause, c, nil})
		}
		for _, m := range d.Measures {
			out = append(out, source{d, content.EntryMeasure, &m.Entry, nil})
		}
	}
	return out
}

// text is what of s is compared (Entry.Text).
func (s source) text() Text {
	t := Text{Doc: s.doc.Index, Kind: kindClass(s.kind)}
	if s.kind == content.EntryGroup {
		t.Text = s.e.Text
	} else {
		t.Head, t.Text = s.e.Title, s.e.Text
	}
	return t
}

// kindClass puts groups and items in one class: a group's statement may
// be copied into an item and the other way round.
func kindClass(k content.EntryKind) int {
	if k == content.EntryItem {
		return int(content.EntryGroup)
	}
	return int(k)
}

// Check finds the copied texts of a, sorted into scopes.
func Check(a *archive.Archive, opt Options) *Report {
	opt = opt.withDefaults()
	srcs := sources(a)
	texts := make([]Text, len(srcs))
	for i, s := range srcs {
		texts[i] = s.text()
	}
	orgs := make([]string, len(a.Docs))
	for _, d := range a.Docs {
		orgs[d.Index] = OrgOf(d)
	}
	x := NewIndex(texts, opt)
	matches := x.Find(func(i, j int) bool {
		di, dj := srcs[i].doc, srcs[j].doc
		return di.Year == dj.Year || di.Unit == dj.Unit
	})

	// The entries of the pairs, each made once.
	entries := map[int]*Entry{}
	entry := func(i int) *Entry {
		e := entries[i]
		if e == nil {
			s := srcs[i]
			e = &Entry{Doc: s.doc, Kind: s.kind, ID: s.e.ID, Title: s.e.Title, Text: texts[i].String(), Pos: s.e.Pos, Problem: s.p}
			entries[i] = e
		}
		return e
	}
	r := &Report{Opt: opt}
	// The best earlier match of each text: the latest year, then the
	// highest score.
	best := map[int]*Pair{}
	for _, m := range matches {
		ei, ej := srcs[m.I], srcs[m.J]
		p := &Pair{Score: m.Score, a: m.I, b: m.J}
		switch {
		case ei.doc.Year != ej.doc.Year:
			p.Scope = Earlier
			if ei.doc.Year < ej.doc.Year {
				p.a, p.b = m.J, m.I
			}
			pa, pb := srcs[p.a].p, srcs[p.b].p
			if pa != nil && pb != nil && pa.Thread == pb.Thread {
				continue // declared: 延续, directly or along the thread
			}
			if b := best[p.a]; b == nil || srcs[p.b].doc.Year > srcs[b.b].doc.Year || srcs[p.b].doc.Year == srcs[b.b].doc.Year && p.Score > b.Score {
				best[p.a] = p
			}
			continue
		case orgs[ei.doc.Index] == orgs[ej.doc.Index]:
			p.Scope = Organisation
			if ej.doc.Kind != content.KindTeam && (ei.doc.Kind == content.KindTeam || ei.doc.Key < ej.doc.Key) {
				p.a, p.b = m.J, m.I
			}
		default:
			p.Scope = OtherUnit
			if ei.doc.Key < ej.doc.Key {
				p.a, p.b = m.J, m.I
			}
		}
		r.Pairs = append(r.Pairs, p)
	}
	for _, p := range best {
		r.Pairs = append(r.Pairs, p)
	}
	for _, p := range r.Pairs {
		p.A, p.B = entry(p.a), entry(p.b)
		p.SharedA, p.SharedB = x.Shared(p.a, p.b)
	}
	slices.SortFunc(r.Pairs, func(p, q *Pair) int {
		return cmp.Or(cmp.Compare(p.Year(), q.Year()), cmp.Compare(p.Scope, q.Scope), cmp.Compare(q.Score, p.Score),
			cmp.Compare(p.A.Doc.Index, q.A.Doc.Index), cmp.Compare(p.a, q.a), cmp.Compare(p.b, q.b))
	})
	r.Stats = x.Stats()
	r.Stats.Matches = len(r.Pairs)
	return r
}

// kindWord names an entry kind in messages.
func kindWord(k content.EntryKind) string {
	switch k {
	case content.EntryCause:
		return "cause"
	case content.EntryMeasure:
		return "measure"
	}
	return "problem"
}

// Diagnostics returns a warning for each pair, at A, naming B's position,
// the scope and the score.
func (r *Report) Diagnostics() diag.List {
	var diags diag.List
	for _, p := range r.Pairs {
		b := p.B.Pos
		where := fmt.Sprintf("%s (%s:%d:%d)", p.B.GID(), b.Path, b.Line, b.Col)
		switch p.Scope {
		case Earlier:
			msg := fmt.Sprintf("雷同 (%s), score %.2f: %.0f%% of this %s's wording is also in %s, of %d",
				p.Scope, p.Score, 100*p.Score, kindWord(p.A.Kind), where, p.B.Doc.Year)
			if s := p.Suggestion(); s != "" {
				msg += fmt.Sprintf(", and it does not declare 延续; if it continues that problem, add the line: %s", s)
			} else {
				msg += "; rewrite it for this year, or say why it still holds"
			}
			diags.Warnf(p.A.Pos, "%s", msg)
		default:
			whose := "another unit's material"
			switch {
			case p.Scope == OtherUnit:
			case p.B.Doc.Kind == content.KindTeam:
				whose = "the team's material"
			default:
				whose = "another member's material"
			}
			diags.Warnf(p.A.Pos, "雷同 (%s), score %.2f: %.0f%% of this %s's wording is also in %s, %s",
				p.Scope, p.Score, 100*p.Score, kindWord(p.A.Kind), where, whose)
		}
	}
	return diags
}
