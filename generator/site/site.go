// Package site is the one pipeline: every command goes through it, from
// the site's files to its output. It reads the config and documents
// (content), resolves them (archive), renders the pages (render) and the
// search index (search) side by side, and hands the files to an output
// (output).
//
// A Builder keeps the parsed documents between loads, keyed by their
// file's size and time, and re-parses only what changed; the archive is
// resolved again from them, taking over the parts (units, as a rule) whose
// documents did not change (archive.Rebuild). Build and Check
// load once; the preview keeps a Preview, which also knows, from the
// render stage's own fingerprints (render.Renderer.Plan), which output
// files a change touches, so that what it serves is always what a full
// build would write.
package site

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"mzshh"
	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/diag"
	"mzshh/generator/output"
	"mzshh/generator/overdue"
	"mzshh/generator/render"
	"mzshh/generator/search"
	"mzshh/generator/similar"
)

// Site is a loaded and resolved site, ready to render.
type Site struct {
	Config    content.Config
	Archive   *archive.Archive
	Templates *render.Templates
	Docs      []*content.Document
	// Similar holds the 雷同 pairs (package similar); its warnings are
	// among the Load diagnostics.
	Similar *similar.Report
	// Overdue is every problem's deadline and overdue state (package
	// overdue); its warnings are among the Load diagnostics.
	Overdue  *overdue.Table
	versions render.Versions
}

// Open returns the file system of a site directory. Files are opened
// through an os.Root, so that a symbolic link in content/ or layouts/
// that points outside the site is refused instead of published.
func Open(dir string) (fs.FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return root.FS(), nil
}

// Load reads and resolves the site in fsys (the site directory). The
// diagnostics hold every error and warning; the Site is nil when there are
// errors.
func Load(fsys fs.FS) (*Site, diag.List) {
	s, diags, _ := NewBuilder(fsys).Load(nil, true)
	return s, diags
}

// stamp identifies a version of a file on disk.
type stamp struct {
	size    int64
	modTime time.Time
}

// Builder loads a site and keeps what it parsed for the next load.
type Builder struct {
	fsys fs.FS

	cfg       content.Config
	parser    *content.Parser
	cfgDiags  diag.List
	templates *render.Templates
	tmplDiags diag.List
	// siteVersion counts reloads of the config and layouts.
	siteVersion uint64

	docs     map[string]*content.Document // by path
	docDiags map[string]diag.List
	stamps   map[string]stamp
	// versions numbers every parse of a document, so that a page's
	// fingerprint changes when its document's source does.
	versions    map[*content.Document]uint64
	nextVersion uint64
	// last is the latest load's archive, whose parts the next load takes
	// over where its documents are unchanged (archive.Rebuild).
	last    *archive.Archive
	lastDue *overdue.Table // of last
	seed    maphash.Seed   // of the render fingerprints
	// planMemo keeps fingerprints between the plans of a preview's
	// updates (render.Versions.Memo); only Preview.Update plans with it.
	planMemo render.PlanMemo

	// Progress, when not nil, counts the work of each load.
	Progress *Progress
	// DeferSimilar leaves the similarity pass (package similar) out of
	// Load, which then gives the previous report (SetSimilar) with its
	// warnings; the caller runs it, as Preview does in the background.
	DeferSimilar bool
	lastSimilar  *similar.Report
	// unlike holds the latest good load's diagnostics but for the
	// similarity pass's warnings.
	unlike diag.List
	diags  diagFiles // of the latest load

	// Edition selects what a load holds: "" every document, else an
	// edition of config.yaml, "NAME" or "NAME/UNIT" (editions.go).
	Edition string
	ed      editionState
	// AsOf, when set, overrides the config's as_of: the date overdue
	// problems are counted at (the --as-of flag).
	AsOf time.Time
	// Spill, when set before the first load, keeps the documents' bodies
	// in a file instead of memory (content.Spill): for one-off builds,
	// whose caller closes it after rendering.
	Spill *content.Spill
}

// SimilarOptions are the similarity pass's settings from the config of the
// latest load.
func (b *Builder) SimilarOptions() similar.Options {
	return similar.Options{Threshold: b.cfg.Similarity.Threshold, Boilerplate: b.cfg.Similarity.Boilerplate}
}

// SetSimilar records the report of a similarity pass run by the caller
// (see DeferSimilar), for the next loads.
func (b *Builder) SetSimilar(r *similar.Report) { b.lastSimilar = r }

