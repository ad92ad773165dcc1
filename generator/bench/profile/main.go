// Command profile builds a site in process under runtime/pprof: the same
// site.Load and Site.Render that "generator build" runs, with CPU and heap
// profiles written to files, the time of each stage and the largest pages.
//
// Usage:
//
//	go run ./generator/bench/profile -s SITE_DIR [-cpuprofile cpu.pprof] [-memprofile mem.pprof] [-loadmemprofile load.pprof] [-d OUT_DIR | -stages] [-top N]
//	go tool pprof -top -nodecount 25 cpu.pprof
//	go tool pprof -top -nodecount 25 -sample_index=alloc_space mem.pprof
//
// Without -d the pages are measured, not kept (so the heap is the
// generator's own, not the output's), and load and render are timed apart;
// with -d the site is built and published to OUT_DIR by site.Build, exactly
// as "generator build" does. With -stages the render is done page kind by
// page kind (home, year, unit, document, ledger, outstanding, search…) with
// the wall and CPU time of each.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"mzshh/generator/bench"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"mzshh/generator/diag"
	"mzshh/generator/render"
	"mzshh/generator/search"
	"mzshh/generator/similar"
	"mzshh/generator/site"
)

// sizes is an output that keeps only the size of every file.
type sizes struct {
	mu    sync.Mutex
	files map[string]int
}

func (s *sizes) WriteFile(name string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[name] = len(data)
	return nil
}

