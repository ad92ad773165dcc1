package importer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mzshh/generator/site"
)

// siteWith makes a site directory holding the given example documents.
func siteWith(t *testing.T, keys ...string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{}
	for _, k := range keys {
		files["content/"+k+".md"] = string(readFile(t, filepath.Join(exampleSite, "content", filepath.FromSlash(k)+".md")))
	}
	writeFiles(t, dir, files)
	return dir
}

func TestImportCommandWritesTheDocumentAndReports(t *testing.T) {
	dir := siteWith(t, "2020/banzi")
	var stdout, stderr bytes.Buffer
	// Flags may follow the file.
	if err := RunImport([]string{seedDocx, "-s", dir}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"imported " + seedDocx + " (Word .docx) → " + filepath.Join(dir, "content", "2021", "banzi.md"),
		"recognised: 5 problem groups, 15 problem items, 5 causes, 4 measures, 4 report items (4 with a status and reference, 4 marked 待核实)",
		"to check:",
		"paragraph 3: report item \"一是学懂弄通做实习近平新时代中…\" → 【基本整改】[[2020/banzi#p1]]",
		"not placed: nothing",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the report:\n%s", want, out)
		}
	}
	if s, diags := site.Load(os.DirFS(dir)); s == nil {
		t.Fatalf("the site does not load:\n%v", diags)
	}

	// A second import does not overwrite it, unless forced.
	stdout.Reset()
	stderr.Reset()
	err := RunImport([]string{"-s", dir, seedText}, &stdout, &stderr)
	if !errors.Is(err, ErrReported) || !strings.Contains(stderr.String(), "already exists") {
		t.Errorf("second import: %v, %q", err, stderr.String())
	}
	if err := RunImport([]string{"-s", dir, "-f", seedText}, &stdout, &stderr); err != nil {
		t.Errorf("forced import: %v\n%s", err, stderr.String())
	}
}

func TestImportToStandardOutput(t *testing.T) {
	dir := siteWith(t, "2020/banzi")
	var stdout, stderr bytes.Buffer
	if err := RunImport([]string{"-s", dir, "-o", "-", "--unit", "××镇领导班子", seedGBK}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "---\ntitle: ××镇领导班子党史学习教育专题民主生活会对照检查材料\n") {
		t.Errorf("standard output is not the Markdown:\n%.300s", stdout.String())
	}
	if !strings.Contains(stderr.String(), "(GB18030 text) → standard output") {
		t.Errorf("the report is not on standard error:\n%s", stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "2021")); err == nil {
		t.Error("a file was written")
	}
}

// TestImportSeveralFilesOldestFirst imports a unit's two materials into an
// empty site, newest first on the command line: the older is imported
// first, so that the newer one's report refers to it.
func TestImportSeveralFilesOldestFirst(t *testing.T) {
	dir := t.TempDir()
	older := filepath.Join(t.TempDir(), "2020.md")
	if err := os.WriteFile(older, readFile(t, filepath.Join(exampleSite, "content", "2020", "banzi.md")), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := RunImport([]string{"-s", dir, seedText, older}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	out := stdout.String()
	first, second := strings.Index(out, "imported "+older), strings.Index(out, "imported "+seedText)
	if first < 0 || second < first {
		t.Errorf("not imported oldest first:\n%s", out)
	}
	if !strings.Contains(out, "4 report items (4 with a status and reference") {
		t.Errorf("the 2021 report does not refer to the 2020 problems:\n%s", out)
	}
	if s, diags := site.Load(os.DirFS(dir)); s == nil {
		t.Fatalf("the site does not load:\n%v", diags)
	}
}

func TestImportCommandUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no file to import"},
		{[]string{"--bogus", seedText}, "flag provided but not defined: -bogus"},
		{[]string{"--year", "21", seedText}, "four digits"},
		{[]string{"--year"}, "flag needs an argument: -year"},
		{[]string{"--name", "banzi", seedText, seedDocx}, "single file"},
		{[]string{"-o", "x.md", seedText, seedDocx}, "single file"},
		{[]string{"--name", "a/b", seedText}, "cannot be a document's file name"},
	} {
		var stdout, stderr bytes.Buffer
		err := RunImport(tc.args, &stdout, &stderr)
		if !errors.Is(err, ErrUsage) || !strings.Contains(stderr.String(), tc.want) || !strings.Contains(stderr.String(), "usage: generator import") {
			t.Errorf("import %v: %v, %q; want usage and %q", tc.args, err, stderr.String(), tc.want)
		}
	}
	var stdout, stderr bytes.Buffer
	if err := RunImport([]string{"-s", t.TempDir(), "missing.txt"}, &stdout, &stderr); !errors.Is(err, ErrReported) || !strings.Contains(stderr.String(), "missing.txt") {
		t.Errorf("a missing file: %v, %q", err, stderr.String())
	}
}
