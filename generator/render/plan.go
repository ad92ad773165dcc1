package render

import (
	"encoding/binary"
	"hash/maphash"

	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/overdue"
)

// Versions identifies the inputs of a render that the archive does not
// describe by value: the version of each document's source, and one for
// the layouts and config. Fingerprints from Plan can be compared only
// between renders whose Versions come from one builder.
type Versions struct {
	Doc  func(*content.Document) uint64
	Site uint64
	// Seed seeds the fingerprints; it must be the same for renders whose
	// fingerprints are compared.
	Seed maphash.Seed
}

// Plan returns, for every file Render writes but the search index, a
// fingerprint of everything that file shows. It is computed from the same
// job list that renders the files, without rendering them: when a file's
// fingerprint is unchanged between two archives, so are its bytes.
//
// A file's own document stands in its fingerprint as the version of its
// source; what it shows of other documents' problems (titles, statuses
// year by year, threads, measures, rebounds) is hashed by value, so that
// an edit that changes none of it re-renders nothing else.
//
// A site that overrides page layouts gets nil: such a layout may show
// anything, so every page must be rendered. So does a render without
// document versions.
func (r *Renderer) Plan(v Versions) map[string]uint64 {
	if r.t.custom || v.Doc == nil {
		return nil
	}
	a := r.a
	pl := &planner{v: v,
		views: make([]memo, a.NumProblems()), briefs: make([]memo, a.NumProblems()),
		reports: make([]memo, a.NumReports()), sources: make([]memo, len(a.Docs)),
		threads: make(map[*archive.Thread]uint64, len(a.Threads)), shared: map[*int]uint64{},
		due: r.dueTable()}
	pl.site = pl.sum(func() { pl.siteInfo(r.site) })
	out := make(map[string]uint64, len(r.jobs()))
	for _, j := range r.jobs() {
		out[j.path] = pl.sum(func() {
			pl.str(j.path)
			pl.u64(pl.site)
			if j.inputs != nil {
				j.inputs(pl)
			}
		})
	}
	return out
}

// planner hashes the inputs of pages. A problem's view (everything any
// page shows of it) is hashed once and then stands for it.
type planner struct {
	h       *maphash.Hash
	free    []*maphash.Hash // hashes to reuse
	v       Versions
	site    uint64
	views   []memo // by Problem.Index
	briefs  []memo // by Problem.Index
	reports []memo // by Report.Index
	sources []memo // by Doc.Index
	threads map[*archive.Thread]uint64
	shared  map[*int]uint64 // see shared
	due     *overdue.Table
	buf     [8]byte
}

// shared returns inputs that hash what f writes once per plan, for the
// many files that show one list (the pages of a ledger, of the
// outstanding list).
func shared(f func(*planner)) func(*planner) {
	key := new(int)
	return func(pl *planner) {
		v, ok := pl.shared[key]
		if !ok {
			v = pl.sum(func() { f(pl) })
			pl.shared[key] = v
		}
		pl.u64(v)
	}
}

// memo is a hash computed once per plan.
type memo struct {
	sum uint64
	ok  bool
}

// sum hashes what f writes, on a fresh hash, and restores the one in use.
func (pl *planner) sum(f func()) uint64 {
	outer := pl.h
	if n := len(pl.free); n > 0 {
		pl.h, pl.free = pl.free[n-1], pl.free[:n-1]
		pl.h.Reset()
	} else {
		pl.h = new(maphash.Hash)
		pl.h.SetSeed(pl.v.Seed)
	}
	f()
	s := pl.h.Sum64()
	pl.free = append(pl.free, pl.h)
	pl.h = outer
	return s
}

func (pl *planner) u64(n uint64) {
	binary.LittleEndian.PutUint64(pl.buf[:], n)
	pl.h.Write(pl.buf[:])
}

func (pl *planner) int(n int) { pl.u64(uint64(n)) }

func (pl *planner) bool(b bool) {
	if b {
		pl.u64(1)
	} else {
		pl.u64(0)
	}
}

func (pl *planner) str(s string) {
	pl.int(len(s))
	pl.h.WriteString(s)
}

func (pl *planner) siteInfo(s *SiteInfo) {
	pl.u64(pl.v.Site)
	pl.str(s.Title)
	pl.str(s.Organization)
	for _, y := range s.Years {
		pl.int(y)
	}
	pl.str("units")
	for _, u := range s.Units {
		pl.str(u.Name)
		pl.str(u.Slug)
		pl.str(u.Kind)
		pl.int(len(u.Docs))
	}
	pl.str("ledgers")
	for _, y := range s.Ledgers {
		pl.int(y)
	}
}

