// Package render turns a resolved archive into the pages of the site:
// home (with the status matrix), a page per year, unit and document, the
// rectification ledger per year (HTML and CSV), and the outstanding list.
//
// Pages are made with html/template layouts (see LoadTemplates for the
// lookup rule). Every internal link is relative and points at an explicit
// file, so the site works under any sub-path and from file://. Pages are
// rendered in parallel and written through an Output.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"iter"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/diag"
	"mzshh/generator/output"
	"mzshh/generator/overdue"
	"mzshh/generator/similar"
	"mzshh/generator/status"
)

// SiteInfo is the site-wide data every page gets.
type SiteInfo struct {
	Title        string
	Organization string
	Years        []int
	Units        []*archive.Unit
	Ledgers      []int // years that have a ledger
}

// Page is what a page template receives. Fields not used by a page kind
// are zero.
type Page struct {
	Site  *SiteInfo
	Kind  string
	Path  string // relative to the site root
	Root  string // relative prefix back to the site root: "", "../"
	Title string

	Docs   []*archive.Doc
	Doc    *archive.Doc
	Year   int
	Unit   *archive.Unit
	Counts []StatusCount
	Matrix *Matrix
	// The generated parts, Body, MatrixHTML and RowsHTML, are methods.
	Rows     []LedgerRow
	Problems []*archive.Problem
	// RowYears and RowUnits are the years and units of the problems a
	// page lists (outstanding), in the site's order: what its filter
	// offers. A page of a long list offers what it shows, not every unit
	// of a province.
	RowYears []int
	RowUnits []*archive.Unit
	// PagesIndex is the script that says which pages of a long
	// outstanding list hold each year's and unit's rows
	// (outstanding-pages.js); "" for a list of one page.
	PagesIndex string
	Reports    []*archive.Report
	Total      int // problems counted in Counts
	// Units summarises every unit (home page), unless UnitsOmitted: a
	// province's thousands of units are listed by the statistics page.
	Units        []UnitSummary
	UnitsOmitted bool
	// DocCount is the number of documents; the home page lists them only
	// when there are few (Docs is then set).
	DocCount int
	// MatrixOmitted is set when the archive is too large for one matrix
	// on the home page; each unit's page has its own.
	MatrixOmitted bool
	// Ledger says how overdue problems are counted (ledger, outstanding
	// and statistics pages).
	Ledger *LedgerInfo
	// Stats is the statistics page's tables and charts.
	Stats *Stats
	// Pager links the pages of a list split into several.
	Pager Pager
	// SimilarPairs counts the year's 雷同 pairs (year page).
	SimilarPairs int

	err   error // set while filling the page
	parts parts // Body, MatrixHTML and RowsHTML (see parts)
}

// Body is a document's body or a 汇编 volume's materials. It is written
// by Go straight into the page where the layout prints it (see parts).
func (p *Page) Body() template.HTML { return p.parts.get(partBody) }

// MatrixHTML is Matrix as a table (see writeMatrix), written as Body is.
func (p *Page) MatrixHTML() template.HTML { return p.parts.get(partMatrix) }

// RowsHTML is the table rows of a ledger, outstanding or 雷同 page (see
// writeLedgerRows, writeOutstandingRows, writeSimilar), written as Body
// is.
func (p *Page) RowsHTML() template.HTML { return p.parts.get(partRows) }

// UnitSummary is a unit's line on the home page.
type UnitSummary struct {
	Unit   *archive.Unit
	Counts map[string]int // by status key
	Total  int
}

// Pager links the pages of a list split into several (pagerFor); it is
// empty for a list of one page.
type Pager []PageLink

// Pages is the number of pages of the list: the last link's.
func (p Pager) Pages() int {
	if len(p) == 0 {
		return 0
	}
	return p[len(p)-1].N
}

// PageLink is one page of a split list.
type PageLink struct {
	N       int
	Path    string // relative to the site root
	Current bool
	// Gap: pages between the previous link and this one are not linked.
	Gap bool
}

