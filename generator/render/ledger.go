package render

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/deadline"
	"mzshh/generator/diag"
	"mzshh/generator/overdue"
	"mzshh/generator/status"
	"mzshh/generator/xlsx"
)

// The rectification ledger (整改台账), as offices keep it: a page per year
// (split into pages of rowsPerPage), and the same columns in files — a CSV
// per year, an .xlsx per year and one of all years with a sheet per year.
//
// Columns: 序号, 年度, 单位, 材料, 问题编号, 问题, 整改措施 (heading and
// text; shortened on the page), 责任人, 整改时限 (as written; the files add
// 时限日期, the date it was read as), 整改进展 (the latest report item's text
// with its year, or 尚无报告), 当前状态 (the standard word), 销号 (the year
// and date of the document whose report first marked it done; two columns
// in the files), 是否超期 (package overdue) and 反弹 (the year it came back).

// LedgerRow is one problem of the rectification ledger.
type LedgerRow struct {
	N       int
	Problem *archive.Problem
	Due     *overdue.Info
}

// Measures are the measures naming the row's problem or its group.
func (r LedgerRow) Measures() []*archive.Measure { return r.Problem.AllMeasures() }

// Responsible is the measures' 责任人, each once.
func (r LedgerRow) Responsible() string { return joinDistinct(r.Measures(), responsible) }

// Deadline is the measures' 整改时限 as written, each once.
func (r LedgerRow) Deadline() string { return joinDistinct(r.Measures(), deadlineText) }

func responsible(m *archive.Measure) string  { return m.Responsible }
func deadlineText(m *archive.Measure) string { return m.Deadline }

// joinDistinct joins the distinct non-empty values of f over ms with "；".
// One value (the common case) is returned as it is.
func joinDistinct(ms []*archive.Measure, f func(*archive.Measure) string) string {
	var out []string
	first := ""
	for _, m := range ms {
		switch v := f(m); {
		case v == "" || v == first || slices.Contains(out, v):
		case first == "":
			first = v
		default:
			if out == nil {
				out = append(out, first)
			}
			out = append(out, v)
		}
	}
	if out == nil {
		return first
	}
	return strings.Join(out, "；")
}

// LedgerInfo is what a ledger, outstanding or statistics page says about
// the overdue rule.
type LedgerInfo struct {
	AsOf string // 2006-01-02
	// AsOfNote says where the as-of date comes from.
	AsOfNote string
	Rule     string
	// Overdue and ClosedLate count the page's list (a ledger: its year).
	Overdue, ClosedLate int
	// XLSX is the year's workbook, AllXLSX the workbook of every year.
	XLSX, AllXLSX string
}

// ledgerAllXLSXPath is the workbook of every year, a sheet per year.
const ledgerAllXLSXPath = "ledger/all.xlsx"

func ledgerXLSXPath(y int) string { return "ledger/" + strconv.Itoa(y) + ".xlsx" }

// isWorkbook reports whether path is one of the ledger's workbooks.
func isWorkbook(path string) bool {
	return strings.HasPrefix(path, "ledger/") && strings.HasSuffix(path, ".xlsx")
}

// WithOverdue sets the overdue table the pages show (package overdue); by
// default it is computed from the archive and the config's as_of. It
// returns r.
func (r *Renderer) WithOverdue(t *overdue.Table) *Renderer {
	r.overdue, r.jobList = t, nil
	return r
}

// dueTable returns the overdue table, computing it on first use. It is
// called while the job list is made, before pages render in parallel.
func (r *Renderer) dueTable() *overdue.Table {
	if r.overdue == nil {
		r.overdue = overdue.Compute(r.a, r.asOf)
	}
	return r.overdue
}

// ledgerInfo describes the overdue rule for a page.
func (r *Renderer) ledgerInfo() *LedgerInfo {
	t := r.dueTable()
	note := "档案中最新一份材料的日期"
	if !r.asOf.IsZero() && r.asOf.Equal(t.AsOf) {
		note = "按设置的统计日期"
	}
	return &LedgerInfo{AsOf: t.AsOf.Format(time.DateOnly), AsOfNote: note, Rule: overdue.Rule, AllXLSX: ledgerAllXLSXPath}
}

