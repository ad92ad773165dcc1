package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A .docx file is a zip archive; word/document.xml holds the body,
// word/styles.xml the paragraph styles (headings) and word/numbering.xml
// the automatic numbering. Elements are matched by local name, so both
// transitional and strict OOXML read.

// Limits on what a material may hold. Word writes nothing near them (a
// long material is some hundred kilobytes of text; its document.xml is a
// few megabytes, nests elements a few dozen levels deep and holds some ten
// thousand elements); past them the file is refused with an error, rather
// than read for minutes into gigabytes.
type readLimits struct {
	file     int64 // bytes of a file the import command reads (a .docx with its pictures)
	partSize int64 // bytes of one XML part of a .docx, uncompressed
	depth    int   // levels of nested elements in a part
	elements int   // elements in a part
	text     int   // bytes of text read from a .docx, or of a text file
}

var limits = readLimits{file: 256 << 20, partSize: 32 << 20, depth: 256, elements: 1_000_000, text: 8 << 20}

// limitError says that a file is past one of the limits.
type limitError string

func (e limitError) Error() string { return string(e) }

// mb writes a size in megabytes, for messages.
func mb(n uint64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// xnode is an XML element with its children, in order; text is the
// character data directly inside it. A tree from parseXML is at most
// limits.depth deep, which bounds the recursion of the readers below.
type xnode struct {
	name     string
	attrs    []xattr
	children []*xnode
	text     string
}

// xattr is an attribute, by local name.
type xattr struct{ name, value string }

// attr returns the value of an attribute; of two with the same local name,
// the last.
func (n *xnode) attr(name string) string {
	for i := len(n.attrs) - 1; i >= 0; i-- {
		if n.attrs[i].name == name {
			return n.attrs[i].value
		}
	}
	return ""
}

// parseXML reads an XML part into a tree, refusing one nested deeper or
// holding more elements than the limits. part names it in errors. Text is
// gathered per open element and joined once, at its end. Names are read
// raw, without resolving name spaces (only local names count), which
// halves the garbage; that elements close in order is checked here.
func parseXML(r io.Reader, part string) (*xnode, error) {
	dec := xml.NewDecoder(r)
	root := &xnode{}
	stack := []*xnode{root}
	spaces := []string{""} // the name space prefix of each open element
	texts := [][]byte{nil} // the text of each open element so far
	elements := 0
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			if len(stack) > 1 {
				line, _ := dec.InputPos()
				return nil, fmt.Errorf("%s: %w", part, &xml.SyntaxError{Msg: "unexpected EOF: <" + stack[len(stack)-1].name + "> is not closed", Line: line})
			}
			root.text = string(texts[0])
			return root, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", part, err)
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			line, _ := dec.InputPos()
			if elements++; elements > limits.elements {
				return nil, limitError(fmt.Sprintf("%s: line %d: more than %d elements; Word does not write such files", part, line, limits.elements))
			}
			if len(stack) > limits.depth {
				return nil, limitError(fmt.Sprintf("%s: line %d: elements nested more than %d levels deep; Word does not write such files", part, line, limits.depth))
			}
			n := &xnode{name: t.Name.Local}
			if len(t.Attr) > 0 {
				n.attrs = make([]xattr, len(t.Attr))
				for i, a := range t.Attr {
					n.attrs[i] = xattr{a.Name.Local, a.Value}
				}
			}
			top.children = append(top.children, n)
			stack = append(stack, n)
			spaces = append(spaces, t.Name.Space)
			if len(texts) < len(stack) {
				texts = append(texts, nil)
			}
			texts[len(stack)-1] = texts[len(stack)-1][:0]
		case xml.EndElement:
			if len(stack) == 1 || t.Name.Local != top.name || t.Name.Space != spaces[len(spaces)-1] {
				line, _ := dec.InputPos()
				return nil, fmt.Errorf("%s: %w", part, &xml.SyntaxError{Msg: "unexpected end element </" + qname(t.Name) + ">", Line: line})
			}
			if t := texts[len(stack)-1]; len(t) > 0 {
				top.text = string(t)
			}
			stack = stack[:len(stack)-1]
			spaces = spaces[:len(spaces)-1]
		case xml.CharData:
			texts[len(stack)-1] = append(texts[len(stack)-1], t...)
		}
	}
}

