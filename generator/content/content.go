// Package content reads the materials of a site: one Markdown file per
// document per year, content/<year>/<name>.md, each with YAML front matter.
//
// # Documents
//
// A document's key is "<year>/<name>", its file name without ".md". Its
// front matter holds title, year (equal to the folder), unit, kind (班子 or
// 个人), meeting and an optional date (YYYY-MM-DD); any other key is an
// error.
//
// # Sections
//
// A "##" heading starts a section, recognised by its words: 落实情况 is the
// report on last year's problems, 原因 the causes, 整改措施 or 努力方向 the
// measures, 问题 the problems. Other sections are plain text.
//
// # Problems, causes and measures
//
// In the problems section a "###" heading is a problem group and a "####"
// heading an item of the group above. In the causes and measures sections a
// "###" heading is a cause or a measure. Each may carry its stable ID as
// {#p1}, {#p1-2}, {#c1}, {#m1}; without one, the ID is made from its order
// (p<group>, p<group>-<item>, c<n>, m<n>). Items, causes and measures render
// as a bold lead sentence run into the paragraph that follows.
//
// # References and report items
//
// [[2020/banzi#p1]] refers to a problem of another document, [[#p1]] to one
// of the same document. In the report section, a list item or paragraph that
// starts with 【status】 is a report item: the status word comes from the
// vocabulary and the item must name at least one problem. Inside a problem,
// a reference to an earlier year's problem makes it that problem's
// continuation (a thread); inside a measure, it names a problem the measure
// addresses. A measure's paragraph starting with 责任人： gives the person
// responsible and, after 整改时限：, the deadline.
//
// Reading never stops at the first mistake: every problem of every file is
// reported as a diag.Diagnostic.
package content

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"mzshh/generator/diag"
	"mzshh/generator/status"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
)

// Dir is the folder of a site that holds the documents.
const Dir = "content"

// SectionKind is what a "##" section of a document holds.
type SectionKind int

const (
	SectionOther SectionKind = iota
	SectionReport
	SectionProblems
	SectionCauses
	SectionMeasures
)

func (k SectionKind) String() string {
	return [...]string{"other", "report", "problems", "causes", "measures"}[k]
}

// ClassifySection recognises a section by its heading words. The order
// matters: "整改措施落实情况" is a report, "产生问题的原因剖析" are causes.
func ClassifySection(heading string) SectionKind {
	switch {
	case strings.Contains(heading, "落实情况"):
		return SectionReport
	case strings.Contains(heading, "原因"):
		return SectionCauses
	case strings.Contains(heading, "整改措施"), strings.Contains(heading, "努力方向"), strings.Contains(heading, "努力反向"):
		return SectionMeasures
	case strings.Contains(heading, "问题"):
		return SectionProblems
	}
	return SectionOther
}

// EntryKind is what an entry of a section is.
type EntryKind int

const (
	EntryGroup EntryKind = iota
	EntryItem
	EntryCause
	EntryMeasure
)

func (k EntryKind) String() string {
	return [...]string{"problem group", "problem item", "cause", "measure"}[k]
}

// Document is one material.
type Document struct {
	Key     string // "<year>/<name>"
	Name    string
	Path    string // slash-separated, relative to the site directory
	Title   string
	Year    int
	Unit    string
	Kind    string
	Meeting string
	Date    time.Time
	// Classification is the 密级 of the front matter (classification.go).
	Classification Classification

	Sections []Section
	Problems []*Problem // groups, each followed by its items, in document order
	Causes   []*Entry
	Measures []*Measure
	Reports  []*Report
	Refs     []*Ref // every reference, in document order; RefNode.Index points here

	// body is the rendered HTML, with placeholders for what depends on the
	// whole archive (see Expand). With a Spill, bodies are kept in its file
	// (spill is set; spillAt and spillLen say where). Otherwise they are
	// kept as they are until the parser has handed out rawBodyBudget bytes
	// of them; later ones are kept deflated (deflated is true), so that a
	// province's archive fits in memory while a county's pays nothing for
	// it.
	body     []byte
	deflated bool
	spill    *Spill
	spillAt  int64
	spillLen int
	// Size is the length of the Markdown source in bytes.
	Size int
}

// Section is a "##" section, for the table of contents.
type Section struct {
	Kind    SectionKind
	Heading string
	ID      string
}

// Entry is a cause, or the common part of a problem or measure.
type Entry struct {
	ID    string
	Title string // the heading's text
	Text  string // the body's text, without nested entries
	Pos   diag.Pos
}

