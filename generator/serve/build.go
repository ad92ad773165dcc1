package serve

import (
	"io/fs"
	"maps"
	"slices"
	"strings"
	"time"

	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/diag"
	"mzshh/generator/output"
	"mzshh/generator/render"
	"mzshh/generator/search"
	"mzshh/generator/site"
)

// stamp identifies a version of a file on disk.
type stamp struct {
	size    int64
	modTime time.Time
}

// builder keeps what one build needs of the previous one: parsed documents
// (re-parsed only when their file changed), the layouts, and the last good
// output, so that a change re-renders only the pages that depend on it.
type builder struct {
	fsys fs.FS

	cfg       content.Config
	parser    *content.Parser
	cfgDiags  diag.List
	templates *render.Templates
	tmplDiags diag.List

	docs     map[string]*content.Document // by path
	docDiags map[string]diag.List
	stamps   map[string]stamp

	// The last good build.
	archive *archive.Archive
	files   map[string][]byte
	gen     int // counts good builds
}

// indexed is a search index built in the background for build gen.
type indexed struct {
	gen   int
	files map[string][]byte
}

// startIndex builds the search index of the last good build in the
// background and sends it on out.
func (b *builder) startIndex(out chan<- indexed) {
	a, gen := b.archive, b.gen
	go func() { out <- indexed{gen: gen, files: search.Collect(a)} }()
}

// applyIndex puts a background index into the output, if no build has
// happened since it started. It reports whether it did.
func (b *builder) applyIndex(ix indexed) bool {
	if ix.gen != b.gen {
		return false
	}
	files := maps.Clone(b.files)
	maps.DeleteFunc(files, func(p string, _ []byte) bool { return search.IsIndexFile(p) })
	maps.Copy(files, ix.files)
	b.files = files
	return true
}

// result describes one build.
type result struct {
	Diags    diag.List
	OK       bool // the output was replaced
	Full     bool // everything was reloaded and rendered
	Parsed   int  // documents parsed
	Rendered int  // files rendered
	Elapsed  time.Duration
	// SearchStale is set when the pages are new but the search index is
	// not: it is then rebuilt in the background.
	SearchStale bool
}

func newBuilder(fsys fs.FS) *builder {
	return &builder{fsys: fsys}
}

// isSiteWide reports whether a change to path needs a full rebuild.
func isSiteWide(path string) bool {
	return path == content.ConfigFile || path == render.LayoutsDir || strings.HasPrefix(path, render.LayoutsDir+"/")
}

