package archive

import (
	"slices"

	"mzshh/generator/content"
	"mzshh/generator/diag"
	"mzshh/generator/status"
)

// direct returns the latest report naming p itself in a year up to year.
// When two reports of that year disagree (reported as a warning), the
// least advanced one counts.
func direct(p *Problem, year int) *Report {
	var latest *Report
	for _, r := range p.Reports {
		if r.Doc.Year > year {
			break
		}
		if latest == nil || r.Doc.Year > latest.Doc.Year || r.Class < latest.Class {
			latest = r
		}
	}
	return latest
}

// contradictions warns about problems that two report items of one year
// give different statuses.
func (a *Archive) contradictions(diags *diag.List) {
	for _, d := range a.Docs {
		for _, p := range d.Problems {
			for i := 1; i < len(p.Reports); i++ {
				r, prev := p.Reports[i], p.Reports[i-1]
				if r.Doc.Year == prev.Doc.Year && r.Class != prev.Class {
					diags.Warnf(r.Pos, "contradictory statuses for %s in %d: 【%s】 here, 【%s】 in %s (%s:%d); the less advanced one, %s, counts",
						p.GID, r.Doc.Year, r.Word, prev.Word, prev.Doc.Key, prev.Pos.Path, prev.Pos.Line, min(r.Class, prev.Class).Label())
				}
			}
		}
	}
}

// StatusAt returns p's status in year.
func (p *Problem) StatusAt(year int) Status {
	switch {
	case year < p.Year():
		return Status{}
	case year == p.Year():
		if p.Rebound {
			return Status{Class: status.Rebound}
		}
		if len(p.Continues) > 0 {
			return Status{Class: status.Continued}
		}
		return Status{Class: status.Open}
	}
	r, inherited := direct(p, year), false
	if p.Group != nil {
		// The group's report counts unless the item's own is as recent.
		if g := direct(p.Group, year); g != nil && (r == nil || g.Doc.Year > r.Doc.Year) {
			r, inherited = g, true
		}
	}
	if r != nil {
		return Status{Class: r.Class, Report: r, Carried: r.Doc.Year < year, Inherited: inherited}
	}
	if len(p.Items) > 0 {
		return itemsStatus(p.Items, year)
	}
	return Status{Class: status.Unreported}
}

// itemsStatus is a group's status from its items: the least advanced one,
// once every item has been reported on.
func itemsStatus(items []*Problem, year int) Status {
	var worst Status
	latest := 0
	for i, it := range items {
		s := it.StatusAt(year)
		if !s.Reported() {
			return Status{Class: status.Unreported}
		}
		if i == 0 || s.Class < worst.Class {
			worst = s
		}
		latest = max(latest, s.Report.Doc.Year)
	}
	worst.Inherited = true
	worst.Carried = latest < year
	return worst
}

// derive fills every problem's current status.
func (a *Archive) derive() {
	last := 0
	if len(a.Years) > 0 {
		last = a.Years[len(a.Years)-1]
	}
	for _, d := range a.Docs {
		d.years = a.Years
		for _, p := range d.Problems {
			p.Current = p.StatusAt(last)
		}
	}
}

// TimelineCap is a size for the buffers callers pass to Timeline: years
// enough for most archives, in an array that stays on the stack.
const TimelineCap = 24

// Timeline appends to cells the problem's status in each archive year
// after its own, oldest first, and returns the extended slice. It is
// worked out when asked rather than kept (a county's archive would hold
// some 60 MB of timelines); callers pass a buffer of their own, such as
// an array on the stack.
func (p *Problem) Timeline(cells []Cell) []Cell {
	years := p.Doc.years
	i, found := slices.BinarySearch(years, p.Year())
	if found {
		i++
	}
	for _, y := range years[i:] {
		cells = append(cells, Cell{Year: y, Status: p.StatusAt(y)})
	}
	return cells
}

