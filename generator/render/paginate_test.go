package render

import (
	"reflect"
	"testing"
)

func TestPaginate(t *testing.T) {
	for _, tc := range []struct {
		n      int
		ranges [][2]int
		paths  []string
	}{
		{0, [][2]int{{0, 0}}, nil},
		{rowsPerPage, [][2]int{{0, rowsPerPage}}, nil},
		{rowsPerPage + 1, [][2]int{{0, rowsPerPage}, {rowsPerPage, rowsPerPage + 1}}, []string{"ledger/2021.html", "ledger/2021-2.html"}},
		{2*rowsPerPage + 5, [][2]int{{0, rowsPerPage}, {rowsPerPage, 2 * rowsPerPage}, {2 * rowsPerPage, 2*rowsPerPage + 5}}, []string{"ledger/2021.html", "ledger/2021-2.html", "ledger/2021-3.html"}},
	} {
		ranges, pagers := paginate("ledger/2021.html", tc.n)
		if !reflect.DeepEqual(ranges, tc.ranges) {
			t.Errorf("paginate(%d) ranges %v, want %v", tc.n, ranges, tc.ranges)
		}
		if len(pagers) != len(ranges) {
			t.Fatalf("paginate(%d): %d pagers for %d pages", tc.n, len(pagers), len(ranges))
		}
		for i, links := range pagers {
			var paths []string
			for j, l := range links {
				paths = append(paths, l.Path)
				if l.Current != (i == j) || l.N != j+1 {
					t.Errorf("paginate(%d) page %d link %d: %+v", tc.n, i, j, l)
				}
			}
			if !reflect.DeepEqual(paths, tc.paths) {
				t.Errorf("paginate(%d) page %d paths %v, want %v", tc.n, i, paths, tc.paths)
			}
		}
	}
}
