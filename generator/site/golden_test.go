package site

import (
	"bytes"
	"flag"
	"fmt"
	"mzshh/generator/output"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/golden/*.txtar")

// TestGolden builds each site in testdata/golden. An archive holds the
// site's sources (content/…, layouts/…, config.yaml) and the expected
// result: "diagnostics" and every generated file under "public/" (the
// built-in assets excepted). Run with -update to rewrite the expectations.
func TestGolden(t *testing.T) {
	paths, err := filepath.Glob("testdata/golden/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{}
			var inputs []txtar.File
			for _, f := range ar.Files {
				if f.Name == "diagnostics" || strings.HasPrefix(f.Name, "public/") {
					continue
				}
				inputs = append(inputs, f)
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			got := buildGolden(t, fsys)
			if *update {
				ar.Files = inputs
				for _, name := range sortedKeys(got) {
					ar.Files = append(ar.Files, txtar.File{Name: name, Data: got[name]})
				}
				if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := map[string][]byte{}
			for _, f := range ar.Files {
				if f.Name == "diagnostics" || strings.HasPrefix(f.Name, "public/") {
					want[f.Name] = f.Data
				}
			}
			for _, name := range sortedKeys(want) {
				if g, ok := got[name]; !ok {
					t.Errorf("%s was not generated", name)
				} else if !bytes.Equal(g, want[name]) {
					t.Errorf("%s differs (run go test ./generator/site -run TestGolden -update to accept):\n%s", name, firstDiff(want[name], g))
				}
			}
			for _, name := range sortedKeys(got) {
				if _, ok := want[name]; !ok {
					t.Errorf("%s was generated but is not in the golden file", name)
				}
			}
		})
	}
}

func buildGolden(t *testing.T, fsys fstest.MapFS) map[string][]byte {
	// As build loads: bodies in a spill file.
	b := NewOneOff(fsys)
	t.Cleanup(func() { b.Close() })
	s, diags, _ := b.Load(nil, true)
	var diagText bytes.Buffer
	diags.Print(&diagText)
	got := map[string][]byte{"diagnostics": diagText.Bytes()}
	if s == nil {
		return got
	}
	if len(s.Config.Editions) > 0 {
		return goldenEditions(t, fsys, s, got)
	}
	var out output.Mem
	if _, rd := s.Render(&out); len(rd) > 0 {
		rd.Print(&diagText)
		got["diagnostics"] = diagText.Bytes()
	}
	for name, b := range out.Files {
		if strings.HasPrefix(name, "assets/") {
			if _, own := fsys["layouts/"+name]; !own {
				continue
			}
		}
		b = goldenText(name, b)
		got["public/"+name] = b
	}
	return got
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// firstDiff shows the first line where want and got differ.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant: %q\ngot:  %q", i+1, w, g)
		}
	}
	return "(same lines; the files differ in their final newline)"
}
