package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/overdue"
	"mzshh/generator/status"
)

// The two fragments repeated most on document pages — a reference chip and
// a problem's annotation panel — are written by Go rather than by
// templates: a document page holds dozens of each, and at county scale
// executing a template per fragment dominated the build.

// esc escapes text and attribute values with html/template's escaper, the
// one every page uses.
func esc(s string) string { return template.HTMLEscapeString(s) }

// escURL percent-encodes what a URL attribute may not hold raw, in lower
// case as html/template does, and escapes the result for an attribute:
// of what is left raw, only & needs escaping.
func escURL(s string) string {
	i := 0
	for i < len(s) && urlRaw(s[i]) && s[i] != '&' {
		i++
	}
	if i == len(s) {
		return s
	}
	var b bytes.Buffer
	b.Grow(len(s) * 3)
	writeEscURL(&b, s)
	return b.String()
}

// writeEscURL writes the parts, one after the other, as escURL escapes
// them: every byte is escaped on its own, so the parts of a URL need not
// be joined first.
func writeEscURL(b *bytes.Buffer, parts ...string) {
	const hex = "0123456789abcdef"
	for _, s := range parts {
		start := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if urlRaw(c) && c != '&' {
				continue
			}
			b.WriteString(s[start:i])
			if c == '&' {
				b.WriteString("&amp;")
			} else {
				b.WriteByte('%')
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&15])
			}
			start = i + 1
		}
		b.WriteString(s[start:])
	}
}

// writeEsc writes s escaped as esc does.
func writeEsc(b *bytes.Buffer, s string) { b.WriteString(template.HTMLEscapeString(s)) }

// writeInt writes n in decimal.
func writeInt(b *bytes.Buffer, n int) { b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(n), 10)) }

// urlRaw reports whether c stays as it is in a URL (escURL).
func urlRaw(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/#!$&()*+,;=:@?", c) >= 0
}

// The status hooks. Every element that shows a problem's current status
// carries data-status (the status key); every element that shows its
// status in some years carries data-year (the first), data-year-to (the
// last, when it covers more than one) and data-year-status. The problem is
// named by data-problem (its global ID) on the element itself or on its
// nearest ancestor that has one: a timeline names its problem once, not on
// every chip. Tests (and scripts) read the pages through them.

// writeCurrent writes p's current status, flagged when p is a rebound or
// was continued by one.
func writeCurrent(b *bytes.Buffer, p *archive.Problem) { writeStatus(b, p, true) }

// writeStatus is writeCurrent; named says whether the status names its
// problem, which it need not inside an element that names it already.
func writeStatus(b *bytes.Buffer, p *archive.Problem, named bool) {
	s := p.Current
	class := "status s-" + s.Key()
	if s.Carried {
		class += " carried"
	}
	fmt.Fprintf(b, `<span class="%s"`, class)
	if named {
		fmt.Fprintf(b, ` data-problem="%s"`, esc(p.GID))
	}
	fmt.Fprintf(b, ` data-status="%s">%s`, s.Key(), esc(s.Label()))
	if s.Carried {
		writeCarriedMark(b)
	}
	b.WriteString("</span>")
	writeReboundFlag(b, p)
}

// writeReboundFlag flags a problem raised as a rebound, or continued by
// one later.
func writeReboundFlag(b *bytes.Buffer, p *archive.Problem) {
	var title string
	switch {
	case p.Rebound && p.Current.Class != status.Rebound:
		title = "本问题延续的问题此前已报告整改完成"
	case len(p.ReboundBy) > 0:
		q := p.ReboundBy[0]
		title = fmt.Sprintf("%d %s %s 再次查摆了本问题", q.Year(), q.Doc.Unit.Name, q.ID)
	default:
		return
	}
	fmt.Fprintf(b, ` <span class="status s-rebound flag" title="%s">%s</span>`, esc(title), esc(status.Rebound.Label()))
}

// writeCarriedMark marks a status carried over from an earlier year's
// report, for screen readers; the element's class "carried" shows it.
func writeCarriedMark(b *bytes.Buffer) {
	b.WriteString(`<span class="vh">（沿用此前报告）</span>`)
}

// nextRun splits off the first chip that shows a timeline: a year's own
// status is one chip; consecutive years that carry the same report's
// status over make one chip spanning them, so that a problem last reported
// on eight years ago shows two chips, not nine. cells must not be empty.
func nextRun(cells []archive.Cell) (run, rest []archive.Cell) {
	i := 1
	for i < len(cells) && cells[i].Year == cells[i-1].Year+1 && sameCarried(cells[i-1].Status, cells[i].Status) {
		i++
	}
	return cells[:i], cells[i:]
}

