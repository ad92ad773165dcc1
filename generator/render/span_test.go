package render

import (
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"slices"
	"testing"

	"mzshh/generator/archive"
	"mzshh/generator/content"
)

// TestSpanCoversTheRange: for random runs and ranges, span writes every
// item of the range once, a document wholly inside as a whole, a document
// the range cuts item by item, and nothing outside the range.
func TestSpanCoversTheRange(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 500 {
		var docs []*archive.Doc
		var runs []docRun
		for i := range rng.IntN(8) {
			d := &archive.Doc{Document: &content.Document{Key: fmt.Sprint(i)}, Index: i}
			docs = append(docs, d)
			runs = appendRun(runs, d, rng.IntN(4))
		}
		total := 0
		if len(runs) > 0 {
			total = runs[len(runs)-1].to
		}
		lo := rng.IntN(total + 1)
		hi := lo + rng.IntN(total-lo+1)
		m := &PlanMemo{}
		for k := range m.docs {
			m.docs[k] = make([]memo[*archive.Doc], len(docs))
		}
		pl := &planner{PlanMemo: m, v: Versions{Seed: maphash.MakeSeed()}}
		var got []int
		pl.sum(func() {
			pl.span(docRows, runs, lo, hi, func(d *archive.Doc) {
				r := runs[slices.IndexFunc(runs, func(r docRun) bool { return r.doc == d })]
				if r.from < lo || r.to > hi {
					t.Fatalf("case %d: document %s written whole, but the range %d..%d cuts its items %d..%d", n, d.Key, lo, hi, r.from, r.to)
				}
				for i := r.from; i < r.to; i++ {
					got = append(got, i)
				}
			}, func(d *archive.Doc, k int) {
				r := runs[slices.IndexFunc(runs, func(r docRun) bool { return r.doc == d })]
				got = append(got, r.from+k)
			})
		})
		var want []int
		for i := lo; i < hi; i++ {
			want = append(want, i)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("case %d: runs %v, range %d..%d: span wrote items %v", n, runs, lo, hi, got)
		}
	}
}
