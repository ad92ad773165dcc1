package site

import (
	"io/fs"
	"maps"
	"slices"
	"sync"
	"time"

	"mzshh/generator/diag"
	"mzshh/generator/output"
	"mzshh/generator/render"
	"mzshh/generator/search"
	"mzshh/generator/similar"
)

// Preview keeps a site built in memory and brings it up to date after
// changes, re-rendering only the files whose fingerprint changed.
//
// What is costly and archive-wide is a background stage of its own
// (IndexJob, ApplyIndex), so that pages show at once: the search index,
// the similarity pass, and the bulk files (render.Bulk: workbooks, 汇编).
// Until the stage is applied, the preview serves the previous similarity
// report's pages and the previous bulk files. After ApplyIndex of the
// latest Update, Files equals what Build would write, byte for byte, but
// for the build marker.
type Preview struct {
	b     *Builder
	pages map[string][]byte
	// prints are the fingerprints of the files in pages (of the version
	// served: a bulk file deferred keeps its old one).
	prints map[string]uint64
	index  map[string][]byte // the search index's files
	gen    int               // counts good updates
	last   *Site
	mu     sync.Mutex // guards the maps for readers
}

// NewPreview returns a preview of the site in fsys; nothing is built yet.
func NewPreview(fsys fs.FS) *Preview {
	b := NewBuilder(fsys)
	b.DeferSimilar = true
	return &Preview{b: b}
}

// Result describes one update.
type Result struct {
	Diags    diag.List
	OK       bool // the pages were replaced
	Full     bool // the config and layouts were reloaded
	Parsed   int  // documents parsed
	Rendered int  // files rendered
	Elapsed  time.Duration
}

// Update brings the preview up to date after changes to the given paths
// (see Builder.Load). On errors the last good site stays.
func (p *Preview) Update(changed []string, full bool) Result {
	start := time.Now()
	s, diags, stats := p.b.Load(changed, full)
	res := Result{Diags: diags, Full: stats.Full, Parsed: stats.Parsed}
	if s == nil {
		res.Elapsed = time.Since(start)
		return res
	}
	p.mu.Lock()
	served, old := p.prints, p.pages
	p.mu.Unlock()
	r := s.Renderer()
	prints := r.Plan(s.versions)
	// Bulk files that exist already wait for the background stage, keeping
	// the fingerprint of the version served.
	deferred := func(path string) bool {
		_, exists := old[path]
		return prints != nil && render.Bulk(path) && exists
	}
	files, n, rd := renderChanged(r, prints, served, deferred)
	if len(rd) > 0 {
		res.Diags = append(res.Diags, rd...)
		res.Diags.Sort()
		res.Elapsed = time.Since(start)
		return res
	}
	paths := r.Paths()
	pages := merge(paths, files, old)
	for _, path := range paths {
		if _, ok := files[path]; !ok && deferred(path) {
			prints[path] = served[path]
		}
	}
	p.mu.Lock()
	p.pages, p.prints, p.last = pages, prints, s
	p.gen++
	p.mu.Unlock()
	res.OK, res.Rendered = true, n
	res.Elapsed = time.Since(start)
	return res
}

// merge returns the files of a build of paths: those rendered, the
// others as they were; files of pages that are gone are dropped.
func merge(paths []string, rendered, old map[string][]byte) map[string][]byte {
	pages := make(map[string][]byte, len(paths))
	for _, path := range paths {
		if b, ok := rendered[path]; ok {
			pages[path] = b
		} else {
			pages[path] = old[path]
		}
	}
	return pages
}

// renderChanged renders the files whose fingerprint differs from the one
// served (all of them without fingerprints), but for those skip says to
// leave.
func renderChanged(r *render.Renderer, prints, served map[string]uint64, skip func(string) bool) (map[string][]byte, int, diag.List) {
	want := func(path string) bool {
		if prints == nil {
			return true
		}
		old, ok := served[path]
		return (!ok || old != prints[path]) && !skip(path)
	}
	out := &output.Mem{Files: map[string][]byte{}}
	n, rd := r.RenderOnly(out, want)
	return out.Files, n, rd
}

// IndexJob is the background stage of the latest good update: the search
// index, the similarity pass, and the files they and the update's
// deferred bulk files change. It is safe to run in the background.
type IndexJob struct {
	gen    int
	s      *Site
	opt    similar.Options
	prints map[string]uint64 // served when the job was made
	stamps Stamps
}

// Indexed is what an IndexJob made.
type Indexed struct {
	Files   map[string][]byte // the search index's files
	Similar *similar.Report
	// Stale lists the documents changed, made or removed since the
	// update but not named to it (Stamps.Stale): the next update's.
	Stale   []string
	pages   map[string][]byte // files rendered again
	prints  map[string]uint64
	paths   []string
	diags   diag.List
	elapsed time.Duration
}

// IndexJob returns the job for the latest good update.
func (p *Preview) IndexJob() IndexJob {
	p.mu.Lock()
	defer p.mu.Unlock()
	return IndexJob{gen: p.gen, s: p.last, opt: p.b.SimilarOptions(), prints: p.prints, stamps: p.b.Stamps()}
}

// Run runs the search index beside the similarity pass and the look for
// stale documents, then renders the files whose fingerprint changed with
// the new report: the bulk files the update deferred, and the pages the
// report changes (the 雷同 pages, the year pages' counts).
func (j IndexJob) Run() (Indexed, error) {
	start := time.Now()
	var ix Indexed
	var wg sync.WaitGroup
	wg.Go(func() {
		ix.Similar = similar.Check(j.s.Archive, j.opt)
		ix.Stale = j.stamps.Stale()
	})
	out := &output.Mem{Files: map[string][]byte{}}
	_, err := search.Build(j.s.Archive, out.WriteFile)
	wg.Wait()
	ix.Files = out.Files
	s := *j.s
	s.Similar = ix.Similar
	r := s.Renderer()
	v := s.versions
	v.Memo = nil // Update's, which may run meanwhile
	ix.prints = r.Plan(v)
	ix.pages, _, ix.diags = renderChanged(r, ix.prints, j.prints, func(string) bool { return false })
	ix.paths = r.Paths()
	ix.elapsed = time.Since(start)
	return ix, err
}

// ApplyIndex puts the results of a finished IndexJob in place, if no
// update happened since the job was made. It reports whether it applied
// them; the result's diagnostics are the update's with the new report's
// warnings, Rendered counts the files the job rendered again, and Elapsed
// is the job's time. Like
// Update, it must not run concurrently with Update.
func (p *Preview) ApplyIndex(j IndexJob, ix Indexed) (Result, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if j.gen != p.gen {
		return Result{}, false
	}
	p.b.SetSimilar(ix.Similar)
	more := slices.Concat(ix.Similar.Diagnostics(), ix.diags)
	more.Sort()
	res := Result{Diags: p.b.unlike.Merge(more), OK: len(ix.diags) == 0, Rendered: len(ix.pages), Elapsed: ix.elapsed}
	if !res.OK {
		return res, true
	}
	p.pages, p.prints, p.index = merge(ix.paths, ix.pages, p.pages), ix.prints, ix.Files
	return res, true
}

// Lookup returns the file at path (slash-separated, relative to the site
// root).
func (p *Preview) Lookup(path string) ([]byte, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b, ok := p.pages[path]; ok {
		return b, true
	}
	b, ok := p.index[path]
	return b, ok
}

// Files returns a copy of every file the preview serves.
func (p *Preview) Files() map[string][]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	files := maps.Clone(p.pages)
	maps.Copy(files, p.index)
	return files
}