// sameCarried reports whether b carries over exactly the status a carries
// over: the same report's word, both carried.
func sameCarried(a, b archive.Status) bool {
	return a.Carried && b.Carried && a.Report == b.Report && a.Class == b.Class && a.Inherited == b.Inherited
}

// writeChip writes p's status in the years of run (see nextRun); linked
// to the report that gave it when root is not "-". The problem is named by
// the chip's container.
func writeChip(b *bytes.Buffer, root string, unit *archive.Unit, run []archive.Cell) {
	c, last := run[0], run[len(run)-1].Year
	class := "chip s-" + c.Key()
	if c.Carried {
		class += " carried"
	}
	years := strconv.Itoa(c.Year)
	to := ""
	if last != c.Year {
		years += "–" + strconv.Itoa(last)
		to = fmt.Sprintf(` data-year-to="%d"`, last)
	}
	linked := c.Report != nil && root != "-"
	if linked {
		note := ""
		if c.Carried {
			note = "（沿用此前报告）"
		}
		from := c.Report.Doc.Label() + " "
		if c.Report.Doc.Unit == unit {
			from = strconv.Itoa(c.Report.Doc.Year) + "年报告"
		}
		fmt.Fprintf(b, `<a class="%s" data-year="%d"%s data-year-status="%s" href="%s" title="%s【%s】%s">`,
			class, c.Year, to, c.Key(), escURL(root+reportPath(c.Report)), esc(from), esc(c.Report.Word), note)
	} else {
		fmt.Fprintf(b, `<span class="%s" data-year="%d"%s data-year-status="%s">`, class, c.Year, to, c.Key())
	}
	fmt.Fprintf(b, `<span class="chip-y">%s</span>%s`, years, esc(c.Label()))
	if c.Carried {
		writeCarriedMark(b)
	}
	if linked {
		b.WriteString("</a>")
	} else {
		b.WriteString("</span>")
	}
}

// writeRef writes a reference chip: the target's document (when it is
// another one), short title and current status. In a report item, whose
// status word already says what the report gave, the status is shown only
// when a later report changed it, marked 现.
func writeRef(b *bytes.Buffer, v RefView) {
	t := v.Target
	if t.Excluded {
		writeExcludedRef(b, v)
		return
	}
	if t.Doc == nil {
		fmt.Fprintf(b, `<span class="annot ref ref-broken">[[%s]]</span>`, esc(v.Raw))
		return
	}
	href := "#" + t.ID
	if !v.Same {
		href = v.Root + docPath(t.Doc) + href
	}
	class := "annot ref"
	if t.Problem != nil {
		class += " ref-problem"
	}
	short := content.ShortTitle(t.Title, 22)
	if short != t.Title {
		fmt.Fprintf(b, `<a class="%s" href="%s" title="%s">`, class, escURL(href), esc(t.Title))
	} else {
		fmt.Fprintf(b, `<a class="%s" href="%s">`, class, escURL(href))
	}
	switch {
	case v.Same:
	case v.SameUnit:
		fmt.Fprintf(b, `<span class="ref-doc">%d年</span>`, t.Doc.Year)
	default:
		fmt.Fprintf(b, `<span class="ref-doc">%d %s</span>`, t.Doc.Year, esc(t.Doc.Unit.Name))
	}
	fmt.Fprintf(b, `<span class="ref-title">%s</span>`, esc(short))
	switch p := t.Problem; {
	case p == nil:
	case v.Report != nil && p.Current.Report == v.Report:
		writeReboundFlag(b, p)
	case v.Report != nil:
		b.WriteString(`<span class="ref-now">现</span>`)
		writeCurrent(b, p)
	default:
		writeCurrent(b, p)
	}
	b.WriteString("</a>")
}

