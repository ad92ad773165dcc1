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

// xnode is an XML element with its children, in order; text is the
// character data directly inside it.
type xnode struct {
	name     string
	attrs    map[string]string // by local name
	children []*xnode
	text     string
}

func parseXML(r io.Reader) (*xnode, error) {
	dec := xml.NewDecoder(r)
	root := &xnode{}
	stack := []*xnode{root}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return root, nil
		}
		if err != nil {
			return nil, err
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xnode{name: t.Name.Local, attrs: map[string]string{}}
			for _, a := range t.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text += string(t)
		}
	}
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
	return n.attrs["val"]
}

// on reads a toggle property such as <w:b/> or <w:b w:val="0"/>.
func (n *xnode) on() bool {
	if n == nil {
		return false
	}
	switch n.attrs["val"] {
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
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		return parseXML(io.LimitReader(rc, 256<<20))
	}
	doc, err := open("word/document.xml")
	if err != nil {
		return nil, fmt.Errorf("reading the .docx: %v", err)
	}
	if doc == nil {
		return nil, errors.New("not a .docx file: it has no word/document.xml")
	}
	r := &docxReader{
		styles: map[string]*docxStyle{}, abstract: map[string]map[int]numLevel{},
		nums: map[string]string{}, starts: map[string]map[int]int{}, counters: map[string][]int{},
		s: &source{format: "Word .docx", where: "paragraph"},
	}
	if st, err := open("word/styles.xml"); err == nil && st != nil {
		r.readStyles(st)
	}
	if nb, err := open("word/numbering.xml"); err == nil && nb != nil {
		r.readNumbering(nb)
	}
	var body *xnode
	if d := doc.child("document"); d != nil {
		body = d.child("body")
	}
	if body == nil {
		return nil, errors.New("the .docx has no document body")
	}
	r.blockContainer(body)
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
		r.styles[st.attrs["styleId"]] = s
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

func (r *docxReader) readNumbering(root *xnode) {
	nb := root.child("numbering")
	if nb == nil {
		return
	}
	for _, n := range nb.children {
		switch n.name {
		case "abstractNum":
			levels := map[int]numLevel{}
			for _, l := range n.children {
				if l.name != "lvl" {
					continue
				}
				i, _ := strconv.Atoi(l.attrs["ilvl"])
				start, err := strconv.Atoi(l.child("start").val())
				if err != nil {
					start = 1
				}
				levels[i] = numLevel{start: start, format: l.child("numFmt").val(), lvlText: l.child("lvlText").val()}
			}
			r.abstract[n.attrs["abstractNumId"]] = levels
		case "num":
			id := n.attrs["numId"]
			r.nums[id] = n.child("abstractNumId").val()
			for _, o := range n.children {
				if o.name != "lvlOverride" {
					continue
				}
				if so := o.child("startOverride"); so != nil {
					i, _ := strconv.Atoi(o.attrs["ilvl"])
					v, _ := strconv.Atoi(so.val())
					if r.starts[id] == nil {
						r.starts[id] = map[int]int{}
					}
					r.starts[id][i] = v
				}
			}
		}
	}
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
		if n >= 1 {
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
		switch c.name {
		case "p":
			r.para++
			r.paragraph(c, r.para)
		case "tbl":
			r.para++
			r.s.blocks = append(r.s.blocks, block{line: r.para, table: r.table(c)})
		case "sdt":
			r.blockContainer(c.child("sdtContent"))
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

func (p *paraText) write(s string, bold bool) {
	if s == "" {
		return
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
			r.inline(c.child("sdtContent"), p, paraBold)
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
			if c.attrs["type"] != "page" && c.attrs["type"] != "column" {
				p.lineBreak()
			}
		case "noBreakHyphen":
			p.write("-", bold)
		case "sym":
			if v, err := strconv.ParseUint(c.attrs["char"], 16, 32); err == nil && v >= 0x20 && v < 0xF000 && utf8.ValidRune(rune(v)) {
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
	for _, tr := range n.children {
		if tr.name != "tr" {
			continue
		}
		var row []string
		for _, tc := range tr.children {
			if tc.name != "tc" {
				continue
			}
			sub := &docxReader{styles: r.styles, abstract: r.abstract, nums: r.nums, starts: r.starts, counters: r.counters, s: &source{}}
			sub.blockContainer(tc)
			var parts []string
			for _, b := range sub.s.blocks {
				if b.text != "" {
					parts = append(parts, b.text)
				}
				for _, nested := range b.table {
					parts = append(parts, strings.Join(nested, " "))
				}
			}
			row = append(row, strings.Join(parts, " "))
		}
		if len(row) > 0 {
			rows = append(rows, row)
		}
	}
	return rows
}
