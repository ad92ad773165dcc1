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
				if l.Current != (i == j) || l.N != j+1 || l.Gap {
					t.Errorf("paginate(%d) page %d link %d: %+v", tc.n, i, j, l)
				}
			}
			if !reflect.DeepEqual(paths, tc.paths) {
				t.Errorf("paginate(%d) page %d paths %v, want %v", tc.n, i, paths, tc.paths)
			}
		}
	}
}

// TestPagerFor checks every pager of lists of up to pagerAll pages and
// beyond: it links the first, last and current pages, in order, marks
// the gaps, stays short, and reaches any page in a few clicks.
func TestPagerFor(t *testing.T) {
	for _, pages := range []int{1, 2, 3, pagerAll, pagerAll + 1, 20, 99, 100, 101, 357, 1000, 4321} {
		links := make([][]int, pages+1) // the pages each page links
		for cur := 1; cur <= pages; cur++ {
			p := pagerFor("outstanding.html", pages, cur)
			if pages == 1 {
				if p != nil {
					t.Errorf("pagerFor(%d, 1) = %v, want none", pages, p)
				}
				continue
			}
			if got := p.Pages(); got != pages {
				t.Errorf("pagerFor(%d, %d).Pages() = %d", pages, cur, got)
			}
			if p[0].N != 1 || p[0].Gap {
				t.Errorf("pagerFor(%d, %d) starts with %+v", pages, cur, p[0])
			}
			if pages <= pagerAll && len(p) != pages {
				t.Errorf("pagerFor(%d, %d): %d links, want every page", pages, cur, len(p))
			}
			if len(p) > 32 {
				t.Errorf("pagerFor(%d, %d): %d links", pages, cur, len(p))
			}
			currents := 0
			for i, l := range p {
				if l.Path != pagePath("outstanding.html", l.N) {
					t.Errorf("pagerFor(%d, %d): page %d at %s", pages, cur, l.N, l.Path)
				}
				if l.Current {
					currents++
					if l.N != cur {
						t.Errorf("pagerFor(%d, %d): page %d is current", pages, cur, l.N)
					}
				}
				if i > 0 && (l.N <= p[i-1].N || l.Gap != (l.N != p[i-1].N+1)) {
					t.Errorf("pagerFor(%d, %d): %+v after %+v", pages, cur, l, p[i-1])
				}
				links[cur] = append(links[cur], l.N)
			}
			if currents != 1 {
				t.Errorf("pagerFor(%d, %d): %d current pages", pages, cur, currents)
			}
		}
		if pages == 1 {
			continue
		}
		// The clicks from page 1 to every page, breadth first.
		clicks := make([]int, pages+1)
		for i := range clicks {
			clicks[i] = -1
		}
		clicks[1] = 0
		queue := []int{1}
		for len(queue) > 0 {
			at := queue[0]
			queue = queue[1:]
			for _, n := range links[at] {
				if clicks[n] < 0 {
					clicks[n] = clicks[at] + 1
					queue = append(queue, n)
				}
			}
		}
		for n := 1; n <= pages; n++ {
			if clicks[n] < 0 || clicks[n] > 10 {
				t.Errorf("%d pages: page %d is %d clicks from the first", pages, n, clicks[n])
			}
		}
	}
}