// Problem is a problem group or item.
type Problem struct {
	Entry
	Group *Problem   // nil for a group
	Items []*Problem // a group's items
	// Continues are the problems of earlier years this one continues.
	Continues []*Ref
}

// IsGroup reports whether p is a group.
func (p *Problem) IsGroup() bool { return p.Group == nil }

// Measure is a rectification measure.
type Measure struct {
	Entry
	Addresses   []*Ref // the problems it names
	Responsible string // 责任人
	Deadline    string // 整改时限
	// DeadlinePos is where Deadline is written (its duty line's start
	// when it is not written plainly).
	DeadlinePos diag.Pos
}

// Report is a report item: a status given to earlier problems.
type Report struct {
	ID    string // r1, r2, … in document order
	Word  string // the status word as written
	Class status.Class
	Refs  []*Ref
	Text  string // the narrative, plain text
	Pos   diag.Pos
}

// Ref is a reference [[doc#id]] as written.
type Ref struct {
	Doc string // the target document's key; the referring document's own for [[#id]]
	ID  string
	Raw string
	Pos diag.Pos
}

// GlobalID is "<doc>#<id>".
func (r *Ref) GlobalID() string { return r.Doc + "#" + r.ID }

// Parser turns Markdown sources into Documents. It is safe for concurrent
// use: goldmark is built once and holds no per-document state.
type Parser struct {
	md         goldmark.Markdown
	vocab      Vocabulary
	unsafeHTML bool
	// deflaters reuses flate writers: each holds about a megabyte of tables.
	deflaters sync.Pool
	// raw counts the bytes of bodies handed out undeflated.
	raw atomic.Int64
	// spill, when set, keeps the bodies instead (SpillTo).
	spill *Spill
	// outs reuses the *bytes.Buffer buffers bodies are rendered into:
	// keepBody copies what it keeps.
	outs sync.Pool
}

// rawBodyBudget bounds the bytes of document bodies a parser keeps
// undeflated: about 2,500 documents of the synthetic archive, so a
// township's or a small county's archive is never deflated. Deflating
// costs about half a millisecond a document and inflating again about a
// third of that; undeflated, a 10,000-document archive would hold some
// 300 MB of bodies, and a 100,000-document one 3 GB.
const rawBodyBudget = 64 << 20

