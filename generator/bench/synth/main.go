// Command synth writes a synthetic archive of 对照检查材料 for benchmarks.
//
// Usage:
//
//	go run ./generator/bench/synth -n N -years Y -units U -seed S -o DIR [-hugo DIR]
//
// DIR gets config.yaml and content/<year>/<name>.md: N documents (default
// Y × U) over Y years and U units, deterministic from S. With -hugo, the
// same documents are also written as a plain Hugo site (hugo.toml, minimal
// layouts, content/ with Hugo front matter and [[…]] as Markdown links).
// A directory that exists, is not empty and was not made by synth is
// refused.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"mzshh/generator/bench/synthetic"
)

func main() {
	var o synthetic.Options
	var out, hugo string
	flag.IntVar(&o.Docs, "n", 0, "number of documents (default years × units)")
	flag.IntVar(&o.Years, "years", 10, "number of years")
	flag.IntVar(&o.Units, "units", 0, "number of units: teams and members, one document each a year (default n / years)")
	flag.Uint64Var(&o.Seed, "seed", 1, "random seed")
	flag.IntVar(&o.FirstYear, "first-year", 0, "first year (default: the archive ends in 2023)")
	flag.StringVar(&out, "o", "", "site directory to write (required)")
	flag.StringVar(&hugo, "hugo", "", "also write the documents as a plain Hugo site here")
	flag.Parse()
	if out == "" || flag.NArg() > 0 || (o.Docs <= 0 && o.Units <= 0) {
		fmt.Fprintln(os.Stderr, "usage: synth -n N [-years Y] [-units U] [-seed S] -o DIR [-hugo DIR]")
		flag.PrintDefaults()
		os.Exit(2)
	}
	start := time.Now()
	st, err := synthetic.Write(o, out, hugo)
	if err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
	fmt.Printf("synth: %d documents, %d years, %d units, %.1f MB of Markdown (%.1f KB a document) in %s\n",
		st.Docs, st.Years, st.Units, float64(st.Bytes)/1e6, float64(st.Bytes)/float64(max(st.Docs, 1))/1e3, time.Since(start).Round(time.Millisecond))
}
