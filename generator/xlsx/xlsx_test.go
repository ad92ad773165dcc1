package xlsx

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func sample(t *testing.T, st *Styles, name string) *Sheet {
	t.Helper()
	w := NewSheet(name, []Column{{"序号", 6}, {"问题", 40}, {"时限", 12}, {"状态", 10}})
	w.Row(Num(1), Text("学习不够深入\n第二行").Link("../2021/banzi.html"), DateCell(time.Date(2023, 6, 30, 0, 0, 0, 0, time.UTC)), Text("已整改").With(st.Fill(0)))
	w.Row(Num(2), Text("=HYPERLINK(\"http://x\")"), Cell{}, Text("-1+2"))
	w.Row(Num(3), Text("@SUM(A1) <b>&amp; \x01控制符"), Text("+86"), Text("整改中").With(st.Fill(1)))
	s, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestReadBack writes a workbook and reads it back with an independent
// reader: sheet names, cells, types, styles, the filter, the frozen pane,
// the hyperlink.
func TestReadBack(t *testing.T) {
	st := NewStyles("E5F4EA", "FBF0D9")
	a, b := sample(t, st, "2021"), sample(t, st, "全部[年度]")
	data, err := Workbook(st, a, b)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Workbook(st, a, b)
	if !bytes.Equal(data, again) {
		t.Error("the same workbook is not the same bytes")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "2021,全部_年度_" {
		t.Errorf("sheets %s", got)
	}
	rows, err := f.GetRows("2021", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"序号", "问题", "时限", "状态"},
		{"1", "学习不够深入\n第二行", "45107", "已整改"},
		{"2", "=HYPERLINK(\"http://x\")", "", "-1+2"},
		{"3", "@SUM(A1) <b>&amp; 控制符", "+86", "整改中"},
	}
	for i := range want {
		if i >= len(rows) || strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i+1, rows[i], want[i])
		}
	}
	if v, _ := f.GetCellValue("2021", "C2"); v != "2023-06-30" {
		t.Errorf("date shown as %q", v)
	}
	// A number cell has no type attribute (CellTypeUnset reads as number).
	for cell, want := range map[string]excelize.CellType{"A2": excelize.CellTypeUnset, "B3": excelize.CellTypeInlineString, "D3": excelize.CellTypeInlineString} {
		if got, _ := f.GetCellType("2021", cell); got != want {
			t.Errorf("%s type %v, want %v", cell, got, want)
		}
	}
	if formula, _ := f.GetCellFormula("2021", "B3"); formula != "" {
		t.Errorf("B3 holds a formula %q", formula)
	}
	style := func(cell string) *excelize.Style {
		id, err := f.GetCellStyle("2021", cell)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := style("A1"); s.Font == nil || !s.Font.Bold || s.Alignment == nil || !s.Alignment.WrapText {
		t.Errorf("header style %+v", s)
	}
	// The workbook has no theme part, without which excelize reports no
	// fill colours: read the fill from its parsed style sheet.
	if s := style("D2"); s.Fill.Type != "pattern" || s.Fill.Pattern != 1 {
		t.Errorf("status fill %+v", s.Fill)
	}
	xf, _ := f.GetCellStyle("2021", "D2")
	fill := f.Styles.Fills.Fill[*f.Styles.CellXfs.Xf[xf].FillID].PatternFill
	if fill.PatternType != "solid" || fill.FgColor.RGB != "FFE5F4EA" {
		t.Errorf("D2 fill %s %+v", fill.PatternType, fill.FgColor)
	}
	if s := style("C2"); s.CustomNumFmt == nil || *s.CustomNumFmt != `yyyy\-mm\-dd` {
		t.Errorf("date format %+v", s.CustomNumFmt)
	}
	if s := style("B3"); s.Protection != nil || s.Alignment == nil || !s.Alignment.WrapText {
		t.Errorf("quoted style %+v", s)
	}
	panes, err := f.GetPanes("2021")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v, %v", panes, err)
	}
	if w, _ := f.GetColWidth("2021", "B"); w != 40 {
		t.Errorf("column B width %v", w)
	}
	names := f.GetDefinedName()
	found := false
	for _, n := range names {
		if n.Name == "_xlnm._FilterDatabase" && n.Scope == "2021" && n.RefersTo == "'2021'!$A$1:$D$4" {
			found = true
		}
	}
	if !found {
		t.Errorf("filter range: %+v", names)
	}
	if ok, target, _ := f.GetCellHyperLink("2021", "B2"); !ok || target != "../2021/banzi.html" {
		t.Errorf("hyperlink %v %q", ok, target)
	}
}

