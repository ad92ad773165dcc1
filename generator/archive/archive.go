// Package archive is the model of a whole site: it resolves references
// across documents and years, derives every problem's status year by year,
// links problems into threads and flags rebounds. Every page takes a
// problem's status from here, so that they all agree.
//
// # A problem's status in a year
//
// A problem raised in year Y (by a document of Y) has, in year Z:
//
//   - Z < Y: no status (status.None).
//   - Z = Y: new (Open); continued (Continued) if it continues an earlier
//     problem (延续 [[…]]) that was not done in Y; rebound (Rebound) if
//     that problem was done in Y.
//   - Z > Y, reported: the class of the latest report item of a year up
//     to Z that names it. A report on a group gives its status to the
//     group's items, unless an item has a report of its own at least as
//     recent (Status.Inherited). A group without reports of its own takes
//     the least advanced status of its items once all are reported.
//   - Carried over: when that report is from a year before Z, the year Z
//     itself said nothing, and the last status stands (Status.Carried);
//     pages mark it as carried wherever they show it.
//   - Z > Y, never reported: Unreported.
//
// A problem's current status (Problem.Current) is its status in the
// archive's last year. A problem continued as a rebound keeps its own
// status (what its reports said) and is flagged: Problem.ReboundBy names
// the rebounds. A thread's status in a year (Thread.Cell, one matrix cell)
// is a rebound raised that year; else what that year's reports said of the
// thread's latest earlier problem; else the state of the problem raised
// that year; else the earlier problem's carried or unreported status.
//
// # What counts count
//
// Counts of problems count tracked problems (Doc.Tracked): items, and
// groups without items. A group heading with items is not counted apart;
// its items are.
//
// # Threads and rebounds
//
// A problem that refers to a problem of an earlier year continues it; the
// problems linked this way form a thread.
//
// # Diagnostics
//
// Errors: a reference to a missing document or ID, a report or
// continuation that does not name an earlier problem. Warnings: a problem
// the same unit's documents of the next year do not report on, a report on
// a problem that was already done, a rebound, a document without problems.
//
// Resolution uses maps keyed by global ID; its cost is linear in the number
// of references. An archive is resolved in parts, the fewest units whose
// documents reference only one another, in parallel; Rebuild takes over
// the parts of a previous archive that did not change (parts.go).
package archive

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"mzshh/generator/content"
	"mzshh/generator/diag"
	"mzshh/generator/status"
)

// Archive is the resolved model of a site.
type Archive struct {
	Docs    []*Doc // by year, teams before individuals, unit, name
	Years   []int  // ascending
	Units   []*Unit
	Threads []*Thread // by their first problem

	// Problems and reports are numbered below these counts across the
	// archive (their Index), each its own number, so that later stages can
	// keep per-item data in slices. Build numbers them 0…n-1; Rebuild
	// leaves gaps (parts.go).
	problems, reports int

	docByKey map[string]*Doc
	excluded map[string]bool // documents left out of an edition (excluded.go)
	parts    []*part         // parts.go

	// Of a part resolved alone (parts.go):
	keys func() []string // every document key of the archive, sorted
}

// Doc is a document with its resolved problems and reports.
type Doc struct {
	*content.Document
	Index    int // its position in Archive.Docs
	Unit     *Unit
	Problems []*Problem
	Reports  []*Report
	Measures []*Measure
	// Tracked are the problems tracked one by one: items, and groups
	// without items. Every count of problems counts these (see the package
	// doc, "What counts count").
	Tracked []*Problem
	// Tally counts Tracked by current status class.
	Tally [status.NumClasses]int
	// RefTargets[i] is what Document.Refs[i] resolves to (nil if it does not).
	RefTargets []Target
	part       *part     // that resolved it
	threads    []*Thread // that start in it (Thread.found), in order
	years      []int     // the archive's, for Problem.Timeline
	// byID finds a problem, cause or measure of a long document by its
	// ID (findEntry); a short one is searched.
	byID map[string]Target
}

// longDoc is the number of entries above which a document's entries are
// found through a map rather than searched: references are resolved in
// time linear in their number, whatever the documents' length.
const longDoc = 64

