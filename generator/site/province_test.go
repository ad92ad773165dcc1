package site

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"mzshh/generator/bench/synthetic"
	"mzshh/generator/output"

	"golang.org/x/net/html"
)

// TestHomeListsUnitsWhileFew: the home page lists every unit (its unit
// card and status table) while there are few; a province's thousands go
// to the statistics page, which the home page links to, so the home page
// stays small. The statistics page splits its unit table into pages of
// 1,000 units. Every unit's page is linked from the home page or from
// exactly one statistics page.
func TestHomeListsUnitsWhileFew(t *testing.T) {
	for _, tc := range []struct {
		units      int
		onHome     bool
		maxBytes   int
		statsPages int
	}{
		{units: 40, onHome: true, statsPages: 1},
		{units: 400, onHome: false, maxBytes: 64 << 10, statsPages: 1},
		{units: 1050, onHome: false, maxBytes: 64 << 10, statsPages: 2},
	} {
		dir := t.TempDir()
		if _, err := synthetic.Write(synthetic.Options{Years: 1, Units: tc.units, Seed: 3}, dir, ""); err != nil {
			t.Fatal(err)
		}
		s, diags := Load(os.DirFS(dir))
		if s == nil {
			t.Fatalf("%d units: %v", tc.units, diags)
		}
		out := &output.Mem{Files: map[string][]byte{}}
		if _, rd := s.Render(out); rd.HasErrors() {
			t.Fatal(rd)
		}
		home := string(out.Files["index.html"])
		links := func(name string) map[string]bool {
			set := map[string]bool{}
			walk(parseHTML(t, name, out.Files[name]), func(n *html.Node) bool {
				if href, ok := attr(n, "href"); ok {
					if u, err := urlUnescape(href); err == nil {
						set[u] = true
					}
				}
				return true
			})
			return set
		}
		onHome := links("index.html")
		var onStats []map[string]bool
		for n := 1; ; n++ {
			name := "stats.html"
			if n > 1 {
				name = fmt.Sprintf("stats-%d.html", n)
			}
			if _, ok := out.Files[name]; !ok {
				break
			}
			onStats = append(onStats, links(name))
		}
		if len(onStats) != tc.statsPages {
			t.Fatalf("%d units: %d statistics pages, want %d", len(s.Archive.Units), len(onStats), tc.statsPages)
		}
		for _, u := range s.Archive.Units {
			page := "units/" + u.Slug + ".html"
			if onHome[page] != tc.onHome {
				t.Fatalf("%d units: the home page links %s: %v, want %v", len(s.Archive.Units), u.Name, onHome[page], tc.onHome)
			}
			n := 0
			for _, l := range onStats {
				if l[page] {
					n++
				}
			}
			if !tc.onHome && n != 1 {
				t.Fatalf("%d units: %s is linked from %d statistics pages, want 1", len(s.Archive.Units), u.Name, n)
			}
		}
		if tc.statsPages > 1 && !onStats[0]["stats-2.html"] {
			t.Errorf("%d units: the first statistics page does not link the second", len(s.Archive.Units))
		}
		if !tc.onHome {
			if !strings.Contains(home, `href="stats.html#stats-units"`) {
				t.Errorf("%d units: the home page does not point to the statistics page's unit table", len(s.Archive.Units))
			}
			if len(home) > tc.maxBytes {
				t.Errorf("%d units: the home page is %d bytes", len(s.Archive.Units), len(home))
			}
		}
	}
}

// TestOutstandingPages: a long outstanding list is split into pages,
// each with a pager that names the number of pages, marks its own and
// links only pages that exist, and a filter that offers exactly the years
// and units of its own rows, in the site's order, not every unit of the
// archive on every page.
func TestOutstandingPages(t *testing.T) {
	dir := t.TempDir()
	if _, err := synthetic.Write(synthetic.Options{Years: 3, Units: 120, Seed: 5}, dir, ""); err != nil {
		t.Fatal(err)
	}
	s, diags := Load(os.DirFS(dir))
	if s == nil {
		t.Fatal(diags)
	}
	out := &output.Mem{Files: map[string][]byte{}}
	if _, rd := s.Render(out); rd.HasErrors() {
		t.Fatal(rd)
	}
	unitOrder := map[string]int{}
	for i, u := range s.Archive.Units {
		unitOrder[u.Name] = i
	}
	pages := 0
	for out.Files[pageName(pages+1)] != nil {
		pages++
	}
	if pages < 3 {
		t.Fatalf("%d outstanding pages; the test needs a longer list", pages)
	}
	for n := 1; n <= pages; n++ {
		name := pageName(n)
		doc := parseHTML(t, name, out.Files[name])
		var rowYears, rowUnits, optYears, optUnits []string
		var current []string
		total := ""
		walk(doc, func(e *html.Node) bool {
			if e.Type != html.ElementNode {
				return true
			}
			class, _ := attr(e, "class")
			switch {
			case e.Data == "tr":
				if y, ok := attr(e, "data-year"); ok {
					u, _ := attr(e, "data-unit")
					if len(rowYears) == 0 || rowYears[len(rowYears)-1] != y {
						rowYears = append(rowYears, y)
					}
					rowUnits = append(rowUnits, u)
				}
			case e.Data == "select":
				name, _ := attr(e, "name")
				for o := e.FirstChild; o != nil; o = o.NextSibling {
					if v, _ := attr(o, "value"); o.Data == "option" && !(v == "" && hasAttr(o, "value")) {
						switch name {
						case "year":
							optYears = append(optYears, o.FirstChild.Data)
						case "unit":
							optUnits = append(optUnits, o.FirstChild.Data)
						}
					}
				}
				return false
			case class == "pager-current":
				current = append(current, e.FirstChild.Data)
			case class == "minor" && e.Parent != nil && e.Parent.Data == "nav":
				total = e.FirstChild.Data
			case e.Data == "a" && e.Parent != nil && e.Parent.Data == "nav":
				if pc, _ := attr(e.Parent, "class"); pc == "pager" {
					href, _ := attr(e, "href")
					if out.Files[href] == nil {
						t.Errorf("%s: the pager links %s, which was not written", name, href)
					}
				}
			}
			return true
		})
		slices.Sort(rowYears)
		rowYears = slices.Compact(rowYears)
		slices.SortFunc(rowUnits, func(a, b string) int { return unitOrder[a] - unitOrder[b] })
		rowUnits = slices.Compact(rowUnits)
		if len(rowUnits) == 0 || !slices.Equal(optYears, rowYears) || !slices.Equal(optUnits, rowUnits) {
			t.Errorf("%s: the filter offers years %v and units %v; its rows have %v and %v", name, optYears, optUnits, rowYears, rowUnits)
		}
		if want := fmt.Sprint(n); !slices.Equal(current, []string{want, want}) {
			t.Errorf("%s: the pagers mark %v as the current page", name, current)
		}
		if want := fmt.Sprintf("共 %d 页：", pages); total != want {
			t.Errorf("%s: the pager says %q, want %q", name, total, want)
		}
	}
}

func pageName(n int) string {
	if n == 1 {
		return "outstanding.html"
	}
	return fmt.Sprintf("outstanding-%d.html", n)
}

func hasAttr(n *html.Node, key string) bool {
	_, ok := attr(n, key)
	return ok
}
