package importer

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/diag"

	"golang.org/x/net/html"
)

// exampleSite is the repository's example archive.
const exampleSite = "../.."

func newParser() *content.Parser {
	return content.NewParser(content.Config{}, content.DefaultVocabulary(), nil)
}

// exampleDocs parses documents of the example archive by key.
func exampleDocs(t *testing.T, keys ...string) []*content.Document {
	t.Helper()
	var docs []*content.Document
	for _, k := range keys {
		path := content.Dir + "/" + k + ".md"
		src, err := os.ReadFile(filepath.Join(exampleSite, filepath.FromSlash(path)))
		if err != nil {
			t.Fatal(err)
		}
		d, diags := newParser().Parse(path, src)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", path, diags)
		}
		docs = append(docs, d)
	}
	return docs
}

// testArchive parses the small archive of testdata/archive: the earlier
// documents the variants report on.
func testArchive(t *testing.T) []*content.Document {
	t.Helper()
	docs, diags := newParser().ReadAll(os.DirFS("testdata/archive"))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return docs
}

func readFileBytes(name string) ([]byte, error) { return os.ReadFile(name) }

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mustBuild parses an imported document with the project's parser and
// resolves it with docs, failing on any error; it returns the document.
func mustBuild(t *testing.T, res *Result, docs []*content.Document) *content.Document {
	t.Helper()
	d, diags := newParser().Parse(res.Path, res.Markdown)
	if d == nil {
		t.Fatalf("the import does not parse:\n%v", diags)
	}
	var all []*content.Document
	for _, o := range docs {
		if o.Key != d.Key {
			all = append(all, o)
		}
	}
	_, ad := archive.Build(append(all, d))
	diags = append(diags, ad...)
	var mine diag.List
	for _, x := range diags {
		if x.Path == res.Path && x.Severity == diag.Error {
			mine = append(mine, x)
		}
	}
	if len(mine) > 0 {
		t.Fatalf("the import does not build:\n%v\n%s", mine, res.Markdown)
	}
	return d
}

var placeholder = regexp.MustCompile("\x00[RA][^\x00]*\x00")

// renderedText is the text a reader sees of the imported document, as the
// project renders it: its title and body, without what the archive adds
// (status badges, reference chips, annotations) and without the 待核实
// lines. It is how TestExampleSeedWordForWord reads the example site.
func renderedText(t *testing.T, d *content.Document) (title, body string) {
	t.Helper()
	src, err := d.Body()
	if err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(bytes.NewReader(placeholder.ReplaceAll(src, nil)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "class" && strings.Contains(" "+a.Val+" ", " annot ") {
					return
				}
			}
			if n.Data == "p" && strings.HasPrefix(nodeText(n), reviewPrefix) {
				return
			}
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return d.Title, b.String()
}

func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(nodeText(c))
	}
	return b.String()
}

// assertLossless checks that the imported document holds the source text
// word for word, whitespace aside, both as the page renders it and as the
// Markdown reads without its markup.
func assertLossless(t *testing.T, source string, res *Result, d *content.Document) {
	t.Helper()
	want := squeeze(source)
	// The title is the source's when the source has one; else it was made.
	text := func(title, body string) string {
		if strings.HasPrefix(want, squeeze(title)) {
			return squeeze(title + body)
		}
		return squeeze(body)
	}
	if got := text(renderedText(t, d)); got != want {
		t.Errorf("the rendered document is not the source word for word:\n%s", firstDiff(want, got))
	}
	if got := text(plainText(res.Markdown)); got != want {
		t.Errorf("the Markdown without markup is not the source:\n%s", firstDiff(want, got))
	}
}

func firstDiff(want, got string) string {
	w, g := []rune(want), []rune(got)
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	cut := func(r []rune) string { return string(r[max(i-20, 0):min(i+20, len(r))]) }
	return "at character " + strconv.Itoa(i) + ":\n  want …" + cut(w) + "…\n  got  …" + cut(g) + "…"
}

// copySite copies the example archive's content and config into a new
// temporary site directory.
func copySite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := os.DirFS(exampleSite)
	err := fs.WalkDir(src, content.Dir, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if de.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(exampleSite, content.ConfigFile)); err == nil {
		if err := os.WriteFile(filepath.Join(dir, content.ConfigFile), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// writeFiles writes files (slash-separated names) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// hasNotes checks that the import's notes hold each of want.
func hasNotes(t *testing.T, res *Result, want []string) {
	t.Helper()
	var notes strings.Builder
	for _, n := range res.Notes {
		notes.WriteString(n.Text + "\n")
	}
	for _, w := range want {
		if !strings.Contains(notes.String(), w) {
			t.Errorf("no note with %q in:\n%s", w, notes.String())
		}
	}
}