// NewParser builds a parser for the given site settings and status words.
// markup renders the document structure the parser finds into the body
// (package render provides it); with nil the body holds the text alone,
// which is enough to check or import a document.
func NewParser(cfg Config, vocab Vocabulary, markup renderer.NodeRenderer) *Parser {
	return &Parser{md: newMarkdown(cfg.UnsafeHTML, markup), vocab: vocab, unsafeHTML: cfg.UnsafeHTML,
		outs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
}

// SpillTo makes the parser keep the bodies of the documents it parses
// from now on in s, which must stay open while they are used.
func (p *Parser) SpillTo(s *Spill) { p.spill = s }

// Parse reads one document. relPath is its slash-separated path relative to
// the site directory ("content/2021/banzi.md"). It returns nil when the file
// cannot be used at all; diagnostics say why.
func (p *Parser) Parse(relPath string, src []byte) (*Document, diag.List) {
	var diags diag.List
	file := diag.NewFile(relPath, src)
	key, year, ok := keyOf(relPath)
	if !ok {
		diags.Errorf(file.Whole(), "a document must be content/<year>/<name>.md")
		return nil, diags
	}
	if !checkEncoding(file, src, &diags) {
		return nil, diags
	}
	src = normalize(src)
	file = diag.NewFile(relPath, src)
	d := &Document{Key: key, Name: path.Base(key), Path: relPath, Size: len(src)}

	lookalikes(file, src, &diags)
	yamlSrc, yamlStart, bodyStart, ok := splitFrontMatter(src)
	if !ok {
		if bytes.HasPrefix(src, []byte("+++\n")) {
			diags.Errorf(diag.Pos{Path: relPath, Line: 1, Col: 1}, "TOML front matter (+++) is not supported: write the front matter in YAML between --- lines")
		} else if len(bytes.TrimSpace(src)) == 0 {
			diags.Errorf(diag.Pos{Path: relPath, Line: 1, Col: 1}, "the file is empty: a document needs front matter (title, year, unit, kind, meeting) and its text")
		} else if bytes.HasPrefix(src, []byte("---\n")) {
			diags.Errorf(diag.Pos{Path: relPath, Line: 1, Col: 1}, "front matter is not closed: add a line --- after it")
		} else {
			diags.Errorf(diag.Pos{Path: relPath, Line: 1, Col: 1}, "missing front matter: the file must start with a --- line, then title, year, unit, kind and meeting, then ---")
		}
		return nil, diags
	}
	yearAt := decodeFrontMatter(file, yamlSrc, file.Pos(yamlStart).Line, d, &diags)
	if d.Year != 0 && d.Year != year {
		diags.Errorf(yearAt, "year %d does not match the folder %d; move the file or correct the year", d.Year, year)
	}
	d.Year = year

	// Blank the front matter so that goldmark's offsets are the file's.
	body := bytes.Clone(src)
	for i := range bodyStart {
		if body[i] != '\n' {
			body[i] = ' '
		}
	}
	root := p.parseMarkdown(body, file, &diags)
	if root == nil {
		return nil, diags
	}
	b := &builder{doc: d, src: body, file: file, vocab: p.vocab, diags: &diags, unsafeHTML: p.unsafeHTML}
	b.build(root)

	out := p.outs.Get().(*bytes.Buffer)
	defer p.outs.Put(out)
	out.Reset()
	out.Grow(len(src) * 2)
	if err := p.md.Renderer().Render(out, body, root); err != nil {
		diags.Errorf(file.Whole(), "rendering: %v", err)
	}
	p.keepBody(d, out.Bytes())
	return d, diags
}

// keepBody keeps body as d's: in the spill file if there is one and it
// takes it (else in memory: a full disk costs memory, not the build). It
// keeps no reference to body.
func (p *Parser) keepBody(d *Document, body []byte) {
	if p.spill != nil {
		if at, err := p.spill.store(body); err == nil {
			d.spill, d.spillAt, d.spillLen = p.spill, at, len(body)
			return
		}
	}
	if p.raw.Add(int64(len(body))) <= rawBodyBudget {
		d.body = bytes.Clone(body)
	} else {
		d.body, d.deflated = p.deflate(body), true
	}
}

// parseMarkdown runs goldmark on body. goldmark panics on a heading whose
// attributes give id a value that is not text ({id=1}, {id=true}); such
// attributes are reported, neutralised in body, and body parsed again.
func (p *Parser) parseMarkdown(body []byte, file *diag.File, diags *diag.List) ast.Node {
	for attempt := 0; ; attempt++ {
		root, failure := p.tryParse(body)
		if failure == nil {
			return root
		}
		if attempt > 0 || !neutraliseIDValues(body, file, diags) {
			diags.Errorf(file.Whole(), "the Markdown parser failed on this file: %v", failure)
			return nil
		}
	}
}

func (p *Parser) tryParse(body []byte) (root ast.Node, failure any) {
	defer func() {
		if failure = recover(); failure != nil {
			root = nil
		}
	}()
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	return p.md.Parser().Parse(text.NewReader(body), parser.WithContext(ctx)), nil
}

// lookalikeWarnings are fullwidth characters that look like Markdown syntax
// at the start of a line but are plain text to Markdown.
var lookalikeWarnings = []struct{ prefix, msg string }{
	{"＃", "line starts with a fullwidth ＃, which does not make a heading; use ASCII # (## 一、…) if a heading is meant"},
	{"－", "line starts with a fullwidth －, which does not make a list item; use ASCII - if a list is meant"},
	{"＊", "line starts with a fullwidth ＊, which does not make a list item; use ASCII * or - if a list is meant"},
	{"＞", "line starts with a fullwidth ＞, which does not make a quotation; use ASCII > if a quotation is meant"},
}

// lookalikes warns about fullwidth look-alikes of Markdown syntax at line
// start, which silently fail to become headings or lists.
func lookalikes(file *diag.File, src []byte, diags *diag.List) {
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		line := src[off : off+end]
		trimmed := bytes.TrimLeft(line, " \t")
		at := off + len(line) - len(trimmed)
		for _, w := range lookalikeWarnings {
			if bytes.HasPrefix(trimmed, []byte(w.prefix)) {
				diags.Warnf(file.Pos(at), "%s", w.msg)
			}
		}
		if r, n := utf8.DecodeRune(trimmed); r >= '１' && r <= '９' {
			rest := bytes.TrimLeft(trimmed[n:], "０１２３４５６７８９")
			if bytes.HasPrefix(rest, []byte("．")) {
				diags.Warnf(file.Pos(at), "line starts with a fullwidth number %q, which does not make a numbered list; use ASCII digits and a period (1. ) if a list is meant", string(trimmed[:len(trimmed)-len(rest)+len("．")]))
			}
		}
		off += end + 1
	}
}

