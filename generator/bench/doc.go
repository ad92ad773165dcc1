// Package bench holds the performance tooling of the generator; the code
// is in its sub-packages and the benchmarks in bench_test.go:
//
//   - synthetic: a deterministic generator of archives of any size, every
//     sentence taken from the real seed material; synth is its command.
//   - floor: goldmark alone on the same Markdown, the lower bound.
//   - profile: site.Load and Render under runtime/pprof.
//   - run: the benchmark script (ours, Hugo and the floor at 1,000 and
//     10,000 documents; medians, peak memory, a Markdown table).
//
// go test -run '^$' -bench . ./generator/bench runs the benchmarks of the
// hot paths (parse one document, read and resolve 1,000, render one page,
// the whole 1,000-document site in memory).
package bench
