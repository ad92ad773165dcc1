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
// changes, re-rendering only the files whose fingerprint changed. The
// archive-wide passes — the search index and the similarity pass — are a
// stage of their own, run apart (IndexJob, ApplyIndex) so that pages show
// at once: until it is applied, pages show the previous similarity report.
// After ApplyIndex of the latest Update, Files equals what Build would
// write, byte for byte, but for the build marker.
type Preview struct {
	b      *Builder
	pages  map[string][]byte
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
	n, rd := p.render(s)
	if len(rd) > 0 {
		res.Diags = append(res.Diags, rd...)
		res.Diags.Sort()
		res.Elapsed = time.Since(start)
		return res
	}
	res.OK, res.Rendered = true, n
	res.Elapsed = time.Since(start)
	return res
}

// render renders the files of s whose fingerprint changed and makes s the
// preview's site.
func (p *Preview) render(s *Site) (int, diag.List) {
	r := render.New(s.Templates, s.Archive, s.Config).WithSimilar(s.Similar).WithOverdue(s.Overdue)
	prints := r.Plan(s.versions)
	want := func(path string) bool {
		old, ok := p.prints[path]
		return prints == nil || !ok || old != prints[path]
	}
	out := &output.Mem{Files: map[string][]byte{}}
	n, rd := r.RenderOnly(out, want)
	if len(rd) > 0 {
		return 0, rd
	}
	// The files of this build: new ones rendered, the rest kept; the files
	// of pages that are gone are dropped.
	paths := r.Paths()
	pages := make(map[string][]byte, len(paths))
	for _, path := range paths {
		if b, ok := out.Files[path]; ok {
			pages[path] = b
		} else {
			pages[path] = p.pages[path]
		}
	}
	p.mu.Lock()
	p.pages, p.prints, p.last = pages, prints, s
	p.gen++
	p.mu.Unlock()
	return n, nil
}

// IndexJob runs the archive-wide passes of the latest good update: the
// search index and the similarity pass. It is safe to run in the
// background.
type IndexJob struct {
	gen int
	s   *Site
	opt similar.Options
}

// Indexed is what an IndexJob made.
type Indexed struct {
	Files   map[string][]byte // the search index's files
	Similar *similar.Report
}

// IndexJob returns the job for the latest good update.
func (p *Preview) IndexJob() IndexJob {
	p.mu.Lock()
	defer p.mu.Unlock()
	return IndexJob{gen: p.gen, s: p.last, opt: p.b.SimilarOptions()}
}

// Run runs both passes side by side.
func (j IndexJob) Run() (Indexed, error) {
	var ix Indexed
	var wg sync.WaitGroup
	wg.Go(func() { ix.Similar = similar.Check(j.s.Archive, j.opt) })
	out := &output.Mem{Files: map[string][]byte{}}
	_, err := search.Build(j.s.Archive, out.WriteFile)
	wg.Wait()
	ix.Files = out.Files
	return ix, err
}

// ApplyIndex puts the results of a finished IndexJob in place, if no
// update happened since the job was made: the search index's files, and
// the similarity report, re-rendering the pages it changes (the 雷同
// pages, the year pages' counts). It reports whether it applied them; the
// result's diagnostics are the update's with the new report's warnings.
// Like Update, it must not run concurrently with Update.
func (p *Preview) ApplyIndex(j IndexJob, ix Indexed) (Result, bool) {
	start := time.Now()
	p.mu.Lock()
	current := j.gen == p.gen
	p.mu.Unlock()
	if !current {
		return Result{}, false
	}
	p.b.SetSimilar(ix.Similar)
	s := *j.s
	s.Similar = ix.Similar
	n, rd := p.render(&s)
	res := Result{Diags: slices.Concat(p.b.unlike, ix.Similar.Diagnostics(), rd), OK: len(rd) == 0, Rendered: n}
	res.Diags.Sort()
	p.mu.Lock()
	p.index = ix.Files
	p.mu.Unlock()
	res.Elapsed = time.Since(start)
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
