package site

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"mzshh/generator/archive"
	"mzshh/generator/bench/synthetic"
	"mzshh/generator/output"
	"mzshh/generator/overdue"
	"mzshh/generator/status"
)

// checkOracle reads every page of a built site through its status hooks,
// and every ledger CSV row, and checks that all agree with the archive.
func checkOracle(t *testing.T, a *archive.Archive, due *overdue.Table, files map[string][]byte) {
	t.Helper()
	current, yearly, rows := 0, 0, 0
	var ledgerYears []int
	ledgerCSVs := map[int][][]string{}
	for name, b := range files {
		switch {
		case strings.HasSuffix(name, ".html"):
			doc, err := html.Parse(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for n := range doc.Descendants() {
				if n.Type != html.ElementNode {
					continue
				}
				attr := map[string]string{}
				for _, at := range n.Attr {
					attr[at.Key] = at.Val
				}
				_, hasStatus := attr["data-status"]
				_, hasYearStatus := attr["data-year-status"]
				if !hasStatus && !hasYearStatus {
					continue
				}
				// The problem is named on the element or its nearest
				// ancestor that names one.
				gid, ok := "", false
				for m := n; m != nil && !ok; m = m.Parent {
					for _, at := range m.Attr {
						if at.Key == "data-problem" {
							gid, ok = at.Val, true
						}
					}
				}
				if !ok {
					t.Errorf("%s: a status hook (%v) names no problem", name, n.Attr)
					continue
				}
				p := a.Problem(gid)
				if p == nil {
					t.Errorf("%s: data-problem=%q names no problem", name, gid)
					continue
				}
				if st, ok := attr["data-status"]; ok {
					current++
					if st != p.Current.Key() {
						t.Errorf("%s: %s shown as %s, its current status is %s", name, gid, st, p.Current.Key())
					}
				}
				if ys, ok := attr["data-year-status"]; ok {
					from, err := strconv.Atoi(attr["data-year"])
					if err != nil {
						t.Errorf("%s: %s: data-year %q", name, gid, attr["data-year"])
						continue
					}
					to := from
					if s, ok := attr["data-year-to"]; ok {
						if to, err = strconv.Atoi(s); err != nil || to <= from {
							t.Errorf("%s: %s: data-year-to %q after data-year %d", name, gid, s, from)
							continue
						}
					}
					marked := strings.Contains(attr["class"], "carried") || strings.Contains(renderText(n), "沿用")
					for y := from; y <= to; y++ {
						yearly++
						s := p.StatusAt(y)
						if ys != s.Key() {
							t.Errorf("%s: %s shown as %s in %d, its status that year is %s", name, gid, ys, y, s.Key())
						}
						if s.Carried && !marked {
							t.Errorf("%s: %s's %d status is carried over but not marked so", name, gid, y)
						}
						if y > from && !s.Carried {
							t.Errorf("%s: %s's %d status is shown as part of %d–%d, but that year has its own report", name, gid, y, from, to)
						}
					}
				}
			}
		case strings.HasPrefix(name, "ledger/") && strings.HasSuffix(name, ".csv"):
			recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			year, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "ledger/"), ".csv"))
			rows += checkLedger(t, a, due, name, year, recs)
			// The year's workbook holds the same cells, dates as dates.
			book := strings.TrimSuffix(name, ".csv") + ".xlsx"
			sheets := readWorkbook(t, book, files[book])
			if len(sheets) != 1 {
				t.Errorf("%s: %d sheets, want 1", book, len(sheets))
				continue
			}
			for _, sh := range sheets {
				if !sameCells(recs, sh.rows) {
					t.Errorf("%s: sheet %s differs from %s", book, sh.name, name)
				}
			}
			ledgerYears = append(ledgerYears, year)
			ledgerCSVs[year] = recs
		}
	}
	// The workbook of all years: a sheet per year, each its year's CSV.
	if len(ledgerYears) > 0 {
		slices.Sort(ledgerYears)
		sheets := readWorkbook(t, "ledger/all.xlsx", files["ledger/all.xlsx"])
		if len(sheets) != len(ledgerYears) {
			t.Errorf("ledger/all.xlsx: %d sheets, want %d", len(sheets), len(ledgerYears))
		}
		for i, sh := range sheets {
			if i < len(ledgerYears) && (sh.name != strconv.Itoa(ledgerYears[i])+"年度" || !sameCells(ledgerCSVs[ledgerYears[i]], sh.rows)) {
				t.Errorf("ledger/all.xlsx: sheet %d (%s) is not the %d ledger", i+1, sh.name, ledgerYears[i])
			}
		}
	}
	// Counts: the home page's tiles count every tracked problem by status.
	want := map[string]int{}
	total := 0
	for _, d := range a.Docs {
		for _, p := range d.Tracked {
			want[p.Current.Key()]++
			total++
		}
	}
	home, _ := html.Parse(bytes.NewReader(files["index.html"]))
	got, sum := map[string]int{}, 0
	for n := range home.Descendants() {
		for _, at := range n.Attr {
			if at.Key == "data-count-status" {
				// The count leads the tile's text (the tile may be a link).
				v := leadingInt(renderText(n))
				got[at.Val] = v
				sum += v
			}
		}
	}
	for _, s := range status.All() {
		if got[s.Key] != want[s.Key] {
			t.Errorf("home tiles: %s %d, want %d", s.Key, got[s.Key], want[s.Key])
		}
	}
	if sum != total {
		t.Errorf("home tiles add up to %d; there are %d tracked problems", sum, total)
	}
	if current == 0 || yearly == 0 || rows == 0 {
		t.Errorf("the oracle read %d current statuses, %d yearly ones, %d CSV rows: the hooks are missing", current, yearly, rows)
	}
	t.Logf("checked %d current statuses, %d yearly statuses, %d ledger rows", current, yearly, rows)
}

func renderText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n == nil {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// oracle builds the site in fsys in memory and checks it with checkOracle.
func oracle(t *testing.T, fsys fs.FS) {
	t.Helper()
	s, diags := Load(fsys)
	if s == nil {
		t.Fatal(diags)
	}
	out := &output.Mem{}
	if _, d := s.Render(out); d.HasErrors() {
		t.Fatal(d)
	}
	checkOracle(t, s.Archive, s.Overdue, out.Files)
}

func TestOracleExample(t *testing.T) {
	fsys, err := Open("../..")
	if err != nil {
		t.Fatal(err)
	}
	oracle(t, fsys)
}

func TestOracleSynthetic(t *testing.T) {
	docs, err := synthetic.Generate(synthetic.Options{Docs: 120, Years: 4, Units: 30, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	oracle(t, synthetic.MapFS(docs))
}