// qname writes an element name as the file does: w:p.
func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func (n *xnode) child(name string) *xnode {
	if n == nil {
		return nil
	}
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

func (n *xnode) val() string {
	if n == nil {
		return ""
	}
	return n.attr("val")
}

// on reads a toggle property such as <w:b/> or <w:b w:val="0"/>.
func (n *xnode) on() bool {
	if n == nil {
		return false
	}
	switch n.attr("val") {
	case "0", "false", "off", "none":
		return false
	}
	return true
}

type docxStyle struct {
	basedOn string
	name    string
	outline int // heading level 1…9, 0 if none
	bold    bool
	hasBold bool
	numID   string
	ilvl    int
}

type numLevel struct {
	start   int
	format  string
	lvlText string
}

type docxReader struct {
	styles   map[string]*docxStyle
	abstract map[string]map[int]numLevel // abstractNumId → level
	nums     map[string]string           // numId → abstractNumId
	starts   map[string]map[int]int      // numId → level → start override
	counters map[string][]int            // numId → current value per level, 0 = not started
	s        *source
	para     int
	text     *int   // bytes of text read so far, shared with the readers of table cells
	err      *error // the first limit passed, shared likewise; reading stops there
	// onTable, if set, takes the tables of a table cell's reader.
	onTable func(*xnode)
}

func readDocx(data []byte) (*source, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a valid .docx file: %v", err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	open := func(name string) (*xnode, error) {
		f := files[name]
		if f == nil {
			return nil, nil
		}
		if f.UncompressedSize64 > uint64(limits.partSize) {
			return nil, limitError(fmt.Sprintf("%s: %s uncompressed, more than the %s a .docx part may have", name, mb(f.UncompressedSize64), mb(uint64(limits.partSize))))
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		defer rc.Close()
		// The zip reader checks the size it was told; this checks it anyway.
		data, err := io.ReadAll(io.LimitReader(rc, limits.partSize+1))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		if int64(len(data)) > limits.partSize {
			return nil, limitError(fmt.Sprintf("%s: more than %s uncompressed, the most a .docx part may have", name, mb(uint64(limits.partSize))))
		}
		return parseXML(bytes.NewReader(data), name)
	}
	doc, err := open("word/document.xml")
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, errors.New("not a .docx file: it has no word/document.xml")
	}
	r := &docxReader{
		styles: map[string]*docxStyle{}, abstract: map[string]map[int]numLevel{},
		nums: map[string]string{}, starts: map[string]map[int]int{}, counters: map[string][]int{},
		s: &source{format: "Word .docx", where: "paragraph"}, text: new(int), err: new(error),
	}
	// Styles and numbering only add heading levels and numbers: a part
	// that cannot be read is left out. One past the limits is refused.
	for _, p := range []struct {
		name string
		read func(*xnode) error
	}{{"word/styles.xml", func(n *xnode) error { r.readStyles(n); return nil }}, {"word/numbering.xml", r.readNumbering}} {
		n, err := open(p.name)
		var lim limitError
		switch {
		case errors.As(err, &lim):
			return nil, err
		case err == nil && n != nil:
			if err := p.read(n); err != nil {
				return nil, err
			}
		}
	}
	var body *xnode
	if d := doc.child("document"); d != nil {
		body = d.child("body")
	}
	if body == nil {
		return nil, errors.New("the .docx has no document body")
	}
	r.blockContainer(body)
	if *r.err != nil {
		return nil, *r.err
	}
	return r.s, nil
}

func (r *docxReader) readStyles(root *xnode) {
	styles := root.child("styles")
	if styles == nil {
		return
	}
	for _, st := range styles.children {
		if st.name != "style" {
			continue
		}
		s := &docxStyle{basedOn: st.child("basedOn").val(), name: strings.ToLower(st.child("name").val())}
		if ppr := st.child("pPr"); ppr != nil {
			if o := ppr.child("outlineLvl"); o != nil {
				if v, err := strconv.Atoi(o.val()); err == nil && v < 9 {
					s.outline = v + 1
				}
			}
			if np := ppr.child("numPr"); np != nil {
				s.numID = np.child("numId").val()
				s.ilvl, _ = strconv.Atoi(np.child("ilvl").val())
			}
		}
		if b := st.child("rPr").child("b"); b != nil {
			s.bold, s.hasBold = b.on(), true
		}
		for _, prefix := range []string{"heading ", "标题 "} {
			if rest, ok := strings.CutPrefix(s.name, prefix); ok && s.outline == 0 {
				if v, err := strconv.Atoi(rest); err == nil && v >= 1 && v <= 9 {
					s.outline = v
				}
			}
		}
		r.styles[st.attr("styleId")] = s
	}
}

