package render

import (
	"cmp"
	"encoding/binary"
	"hash/maphash"
	"slices"
	"time"

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
	// Memo, when not nil, keeps what a plan hashed of problems, reports
	// and threads for the next plan with the same Memo, which takes it
	// over for those that are the very same objects (archive.Rebuild keeps
	// the parts it did not resolve again). Plans with one Memo must not
	// run at the same time.
	Memo *PlanMemo
}

// PlanMemo keeps fingerprints between plans (Versions.Memo). What a plan
// hashes of a problem, report or thread depends only on the objects of
// its part of the archive, which are never changed, and on the overdue
// table's as-of date; each entry is kept with the object it is of, and
// taken over only for that object.
type PlanMemo struct {
	asOf    time.Time
	seed    maphash.Seed
	views   []memo[*archive.Problem] // by Problem.Index
	briefs  []memo[*archive.Problem] // by Problem.Index
	rows    []memo[*archive.Problem] // ledger rows, by Problem.Index
	reports []memo[*archive.Report]  // by Report.Index
	threads []memo[*archive.Thread]  // by the Index of the thread's first problem
	// What pages hash of one document or unit, by Doc.Index (a unit's
	// first document's).
	docs  [numDocViews][]memo[*archive.Doc]
	units []memo[*archive.Unit]
}

// docView names what a kind of page hashes of each document it shows.
type docView int

const (
	docPage        docView = iota // the document's own page
	docProblems                   // the document and its problems' views (home)
	docBriefs                     // the document, its tracked problems and those its reports name, briefly (year)
	docStats                      // the document's key and unit, its tracked problems briefly (statistics)
	docCompiled                   // the document as a 汇编 volume holds it
	docRows                       // its ledger rows (ledgerRow of each tracked problem)
	docOutstanding                // its tracked problems not done (problem of each)
	numDocViews
)

// perDoc writes what f hashes of d for a kind of page, once per d.
func (pl *planner) perDoc(kind docView, d *archive.Doc, f func()) {
	memoized(pl, &pl.docs[kind][d.Index], d, f)
}

// docRun is the run of a list in document order (a ledger's rows, the
// outstanding problems) that one document gives: items from to to-1.
type docRun struct {
	doc      *archive.Doc
	from, to int
}

// appendRun extends runs by the n items of d that follow them.
func appendRun(runs []docRun, d *archive.Doc, n int) []docRun {
	if n == 0 {
		return runs
	}
	from := 0
	if len(runs) > 0 {
		from = runs[len(runs)-1].to
	}
	return append(runs, docRun{d, from, from + n})
}

// span writes the items lo to hi-1 of a list made of runs: a document all
// of whose items lie in the range as one hash of kind kept with it (whole
// writes its items), the items of a document the range cuts one by one
// (item writes document d's k-th). A page of a county's ledger thus
// hashes a few hundred documents, not thousands of rows.
func (pl *planner) span(kind docView, runs []docRun, lo, hi int, whole func(*archive.Doc), item func(d *archive.Doc, k int)) {
	pl.int(lo)
	pl.int(hi)
	i, _ := slices.BinarySearchFunc(runs, lo, func(r docRun, lo int) int { return cmp.Compare(r.to, lo+1) })
	for ; i < len(runs) && runs[i].from < hi; i++ {
		r := runs[i]
		if lo <= r.from && r.to <= hi {
			pl.perDoc(kind, r.doc, func() { whole(r.doc) })
			continue
		}
		for j := max(r.from, lo); j < min(r.to, hi); j++ {
			item(r.doc, j-r.from)
		}
	}
}

// take prepares m for a plan of a, dropping everything when the as-of
// date or seed differs from the last plan's.
func (m *PlanMemo) take(a *archive.Archive, asOf time.Time, seed maphash.Seed) {
	if !m.asOf.Equal(asOf) || m.seed != seed {
		*m = PlanMemo{asOf: asOf, seed: seed}
	}
	m.views = grow(m.views, a.NumProblems())
	m.briefs = grow(m.briefs, a.NumProblems())
	m.rows = grow(m.rows, a.NumProblems())
	m.threads = grow(m.threads, a.NumProblems())
	m.reports = grow(m.reports, a.NumReports())
	for k := range m.docs {
		m.docs[k] = grow(m.docs[k], len(a.Docs))
	}
	m.units = grow(m.units, len(a.Docs))
}