func main() {
	dir := flag.String("s", ".", "site directory")
	dest := flag.String("d", "", "publish the pages here (default: measure them only)")
	cpuFile := flag.String("cpuprofile", "", "write a CPU profile here")
	memFile := flag.String("memprofile", "", "write a heap profile here (after rendering)")
	loadMemFile := flag.String("loadmemprofile", "", "write a heap profile here right after loading: what the loaded site retains (inuse_space)")
	peakMemFile := flag.String("peakmemprofile", "", "write a heap profile here whenever the live heap reaches a new high (by 5 %): what the build holds at its peak")
	top := flag.Int("top", 10, "list the N largest files")
	stages := flag.Bool("stages", false, "render page kind by page kind (RenderOnly), timing each (not with -d)")
	flag.Parse()

	if *cpuFile != "" {
		f, err := os.Create(*cpuFile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer f.Close()
	}

	if *peakMemFile != "" {
		stop := watchPeak(*peakMemFile)
		defer stop()
	}

	start := time.Now()
	out := &sizes{files: map[string]int{}}
	var sum site.Summary
	var diags diag.List
	var loaded time.Duration
	if *dest != "" {
		// Exactly what "generator build" does.
		var err error
		sum, diags, err = site.Build(context.Background(), *dir, *dest, nil)
		loaded = -1
		if err != nil {
			diags.Print(os.Stderr)
			check(err)
		}
		check(filepath.WalkDir(*dest, func(p string, de fs.DirEntry, err error) error {
			if err == nil && !de.IsDir() {
				if fi, err := de.Info(); err == nil {
					rel, _ := filepath.Rel(*dest, p)
					out.files[filepath.ToSlash(rel)] = int(fi.Size())
				}
			}
			return err
		}))
	} else {
		// As build loads: one-off, its bodies in a spill file.
		b := site.NewOneOff(os.DirFS(*dir))
		defer b.Close()
		s, d, _ := b.Load(nil, true)
		diags = d
		loaded = time.Since(start)
		if *loadMemFile != "" && s != nil {
			writeHeapProfile(*loadMemFile)
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			fmt.Printf("profile: the loaded site holds %.0f MB of heap\n", float64(ms.HeapAlloc)/1e6)
			start = start.Add(time.Since(start) - loaded) // do not count the GC and the profile
		}
		if s == nil {
			diags.Print(os.Stderr)
			fmt.Fprintf(os.Stderr, "profile: %d errors\n", diags.Count(diag.Error))
			os.Exit(1)
		}
		var rd diag.List
		if *stages {
			sum = renderStages(s, out)
		} else {
			sum, rd = s.Render(out)
		}
		if rd.HasErrors() {
			rd.Print(os.Stderr)
			os.Exit(1)
		}
	}
	total := time.Since(start)
	if *cpuFile != "" {
		pprof.StopCPUProfile()
	}
	if *memFile != "" {
		writeHeapProfile(*memFile)
	}

	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var bytes int64
	type file struct {
		name string
		size int
	}
	var files []file
	for name, n := range out.files {
		bytes += int64(n)
		files = append(files, file{name, n})
	}
	slices.SortFunc(files, func(a, b file) int { return cmp.Or(b.size-a.size, cmp.Compare(a.name, b.name)) })
	fmt.Printf("profile: %d documents, %d problems, %d reports; %d warnings\n", sum.Documents, sum.Problems, sum.Reports, diags.Count(diag.Warning))
	if loaded >= 0 {
		fmt.Printf("profile: load %s, render %s, ", loaded.Round(time.Millisecond), (total - loaded).Round(time.Millisecond))
	} else {
		fmt.Printf("profile: build (load, render, publish) ")
	}
	fmt.Printf("total %s; %d files, %.1f MB\n", total.Round(time.Millisecond), len(files), float64(bytes)/1e6)
	fmt.Printf("profile: %.1f GB allocated in all, %d GCs, heap now %.0f MB\n", float64(ms.TotalAlloc)/1e9, ms.NumGC, float64(ms.HeapAlloc)/1e6)
	for _, f := range files[:min(*top, len(files))] {
		fmt.Printf("%12d  %s\n", f.size, f.name)
	}
}

// watchPeak samples the live heap (as of the last GC) every 50 ms and
// writes a heap profile to file whenever it passes its highest value so
// far by 5 %. stop prints the peak.
func watchPeak(file string) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var peak uint64
	go func() {
		defer close(finished)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak+peak/20 {
				peak = v
				f, err := os.Create(file)
				check(err)
				check(pprof.Lookup("heap").WriteTo(f, 0))
				check(f.Close())
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		fmt.Printf("profile: peak live heap %.0f MB (heap profile at that point: %s)\n", float64(peak)/1e6, file)
	}
}

// kindOf sorts an output path into its page kind.
func kindOf(p string) string {
	switch {
	case p == "index.html":
		return "home"
	case topPageRE.MatchString(p):
		return topPageRE.FindStringSubmatch(p)[1] // outstanding.html, outstanding-2.html…
	case yearPageRE.MatchString(p):
		return "year"
	case docPageRE.MatchString(p):
		return "document"
	}
	if dir, _, ok := strings.Cut(p, "/"); ok {
		return dir
	}
	return "other"
}

var (
	topPageRE  = regexp.MustCompile(`^([^/]+?)(-[0-9]+)?\.html$`)
	yearPageRE = regexp.MustCompile(`^[0-9]{4}/index\.html$`)
	docPageRE  = regexp.MustCompile(`^[0-9]{4}/[^/]+\.html$`)
)

// renderStages renders the site page kind by page kind, with the
// renderer's archive-wide preparation (render.New, the search index)
// timed apart, and prints the wall and CPU time of each stage.
func renderStages(s *site.Site, out *sizes) site.Summary {
	stage := func(name string, f func() string) {
		w, c := time.Now(), bench.CPUTime()
		note := f()
		fmt.Printf("stage %-12s wall %8s  cpu %8s  %s\n", name, time.Since(w).Round(time.Millisecond), (bench.CPUTime() - c).Round(time.Millisecond), note)
	}
	var r *render.Renderer
	stage("render.New", func() string { r = s.Renderer(); return "" })
	stage("similar.Check", func() string {
		rep := similar.Check(s.Archive, similar.Options{Threshold: s.Config.Similarity.Threshold, Boilerplate: s.Config.Similarity.Boilerplate})
		return fmt.Sprintf("%d 雷同 pairs of %d texts (site.Load ran it once already; this is a second run)", len(rep.Pairs), rep.Stats.Texts)
	})
	stage("search index", func() string {
		idx, err := search.Build(s.Archive, out.WriteFile)
		if err != nil {
			return err.Error()
		}
		return fmt.Sprintf("%d files, %.1f MB", idx.Files, float64(idx.Bytes)/1e6)
	})
	kinds := map[string]int{}
	for _, p := range r.Paths() {
		kinds[kindOf(p)]++
	}
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	slices.Sort(names)
	files := 0
	for _, k := range names {
		stage(k, func() string {
			before := out.total()
			n, diags := r.RenderOnly(out, func(p string) bool { return kindOf(p) == k })
			if diags.HasErrors() {
				diags.Print(os.Stderr)
				os.Exit(1)
			}
			files += n
			return fmt.Sprintf("%d files, %.1f MB", n, float64(out.total()-before)/1e6)
		})
	}
	sum := site.Summary{Documents: len(s.Archive.Docs), Files: files}
	for _, d := range s.Archive.Docs {
		sum.Problems += len(d.Problems)
		sum.Reports += len(d.Reports)
	}
	return sum
}

func (s *sizes) total() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for _, v := range s.files {
		n += int64(v)
	}
	return n
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "profile:", err)
		os.Exit(1)
	}
}

// writeHeapProfile writes the heap profile, after a collection, to path.
func writeHeapProfile(path string) {
	f, err := os.Create(path)
	check(err)
	runtime.GC()
	check(pprof.WriteHeapProfile(f))
	check(f.Close())
}
