package site

import (
	"slices"
	"strings"
	"testing"

	"mzshh/generator/output"
)

const exampleEditions = `editions:
  - name: all
  - name: banzi
    kinds: [班子]
  - name: unit
    per_unit: true
  - name: recent
    years: 2021-
`

// editionSite loads and renders one selection of the example archive.
func editionSite(t *testing.T, sel string) (*Site, map[string][]byte) {
	t.Helper()
	files := readSources(t, "../..")
	files["config.yaml"] = append(files["config.yaml"], exampleEditions...)
	b := NewBuilder(mapFS(files))
	b.Edition = sel
	s, diags, _ := b.Load(nil, true)
	if s == nil {
		t.Fatalf("%s: %s", sel, diags.Error())
	}
	var out output.Mem
	if _, rd := s.Render(&out); rd.HasErrors() {
		t.Fatal(rd.Error())
	}
	return s, out.Files
}

// TestEditionPerUnit: each unit's site of a per-unit edition holds that
// unit alone: its pages, its counts, its matrix and its search index.
func TestEditionPerUnit(t *testing.T) {
	full, _ := editionSite(t, "")
	for _, u := range full.Archive.Units {
		s, files := editionSite(t, "unit/"+u.Slug)
		if len(s.Archive.Units) != 1 || s.Archive.Units[0].Name != u.Name {
			t.Errorf("unit/%s holds units %v", u.Slug, s.Archive.Units)
		}
		if len(s.Archive.Docs) != len(u.Docs) {
			t.Errorf("unit/%s holds %d documents, the unit has %d", u.Slug, len(s.Archive.Docs), len(u.Docs))
		}
		var years []int
		problems := 0
		for _, d := range u.Docs {
			years = append(years, d.Year)
			problems += len(d.Tracked)
		}
		if !slices.Equal(s.Archive.Years, years) {
			t.Errorf("unit/%s: years %v, want %v", u.Slug, s.Archive.Years, years)
		}
		for _, d := range s.Archive.Docs {
			if d.Unit.Name != u.Name {
				t.Errorf("unit/%s holds %s of %s", u.Slug, d.Key, d.Unit.Name)
			}
		}
		n := 0
		for _, d := range s.Archive.Docs {
			n += len(d.Tracked)
		}
		if n != problems {
			t.Errorf("unit/%s counts %d problems, the unit has %d", u.Slug, n, problems)
		}
		manifest := string(files["search/manifest.js"])
		for _, other := range full.Archive.Units {
			if other != u && strings.Contains(manifest, other.Name) {
				t.Errorf("unit/%s: the search manifest names %s", u.Slug, other.Name)
			}
		}
		for name := range files {
			if strings.HasPrefix(name, "units/") && !strings.Contains(name, u.Slug) {
				t.Errorf("unit/%s has the page %s", u.Slug, name)
			}
		}
	}
}

// TestEditionThreads: a thread that begins in a year the edition does not
// hold shows only the edition's years, and references into those years
// say 本版未收录.
func TestEditionThreads(t *testing.T) {
	full, _ := editionSite(t, "")
	s, files := editionSite(t, "recent")
	if !slices.Equal(s.Archive.Years, []int{2021, 2022}) {
		t.Errorf("recent: years %v", s.Archive.Years)
	}
	for _, th := range s.Archive.Threads {
		for _, p := range th.Problems {
			if p.Year() < 2021 {
				t.Errorf("thread %s holds %s", th.ID, p.GID)
			}
		}
	}
	// 2021/banzi#p4-2 continues 2020/banzi#p3-2 in the whole archive.
	if p := full.Archive.Problem("2021/banzi#p4-2"); p == nil || len(p.Continues) == 0 {
		t.Fatal("the example no longer continues 2020/banzi#p3-2 in 2021/banzi#p4-2")
	}
	p := s.Archive.Problem("2021/banzi#p4-2")
	if len(p.Continues) != 0 || p.Rebound || p.Thread == nil || p.Thread.Problems[0] != p {
		t.Errorf("recent: 2021/banzi#p4-2 continues %v (rebound %v)", p.Continues, p.Rebound)
	}
	page := string(files["2021/banzi.html"])
	if !strings.Contains(page, `<span class="annot ref ref-excluded">[[2020/banzi#p3-2]]<span class="ref-note">本版未收录</span></span>`) {
		t.Error("2021/banzi.html: the reference to 2020/banzi#p3-2 is not marked 本版未收录")
	}
	if strings.Contains(page, "2020/banzi.html") {
		t.Error("2021/banzi.html links to 2020/banzi.html, which the edition does not hold")
	}
	if _, ok := files["2020/index.html"]; ok {
		t.Error("recent has a page for 2020")
	}
}

// TestEditionSelection: a preview or build of an edition that is not
// there says which there are.
func TestEditionSelection(t *testing.T) {
	files := readSources(t, "../..")
	files["config.yaml"] = append(files["config.yaml"], exampleEditions...)
	for _, tc := range []struct{ sel, want string }{
		{"nope", "config.yaml:3:1: error: there is no edition nope; the editions are all, banzi, unit, recent"},
		{"unit", "config.yaml:3:1: error: edition unit makes a site per unit; name one as unit/<unit>, one of ××镇领导班子, 镇党委书记王××, 镇长李××"},
		{"unit/镇长", "config.yaml:3:1: error: edition unit holds no unit 镇长; its units are ××镇领导班子, 镇党委书记王××, 镇长李××"},
		{"banzi/镇长李××", "config.yaml:3:1: error: edition banzi is one site, not one per unit; name it alone"},
	} {
		p := NewPreviewEdition(mapFS(files), tc.sel)
		res := p.Update(nil, true)
		if res.OK || errorsOf(res.Diags) != tc.want {
			t.Errorf("%s: OK %v\n got %s\nwant %s", tc.sel, res.OK, errorsOf(res.Diags), tc.want)
		}
	}
}
