package diag

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortIsTotalOrder checks Sort against one sort of the whole list by
// path, line, column, severity and message, duplicates removed, on lists
// with runs of one file's diagnostics and files in several runs.
func TestSortIsTotalOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for n := range 300 {
		var l List
		for range rng.IntN(60) {
			path := fmt.Sprintf("content/%d/d%d.md", 2020+rng.IntN(3), rng.IntN(5))
			for range 1 + rng.IntN(4) { // a run
				l = append(l, Diagnostic{Path: path, Line: rng.IntN(5), Col: rng.IntN(3), Severity: Severity(rng.IntN(2)), Message: fmt.Sprint(rng.IntN(3))})
			}
		}
		want := slices.Clone(l)
		slices.SortFunc(want, func(a, b Diagnostic) int {
			return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col), cmp.Compare(a.Severity, b.Severity), cmp.Compare(a.Message, b.Message))
		})
		want = slices.Compact(want)
		l.Sort()
		if !slices.Equal(l, want) {
			t.Fatalf("list %d: got\n%v\nwant\n%v", n, l, want)
		}
	}
}

// randomSorted returns a sorted list of up to 19 diagnostics over four
// files, with duplicates before sorting.
func randomSorted(rng *rand.Rand) List {
	var l List
	for range rng.IntN(20) {
		l = append(l, Diagnostic{Path: fmt.Sprintf("d%d.md", rng.IntN(4)), Line: rng.IntN(4), Message: fmt.Sprint(rng.IntN(2))})
	}
	l.Sort()
	return l
}

// TestMerge checks Merge against Sort of both lists together.
func TestMerge(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	gen := func() List { return randomSorted(rng) }
	for n := range 300 {
		a, b := gen(), gen()
		want := slices.Concat(a, b)
		want.Sort()
		if got := a.Merge(b); !slices.Equal(got, want) {
			t.Fatalf("case %d: Merge gave\n%v\nwant\n%v", n, got, want)
		}
	}
}

// TestDiff checks Diff against sets: the diagnostics of the new list not
// in the old, and the number of the old not in the new.
func TestDiff(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	gen := func() List { return randomSorted(rng) }
	for n := range 300 {
		l, prev := gen(), gen()
		var want List
		for _, d := range l {
			if !slices.Contains(prev, d) {
				want = append(want, d)
			}
		}
		wantGone := 0
		for _, d := range prev {
			if !slices.Contains(l, d) {
				wantGone++
			}
		}
		if added, gone := l.Diff(prev); !slices.Equal(added, want) || gone != wantGone {
			t.Fatalf("case %d: Diff gave %v and %d gone, want %v and %d", n, added, gone, want, wantGone)
		}
	}
}