// ledgerRows lists the rows of a ledger of docs.
func ledgerRows(docs []*archive.Doc, due *overdue.Table) []LedgerRow {
	n := 0
	for _, d := range docs {
		n += len(d.Tracked)
	}
	rows := make([]LedgerRow, 0, n)
	for _, d := range docs {
		for _, p := range d.Tracked {
			rows = append(rows, LedgerRow{N: len(rows) + 1, Problem: p, Due: due.Of(p)})
		}
	}
	return rows
}

// docsByYear groups documents by year, each year's in the order of docs.
func docsByYear(docs []*archive.Doc) map[int][]*archive.Doc {
	by := map[int][]*archive.Doc{}
	for _, d := range docs {
		by[d.Year] = append(by[d.Year], d)
	}
	return by
}

// progressText is a report item's narrative without the punctuation left
// where its references were.
func progressText(r *archive.Report) string {
	return strings.TrimLeft(strings.TrimSpace(r.Text), "、，,；;：: 　")
}

// reportYear names the year of a report: "2022年度".
func reportYear(r *archive.Report) string { return strconv.Itoa(r.Doc.Year) + "年度" }

// measuresText is the measures' headings and texts, each heading on a line
// of its own above its text, with a blank line between measures: one
// cell of the ledger's files.
func measuresText(ms []*archive.Measure) string {
	n := 0
	for _, m := range ms {
		n += len(m.Title) + len(strings.TrimSpace(m.Text)) + 3
	}
	var b strings.Builder
	b.Grow(n)
	for i, m := range ms {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(m.Title)
		if t := strings.TrimSpace(m.Text); t != "" {
			b.WriteByte('\n')
			b.WriteString(t)
		}
	}
	return b.String()
}

// writeOverdueFlag flags a problem that is overdue or was closed late, on
// every page that shows its status; nothing otherwise.
func writeOverdueFlag(b *bytes.Buffer, in *overdue.Info) {
	if !in.State.Flagged() {
		return
	}
	fmt.Fprintf(b, ` <span class="od od-%s" data-overdue="%s" title="整改时限 %s（%s）">%s</span>`,
		in.State.Key(), in.State.Key(), esc(in.Deadline.Text), in.Deadline.Format(), in.State.Label())
}

