// Package overdue decides, for every tracked problem of an archive, its
// deadline, whether it is past that deadline and open, and when it was
// closed (销号), as of one date.
//
// # Deadlines
//
// A problem's deadline is the latest dated 整改时限 of the measures that
// address it or its group (package deadline reads the text, against the
// date of the measure's document). Without a dated one it has none: 长期坚持
// and 立行立改 give no date, and a text that cannot be read is kept and
// warned about at its line and column.
//
// # Dates of reports
//
// Reports come once a year, so a report's date — its document's date — is
// only an upper bound on when the work it reports was finished. A document
// without a date in its front matter is taken as of 1 January of the year
// after its own (the meeting on year Y is held by early Y+1); forms
// without a year in its 整改时限 are read against the same date.
//
// # The rule
//
//   - A problem is overdue when the first report dated after its deadline
//     does not put it in a done class (已整改 and its words).
//   - A problem that no report dated after its deadline has covered yet is
//     overdue when its deadline is before the as-of date and it is not done.
//   - A problem is closed late (逾期完成) when it was overdue and a later
//     report marks it done.
//   - Its 销号 is the first report that marks it done: the year and date of
//     that report's document.
//
// Only reports dated on or before the as-of date count for the state;
// 销号 and the latest report look at every report. The as-of date is
// given (config as_of, flag --as-of) or, by default, the date of the
// newest document (DefaultAsOf); it never comes from the clock, so the
// same sources build the same site.
//
// Compute is linear in the number of problems, measures and timeline
// cells; each distinct 整改时限 text is parsed once per document date.
package overdue

import (
	"fmt"
	"iter"
	"time"

	"mzshh/generator/archive"
	"mzshh/generator/deadline"
	"mzshh/generator/diag"
)

// Rule is the rule above in one line, for the pages that show it.
const Rule = "超期：整改时限过后的第一次报告仍未标为已整改，或时限已过、尚无此后的报告且未整改；逾期完成：超期后又报告已整改。报告按所在材料的日期计，只是完成时间的上限。"

// State is a problem's standing against its deadline.
type State uint8

const (
	// NoDeadline: no dated 整改时限 (none, 长期坚持, 立行立改, unreadable).
	NoDeadline State = iota
	// NotDue: open, and its deadline is not past as of the as-of date.
	NotDue
	// OnTime: done by the first report after its deadline, or before.
	OnTime
	// Overdue: past its deadline and still not done.
	Overdue
	// ClosedLate: it was overdue, and a later report marks it done.
	ClosedLate
	numStates
)

// Label is the state as the ledger's 是否超期 column shows it.
func (s State) Label() string {
	return [...]string{"无固定时限", "未到期", "按期完成", "超期", "逾期完成"}[s]
}

// Key is the state's ASCII name, for CSS classes and data attributes.
func (s State) Key() string {
	return [...]string{"none", "notdue", "ontime", "overdue", "late"}[s]
}

// Flagged reports whether pages flag the state: overdue or closed late.
func (s State) Flagged() bool { return s == Overdue || s == ClosedLate }

// Info is what the archive's reports say of one problem's deadline.
type Info struct {
	// Deadline is the problem's deadline: the latest dated one of its
	// measures, else the first of its measures' texts.
	Deadline deadline.Deadline
	State    State
	// Closed is the first report that marks the problem done (销号), with
	// its document's date; nil while it is not done.
	Closed     *archive.Report
	ClosedDate time.Time
	// Latest is the latest report item that gave the problem its status
	// in a year (naming it, its group or, for a group, its items); nil
	// without one. Closed and Latest look at every report; State only at
	// those up to the as-of date.
	Latest *archive.Report
	// known is the latest status reported up to the as-of date, for
	// messages; the zero Status when none was.
	known archive.Status
}

// Table holds the Info of every problem of an archive.
type Table struct {
	AsOf time.Time
	docs []docInfos // by Doc.Index
}