// writeAnnot writes a problem's panel, one line when it can: stable link,
// current status, timeline, the measures naming the problem itself (its
// group's panel shows the group's), and the later problems continuing it.
// The earlier problems it continues are not repeated: the document's own
// 延续 line shows them.
func writeAnnot(b *bytes.Buffer, root string, p *archive.Problem, due *overdue.Info) {
	class := "annot pmeta"
	if p.Rebound {
		class += " is-rebound"
	}
	fmt.Fprintf(b, "<div class=\"%s\" data-problem=\"%s\">", class, esc(p.GID))
	fmt.Fprintf(b, "<a class=\"pm-id\" href=\"%s\" title=\"本问题的固定链接\">%s</a>", escURL("#"+p.ID), esc(p.ID))
	writeStatus(b, p, false)
	if p.Current.Inherited {
		note := "随所属问题组"
		if p.IsGroup() {
			note = "按各项汇总"
		}
		fmt.Fprintf(b, `<span class="pm-note">%s</span>`, note)
	}
	writeOverdueFlag(b, due)
	var cells [archive.TimelineCap]archive.Cell
	if timeline := p.Timeline(cells[:0]); len(timeline) > 0 {
		b.WriteString("\n<ol class=\"timeline\" aria-label=\"逐年整改状态\">")
		for rest := timeline; len(rest) > 0; {
			var run []archive.Cell
			run, rest = nextRun(rest)
			b.WriteString("<li>")
			writeChip(b, root, p.Doc.Unit, run)
			b.WriteString("</li>")
		}
		b.WriteString("</ol>")
	}
	ms := p.Measures
	if p.Group == nil {
		ms = p.AllMeasures()
	}
	if len(ms) > 0 {
		b.WriteString("\n<span class=\"pm-k\">整改措施</span>")
		for _, m := range ms {
			fmt.Fprintf(b, `<a class="pm-link" href="%s">%s</a>`, escURL("#"+m.ID), esc(content.ShortTitle(m.Title, 20)))
		}
	}
	for _, q := range p.ContinuedBy {
		fmt.Fprintf(b, "\n<span class=\"pm-k\">%d 延续为</span><a class=\"pm-link\" href=\"%s\">%s %s</a>", q.Year(), escURL(root+problemPath(q)), esc(q.ID), esc(content.ShortTitle(q.Title, 14)))
		writeCurrent(b, q)
	}
	b.WriteString("</div>")
}

// writeMatrix writes the status matrix table: a row per thread, a column
// per year. (Unit pages of a county archive hold thousands of cells; a
// template per cell was the slowest part of a build.)
func writeMatrix(b *bytes.Buffer, root string, m *Matrix) {
	b.WriteString("\n\n<div class=\"matrix-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"问题整改状态矩阵（可横向滚动）\">\n<table class=\"matrix\">\n")
	b.WriteString("<caption>问题整改状态矩阵：每行一个问题链，每列一个年度；点击单元格查看给出该状态的报告</caption>\n")
	b.WriteString(`<thead><tr><th scope="col">问题</th>`)
	for _, y := range m.Years {
		fmt.Fprintf(b, `<th scope="col" class="y">%d年度</th>`, y)
	}
	b.WriteString("</tr></thead>")
	for _, g := range m.Groups {
		fmt.Fprintf(b, "\n<tbody>\n<tr class=\"mg\"><th scope=\"rowgroup\" colspan=\"%d\"><a href=\"%s\">%s</a></th></tr>",
			len(m.Years)+1, escURL(root+unitPath(g.Unit)), esc(g.Unit.Name))
		for _, row := range g.Rows {
			class := "row-item"
			if row.First.IsGroup() {
				class = "row-group"
			}
			f := row.First
			fmt.Fprintf(b, "\n<tr class=\"%s\" data-problem=\"%s\" data-status=\"%s\">\n<th scope=\"row\"><a href=\"%s\"><span class=\"mx-id\">%d·%s</span> %s</a>",
				class, esc(f.GID), f.Current.Key(), escURL(root+problemPath(f)), f.Doc.Year, esc(f.ID), esc(content.ShortTitle(f.Title, 30)))
			for _, p := range row.Later {
				fmt.Fprintf(b, ` <a class="mx-later" href="%s" title="%s">→ %d·%s</a>`, escURL(root+problemPath(p)), esc(p.Title), p.Doc.Year, esc(p.ID))
			}
			b.WriteString("</th>")
			for _, c := range row.Cells {
				class := "c s-" + c.Status.Key()
				if c.Status.Carried {
					class += " carried"
				}
				fmt.Fprintf(b, "\n<td class=\"%s\"", class)
				if c.Span > 1 {
					fmt.Fprintf(b, ` colspan="%d"`, c.Span)
				}
				if c.Problem != nil {
					if c.Problem != f {
						fmt.Fprintf(b, ` data-problem="%s"`, esc(c.Problem.GID))
					}
					fmt.Fprintf(b, ` data-year="%d"`, c.Year)
					if c.Span > 1 {
						fmt.Fprintf(b, ` data-year-to="%d"`, c.Year+c.Span-1)
					}
					fmt.Fprintf(b, ` data-year-status="%s"`, c.Status.Key())
				}
				b.WriteString(">")
				if c.URL != "" {
					fmt.Fprintf(b, `<a href="%s"`, escURL(root+c.URL))
					if c.Note != "" {
						fmt.Fprintf(b, ` title="%s"`, esc(c.Note))
					}
					fmt.Fprintf(b, `>%s`, esc(c.Status.Label()))
					if c.Status.Carried {
						writeCarriedMark(b)
					}
					b.WriteString("</a>")
				}
				if c.Overdue != nil {
					writeOverdueFlag(b, c.Overdue)
				}
				b.WriteString("</td>")
			}
			b.WriteString("\n</tr>")
		}
		b.WriteString("\n</tbody>")
	}
	b.WriteString("\n</table>\n</div>")
}