// writeLedgerRows writes the body rows of a ledger page. (A county's
// ledgers hold tens of thousands of rows; per-row templates were among the
// slowest parts of a build, and formatting each row with fmt made most of
// the garbage the ledgers left while a build ran.)
func writeLedgerRows(b *bytes.Buffer, root string, rows []LedgerRow) {
	for _, r := range rows {
		p, d := r.Problem, r.Problem.Doc
		b.WriteString("\n<tr data-problem=\"")
		writeEsc(b, p.GID)
		b.WriteString(`" data-status="`)
		b.WriteString(p.Current.Key())
		b.WriteString(`" data-overdue="`)
		b.WriteString(r.Due.State.Key())
		b.WriteString("\">\n<td class=\"num\">")
		writeInt(b, r.N)
		b.WriteString("</td>\n<td>")
		writeInt(b, d.Year)
		b.WriteString("</td>\n<td>")
		writeEsc(b, d.Unit.Name)
		b.WriteString("</td>\n<td><a href=\"")
		writeDocURL(b, root, d, "")
		b.WriteString(`">`)
		writeEsc(b, docLabel(d))
		b.WriteString("</a></td>\n<td><a href=\"")
		writeDocURL(b, root, d, p.ID)
		b.WriteString(`">`)
		writeEsc(b, p.ID)
		b.WriteString("</a></td>\n<td>")
		writeEsc(b, p.Title)
		b.WriteString("</td>\n<td>")
		ms := r.Measures()
		for _, m := range ms {
			b.WriteString(`<a class="block" href="`)
			writeDocURL(b, root, m.Doc, m.ID)
			b.WriteString(`">`)
			writeEsc(b, m.Title)
			b.WriteString(`</a>`)
			if t := strings.TrimSpace(m.Text); t != "" {
				b.WriteString(`<span class="minor block excerpt">`)
				writeEsc(b, content.ShortTitle(t, 40))
				b.WriteString(`</span>`)
			}
		}
		b.WriteString("</td>\n<td>")
		writeEsc(b, joinDistinct(ms, responsible))
		b.WriteString("</td>\n<td>")
		writeEsc(b, joinDistinct(ms, deadlineText))
		switch dl := r.Due.Deadline; {
		case dl.Format() != "":
			b.WriteString(`<span class="minor block">`)
			b.WriteString(dl.Format())
			b.WriteString(`</span>`)
		case dl.Kind == deadline.Unknown:
			b.WriteString(`<span class="minor block">（未能识别为日期）</span>`)
		}
		b.WriteString("</td>\n<td>")
		if l := r.Due.Latest; l != nil {
			// The page shows 60 characters, print the first 24.
			text := content.ShortTitle(progressText(l), 60)
			head := len(text)
			if k := runeOffset(text, 24); k >= 0 {
				head = k
			}
			writeReportLink(b, root, l)
			b.WriteString(`：`)
			writeEsc(b, text[:head])
			if head < len(text) {
				b.WriteString(`<span class="excerpt">`)
				writeEsc(b, text[head:])
				b.WriteString(`</span><span class="print-only">…</span>`)
			}
		} else {
			b.WriteString(`<span class="minor">尚无报告</span>`)
		}
		b.WriteString("</td>\n<td>")
		writeCurrent(b, p)
		b.WriteString("</td>\n<td>")
		if c := r.Due.Closed; c != nil {
			writeReportLink(b, root, c)
			b.WriteString(`<span class="minor block">`)
			b.Write(r.Due.ClosedDate.AppendFormat(b.AvailableBuffer(), time.DateOnly))
			b.WriteString(`</span>`)
		}
		b.WriteString("</td>\n<td>")
		if r.Due.State.Flagged() {
			writeOverdueFlag(b, r.Due)
		} else {
			b.WriteString(`<span class="minor">`)
			b.WriteString(r.Due.State.Label())
			b.WriteString(`</span>`)
		}
		b.WriteString("</td>\n<td>")
		writeRebound(b, root, p)
		b.WriteString("</td>\n</tr>")
	}
}

// writeReportLink writes a link to report item r named by its year
// (reportYear).
func writeReportLink(b *bytes.Buffer, root string, r *archive.Report) {
	b.WriteString(`<a href="`)
	writeDocURL(b, root, r.Doc, r.ID)
	b.WriteString(`">`)
	b.WriteString(reportYear(r))
	b.WriteString(`</a>`)
}

// runeOffset is the byte offset of s's n-th character (from 0), or -1
// when s has no more than n characters.
func runeOffset(s string, n int) int {
	k := 0
	for i := range s {
		if k == n {
			return i
		}
		k++
	}
	return -1
}

// docLabel is a document's short name in the ledger's 材料 column: its
// meeting, else 对照检查材料.
func docLabel(d *archive.Doc) string {
	if d.Meeting != "" {
		return content.ShortTitle(d.Meeting, 16)
	}
	return "对照检查材料"
}

// writeRebound writes the 反弹 cell: the years the problem came back, or
// that it is itself a rebound.
func writeRebound(b *bytes.Buffer, root string, p *archive.Problem) {
	if p.Rebound {
		b.WriteString(`<span class="status s-rebound flag">本年反弹</span>`)
	}
	for _, q := range p.ReboundBy {
		fmt.Fprintf(b, ` <a href="%s" title="%s %s 再次查摆">%d年</a>`, escURL(root+problemPath(q)), esc(q.Doc.Unit.Name), esc(q.ID), q.Year())
	}
}

// reboundText is the 反弹 cell of the files.
func reboundText(p *archive.Problem) string {
	var out []string
	if p.Rebound {
		out = append(out, "本年反弹")
	}
	for _, q := range p.ReboundBy {
		out = append(out, fmt.Sprintf("%d年", q.Year()))
	}
	return strings.Join(out, "、")
}

