package importer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"
)

// Hostile .docx files: each is refused with an error that names the part
// and the limit, or read correctly, in time linear in its size.

// docxBody zips a .docx whose body is body.
func docxBody(t testing.TB, body string) []byte {
	t.Helper()
	return zipParts(t, map[string]string{"word/document.xml": `<w:document ` + wNS + `><w:body>` + body + `</w:body></w:document>`})
}

// zipParts zips parts, compressing them quickly.
func zipParts(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	writers := map[string]func(io.Writer){}
	for name, text := range parts {
		writers[name] = func(w io.Writer) { io.WriteString(w, text) }
	}
	return zipWriters(t, writers)
}

// zipWriters zips parts written by functions, compressing them quickly:
// a large part need not be held in memory.
func zipWriters(t testing.TB, parts map[string]func(io.Writer)) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		parts[name](w)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// repeat writes s n times to w.
func repeat(w io.Writer, s string, n int) {
	k := max(1, (64<<10)/len(s))
	chunk := []byte(strings.Repeat(s, min(k, n)))
	for ; n >= k; n -= k {
		w.Write(chunk)
	}
	w.Write(chunk[:n*len(s)])
}

// hugeBody zips a .docx whose body is head, then mid n times, then tail.
func hugeBody(t testing.TB, head, mid string, n int, tail string) []byte {
	return zipWriters(t, map[string]func(io.Writer){"word/document.xml": func(w io.Writer) {
		io.WriteString(w, `<w:document `+wNS+`><w:body>`+head)
		repeat(w, mid, n)
		io.WriteString(w, tail+`</w:body></w:document>`)
	}})
}

// withLimits runs f with the limits set changes, so that a test need not
// make tens of megabytes to pass them.
func withLimits(set func(*readLimits), f func()) {
	saved := limits
	defer func() { limits = saved }()
	set(&limits)
	f()
}

// nested wraps inner in n elements named name.
func nested(name string, n int, inner string) string {
	return strings.Repeat("<"+name+">", n) + inner + strings.Repeat("</"+name+">", n)
}

// nestedTags wraps inner n times in open … close.
func nestedTags(open, close string, n int, inner string) string {
	return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
}

// wantLimitError checks that err is a limit error holding every one of want.
func wantLimitError(t *testing.T, err error, want ...string) {
	t.Helper()
	var lim limitError
	if !errors.As(err, &lim) {
		t.Fatalf("error %v, want one past a limit", err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not say %q", err, w)
		}
	}
}

// material is the text of a small material, as paragraphs of a body.
var material = para("", "", run("××镇领导班子2022年度民主生活会对照检查材料")) +
	para("", "", run("一、存在的主要问题")) + para("", "", run("（一）理论学习方面")) +
	para("", "", run("一是学习不够系统。中心组学习计划性不强。"))

// TestDocxNestingIsBounded reads elements nested deeper than Word nests
// them: up to the limit they are read, past it (3,000,000 tracked
// insertions in a 66 KB file once overflowed the stack) the file is
// refused, whatever the element.
func TestDocxNestingIsBounded(t *testing.T) {
	// Just within the limit: document, body, 250 insertions, paragraph, run, text.
	src, err := readDocx(docxBody(t, nested("w:ins", limits.depth-6, material)))
	if err != nil {
		t.Fatal(err)
	}
	if got := src.text(); !strings.Contains(got, "一是学习不够系统。") {
		t.Errorf("text = %q", got)
	}
	for _, tc := range []struct{ what, body string }{
		{"insertions", nested("w:ins", limits.depth, material)},
		{"content controls", nested("w:sdtContent", limits.depth, material)},
		{"runs", `<w:p>` + nested("w:r", limits.depth, `<w:t>x</w:t>`) + `</w:p>`},
		{"hyperlinks", `<w:p>` + nested("w:hyperlink", limits.depth, run("x")) + `</w:p>`},
		{"math", `<w:p>` + nested("m:oMath", limits.depth, "") + `</w:p>`},
		{"tables", nestedTags("<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>", limits.depth/3+1, material)},
		{"unknown elements", nested("w:x", limits.depth, "")},
		{"text boxes", nestedTags("<w:p><w:r><w:drawing><w:txbxContent>", "</w:txbxContent></w:drawing></w:r></w:p>", limits.depth/4+1, "")},
	} {
		_, err := readDocx(docxBody(t, tc.body))
		wantLimitError(t, err, "word/document.xml: line 1: elements nested more than 256 levels deep")
		if t.Failed() {
			t.Fatalf("%s: %v", tc.what, err)
		}
	}
	// 3,000,000 insertions: 45 MB uncompressed, past the size limit too.
	data := hugeBody(t, strings.Repeat("<w:ins>", 1_000_000), "<w:ins>", 2_000_000, strings.Repeat("</w:ins>", 3_000_000))
	_, err = readDocx(data)
	wantLimitError(t, err, "word/document.xml: 42.9 MB uncompressed, more than the 32.0 MB a .docx part may have")
	withLimits(func(l *readLimits) { l.partSize, l.elements = 64<<20, 5_000_000 }, func() {
		_, err = readDocx(data)
	})
	wantLimitError(t, err, "word/document.xml: line 1: elements nested more than 256 levels deep")
	// Styles and numbering are held to the same limits.
	for _, part := range []string{"word/styles.xml", "word/numbering.xml"} {
		data := zipParts(t, map[string]string{
			"word/document.xml": `<w:document ` + wNS + `><w:body>` + material + `</w:body></w:document>`,
			part:                nested("w:x", 1000, ""),
		})
		_, err := readDocx(data)
		wantLimitError(t, err, part+": line 1: elements nested more than 256 levels deep")
	}
}

