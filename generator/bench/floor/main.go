// Command floor measures the goldmark floor: how fast the Markdown of a
// site converts to HTML with goldmark alone, configured with the same
// extensions as the generator's parser (content.newMarkdown: Table, CJK,
// heading attributes, auto heading IDs), on all cores, in process. No
// archive, no templates, no files written: what is left when everything
// but Markdown conversion is free.
//
// Usage:
//
//	go run ./generator/bench/floor -s SITE_DIR [-j N] [-repeat N]
//
// It reads every SITE_DIR/content/**/*.md, drops the front matter, converts
// the bodies and prints the wall and CPU time and the throughput.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"mzshh/generator/bench"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

func main() {
	dir := flag.String("s", ".", "site directory (its content/ is read)")
	workers := flag.Int("j", runtime.GOMAXPROCS(0), "conversions in parallel")
	repeat := flag.Int("repeat", 1, "convert everything this many times")
	flag.Parse()

	start := time.Now()
	cpu0 := bench.CPUTime()
	var bodies [][]byte
	var total int64
	err := filepath.WalkDir(filepath.Join(*dir, "content"), func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		b := body(src)
		bodies = append(bodies, b)
		total += int64(len(b))
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	read := time.Since(start)

	md := goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.CJK),
		goldmark.WithParserOptions(parser.WithAttribute(), parser.WithAutoHeadingID()),
	)
	convStart := time.Now()
	cpu1 := bench.CPUTime()
	var out atomic.Int64
	var next atomic.Int64
	n := int64(len(bodies) * *repeat)
	var wg sync.WaitGroup
	for range max(*workers, 1) {
		wg.Go(func() {
			var buf bytes.Buffer
			for {
				i := next.Add(1) - 1
				if i >= n {
					return
				}
				buf.Reset()
				if err := md.Convert(bodies[i%int64(len(bodies))], &buf); err != nil {
					fmt.Fprintln(os.Stderr, "floor:", err)
					os.Exit(1)
				}
				out.Add(int64(buf.Len()))
			}
		})
	}
	wg.Wait()
	conv := time.Since(convStart)
	cpu2 := bench.CPUTime()

	mb := float64(total) * float64(*repeat) / 1e6
	fmt.Printf("floor: %d documents, %.1f MB of Markdown → %.1f MB of HTML, %d workers\n",
		len(bodies), mb, float64(out.Load())/1e6, *workers)
	fmt.Printf("floor: read %s; convert wall %s, cpu %s, %.1f MB/s (%.1f MB/s per cpu-second)\n",
		read.Round(time.Millisecond), conv.Round(time.Millisecond), (cpu2 - cpu1).Round(time.Millisecond),
		mb/conv.Seconds(), mb/(cpu2-cpu1).Seconds())
	fmt.Printf("floor: total wall %s, cpu %s\n", time.Since(start).Round(time.Millisecond), (cpu2 - cpu0).Round(time.Millisecond))
}

// body drops the YAML front matter, as the generator does before goldmark
// sees the text.
func body(src []byte) []byte {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return src
	}
	if i := bytes.Index(src[4:], []byte("\n---\n")); i >= 0 {
		return src[4+i+5:]
	}
	return src
}