// NewBuilder returns a builder for the site in fsys.
func NewBuilder(fsys fs.FS) *Builder { return &Builder{fsys: fsys, seed: maphash.MakeSeed()} }

// LoadStats says what a load did.
type LoadStats struct {
	Parsed int  // documents parsed
	Full   bool // the config and layouts were reloaded
}

// IsSiteWide reports whether a change to path (slash-separated, relative
// to the site) changes every page: the config or a layout.
func IsSiteWide(path string) bool {
	return path == content.ConfigFile || path == render.LayoutsDir || strings.HasPrefix(path, render.LayoutsDir+"/")
}

// Load brings the site up to date with its files. changed names files
// known to have changed (slash-separated, relative to the site); a folder
// named names every document in it. Besides them, documents that appeared
// are parsed and documents that vanished dropped. full, or a change to
// the config or a layout, reloads everything. A document changed but not
// named is not seen: Stamps.Stale finds those.
func (b *Builder) Load(changed []string, full bool) (*Site, diag.List, LoadStats) {
	if b.parser == nil || slices.ContainsFunc(changed, IsSiteWide) {
		full = true
	}
	if full {
		var vocab content.Vocabulary
		b.cfg, vocab, b.cfgDiags = content.LoadConfig(b.fsys)
		if !b.AsOf.IsZero() {
			b.cfg.AsOf = b.AsOf
		}
		b.parser = content.NewParser(b.cfg, vocab, render.Markup{})
		if b.Spill != nil {
			b.parser.SpillTo(b.Spill)
		}
		b.templates, b.tmplDiags = LoadTemplates(b.fsys)
		b.docs, b.docDiags, b.stamps = map[string]*content.Document{}, map[string]diag.List{}, map[string]stamp{}
		b.versions = map[*content.Document]uint64{}
		b.last, b.lastDue, b.ed.full = nil, nil, nil
		b.planMemo = render.PlanMemo{} // of objects no longer loaded
		b.siteVersion++
	}
	stats := LoadStats{Full: full}
	paths, listDiags := content.ListDocuments(b.fsys)
	named := map[string]bool{}
	for _, p := range changed {
		named[p] = true
	}
	present := make(map[string]bool, len(paths))
	var reparse []string
	for _, p := range paths {
		present[p] = true
		if _, cached := b.docDiags[p]; !cached || namedIn(named, p) {
			reparse = append(reparse, p)
		}
	}
	// Stamped before they are read: a save in between makes the stamp
	// stale, never the document.
	for i, now := range stampAll(b.fsys, reparse) {
		b.stamps[reparse[i]] = now
	}
	for p, d := range b.docs {
		if !present[p] {
			delete(b.versions, d)
			delete(b.docs, p)
			delete(b.docDiags, p)
			delete(b.stamps, p)
		}
	}
	parsed, parsedDiags := b.parser.ParseFiles(b.fsys, reparse, b.Progress.parsing(len(reparse)))
	for i, p := range reparse {
		delete(b.versions, b.docs[p])
		b.docs[p], b.docDiags[p] = parsed[i], parsedDiags[i]
		if parsed[i] != nil {
			b.nextVersion++
			b.versions[parsed[i]] = b.nextVersion
		}
	}
	stats.Parsed = len(reparse)

	// In the listing's order, which is nearly always the keys' already.
	docs := make([]*content.Document, 0, len(b.docs))
	for _, p := range paths {
		if d := b.docs[p]; d != nil {
			docs = append(docs, d)
		}
	}
	byKey := func(x, y *content.Document) int { return strings.Compare(x.Key, y.Key) }
	if !slices.IsSortedFunc(docs, byKey) {
		slices.SortFunc(docs, byKey)
	}
	b.Progress.setStage(StageResolve)
	docs, a, archiveDiags := b.resolve(docs) // the edition's documents
	var due *overdue.Table
	if a != nil {
		due = overdue.ComputeFrom(b.lastDue, a, b.cfg.AsOf)
		b.lastDue = due
	}
	diags := b.diags.assemble(maps.All(b.docDiags), due.DocDiagnostics(), slices.Concat(b.cfgDiags, b.tmplDiags, listDiags, archiveDiags))
	if diags.HasErrors() {
		return nil, diags, stats
	}
	// Never changed again: the similarity pass's warnings are merged into
	// a new list.
	b.unlike = diags
	sim := b.lastSimilar
	if !b.DeferSimilar {
		sim = similar.Check(a, b.SimilarOptions())
		b.lastSimilar = sim
	}
	if sim != nil {
		more := sim.Diagnostics()
		more.Sort()
		diags = diags.Merge(more)
	} else {
		diags = diags[:len(diags):len(diags)] // an append copies
	}
	// A copy: a preview's background stage reads it while the next load
	// changes the builder's.
	versions := maps.Clone(b.versions)
	return &Site{
		Config: b.cfg, Archive: a, Templates: b.templates, Docs: docs, Similar: sim, Overdue: due,
		versions: render.Versions{Doc: func(d *content.Document) uint64 { return versions[d] }, Site: b.siteVersion, Seed: b.seed, Memo: &b.planMemo},
	}, diags, stats
}