// Limits that keep every page small at county scale.
const (
	homeMatrixRows = 400  // more threads than this: the matrix is per unit only
	homeDocRows    = 300  // more documents than this: the year pages list them
	homeUnitRows   = 300  // more units than this: the statistics page lists them
	rowsPerPage    = 1000 // ledger and outstanding rows per page
	pagerAll       = 12   // lists of up to this many pages link every page
)

// yearsAndUnits returns the distinct years and units of problems, in the
// site's order.
func yearsAndUnits(problems []*archive.Problem) ([]int, []*archive.Unit) {
	var years []int
	var units []*archive.Unit
	for _, p := range problems {
		// Lists run document by document: skip the repeats cheaply.
		if n := len(years); n == 0 || years[n-1] != p.Doc.Year {
			years = append(years, p.Doc.Year)
		}
		if n := len(units); n == 0 || units[n-1] != p.Doc.Unit {
			units = append(units, p.Doc.Unit)
		}
	}
	slices.Sort(years)
	slices.SortFunc(units, archive.CompareUnits)
	return slices.Compact(years), slices.Compact(units)
}

// pagePath is the path of page n (1-based) of a list whose first page is
// first: "ledger/2021.html", "ledger/2021-2.html".
func pagePath(first string, n int) string {
	if n == 1 {
		return first
	}
	return strings.TrimSuffix(first, ".html") + "-" + strconv.Itoa(n) + ".html"
}

// paginate splits n rows into pages of rowsPerPage and returns, for each
// page, its row range and its pager.
func paginate(first string, n int) (ranges [][2]int, pagers []Pager) {
	pages := max(1, (n+rowsPerPage-1)/rowsPerPage)
	for i := range pages {
		ranges = append(ranges, [2]int{i * rowsPerPage, min(n, (i+1)*rowsPerPage)})
		pagers = append(pagers, pagerFor(first, pages, i+1))
	}
	return ranges, pagers
}

// pagerFor is the pager of page current (1-based) of a list of pages
// pages whose first page is first; nil for a single page. A list of up to
// pagerAll pages links every page. A longer one links the first and the
// last page, the two on either side of the current one, and the round
// tens, hundreds, … around it, so that any page is a few clicks away
// while each pager stays a few dozen links long: a pager of every page
// would make a province's outstanding list, a thousand pages, a million
// links.
func pagerFor(first string, pages, current int) Pager {
	if pages <= 1 {
		return nil
	}
	var ns []int
	if pages <= pagerAll {
		for n := 1; n <= pages; n++ {
			ns = append(ns, n)
		}
	} else {
		ns = append(ns, 1, pages)
		for n := current - 2; n <= current+2; n++ {
			ns = append(ns, n)
		}
		for step := 10; step < pages; step *= 10 {
			for k := current/step - 2; k <= current/step+3; k++ {
				ns = append(ns, k*step)
			}
		}
		slices.Sort(ns)
		ns = slices.Compact(ns)
		ns = slices.DeleteFunc(ns, func(n int) bool { return n < 1 || n > pages })
	}
	pager := make(Pager, len(ns))
	for i, n := range ns {
		pager[i] = PageLink{N: n, Path: pagePath(first, n), Current: n == current, Gap: i > 0 && n != ns[i-1]+1}
	}
	return pager
}

// StatusCount is the number of problems in one status.
type StatusCount struct {
	Key, Label string
	N          int
}

// Matrix is the status matrix: a row per thread, a column per year.
type Matrix struct {
	Years  []int
	Groups []MatrixGroup
}

// MatrixGroup holds the threads that start in one unit's documents.
type MatrixGroup struct {
	Unit *archive.Unit
	Rows []MatrixRow
}

// MatrixRow is one thread.
type MatrixRow struct {
	First *archive.Problem
	Later []*archive.Problem // the thread's other problems
	Cells []MatrixCell
}

