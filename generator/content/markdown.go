package content

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"

	"mzshh/generator/diag"
	"mzshh/generator/status"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The rendered body of a document holds placeholders where the output
// depends on the whole archive: a reference's link text and status, and the
// annotations of a problem (status, timeline, measures, thread). They are
// NUL-delimited; content with NUL bytes is rejected before parsing, and
// goldmark replaces NUL by U+FFFD, so a placeholder can never come from text.
const (
	placeholderMark  = '\x00'
	placeholderRef   = 'R' // \x00R<index>\x00: Document.Refs[index]
	placeholderAnnot = 'A' // \x00A<problem id>\x00
)

// newMarkdown builds the goldmark converter shared by every document:
// CommonMark plus tables, the CJK extension, heading attributes and our
// references. The placeholders are written here; the markup of the nodes
// the parser adds (sections, entries, lead sentences, status words) and of
// the paragraphs and list items it gives a role is markup's, which the
// caller provides (package render); without it they render as their
// children alone.
func newMarkdown(unsafeHTML bool, markup renderer.NodeRenderer) goldmark.Markdown {
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(util.Prioritized(placeholderRenderer{}, 100)),
	}
	if markup != nil {
		rendererOpts = append(rendererOpts, renderer.WithNodeRenderers(util.Prioritized(markup, 99)))
	}
	if unsafeHTML {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	return goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.CJK),
		goldmark.WithParserOptions(
			parser.WithAttribute(),
			parser.WithAutoHeadingID(),
			parser.WithInlineParsers(util.Prioritized(refParser{}, 199)),
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
}

// headingIDs generates heading IDs that keep Chinese characters: letters
// and digits of any script are kept, everything else becomes '-'.
type headingIDs struct {
	used map[string]bool
	next map[string]int // the next suffix to try for a base ID
}

func newHeadingIDs() *headingIDs { return &headingIDs{used: map[string]bool{}, next: map[string]int{}} }

func (s *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	var b bytes.Buffer
	dash := false
	for len(value) > 0 {
		r, n := utf8.DecodeRune(value)
		value = value[n:]
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			dash = true
		}
	}
	base := b.String()
	if base == "" {
		base = "h"
	}
	id := base
	for s.used[id] {
		s.next[base]++
		id = base + "-" + strconv.Itoa(s.next[base])
	}
	s.used[id] = true
	return []byte(id)
}

func (s *headingIDs) Put(value []byte) { s.used[string(value)] = true }

// RefNode is an inline [[doc#id]] or [[#id]] reference.
type RefNode struct {
	ast.BaseInline
	Target string // the text between the brackets
	Offset int    // byte offset of "[[" in the source
	Index  int    // index in Document.Refs, set after parsing
}

// KindRef is the node kind of RefNode.
var KindRef = ast.NewNodeKind("Ref")

func (n *RefNode) Kind() ast.NodeKind { return KindRef }

func (n *RefNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Target": n.Target}, nil)
}

// maxRefLen bounds the bytes of a reference, brackets included.
const maxRefLen = 256

// refParser parses [[…]] on one line. It runs before the link parser.
type refParser struct{}

func (refParser) Trigger() []byte { return []byte{'['} }

func (refParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if !bytes.HasPrefix(line, []byte("[[")) {
		return nil
	}
	// A target is short; looking no further keeps a line full of "[["
	// linear.
	if len(line) > maxRefLen {
		line = line[:maxRefLen]
	}
	end := bytes.Index(line[2:], []byte("]]"))
	if end < 0 || bytes.ContainsAny(line[2:2+end], "[\n") {
		return nil
	}
	block.Advance(2 + end + 2)
	return &RefNode{Target: string(bytes.TrimSpace(line[2 : 2+end])), Offset: seg.Start}
}

// StatusNode is the 【status】 marker that starts a report item.
type StatusNode struct {
	ast.BaseInline
	Word  string
	Class status.Class
}

// KindStatus is the node kind of StatusNode.
var KindStatus = ast.NewNodeKind("Status")

func (n *StatusNode) Kind() ast.NodeKind { return KindStatus }