// thread links problems into threads along their continuations and marks
// rebounds.
func (a *Archive) thread(diags *diag.List) {
	for _, d := range a.Docs {
		for _, p := range d.Problems {
			if p.Thread != nil {
				continue
			}
			t := &Thread{ID: p.GID, found: p}
			// Every problem reachable through continuations in either
			// direction belongs to the thread.
			stack := []*Problem{p}
			p.Thread = t
			for len(stack) > 0 {
				q := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				t.Problems = append(t.Problems, q)
				for _, n := range slices.Concat(q.Continues, q.ContinuedBy) {
					if n.Thread == nil {
						n.Thread = t
						stack = append(stack, n)
					}
				}
			}
			// By year; within a year in the order found (a stable sort).
			if len(t.Problems) > 1 {
				slices.SortStableFunc(t.Problems, func(x, y *Problem) int { return x.Year() - y.Year() })
			}
			t.ID = t.Problems[0].GID
			a.Threads = append(a.Threads, t)
			d.threads = append(d.threads, t)
		}
	}
	// Rebounds, in year order so that a rebound's own status is known
	// before a later problem continues it.
	for _, d := range a.Docs {
		for _, p := range d.Problems {
			for i, q := range p.Continues {
				s := q.StatusAt(p.Year())
				if !s.Done() {
					continue
				}
				p.Rebound = true
				q.ReboundBy = append(q.ReboundBy, p)
				diags.Warnf(p.continueAt[i], "rebound: %s continues %s, which %s reported done (%s)", p.GID, q.GID, s.Report.Doc.Key, s.Report.Word)
			}
		}
	}
	a.derive()
}

// Cell returns the thread's status in year and the problem it is about:
// a rebound raised that year; else what that year's reports said of the
// thread's latest earlier problem, if they said anything; else the state
// of a problem of the thread raised that year (new, continued); else the
// latest earlier problem's status, carried over or unreported.
func (t *Thread) Cell(year int) (Status, *Problem) {
	var earlier, raised *Problem
	for _, p := range t.Problems {
		switch {
		case p.Year() == year && raised == nil:
			raised = p
		case p.Year() < year:
			earlier = p
		}
	}
	if raised != nil && raised.Rebound {
		return raised.StatusAt(year), raised
	}
	if earlier != nil {
		if s := earlier.StatusAt(year); s.Reported() && !s.Carried || raised == nil {
			return s, earlier
		}
	}
	if raised != nil {
		return raised.StatusAt(year), raised
	}
	return Status{}, nil
}

// check reports completeness and consistency warnings.
func (a *Archive) check(diags *diag.List) {
	for _, d := range a.Docs {
		hasProblems := false
		for _, s := range d.Sections {
			hasProblems = hasProblems || s.Kind == content.SectionProblems
		}
		if !hasProblems {
			diags.Warnf(diag.Pos{Path: d.Path, Line: 1, Col: 1}, "the document has no problems section (a ## heading with 存在的主要问题 or 问题)")
		}
		for _, r := range d.Reports {
			for _, p := range r.Targets {
				if prev := p.StatusAt(d.Year - 1); prev.Done() && prev.Report != nil && prev.Report.Doc.Year < d.Year {
					diags.Warnf(r.Pos, "report on %s, which %s already reported done", p.GID, prev.Report.Doc.Key)
				}
			}
		}
	}
	// Completeness: the unit's next-year documents must report on every
	// problem, directly or through its group or items.
	for _, d := range a.Docs {
		next := false
		for _, o := range d.Unit.Docs {
			next = next || o.Year == d.Year+1
		}
		if !next {
			continue
		}
		reportedBy := func(p *Problem) bool {
			for _, r := range p.Reports {
				if r.Doc.Year == d.Year+1 && r.Doc.Unit == d.Unit {
					return true
				}
			}
			return false
		}
		for _, p := range d.Problems {
			covered := reportedBy(p) || (p.Group != nil && reportedBy(p.Group))
			if covered || (len(p.Items) > 0) {
				continue
			}
			if p.StatusAt(d.Year + 1).Done() {
				continue // done by a report of the same year, from elsewhere
			}
			diags.Warnf(p.Pos, "not reported: no %d document of %s reports on %s; add a report item such as 【整改中】[[%s]] to its report section", d.Year+1, d.Unit.Name, p.GID, p.GID)
		}
	}
}
