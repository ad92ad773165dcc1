package content

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"mzshh/generator/diag"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// ReservedIDs are the HTML ids that share a document's page with its
// headings: the page layout's (layouts/base.html: the skip link's target
// and the search box) and the preview server's error overlay
// (generator/serve/live.js). Report items take r1, r2, … in document
// order. A heading may not take any of them (see IsReservedID); an ID
// made from a heading's text that would is given a suffix.
var ReservedIDs = []string{"main", "site-q", "mzshh-error-overlay"}

// IsReservedID reports whether id is one of ReservedIDs or has the form of
// a report item's ID: r and digits.
func IsReservedID(id string) bool {
	for _, r := range ReservedIDs {
		if id == r {
			return true
		}
	}
	return isReportID(id)
}

func isReportID(id string) bool {
	digits, ok := strings.CutPrefix(id, "r")
	if !ok || digits == "" {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// An ID written in {#…} is a problem's, cause's or measure's stable
// identity: it appears in references ([[2021/banzi#p1-1]]), in URLs
// (2021/banzi.html#p1-1) and in the archive's IDs. It is one or more
// letters (of any script), digits, "-" and "_".

// badIDRune returns the first character of id that an ID may not hold.
func badIDRune(id string) (rune, bool) {
	for _, r := range id {
		if !idRune(r) {
			return r, true
		}
	}
	return 0, false
}

func idRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || r == '-' || r == '_'
}

// suggestID makes a valid ID of s: runs of other characters become "-".
func suggestID(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if idRune(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "p1"
	}
	return b.String()
}

// explicitIDs reads the {#id} of every heading of the document, nested
// ones included, and reports every malformed one. Only valid IDs are kept.
func (b *builder) explicitIDs(root ast.Node) {
	b.explicit = map[*ast.Heading]string{}
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			if id, ok := b.explicitID(h); ok {
				b.explicit[h] = id
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// explicitID returns the ID written on heading h, and false when none is
// written or it is malformed (which it reports at its "{").
func (b *builder) explicitID(h *ast.Heading) (string, bool) {
	lines := h.Lines()
	if lines.Len() == 0 {
		return "", false
	}
	// An attribute goldmark did not recognise stays in the heading's text.
	for i := range lines.Len() {
		seg := lines.At(i)
		if j := unescapedIndex(b.src[seg.Start:seg.Stop], "{#"); j >= 0 {
			b.malformedID(seg.Start + j)
			return "", false
		}
	}
	last := lines.At(lines.Len() - 1)
	tail := b.src[last.Stop:b.lineEnd(last.Stop)]
	open := bytes.IndexByte(tail, '{')
	if open < 0 {
		return "", false
	}
	attrs, ok := parser.ParseAttributes(text.NewReader(tail[open:]))
	if !ok {
		return "", false
	}
	at := b.file.Pos(last.Stop + open)
	var ids []string
	for _, a := range attrs {
		if string(a.Name) != "id" {
			continue
		}
		v, isText := a.Value.([]byte)
		if !isText {
			b.diags.Errorf(at, "ID %v is not written as an ID: write it as {#p1}, letters, digits, - and _ only", a.Value)
			return "", false
		}
		ids = append(ids, string(v))
	}
	switch {
	case len(ids) == 0:
		return "", false
	case len(ids) > 1:
		b.diags.Errorf(at, "heading has %d IDs (%s); keep one", len(ids), strings.Join(ids, ", "))
		return "", false
	case ids[0] == "":
		b.diags.Errorf(at, "empty ID {#}: write the ID after #, e.g. {#p1}")
		return "", false
	}
	if r, bad := badIDRune(ids[0]); bad {
		b.diags.Errorf(at, "ID %q holds %s: an ID is letters, digits, - and _ only; write it as {#%s}", ids[0], describeRune(r), suggestID(ids[0]))
		return "", false
	}
	return ids[0], true
}

// malformedID reports a "{#" at off that goldmark did not take as an ID.
func (b *builder) malformedID(off int) {
	at := b.file.Pos(off)
	rest := b.src[off:b.lineEnd(off)]
	end := bytes.IndexByte(rest, '}')
	if end < 0 {
		b.diags.Errorf(at, "ID %s is not closed: end it with }, e.g. {#p1}", bytes.TrimSpace(rest))
		return
	}
	written, inner := string(rest[:end+1]), string(rest[2:end])
	after := strings.TrimSpace(string(rest[end+1:]))
	switch {
	case after != "" && strings.Trim(after, "#") == "":
		b.diags.Errorf(at, "ID %s must end the heading line: remove the closing %s after it", written, after)
	case after != "":
		b.diags.Errorf(at, "ID %s must end the heading line: move %q before it", written, after)
	case inner == "":
		b.diags.Errorf(at, "empty ID {#}: write the ID after #, e.g. {#p1}")
	default:
		if r, bad := badIDRune(inner); bad {
			b.diags.Errorf(at, "ID %q holds %s: an ID is letters, digits, - and _ only; write it as {#%s}", inner, describeRune(r), suggestID(inner))
			return
		}
		b.diags.Errorf(at, "ID %s is not understood: write it as {#p1} at the end of the heading", written)
	}
}

// idValueRE finds an id=… attribute in an attribute block.
var idValueRE = regexp.MustCompile(`(?:^|[\s{,])(id\s*=\s*)`)

// neutraliseIDValues reports every heading attribute block of src that
// gives id a value that is not text, and turns its "=" into a space so
// that the block is no longer read as attributes. It reports whether it
// found any.
func neutraliseIDValues(src []byte, file *diag.File, diags *diag.List) bool {
	found := false
	lines := splitLines(src)
	off := 0
	for i, line := range lines {
		start := off
		off += len(line)
		line = bytes.TrimRight(line, " \t\n")
		if !bytes.HasSuffix(line, []byte("}")) || !bytes.Contains(line, []byte("id")) || !headingLike(lines, i) {
			continue
		}
		for j := 0; j < len(line); j++ {
			if line[j] != '{' {
				continue
			}
			r := text.NewReader(line[j:])
			attrs, ok := parser.ParseAttributes(r)
			if rest, _ := r.PeekLine(); !ok || len(bytes.TrimSpace(rest)) > 0 {
				continue
			}
			for _, a := range attrs {
				if _, isText := a.Value.([]byte); string(a.Name) != "id" || isText {
					continue
				}
				m := idValueRE.FindSubmatchIndex(line[j:])
				if m == nil {
					continue
				}
				eq := j + m[3] - 1
				for src[start+eq] != '=' {
					eq--
				}
				value := bytes.TrimRight(bytes.TrimSpace(line[j+m[3]:]), "}")
				if k := bytes.IndexAny(value, " ,}"); k >= 0 {
					value = value[:k]
				}
				diags.Errorf(file.Pos(start+j), "ID %s is not written as an ID: write it as {#p1}, letters, digits, - and _ only", value)
				src[start+eq] = ' '
				found = true
				break
			}
		}
	}
	return found
}

// headingLike reports whether line i of lines may be a heading: after the
// marks of block quotes and list items it starts with #, or the next line
// underlines it with = or -.
func headingLike(lines [][]byte, i int) bool {
	if bytes.HasPrefix(stripContainers(lines[i]), []byte("#")) {
		return true
	}
	if i+1 < len(lines) {
		next := bytes.TrimSpace(stripContainers(lines[i+1]))
		return len(next) > 0 && (len(bytes.Trim(next, "=")) == 0 || len(bytes.Trim(next, "-")) == 0)
	}
	return false
}

// stripContainers drops the marks of block quotes and list items that
// start line l.
func stripContainers(l []byte) []byte {
	for {
		l = bytes.TrimLeft(l, " \t")
		switch {
		case bytes.HasPrefix(l, []byte(">")):
			l = l[1:]
			continue
		case len(l) > 1 && (l[0] == '-' || l[0] == '*' || l[0] == '+') && (l[1] == ' ' || l[1] == '\t'):
			l = l[2:]
			continue
		}
		if d := len(l) - len(bytes.TrimLeft(l, "0123456789")); d > 0 && d < len(l) && (l[d] == '.' || l[d] == ')') {
			l = l[d+1:]
			continue
		}
		return l
	}
}

// unescapedIndex is the index of sep in s not preceded by a backslash.
func unescapedIndex(s []byte, sep string) int {
	for from := 0; ; {
		i := bytes.Index(s[from:], []byte(sep))
		if i < 0 {
			return -1
		}
		i += from
		if i == 0 || s[i-1] != '\\' {
			return i
		}
		from = i + 1
	}
}

// lineEnd is the offset of the end of the line holding off.
func (b *builder) lineEnd(off int) int {
	if i := bytes.IndexByte(b.src[off:], '\n'); i >= 0 {
		return off + i
	}
	return len(b.src)
}

// checkIDs gives every id attribute of the document's HTML one element:
// an ID written or made from the order that is reserved or already used
// is an error at its heading; an ID made from a heading's text that is
// taken gets a suffix instead.
func (b *builder) checkIDs(root ast.Node) {
	used := map[string]diag.Pos{}
	claim := func(id string, pos diag.Pos) {
		if IsReservedID(id) {
			if isReportID(id) {
				b.diags.Errorf(pos, "ID %s is reserved: report items are numbered r1, r2, …; choose another ID", id)
			} else {
				b.diags.Errorf(pos, "ID %s is reserved: the page layout uses it; choose another ID", id)
			}
			return
		}
		if first, dup := used[id]; dup {
			b.diags.Errorf(pos, "duplicate ID %s: it is already used at line %d; IDs must be unique within a document", id, first.Line)
			return
		}
		used[id] = pos
	}
	var auto []*ast.Heading
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *EntryNode:
			claim(n.ID, n.pos)
		case *ast.Heading:
			v, _ := n.AttributeString("id")
			id, _ := v.([]byte)
			if len(id) == 0 {
				break
			}
			if _, ok := b.explicit[n]; ok {
				claim(string(id), b.pos(n))
			} else {
				auto = append(auto, n)
			}
		case *ast.ListItem, *ast.Paragraph:
			if v, ok := n.AttributeString("id"); ok {
				if id, _ := v.([]byte); len(id) > 0 {
					used[string(id)] = b.pos(n)
				}
			}
		}
		return ast.WalkContinue, nil
	})
	taken := func(id string) bool {
		_, ok := used[id]
		return ok || IsReservedID(id)
	}
	var clash []*ast.Heading
	for _, h := range auto {
		v, _ := h.AttributeString("id")
		id := string(v.([]byte))
		if taken(id) {
			clash = append(clash, h)
			continue
		}
		used[id] = b.pos(h)
	}
	for _, h := range clash {
		v, _ := h.AttributeString("id")
		base := string(v.([]byte))
		id := base
		for n := 1; taken(id); n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		used[id] = b.pos(h)
		h.SetAttributeString("id", []byte(id))
		if i, ok := b.sectionOf[h]; ok {
			b.doc.Sections[i].ID = id
		}
	}
}

// describeRune quotes r for a message.
func describeRune(r rune) string {
	if r == ' ' {
		return "a space"
	}
	if !utf8.ValidRune(r) || !unicode.IsPrint(r) {
		return fmt.Sprintf("%U", r)
	}
	return fmt.Sprintf("%q", r)
}