// docInfos are the Info of one document's problems and its warnings. They
// are never changed once computed, so that a table computed from a
// previous one (ComputeFrom) shares those of the documents it keeps.
type docInfos struct {
	doc   *archive.Doc
	first int    // the Index of doc's first problem
	infos []Info // by Problem.Index - first
	diags diag.List
	tally Tally
}

// Tally counts a document's tracked problems by state.
type Tally struct {
	States [numStates]int
	// OpenOverdue counts those overdue and not done (archive.Status.Done):
	// the outstanding list's overdue problems.
	OpenOverdue int
}

// TallyOf returns d's Tally; the zero Tally for a document of another
// archive.
func (t *Table) TallyOf(d *archive.Doc) Tally {
	if t == nil || d.Index >= len(t.docs) || t.docs[d.Index].doc != d {
		return Tally{}
	}
	return t.docs[d.Index].tally
}

// Of returns p's Info; the zero Info for a problem of another archive.
func (t *Table) Of(p *archive.Problem) *Info {
	if t == nil || p.Doc.Index >= len(t.docs) {
		return &Info{}
	}
	di := &t.docs[p.Doc.Index]
	if di.doc != p.Doc {
		return &Info{}
	}
	return &di.infos[p.Index-di.first]
}

// Diagnostics are the warnings: every 整改时限 that cannot be read, every
// open overdue problem.
func (t *Table) Diagnostics() diag.List {
	var out diag.List
	for _, l := range t.DocDiagnostics() {
		out = append(out, l...)
	}
	return out
}

// DocDiagnostics yields each document's path and the warnings about its
// problems and measures, in the archive's order of documents. A table
// computed from a previous one (ComputeFrom) yields the very same list for
// each document it took over, so a caller can tell what changed by
// identity. The list must not be changed.
func (t *Table) DocDiagnostics() iter.Seq2[string, diag.List] {
	return func(yield func(string, diag.List) bool) {
		if t == nil {
			return
		}
		for _, d := range t.docs {
			if !yield(d.doc.Path, d.diags) {
				return
			}
		}
	}
}

// DocDate is d's date: its front matter's, else 1 January of the year
// after its own.
func DocDate(d *archive.Doc) time.Time {
	if !d.Date.IsZero() {
		return time.Date(d.Date.Year(), d.Date.Month(), d.Date.Day(), 0, 0, 0, 0, time.UTC)
	}
	return time.Date(d.Year+1, 1, 1, 0, 0, 0, 0, time.UTC)
}

// DefaultAsOf is the date of the newest document (DocDate), or the zero
// time for an empty archive.
func DefaultAsOf(a *archive.Archive) time.Time {
	// Compared as numbers, and made a time once: a county's archive has
	// ten thousand documents, and a preview's update asks each time.
	var newest *archive.Doc
	best := 0
	for _, d := range a.Docs {
		y, m, day := d.Year+1, time.January, 1
		if !d.Date.IsZero() {
			y, m, day = d.Date.Date()
		}
		if n := y*10000 + int(m)*100 + day; n > best {
			newest, best = d, n
		}
	}
	if newest == nil {
		return time.Time{}
	}
	return DocDate(newest)
}

type parseKey struct {
	text string
	ref  time.Time
}

// Compute decides every problem's Info as of asOf (DefaultAsOf when zero).
func Compute(a *archive.Archive, asOf time.Time) *Table {
	return ComputeFrom(nil, a, asOf)
}

