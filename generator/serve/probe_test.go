package serve

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"testing"
	"time"

	"mzshh/generator/bench/synthetic"
	"mzshh/generator/site"
)

func TestProbeRebuild(t *testing.T) {
	out := os.Getenv("PROBE_PROF")
	if out == "" {
		t.Skip()
	}
	opts := synthetic.Options{Docs: 10000, Years: 14, Units: 715, Seed: 1}
	docs, _ := synthetic.Generate(opts)
	dir := t.TempDir()
	synthetic.Write(opts, dir, "")
	bld := site.NewPreview(os.DirFS(dir))
	bld.Update(nil, true)
	d := docs[len(docs)/2]
	orig := d.Source
	f, _ := os.Create(out)
	pprof.StartCPUProfile(f)
	var times []time.Duration
	for i := range 100 {
		edited := bytes.Replace(orig, []byte("## "), fmt.Appendf(nil, "第%d次修改。\n\n## ", i), 1)
		os.WriteFile(filepath.Join(dir, d.Path()), edited, 0o644)
		st := time.Now()
		bld.Update([]string{d.Path()}, false)
		times = append(times, time.Since(st))
	}
	pprof.StopCPUProfile()
	t.Log(times)
}
