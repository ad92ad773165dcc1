package site

import (
	"io/fs"
	"maps"
	"sync"
	"time"

	"mzshh/generator/archive"
	"mzshh/generator/diag"
	"mzshh/generator/output"
	"mzshh/generator/render"
	"mzshh/generator/search"
)

// Preview keeps a site built in memory and brings it up to date after
// changes, re-rendering only the files whose fingerprint changed. The
// search index is a stage of its own, rebuilt apart (IndexJob, ApplyIndex)
// so that pages show at once. After ApplyIndex of the latest Update,
// Files equals what Build would write, byte for byte, but for the build
// marker.
type Preview struct {
	b      *Builder
	pages  map[string][]byte
	prints map[string]uint64
	index  map[string][]byte // the search index's files
	gen    int               // counts good updates
	last   *archive.Archive
	mu     sync.Mutex // guards the maps for readers
}

// NewPreview returns a preview of the site in fsys; nothing is built yet.
func NewPreview(fsys fs.FS) *Preview { return &Preview{b: NewBuilder(fsys)} }

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
	r := render.New(s.Templates, s.Archive, s.Config).WithSimilar(s.Similar)
	prints := r.Plan(s.versions)
	want := func(path string) bool {
		old, ok := p.prints[path]
		return prints == nil || !ok || old != prints[path]
	}
	out := &output.Mem{Files: map[string][]byte{}}
	n, rd := r.RenderOnly(out, want)
	if len(rd) > 0 {
		res.Diags = append(res.Diags, rd...)
		res.Diags.Sort()
		res.Elapsed = time.Since(start)
		return res
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
	p.pages, p.prints, p.last = pages, prints, s.Archive
	p.gen++
	p.mu.Unlock()
	res.OK, res.Rendered = true, n
	res.Elapsed = time.Since(start)
	return res
}

// IndexJob builds the search index of the latest good update; it is safe
// to run in the background.
type IndexJob struct {
	gen int
	a   *archive.Archive
}

// IndexJob returns the job of building the search index for the latest
// good update.
func (p *Preview) IndexJob() IndexJob {
	p.mu.Lock()
	defer p.mu.Unlock()
	return IndexJob{gen: p.gen, a: p.last}
}

// Run builds the index files.
func (j IndexJob) Run() (map[string][]byte, error) {
	out := &output.Mem{Files: map[string][]byte{}}
	_, err := search.Build(j.a, out.WriteFile)
	return out.Files, err
}

// ApplyIndex puts the files of a finished IndexJob in place, if no update
// happened since the job was made. It reports whether it did.
func (p *Preview) ApplyIndex(j IndexJob, files map[string][]byte) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if j.gen != p.gen {
		return false
	}
	p.index = files
	return true
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