// style returns a style's properties with those it inherits.
func (r *docxReader) style(id string) docxStyle {
	var out docxStyle
	gotOutline, gotBold, gotNum := false, false, false
	for depth := 0; id != "" && depth < 20; depth++ {
		s := r.styles[id]
		if s == nil {
			break
		}
		if out.name == "" {
			out.name = s.name
		}
		if !gotOutline && s.outline > 0 {
			out.outline, gotOutline = s.outline, true
		}
		if !gotBold && s.hasBold {
			out.bold, gotBold = s.bold, true
		}
		if !gotNum && s.numID != "" {
			out.numID, out.ilvl, gotNum = s.numID, s.ilvl, true
		}
		id = s.basedOn
	}
	return out
}

// maxLvlText is the longest number text of a list level read, in bytes:
// Word's are a few characters ("（%2）", "%1.%2.%3.").
const maxLvlText = 256

func (r *docxReader) readNumbering(root *xnode) error {
	nb := root.child("numbering")
	if nb == nil {
		return nil
	}
	for _, n := range nb.children {
		switch n.name {
		case "abstractNum":
			levels := map[int]numLevel{}
			for _, l := range n.children {
				if l.name != "lvl" {
					continue
				}
				i, _ := strconv.Atoi(l.attr("ilvl"))
				start, err := strconv.Atoi(l.child("start").val())
				if err != nil {
					start = 1
				}
				text := l.child("lvlText").val()
				if len(text) > maxLvlText {
					return limitError(fmt.Sprintf("word/numbering.xml: a list level's number text is %d bytes long, more than the %d read", len(text), maxLvlText))
				}
				levels[i] = numLevel{start: start, format: l.child("numFmt").val(), lvlText: text}
			}
			r.abstract[n.attr("abstractNumId")] = levels
		case "num":
			id := n.attr("numId")
			r.nums[id] = n.child("abstractNumId").val()
			for _, o := range n.children {
				if o.name != "lvlOverride" {
					continue
				}
				if so := o.child("startOverride"); so != nil {
					i, _ := strconv.Atoi(o.attr("ilvl"))
					v, _ := strconv.Atoi(so.val())
					if r.starts[id] == nil {
						r.starts[id] = map[int]int{}
					}
					r.starts[id][i] = v
				}
			}
		}
	}
	return nil
}

// number advances the counter of list numID at level ilvl and returns the
// paragraph's number as Word shows it: "（一）", "1.", "①".
func (r *docxReader) number(numID string, ilvl int) string {
	levels := r.abstract[r.nums[numID]]
	if numID == "" || numID == "0" || levels == nil || ilvl < 0 || ilvl > 8 {
		return ""
	}
	start := func(i int) int {
		if v, ok := r.starts[numID][i]; ok {
			return v
		}
		return levels[i].start
	}
	c := r.counters[numID]
	if c == nil {
		c = make([]int, 9)
		r.counters[numID] = c
	}
	if c[ilvl] == 0 {
		c[ilvl] = start(ilvl)
	} else {
		c[ilvl]++
	}
	for i := ilvl + 1; i < 9; i++ {
		c[i] = 0
	}
	lvl := levels[ilvl]
	if lvl.format == "bullet" || lvl.format == "none" {
		return ""
	}
	text := lvl.lvlText
	for i := 8; i >= 0; i-- {
		v := c[i]
		if v == 0 {
			v = start(i)
		}
		text = strings.ReplaceAll(text, "%"+strconv.Itoa(i+1), formatNumber(v, levels[i].format))
	}
	return text
}

// formatNumber writes n in a Word number format.
func formatNumber(n int, format string) string {
	switch format {
	case "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting", "ideographDigital":
		if s := cnNumeral(n); s != "" {
			return s
		}
	case "ideographTraditional":
		if n >= 1 && n <= 10 {
			return string([]rune("甲乙丙丁戊己庚辛壬癸")[n-1])
		}
	case "ideographZodiac":
		if n >= 1 && n <= 12 {
			return string([]rune("子丑寅卯辰巳午未申酉戌亥")[n-1])
		}
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if n >= 1 && n <= 20 {
			return string(rune('①' + n - 1))
		}
	case "decimalFullWidth", "decimalFullWidth2":
		var b strings.Builder
		for _, d := range strconv.Itoa(n) {
			b.WriteRune('０' + d - '0')
		}
		return b.String()
	case "decimalZero":
		return fmt.Sprintf("%02d", n)
	case "lowerLetter", "upperLetter":
		if n >= 1 && n <= 26*30 { // a … z, aa … zz, …
			s := strings.Repeat(string(rune('a'+(n-1)%26)), (n-1)/26+1)
			if format == "upperLetter" {
				s = strings.ToUpper(s)
			}
			return s
		}
	case "lowerRoman", "upperRoman":
		s := roman(n)
		if format == "lowerRoman" {
			s = strings.ToLower(s)
		}
		return s
	}
	return strconv.Itoa(n)
}

