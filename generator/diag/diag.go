// Package diag is the one diagnostics type of the generator.
//
// Every stage (reading content, resolving the archive, rendering layouts,
// writing output) reports problems as a Diagnostic: a position in a source
// file, a severity and a message that says what is wrong and how to fix it.
// Positions count lines from 1 and columns in characters (runes) from 1, so a
// Chinese character is one column. A stage never stops at the first problem:
// it appends to a List, and the caller sorts and prints the whole List.
package diag

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Severity says whether a diagnostic stops the build.
type Severity int

const (
	Error   Severity = iota // the build stops
	Warning                 // the build goes on; the author should look
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText makes a Severity read as "error" or "warning" in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one problem found in the site's sources.
type Diagnostic struct {
	Path     string   `json:"path"` // slash-separated, relative to the site directory
	Line     int      `json:"line"` // 1-based; 0 when the problem concerns the whole file
	Col      int      `json:"col"`  // 1-based, in characters; 0 when unknown
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

// String formats d as "path:line:col: severity: message".
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	fmt.Fprintf(&b, ": %s: %s", d.Severity, d.Message)
	return b.String()
}

// List collects the diagnostics of one run.
type List []Diagnostic

// Errorf appends an error at pos.
func (l *List) Errorf(pos Pos, format string, args ...any) {
	l.add(pos, Error, format, args...)
}

// Warnf appends a warning at pos.
func (l *List) Warnf(pos Pos, format string, args ...any) {
	l.add(pos, Warning, format, args...)
}

func (l *List) add(pos Pos, sev Severity, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: pos.Path, Line: pos.Line, Col: pos.Col, Severity: sev, Message: fmt.Sprintf(format, args...)})
}

// HasErrors reports whether any diagnostic in l is an error.
func (l List) HasErrors() bool {
	return slices.ContainsFunc(l, func(d Diagnostic) bool { return d.Severity == Error })
}

// Count returns the number of diagnostics of severity s.
func (l List) Count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Sort orders l by path, line, column, then severity and message, and
// drops exact duplicates.
func (l *List) Sort() {
	s := *l
	// Diagnostics come in runs of one file's: order the runs by path,
	// then each file's diagnostics by position, which compares paths once
	// a run instead of once a diagnostic.
	type run struct {
		path     string
		from, to int
	}
	var runs []run
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j].Path == s[i].Path {
			j++
		}
		runs = append(runs, run{s[i].Path, i, j})
		i = j
	}
	byPath := func(a, b run) int { return cmp.Compare(a.path, b.path) }
	if !slices.IsSortedFunc(runs, byPath) {
		slices.SortStableFunc(runs, byPath)
		sorted := make(List, 0, len(s))
		for _, r := range runs {
			sorted = append(sorted, s[r.from:r.to]...)
		}
		s = sorted
	}
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j].Path == s[i].Path {
			j++
		}
		slices.SortStableFunc(s[i:j], compare)
		i = j
	}
	*l = slices.Compact(s)
}

// compare orders diagnostics as Sort does.
func compare(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col),
		cmp.Compare(a.Severity, b.Severity),
		cmp.Compare(a.Message, b.Message),
	)
}

// Merge returns a new sorted list of the diagnostics of l and m, both
// sorted (Sort), each once. It copies the runs of the longer list between
// two diagnostics of the shorter one whole, so merging a few diagnostics
// into many costs a copy and a binary search for each of the few.
func (l List) Merge(m List) List {
	if len(m) > len(l) {
		l, m = m, l
	}
	out := make(List, 0, len(l)+len(m))
	i := 0
	for _, d := range m {
		k, _ := slices.BinarySearchFunc(l[i:], d, compare)
		out = append(out, l[i:i+k]...)
		i += k
		if i < len(l) && l[i] == d {
			continue // l[i] is appended with the next run
		}
		out = append(out, d)
	}
	return append(out, l[i:]...)
}

// Diff compares l with prev, both sorted (Sort): it returns the
// diagnostics of l that prev lacks, and counts those of prev that l
// lacks.
func (l List) Diff(prev List) (added List, gone int) {
	i, j := 0, 0
	for i < len(l) && j < len(prev) {
		switch c := compare(l[i], prev[j]); {
		case c < 0:
			added = append(added, l[i])
			i++
		case c > 0:
			gone++
			j++
		default:
			i++
			j++
		}
	}
	return append(added, l[i:]...), gone + len(prev) - j
}

// Print writes one diagnostic per line.
func (l List) Print(w io.Writer) {
	for _, d := range l {
		fmt.Fprintln(w, d.String())
	}
}

// PrintJSON writes l as a JSON array, for tools.
func (l List) PrintJSON(w io.Writer) error {
	out := l
	if out == nil {
		out = List{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// Error makes a List usable as an error; it lists every diagnostic.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Pos is a position in a source file.
type Pos struct {
	Path string
	Line int
	Col  int
}

// File maps byte offsets of one source file to line and column positions.
//
// A File is not safe for concurrent use: it remembers the last position
// asked for, so that positions asked for in increasing order along one long
// line cost linear time in all.
type File struct {
	Path       string
	src        []byte
	lineStarts []int

	lastOff, lastCol int // the last position computed, for Pos
}

// NewFile indexes the line starts of src.
func NewFile(path string, src []byte) *File {
	f := &File{Path: path, src: src, lineStarts: []int{0}}
	for i, c := range src {
		if c == '\n' {
			f.lineStarts = append(f.lineStarts, i+1)
		}
	}
	return f
}

// Pos returns the position of byte offset off, its column counted in runes.
func (f *File) Pos(off int) Pos {
	off = min(max(off, 0), len(f.src))
	line, _ := slices.BinarySearch(f.lineStarts, off+1)
	start := f.lineStarts[line-1]
	col := 0
	if f.lastOff > start && f.lastOff <= off {
		col = f.lastCol + utf8.RuneCount(f.src[f.lastOff:off])
	} else {
		col = utf8.RuneCount(f.src[start:off]) + 1
	}
	f.lastOff, f.lastCol = off, col
	return Pos{Path: f.Path, Line: line, Col: col}
}

// Whole is the position of the file as a whole.
func (f *File) Whole() Pos { return Pos{Path: f.Path} }