// ComputeFrom is Compute, taking from prev (a table of an archive a was
// rebuilt from, or nil) the Info of every document a took over as it was
// (archive.Rebuild): a problem's Info depends only on its own part of the
// archive and on the as-of date.
func ComputeFrom(prev *Table, a *archive.Archive, asOf time.Time) *Table {
	if asOf.IsZero() {
		asOf = DefaultAsOf(a)
	}
	if prev != nil && !prev.AsOf.Equal(asOf) {
		prev = nil
	}
	t := &Table{AsOf: asOf, docs: make([]docInfos, len(a.Docs))}
	parsed := map[parseKey]deadline.Deadline{}
	parse := func(m *archive.Measure) deadline.Deadline {
		k := parseKey{m.Deadline, DocDate(m.Doc)}
		d, ok := parsed[k]
		if !ok {
			d = deadline.Parse(k.text, k.ref)
			parsed[k] = d
		}
		return d
	}
	for i, d := range a.Docs {
		if prev != nil && i < len(prev.docs) && prev.docs[i].doc == d {
			t.docs[i] = prev.docs[i]
			continue
		}
		di := &t.docs[i]
		di.doc, di.infos = d, make([]Info, len(d.Problems))
		if len(d.Problems) > 0 {
			di.first = d.Problems[0].Index
		}
		for _, m := range d.Measures {
			if dl := parse(m); dl.Kind == deadline.Unknown {
				di.diags.Warnf(m.DeadlinePos, "cannot read the 整改时限 %q as a date; write it as 2023年6月底, 2023年6月30日前, 年底前, 一季度 or 长期坚持 (it is kept as written, and the problems of %s are not checked for being overdue)", m.Deadline, m.ID)
			}
		}
		for _, p := range d.Tracked {
			in := &di.infos[p.Index-di.first]
			for _, m := range p.AllMeasures() {
				dl := parse(m)
				switch {
				case dl.Kind == deadline.Dated && (in.Deadline.Kind != deadline.Dated || dl.Date.After(in.Deadline.Date)):
					in.Deadline = dl
				case in.Deadline.Kind == deadline.Empty:
					in.Deadline = dl
				}
			}
			t.decide(p, in)
			di.tally.States[in.State]++
			if in.State == Overdue && !p.Current.Done() {
				di.tally.OpenOverdue++
			}
			if in.State == Overdue {
				di.diags.Warnf(p.Pos, "overdue: %s was due %s (整改时限 %s) and is %s as of %s; report its rectification, or correct the deadline",
					p.GID, in.Deadline.Format(), in.Deadline.Text, statusWord(in.known), asOf.Format(time.DateOnly))
			}
		}
	}
	return t
}

// statusWord names the status a report gave, or says that none did.
func statusWord(s archive.Status) string {
	if s.Report != nil {
		return fmt.Sprintf("【%s】 (%s)", s.Report.Word, s.Report.Doc.Key)
	}
	return "not yet reported on"
}

// decide applies the rule of the package doc to p.
func (t *Table) decide(p *archive.Problem, in *Info) {
	due := in.Deadline.Kind == deadline.Dated
	firstAfter := State(0)
	var closedBy time.Time // the first done report up to the as-of date
	var cells [archive.TimelineCap]archive.Cell
	for _, c := range p.Timeline(cells[:0]) {
		r := c.Report
		if r == nil || c.Carried {
			continue // nothing reported that year
		}
		date := DocDate(r.Doc)
		in.Latest = r
		done := c.Done()
		if done && in.Closed == nil {
			in.Closed, in.ClosedDate = r, date
		}
		if date.After(t.AsOf) {
			continue // reported after the as-of date: not known then
		}
		in.known = c.Status
		if done && closedBy.IsZero() {
			closedBy = date
		}
		if !due {
			continue
		}
		switch {
		case firstAfter == 0 && date.After(in.Deadline.Date):
			if done {
				firstAfter = OnTime
			} else {
				firstAfter = Overdue
			}
		case firstAfter == Overdue && done:
			firstAfter = ClosedLate
		}
	}
	switch {
	case !due:
		in.State = NoDeadline
	case firstAfter != 0:
		in.State = firstAfter
	case !closedBy.IsZero():
		in.State = OnTime // done before its deadline, nothing reported since
	case in.Deadline.Date.Before(t.AsOf):
		in.State = Overdue
	default:
		in.State = NotDue
	}
}
