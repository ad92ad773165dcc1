package content

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/tools/txtar"
)

// FuzzParse feeds the parser arbitrary documents, seeded from the example
// archive and the golden sites. It must not panic, every diagnostic must
// point into the file, and the rendered body must hold only well-formed
// placeholders.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../../content/*/*.md")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	goldens, _ := filepath.Glob("../site/testdata/golden/*.txtar")
	for _, g := range goldens {
		ar, err := txtar.ParseFile(g)
		if err != nil {
			continue
		}
		for _, file := range ar.Files {
			if strings.HasPrefix(file.Name, "content/") {
				f.Add(file.Data)
			}
		}
	}
	p := NewParser(Config{}, DefaultVocabulary(), nil)
	f.Fuzz(func(t *testing.T, src []byte) {
		d, diags := p.Parse("content/2021/banzi.md", src)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, dg := range diags {
			if dg.Path != "content/2021/banzi.md" || dg.Line < 0 || dg.Line > lines || dg.Col < 0 {
				t.Fatalf("diagnostic out of the file (%d lines): %v", lines, dg)
			}
		}
		if d == nil {
			return
		}
		body := bodyOf(t, d)
		if !utf8.Valid(body) {
			t.Fatalf("body is not UTF-8")
		}
		var out bytes.Buffer
		Expand(&out, body, func(i int) {
			if i < 0 || i >= len(d.Refs) {
				t.Fatalf("placeholder for reference %d of %d", i, len(d.Refs))
			}
			out.WriteString("R")
		}, func(id string) { out.WriteString("A") })
		if bytes.IndexByte(out.Bytes(), 0) >= 0 {
			t.Fatalf("placeholder left in the expanded body")
		}
	})
}
