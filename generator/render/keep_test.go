package render

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// findKeepByScans is findKeep as a search for each word over the whole
// text: the earliest label, then an earlier status word.
func findKeepByScans(v []byte) (int, int) {
	a, b := -1, -1
	for _, l := range deadlineLabels {
		if i := bytes.Index(v, l); i >= 0 && (a < 0 || i < a) {
			end := i + len(l)
			if j := bytes.IndexFunc(v[end:], isDeadlineEnd); j >= 0 {
				end += j
			} else {
				end = len(v)
			}
			a, b = i, end
		}
	}
	for _, w := range statusWords {
		if i := bytes.Index(v, w); i >= 0 && (a < 0 || i < a) {
			a, b = i, i+len(w)
		}
	}
	return a, b
}

// TestFindKeep checks findKeep against a search for each word, on texts
// made of labels, status words, their prefixes and filler.
func TestFindKeep(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	var parts [][]byte
	for _, w := range append(append([][]byte{}, deadlineLabels...), statusWords...) {
		parts = append(parts, w, w[:len(w)-1], w[:3])
	}
	parts = append(parts, []byte("，"), []byte("。"), []byte(" "), []byte("2023年6月底"), []byte("问题"), []byte("整"), []byte("a"))
	for n := range 3000 {
		var v []byte
		for range rng.IntN(8) {
			v = append(v, parts[rng.IntN(len(parts))]...)
		}
		a, b := findKeep(v)
		wa, wb := findKeepByScans(v)
		if a != wa || b != wb {
			t.Fatalf("case %d, %q: findKeep gave %d..%d, want %d..%d", n, v, a, b, wa, wb)
		}
	}
}