// TestDocxTextPiecesAreJoinedInLinearTime reads a run whose text comes in
// 300,000 CDATA sections and character references (joining them one by
// one to a string took 93 s), and a body of 524,288 empty paragraphs
// (whose line breaks were joined likewise: 53 s).
func TestDocxTextPiecesAreJoinedInLinearTime(t *testing.T) {
	pieces := strings.Repeat("<![CDATA[学]]>&#20064;", 150_000)
	src, err := readDocx(docxBody(t, material+`<w:p><w:r><w:t>`+pieces+`</w:t></w:r></w:p>`))
	if err != nil {
		t.Fatal(err)
	}
	last := src.blocks[len(src.blocks)-1].text
	if last != strings.Repeat("学习", 150_000) {
		t.Errorf("the text of 300,000 pieces is %d bytes, want %d", len(last), 150_000*6)
	}

	body := material + strings.Repeat("<w:p/>\n", 1<<19)
	res, err := Import("empty.docx", docxBody(t, body), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Groups != 1 || res.Counts.Items != 1 {
		t.Errorf("counts = %+v", res.Counts)
	}
}

// TestDocxSizeIsBounded refuses a part that inflates past the limit,
// whether the zip says so or not, and a document with more elements or
// more text than the limits.
func TestDocxSizeIsBounded(t *testing.T) {
	// 240 MB of empty paragraphs in 1 MB: once read for 110 s into 4 GB.
	_, err := readDocx(hugeBody(t, "", "<w:p/>", 40<<20, ""))
	wantLimitError(t, err, "word/document.xml: 240.0 MB uncompressed, more than the 32.0 MB a .docx part may have")

	// 2 MB, where the zip says 1 MB.
	big := strings.Repeat("<w:p/>", (2<<20)/6)
	var raw bytes.Buffer
	fw, _ := flate.NewWriter(&raw, flate.BestSpeed)
	io.WriteString(fw, big)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate,
		CRC32: crc32.ChecksumIEEE([]byte(big)), CompressedSize64: uint64(raw.Len()), UncompressedSize64: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw.Bytes())
	zw.Close()
	if _, err = readDocx(buf.Bytes()); err == nil || !strings.HasPrefix(err.Error(), "word/document.xml: ") {
		t.Errorf("a part larger than the zip says: %v", err)
	}

	// More elements than the limit.
	withLimits(func(l *readLimits) { l.elements = 1000 }, func() {
		_, err = readDocx(docxBody(t, strings.Repeat("<a/>", 999)))
	})
	wantLimitError(t, err, "word/document.xml: line 1: more than 1000 elements")
}

// TestDocxNumbersAreBounded reads list numbering that would make each
// number, or all of them, huge: a number text longer than Word writes is
// refused, a letter number past zzz… is written in digits, and a document
// whose numbers add up to more text than the limit is refused.
func TestDocxNumbersAreBounded(t *testing.T) {
	numbering := func(format, start, text string) string {
		return `<w:numbering ` + wNS + `><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="` + start +
			`"/><w:numFmt w:val="` + format + `"/><w:lvlText w:val="` + text + `"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`
	}
	doc := func(body string) string {
		return `<w:document ` + wNS + `><w:body>` + body + `</w:body></w:document>`
	}
	_, err := readDocx(zipParts(t, map[string]string{
		"word/document.xml":  doc(para("", "1:0", run("x"))),
		"word/numbering.xml": numbering("decimal", "1", strings.Repeat("%1", 1<<20)),
	}))
	wantLimitError(t, err, "word/numbering.xml: a list level's number text is 2097152 bytes long, more than the 256 read")

	src, err := readDocx(zipParts(t, map[string]string{
		"word/document.xml":  doc(para("", "1:0", run("x"))),
		"word/numbering.xml": numbering("lowerLetter", "2000000000", "%1."),
	}))
	if err != nil || src.text() != "2000000000.x" {
		t.Errorf("a letter number past the letters: %q, %v", src.text(), err)
	}

	// A 256-byte number text on 10,000 paragraphs: some 4 MB of numbers
	// from 700 KB of XML.
	withLimits(func(l *readLimits) { l.text = 1 << 20 }, func() {
		_, err = readDocx(zipParts(t, map[string]string{
			"word/document.xml":  doc(strings.Repeat(para("", "1:0"), 10_000)),
			"word/numbering.xml": numbering("decimal", "1", strings.Repeat("%1", 128)),
		}))
	})
	wantLimitError(t, err, "paragraph 2325: the document's text is more than 1.0 MB")
}