func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// blockContainer reads the paragraphs and tables of the body or of a
// content control.
func (r *docxReader) blockContainer(n *xnode) {
	for _, c := range n.children {
		if *r.err != nil {
			return
		}
		switch c.name {
		case "p":
			r.para++
			r.paragraph(c, r.para)
		case "tbl":
			r.para++
			if r.onTable != nil {
				r.onTable(c)
				continue
			}
			r.s.blocks = append(r.s.blocks, block{line: r.para, table: r.table(c)})
		case "sdt":
			if sc := c.child("sdtContent"); sc != nil {
				r.blockContainer(sc)
			}
		case "customXml", "ins", "moveTo", "sdtContent":
			r.blockContainer(c)
		}
	}
}

// paraText is the text of a paragraph being read.
type paraText struct {
	parts  []block // split at line breaks
	cur    strings.Builder
	bold   []span
	nested []*xnode
}

// write adds text to the paragraph. A line feed or carriage return in it
// (Word writes a line break as <w:br/>, but a character reference can put
// one in the text, or in a number) would end the Markdown's line and
// break its structure: it is read as a space.
func (p *paraText) write(s string, bold bool) {
	if s == "" {
		return
	}
	if strings.ContainsAny(s, "\r\n") {
		s = strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
	}
	start := p.cur.Len()
	p.cur.WriteString(s)
	if bold {
		if n := len(p.bold); n > 0 && p.bold[n-1].end == start {
			p.bold[n-1].end = p.cur.Len()
		} else {
			p.bold = append(p.bold, span{start, p.cur.Len()})
		}
	}
}

func (p *paraText) lineBreak() {
	p.parts = append(p.parts, block{text: p.cur.String(), bold: p.bold})
	p.cur.Reset()
	p.bold = nil
}

func (r *docxReader) paragraph(n *xnode, line int) {
	ppr := n.child("pPr")
	st := r.style(ppr.child("pStyle").val())
	level := st.outline
	if o := ppr.child("outlineLvl"); o != nil {
		if v, err := strconv.Atoi(o.val()); err == nil {
			level = 0
			if v < 9 {
				level = v + 1
			}
		}
	}
	numID, ilvl := st.numID, st.ilvl
	if np := ppr.child("numPr"); np != nil {
		if id := np.child("numId"); id != nil {
			numID = id.val()
		}
		if l := np.child("ilvl"); l != nil {
			ilvl, _ = strconv.Atoi(l.val())
		}
	}
	p := &paraText{}
	p.write(r.number(numID, ilvl), st.bold)
	r.inline(n, p, st.bold)
	p.lineBreak()
	for _, part := range p.parts {
		if *r.text += len(part.text); *r.text > limits.text && *r.err == nil {
			*r.err = limitError(fmt.Sprintf("paragraph %d: the document's text is more than %s, more than a material has", line, mb(uint64(limits.text))))
		}
	}
	if *r.err != nil {
		return
	}
	for i, part := range p.parts {
		text := part.text
		lead := len(text) - len(strings.TrimLeftFunc(text, isBlank))
		t := trimBlank(text)
		if t == "" {
			continue
		}
		var bold []span
		for _, b := range part.bold {
			s, e := max(b.start-lead, 0), min(b.end-lead, len(t))
			if s < e {
				bold = append(bold, span{s, e})
			}
		}
		bl := block{text: t, line: line, bold: bold}
		if i == 0 {
			bl.level = level
			bl.title = st.name == "title" || st.name == "标题"
		}
		r.s.blocks = append(r.s.blocks, bl)
	}
	// Text boxes anchored in the paragraph follow it.
	for _, c := range p.nested {
		r.paragraph(c, line)
	}
}

