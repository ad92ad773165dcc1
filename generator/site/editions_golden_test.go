package site

import (
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"mzshh/generator/output"
)

// goldenEditions renders every edition of a golden site under
// public/<edition>/ (public/<edition>/<unit>/ for a per-unit one), as a
// build publishes them, instead of the one site.
func goldenEditions(t *testing.T, fsys fstest.MapFS, s *Site, got map[string][]byte) map[string][]byte {
	t.Helper()
	b := NewBuilder(fsys)
	for _, e := range s.Config.Editions {
		sels := []string{e.Name}
		if e.PerUnit {
			sels = sels[:0]
			for _, slug := range unitSlugs(s.Archive, &e) {
				sels = append(sels, e.Name+"/"+slug)
			}
		}
		for _, sel := range sels {
			b.Edition = sel
			es, diags, _ := b.Load(nil, false)
			if es == nil {
				t.Fatalf("edition %s: %s", sel, diags.Error())
			}
			var out output.Mem
			if _, rd := es.Render(&out); len(rd) > 0 {
				t.Fatalf("edition %s: %s", sel, rd.Error())
			}
			for name, data := range out.Files {
				if strings.HasPrefix(name, "assets/") {
					if _, own := fsys["layouts/"+name]; !own {
						continue
					}
				}
				data = goldenText(name, data)
				got[path.Join("public", sel, name)] = data
			}
		}
	}
	return got
}