func grow[T any](s []T, n int) []T {
	if len(s) >= n {
		return s[:n]
	}
	return append(s, make([]T, n-len(s))...)
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
	m := v.Memo
	if m == nil {
		m = new(PlanMemo)
	}
	due := r.dueTable()
	m.take(a, due.AsOf, v.Seed)
	pl := &planner{v: v, PlanMemo: m, sources: make([]uint64, len(a.Docs)),
		shared: map[*int]uint64{}, due: due}
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
	*PlanMemo
	h       *maphash.Hash
	free    []*maphash.Hash // hashes to reuse
	v       Versions
	site    uint64
	sources []uint64        // by Doc.Index, 0 until known
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

// memo is a hash kept with the object it is of.
type memo[T comparable] struct {
	of  T
	sum uint64
}

// memoized writes the hash of x kept in m, computing it with f the first
// time.
func memoized[T comparable](pl *planner, m *memo[T], x T, f func()) {
	if m.of != x {
		m.sum, m.of = pl.sum(f), x
	}
	pl.u64(m.sum)
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
	v := &pl.sources[d.Index]
	if *v == 0 {
		*v = pl.v.Doc(d.Document)
	}
	pl.u64(*v)
}

// doc writes a document's own content: its source version and what the
// archive derives from it alone.
func (pl *planner) doc(d *archive.Doc) {
	pl.source(d)
	pl.str(d.Unit.Slug)
	pl.int(len(d.Tracked))
	pl.int(len(d.Reports))
}

// listing writes what a list of documents shows of one (the doclist
// partial, the year page's report list): its key, year, title, unit, kind
// and counts, and its report items, but not its text.
func (pl *planner) listing(d *archive.Doc) {
	pl.str(d.Key)
	pl.int(d.Year)
	pl.str(d.Title)
	pl.str(d.Unit.Name)
	pl.str(d.Unit.Slug)
	pl.str(d.Kind)
	pl.int(len(d.Tracked))
	pl.int(len(d.Reports))
	for _, r := range d.Reports {
		pl.str(r.ID)
		pl.str(r.Word)
		pl.int(int(r.Class))
	}
}

func (pl *planner) status(s archive.Status) {
	pl.int(int(s.Class))
	pl.bool(s.Carried)
	pl.bool(s.Inherited)
	if r := s.Report; r != nil {
		memoized(pl, &pl.reports[r.Index], r, func() {
			pl.str(r.Doc.Key)
			pl.str(r.ID)
			pl.str(r.Word)
			pl.int(r.Doc.Year)
			pl.str(r.Doc.Unit.Name)
			pl.str(r.Text)
			pl.int(int(r.Doc.Date.Unix()))
		})
	}
}

// brief writes what a page shows of a problem it only mentions: its
// identity, title, current status and rebound flag.
func (pl *planner) brief(p *archive.Problem) {
	memoized(pl, &pl.briefs[p.Index], p, func() { pl.briefOf(p) })
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
	memoized(pl, &pl.views[p.Index], p, func() {
		pl.brief(p)
		var cells [archive.TimelineCap]archive.Cell
		for _, c := range p.Timeline(cells[:0]) {
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
	})
}

// outstandingDoc writes a document's problems that the outstanding list
// shows (openTracked).
func (pl *planner) outstandingDoc(d *archive.Doc) {
	for p := range openTracked(d) {
		pl.problem(p)
	}
}

// thread writes a thread as a matrix row shows it.
func (pl *planner) thread(t *archive.Thread) {
	memoized(pl, &pl.threads[t.Problems[0].Index], t, func() {
		for _, p := range t.Problems {
			pl.problem(p)
		}
	})
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
