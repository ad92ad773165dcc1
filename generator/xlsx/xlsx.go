// Package xlsx writes Office Open XML workbooks (.xlsx) that Excel, WPS
// and LibreOffice open: sheets of text, number and date cells with a
// frozen header row, an auto-filter over the table, column widths,
// wrapped text, solid fills and hyperlinks. It writes nothing else.
//
// # Contract
//
//   - A Sheet is built once (NewSheet, Row, Close) and compressed once;
//     its bytes can then go into any number of workbooks (Workbook), so a
//     year's sheet costs the same in that year's workbook and in the
//     workbook of all years.
//   - Text is always text: cells are inline strings, never formulas, so a
//     cell that starts with =, +, - or @ is shown as written. Such cells
//     also get Excel's quote prefix, so that editing them keeps them text.
//     Characters XML cannot carry are dropped, and a cell holds at most
//     32,767 characters (Excel's limit).
//   - Dates are real dates (serial numbers with a yyyy-mm-dd format), and
//     numbers are numbers.
//   - The output is a pure function of the input: the zip entries carry a
//     fixed time, so the same workbook is the same bytes.
//
// Why not a spreadsheet library: a county's ledger has 200,000 rows, and
// writing them cell by cell through a general library took ten times as
// long as writing the XML here; a sheet here is also compressed once for
// two workbooks. The package tests read every workbook back with an
// independent reader (and CI with LibreOffice).
package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Styles is the fixed style table of the workbooks written with it: the
// built-in styles and one per fill colour given to NewStyles. A Sheet's
// cells refer to it by Style, so the sheets of one workbook must share it.
type Styles struct {
	fills []string // RRGGBB
}

// Style is a cell style of a Styles.
type Style int

// The built-in styles.
const (
	Plain  Style = iota // wrapped text, top-aligned
	Header              // bold, grey fill, wrapped, centred
	Number              // a number
	Date                // a date, yyyy-mm-dd
	Quoted              // wrapped text with the quote prefix: text that looks like a formula
	firstFill
)

// NewStyles returns a style table with a wrapped-text style per fill
// colour (RRGGBB, without #).
func NewStyles(fills ...string) *Styles { return &Styles{fills: fills} }

// Fill is the style of text on fill colour i of NewStyles.
func (s *Styles) Fill(i int) Style {
	if i < 0 || i >= len(s.fills) {
		return Plain
	}
	return firstFill + Style(i)
}

// Column is one column of a sheet: its header and its width in
// characters (a Chinese character is about two).
type Column struct {
	Title string
	Width float64
}

// Cell is one cell. The zero Cell is empty.
type Cell struct {
	kind  byte // 0 empty, 's' text, 'n' number, 'd' date
	text  string
	num   float64
	style Style
	link  string
}

// Text is a text cell in the Plain style.
func Text(s string) Cell { return Cell{kind: 's', text: s} }

// Num is a number cell.
func Num(n float64) Cell { return Cell{kind: 'n', num: n, style: Number} }

// DateCell is a date cell (only the calendar date of t counts); the zero
// time is an empty cell.
func DateCell(t time.Time) Cell {
	if t.IsZero() {
		return Cell{}
	}
	return Cell{kind: 'd', num: serial(t), style: Date}
}

// With gives a text cell the style st.
func (c Cell) With(st Style) Cell {
	if c.kind == 's' {
		c.style = st
	}
	return c
}

// Link makes a cell a hyperlink to target (a URL, or a path relative to
// the workbook).
func (c Cell) Link(target string) Cell {
	c.link = target
	return c
}