// namedIn reports whether p or a folder that holds it is in named: a
// folder moved in names every document in it.
func namedIn(named map[string]bool, p string) bool {
	if len(named) == 0 {
		return false
	}
	for ; p != "." && p != "/" && p != ""; p = path.Dir(p) {
		if named[p] {
			return true
		}
	}
	return false
}

// stampAll stats the files at paths in fsys, on every core. A file that
// cannot be read gets the zero stamp.
func stampAll(fsys fs.FS, paths []string) []stamp {
	stamps := make([]stamp, len(paths))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), 1+len(paths)/256) {
		wg.Go(func() {
			for {
				// Blocks of 64 files a worker.
				from := int(next.Add(64)) - 64
				if from >= len(paths) {
					return
				}
				for i := from; i < min(from+64, len(paths)); i++ {
					if st, err := fs.Stat(fsys, paths[i]); err == nil {
						stamps[i] = stamp{st.Size(), st.ModTime()}
					}
				}
			}
		})
	}
	wg.Wait()
	return stamps
}

// Stamps is what the latest load saw of its documents' files, for Stale.
type Stamps struct {
	fsys   fs.FS
	stamps map[string]stamp
}

// Stamps returns what the latest load saw of its documents' files. It is
// a copy: Stale may run in the background while the next load runs.
func (b *Builder) Stamps() Stamps { return Stamps{b.fsys, maps.Clone(b.stamps)} }

// Stale lists the documents whose file differs from what the load saw:
// changed (size or time), appeared or vanished since. A preview's update
// reads only the files it is told of (Load); a watcher that misses an
// event (a folder made and filled before it is watched, a network drive)
// leaves such files, and Stale, run after each update, finds them. It
// stats every document, so it belongs in the background.
func (st Stamps) Stale() []string {
	if st.fsys == nil {
		return nil
	}
	paths, _ := content.ListDocuments(st.fsys)
	var stale []string
	for i, now := range stampAll(st.fsys, paths) {
		if was, ok := st.stamps[paths[i]]; !ok || was != now {
			stale = append(stale, paths[i])
		}
	}
	listed := make(map[string]bool, len(paths))
	for _, p := range paths {
		listed[p] = true
	}
	for p := range st.stamps {
		if !listed[p] {
			stale = append(stale, p)
		}
	}
	slices.Sort(stale)
	return stale
}

// LoadTemplates parses the site's layouts over the built-in ones.
func LoadTemplates(fsys fs.FS) (*render.Templates, diag.List) {
	defaults, err := fs.Sub(mzshh.Layouts, render.LayoutsDir)
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	var siteLayouts fs.FS
	if fi, err := fs.Stat(fsys, render.LayoutsDir); err == nil && fi.IsDir() {
		siteLayouts, _ = fs.Sub(fsys, render.LayoutsDir)
	}
	return render.LoadTemplates(siteLayouts, defaults)
}

// Summary describes a finished build.
type Summary struct {
	Documents, Problems, Reports, Files int
	SearchRecords, SearchBytes          int
	Elapsed                             time.Duration
}

func (s Summary) String() string {
	return fmt.Sprintf("%d documents, %d problems, %d reports, %d files written in %s; search index %d records, %.1f KB",
		s.Documents, s.Problems, s.Reports, s.Files, s.Elapsed.Round(time.Millisecond), s.SearchRecords, float64(s.SearchBytes)/1024)
}

// Renderer returns a renderer of the site's pages.
func (s *Site) Renderer() *render.Renderer {
	return render.New(s.Templates, s.Archive, s.Config).WithSimilar(s.Similar).WithOverdue(s.Overdue)
}

