package site

import (
	"iter"
	"slices"
	"strings"

	"mzshh/generator/diag"
)

// diagFiles assembles a load's diagnostics, sorted (diag.List.Sort), file
// by file: what a document's parse says of its file, what the overdue
// table says of its problems, and the few others (config, layouts, the
// archive's references, editions). A file's sorted diagnostics are kept
// between loads and sorted again only when one of its lists is not the
// very same list as at the last load, or its share of the others
// differs. A preview that re-parses one document thus sorts that file's
// diagnostics, not the archive's tens of thousands of overdue warnings.
type diagFiles struct {
	files map[string]diagFile
	order []string // the keys of files, sorted
}

type diagFile struct {
	own, due diag.List // as given, compared by identity (same)
	// strays are the diagnostics of own and due of another path.
	strays diag.List
	other  diag.List // the other diagnostics of the file
	sorted diag.List
}

// same reports whether a and b are the very same list: same length and,
// if not empty, the same first element in memory.
func same(a, b diag.List) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// assemble returns the sorted diagnostics of own and due (each yields a
// document's path and a list of diagnostics, which must not change once
// given) and other. A list yielded with a path may hold diagnostics of
// other paths: they are sorted where they belong. The result shares no
// memory with what assemble keeps, so a caller may append to it.
func (f *diagFiles) assemble(own, due iter.Seq2[string, diag.List], other diag.List) diag.List {
	files := make(map[string]diagFile, len(f.files))
	for path, l := range own {
		df := files[path]
		df.own = join(df.own, l)
		files[path] = df
	}
	for path, l := range due {
		df := files[path]
		df.due = join(df.due, l)
		files[path] = df
	}
	// The other diagnostics, and the strays, go to their files.
	other = slices.Clone(other)
	for path, df := range files {
		prev, ok := f.files[path]
		if ok && same(prev.own, df.own) && same(prev.due, df.due) {
			df.strays = prev.strays
		} else {
			df.strays = slices.DeleteFunc(slices.Concat(df.own, df.due), func(d diag.Diagnostic) bool { return d.Path == path })
		}
		files[path] = df
		other = append(other, df.strays...)
	}
	other.Sort()
	for i := 0; i < len(other); {
		j := i + 1
		for j < len(other) && other[j].Path == other[i].Path {
			j++
		}
		df := files[other[i].Path]
		df.other = other[i:j:j]
		files[other[i].Path] = df
		i = j
	}
	n := 0
	for path, df := range files {
		if prev, ok := f.files[path]; ok && same(prev.own, df.own) && same(prev.due, df.due) && slices.Equal(prev.other, df.other) {
			df.sorted = prev.sorted
		} else {
			df.sorted = slices.Concat(df.other, df.own, df.due)
			if len(df.strays) > 0 {
				df.sorted = slices.DeleteFunc(df.sorted, func(d diag.Diagnostic) bool { return d.Path != path })
			}
			df.sorted.Sort()
		}
		files[path] = df
		n += len(df.sorted)
	}
	if len(files) != len(f.order) || slices.ContainsFunc(f.order, func(path string) bool { _, ok := files[path]; return !ok }) {
		f.order = f.order[:0]
		for path := range files {
			f.order = append(f.order, path)
		}
		slices.SortFunc(f.order, strings.Compare)
	}
	f.files = files
	out := make(diag.List, 0, n)
	for _, path := range f.order {
		out = append(out, files[path].sorted...)
	}
	return out
}

// join returns a and b as one list: b itself when a is empty, so that a
// list given once keeps its identity.
func join(a, b diag.List) diag.List {
	if len(a) == 0 {
		return b
	}
	return slices.Concat(a, b)
}
