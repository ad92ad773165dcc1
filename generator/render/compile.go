package render

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"mzshh/generator/archive"
	"mzshh/generator/content"
)

// The yearly 汇编 (compilation) gathers a year's materials into one page
// to print and file: a cover, a table of contents, then each material as
// written — its title block and text, without the archive's annotations —
// each starting on a new printed page. Teams come first, then members,
// each in the archive's order. A year of more than compileDocs materials
// is split into volumes (分册), each a page with its own cover and
// contents, so that no page grows past a few megabytes.

const compileDocs = 50

// compilePath is the path of a year's 汇编, volume n (1-based).
func compilePath(y, n int) string {
	return pagePath(compileDir+strconv.Itoa(y)+".html", n)
}

// compileDir holds the 汇编 volumes.
const compileDir = "compile/"

// isCompilePath reports whether path is a 汇编 volume's.
func isCompilePath(path string) bool { return strings.HasPrefix(path, compileDir) }

// CompilePath is the path of a year's 汇编 (its first volume).
func CompilePath(y int) string { return compilePath(y, 1) }

// compileOrder returns docs, a year's (docsByYear), teams first.
func compileOrder(docs []*archive.Doc) []*archive.Doc {
	out := make([]*archive.Doc, 0, len(docs))
	for _, d := range docs {
		if d.Kind == content.KindTeam {
			out = append(out, d)
		}
	}
	for _, d := range docs {
		if d.Kind != content.KindTeam {
			out = append(out, d)
		}
	}
	return out
}

// compileJobs adds the 汇编 volumes of every year with page. byYear holds
// the documents of each year (docsByYear).
func (r *Renderer) compileJobs(page func(kind, path, title string, inputs func(*planner), fill func(*Page)), byYear map[int][]*archive.Doc) {
	for _, y := range r.a.Years {
		docs := compileOrder(byYear[y])
		if len(docs) == 0 {
			continue
		}
		first := compilePath(y, 1)
		volumes := slices.Collect(slices.Chunk(docs, compileDocs))
		for i, vol := range volumes {
			pager := pagerFor(first, len(volumes), i+1)
			inputs := func(pl *planner) {
				pl.int(len(volumes))
				pl.int(len(docs))
				for _, d := range vol {
					pl.perDoc(docCompiled, d, func() {
						pl.doc(d)
						pl.str(d.Title)
						pl.str(d.Unit.Name)
						pl.str(d.Kind)
					})
				}
			}
			title := fmt.Sprintf("%d年度材料汇编", y)
			if len(volumes) > 1 {
				title += fmt.Sprintf("（第%d册）", i+1)
			}
			page("compile", compilePath(y, i+1), title, inputs, func(p *Page) {
				p.Year, p.Docs, p.Pager, p.DocCount = y, vol, pager, len(docs)
				p.parts.set(partBody, func(w *bytes.Buffer) error {
					n := 0
					for _, d := range vol {
						n += d.Size // a volume's HTML is about its sources' size
					}
					w.Grow(n + n/4)
					var scratch bytes.Buffer // a material's expanded body
					for j, d := range vol {
						if err := r.withRawBody(d, func(body []byte) { writeCompiled(w, &scratch, d, "d"+strconv.Itoa(j+1), body) }); err != nil {
							return err
						}
					}
					return nil
				})
			})
		}
	}
}

// writeCompiled writes one material of a 汇编: its title block and its
// text as written. References, status words, 延续 lines and problem panels
// are left out, as in print, and so are the ids of its parts (the document's
// page has them), so that materials do not clash. body is d's
// (Renderer.withRawBody); scratch is a buffer the caller reuses from
// material to material.
func writeCompiled(b, scratch *bytes.Buffer, d *archive.Doc, id string, body []byte) {
	fmt.Fprintf(b, "\n<article class=\"doc compiled\" id=\"%s\" aria-labelledby=\"%s-t\">\n<header class=\"doc-head\">", id, id)
	if m := d.Classification.Mark(); m != "" {
		fmt.Fprintf(b, "\n<p class=\"classification\" title=\"密级\">%s</p>", esc(m))
	}
	fmt.Fprintf(b, "\n<h1 id=\"%s-t\">%s</h1>\n</header>\n<div class=\"doc-body\">\n", id, esc(d.Title))
	scratch.Reset()
	content.Expand(scratch, body, func(int) {}, func(string) {})
	writePrinted(b, scratch.Bytes())
	b.WriteString("</div>\n</article>")
}

// printOmits are what a 汇编 leaves out of a document's HTML, each from
// its opening to the first end after it: 延续 lines, status words and ids.
var printOmits = [...]struct{ open, end string }{
	{`<p class="annot refline">`, "</p>\n"},
	{`<span class="annot status `, "</span>"},
	{` id="`, `"`},
}

// writePrinted writes html to b without printOmits, in one pass. The parts
// hold no part of another kind (ids are on headings and list items; text
// has its quotes escaped), so that this is the same as leaving out one
// kind after another.
func writePrinted(b *bytes.Buffer, html []byte) {
	// find returns where kind k occurs first from offset from, or -1.
	find := func(k, from int) int {
		if i := bytes.Index(html[from:], []byte(printOmits[k].open)); i >= 0 {
			return from + i
		}
		return -1
	}
	var next [len(printOmits)]int // where each kind occurs next; -1: no more
	for k := range next {
		next[k] = find(k, 0)
	}
	at := 0
	for {
		first := -1
		for k := range next {
			if next[k] >= 0 && next[k] < at {
				next[k] = find(k, at)
			}
			if next[k] >= 0 && (first < 0 || next[k] < next[first]) {
				first = k
			}
		}
		if first < 0 {
			b.Write(html[at:])
			return
		}
		o, i := printOmits[first], next[first]
		j := bytes.Index(html[i+len(o.open):], []byte(o.end))
		if j < 0 {
			next[first] = -1 // unterminated: kept, and no more of its kind
			continue
		}
		b.Write(html[at:i])
		at = i + len(o.open) + j + len(o.end)
	}
}