// findEntry returns d's problem, cause or measure with the given ID. IDs
// are unique within a document (content reports a duplicate); if one is
// not, the last entry of that ID is found, the document's problems coming
// before its causes and its causes before its measures.
func (d *Doc) findEntry(id string) (Target, bool) {
	if d.byID != nil {
		t, ok := d.byID[id]
		return t, ok
	}
	for _, m := range slices.Backward(d.Measures) {
		if m.ID == id {
			return Target{Doc: d, ID: m.ID, Title: m.Title}, true
		}
	}
	for _, c := range slices.Backward(d.Causes) {
		if c.ID == id {
			return Target{Doc: d, ID: c.ID, Title: c.Title}, true
		}
	}
	for _, p := range slices.Backward(d.Problems) {
		if p.ID == id {
			return Target{Doc: d, ID: p.ID, Title: p.Title, Problem: p}, true
		}
	}
	return Target{}, false
}

// indexEntries makes byID for a long document.
func (d *Doc) indexEntries() {
	if len(d.Problems)+len(d.Causes)+len(d.Measures) <= longDoc {
		return
	}
	d.byID = make(map[string]Target, len(d.Problems)+len(d.Causes)+len(d.Measures))
	for _, p := range d.Problems {
		d.byID[p.ID] = Target{Doc: d, ID: p.ID, Title: p.Title, Problem: p}
	}
	for _, c := range d.Causes {
		d.byID[c.ID] = Target{Doc: d, ID: c.ID, Title: c.Title}
	}
	for _, m := range d.Measures {
		d.byID[m.ID] = Target{Doc: d, ID: m.ID, Title: m.Title}
	}
}

// find returns the entry ref names, if the archive holds it.
func (a *Archive) find(ref *content.Ref) (Target, bool) {
	if d := a.docByKey[ref.Doc]; d != nil {
		return d.findEntry(ref.ID)
	}
	return Target{}, false
}

// Label names the document briefly: "2021 ××镇领导班子".
func (d *Doc) Label() string { return fmt.Sprintf("%d %s", d.Year, d.Unit.Name) }

// Unit is the author of a line of documents: a team or a member.
type Unit struct {
	Name string
	Slug string // file name of the unit's page
	Kind string
	Docs []*Doc // by year
	// Threads are the threads that start in the unit's documents, in the
	// archive's order (Archive.Threads).
	Threads []*Thread
}

// Target is what a reference resolves to.
type Target struct {
	Doc     *Doc
	ID      string
	Title   string
	Problem *Problem // nil for a cause or measure
	// Excluded: the target is in a document the edition does not hold
	// (BuildExcluding); nothing else of it is known.
	Excluded bool
}

// Problem is a problem group or item with everything the archive knows
// about it.
type Problem struct {
	*content.Problem
	Doc         *Doc
	GID         string // "2021/banzi#p1-1"
	Index       int    // below Archive.NumProblems(), its own
	Group       *Problem
	Items       []*Problem
	Reports     []*Report  // reports naming it directly, oldest first
	Measures    []*Measure // measures naming it directly
	Continues   []*Problem
	ContinuedBy []*Problem
	Thread      *Thread
	continueAt  []diag.Pos // where each of Continues is named
	Rebound     bool       // it continues a problem that was done in its year
	ReboundBy   []*Problem // later problems that continue it as rebounds

	// Current is its status in the archive's last year.
	Current Status
}

// Year is the year the problem was raised.
func (p *Problem) Year() int { return p.Doc.Year }

// ShortTitle is the problem's title, shortened for links and tables.
func (p *Problem) ShortTitle() string { return content.ShortTitle(p.Title, 28) }

// AllMeasures returns the measures naming p or its group, the group's
// first. The result must not be changed; appending to it copies.
func (p *Problem) AllMeasures() []*Measure {
	switch {
	case p.Group == nil || len(p.Group.Measures) == 0:
		return slices.Clip(p.Measures)
	case len(p.Measures) == 0:
		return slices.Clip(p.Group.Measures)
	}
	return append(slices.Clip(p.Group.Measures), p.Measures...)
}

