package site

import (
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
// stays small. Either way every unit's page is linked from one of them.
func TestHomeListsUnitsWhileFew(t *testing.T) {
	for _, tc := range []struct {
		units    int
		onHome   bool
		maxBytes int
	}{
		{units: 40, onHome: true},
		{units: 400, onHome: false, maxBytes: 64 << 10},
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
		onHome, onStats := links("index.html"), links("stats.html")
		for _, u := range s.Archive.Units {
			page := "units/" + u.Slug + ".html"
			if onHome[page] != tc.onHome {
				t.Fatalf("%d units: the home page links %s: %v, want %v", len(s.Archive.Units), u.Name, onHome[page], tc.onHome)
			}
			if !tc.onHome && !onStats[page] {
				t.Fatalf("%d units: neither the home page nor the statistics page links %s", len(s.Archive.Units), u.Name)
			}
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
