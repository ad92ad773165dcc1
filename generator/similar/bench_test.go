package similar_test

import (
	"sync"
	"testing"

	"mzshh/generator/archive"
	"mzshh/generator/bench/synthetic"
	"mzshh/generator/content"
	"mzshh/generator/similar"
)

// archive1000 is the synthetic archive of the other benchmarks (10 years
// of 100 units, seed 1), parsed and resolved once, outside the timers.
var archive1000 = sync.OnceValues(func() (*archive.Archive, error) {
	docs, err := synthetic.Generate(synthetic.Options{Years: 10, Units: 100, Seed: 1})
	if err != nil {
		return nil, err
	}
	fsys := synthetic.MapFS(docs)
	cfg, vocab, _ := content.LoadConfig(fsys)
	parsed, _ := content.NewParser(cfg, vocab, nil).ReadAll(fsys)
	a, _ := archive.Build(parsed)
	return a, nil
})

// BenchmarkCheck1000 is the whole similarity pass over 1,000 documents:
// normalising, shingling, the boilerplate, the index and the scopes.
func BenchmarkCheck1000(b *testing.B) {
	a, err := archive1000()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		similar.Check(a, similar.Options{})
	}
	b.ReportMetric(float64(len(a.Docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}