// Measure is a measure of a document.
type Measure struct {
	*content.Measure
	Doc       *Doc
	Addresses []*Problem
}

// Report is a report item with the problems it names.
type Report struct {
	*content.Report
	Doc     *Doc
	Index   int // below Archive.NumReports(), its own
	Targets []*Problem
}

// Thread is a chain of problems across years.
type Thread struct {
	ID       string     // the global ID of its first problem
	Problems []*Problem // by year, then document order
	found    *Problem   // the first of Problems in the archive's order
}

// Status is a problem's status in one year.
type Status struct {
	// Class is the status: a report class, or one of Open, Continued,
	// Rebound, Unreported (None before the problem was raised).
	Class  status.Class
	Report *Report // the report that gave it, for a report class
	// Carried is true when the report is from an earlier year: the year
	// itself had no report on the problem, and the last status stands.
	Carried bool
	// Inherited is true when the report named the group (or, for a group,
	// its items) rather than the problem itself.
	Inherited bool
}

// Label is the status in Chinese.
func (s Status) Label() string { return s.Class.Label() }

// Key is the status's ASCII name (package status).
func (s Status) Key() string { return s.Class.Key() }

// Done reports whether the status counts as rectified.
func (s Status) Done() bool { return s.Class.Done() }

// Reported reports whether a report gave the status.
func (s Status) Reported() bool { return s.Report != nil }

// Cell is a problem's status in one year.
type Cell struct {
	Year int
	Status
}

// Build resolves docs into an archive. The diagnostics hold every broken
// reference and every completeness warning.
func Build(docs []*content.Document) (*Archive, diag.List) {
	return buildArchive(docs, nil)
}

func buildArchive(docs []*content.Document, excluded map[string]bool) (*Archive, diag.List) {
	return join(nil, docs, excluded)
}

// index makes the documents, units and entries of one part (parts.go).
func (a *Archive) index(docs []*content.Document, sc *scope) {
	units := map[string]*Unit{}
	for _, cd := range docs {
		d := &Doc{Document: cd, Index: sc.pos[cd]}
		a.Docs = append(a.Docs, d)
		u := units[cd.Unit]
		if u == nil {
			u = &Unit{Name: cd.Unit, Kind: cd.Kind, Slug: sc.slugs[cd.Unit]}
			units[cd.Unit] = u
			a.Units = append(a.Units, u)
		}
		d.Unit = u
	}
	slices.SortFunc(a.Docs, func(x, y *Doc) int { return x.Index - y.Index })
	slices.SortFunc(a.Units, CompareUnits)
	for _, d := range a.Docs {
		a.docByKey[d.Key] = d
		d.Unit.Docs = append(d.Unit.Docs, d)
		var group *Problem
		for _, cp := range d.Document.Problems {
			p := &Problem{Problem: cp, Doc: d, GID: d.Key + "#" + cp.ID, Index: a.problems}
			a.problems++
			if cp.IsGroup() {
				group = p
			} else {
				p.Group = group
				group.Items = append(group.Items, p)
			}
			d.Problems = append(d.Problems, p)
		}
		for _, m := range d.Document.Measures {
			d.Measures = append(d.Measures, &Measure{Measure: m, Doc: d})
		}
		d.indexEntries()
		for _, r := range d.Document.Reports {
			d.Reports = append(d.Reports, &Report{Report: r, Doc: d, Index: a.reports})
			a.reports++
		}
		for _, p := range d.Problems {
			if len(p.Items) == 0 {
				d.Tracked = append(d.Tracked, p)
			}
		}
	}
}

// NumProblems bounds the problems' Index: each problem has its own number
// below it. It counts the problems of an archive made by Build; one made
// by Rebuild may leave numbers unused (parts.go).
func (a *Archive) NumProblems() int { return a.problems }

// NumReports bounds the report items' Index (see NumProblems).
func (a *Archive) NumReports() int { return a.reports }

// Problem returns the problem with a global ID ("2021/banzi#p1-1").
func (a *Archive) Problem(gid string) *Problem {
	key, id, _ := strings.Cut(gid, "#")
	if d := a.docByKey[key]; d != nil {
		if t, _ := d.findEntry(id); t.Problem != nil {
			return t.Problem
		}
	}
	return nil
}

