package render

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"mzshh/generator/archive"
)

// The rectification ledger (整改台账): its rows, the rows of its page and
// its CSV.

// LedgerRow is one problem of the rectification ledger.
type LedgerRow struct {
	N           int
	Problem     *archive.Problem
	Measures    []*archive.Measure
	Responsible string
	Deadline    string
	Latest      *archive.Report
}

// writeLedgerRows writes the body rows of a ledger page. (A county's
// ledgers hold tens of thousands of rows; per-row templates were among the
// slowest parts of a build.)
func writeLedgerRows(b *strings.Builder, root string, rows []LedgerRow) {
	for _, r := range rows {
		p := r.Problem
		fmt.Fprintf(b, "\n<tr>\n<td class=\"num\">%d</td>\n<td><span class=\"minor\">%s · %s</span><br><a href=\"%s\">%s</a></td>\n<td>",
			r.N, esc(p.Doc.Unit.Name), esc(p.ID), escURL(root+problemPath(p)), esc(p.Title))
		for _, m := range r.Measures {
			fmt.Fprintf(b, `<a class="block" href="%s">%s</a>`, escURL(root+docPath(m.Doc)+"#"+m.ID), esc(m.Title))
		}
		fmt.Fprintf(b, "</td>\n<td>%s</td>\n<td>%s</td>\n<td>", esc(r.Responsible), esc(r.Deadline))
		writeCurrent(b, p)
		b.WriteString("</td>\n<td>")
		if l := r.Latest; l != nil {
			fmt.Fprintf(b, `<a href="%s">%d %s【%s】</a>`, escURL(root+reportPath(l)), l.Doc.Year, esc(l.Doc.Unit.Name), esc(l.Word))
		} else {
			b.WriteString(`<span class="minor">尚无报告</span>`)
		}
		b.WriteString("</td>\n</tr>")
	}
}

func ledgerRows(a *archive.Archive, year int) []LedgerRow {
	var rows []LedgerRow
	for _, d := range a.Docs {
		if d.Year != year {
			continue
		}
		for _, p := range d.Tracked {
			row := LedgerRow{N: len(rows) + 1, Problem: p, Measures: p.AllMeasures()}
			var resp, dead []string
			for _, m := range row.Measures {
				if m.Responsible != "" && !slices.Contains(resp, m.Responsible) {
					resp = append(resp, m.Responsible)
				}
				if m.Deadline != "" && !slices.Contains(dead, m.Deadline) {
					dead = append(dead, m.Deadline)
				}
			}
			row.Responsible, row.Deadline = strings.Join(resp, "；"), strings.Join(dead, "；")
			for _, c := range p.Timeline {
				if c.Report != nil {
					row.Latest = c.Report
				}
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// ledgerCSV writes the ledger as CSV that Excel and WPS open with Chinese
// intact: UTF-8 with a byte order mark, CRLF line ends.
func ledgerCSV(rows []LedgerRow) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	w.Write([]string{"序号", "材料", "问题编号", "问题", "整改措施", "责任人", "整改时限", "状态", "最近报告", "反弹"})
	for _, r := range rows {
		var measures []string
		for _, m := range r.Measures {
			measures = append(measures, m.Title)
		}
		latest := ""
		if r.Latest != nil {
			latest = fmt.Sprintf("%s 【%s】", r.Latest.Doc.Label(), r.Latest.Word)
		}
		cur := r.Problem.Current
		state := cur.Label()
		if cur.Carried {
			state += "（沿用此前报告）"
		}
		var rebound []string
		if r.Problem.Rebound {
			rebound = append(rebound, "延续的问题此前已报告整改完成")
		}
		for _, q := range r.Problem.ReboundBy {
			rebound = append(rebound, fmt.Sprintf("%s %s 再次查摆", q.Doc.Label(), q.ID))
		}
		w.Write(spreadsheetSafe(fmt.Sprint(r.N), r.Problem.Doc.Label(), r.Problem.ID, r.Problem.Title, strings.Join(measures, "\n"), r.Responsible, r.Deadline, state, latest, strings.Join(rebound, "；")))
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
