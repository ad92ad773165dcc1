package site

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"mzshh/generator/diag"
)

// TestAssembleIsSort checks diagFiles.assemble against one sort of every
// diagnostic, over a line of loads in which each load keeps most lists of
// the one before (the same lists), replaces some, drops and adds files,
// and puts a few diagnostics under a path not their own.
func TestAssembleIsSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	paths := []string{"content/2021/a.md", "content/2021/a-b.md", "content/2022/a.md", "content/2022/b.md", "content/2023/c.md", "config.yaml"}
	list := func(path string) diag.List {
		var l diag.List
		for range rng.IntN(4) {
			p := path
			if rng.IntN(8) == 0 {
				p = paths[rng.IntN(len(paths))] // a stray
			}
			l = append(l, diag.Diagnostic{Path: p, Line: rng.IntN(4), Col: rng.IntN(2), Severity: diag.Severity(rng.IntN(2)), Message: fmt.Sprint(rng.IntN(3))})
		}
		return l
	}
	own, due := map[string]diag.List{}, map[string]diag.List{}
	var f diagFiles
	for load := range 400 {
		for _, m := range []map[string]diag.List{own, due} {
			for _, p := range paths[:5] {
				switch rng.IntN(6) {
				case 0:
					delete(m, p)
				case 1, 2:
					m[p] = list(p)
				}
			}
		}
		var other diag.List
		for range rng.IntN(3) {
			other = append(other, list(paths[rng.IntN(len(paths))])...)
		}
		var want diag.List
		for _, p := range paths {
			want = append(want, own[p]...)
			want = append(want, due[p]...)
		}
		want = append(want, other...)
		want.Sort()
		got := f.assemble(maps.All(own), maps.All(due), other)
		if !slices.Equal(got, want) {
			t.Fatalf("load %d: assemble gave\n%v\nwant\n%v", load, got, want)
		}
		// Appending to the result copies it.
		if cap(got) != len(got) {
			t.Fatalf("load %d: the result has room to append in place (len %d, cap %d)", load, len(got), cap(got))
		}
	}
}

// TestAssembleKeepsTheList: a load whose lists are new but say the same
// gives the last load's list itself, not a copy; one that says something
// new gives a new list.
func TestAssembleKeepsTheList(t *testing.T) {
	lists := func(msg string) map[string]diag.List {
		return map[string]diag.List{
			"content/2021/a.md": {{Path: "content/2021/a.md", Line: 3, Message: msg}},
			"content/2021/b.md": {{Path: "content/2021/b.md", Line: 1, Message: "b"}},
		}
	}
	var f diagFiles
	first := f.assemble(maps.All(lists("a")), maps.All(map[string]diag.List{}), nil)
	again := f.assemble(maps.All(lists("a")), maps.All(map[string]diag.List{}), nil)
	if &first[0] != &again[0] {
		t.Errorf("the same diagnostics gave a new list")
	}
	changed := f.assemble(maps.All(lists("changed")), maps.All(map[string]diag.List{}), nil)
	if &changed[0] == &first[0] || changed[0].Message != "changed" || first[0].Message != "a" {
		t.Errorf("a changed diagnostic: got %v, the first list now %v", changed, first)
	}
}
