package render

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"mzshh/generator/content"
	"mzshh/generator/status"
)

// Markup renders, inside a document's body, the structure package content
// finds: sections, entries (problems, causes, measures) with their lead
// sentences, report status words, and the paragraphs and list items it
// gives a role. site hands it to content.NewParser, so that every
// element and CSS class of a page is written by this package.
type Markup struct{}

// RegisterFuncs implements goldmark's renderer.NodeRenderer.
func (Markup) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(content.KindStatus, markupStatus)
	reg.Register(content.KindLead, markupLead)
	reg.Register(content.KindSection, markupSection)
	reg.Register(content.KindEntry, markupEntry)
	reg.Register(ast.KindParagraph, markupParagraph)
	reg.Register(ast.KindListItem, markupListItem)
	reg.Register(kindKeep, markupKeep)
}

var _ renderer.NodeRenderer = Markup{}

func markupStatus(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		s := n.(*content.StatusNode)
		fmt.Fprintf(w, `<span class="annot status s-%s">%s</span>`, s.Class.Key(), template.HTMLEscapeString(s.Word))
	}
	return ast.WalkSkipChildren, nil
}

func markupLead(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		fmt.Fprintf(w, `<strong class="lead" role="heading" aria-level="%d">`, n.(*content.LeadNode).Level)
	} else {
		w.WriteString("</strong>")
	}
	return ast.WalkContinue, nil
}

func markupSection(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		fmt.Fprintf(w, "<section class=\"sec sec-%s\">\n", n.(*content.SectionNode).Section.String())
	} else {
		w.WriteString("</section>\n")
	}
	return ast.WalkContinue, nil
}

func markupEntry(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	e := n.(*content.EntryNode)
	if entering {
		fmt.Fprintf(w, "<div class=\"entry %s\" id=\"%s\">\n", e.Entry.String(), template.HTMLEscapeString(e.ID))
	} else {
		w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

// markupParagraph is goldmark's paragraph, with the class of a reference
// line.
func markupParagraph(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</p>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString("<p")
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.ParagraphAttributeFilter)
	}
	if content.Role(n) == content.RoleRefLine {
		w.WriteString(` class="annot refline"`)
	}
	w.WriteByte('>')
	keepTogether(n, source)
	return ast.WalkContinue, nil
}

// markupListItem is goldmark's list item, with the class of a report item.
func markupListItem(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</li>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString("<li")
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.ListItemAttributeFilter)
	}
	if content.Role(n) == content.RoleReport {
		w.WriteString(` class="report"`)
	}
	w.WriteByte('>')
	if fc := n.FirstChild(); fc != nil {
		if _, ok := fc.(*ast.TextBlock); !ok {
			w.WriteByte('\n')
		} else {
			keepTogether(fc, source)
		}
	}
	return ast.WalkContinue, nil
}

// A keepNode holds text that a line must not break inside: a deadline
// with its label (整改时限：2022年10月底) or a status word (长期坚持). It is
// made while rendering, from the text nodes of a paragraph.
type keepNode struct{ ast.BaseInline }

var kindKeep = ast.NewNodeKind("Keep")

func (n *keepNode) Kind() ast.NodeKind { return kindKeep }

func (n *keepNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

func markupKeep(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString(`<span class="nb">`)
	} else {
		w.WriteString("</span>")
	}
	return ast.WalkContinue, nil
}

// keepTogether splits the text children of n around the runs that must
// stay on one line (see keepNode), before they are rendered.
func keepTogether(n ast.Node, source []byte) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		if t, ok := c.(*ast.Text); ok && !t.IsRaw() {
			splitKeep(n, t, source)
		}
		c = next
	}
}

func splitKeep(parent ast.Node, t *ast.Text, source []byte) {
	for {
		seg := t.Segment
		a, b := findKeep(seg.Value(source))
		if a < 0 {
			return
		}
		if a > 0 {
			parent.InsertBefore(parent, t, ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+a)))
		}
		keep := &keepNode{}
		keep.AppendChild(keep, ast.NewTextSegment(text.NewSegment(seg.Start+a, seg.Start+b)))
		parent.InsertBefore(parent, t, keep)
		if seg.Start+b == seg.Stop {
			// The run ends the text: the keep node takes its line break.
			last := keep.FirstChild().(*ast.Text)
			last.SetSoftLineBreak(t.SoftLineBreak())
			last.SetHardLineBreak(t.HardLineBreak())
			parent.RemoveChild(parent, t)
			return
		}
		t.Segment = text.NewSegment(seg.Start+b, seg.Stop)
	}
}

// deadlineLabels start a deadline; its value runs to the next separator.
var deadlineLabels = [][]byte{[]byte("整改时限："), []byte("整改时限:"), []byte("完成时限："), []byte("完成时限:")}

// statusWords are the default status words (package status).
var statusWords = func() [][]byte {
	var words [][]byte
	for _, s := range status.Reports() {
		for _, w := range s.Words {
			words = append(words, []byte(w))
		}
	}
	return words
}()

// keepStarts lists, by their first byte, the deadline labels and then the
// status words: the runs findKeep looks for. keepPairs has a bit for the
// first two bytes of each: most Chinese characters share a first byte with
// some word, few their first two.
var keepStarts, keepPairs = func() (starts [256][]keepWord, pairs [1 << 16 / 64]uint64) {
	add := func(w []byte, label bool) {
		starts[w[0]] = append(starts[w[0]], keepWord{w, label})
		pair := int(w[0])<<8 | int(w[1])
		pairs[pair/64] |= 1 << (pair % 64)
	}
	for _, l := range deadlineLabels {
		add(l, true)
	}
	for _, w := range statusWords {
		add(w, false)
	}
	return starts, pairs
}()

type keepWord struct {
	word  []byte
	label bool // a deadline label: the run goes on to the next separator
}

// findKeep returns the first run of text that must stay on one line, or
// -1, -1. At one position a deadline label comes before a status word,
// and each list's earlier words before its later ones. It reads v once,
// looking further only where a word can start.
func findKeep(v []byte) (int, int) {
	for i := 0; i+1 < len(v); i++ {
		if pair := int(v[i])<<8 | int(v[i+1]); keepPairs[pair/64]&(1<<(pair%64)) == 0 {
			continue
		}
		for _, k := range keepStarts[v[i]] {
			if !bytes.HasPrefix(v[i:], k.word) {
				continue
			}
			end := i + len(k.word)
			if k.label {
				if j := bytes.IndexFunc(v[end:], isDeadlineEnd); j >= 0 {
					end += j
				} else {
					end = len(v)
				}
			}
			return i, end
		}
	}
	return -1, -1
}

func isDeadlineEnd(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '　', '；', ';', '，', ',', '。', '、', '（', '(':
		return true
	}
	return false
}
