package render

import (
	"fmt"
	"html/template"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"mzshh/generator/content"
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
func markupParagraph(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
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
	return ast.WalkContinue, nil
}

// markupListItem is goldmark's list item, with the class of a report item.
func markupListItem(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
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
		}
	}
	return ast.WalkContinue, nil
}