// ledgerColumns are the columns of the ledger's files.
var ledgerColumns = []xlsx.Column{
	{Title: "序号", Width: 6}, {Title: "年度", Width: 7}, {Title: "单位", Width: 18}, {Title: "材料", Width: 24},
	{Title: "问题编号", Width: 9}, {Title: "问题", Width: 36}, {Title: "整改措施", Width: 48}, {Title: "责任人", Width: 14},
	{Title: "整改时限", Width: 14}, {Title: "时限日期", Width: 11}, {Title: "整改进展", Width: 44}, {Title: "当前状态", Width: 10},
	{Title: "销号年度", Width: 9}, {Title: "销号日期", Width: 11}, {Title: "是否超期", Width: 10}, {Title: "反弹", Width: 10},
}

// fileRow is a ledger row as the files hold it.
type fileRow struct {
	n, year, closedYear int
	texts               [11]string // 单位 材料 问题编号 问题 整改措施 责任人 整改时限 整改进展 当前状态 是否超期 反弹
	docLink             string     // 材料's link, relative to ledger/
	deadline, closed    time.Time
	status              string // the status key
}

func toFileRow(r LedgerRow) fileRow {
	p, d := r.Problem, r.Problem.Doc
	ms := r.Measures()
	progress := "尚无报告"
	if l := r.Due.Latest; l != nil {
		progress = reportYear(l) + "：" + progressText(l)
	}
	f := fileRow{n: r.N, year: d.Year, docLink: "../" + docPath(d), status: p.Current.Key(),
		texts: [11]string{d.Unit.Name, d.Title, p.ID, p.Title, measuresText(ms), joinDistinct(ms, responsible), joinDistinct(ms, deadlineText),
			progress, p.Current.Label(), r.Due.State.Label(), reboundText(p)}}
	if r.Due.Deadline.Format() != "" {
		f.deadline = r.Due.Deadline.Date
	}
	if c := r.Due.Closed; c != nil {
		f.closedYear, f.closed = c.Doc.Year, r.Due.ClosedDate
	}
	return f
}