func (n *StatusNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Word": n.Word}, nil)
}

// LeadNode is a heading turned into the bold lead sentence of the
// paragraph that follows it, as the materials are printed.
type LeadNode struct {
	ast.BaseInline
	Level int
}

// KindLead is the node kind of LeadNode.
var KindLead = ast.NewNodeKind("Lead")

func (n *LeadNode) Kind() ast.NodeKind { return KindLead }

func (n *LeadNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// SectionNode wraps one ## section of a document.
type SectionNode struct {
	ast.BaseBlock
	Section SectionKind
}

// KindSection is the node kind of SectionNode.
var KindSection = ast.NewNodeKind("Section")

func (n *SectionNode) Kind() ast.NodeKind { return KindSection }

func (n *SectionNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Section": n.Section.String()}, nil)
}

// EntryNode wraps a problem, cause or measure: its heading and body.
type EntryNode struct {
	ast.BaseBlock
	Entry EntryKind
	ID    string
	pos   diag.Pos // of its heading
}

// KindEntry is the node kind of EntryNode.
var KindEntry = ast.NewNodeKind("Entry")

func (n *EntryNode) Kind() ast.NodeKind { return KindEntry }

func (n *EntryNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.ID}, nil)
}

// AnnotNode marks where a problem's annotations go.
type AnnotNode struct {
	ast.BaseBlock
	ID string
}

// KindAnnot is the node kind of AnnotNode.
var KindAnnot = ast.NewNodeKind("Annot")

func (n *AnnotNode) Kind() ast.NodeKind { return KindAnnot }

func (n *AnnotNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Roles of paragraphs and list items, kept in an attribute that is never
// written to the page (goldmark writes only HTML's own attributes): the
// markup renderer reads them with Role.
const (
	roleAttribute = "mzshh-role"
	// RoleRefLine is a paragraph that only names references ("针对 [[#p1]]",
	// "延续 [[2020/banzi#p3]]"), annotating the entry it is in.
	RoleRefLine = "refline"
	// RoleReport is a list item that is a report item (its ID is Report.ID).
	RoleReport = "report"
)

// Role returns the role the parser gave a paragraph or list item, or "".
func Role(n ast.Node) string {
	if v, ok := n.AttributeString(roleAttribute); ok {
		if b, ok := v.([]byte); ok {
			return string(b)
		}
	}
	return ""
}

func setRole(n ast.Node, role string) { n.SetAttributeString(roleAttribute, []byte(role)) }

// placeholderRenderer writes the placeholders of references and
// annotations. It is stateless.
type placeholderRenderer struct{}

func (placeholderRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindRef, renderRef)
	reg.Register(KindAnnot, renderAnnot)
}

func renderRef(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		fmt.Fprintf(w, "%c%c%d%c", placeholderMark, placeholderRef, n.(*RefNode).Index, placeholderMark)
	}
	return ast.WalkSkipChildren, nil
}

func renderAnnot(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		fmt.Fprintf(w, "%c%c%s%c\n", placeholderMark, placeholderAnnot, n.(*AnnotNode).ID, placeholderMark)
	}
	return ast.WalkSkipChildren, nil
}

// Expander is where Expand writes: a strings.Builder or a bytes.Buffer.
type Expander interface {
	io.Writer
	io.StringWriter
}

// Expand writes body to w with its placeholders replaced: ref(i) writes
// (to w) the i-th reference of the document, annot(id) the annotations of
// problem id.
func Expand(w Expander, body []byte, ref func(i int), annot func(id string)) {
	for {
		i := bytes.IndexByte(body, placeholderMark)
		if i < 0 || i+2 > len(body) {
			w.Write(body)
			return
		}
		w.Write(body[:i])
		end := bytes.IndexByte(body[i+1:], placeholderMark)
		if end < 0 {
			w.Write(body[i:])
			return
		}
		arg := string(body[i+2 : i+1+end])
		switch body[i+1] {
		case placeholderRef:
			n, _ := strconv.Atoi(arg)
			ref(n)
		case placeholderAnnot:
			annot(arg)
		}
		body = body[i+1+end+1:]
	}
}