func kindOrder(kind string) int {
	if kind == content.KindTeam {
		return 0
	}
	return 1
}

// slugify makes a unit name usable as a file name, keeping Chinese.
func slugify(name string) string {
	s := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|#%&{}$!'@+=`+"`", r) || r <= ' ' || r == '　' {
			return '-'
		}
		return r
	}, name)
	s = strings.Trim(s, "-.")
	if s == "" {
		s = "unit"
	}
	return s
}

// lookup resolves ref, reporting what is wrong with it.
func (a *Archive) lookup(ref *content.Ref, diags *diag.List) (Target, bool) {
	if t, ok := a.find(ref); ok {
		return t, true
	}
	if a.excluded[ref.Doc] {
		return Target{Excluded: true}, true
	}
	d := a.docByKey[ref.Doc]
	if d == nil {
		msg := fmt.Sprintf("reference [[%s]]: there is no document %s (content/%s.md)", ref.Raw, ref.Doc, ref.Doc)
		if s := content.Nearest(ref.Doc, a.keys()); s != "" {
			msg += fmt.Sprintf("; did you mean %s?", s)
		}
		diags.Errorf(ref.Pos, "%s", msg)
		return Target{}, false
	}
	var ids []string
	for _, p := range d.Problems {
		ids = append(ids, p.ID)
	}
	msg := fmt.Sprintf("reference [[%s]]: %s has no problem %s", ref.Raw, ref.Doc, ref.ID)
	if s := content.Nearest(ref.ID, ids); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	} else if len(ids) > 0 {
		msg += "; its problems are " + strings.Join(ids, ", ")
	}
	diags.Errorf(ref.Pos, "%s", msg)
	return Target{}, false
}

// resolve links every reference to its target.
func (a *Archive) resolve(diags *diag.List) {
	for _, d := range a.Docs {
		d.RefTargets = make([]Target, len(d.Refs))
		for i, ref := range d.Refs {
			if ref == nil {
				continue
			}
			if t, ok := a.lookup(ref, diags); ok {
				d.RefTargets[i] = t
			}
		}
		target := func(ref *content.Ref, role string) *Problem {
			t, _ := a.find(ref)
			if t.Doc == nil {
				return nil // reported above
			}
			if t.Problem == nil {
				diags.Errorf(ref.Pos, "%s [[%s]] must name a problem, not a cause or measure", role, ref.Raw)
			}
			return t.Problem
		}
		for _, r := range d.Reports {
			for _, ref := range r.Refs {
				p := target(ref, "report item")
				if p == nil {
					continue
				}
				if p.Year() >= d.Year {
					diags.Errorf(ref.Pos, "report item [[%s]]: a report can only name problems of earlier years; %s is from %d", ref.Raw, p.GID, p.Year())
					continue
				}
				r.Targets = append(r.Targets, p)
				p.Reports = append(p.Reports, r)
			}
		}
		for _, m := range d.Measures {
			for _, ref := range m.Measure.Addresses {
				if p := target(ref, "measure"); p != nil {
					m.address(p)
				}
			}
		}
		for _, p := range d.Problems {
			for _, ref := range p.Problem.Continues {
				q := target(ref, "continuation")
				if q == nil {
					continue
				}
				if q.Year() >= d.Year {
					diags.Errorf(ref.Pos, "problem %s refers to %s of %d: a problem can only continue a problem of an earlier year", p.ID, q.GID, q.Year())
					continue
				}
				p.Continues = append(p.Continues, q)
				p.continueAt = append(p.continueAt, ref.Pos)
				q.ContinuedBy = append(q.ContinuedBy, p)
			}
		}
	}
	for _, d := range a.Docs {
		for _, p := range d.Problems {
			slices.SortStableFunc(p.Reports, func(x, y *Report) int { return cmp.Compare(x.Doc.Year, y.Doc.Year) })
		}
	}
}

// address records that m addresses p.
func (m *Measure) address(p *Problem) {
	m.Addresses = append(m.Addresses, p)
	p.Measures = append(p.Measures, m)
}
