package site

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"mzshh/generator/archive"
	"mzshh/generator/overdue"
)

// ledgerHeader is the ledger's columns in its files (README, 整改台账).
var ledgerHeader = []string{"序号", "年度", "单位", "材料", "问题编号", "问题", "整改措施", "责任人", "整改时限", "时限日期", "整改进展", "当前状态", "销号年度", "销号日期", "是否超期", "反弹"}

// checkLedger checks every row of a year's ledger CSV against the archive:
// one row per tracked problem, in order, each column from the model; the
// overdue column agrees with the deadline, the as-of date and the 销号
// report. It returns the rows checked.
func checkLedger(t *testing.T, a *archive.Archive, due *overdue.Table, name string, year int, recs [][]string) int {
	t.Helper()
	if !slices.Equal(recs[0], ledgerHeader) {
		t.Errorf("%s: header %q, want %q", name, recs[0], ledgerHeader)
		return 0
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var want []*archive.Problem
	for _, d := range a.Docs {
		if d.Year == year {
			want = append(want, d.Tracked...)
		}
	}
	if len(recs)-1 != len(want) {
		t.Errorf("%s: %d rows, the year has %d tracked problems", name, len(recs)-1, len(want))
		return 0
	}
	asOf := due.AsOf
	for i, r := range recs[1:] {
		p := want[i]
		bad := func(column, format string, args ...any) {
			t.Errorf("%s row %d (%s) %s %q: %s", name, i+1, p.GID, column, r[col[column]], fmt.Sprintf(format, args...))
		}
		for column, v := range map[string]string{
			"序号": strconv.Itoa(i + 1), "年度": strconv.Itoa(year), "单位": p.Doc.Unit.Name, "材料": p.Doc.Title,
			"问题编号": p.ID, "问题": p.Title, "当前状态": p.Current.Label(),
		} {
			if got := strings.TrimPrefix(r[col[column]], "'"); got != v {
				bad(column, "want %q", v)
			}
		}
		// 整改措施, 责任人 and 整改时限 come from the measures naming it or
		// its group.
		var deadlines []string
		for _, m := range p.AllMeasures() {
			if !strings.Contains(r[col["整改措施"]], m.Title) {
				bad("整改措施", "lacks the measure %s", m.ID)
			}
			if m.Deadline != "" && !slices.Contains(deadlines, m.Deadline) {
				deadlines = append(deadlines, m.Deadline)
			}
		}
		if got := r[col["整改时限"]]; got != strings.Join(deadlines, "；") {
			bad("整改时限", "want %q", strings.Join(deadlines, "；"))
		}
		// 整改进展: the latest report that spoke for it, with its year.
		var latest, closed *archive.Report
		for _, c := range p.Timeline(nil) {
			if c.Report != nil && !c.Carried {
				latest = c.Report
				if c.Done() && closed == nil {
					closed = c.Report
				}
			}
		}
		switch progress := r[col["整改进展"]]; {
		case latest == nil && progress != "尚无报告":
			bad("整改进展", "no report speaks for it")
		case latest != nil && !strings.HasPrefix(progress, strconv.Itoa(latest.Doc.Year)+"年度："):
			bad("整改进展", "want the %d report's text", latest.Doc.Year)
		}
		// 销号: the first report that marked it done.
		closedYear, closedDate := "", ""
		if closed != nil {
			closedYear, closedDate = strconv.Itoa(closed.Doc.Year), overdue.DocDate(closed.Doc).Format(time.DateOnly)
		}
		if r[col["销号年度"]] != closedYear || r[col["销号日期"]] != closedDate {
			bad("销号年度", "销号日期 %q; want %q %q", r[col["销号日期"]], closedYear, closedDate)
		}
		// 是否超期 agrees with the deadline, the as-of date and 销号.
		dl := r[col["时限日期"]]
		var deadline time.Time
		if dl != "" {
			var err error
			if deadline, err = time.Parse(time.DateOnly, dl); err != nil {
				bad("时限日期", "%v", err)
				continue
			}
		}
		state := r[col["是否超期"]]
		ok := false
		switch state {
		case overdue.NoDeadline.Label():
			ok = dl == ""
		case overdue.NotDue.Label():
			ok = dl != "" && !deadline.Before(asOf) && !p.Current.Done()
		case overdue.OnTime.Label():
			ok = dl != "" && closed != nil
		case overdue.Overdue.Label():
			ok = dl != "" && deadline.Before(asOf) && !p.Current.Done()
		case overdue.ClosedLate.Label():
			ok = dl != "" && closed != nil && overdue.DocDate(closed.Doc).After(deadline)
		}
		if !ok {
			bad("是否超期", "deadline %q, as of %s, current %s, 销号 %q", dl, asOf.Format(time.DateOnly), p.Current.Key(), closedDate)
		}
		// 反弹: the years it came back.
		rb := r[col["反弹"]]
		if (rb != "") != (p.Rebound || len(p.ReboundBy) > 0) {
			bad("反弹", "rebound %v, came back %d times", p.Rebound, len(p.ReboundBy))
		}
		for _, q := range p.ReboundBy {
			if !strings.Contains(rb, strconv.Itoa(q.Year())+"年") {
				bad("反弹", "lacks %d", q.Year())
			}
		}
	}
	return len(recs) - 1
}

// sheet is a worksheet as read back.
type sheet struct {
	name string
	rows [][]string
}

// readWorkbook reads a workbook with an independent reader, as Excel
// shows its cells (dates formatted); it checks the frozen header row and
// the filter over the table.
func readWorkbook(t *testing.T, name string, data []byte) []sheet {
	t.Helper()
	if data == nil {
		t.Errorf("%s is missing", name)
		return nil
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return nil
	}
	defer f.Close()
	var out []sheet
	for _, sn := range f.GetSheetList() {
		rows, err := f.GetRows(sn)
		if err != nil {
			t.Errorf("%s %s: %v", name, sn, err)
			continue
		}
		if panes, err := f.GetPanes(sn); err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s %s: the header row is not frozen (%+v, %v)", name, sn, panes, err)
		}
		filtered := false
		for _, dn := range f.GetDefinedName() {
			filtered = filtered || dn.Name == "_xlnm._FilterDatabase" && dn.Scope == sn
		}
		if !filtered {
			t.Errorf("%s %s: no filter", name, sn)
		}
		out = append(out, sheet{sn, rows})
	}
	return out
}

// sameCells reports whether a sheet holds a CSV's cells: the CSV's
// apostrophe before a formula-like cell is not in the sheet, whose text
// cells are never formulas; a row read back has no trailing empty cells.
func sameCells(recs, rows [][]string) bool {
	if len(recs) != len(rows) {
		return false
	}
	for i, r := range recs {
		row := rows[i]
		for j, c := range r {
			if len(c) > 1 && c[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(c[1])) {
				c = c[1:]
			}
			got := ""
			if j < len(row) {
				got = row[j]
			}
			if got != c {
				return false
			}
		}
		if len(row) > len(r) {
			return false
		}
	}
	return true
}

// leadingInt is the number at the start of s (after spaces), 0 without one.
func leadingInt(s string) int {
	s = strings.TrimSpace(s)
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	v, _ := strconv.Atoi(s[:n])
	return v
}