// Body returns the rendered HTML with its placeholders. The caller must
// not modify it. It fails only when a spilled body cannot be read back.
func (d *Document) Body() ([]byte, error) {
	if d.spill == nil && !d.deflated {
		return d.body, nil
	}
	return d.AppendBody(nil)
}

// AppendBody appends the body to dst and returns the extended slice:
// callers that read body after body reuse one buffer.
func (d *Document) AppendBody(dst []byte) ([]byte, error) {
	switch {
	case d.spill != nil:
		return d.spill.load(dst, d.spillAt, d.spillLen)
	case d.deflated:
		w := bytes.NewBuffer(dst)
		if _, err := w.ReadFrom(flate.NewReader(bytes.NewReader(d.body))); err != nil {
			panic(fmt.Sprintf("content: inflating the body of %s: %v", d.Key, err)) // we deflated it
		}
		return w.Bytes(), nil
	}
	return append(dst, d.body...), nil
}

// deflate compresses b at the fastest level: HTML shrinks about fourfold.
func (p *Parser) deflate(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := p.deflaters.Get().(*flate.Writer)
	if w == nil {
		w, _ = flate.NewWriter(&buf, flate.BestSpeed)
	} else {
		w.Reset(&buf)
	}
	w.Write(b)
	w.Close()
	p.deflaters.Put(w)
	return bytes.Clone(buf.Bytes())
}

// keyOf derives the key and folder year of content/<year>/<name>.md.
func keyOf(relPath string) (key string, year int, ok bool) {
	rest, found := strings.CutPrefix(relPath, Dir+"/")
	if !found || !strings.HasSuffix(rest, ".md") {
		return "", 0, false
	}
	dir, file := path.Split(strings.TrimSuffix(rest, ".md"))
	dir = strings.TrimSuffix(dir, "/")
	y, err := strconv.Atoi(dir)
	if err != nil || len(dir) != 4 || file == "" {
		return "", 0, false
	}
	return dir + "/" + file, y, true
}

// checkEncoding reports files that are not UTF-8 text.
func checkEncoding(file *diag.File, src []byte, diags *diag.List) bool {
	if i := bytes.IndexByte(src, 0); i >= 0 {
		diags.Errorf(file.Pos(i), "the file contains NUL bytes: it is binary, or saved in UTF-16; save it as UTF-8 text")
		return false
	}
	if utf8.Valid(src) {
		return true
	}
	bad := 0
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			bad = i
			break
		}
		i += n
	}
	if LooksGB18030(src) {
		diags.Errorf(file.Pos(bad), "the file is not UTF-8: it looks like GBK/GB18030 (as saved by Chinese Windows); convert it with: iconv -f GB18030 -t UTF-8 %q > converted.md", path.Base(file.Path))
	} else {
		diags.Errorf(file.Pos(bad), "the file is not valid UTF-8 text; save it as UTF-8")
	}
	return false
}

// LooksGB18030 reports whether every non-ASCII byte of src forms a GBK or
// GB18030 two- or four-byte sequence (0x80 alone is € in code page 936),
// and there is at least one.
func LooksGB18030(src []byte) bool {
	pairs := 0
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c <= 0x80:
			i++
		case c >= 0x81 && c <= 0xFE && i+1 < len(src) && src[i+1] >= 0x40 && src[i+1] <= 0xFE && src[i+1] != 0x7F:
			i += 2
			pairs++
		case c >= 0x81 && c <= 0xFE && i+3 < len(src) && src[i+1] >= 0x30 && src[i+1] <= 0x39 && src[i+2] >= 0x81 && src[i+2] <= 0xFE && src[i+3] >= 0x30 && src[i+3] <= 0x39:
			i += 4
			pairs++
		default:
			return false
		}
	}
	return pairs > 0
}

// normalize drops a UTF-8 byte order mark and turns CRLF and lone CR line
// ends into LF. Line numbers are unchanged.
func normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
}