// TestDocxNestedTables reads tables nested in table cells, as deep as the
// limit allows, each level's text once.
func TestDocxNestedTables(t *testing.T) {
	cell := func(s string) string { return `<w:tc>` + para("", "", run(s)) + `</w:tc>` }
	inner := `<w:tbl><w:tr>` + cell("a") + `<w:tc></w:tc>` + cell("b") + `</w:tr><w:tr>` + cell("c") + `</w:tr></w:tbl>`
	want := "a  b c"
	const levels = 80
	for i := range levels {
		inner = `<w:tbl><w:tr><w:tc>` + para("", "", run("x")) + inner + para("", "", run("y")) + `</w:tc>` + cell("z") + `</w:tr></w:tbl>`
		want = "x " + want + " y"
		if i == levels-1 {
			break
		}
		want += " z"
	}
	src, err := readDocx(docxBody(t, inner))
	if err != nil {
		t.Fatal(err)
	}
	if len(src.blocks) != 1 || len(src.blocks[0].table) != 1 {
		t.Fatalf("blocks = %+v", src.blocks)
	}
	row := src.blocks[0].table[0]
	if len(row) != 2 || row[0] != want || row[1] != "z" {
		t.Errorf("row = %q,\nwant %q and z", row, want)
	}
}

// TestDocxMalformedXML refuses a document.xml whose elements do not close
// in order, and leaves out styles that are not XML.
func TestDocxMalformedXML(t *testing.T) {
	for body, want := range map[string]string{
		`<w:p><w:r></w:p></w:r>`:       "word/document.xml: XML syntax error on line 1: unexpected end element </w:p>",
		`<w:p><w:r></w:r></x:p>`:       "word/document.xml: XML syntax error on line 1: unexpected end element </x:p>",
		`<w:p>`:                        "word/document.xml: XML syntax error on line 1: unexpected EOF: <p> is not closed",
		`</w:body></w:document></w:x>`: "word/document.xml: XML syntax error on line 1: unexpected end element </w:x>",
	} {
		data := zipParts(t, map[string]string{"word/document.xml": `<w:document ` + wNS + `><w:body>` + body})
		if body != `<w:p>` {
			data = docxBody(t, body)
		}
		if _, err := readDocx(data); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", body, err, want)
		}
	}
	src, err := readDocx(zipParts(t, map[string]string{
		"word/document.xml": `<w:document ` + wNS + `><w:body>` + para("Heading1", "", run("x")) + `</w:body></w:document>`,
		"word/styles.xml":   `<w:styles><w:style w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>`,
	}))
	if err != nil || src.text() != "x" || src.blocks[0].level != 0 {
		t.Errorf("styles that are not XML: %+v, %v", src, err)
	}
}

// TestTextSizeIsBounded refuses a text or Markdown file larger than the
// text a .docx may hold.
func TestTextSizeIsBounded(t *testing.T) {
	data := bytes.Repeat([]byte("一是学习不够系统。\n"), limits.text/28+1)
	for _, name := range []string{"big.txt", "big.md"} {
		_, err := Import(name, data, Options{})
		wantLimitError(t, err, fmt.Sprintf("the file has %d bytes, more than the 8.0 MB of text a material may have", len(data)))
	}
}

// TestDocxContentControlWithoutContent reads content controls (w:sdt)
// that have no w:sdtContent, in the body and in a paragraph: once a crash.
func TestDocxContentControlWithoutContent(t *testing.T) {
	src, err := readDocx(docxBody(t, `<w:sdt><w:sdtPr/></w:sdt><w:p><w:sdt/>`+run("x")+`</w:p><w:sdt><w:sdtContent>`+para("", "", run("y"))+`</w:sdtContent></w:sdt>`))
	if err != nil || src.text() != "xy" {
		t.Errorf("%+v, %v", src, err)
	}
}

// TestDocxLineEndsInText reads carriage returns and line feeds that
// character references put in a run's text and in a number's text as
// spaces: written as they are, they ended the Markdown's line in the
// middle of a heading (found by FuzzDocx).
func TestDocxLineEndsInText(t *testing.T) {
	numbering := `<w:numbering ` + wNS + `><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1&#xD;、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`
	body := para("", "", run("××镇领导班子2022年度民主生活会对照检查材料")) +
		para("", "1:0", run("存在的&#xD;主要问题")) + para("", "", run("（一）理论学习&#10;方面")) + para("", "", run("一是学习不够系统。&#13;&#10;中心组学习计划性不强。"))
	res, err := Import("lines.docx", zipParts(t, map[string]string{
		"word/document.xml":  `<w:document ` + wNS + `><w:body>` + body + `</w:body></w:document>`,
		"word/numbering.xml": numbering,
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsRune(res.Markdown, '\r') || !bytes.Contains(res.Markdown, []byte("## 一 、存在的 主要问题\n")) || res.Counts.Groups != 1 || res.Counts.Items != 1 {
		t.Errorf("counts %+v:\n%s", res.Counts, res.Markdown)
	}
}