// ledgerCSV writes the ledger as CSV that Excel and WPS open with Chinese
// intact: UTF-8 with a byte order mark, CRLF line ends.
func ledgerCSV(buf *bytes.Buffer, rows []LedgerRow) ([]byte, error) {
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(buf)
	w.UseCRLF = true
	header := make([]string, len(ledgerColumns))
	for i, c := range ledgerColumns {
		header[i] = c.Title
	}
	w.Write(header)
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	for _, r := range rows {
		f := toFileRow(r)
		t := f.texts
		closedYear := ""
		if f.closedYear > 0 {
			closedYear = strconv.Itoa(f.closedYear)
		}
		w.Write(spreadsheetSafe(strconv.Itoa(f.n), strconv.Itoa(f.year), t[0], t[1], t[2], t[3], t[4], t[5], t[6], date(f.deadline),
			t[7], t[8], closedYear, date(f.closed), t[9], t[10]))
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// spreadsheetSafe neutralises cells that a spreadsheet would run as a
// formula: a cell starting with =, +, -, @, tab or CR gets a leading
// apostrophe, unless it is a plain number (OWASP, CSV injection).
func spreadsheetSafe(cells ...string) []string {
	for i, c := range cells {
		if c == "" || !strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			continue
		}
		if _, err := strconv.ParseFloat(c, 64); err == nil {
			continue
		}
		cells[i] = "'" + c
	}
	return cells
}

// ledgerBook makes the ledger's workbooks: a sheet per year, each built
// and compressed once, on first use, for the year's workbook and the
// workbook of all years. Jobs render in parallel; the sheets are safe to
// share.
type ledgerBook struct {
	styles *xlsx.Styles
	fills  map[string]int // status key → fill of styles
	years  []int
	// byYear is filled before pages render and only read while they do.
	byYear map[int]*yearSheet
}

// yearSheet is a year's rows and, once built, its sheet.
type yearSheet struct {
	rows  func() []LedgerRow
	once  sync.Once
	sheet *xlsx.Sheet
	err   error
}

func newLedgerBook(styleCSS []byte) *ledgerBook {
	bk := &ledgerBook{fills: map[string]int{}, byYear: map[int]*yearSheet{}}
	var fills []string
	for _, s := range status.All() {
		if c := cssColor(styleCSS, "--s-"+s.Key+"-bg"); c != "" {
			bk.fills[s.Key] = len(fills)
			fills = append(fills, c)
		}
	}
	// 超期 and 逾期完成 take the colours of 未整改 and 整改中.
	bk.fills["od-"+overdue.Overdue.Key()] = len(fills)
	fills = append(fills, cmpOr(cssColor(styleCSS, "--s-notdone-bg"), "FDE7E5"))
	bk.fills["od-"+overdue.ClosedLate.Key()] = len(fills)
	fills = append(fills, cmpOr(cssColor(styleCSS, "--s-progress-bg"), "FBF0D9"))
	bk.styles = xlsx.NewStyles(fills...)
	return bk
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// cssColor finds "name: #rrggbb" in a stylesheet, so that the workbooks
// colour statuses as the site (and a site's own stylesheet) does.
func cssColor(css []byte, name string) string {
	re := regexp.MustCompile(regexp.QuoteMeta(name) + `\s*:\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b`)
	m := re.FindSubmatch(css)
	if m == nil {
		return ""
	}
	c := string(m[1])
	if len(c) == 3 {
		c = string([]byte{c[0], c[0], c[1], c[1], c[2], c[2]})
	}
	return strings.ToUpper(c)
}

func (bk *ledgerBook) add(y int, rows func() []LedgerRow) {
	bk.years = append(bk.years, y)
	bk.byYear[y] = &yearSheet{rows: rows}
}

// sheet returns year y's sheet, built on first use.
func (bk *ledgerBook) sheet(y int) (*xlsx.Sheet, error) {
	ys := bk.byYear[y]
	ys.once.Do(func() {
		w := xlsx.NewSheet(strconv.Itoa(y)+"年度", ledgerColumns)
		for _, r := range ys.rows() {
			f := toFileRow(r)
			t := f.texts
			cells := []xlsx.Cell{xlsx.Num(float64(f.n)), xlsx.Num(float64(f.year)), xlsx.Text(t[0]), xlsx.Text(t[1]).Link(f.docLink),
				xlsx.Text(t[2]), xlsx.Text(t[3]), xlsx.Text(t[4]), xlsx.Text(t[5]), xlsx.Text(t[6]), xlsx.DateCell(f.deadline),
				xlsx.Text(t[7]), xlsx.Text(t[8]), {}, xlsx.DateCell(f.closed), xlsx.Text(t[9]), xlsx.Text(t[10])}
			if i, ok := bk.fills[f.status]; ok {
				cells[11] = cells[11].With(bk.styles.Fill(i))
			}
			if i, ok := bk.fills["od-"+r.Due.State.Key()]; ok {
				cells[14] = cells[14].With(bk.styles.Fill(i))
			}
			if f.closedYear > 0 {
				cells[12] = xlsx.Num(float64(f.closedYear))
			}
			w.Row(cells...)
		}
		ys.sheet, ys.err = w.Close()
	})
	return ys.sheet, ys.err
}

// workbook writes the workbook of years.
func (bk *ledgerBook) workbook(years ...int) ([]byte, error) {
	var sheets []*xlsx.Sheet
	for _, y := range years {
		s, err := bk.sheet(y)
		if err != nil {
			return nil, err
		}
		sheets = append(sheets, s)
	}
	return xlsx.Workbook(bk.styles, sheets...)
}

// ledgerJobs adds the ledger pages of every year with page and returns
// the files: a CSV and a workbook per year, and the workbook of all years.
// byYear holds the documents of each year (docsByYear).
func (r *Renderer) ledgerJobs(page func(kind, path, title string, inputs func(*planner), fill func(*Page)), byYear map[int][]*archive.Doc) []job {
	a, due := r.a, r.dueTable()
	bk := newLedgerBook(r.t.assets["assets/style.css"])
	info := r.ledgerInfo()
	var jobs []job
	var everyRow []func(*planner)
	for _, y := range a.Years {
		// What plans need comes from each document's tallies; the rows
		// are listed when a file of the year is rendered.
		docs := byYear[y]
		yi := *info
		yi.XLSX = ledgerXLSXPath(y)
		var runs []docRun
		for _, d := range docs {
			runs = appendRun(runs, d, len(d.Tracked))
			t := due.TallyOf(d)
			yi.Overdue += t.States[overdue.Overdue]
			yi.ClosedLate += t.States[overdue.ClosedLate]
		}
		if len(runs) == 0 {
			continue
		}
		n := runs[len(runs)-1].to
		rows := sync.OnceValue(func() []LedgerRow { return ledgerRows(docs, due) })
		bk.add(y, rows)
		yearRows := shared(func(pl *planner) {
			pl.str(info.AsOf)
			pl.span(docRows, runs, 0, n, pl.ledgerDoc, nil)
		})
		everyRow = append(everyRow, yearRows)
		ranges, pagers := paginate(ledgerPath(y), n)
		for i, rg := range ranges {
			// Each page shows its rows, the row count, the year's overdue
			// counts and the pager.
			inputs := func(pl *planner) {
				pl.str(info.AsOf)
				pl.int(n)
				pl.int(yi.Overdue)
				pl.int(yi.ClosedLate)
				pl.int(len(ranges))
				pl.span(docRows, runs, rg[0], rg[1], pl.ledgerDoc, func(d *archive.Doc, k int) { pl.ledgerRow(d.Tracked[k]) })
			}
			page("ledger", pagePath(ledgerPath(y), i+1), fmt.Sprintf("%d年度整改台账", y), inputs, func(p *Page) {
				p.Year, p.Rows, p.Pager, p.Total, p.Ledger = y, rows()[rg[0]:rg[1]], pagers[i], n, &yi
				p.parts.set(partRows, func(w *bytes.Buffer) error {
					writeLedgerRows(w, p.Root, p.Rows)
					return nil
				})
			})
		}
		source := diag.Pos{Path: fmt.Sprintf("%s/%d", content.Dir, y)}
		jobs = append(jobs,
			job{path: ledgerCSVPath(y), inputs: yearRows, source: source, render: func(buf *bytes.Buffer) ([]byte, error) { return ledgerCSV(buf, rows()) }},
			job{path: ledgerXLSXPath(y), inputs: yearRows, source: source, render: func(*bytes.Buffer) ([]byte, error) { return bk.workbook(y) }})
	}
	if len(bk.years) > 0 {
		jobs = append(jobs, job{path: ledgerAllXLSXPath, source: diag.Pos{Path: content.Dir}, inputs: func(pl *planner) {
			for _, f := range everyRow {
				f(pl)
			}
		}, render: func(*bytes.Buffer) ([]byte, error) { return bk.workbook(bk.years...) }})
	}
	return jobs
}

// markOverdue flags the last cell of each matrix row whose problem is
// overdue or was closed late.
func (r *Renderer) markOverdue(m *Matrix) {
	due := r.dueTable()
	for _, g := range m.Groups {
		for _, row := range g.Rows {
			if n := len(row.Cells); n > 0 {
				c := &row.Cells[n-1]
				if c.Problem != nil {
					if in := due.Of(c.Problem); in.State.Flagged() {
						c.Overdue = in
					}
				}
			}
		}
	}
}

// ledgerRow writes what a ledger row shows: its problem's view and its
// document's title and meeting.
func (pl *planner) ledgerRow(p *archive.Problem) {
	memoized(pl, &pl.rows[p.Index], p, func() {
		pl.problem(p)
		pl.str(p.Doc.Title)
		pl.str(p.Doc.Meeting)
	})
}

// ledgerDoc writes the ledger rows of a document.
func (pl *planner) ledgerDoc(d *archive.Doc) {
	for _, p := range d.Tracked {
		pl.ledgerRow(p)
	}
}