// writeOutstandingRows writes the body rows of an outstanding page.
func writeOutstandingRows(b *bytes.Buffer, root string, problems []*archive.Problem, due *overdue.Table) {
	for _, p := range problems {
		in := due.Of(p)
		fmt.Fprintf(b, "\n<tr data-problem=\"%s\" data-year=\"%d\" data-unit=\"%s\" data-status=\"%s\" data-overdue=\"%s\">\n<td>%d</td><td>%s</td><td>%s</td>\n<td><a href=\"%s\">%s</a></td>\n<td>",
			esc(p.GID), p.Doc.Year, esc(p.Doc.Unit.Name), p.Current.Key(), in.State.Key(), p.Doc.Year, esc(p.Doc.Unit.Name), esc(p.ID), escURL(root+problemPath(p)), esc(content.ShortTitle(p.Title, 40)))
		writeCurrent(b, p)
		writeOverdueFlag(b, in)
		b.WriteString("</td>\n<td>")
		var cells [archive.TimelineCap]archive.Cell
		for rest := p.Timeline(cells[:0]); len(rest) > 0; {
			var run []archive.Cell
			run, rest = nextRun(rest)
			writeChip(b, root, p.Doc.Unit, run)
		}
		b.WriteString("</td>\n</tr>")
	}
}

// outstandingPagesPath is the script that maps a long outstanding list's
// years and units to its pages (writeOutstandingPages).
const outstandingPagesPath = "outstanding-pages.js"

// outstandingPath is the outstanding list's first page.
const outstandingPath = "outstanding.html"

// writeOutstandingPages writes the script at outstandingPagesPath for the
// list made of runs, split into pages of rowsPerPage:
//
//	window.MZSHH_OUTSTANDING = {"first": "outstanding.html",
//	  "years": {"2021": [1, 4], …},
//	  "units": {"××镇领导班子": [2021, 1, 1, 2022, 5, 5, …], …}};
//
// A year maps to the first and last page that list its problems; a unit
// to a triple for each year of its rows (year, first page, last page).
// Each page's filter offers only the years and units of its own rows;
// ledger.js reads this to take a link that names others (a unit page's
// count tiles: outstanding.html?status=notdone&unit=…) to their pages.
func writeOutstandingPages(b *bytes.Buffer, runs []docRun) []byte {
	// Runs come in the archive's order of documents: by year, then unit,
	// so a year's rows, and a unit's rows of a year, are one stretch.
	page := func(row int) int { return row/rowsPerPage + 1 }
	type span struct{ year, first, last int }
	extend := func(spans []span, s span) []span {
		if n := len(spans); n > 0 && spans[n-1].year == s.year {
			spans[n-1].last = s.last
			return spans
		}
		return append(spans, s)
	}
	var years []span
	units := map[string][]span{}
	var unitOrder []string
	for _, r := range runs {
		s := span{r.doc.Year, page(r.from), page(r.to - 1)}
		years = extend(years, s)
		name := r.doc.Unit.Name
		if len(units[name]) == 0 {
			unitOrder = append(unitOrder, name)
		}
		units[name] = extend(units[name], s)
	}
	fmt.Fprintf(b, "window.MZSHH_OUTSTANDING = {\"first\": %q,\n\"years\": {", outstandingPath)
	for i, s := range years {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(b, "\"%d\": [%d, %d]", s.year, s.first, s.last)
	}
	b.WriteString("},\n\"units\": {")
	for i, name := range unitOrder {
		if i > 0 {
			b.WriteString(",\n")
		}
		key, _ := json.Marshal(name)
		b.Write(key)
		b.WriteString(": [")
		for j, s := range units[name] {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "%d, %d, %d", s.year, s.first, s.last)
		}
		b.WriteString("]")
	}
	b.WriteString("}};\n")
	return b.Bytes()
}
