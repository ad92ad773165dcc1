package bench_test

import (
	"io/fs"
	"sync"
	"testing"

	"mzshh/generator/archive"
	"mzshh/generator/bench/synthetic"
	"mzshh/generator/content"
	"mzshh/generator/output"
	"mzshh/generator/render"
	"mzshh/generator/search"
	"mzshh/generator/site"
)

// The benchmarks share one synthetic archive of 1,000 documents: 10 years
// of 100 units, about 15 MB of Markdown. It is generated in memory once,
// outside the timers.
const (
	benchYears = 10
	benchUnits = 100
	benchSeed  = 1
)

type corpus struct {
	docs  []*synthetic.Doc
	fsys  fs.FS
	bytes int64
}

var shared = sync.OnceValues(func() (*corpus, error) {
	docs, err := synthetic.Generate(synthetic.Options{Years: benchYears, Units: benchUnits, Seed: benchSeed})
	if err != nil {
		return nil, err
	}
	c := &corpus{docs: docs, fsys: synthetic.MapFS(docs)}
	for _, d := range docs {
		c.bytes += int64(len(d.Source))
	}
	return c, nil
})

func archive1000(b *testing.B) *corpus {
	b.Helper()
	c, err := shared()
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// sample is a document with everything in it: a second-year team
// document (report section, threads, measures).
func sample(b *testing.B, c *corpus) *synthetic.Doc {
	b.Helper()
	for _, d := range c.docs {
		if d.Year == c.docs[0].Year+1 && d.Kind == "班子" {
			return d
		}
	}
	b.Fatal("no second-year team document")
	return nil
}

// perSecond reports n things per second of the benchmark's timed run.
func perSecond(b *testing.B, n float64, unit string) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(n/s, unit)
	}
}

// BenchmarkParse parses one document: front matter, goldmark, structure,
// HTML body with placeholders.
func BenchmarkParse(b *testing.B) {
	c := archive1000(b)
	d := sample(b, c)
	cfg, vocab, diags := content.LoadConfig(c.fsys)
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	p := content.NewParser(cfg, vocab, render.Markup{})
	b.SetBytes(int64(len(d.Source)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		doc, diags := p.Parse(d.Path(), d.Source)
		if doc == nil || diags.HasErrors() {
			b.Fatal(diags)
		}
		n++
	}
	perSecond(b, float64(n), "docs/s")
}

// BenchmarkReadAll parses the 1,000 documents from an in-memory file
// system, in parallel, as site.Load does.
func BenchmarkReadAll(b *testing.B) {
	c := archive1000(b)
	cfg, vocab, _ := content.LoadConfig(c.fsys)
	p := content.NewParser(cfg, vocab, render.Markup{})
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		docs, diags := p.ReadAll(c.fsys)
		if diags.HasErrors() || len(docs) != len(c.docs) {
			b.Fatal(diags)
		}
		n++
	}
	perSecond(b, float64(n*len(c.docs)), "docs/s")
}

// BenchmarkResolve resolves the 1,000 parsed documents into an archive:
// references, statuses, threads, rebounds, completeness.
func BenchmarkResolve(b *testing.B) {
	c := archive1000(b)
	cfg, vocab, _ := content.LoadConfig(c.fsys)
	docs, diags := content.NewParser(cfg, vocab, render.Markup{}).ReadAll(c.fsys)
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		a, diags := archive.Build(docs)
		if a == nil || diags.HasErrors() {
			b.Fatal(diags)
		}
		n++
	}
	perSecond(b, float64(n*len(docs)), "docs/s")
}

// BenchmarkRenderDocument renders one document page of the 1,000-document
// archive (RenderOnly with a filter for that page), with a warm renderer:
// the cost of one page in an incremental rebuild.
func BenchmarkRenderDocument(b *testing.B) {
	c := archive1000(b)
	s, diags := site.Load(c.fsys)
	if s == nil {
		b.Fatal(diags)
	}
	d := sample(b, c)
	var doc *archive.Doc
	for _, ad := range s.Archive.Docs {
		if ad.Key == d.Key() {
			doc = ad
		}
	}
	path := render.DocumentPath(doc)
	r := render.New(s.Templates, s.Archive, s.Config)
	var out output.Mem
	only := func(p string) bool { return p == path }
	// Once outside the timer: the renderer builds its archive-wide data
	// (the search index) on first use.
	if _, diags := r.RenderOnly(&out, only); diags.HasErrors() {
		b.Fatal(diags)
	}
	b.SetBytes(int64(len(d.Source)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		written, diags := r.RenderOnly(&out, only)
		if written != 1 || diags.HasErrors() {
			b.Fatalf("wrote %d files: %v", written, diags)
		}
		n++
	}
	b.ReportMetric(float64(len(out.Files[path])), "html-bytes")
	perSecond(b, float64(n), "pages/s")
}

// BenchmarkSite1000 is the whole build of 1,000 documents in memory:
// site.Load (config, parse, resolve, layouts) and Render into a MemOutput.
func BenchmarkSite1000(b *testing.B) {
	c := archive1000(b)
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	n, pages := 0, 0
	for b.Loop() {
		s, diags := site.Load(c.fsys)
		if s == nil {
			b.Fatal(diags)
		}
		var out output.Mem
		sum, rd := s.Render(&out)
		if rd.HasErrors() {
			b.Fatal(rd)
		}
		pages = sum.Files
		n++
	}
	perSecond(b, float64(n*len(c.docs)), "docs/s")
	b.ReportMetric(float64(pages), "files")
}

// BenchmarkSearchIndex builds the search index of the 1,000-document
// archive, dropping the files: tokenising, weighting, encoding.
func BenchmarkSearchIndex(b *testing.B) {
	c := archive1000(b)
	s, diags := site.Load(c.fsys)
	if s == nil {
		b.Fatal(diags)
	}
	b.ReportAllocs()
	var idx *search.Index
	for b.Loop() {
		var err error
		if idx, err = search.Build(s.Archive, func(string, []byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(idx.Records), "records")
	b.ReportMetric(float64(idx.Bytes)/1e6, "MB")
}