// serial is t's date as a spreadsheet serial number: days since
// 1899-12-30.
func serial(t time.Time) float64 {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return float64(d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
}

// Sheet is a finished worksheet, compressed, ready for workbooks.
type Sheet struct {
	Name string
	rows int
	cols int
	// The sheet's XML and its relationships (hyperlinks), deflated.
	data, rels part
}

// part is a deflated zip entry.
type part struct {
	deflated blocks
	crc      uint32
	size     uint64 // uncompressed
}

// blockSize is the size of the blocks a part is held in.
const blockSize = 64 << 10

// blocks holds bytes in blocks of blockSize: growing never copies, and
// never leaves more than one block partly used. A county's ledger
// compresses to some 20 MB of sheets, held for the workbooks of each year
// and of all years; in a doubling buffer they took up to half as much
// again, and as much again while each copy was made.
type blocks struct {
	list [][]byte
	n    int
}

func (b *blocks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(b.list) == 0 || len(b.list[len(b.list)-1]) == blockSize {
			b.list = append(b.list, make([]byte, 0, blockSize))
		}
		last := &b.list[len(b.list)-1]
		k := min(len(p), blockSize-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	b.n += n
	return n, nil
}

// Len is the number of bytes held.
func (b *blocks) Len() int { return b.n }

// WriteTo writes the bytes to w.
func (b *blocks) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, blk := range b.list {
		k, err := w.Write(blk)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// SheetWriter builds a Sheet row by row. Rows are compressed as they
// come, so a sheet never holds its XML whole.
type SheetWriter struct {
	name  string
	cols  []Column
	refs  []string // column letters
	row   bytes.Buffer
	out   *partWriter
	rows  int
	links []link
}

// partWriter deflates a zip entry as it is written, keeping its CRC and
// size.
type partWriter struct {
	buf  blocks
	zw   *flate.Writer
	crc  hash.Hash32
	size uint64
	err  error
}

func newPartWriter() *partWriter {
	p := &partWriter{crc: crc32.NewIEEE()}
	p.zw, p.err = flate.NewWriter(&p.buf, flate.DefaultCompression)
	return p
}

func (p *partWriter) Write(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	p.crc.Write(b)
	p.size += uint64(len(b))
	_, p.err = p.zw.Write(b)
	return len(b), p.err
}

func (p *partWriter) WriteString(s string) { io.WriteString(p, s) }

func (p *partWriter) close() (part, error) {
	if p.err == nil {
		p.err = p.zw.Close()
	}
	return part{deflated: p.buf, crc: p.crc.Sum32(), size: p.size}, p.err
}

type link struct{ ref, target string }

// NewSheet starts a sheet named name (at most 31 characters, none of
// []:*?/\) whose first row holds the columns' titles.
func NewSheet(name string, cols []Column) *SheetWriter {
	w := &SheetWriter{name: sheetName(name), cols: cols, out: newPartWriter()}
	for i := range cols {
		w.refs = append(w.refs, colName(i))
	}
	// The sheet's head; <dimension>, which would need the row count first,
	// is optional.
	w.out.WriteString(xmlHeader)
	w.out.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	w.out.WriteString(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`)
	w.out.WriteString(`<sheetFormatPr defaultRowHeight="15"/>`)
	if len(cols) > 0 {
		var c strings.Builder
		c.WriteString(`<cols>`)
		for i, col := range cols {
			width := col.Width
			if width <= 0 {
				width = 10
			}
			fmt.Fprintf(&c, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, i+1, i+1, strconv.FormatFloat(width, 'f', -1, 64))
		}
		c.WriteString(`</cols>`)
		w.out.WriteString(c.String())
	}
	w.out.WriteString(`<sheetData>`)
	header := make([]Cell, len(cols))
	for i, c := range cols {
		header[i] = Text(c.Title).With(Header)
	}
	w.Row(header...)
	return w
}

// sheetName makes name a valid sheet name.
func sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > 31 {
		name = string([]rune(name)[:31])
	}
	if name == "" {
		name = "Sheet"
	}
	return name
}

// colName is the letters of column i (0-based): A … Z, AA ….
func colName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// Row appends a row; cells past the sheet's columns are dropped.
func (w *SheetWriter) Row(cells ...Cell) {
	w.rows++
	r := strconv.Itoa(w.rows)
	b := &w.row
	b.Reset()
	b.WriteString(`<row r="`)
	b.WriteString(r)
	b.WriteString(`">`)
	for i, c := range cells {
		if i >= len(w.cols) {
			break
		}
		if c.kind == 0 {
			continue
		}
		ref := w.refs[i] + r
		if c.link != "" {
			w.links = append(w.links, link{ref, c.link})
		}
		style := c.style
		if c.kind == 's' && c.text != "" && strings.IndexByte("=+-@", c.text[0]) >= 0 && style == Plain {
			style = Quoted
		}
		b.WriteString(`<c r="`)
		b.WriteString(ref)
		if style != 0 {
			b.WriteString(`" s="`)
			b.WriteString(strconv.Itoa(int(style)))
		}
		switch c.kind {
		case 's':
			b.WriteString(`" t="inlineStr"><is><t xml:space="preserve">`)
			writeText(b, c.text)
			b.WriteString(`</t></is></c>`)
		default:
			b.WriteString(`"><v>`)
			b.WriteString(strconv.FormatFloat(c.num, 'g', -1, 64))
			b.WriteString(`</v></c>`)
		}
	}
	b.WriteString(`</row>`)
	w.out.Write(b.Bytes())
}

// maxCell is Excel's limit on the characters of a cell.
const maxCell = 32767

// writeText writes s escaped for XML, without the characters XML 1.0
// cannot hold, cut at maxCell characters. Runs of plain characters are
// copied whole.
func writeText(b *bytes.Buffer, s string) {
	n, start := 0, 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		size := 1
		switch {
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '&':
			esc = "&amp;"
		case c == '\r':
			esc = "&#13;"
		case c == '\t' || c == '\n' || c >= 0x20 && c < utf8.RuneSelf:
		case c < 0x20:
			esc = "" // not a character XML can carry
			size = -1
		default:
			r, sz := utf8.DecodeRuneInString(s[i:])
			size = sz
			if r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF {
				size = -sz
			}
		}
		if n == maxCell {
			b.WriteString(s[start:i])
			return
		}
		switch {
		case size < 0: // dropped
			b.WriteString(s[start:i])
			i += -size
			start = i
			continue
		case esc != "":
			b.WriteString(s[start:i])
			b.WriteString(esc)
			i++
			start = i
		default:
			i += size
		}
		n++
	}
	b.WriteString(s[start:])
}

// Close finishes the sheet.
func (w *SheetWriter) Close() (*Sheet, error) {
	last := colName(max(len(w.cols), 1)-1) + strconv.Itoa(max(w.rows, 1))
	w.out.WriteString(`</sheetData>`)
	if len(w.cols) > 0 {
		w.out.WriteString(`<autoFilter ref="A1:` + last + `"/>`)
	}
	var rels bytes.Buffer
	if len(w.links) > 0 {
		rels.WriteString(xmlHeader)
		rels.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
		var x bytes.Buffer
		x.WriteString(`<hyperlinks>`)
		for i, l := range w.links {
			fmt.Fprintf(&x, `<hyperlink ref="%s" r:id="rId%d"/>`, l.ref, i+1)
			fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="`, i+1)
			writeAttr(&rels, l.target)
			rels.WriteString(`" TargetMode="External"/>`)
		}
		x.WriteString(`</hyperlinks>`)
		rels.WriteString(`</Relationships>`)
		w.out.Write(x.Bytes())
	}
	w.out.WriteString(`<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`)
	w.out.WriteString(`<pageSetup orientation="landscape" paperSize="9"/>`)
	w.out.WriteString(`</worksheet>`)
	s := &Sheet{Name: w.name, rows: w.rows, cols: len(w.cols)}
	var err error
	if s.data, err = w.out.close(); err != nil {
		return nil, err
	}
	if rels.Len() > 0 {
		if s.rels, err = deflate(rels.Bytes()); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// writeAttr writes s escaped for an attribute value.
func writeAttr(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		default:
			if r >= 0x20 && r != utf8.RuneError {
				b.WriteRune(r)
			}
		}
	}
}

func deflate(b []byte) (part, error) {
	p := newPartWriter()
	p.Write(b)
	return p.close()
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// modified is the time every zip entry carries, so that the same workbook
// is the same bytes.
var modified = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// Workbook writes a workbook of sheets (in order; their names must differ)
// with the style table st.
func Workbook(st *Styles, sheets ...*Sheet) ([]byte, error) {
	// Sized once: the sheets are most of it, and a county's workbook of
	// all years is some 20 MB.
	size := 64 << 10
	for _, s := range sheets {
		size += s.data.deflated.Len() + s.rels.deflated.Len() + 512
	}
	var buf bytes.Buffer
	buf.Grow(size)
	zw := zip.NewWriter(&buf)
	put := func(name, body string) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, body)
		return err
	}
	raw := func(name string, p part) error {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified,
			CRC32: p.crc, CompressedSize64: uint64(p.deflated.Len()), UncompressedSize64: p.size})
		if err != nil {
			return err
		}
		_, err = p.deflated.WriteTo(w)
		return err
	}
	var types, book, bookRels strings.Builder
	types.WriteString(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	book.WriteString(xmlHeader + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	bookRels.WriteString(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	var names bytes.Buffer
	for i, s := range sheets {
		n := i + 1
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		var esc bytes.Buffer
		writeAttr(&esc, s.Name)
		fmt.Fprintf(&book, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, esc.String(), n, n)
		fmt.Fprintf(&bookRels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, n, n)
		if s.cols > 0 {
			// The filter's range, as Excel itself records it.
			ref := fmt.Sprintf("'%s'!$A$1:$%s$%d", strings.ReplaceAll(s.Name, "'", "''"), colName(s.cols-1), max(s.rows, 1))
			fmt.Fprintf(&names, `<definedName name="_xlnm._FilterDatabase" localSheetId="%d" hidden="1">`, i)
			writeAttr(&names, ref)
			names.WriteString(`</definedName>`)
		}
	}
	types.WriteString(`</Types>`)
	book.WriteString(`</sheets>`)
	if names.Len() > 0 {
		book.WriteString(`<definedNames>` + names.String() + `</definedNames>`)
	}
	book.WriteString(`</workbook>`)
	fmt.Fprintf(&bookRels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`, len(sheets)+1)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", types.String()},
		{"_rels/.rels", xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
			`</Relationships>`},
		{"docProps/app.xml", xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>mzshh</Application></Properties>`},
		{"xl/workbook.xml", book.String()},
		{"xl/_rels/workbook.xml.rels", bookRels.String()},
		{"xl/styles.xml", st.xml()},
	}
	for _, p := range parts {
		if err := put(p.name, p.body); err != nil {
			return nil, err
		}
	}
	for i, s := range sheets {
		if err := raw(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), s.data); err != nil {
			return nil, err
		}
		if s.rels.size > 0 {
			if err := raw(fmt.Sprintf("xl/worksheets/_rels/sheet%d.xml.rels", i+1), s.rels); err != nil {
				return nil, err
			}
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// xml is the styles part.
func (s *Styles) xml() string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	b.WriteString(`<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/></numFmts>`)
	b.WriteString(`<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>`)
	fmt.Fprintf(&b, `<fills count="%d"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>`, 3+len(s.fills))
	b.WriteString(`<fill><patternFill patternType="solid"><fgColor rgb="FFE9ECEF"/><bgColor indexed="64"/></patternFill></fill>`)
	for _, f := range s.fills {
		fmt.Fprintf(&b, `<fill><patternFill patternType="solid"><fgColor rgb="FF%s"/><bgColor indexed="64"/></patternFill></fill>`, strings.ToUpper(f))
	}
	b.WriteString(`</fills>`)
	b.WriteString(`<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>` +
		`<border><left/><right/><top/><bottom style="thin"><color rgb="FF9AA3AD"/></bottom><diagonal/></border></borders>`)
	b.WriteString(`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`)
	const wrap = `<alignment vertical="top" wrapText="1"/>`
	fmt.Fprintf(&b, `<cellXfs count="%d">`, int(firstFill)+len(s.fills))
	b.WriteString(`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">` + wrap + `</xf>`)                                                                                                // Plain
	b.WriteString(`<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>`) // Header
	b.WriteString(`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>`)                                                                                 // Number
	b.WriteString(`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>`)                                                         // Date
	b.WriteString(`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" quotePrefix="1">` + wrap + `</xf>`)                                                                                // Quoted
	for i := range s.fills {
		fmt.Fprintf(&b, `<xf numFmtId="0" fontId="0" fillId="%d" borderId="0" xfId="0" applyFill="1" applyAlignment="1">`+wrap+`</xf>`, 3+i)
	}
	b.WriteString(`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`)
	return b.String()
}
