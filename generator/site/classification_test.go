package site

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"mzshh/generator/output"
)

// classifiedExample is the example archive with 2022/zhenzhang classified
// secret (its 密级 on line 6, column 5) and 2021/shuji internal, and the
// given editions.
func classifiedExample(t *testing.T, editions string) map[string][]byte {
	t.Helper()
	files := readSources(t, "../..")
	mark := func(p, level string) {
		files[p] = []byte(strings.Replace(string(files[p]), "kind: 个人\n", "kind: 个人\n密级: "+level+"\n", 1))
	}
	mark("content/2022/zhenzhang.md", "秘密")
	mark("content/2021/shuji.md", "内部")
	files["config.yaml"] = append(files["config.yaml"], []byte(editions)...)
	return files
}

func mapFS(files map[string][]byte) fstest.MapFS {
	m := fstest.MapFS{}
	for p, b := range files {
		m[p] = &fstest.MapFile{Data: b}
	}
	return m
}

func writeSite(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for p, b := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const secretAt = "content/2022/zhenzhang.md:6:5: error: 密级 秘密: a document classified 秘密, 机密 or 绝密 is never published to a networked site (涉密不上网); "

// TestClassifiedRefused: a document classified 秘密 is an error for check
// unless every edition excludes it, and build and serve refuse an edition
// that would hold it, saying which file and why.
func TestClassifiedRefused(t *testing.T) {
	for _, tc := range []struct {
		name, editions, edition string
		want                    string // the error, "" for none
	}{
		{"no editions", "", "", secretAt + "the site holds every document: add editions to config.yaml that exclude it (see README, Editions), or keep the file out of content/"},
		{"an edition holds it", "editions:\n  - name: all\n  - name: banzi\n    kinds: [班子]\n", "", secretAt + "edition all would hold it: exclude it from each (exclude: [2022/zhenzhang]), or keep the file out of content/"},
		{"excluded from every edition", "editions:\n  - name: open\n    exclude: [2022/zhenzhang]\n  - name: banzi\n    kinds: [班子]\n", "", ""},
		{"building the edition that excludes it", "editions:\n  - name: all\n  - name: banzi\n    kinds: [班子]\n", "banzi", ""},
		{"building the edition that holds it", "editions:\n  - name: all\n  - name: banzi\n    kinds: [班子]\n", "all", secretAt + "edition all would hold it: exclude it from each (exclude: [2022/zhenzhang]), or keep the file out of content/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := classifiedExample(t, tc.editions)
			if tc.edition == "" {
				if got := errorsOf(Check(mapFS(files))); got != tc.want {
					t.Errorf("check:\n got %s\nwant %s", got, tc.want)
				}
			}
			dir := writeSite(t, files)
			built, diags, err := BuildEditions(context.Background(), BuildOptions{Dir: dir, Edition: tc.edition})
			if got := errorsOf(diags); got != tc.want {
				t.Errorf("build:\n got %s\nwant %s", got, tc.want)
			}
			if tc.want != "" {
				if !errors.Is(err, ErrHasErrors) || len(built) > 0 && built[0].Edition != "" {
					t.Errorf("build published %v (err %v)", built, err)
				}
				if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
					t.Errorf("build wrote public/ (%v)", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range built {
				filepath.WalkDir(b.Dest, func(p string, _ os.DirEntry, _ error) error {
					if strings.Contains(p, "zhenzhang") && strings.Contains(p, "2022") {
						t.Errorf("%s was published", p)
					}
					return nil
				})
			}
		})
	}
	// serve: the preview of an edition holding it shows the error and no site.
	p := NewPreviewEdition(mapFS(classifiedExample(t, "editions:\n  - name: all\n")), "all")
	if res := p.Update(nil, true); res.OK || !strings.Contains(res.Diags.Error(), secretAt) {
		t.Errorf("preview: OK %v, diagnostics\n%s", res.OK, res.Diags.Error())
	}
	if _, ok := p.Lookup("index.html"); ok {
		t.Error("the preview serves a site holding a document classified 秘密")
	}
	// serve without --edition, every edition excluding it: the preview
	// shows every other document, and not it.
	p = NewPreviewEdition(mapFS(classifiedExample(t, "editions:\n  - name: open\n    exclude: [2022/zhenzhang]\n")), "")
	if res := p.Update(nil, true); !res.OK {
		t.Fatalf("preview: %s", res.Diags.Error())
	}
	if _, ok := p.Lookup("2021/shuji.html"); !ok {
		t.Error("the preview does not serve 2021/shuji.html")
	}
	for name, b := range p.Files() {
		if strings.Contains(name, "2022/zhenzhang") || strings.Contains(string(b), "2022/zhenzhang.html") {
			t.Errorf("the preview serves %s, or a link to the 秘密 document in it", name)
		}
	}
}

// errorsOf lists the errors of diags, one a line.
func errorsOf(diags interface{ Error() string }) string {
	var out []string
	for _, l := range strings.Split(diags.Error(), "\n") {
		if strings.Contains(l, ": error: ") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestInternalMarked: a document classified 内部 shows the marker at the
// top of its page, and the print style keeps it at the top left.
func TestInternalMarked(t *testing.T) {
	files := classifiedExample(t, "editions:\n  - name: open\n    exclude: [2022/zhenzhang]\n")
	b := NewBuilder(mapFS(files))
	b.Edition = "open"
	s, diags, _ := b.Load(nil, true)
	if s == nil {
		t.Fatal(diags.Error())
	}
	var out output.Mem
	if _, rd := s.Render(&out); rd.HasErrors() {
		t.Fatal(rd.Error())
	}
	page := string(out.Files["2021/shuji.html"])
	head := page[strings.Index(page, `<header class="doc-head">`):strings.Index(page, "<h1>")]
	if !strings.Contains(head, `<p class="classification" title="密级">内部</p>`) {
		t.Errorf("2021/shuji.html: no 内部 marker before the title:\n%s", head)
	}
	if strings.Contains(string(out.Files["2021/banzi.html"]), `class="classification"`) {
		t.Error("2021/banzi.html, not classified, is marked")
	}
	css := string(out.Files["assets/style.css"])
	shown := false
	for _, block := range strings.Split(css, "@media print")[1:] { // each print block, with what follows it
		rule, _, _ := strings.Cut(block[strings.Index(block, "{")+1:], "\n}")
		shown = shown || strings.Contains(rule, ".classification { display: block") && strings.Contains(rule, "text-align: left")
	}
	if !shown {
		t.Error("style.css: no print rule that shows .classification at the top left")
	}
}
