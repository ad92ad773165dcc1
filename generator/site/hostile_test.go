package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"mzshh/generator/output"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// A document named like a page of the site's own is an error at the
// document, whatever the run; it never decides by chance which page wins.
func TestOutputPathClashIsAnError(t *testing.T) {
	for range 5 {
		_, diags := load(t, map[string]string{
			"content/2021/index.md": okDoc,
			"content/2021/banzi.md": strings.Replace(okDoc, "unit: 镇班子", "unit: 另一班子", 1),
		})
		if !strings.Contains(diags, "content/2021/index.md:1:1: error:") || !strings.Contains(diags, "2021/index.html") {
			t.Fatalf("diagnostics: %s", diags)
		}
	}
}

// A symbolic link out of the site is refused, not published.
func TestSymlinkOutOfTheSiteIsRefused(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(t.TempDir(), "private.css")
	os.WriteFile(secret, []byte("body{} /* private notes */"), 0o644)
	for name, data := range map[string]string{"content/2021/banzi.md": okDoc, "layouts/assets/notes.css": ""} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	os.Remove(filepath.Join(dir, "layouts/assets/notes.css"))
	if err := os.Symlink(secret, filepath.Join(dir, "layouts/assets/notes.css")); err != nil {
		t.Skip(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	_, diags, err := Build(context.Background(), dir, dest, nil)
	if err == nil {
		t.Fatal("a site with a symbolic link out of it built")
	}
	if !strings.Contains(diags.Error(), "notes.css") {
		t.Errorf("the diagnostics do not name the link: %v %v", diags, err)
	}
	filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("private notes")) {
			t.Errorf("%s holds the link's target", p)
		}
		return nil
	})
}

// A document that is a symbolic link out of the site is refused too.
func TestContentSymlinkOutOfTheSiteIsRefused(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(t.TempDir(), "secret.md")
	os.WriteFile(secret, []byte(okDoc+"机密内容。\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "content/2021"), 0o755)
	if err := os.Symlink(secret, filepath.Join(dir, "content/2021/banzi.md")); err != nil {
		t.Skip(err)
	}
	_, diags, err := Build(context.Background(), dir, filepath.Join(t.TempDir(), "public"), nil)
	if err == nil || !strings.Contains(diags.Error(), "content/2021/banzi.md") {
		t.Errorf("a document linked from outside the site: err %v, diagnostics %v", err, diags)
	}
}

// Spreadsheet formulas in a ledger cell are neutralised; numbers are not.
func TestLedgerCSVNeutralisesFormulas(t *testing.T) {
	doc := strings.Replace(okDoc, "### （一）学习方面 {#p1}", "### =HYPERLINK(\"http://x\",\"点击\") {#p1}\n\n正文。\n\n### @SUM(A1) {#p2}\n\n正文。\n\n### -12.5 {#p3}", 1) +
		"正文。\n\n## 整改措施\n\n### +cmd|' /C calc'!A0 {#m1}\n\n针对 [[#p1]]。责任人：=1+1。整改时限：-2022年。\n"
	files, diags := load(t, map[string]string{"content/2021/banzi.md": doc})
	if files == nil {
		t.Fatal(diags)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(files["ledger/2021.csv"], []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range recs[1:] {
		for _, c := range r {
			if c == "" {
				continue
			}
			if strings.ContainsRune("=+-@\t\r", rune(c[0])) && c != "-12.5" {
				t.Errorf("cell %q would run as a formula", c)
			}
			if c[0] == '\'' {
				n++
			}
		}
	}
	if n < 3 {
		t.Errorf("only %d cells neutralised; the test's formulas did not reach the CSV: %q", n, recs)
	}
}

// File names that links cannot carry are refused at the file.
func TestFileNamesLinksCannotCarry(t *testing.T) {
	for _, name := range []string{"a#b", "a?b", "a%20b"} {
		_, diags := load(t, map[string]string{"content/2021/" + name + ".md": okDoc})
		if !strings.Contains(diags, "content/2021/"+name+".md:1:1: error: the file name") {
			t.Errorf("%s: %s", name, diags)
		}
	}
}

// failingOutput refuses every file.
type failingOutput struct{}

func (failingOutput) WriteFile(name string, _ []byte) error { return os.ErrPermission }

// A file that cannot be written is reported at the source that makes it.
func TestWriteErrorNamesTheSource(t *testing.T) {
	s, diags := Load(fstestFS(map[string]string{"content/2021/banzi.md": okDoc}))
	if s == nil {
		t.Fatal(diags)
	}
	_, rd := s.Render(failingOutput{})
	text := rd.Error()
	for _, want := range []string{"content/2021/banzi.md:1:1: error: cannot write 2021/banzi.html", "layouts/home.html: error: cannot write index.html"} {
		if !strings.Contains(text, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, text)
		}
	}
}

func fstestFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// A body that cannot be read back from the spill file (its disk gone, the
// file closed) is reported at the document's page and its 汇编 volume, and
// the build goes on with the other files instead of panicking.
func TestSpillReadErrorIsReported(t *testing.T) {
	b := NewOneOff(fstestFS(map[string]string{"content/2021/banzi.md": okDoc}))
	if b.Spill == nil {
		t.Skip("no spill file can be made here")
	}
	s, diags, _ := b.Load(nil, true)
	if s == nil {
		t.Fatal(diags)
	}
	if err := b.Close(); err != nil { // the bodies are gone
		t.Fatal(err)
	}
	var out output.Mem
	_, rd := s.Render(&out)
	text := rd.Error()
	for _, want := range []string{"content/2021/banzi.md:1:1: error: cannot write 2021/banzi.html: reading a document body back", "error: cannot write compile/2021.html: reading a document body back"} {
		if !strings.Contains(text, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, text)
		}
	}
	if _, ok := out.Files["index.html"]; !ok {
		t.Error("the pages that need no body were not written")
	}
}