// inline reads the runs of a paragraph (or of a hyperlink, field, content
// control… inside it).
func (r *docxReader) inline(n *xnode, p *paraText, paraBold bool) {
	for _, c := range n.children {
		switch c.name {
		case "r":
			r.run(c, p, paraBold)
		case "hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple", "sdtContent", "dir", "bdo":
			r.inline(c, p, paraBold)
		case "sdt":
			if sc := c.child("sdtContent"); sc != nil {
				r.inline(sc, p, paraBold)
			}
		case "oMath", "oMathPara":
			r.mathText(c, p)
		}
	}
}

func (r *docxReader) mathText(n *xnode, p *paraText) {
	for _, c := range n.children {
		if c.name == "t" {
			p.write(c.text, false)
		} else {
			r.mathText(c, p)
		}
	}
}

func (r *docxReader) run(n *xnode, p *paraText, paraBold bool) {
	rpr := n.child("rPr")
	bold := paraBold
	if rs := rpr.child("rStyle"); rs != nil {
		if st := r.style(rs.val()); st.name != "" {
			bold = bold || st.bold
		}
	}
	if b := rpr.child("b"); b != nil {
		bold = b.on()
	}
	for _, c := range n.children {
		switch c.name {
		case "t":
			p.write(c.text, bold)
		case "tab", "ptab":
			p.write("\t", false)
		case "br", "cr":
			if c.attr("type") != "page" && c.attr("type") != "column" {
				p.lineBreak()
			}
		case "noBreakHyphen":
			p.write("-", bold)
		case "sym":
			if v, err := strconv.ParseUint(c.attr("char"), 16, 32); err == nil && v >= 0x20 && v < 0xF000 && utf8.ValidRune(rune(v)) {
				p.write(string(rune(v)), bold)
			}
		case "drawing", "pict", "object", "AlternateContent":
			collectTextBoxes(c, &p.nested)
		}
	}
}

// collectTextBoxes finds the paragraphs of text boxes in a drawing. Of an
// mc:AlternateContent only the first choice counts: the fallback repeats it.
func collectTextBoxes(n *xnode, out *[]*xnode) {
	for _, c := range n.children {
		switch c.name {
		case "Fallback":
			continue
		case "txbxContent":
			for _, p := range c.children {
				if p.name == "p" {
					*out = append(*out, p)
				}
			}
		default:
			collectTextBoxes(c, out)
		}
		if c.name == "Choice" {
			return
		}
	}
}

// table reads a table's rows of cells; a cell's paragraphs are joined by
// spaces and nested tables are read into their cell.
func (r *docxReader) table(n *xnode) [][]string {
	var rows [][]string
	var b strings.Builder
	r.rows(n, func(cells []*xnode) {
		row := make([]string, len(cells))
		for i, tc := range cells {
			b.Reset()
			r.cell(tc, &b)
			row[i] = b.String()
		}
		rows = append(rows, row)
	})
	return rows
}

// rows calls row with the cells of each row of a table that has any.
func (r *docxReader) rows(n *xnode, row func([]*xnode)) {
	var cells []*xnode
	for _, tr := range n.children {
		if *r.err != nil {
			return
		}
		if tr.name != "tr" {
			continue
		}
		cells = cells[:0]
		for _, tc := range tr.children {
			if tc.name == "tc" {
				cells = append(cells, tc)
			}
		}
		if len(cells) > 0 {
			row(cells)
		}
	}
}

// cell writes the text of a table cell to b: its paragraphs and the rows of
// the tables nested in it, in order and separated by spaces, a nested row's
// cells also by spaces. A nested table is written straight into b, so that
// deep nesting copies no text more than once.
func (r *docxReader) cell(tc *xnode, b *strings.Builder) {
	sub := &docxReader{styles: r.styles, abstract: r.abstract, nums: r.nums, starts: r.starts, counters: r.counters,
		s: &source{}, text: r.text, err: r.err}
	first := true
	sep := func() {
		if !first {
			b.WriteByte(' ')
		}
		first = false
	}
	flush := func() {
		for _, bl := range sub.s.blocks {
			sep()
			b.WriteString(bl.text)
		}
		sub.s.blocks = sub.s.blocks[:0]
	}
	sub.onTable = func(tbl *xnode) {
		flush()
		r.rows(tbl, func(cells []*xnode) {
			sep()
			for i, c := range cells {
				if i > 0 {
					b.WriteByte(' ')
				}
				r.cell(c, b)
			}
		})
	}
	sub.blockContainer(tc)
	flush()
}
