package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// docxElements are the elements a fuzzed document.xml is made of: the
// ones the reader looks at, in the places it looks for them and
// elsewhere. %s is an attribute value taken from the program.
var docxElements = []string{
	"w:p", "w:r", "w:t", "w:ins", "w:del", "w:delText", "w:tbl", "w:tr", "w:tc",
	"w:sdt", "w:sdtContent", "w:hyperlink", "w:smartTag", "w:customXml", "w:fldSimple", "w:moveTo", "w:dir",
	"w:drawing", "w:pict", "w:object", "wps:txbx", "w:txbxContent", "mc:AlternateContent", "mc:Choice", "mc:Fallback",
	"m:oMath", "m:oMathPara", "m:r", "m:t", "w:pPr", "w:rPr", "w:numPr",
	`w:pStyle w:val="%s"`, `w:rStyle w:val="%s"`, `w:numId w:val="%s"`, `w:ilvl w:val="%s"`, `w:outlineLvl w:val="%s"`,
	`w:b w:val="%s"`, "w:b", `w:br w:type="%s"`, "w:br", "w:cr", "w:tab", "w:ptab", "w:noBreakHyphen", `w:sym w:char="%s"`,
	"w:x",
}

// attrValues are the values an attribute takes: style and list IDs,
// levels, toggles, break types, symbol codes.
var attrValues = []string{"0", "1", "2", "3", "9", "-1", "Title", "Heading1", "Heading2", "Strong", "off", "page", "F020", "3010", "FFFF", "", "x"}

// fuzzDocument builds a document.xml from a program: each byte opens an
// element (taking its attribute value from the next byte), closes the
// innermost one, or writes the text the next byte says the length of.
func fuzzDocument(prog []byte) string {
	var b strings.Builder
	b.WriteString(`<w:document ` + wNS + ` xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><w:body>`)
	var open []string
	next := func(i *int) byte {
		if *i+1 < len(prog) {
			*i++
			return prog[*i]
		}
		return 0
	}
	for i := 0; i < len(prog); i++ {
		op := int(prog[i])
		switch {
		case op < 2*len(docxElements):
			el := docxElements[op%len(docxElements)]
			if strings.Contains(el, "%s") {
				el = strings.Replace(el, "%s", attrValues[int(next(&i))%len(attrValues)], 1)
			}
			if op >= len(docxElements) { // empty
				b.WriteString("<" + el + "/>")
				continue
			}
			b.WriteString("<" + el + ">")
			name, _, _ := strings.Cut(el, " ")
			open = append(open, name)
		case op < 0xF0:
			if len(open) > 0 {
				b.WriteString("</" + open[len(open)-1] + ">")
				open = open[:len(open)-1]
			}
		default:
			n := int(next(&i))
			end := min(i+1+n, len(prog))
			text := strings.Map(func(r rune) rune {
				if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
					return '？' // not a character XML may hold
				}
				return r
			}, strings.ToValidUTF8(string(prog[i+1:end]), "？"))
			if op&1 == 0 {
				xml.EscapeText(&b, []byte(text))
			} else {
				b.WriteString("<![CDATA[" + strings.ReplaceAll(text, "]]>", "]]]]><![CDATA[>") + "]]>")
			}
			i = end - 1
		}
	}
	for len(open) > 0 {
		b.WriteString("</" + open[len(open)-1] + ">")
		open = open[:len(open)-1]
	}
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// fuzzNumbering is a numbering part whose levels write lvlText in formats
// that vary with the level.
func fuzzNumbering(lvlText string, start int) string {
	formats := []string{"decimal", "chineseCounting", "lowerLetter", "upperRoman", "decimalEnclosedCircle", "bullet", "ideographTraditional", "decimalFullWidth", "none"}
	var b strings.Builder
	b.WriteString(`<w:numbering ` + wNS + `><w:abstractNum w:abstractNumId="0">`)
	for i, f := range formats {
		b.WriteString(`<w:lvl w:ilvl="` + strconv.Itoa(i) + `"><w:start w:val="` + strconv.Itoa(start) + `"/><w:numFmt w:val="` + f + `"/><w:lvlText w:val="`)
		xml.EscapeText(&b, []byte(strings.ToValidUTF8(lvlText, "？")))
		b.WriteString(`"/></w:lvl>`)
	}
	b.WriteString(`</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>` +
		`<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="5"/></w:lvlOverride></w:num></w:numbering>`)
	return b.String()
}