// MatrixCell is a thread's status in one year, or in Span consecutive
// years that carry the same report's status over (or show nothing), and
// the page that gave it.
type MatrixCell struct {
	Year    int
	Span    int // years covered, from Year; at least 1
	Status  archive.Status
	Problem *archive.Problem // the thread's problem this cell is about
	URL     string           // relative to the site root
	Note    string           // a tooltip
	// Overdue is set on a row's last cell when its problem is overdue or
	// was closed late (package overdue).
	Overdue *overdue.Info
}

// Renderer renders an archive with a set of templates.
type Renderer struct {
	t    *Templates
	a    *archive.Archive
	site *SiteInfo
	// jobList caches the files to write, made once.
	jobList []job
	similar *similar.Report // see WithSimilar
	// overdue is the ledger's overdue table (see WithOverdue); asOf is the
	// config's as_of.
	overdue *overdue.Table
	asOf    time.Time
	// rawBodies holds *[]byte buffers that documents' bodies are read
	// into (content.Document.AppendBody) while their pages are made.
	rawBodies sync.Pool
	// nonce marks pages' parts (see parts), and layouts holds the
	// *bytes.Buffer buffers that layouts write pages with markers into.
	nonce   string
	layouts sync.Pool
}

// withRawBody calls f with d's body, read into a buffer reused from page
// to page.
func (r *Renderer) withRawBody(d *archive.Doc, f func(body []byte)) error {
	buf := r.rawBodies.Get().(*[]byte)
	defer r.rawBodies.Put(buf)
	body, err := d.AppendBody((*buf)[:0])
	if err != nil {
		return err
	}
	*buf = body
	f(body)
	return nil
}

// New prepares to render a.
func New(t *Templates, a *archive.Archive, cfg content.Config) *Renderer {
	site := &SiteInfo{Title: cfg.Title, Organization: cfg.Organization, Years: a.Years, Units: a.Units}
	for _, d := range a.Docs { // by year
		if len(d.Problems) > 0 && (len(site.Ledgers) == 0 || site.Ledgers[len(site.Ledgers)-1] != d.Year) {
			site.Ledgers = append(site.Ledgers, d.Year)
		}
	}
	return &Renderer{t: t, a: a, site: site, asOf: cfg.AsOf, nonce: newNonce(),
		rawBodies: sync.Pool{New: func() any { return new([]byte) }},
		layouts:   sync.Pool{New: func() any { return new(bytes.Buffer) }}}
}

// job is one file of the output.
type job struct {
	path string
	// render returns the file's bytes. It may write them into buf, which
	// the caller reuses once the output has taken them (output.Output):
	// a build's pages then need no buffer of their own.
	render func(buf *bytes.Buffer) ([]byte, error)
	// inputs writes everything the file shows to a planner (see Plan),
	// beyond the site-wide information every page shows.
	inputs func(*planner)
	// source is where the file comes from, for diagnostics.
	source diag.Pos
}

// Render writes every page and asset to out. It returns the number of
// files written and a diagnostic for every failure: a layout error at its
// file and line, or a file that could not be written.
func (r *Renderer) Render(out output.Output) (int, diag.List) {
	return r.RenderOnly(out, nil)
}

// Bulk reports whether the file at path is a bulk file: one that gathers
// a whole year or the whole archive for download or print — the ledger's
// workbooks and the 汇编 volumes — too large to make again on every save.
// The preview makes bulk files in its background stage.
func Bulk(path string) bool { return isWorkbook(path) || isCompilePath(path) }

// Paths lists every file Render writes.
func (r *Renderer) Paths() []string {
	var paths []string
	for _, j := range r.jobs() {
		paths = append(paths, j.path)
	}
	return paths
}

// DocumentPath is the path of a document's page.
func DocumentPath(d *archive.Doc) string { return docPath(d) }

