package serve

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"mzshh/generator/bench/synthetic"
	"mzshh/generator/site"
)

// BenchmarkRebuildAfterOneEdit measures what serve does after a document
// is saved: re-parse it, resolve the archive, re-render the affected
// pages. (The search index is then rebuilt in the background, not timed.)
//
//	go test -run '^$' -bench RebuildAfterOneEdit -benchtime 10x ./generator/serve
func BenchmarkRebuildAfterOneEdit(b *testing.B) {
	for _, n := range []struct{ docs, years, units int }{{1000, 10, 100}, {10000, 14, 715}} {
		b.Run(fmt.Sprintf("docs=%d", n.docs), func(b *testing.B) {
			opts := synthetic.Options{Docs: n.docs, Years: n.years, Units: n.units, Seed: 1}
			docs, err := synthetic.Generate(opts)
			if err != nil {
				b.Fatal(err)
			}
			dir := b.TempDir()
			if _, err := synthetic.Write(opts, dir, ""); err != nil {
				b.Fatal(err)
			}
			bld := site.NewPreview(os.DirFS(dir))
			if res := bld.Update(nil, true); !res.OK {
				b.Fatalf("initial build: %v", res.Diags)
			}
			// Edit a document of the middle year, which both reports on
			// the year before and is reported on by the year after.
			d := docs[len(docs)/2]
			orig := d.Source
			rendered := 0
			// The initial build's garbage is collected before the edits,
			// as it is long before a writer saves: a collection of it in
			// the middle of the first few edits would be charged to them.
			runtime.GC()
			b.ResetTimer()
			for i := range b.N {
				edited := bytes.Replace(orig, []byte("## "), fmt.Appendf(nil, "第%d次修改。\n\n## ", i), 1)
				if err := os.WriteFile(filepath.Join(dir, d.Path()), edited, 0o644); err != nil {
					b.Fatal(err)
				}
				res := bld.Update([]string{d.Path()}, false)
				if !res.OK || res.Parsed != 1 {
					b.Fatalf("rebuild: ok=%v parsed=%d %v", res.OK, res.Parsed, res.Diags)
				}
				rendered = res.Rendered
			}
			b.ReportMetric(float64(rendered), "pages/rebuild")
		})
	}
}