// source writes the version of a document's source: it stands for
// everything the source alone decides.
func (pl *planner) source(d *archive.Doc) {
	m := &pl.sources[d.Index]
	if !m.ok {
		m.sum, m.ok = pl.v.Doc(d.Document), true
	}
	pl.u64(m.sum)
}

// doc writes a document's own content: its source version and what the
// archive derives from it alone.
func (pl *planner) doc(d *archive.Doc) {
	pl.source(d)
	pl.str(d.Unit.Slug)
	pl.int(len(d.Tracked))
	pl.int(len(d.Reports))
}

func (pl *planner) status(s archive.Status) {
	pl.int(int(s.Class))
	pl.bool(s.Carried)
	pl.bool(s.Inherited)
	if r := s.Report; r != nil {
		m := &pl.reports[r.Index]
		if !m.ok {
			m.sum, m.ok = pl.sum(func() {
				pl.str(r.Doc.Key)
				pl.str(r.ID)
				pl.str(r.Word)
				pl.int(r.Doc.Year)
				pl.str(r.Doc.Unit.Name)
				pl.str(r.Text)
				pl.int(int(r.Doc.Date.Unix()))
			}), true
		}
		pl.u64(m.sum)
	}
}

// brief writes what a page shows of a problem it only mentions: its
// identity, title, current status and rebound flag.
func (pl *planner) brief(p *archive.Problem) {
	m := &pl.briefs[p.Index]
	if !m.ok {
		m.sum, m.ok = pl.sum(func() { pl.briefOf(p) }), true
	}
	pl.u64(m.sum)
}

func (pl *planner) briefOf(p *archive.Problem) {
	pl.str(p.GID)
	pl.str(p.Doc.Unit.Name)
	pl.str(p.Title)
	pl.bool(p.IsGroup())
	pl.status(p.Current)
	pl.bool(p.Rebound)
	for _, q := range p.ReboundBy {
		pl.str(q.GID)
		pl.str(q.Doc.Unit.Name)
	}
	pl.overdue(p)
}

// overdue writes what the ledger knows of a problem's deadline (package
// overdue): its deadline, state, 销号 and latest report.
func (pl *planner) overdue(p *archive.Problem) {
	in := pl.due.Of(p)
	pl.int(int(in.State))
	pl.str(in.Deadline.Text)
	pl.str(in.Deadline.Format())
	for _, r := range []*archive.Report{in.Closed, in.Latest} {
		if r == nil {
			pl.str("")
			continue
		}
		pl.str(r.Doc.Key)
		pl.str(r.ID)
	}
	pl.int(int(in.ClosedDate.Unix()))
}

// problem writes a problem's view: everything any page shows of it, its
// neighbours briefly.
func (pl *planner) problem(p *archive.Problem) {
	m := &pl.views[p.Index]
	if !m.ok {
		m.sum, m.ok = pl.sum(func() {
			pl.brief(p)
			for _, c := range p.Timeline {
				pl.int(c.Year)
				pl.status(c.Status)
			}
			for _, m := range p.AllMeasures() {
				pl.str(m.Doc.Key)
				pl.str(m.ID)
				pl.str(m.Title)
				pl.str(m.Responsible)
				pl.str(m.Deadline)
				pl.str(m.Text)
			}
			pl.str("continues")
			for _, q := range p.Continues {
				pl.brief(q)
			}
			pl.str("continued by")
			for _, q := range p.ContinuedBy {
				pl.brief(q)
			}
		}), true
	}
	pl.u64(m.sum)
}

// thread writes a thread as a matrix row shows it.
func (pl *planner) thread(t *archive.Thread) {
	v, ok := pl.threads[t]
	if !ok {
		v = pl.sum(func() {
			for _, p := range t.Problems {
				pl.problem(p)
			}
		})
		pl.threads[t] = v
	}
	pl.u64(v)
}

// target writes what a reference chip shows of its target.
func (pl *planner) target(t archive.Target) {
	if t.Doc == nil {
		pl.str("broken")
		return
	}
	pl.str(t.Doc.Key)
	pl.str(t.Doc.Unit.Name)
	pl.str(t.ID)
	pl.str(t.Title)
	if t.Problem != nil {
		pl.brief(t.Problem)
	}
}