// RenderOnly is Render restricted to the files for which want returns
// true; a nil want renders everything.
func (r *Renderer) RenderOnly(out output.Output, want func(path string) bool) (int, diag.List) {
	if diags := r.clashes(); len(diags) > 0 {
		return 0, diags
	}
	jobs := slices.Clone(r.jobs())
	if want != nil {
		jobs = slices.DeleteFunc(jobs, func(j job) bool { return !want(j.path) })
	}
	written := len(jobs)
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := range next {
				buf.Reset()
				b, err := jobs[i].render(&buf)
				if err == nil {
					err = out.WriteFile(jobs[i].path, b)
				}
				errs[i] = err
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	var diags diag.List
	for i, err := range errs {
		var te *TemplateError
		switch {
		case err == nil:
		case errors.As(err, &te):
			diags = append(diags, te.Diag)
		default:
			diags.Errorf(jobs[i].source, "cannot write %s: %v", jobs[i].path, err)
		}
	}
	diags.Sort()
	if len(diags) > 0 {
		return 0, diags
	}
	return written, nil
}

// clashes reports output files that two sources would write: a document
// named like a page of the site's own (content/2021/index.md and the
// 2021 year page). Paths are unique by construction otherwise.
func (r *Renderer) clashes() diag.List {
	var diags diag.List
	jobs := r.jobs() // sorted by path
	for i := 1; i < len(jobs); i++ {
		if jobs[i].path != jobs[i-1].path {
			continue
		}
		for _, j := range []job{jobs[i-1], jobs[i]} {
			if strings.HasSuffix(j.source.Path, ".md") { // a document's page
				diags.Errorf(j.source, "this document's page would be %s, which is also another page of the site; rename the file", j.path)
			}
		}
	}
	return diags
}

func (r *Renderer) jobs() []job {
	if r.jobList == nil {
		r.jobList = r.makeJobs()
	}
	return r.jobList
}

func (r *Renderer) makeJobs() []job {
	a := r.a
	// A page for each document and unit, about two for each rowsPerPage
	// problems (ledger, outstanding), a few for each year.
	jobs := make([]job, 0, len(a.Docs)+len(a.Units)+2*a.NumProblems()/rowsPerPage+8*len(a.Years)+64)
	page := func(kind, path, title string, inputs func(*planner), fill func(p *Page)) {
		jobs = append(jobs, job{path: path, inputs: inputs, source: diag.Pos{Path: LayoutsDir + "/" + kind + ".html"}, render: func(buf *bytes.Buffer) ([]byte, error) {
			p := &Page{Site: r.site, Kind: kind, Path: path, Root: rootOf(path), Title: title}
			p.parts.nonce = r.nonce
			fill(p)
			if p.err != nil {
				return nil, p.err
			}
			if m := p.Matrix; m != nil {
				r.markOverdue(m)
				p.parts.set(partMatrix, func(w *bytes.Buffer) error {
					writeMatrix(w, p.Root, m)
					return nil
				})
			}
			return r.executePage(buf, p)
		}})
	}
	page("home", "index.html", "首页", func(pl *planner) {
		for _, d := range a.Docs {
			pl.perDoc(docProblems, d, func() {
				pl.listing(d)
				for _, p := range d.Problems {
					pl.problem(p)
				}
			})
		}
		if len(a.Threads) <= homeMatrixRows {
			for _, t := range a.Threads {
				pl.thread(t)
			}
		}
	}, func(p *Page) {
		p.DocCount = len(a.Docs)
		if len(a.Docs) <= homeDocRows {
			p.Docs = a.Docs
		}
		p.Counts, p.Total = tallyCounts(a.Docs)
		if len(a.Threads) <= homeMatrixRows {
			p.Matrix = matrix(a, a.Threads)
		} else {
			p.MatrixOmitted = true
		}
		if len(a.Units) > homeUnitRows {
			p.UnitsOmitted = true
			return
		}
		for _, u := range a.Units {
			sum := UnitSummary{Unit: u, Counts: map[string]int{}}
			counts, total := tallyCounts(u.Docs)
			for _, c := range counts {
				sum.Counts[c.Key] = c.N
			}
			sum.Total = total
			p.Units = append(p.Units, sum)
		}
	})
	byYear := docsByYear(a.Docs)
	for _, y := range a.Years {
		page("year", yearPath(y), fmt.Sprintf("%d年度", y), func(pl *planner) {
			for _, d := range byYear[y] {
				pl.perDoc(docBriefs, d, func() {
					pl.listing(d)
					for _, p := range d.Tracked {
						pl.brief(p)
					}
					for _, r := range d.Reports {
						for _, t := range r.Targets {
							pl.brief(t)
						}
					}
				})
			}
			pl.int(r.similarCount(y))
		}, func(p *Page) {
			p.Year, p.SimilarPairs, p.Docs = y, r.similarCount(y), byYear[y]
			for _, d := range p.Docs {
				p.Reports = append(p.Reports, d.Reports...)
			}
			p.Counts, p.Total = tallyCounts(p.Docs)
			if p.Total <= rowsPerPage { // else the year's ledger lists them, page by page
				p.Problems = tracked(p.Docs)
			}
			if len(p.Reports) > rowsPerPage {
				p.Reports = nil
			}
		})
	}
	for _, u := range a.Units {
		page("unit", unitPath(u), u.Name, func(pl *planner) {
			memoized(pl, &pl.units[u.Docs[0].Index], u, func() {
				for _, d := range u.Docs {
					pl.doc(d)
					for _, p := range d.Tracked {
						pl.brief(p)
					}
				}
				for _, t := range u.Threads {
					pl.thread(t)
				}
			})
		}, func(p *Page) {
			p.Unit, p.Docs = u, u.Docs
			p.Counts, p.Total = tallyCounts(u.Docs)
			p.Matrix = matrix(a, u.Threads)
		})
	}
	for _, d := range a.Docs {
		page("document", docPath(d), d.Title, func(pl *planner) {
			pl.perDoc(docPage, d, func() {
				pl.doc(d)
				for _, p := range d.Problems {
					pl.problem(p)
				}
				for _, t := range d.RefTargets {
					pl.target(t)
				}
			})
		}, func(p *Page) {
			p.Doc, p.Year, p.Unit = d, d.Year, d.Unit
			p.parts.set(partBody, func(w *bytes.Buffer) error {
				return r.withRawBody(d, func(body []byte) { r.expandBody(w, d, p.Root, body) })
			})
		})
		jobs[len(jobs)-1].source = diag.Pos{Path: d.Path, Line: 1, Col: 1}
	}
	jobs = append(jobs, r.ledgerJobs(page, byYear)...)
	r.statsJob(page)
	jobs = append(jobs, r.similarJobs(page)...)
	r.compileJobs(page, byYear)
	page("search", "search/index.html", "搜索", nil, func(p *Page) {})
	// The outstanding list: what plans need comes from each document's
	// tallies; the problems are listed when a page of it is rendered.
	var runs []docRun
	var open [status.NumClasses]int
	oinfo, due := r.ledgerInfo(), r.dueTable()
	for _, d := range a.Docs {
		n := 0
		for c, k := range d.Tally {
			if !status.Class(c).Done() {
				open[c] += k
				n += k
			}
		}
		runs = appendRun(runs, d, n)
		oinfo.Overdue += due.TallyOf(d).OpenOverdue
	}
	total := 0
	if len(runs) > 0 {
		total = runs[len(runs)-1].to
	}
	counts := statusCounts(open)
	outstanding := sync.OnceValue(func() []*archive.Problem {
		ps := make([]*archive.Problem, 0, total)
		for _, d := range a.Docs {
			ps = slices.AppendSeq(ps, openTracked(d))
		}
		return ps
	})
	ranges, pagers := paginate(outstandingPath, total)
	pagesIndex := ""
	if len(ranges) > 1 {
		pagesIndex = outstandingPagesPath
		jobs = append(jobs, job{path: pagesIndex, source: diag.Pos{Path: LayoutsDir + "/outstanding.html"},
			inputs: func(pl *planner) {
				for _, r := range runs {
					pl.int(r.from)
					pl.int(r.to)
					pl.int(r.doc.Year)
					pl.str(r.doc.Unit.Name)
				}
			},
			render: func(buf *bytes.Buffer) ([]byte, error) { return writeOutstandingPages(buf, runs), nil }})
	}
	for i, rg := range ranges {
		// Each page shows its rows, and the counts and pager of the list.
		inputs := func(pl *planner) {
			pl.str(oinfo.AsOf)
			pl.int(oinfo.Overdue)
			for _, c := range counts {
				pl.str(c.Key)
				pl.int(c.N)
			}
			pl.int(len(ranges))
			pl.span(docOutstanding, runs, rg[0], rg[1], pl.outstandingDoc, func(d *archive.Doc, k int) { pl.problem(openProblem(d, k)) })
		}
		page("outstanding", pagePath(outstandingPath, i+1), "未完成整改的问题", inputs, func(p *Page) {
			p.Problems, p.Counts, p.Total, p.Pager, p.Ledger = outstanding()[rg[0]:rg[1]], counts, total, pagers[i], oinfo
			p.RowYears, p.RowUnits = yearsAndUnits(p.Problems)
			p.PagesIndex = pagesIndex
			p.parts.set(partRows, func(w *bytes.Buffer) error {
				writeOutstandingRows(w, p.Root, p.Problems, r.dueTable())
				return nil
			})
		})
	}
	for name, b := range r.t.assets {
		jobs = append(jobs, job{path: name, source: diag.Pos{Path: LayoutsDir + "/" + name}, render: func(*bytes.Buffer) ([]byte, error) { return b, nil }})
	}
	slices.SortFunc(jobs, func(x, y job) int { return strings.Compare(x.path, y.path) })
	return jobs
}

// RefView describes a reference chip.
type RefView struct {
	Root   string
	Raw    string
	Target archive.Target
	Same   bool // the target is in the referring document
	// SameUnit: the target is in a document of the referring document's
	// unit, which its page need not name again.
	SameUnit bool
	Status   archive.Status
	// Report is the report item the reference names a problem of, if any.
	Report *archive.Report
}

// expandBody writes body, d's, to buf with its placeholders expanded:
// references become links with their target's status, problems get their
// annotations.
func (r *Renderer) expandBody(buf *bytes.Buffer, d *archive.Doc, root string, body []byte) {
	// Annotations make a page's body about two and a half times its
	// Markdown's HTML.
	buf.Grow(len(body) * 3)
	problems := make(map[string]*archive.Problem, len(d.Problems))
	for _, p := range d.Problems {
		problems[p.ID] = p
	}
	reportOf := map[*content.Ref]*archive.Report{}
	for _, rp := range d.Reports {
		for _, ref := range rp.Refs {
			reportOf[ref] = rp
		}
	}
	content.Expand(buf, body, func(i int) {
		v := RefView{Root: root}
		if i < len(d.Refs) && d.Refs[i] != nil {
			v.Raw = d.Refs[i].Raw
			v.Target = d.RefTargets[i]
			v.Same = v.Target.Doc == d
			v.SameUnit = v.Target.Doc != nil && v.Target.Doc.Unit == d.Unit
			v.Report = reportOf[d.Refs[i]]
			if v.Target.Problem != nil {
				v.Status = v.Target.Problem.Current
			}
		}
		writeRef(buf, v)
	}, func(id string) {
		if p := problems[id]; p != nil {
			writeAnnot(buf, root, p, r.dueTable().Of(p))
		}
	})
}

// tracked returns the tracked problems (archive.Doc.Tracked) of docs.
func tracked(docs []*archive.Doc) []*archive.Problem {
	var out []*archive.Problem
	for _, d := range docs {
		out = append(out, d.Tracked...)
	}
	return out
}

// tallyCounts counts the tracked problems of docs by status, from their
// tallies (archive.Doc.Tally).
func tallyCounts(docs []*archive.Doc) ([]StatusCount, int) {
	var n [status.NumClasses]int
	total := 0
	for _, d := range docs {
		for c, k := range d.Tally {
			n[c] += k
			total += k
		}
	}
	return statusCounts(n), total
}

// statusCounts lists the counts of n (by status class) that are not 0.
func statusCounts(n [status.NumClasses]int) []StatusCount {
	var out []StatusCount
	for _, s := range status.All() {
		if n[s.Class] > 0 {
			out = append(out, StatusCount{Key: s.Key, Label: s.Label, N: n[s.Class]})
		}
	}
	return out
}

// openTracked yields d's tracked problems that are not done: what the
// outstanding list shows of it.
func openTracked(d *archive.Doc) iter.Seq[*archive.Problem] {
	return func(yield func(*archive.Problem) bool) {
		for _, p := range d.Tracked {
			if !p.Current.Done() && !yield(p) {
				return
			}
		}
	}
}

// openProblem returns d's k-th tracked problem that is not done.
func openProblem(d *archive.Doc, k int) *archive.Problem {
	for p := range openTracked(d) {
		if k == 0 {
			return p
		}
		k--
	}
	panic("openProblem: k is past d's open problems")
}

func matrix(a *archive.Archive, threads []*archive.Thread) *Matrix {
	m := &Matrix{Years: a.Years}
	byUnit := map[*archive.Unit]int{}
	for _, t := range threads {
		u := t.Problems[0].Doc.Unit
		gi, ok := byUnit[u]
		if !ok {
			gi = len(m.Groups)
			byUnit[u] = gi
			m.Groups = append(m.Groups, MatrixGroup{Unit: u})
		}
		row := MatrixRow{First: t.Problems[0], Later: t.Problems[1:]}
		for _, y := range a.Years {
			s, p := t.Cell(y)
			if n := len(row.Cells); n > 0 {
				prev := &row.Cells[n-1]
				if prev.Year+prev.Span == y && prev.Problem == p && (p == nil || sameCarried(prev.Status, s)) {
					prev.Span++
					continue
				}
			}
			c := MatrixCell{Year: y, Span: 1, Status: s, Problem: p}
			switch {
			case p == nil:
			case s.Report != nil:
				// The row header names the problem; the note says which
				// report gave the status. Kept short: a unit's matrix has
				// thousands of cells.
				c.URL = reportPath(s.Report)
				c.Note = fmt.Sprintf("%d年报告【%s】", s.Report.Doc.Year, s.Report.Word)
				if s.Carried {
					c.Note = "沿用" + c.Note
				}
			default:
				c.URL = problemPath(p)
				var note strings.Builder
				if p != t.Problems[0] {
					fmt.Fprintf(&note, "%s %s", p.Doc.Label(), p.ID)
				}
				for _, q := range p.Continues {
					if note.Len() > 0 {
						note.WriteString("；")
					}
					fmt.Fprintf(&note, "延续 %d %s（当年%s）", q.Year(), q.ID, q.StatusAt(y).Label())
				}
				c.Note = note.String()
			}
			row.Cells = append(row.Cells, c)
		}
		m.Groups[gi].Rows = append(m.Groups[gi].Rows, row)
	}
	slices.SortStableFunc(m.Groups, func(x, y MatrixGroup) int {
		return slices.Index(a.Units, x.Unit) - slices.Index(a.Units, y.Unit)
	})
	return m
}

// executePage runs p's layout and writes the page, its parts spliced in,
// to buf (see parts).
func (r *Renderer) executePage(buf *bytes.Buffer, p *Page) ([]byte, error) {
	const chrome = 12 << 10 // the page around its parts: about 12 KB
	run := func(w *bytes.Buffer) ([]byte, error) { return r.t.execute(w, p.Kind, p.Kind+".html", p, chrome) }
	if !p.parts.any() {
		return run(buf)
	}
	layout := r.layouts.Get().(*bytes.Buffer)
	defer r.layouts.Put(layout)
	layout.Reset()
	return p.parts.execute(buf, layout, run)
}
