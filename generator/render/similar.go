package render

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"mzshh/generator/content"
	"mzshh/generator/diag"
	"mzshh/generator/similar"
)

// The 雷同检查 pages: for each year with pairs (package similar), a page
// listing them by scope and score, both texts side by side with the shared
// passages marked (<mark>, no script), and a CSV of the same pairs.

func similarPath(y int) string    { return "similar/" + strconv.Itoa(y) + ".html" }
func similarCSVPath(y int) string { return "similar/" + strconv.Itoa(y) + ".csv" }

// SimilarPath is the path of a year's 雷同检查 page.
var SimilarPath = similarPath

// WithSimilar publishes the pairs of rep: a page and a CSV per year that
// has pairs. It returns r.
func (r *Renderer) WithSimilar(rep *similar.Report) *Renderer {
	r.similar, r.jobList = rep, nil
	return r
}

// similarCount is the number of pairs of year y.
func (r *Renderer) similarCount(y int) int {
	if r.similar == nil {
		return 0
	}
	return len(r.similar.Year(y))
}

// similarJobs adds the pages with page and returns the CSV files.
func (r *Renderer) similarJobs(page func(kind, path, title string, inputs func(*planner), fill func(*Page))) []job {
	if r.similar == nil {
		return nil
	}
	var jobs []job
	for _, y := range r.similar.Years() {
		pairs := r.similar.Year(y)
		inputs := func(pl *planner) {
			pl.u64(uint64(r.similar.Opt.Threshold * 1e6))
			for _, p := range pairs {
				pl.int(int(p.Scope))
				pl.u64(uint64(p.Score * 1e6))
				for _, e := range []*similar.Entry{p.A, p.B} {
					pl.str(e.GID())
					pl.str(e.Doc.Label())
					pl.str(e.Title)
					pl.str(e.Text)
					// The CSV gives where the text is.
					pl.str(e.Pos.Path)
					pl.int(e.Pos.Line)
					pl.int(e.Pos.Col)
				}
				for _, s := range append(p.SharedA, p.SharedB...) {
					pl.int(s.Start)
					pl.int(s.End)
				}
			}
		}
		page("similar", similarPath(y), fmt.Sprintf("%d年度雷同检查", y), inputs, func(p *Page) {
			p.Year, p.Total = y, len(pairs)
			p.parts.set(partRows, func(w *bytes.Buffer) error {
				writeSimilar(w, p.Root, y, pairs, r.similar.Opt.Threshold)
				return nil
			})
		})
		jobs = append(jobs, job{path: similarCSVPath(y), inputs: inputs, source: diag.Pos{Path: fmt.Sprintf("%s/%d", content.Dir, y)},
			render: func(*bytes.Buffer) ([]byte, error) { return similarCSV(pairs) }})
	}
	return jobs
}

// entryPath is the URL of a problem, cause or measure.
func entryPath(e *similar.Entry) string { return docPath(e.Doc) + "#" + e.ID }

// entryLabel names an entry briefly: "2021 ××镇领导班子 p1-1".
func entryLabel(e *similar.Entry) string { return e.Doc.Label() + " " + e.ID }

func writeSimilar(b *bytes.Buffer, root string, year int, pairs []*similar.Pair, threshold float64) {
	count := map[similar.Scope]int{}
	for _, p := range pairs {
		count[p.Scope]++
	}
	fmt.Fprintf(b, "<p class=\"lead-text\">%d年度材料中，与本单位往年、同一组织或其他单位的问题、原因、措施文字雷同的共 %d 对（雷同度不低于 %.0f%%，套话已剔除）。", year, len(pairs), 100*threshold)
	fmt.Fprintf(b, "<a href=\"%s%s\" download>下载 CSV（可用 Excel、WPS 打开）</a></p>\n<ul class=\"similar-scopes\">", esc(root), escURL(similarCSVPath(year)))
	for _, s := range similar.Scopes {
		if count[s] > 0 {
			fmt.Fprintf(b, "<li><a href=\"#%s\">%s</a>：%d 对</li>", s.Key(), esc(s.Label()), count[s])
		}
	}
	b.WriteString("</ul>\n")
	n := 0
	for _, s := range similar.Scopes {
		if count[s] == 0 {
			continue
		}
		fmt.Fprintf(b, "<h2 id=\"%s\">%s</h2>\n", s.Key(), esc(s.Label()))
		fmt.Fprintf(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"%s（可横向滚动）\">\n<table class=\"similar\">\n", esc(s.Label()))
		b.WriteString("<thead><tr><th scope=\"col\">序号</th><th scope=\"col\">雷同度</th><th scope=\"col\">本条</th><th scope=\"col\">雷同来源</th></tr></thead>\n<tbody>\n")
		for _, p := range pairs {
			if p.Scope != s {
				continue
			}
			n++
			fmt.Fprintf(b, "<tr id=\"s%d\"><td>%d</td><td>%.0f%%</td><td>", n, n, 100*p.Score)
			writeSimilarText(b, root, p.A, p.SharedA)
			if sug := p.Suggestion(); sug != "" {
				fmt.Fprintf(b, "<p class=\"similar-hint\">如确属上年问题的延续，请在本条下加一行：<code>%s</code></p>", esc(sug))
			}
			b.WriteString("</td><td>")
			writeSimilarText(b, root, p.B, p.SharedB)
			b.WriteString("</td></tr>\n")
		}
		b.WriteString("</tbody>\n</table>\n</div>\n")
	}
}

// writeSimilarText writes a link to e and its text, the shared passages
// marked.
func writeSimilarText(b *bytes.Buffer, root string, e *similar.Entry, shared []similar.Span) {
	fmt.Fprintf(b, "<a href=\"%s%s\">%s</a>", esc(root), escURL(entryPath(e)), esc(entryLabel(e)))
	b.WriteString("<div class=\"similar-text\">")
	text := func(s string) { b.WriteString(strings.ReplaceAll(esc(s), "\n", "<br>")) }
	at := 0
	for _, s := range shared {
		text(e.Text[at:s.Start])
		b.WriteString("<mark>")
		text(e.Text[s.Start:s.End])
		b.WriteString("</mark>")
		at = s.End
	}
	text(e.Text[at:])
	b.WriteString("</div>")
}

// similarCSV writes the pairs as CSV that Excel and WPS open with Chinese
// intact: UTF-8 with a byte order mark, CRLF line ends.
func similarCSV(pairs []*similar.Pair) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	w.Write([]string{"序号", "范围", "雷同度", "本条材料", "本条编号", "本条位置", "本条文字", "来源材料", "来源编号", "来源位置", "来源文字", "建议"})
	for i, p := range pairs {
		pos := func(e *similar.Entry) string { return fmt.Sprintf("%s:%d:%d", e.Pos.Path, e.Pos.Line, e.Pos.Col) }
		w.Write(spreadsheetSafe(strconv.Itoa(i+1), p.Scope.Label(), fmt.Sprintf("%.2f", p.Score),
			p.A.Doc.Label(), p.A.ID, pos(p.A), p.A.Text, p.B.Doc.Label(), p.B.ID, pos(p.B), p.B.Text, p.Suggestion()))
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
