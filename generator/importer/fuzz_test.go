package importer

import (
	"path/filepath"
	"testing"
)

// FuzzImport checks that no text makes Import panic, and that whatever it
// imports is the source word for word and parses without errors (Import
// checks both itself and fails otherwise; a failure must say "internal
// error" only for a bug).
func FuzzImport(f *testing.F) {
	files, _ := filepath.Glob("testdata/variants/*.txt")
	for _, file := range append(files, seedText) {
		f.Add(readFileF(f, file))
	}
	f.Add([]byte("一、存在的主要问题\n（一）（二）一是二是。一是\n二、原因\n（一）\n"))
	f.Add([]byte("2021年度民主生活会整改措施落实情况\n“一是【未整改】二是。\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Import("fuzz.txt", data, Options{Year: 2021, Unit: "××镇领导班子"})
		if err != nil {
			if res != nil {
				t.Fatalf("%v\n%s", err, res.Markdown)
			}
			return
		}
		if res.Counts.Reports < res.Counts.Linked {
			t.Fatalf("counts %+v", res.Counts)
		}
	})
}

func readFileF(f *testing.F, name string) []byte {
	b, err := readFileBytes(name)
	if err != nil {
		f.Fatal(err)
	}
	return b
}