// ListDocuments returns the paths of the documents under content/ of
// fsys, sorted. Files that are not documents are reported as warnings.
func ListDocuments(fsys fs.FS) ([]string, diag.List) {
	var diags diag.List
	var paths []string
	err := fs.WalkDir(fsys, Dir, func(name string, de fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf(diag.Pos{Path: name}, "cannot read: %v", err)
			return nil
		}
		base := path.Base(name)
		if de.IsDir() {
			if name != Dir && strings.HasPrefix(base, ".") {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(base, ".") || IsEditorTemp(base) {
			return nil // hidden files and editor swap files
		}
		if _, _, ok := keyOf(name); !ok {
			diags.Warnf(diag.Pos{Path: name}, "ignored: only content/<year>/<name>.md files are documents")
			return nil
		}
		paths = append(paths, name)
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		diags.Errorf(diag.Pos{Path: Dir}, "cannot read: %v", err)
	} else if err != nil {
		diags.Errorf(diag.Pos{Path: Dir}, "the site has no content folder; put the documents in content/<year>/<name>.md")
	}
	return paths, diags
}

// IsEditorTemp reports whether a file name is an editor's temporary or
// backup file: vim's 4913 and *~ and .swp/.swx, JetBrains' safe-write
// files, emacs' #…# and .#…, GNOME's .goutputstream-*, Helix's .bck;
// Typora's *~; VS Code's atomic-save *.vsctmp and Chromium's *.crswap;
// Notepad++'s backups (*.bak, and its session snapshots *@2024-01-05_143012);
// the lock files of Word and WPS (~$…), LibreOffice and WPS on Linux (.~…);
// Word's ~WRL….tmp; and the folder files of Windows Explorer (Thumbs.db,
// desktop.ini).
func IsEditorTemp(base string) bool {
	switch {
	case base == "4913",
		strings.HasSuffix(base, "~"),
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"), strings.HasSuffix(base, ".swo"),
		strings.HasSuffix(base, "___jb_tmp___"), strings.HasSuffix(base, "___jb_old___"),
		strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),
		strings.HasPrefix(base, ".#"),
		strings.HasPrefix(base, ".goutputstream-"),
		strings.HasSuffix(base, ".bck"),
		strings.HasSuffix(base, ".tmp"),
		strings.HasSuffix(base, ".vsctmp"), strings.HasSuffix(base, ".crswap"),
		strings.HasSuffix(base, ".bak"), isNppSnapshot(base),
		strings.HasPrefix(base, "~$"), strings.HasPrefix(base, ".~"),
		strings.EqualFold(base, "Thumbs.db"), strings.EqualFold(base, "desktop.ini"):
		return true
	}
	return false
}

// isNppSnapshot reports whether a name ends as Notepad++'s session
// snapshots do: @YYYY-MM-DD_HHMMSS.
func isNppSnapshot(base string) bool {
	const shape = "@0000-00-00_000000"
	if len(base) <= len(shape) {
		return false
	}
	tail := base[len(base)-len(shape):]
	for i := range len(shape) {
		if shape[i] == '0' && (tail[i] < '0' || tail[i] > '9') || shape[i] != '0' && tail[i] != shape[i] {
			return false
		}
	}
	return true
}

// ParseFile reads and parses one document of fsys.
func (p *Parser) ParseFile(fsys fs.FS, name string) (*Document, diag.List) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		var diags diag.List
		diags.Errorf(diag.Pos{Path: name}, "cannot read: %v", err)
		return nil, diags
	}
	return p.Parse(name, src)
}

// ParseFiles parses the named documents in parallel. Results are in the
// order of names; a document that cannot be used is nil. done, when not
// nil, is called after each document (from any goroutine).
func (p *Parser) ParseFiles(fsys fs.FS, names []string, done func()) ([]*Document, []diag.List) {
	docs := make([]*Document, len(names))
	diags := make([]diag.List, len(names))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(names), 1)) {
		wg.Go(func() {
			for i := range next {
				docs[i], diags[i] = p.ParseFile(fsys, names[i])
				if done != nil {
					done()
				}
			}
		})
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	return docs, diags
}

// ReadAll reads every document under content/ of fsys, in parallel.
// Documents come back sorted by key.
func (p *Parser) ReadAll(fsys fs.FS) ([]*Document, diag.List) {
	paths, diags := ListDocuments(fsys)
	docs, perDoc := p.ParseFiles(fsys, paths, nil)
	for _, l := range perDoc {
		diags = append(diags, l...)
	}
	docs = slices.DeleteFunc(docs, func(d *Document) bool { return d == nil })
	slices.SortFunc(docs, func(a, b *Document) int { return strings.Compare(a.Key, b.Key) })
	return docs, diags
}

// ShortTitle shortens s to at most n characters, ending with "…".
func ShortTitle(s string, n int) string {
	kept := 0 // runes
	for i := range s {
		if kept == n-1 {
			if utf8.RuneCountInString(s[i:]) <= 1 {
				return s // n runes in all: nothing to cut
			}
			return s[:i] + "…"
		}
		kept++
	}
	return s
}
