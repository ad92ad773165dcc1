package site

import (
	"fmt"
	"os"
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