// build brings the site up to date after changes to the given paths
// (slash-separated, relative to the site directory). full forces a reload
// of everything.
func (b *builder) build(changed []string, full bool) result {
	start := time.Now()
	if b.files == nil || slices.ContainsFunc(changed, isSiteWide) {
		full = true
	}
	if full {
		var vocab content.Vocabulary
		b.cfg, vocab, b.cfgDiags = content.LoadConfig(b.fsys)
		b.parser = content.NewParser(b.cfg, vocab)
		b.templates, b.tmplDiags = site.LoadTemplates(b.fsys)
		b.docs, b.docDiags, b.stamps = map[string]*content.Document{}, map[string]diag.List{}, map[string]stamp{}
	}
	res := result{Full: full}

	// Re-parse the documents whose files changed: those named by events,
	// and any whose size or time differs (an event may have been missed).
	paths, listDiags := content.ListDocuments(b.fsys)
	named := map[string]bool{}
	for _, p := range changed {
		named[p] = true
	}
	present := map[string]bool{}
	var reparse []string
	for _, p := range paths {
		present[p] = true
		st, err := fs.Stat(b.fsys, p)
		var now stamp
		if err == nil {
			now = stamp{st.Size(), st.ModTime()}
		}
		if _, cached := b.docDiags[p]; !cached || named[p] || b.stamps[p] != now {
			reparse = append(reparse, p)
			b.stamps[p] = now
		}
	}
	changedKeys := map[string]bool{}
	for p, d := range b.docs {
		if !present[p] {
			if d != nil {
				changedKeys[d.Key] = true
			}
			delete(b.docs, p)
			delete(b.docDiags, p)
			delete(b.stamps, p)
		}
	}
	parsed, parsedDiags := b.parser.ParseFiles(b.fsys, reparse)
	for i, p := range reparse {
		if old := b.docs[p]; old != nil {
			changedKeys[old.Key] = true
		}
		if parsed[i] != nil {
			changedKeys[parsed[i].Key] = true
		}
		b.docs[p], b.docDiags[p] = parsed[i], parsedDiags[i]
	}
	res.Parsed = len(reparse)

	docs := make([]*content.Document, 0, len(b.docs))
	for _, d := range b.docs {
		if d != nil {
			docs = append(docs, d)
		}
	}
	slices.SortFunc(docs, func(x, y *content.Document) int { return strings.Compare(x.Key, y.Key) })
	a, archiveDiags := archive.Build(docs)

	diags := slices.Concat(b.cfgDiags, b.tmplDiags, listDiags, archiveDiags)
	for _, l := range b.docDiags {
		diags = append(diags, l...)
	}
	diags.Sort()
	res.Diags = diags
	if diags.HasErrors() {
		res.Elapsed = time.Since(start)
		return res
	}

	r := render.New(b.templates, a, b.cfg)
	var want func(string) bool
	if !full && b.archive != nil && sameShape(b.archive, a) {
		want = affectedPages(b.archive, a, changedKeys)
		// The search index is rebuilt apart, so that pages show at once.
		r.WithoutSearchIndex = true
		res.SearchStale = true
	} else {
		res.Full = true
	}
	out := &output.Mem{Files: map[string][]byte{}}
	if want != nil {
		maps.Copy(out.Files, b.files)
	}
	n, renderDiags := r.RenderOnly(out, want)
	if len(renderDiags) > 0 {
		res.Diags = append(res.Diags, renderDiags...)
		res.Diags.Sort()
		res.Elapsed = time.Since(start)
		return res
	}
	if want != nil {
		// Drop the pages of documents that are gone.
		keep := map[string]bool{}
		for _, p := range r.Paths() {
			keep[p] = true
		}
		maps.DeleteFunc(out.Files, func(p string, _ []byte) bool { return !keep[p] && !search.IsIndexFile(p) })
	}
	b.archive, b.files = a, out.Files
	b.gen++
	res.OK, res.Rendered = true, n
	res.Elapsed = time.Since(start)
	return res
}

// sameShape reports whether two archives have the same years and units:
// every page's navigation is then unchanged.
func sameShape(x, y *archive.Archive) bool {
	if !slices.Equal(x.Years, y.Years) || len(x.Units) != len(y.Units) {
		return false
	}
	for i := range x.Units {
		if x.Units[i].Name != y.Units[i].Name || x.Units[i].Slug != y.Units[i].Slug {
			return false
		}
	}
	return true
}

// affectedPages returns the pages a change to the documents with the given
// keys can alter: those documents; the documents they refer to, before and
// after the change (their statuses and threads follow from its reports and
// continuations); the documents referring to any of these (their reference
// chips show the targets' titles and statuses); the pages of these
// documents' units and years; and the pages that summarise everything.
func affectedPages(old, cur *archive.Archive, changed map[string]bool) func(string) bool {
	docs := map[string]bool{}
	for k := range changed {
		docs[k] = true
	}
	for _, a := range []*archive.Archive{old, cur} {
		for _, d := range a.Docs {
			if !changed[d.Key] {
				continue
			}
			for _, t := range d.RefTargets {
				if t.Doc != nil {
					docs[t.Doc.Key] = true
				}
			}
		}
	}
	targets := maps.Clone(docs)
	for _, d := range cur.Docs {
		for _, t := range d.RefTargets {
			if t.Doc != nil && targets[t.Doc.Key] {
				docs[d.Key] = true
			}
		}
	}
	pages := map[string]bool{"index.html": true, "outstanding.html": true}
	for _, d := range cur.Docs {
		if docs[d.Key] {
			pages[render.DocumentPath(d)] = true
			pages[render.UnitPath(d.Unit)] = true
			pages[render.YearPath(d.Year)] = true
			pages[render.LedgerPath(d.Year)] = true
			pages[render.LedgerCSVPath(d.Year)] = true
		}
	}
	return func(p string) bool { return pages[p] }
}