// Render writes the site's pages and its search index to out, the two
// stages side by side. The diagnostics report layout errors and files that
// could not be written.
func (s *Site) Render(out output.Output) (Summary, diag.List) {
	sum := Summary{Documents: len(s.Archive.Docs)}
	for _, d := range s.Archive.Docs {
		sum.Problems += len(d.Problems)
		sum.Reports += len(d.Reports)
	}
	var idx *search.Index
	var searchErr error
	var wg sync.WaitGroup
	wg.Go(func() { idx, searchErr = search.Build(s.Archive, out.WriteFile) })
	n, diags := s.Renderer().Render(out)
	wg.Wait()
	if searchErr != nil {
		diags.Errorf(diag.Pos{Path: "search/"}, "cannot write the search index: %v", searchErr)
	}
	sum.Files = n
	if idx != nil {
		sum.Files += idx.Files
		sum.SearchRecords, sum.SearchBytes = idx.Records, idx.Bytes
	}
	return sum, diags
}

// ErrHasErrors is returned when the site's sources have errors; the
// diagnostics say which.
var ErrHasErrors = errors.New("the site has errors")

// Build loads the site in dir and publishes it to dest. dest is replaced
// only when everything succeeded.
//
// The destination's lock is taken and leftovers of killed builds are
// cleaned up (notify says what was restored) before the site is loaded, so
// that "dest was not changed" holds even when the sources have errors.
func Build(ctx context.Context, dir, dest string, notify output.Notify) (Summary, diag.List, error) {
	return BuildProgress(ctx, dir, dest, notify, nil)
}

// BuildProgress is Build, counting its work in progress (which may be nil).
func BuildProgress(ctx context.Context, dir, dest string, notify output.Notify, progress *Progress) (Summary, diag.List, error) {
	return buildOne(ctx, dir, dest, notify, progress, time.Time{})
}

// buildOne is BuildProgress with an as-of date (Builder.AsOf).
func buildOne(ctx context.Context, dir, dest string, notify output.Notify, progress *Progress, asOf time.Time) (Summary, diag.List, error) {
	start := time.Now()
	fsys, err := Open(dir)
	if err != nil {
		return Summary{}, nil, err
	}
	var sum Summary
	var diags diag.List
	err = output.Publish(ctx, dest, func(out output.Output) error {
		b := NewOneOff(fsys)
		defer b.Close()
		b.Progress = progress
		b.AsOf = asOf
		var s *Site
		s, diags, _ = b.Load(nil, true)
		if s == nil {
			return ErrHasErrors
		}
		progress.setStage(StageRender)
		var rd diag.List
		sum, rd = s.Render(progress.counting(out))
		diags = append(diags, rd...)
		if rd.HasErrors() {
			return ErrHasErrors
		}
		progress.setStage(StagePublish)
		return nil
	}, notify)
	progress.setStage(StageDone)
	sum.Elapsed = time.Since(start)
	if err != nil {
		return sum, diags, err
	}
	sum.Files++ // the build marker
	return sum, diags, nil
}

// Check loads the site in fsys and renders it without writing anything, so
// that layout errors show too.
func Check(fsys fs.FS) diag.List { return CheckAsOf(fsys, time.Time{}) }

// CheckAsOf is Check with an as-of date (Builder.AsOf).
func CheckAsOf(fsys fs.FS, asOf time.Time) diag.List {
	b := NewOneOff(fsys)
	defer b.Close()
	b.AsOf = asOf
	s, diags, _ := b.Load(nil, true)
	if s != nil {
		_, rd := s.Render(output.Discard{})
		diags = append(diags, rd...)
	}
	return diags
}

// NewOneOff returns a builder for one load and render: it keeps the
// documents' bodies in a spill file when one can be made (Builder.Spill).
// Close removes the file.
func NewOneOff(fsys fs.FS) *Builder {
	b := NewBuilder(fsys)
	b.Spill, _ = content.NewSpill() // without one, bodies stay in memory
	return b
}

// Close releases what a builder from NewOneOff holds.
func (b *Builder) Close() error {
	if b.Spill == nil {
		return nil
	}
	return b.Spill.Close()
}

// DefaultDestination is where build writes when -d is not given.
func DefaultDestination(dir string) string { return filepath.Join(dir, "public") }