// TestAutoFilter checks the sheet's own autoFilter element.
func TestAutoFilter(t *testing.T) {
	st := NewStyles()
	data, err := Workbook(st, sample(t, st, "2021"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// excelize rewrites the sheet on save; its XML must keep the filter.
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if rows, _ := g.GetRows("2021"); len(rows) != 4 {
		t.Errorf("after a round trip: %d rows", len(rows))
	}
}

func TestColName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := colName(i); got != want {
			t.Errorf("colName(%d) = %s, want %s", i, got, want)
		}
	}
}

// TestLibreOffice converts a workbook to CSV with LibreOffice, a reader
// independent of both this package and excelize, when it is installed
// (CI installs it; MZSHH_LIBREOFFICE=1 makes it required).
func TestLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("MZSHH_LIBREOFFICE") != "" {
			t.Fatal("soffice not found")
		}
		t.Skip("LibreOffice is not installed")
	}
	st := NewStyles("E5F4EA", "FBF0D9")
	data, err := Workbook(st, sample(t, st, "2021"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "ledger.xlsx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(dir, "ledger.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// Text cells are quoted, numbers and dates are not: =, -, + and @
	// cells stayed text.
	want := "\"序号\",\"问题\",\"时限\",\"状态\"\n" +
		"1,\"学习不够深入\n第二行\",2023-06-30,\"已整改\"\n" +
		"2,\"=HYPERLINK(\"\"http://x\"\")\",,\"-1+2\"\n" +
		"3,\"@SUM(A1) <b>&amp; 控制符\",\"+86\",\"整改中\"\n"
	if string(got) != want {
		t.Errorf("LibreOffice read\n%s\nwant\n%s", got, want)
	}
}

func TestWriteText(t *testing.T) {
	long := strings.Repeat("问", maxCell+5)
	for _, tc := range []struct{ in, want string }{
		{"a<b>&c", "a&lt;b&gt;&amp;c"},
		{"行\n二\t三\r", "行\n二\t三&#13;"},
		{"x\x00\x01y\x1fz", "xyz"},
		{"bad\xffutf8\xed\xa0\x80", "badutf8"},
		{"\uFFFE\uFFFF中", "中"},
		{long, strings.Repeat("问", maxCell)},
	} {
		var b bytes.Buffer
		writeText(&b, tc.in)
		if b.String() != tc.want {
			got := b.String()
			if len(got) > 40 {
				got = got[:40] + "…"
			}
			t.Errorf("writeText(%.20q) = %q (%d runes)", tc.in, got, len([]rune(b.String())))
		}
	}
}

// TestBlocks checks that a part's blocks give back what was written, in
// writes of any size, across block boundaries.
func TestBlocks(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var b blocks
	var want bytes.Buffer
	for range 200 {
		p := make([]byte, rng.IntN(3*blockSize/2))
		for i := range p {
			p[i] = byte(rng.IntN(256))
		}
		if n, err := b.Write(p); n != len(p) || err != nil {
			t.Fatalf("Write: %d, %v", n, err)
		}
		want.Write(p)
	}
	for i, blk := range b.list[:len(b.list)-1] {
		if len(blk) != blockSize {
			t.Fatalf("block %d of %d holds %d bytes", i, len(b.list), len(blk))
		}
	}
	var got bytes.Buffer
	if n, err := b.WriteTo(&got); err != nil || n != int64(want.Len()) || b.Len() != want.Len() {
		t.Fatalf("WriteTo: %d, %v; Len %d; written %d", n, err, b.Len(), want.Len())
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Error("the blocks differ from what was written")
	}
}
