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

// Entries lists what Check compares in a: every problem (group and
// item), cause and measure, in document order.
func Entries(a *archive.Archive) []*Entry {
	var out []*Entry
	add := func(d *archive.Doc, k content.EntryKind, e *content.Entry, p *archive.Problem) {
		text := e.Title
		switch {
		case k == content.EntryGroup:
			text = e.Text
		case e.Text != "":
			text += "\n" + e.Text
		}
		out = append(out, &Entry{Doc: d, Kind: k, ID: e.ID, Title: e.Title, Text: text, Pos: e.Pos, Problem: p})
	}
	for _, d := range a.Docs {
		for _, p := range d.Problems {
			k := content.EntryItem
			if p.IsGroup() {
				k = content.EntryGroup
			}
			add(d, k, &p.Entry, p)
		}
		for _, c := range d.Causes {
			add(d, content.EntryCause, c, nil)
		}
		for _, m := range d.Measures {
			add(d, content.EntryMeasure, &m.Entry, nil)
		}
	}
	return out
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
	entries := Entries(a)
	texts := make([]Text, len(entries))
	for i, e := range entries {
		texts[i] = Text{Doc: e.Doc.Index, Kind: kindClass(e.Kind), Text: e.Text}
	}
	orgs := make([]string, len(a.Docs))
	for _, d := range a.Docs {
		orgs[d.Index] = OrgOf(d)
	}
	x := NewIndex(texts, opt)
	matches := x.Find(func(i, j int) bool {
		di, dj := entries[i].Doc, entries[j].Doc
		return di.Year == dj.Year || di.Unit == dj.Unit
	})

	r := &Report{Opt: opt}
	// The best earlier match of each text: the latest year, then the
	// highest score.
	best := map[*Entry]*Pair{}
	for _, m := range matches {
		e, f := entries[m.I], entries[m.J]
		p := &Pair{Score: m.Score, A: e, B: f}
		switch {
		case e.Doc.Year != f.Doc.Year:
			p.Scope = Earlier
			if e.Doc.Year < f.Doc.Year {
				p.A, p.B = f, e
			}
			if p.A.Problem != nil && p.B.Problem != nil && p.A.Problem.Thread == p.B.Problem.Thread {
				continue // declared: 延续, directly or along the thread
			}
			if b := best[p.A]; b == nil || p.B.Doc.Year > b.B.Doc.Year || p.B.Doc.Year == b.B.Doc.Year && p.Score > b.Score {
				best[p.A] = p
			}
			continue
		case orgs[e.Doc.Index] == orgs[f.Doc.Index]:
			p.Scope = Organisation
			if f.Doc.Kind != content.KindTeam && (e.Doc.Kind == content.KindTeam || e.Doc.Key < f.Doc.Key) {
				p.A, p.B = f, e
			}
		default:
			p.Scope = OtherUnit
			if e.Doc.Key < f.Doc.Key {
				p.A, p.B = f, e
			}
		}
		r.Pairs = append(r.Pairs, p)
	}
	for _, p := range best {
		r.Pairs = append(r.Pairs, p)
	}
	index := map[*Entry]int{}
	for i, e := range entries {
		index[e] = i
	}
	for _, p := range r.Pairs {
		p.SharedA, p.SharedB = x.Shared(index[p.A], index[p.B])
	}
	slices.SortFunc(r.Pairs, func(p, q *Pair) int {
		return cmp.Or(cmp.Compare(p.Year(), q.Year()), cmp.Compare(p.Scope, q.Scope), cmp.Compare(q.Score, p.Score),
			cmp.Compare(p.A.Doc.Index, q.A.Doc.Index), cmp.Compare(index[p.A], index[q.A]), cmp.Compare(index[p.B], index[q.B]))
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