// storeParts zips parts without compressing them, which is quicker.
func storeParts(t testing.TB, parts map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, parts[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// asm writes a program for fuzzDocument: "+name" opens an element,
// "/name" writes an empty one, either with "=value" for its attribute;
// "-" closes the innermost; anything else is text.
func asm(tokens ...string) []byte {
	var prog []byte
	for _, tok := range tokens {
		switch {
		case tok == "-":
			prog = append(prog, 0xE0)
		case strings.HasPrefix(tok, "+"), strings.HasPrefix(tok, "/"):
			name, value, hasValue := strings.Cut(tok[1:], "=")
			op := -1
			for i, e := range docxElements {
				if e == name && !hasValue || strings.HasPrefix(e, name+" ") && hasValue {
					op = i
				}
			}
			if op < 0 {
				panic(tok)
			}
			if tok[0] == '/' {
				op += len(docxElements)
			}
			prog = append(prog, byte(op))
			if hasValue {
				prog = append(prog, byte(slices.Index(attrValues, value)))
			}
		default:
			prog = append(prog, 0xF0, byte(len(tok)))
			prog = append(prog, tok...)
		}
	}
	return prog
}

const fuzzStyles = `<w:styles ` + wNS + `>
<w:style w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:styleId="Heading2"><w:name w:val="标题 2"/><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:styleId="Strong"><w:name w:val="Strong"/><w:basedOn w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
</w:styles>`

// FuzzDocx checks that no .docx structure makes the reader or Import
// panic or hang, and that what Import imports is the source word for word
// and parses (Import checks both and fails otherwise: an error with a
// result is a bug). The document is built from a program of nested
// paragraphs, runs, text, insertions, deletions, tables, content
// controls, text boxes, math and properties, with fuzzed text and numbers.
func FuzzDocx(f *testing.F) {
	for _, seed := range []struct {
		prog    []string
		lvlText string
		start   int
	}{
		{[]string{"+w:p", "+w:r", "+w:t", "××镇领导班子2022年度民主生活会对照检查材料", "-", "-", "-",
			"+w:p", "+w:pPr", "/w:pStyle=Heading1", "-", "+w:r", "+w:t", "存在的主要问题", "-", "-", "-",
			"+w:p", "+w:pPr", "+w:numPr", "/w:numId=1", "/w:ilvl=1", "-", "-", "+w:r", "+w:rPr", "/w:b", "-", "+w:t", "理论学习方面", "-", "-", "-",
			"+w:p", "+w:r", "+w:t", "一是学习不够系统。", "-", "/w:br", "/w:tab", "/w:sym=3010", "+w:t", "二是", "-", "-", "-"}, "%1、", 1},
		{[]string{"+w:tbl", "+w:tr", "+w:tc", "+w:p", "+w:r", "+w:t", "问题", "-", "-", "-",
			"+w:tbl", "+w:tr", "+w:tc", "+w:p", "+w:r", "+w:t", "内层", "-", "-", "-", "-", "/w:tc", "-", "-", "-", "-", "+w:tr", "-", "-"}, "%1.%2.", 3},
		{[]string{"+w:p", "+w:r", "+w:drawing", "+mc:AlternateContent", "+mc:Choice", "+w:txbxContent", "+w:p", "+w:r", "+w:t", "文本框", "-", "-", "-", "-", "-",
			"+mc:Fallback", "+w:txbxContent", "+w:p", "+w:r", "+w:t", "文本框", "-", "-", "-", "-", "-", "-", "-", "-", "-"}, "", 0},
		{[]string{"+w:p", "+w:ins", "+w:r", "+w:rPr", "/w:b=off", "-", "+w:t", "]]>x</w:t>", "-", "/w:br=page", "-", "-",
			"+w:del", "+w:r", "+w:delText", "删去", "-", "-", "-", "+m:oMath", "+m:r", "+m:t", "x²", "-", "-", "-", "-",
			"+w:sdt", "+w:sdtContent", "+w:p", "+w:hyperlink", "+w:r", "+w:t", "链接", "-", "-", "-", "-", "-", "-",
			"+w:p", "+w:pPr", "/w:outlineLvl=0", "/w:numId=2", "-", "-"}, "%9%1", 2000000000},
	} {
		f.Add(asm(seed.prog...), seed.lvlText, seed.start)
	}
	f.Add(bytes.Repeat(asm("+w:ins"), 300), "", 1)
	f.Fuzz(func(t *testing.T, prog []byte, lvlText string, start int) {
		if len(prog) > 1<<16 || len(lvlText) > 1<<10 {
			return
		}
		doc := fuzzDocument(prog)
		if !utf8.ValidString(doc) {
			t.Fatalf("the program made invalid UTF-8: %q", doc)
		}
		data := storeParts(t, map[string]string{
			"word/document.xml":  doc,
			"word/styles.xml":    fuzzStyles,
			"word/numbering.xml": fuzzNumbering(lvlText, start),
		})
		src, err := readDocx(data)
		if err != nil {
			var lim limitError
			if !errors.As(err, &lim) {
				t.Fatalf("a well-formed document is refused: %v\n%s", err, doc)
			}
			return
		}
		for _, bl := range src.blocks {
			if !utf8.ValidString(bl.text) {
				t.Fatalf("block text is not UTF-8: %q", bl.text)
			}
			for _, s := range bl.bold {
				if s.start < 0 || s.start >= s.end || s.end > len(bl.text) {
					t.Fatalf("bold span %v outside %q", s, bl.text)
				}
			}
		}
		res, err := Import("fuzz.docx", data, Options{Year: 2022, Unit: "××镇领导班子"})
		if err != nil && res != nil {
			t.Fatalf("%v\n%s\n%s", err, doc, res.Markdown)
		}
	})
}
