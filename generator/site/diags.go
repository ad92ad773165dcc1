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
// diagnostics, not the archive's tens of thousands of overdue warnings;
// and when they are what they were, the load's list is the last one, not
// a copy of tens of thousands of diagnostics.
type diagFiles struct {
	files map[string]*diagFile
	order []string  // the keys of files, sorted
	load  uint64    // counts calls of assemble
	out   diag.List // the last result
}

type diagFile struct {
	own, due diag.List // as given, compared by identity (same)
	// strays are the diagnostics of own and due of another path.
	strays diag.List
	other  diag.List // the other diagnostics of the file
	sorted diag.List // nil until sorted
	// What the last load gave.
	lastOwn, lastDue, lastOther diag.List
	seen                        uint64 // the load that last gave the file
}

// same reports whether a and b are the very same list: same length and,
// if not empty, the same first element in memory.
func same(a, b diag.List) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// assemble returns the sorted diagnostics of own and due (each yields a
// document's path and a list of diagnostics, which must not change once
// given) and other. A list yielded with a path may hold diagnostics of
// other paths: they are sorted where they belong. When no file's
// diagnostics changed, the result is the last one again: it must not be
// changed in place, and appending to it copies it (its capacity is its
// length).
func (f *diagFiles) assemble(own, due iter.Seq2[string, diag.List], other diag.List) diag.List {
	if f.files == nil {
		f.files = map[string]*diagFile{}
	}
	f.load++
	newPaths := false
	file := func(path string) *diagFile {
		df := f.files[path]
		if df == nil {
			df = &diagFile{}
			f.files[path] = df
			newPaths = true
		}
		if df.seen != f.load {
			df.seen = f.load
			df.lastOwn, df.lastDue, df.lastOther = df.own, df.due, df.other
			df.own, df.due, df.other = nil, nil, nil
		}
		return df
	}
	for path, l := range own {
		df := file(path)
		df.own = join(df.own, l)
	}
	for path, l := range due {
		df := file(path)
		df.due = join(df.due, l)
	}
	// The other diagnostics, and the strays, go to their files.
	other = slices.Clone(other)
	for _, d := range other {
		file(d.Path)
	}
	for path, df := range f.files {
		if df.seen != f.load {
			delete(f.files, path) // given no longer
			newPaths = true
			continue
		}
		if df.sorted == nil || !same(df.lastOwn, df.own) || !same(df.lastDue, df.due) {
			df.strays = slices.DeleteFunc(slices.Concat(df.own, df.due), func(d diag.Diagnostic) bool { return d.Path == path })
		}
		other = append(other, df.strays...)
	}
	other.Sort()
	for i := 0; i < len(other); {
		j := i + 1
		for j < len(other) && other[j].Path == other[i].Path {
			j++
		}
		file(other[i].Path).other = other[i:j:j]
		i = j
	}
	n, changed := 0, newPaths
	for path, df := range f.files {
		if df.sorted == nil || !same(df.lastOwn, df.own) || !same(df.lastDue, df.due) || !slices.Equal(df.lastOther, df.other) {
			sorted := slices.Concat(df.other, df.own, df.due)
			if len(df.strays) > 0 {
				sorted = slices.DeleteFunc(sorted, func(d diag.Diagnostic) bool { return d.Path != path })
			}
			sorted.Sort()
			if sorted == nil {
				sorted = diag.List{}
			}
			// A document saved again usually says the same of itself.
			if df.sorted == nil || !slices.Equal(sorted, df.sorted) {
				df.sorted, changed = sorted, true
			}
		}
		n += len(df.sorted)
	}
	if newPaths {
		f.order = f.order[:0]
		for path := range f.files {
			f.order = append(f.order, path)
		}
		slices.SortFunc(f.order, strings.Compare)
	}
	if !changed && f.out != nil {
		return f.out
	}
	out := make(diag.List, 0, n)
	for _, path := range f.order {
		out = append(out, f.files[path].sorted...)
	}
	f.out = out
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
