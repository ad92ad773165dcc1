package content

import (
	"bytes"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"

	"mzshh"
)

// TestHeadingIDDiagnostics: an ID that is not well formed is an error at
// its "{", not a slug made of the heading's words.
func TestHeadingIDDiagnostics(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"space", "### 甲 {#p 1}\n", "content/2021/banzi.md:11:7: error: ID \"p 1\" holds a space: an ID is letters, digits, - and _ only; write it as {#p-1}"},
		{"empty", "### 甲 {#}\n", "content/2021/banzi.md:11:7: error: empty ID {#}: write the ID after #, e.g. {#p1}"},
		{"not closed", "### 甲 {#p1\n", "content/2021/banzi.md:11:7: error: ID {#p1 is not closed: end it with }, e.g. {#p1}"},
		{"closing hashes", "### 甲 {#p1} ###\n", "content/2021/banzi.md:11:7: error: ID {#p1} must end the heading line: remove the closing ### after it"},
		{"text after", "### 甲 {#p1} 乙\n", "content/2021/banzi.md:11:7: error: ID {#p1} must end the heading line: move \"乙\" before it"},
		{"slash", "### 甲 {#p/1}\n", "content/2021/banzi.md:11:7: error: ID \"p/1\" holds '/': an ID is letters, digits, - and _ only; write it as {#p-1}"},
		{"dot goldmark accepts", "### 甲 {#p.1}\n", "content/2021/banzi.md:11:7: error: ID \"p.1\" holds '.': an ID is letters, digits, - and _ only; write it as {#p-1}"},
		{"two IDs", "### 甲 {#p1 id=p2}\n", "content/2021/banzi.md:11:7: error: heading has 2 IDs (p1, p2); keep one"},
		{"number value", "### 甲 {id=1}\n", "content/2021/banzi.md:11:7: error: ID 1 is not written as an ID: write it as {#p1}, letters, digits, - and _ only"},
		{"null value in a setext heading", "> 丙 {id=null}\n> ===\n", "content/2021/banzi.md:11:5: error: ID null is not written as an ID: write it as {#p1}, letters, digits, - and _ only"},
		{"nested heading", "- ### 甲 {#p 1}\n", "content/2021/banzi.md:11:9: error: ID \"p 1\" holds a space: an ID is letters, digits, - and _ only; write it as {#p-1}"},
		{"reserved by the layout", "### 甲 {#main}\n", "content/2021/banzi.md:11:5: error: ID main is reserved: the page layout uses it; choose another ID"},
		{"reserved for reports", "### 甲 {#r1}\n", "content/2021/banzi.md:11:5: error: ID r1 is reserved: report items are numbered r1, r2, …; choose another ID"},
		{"section heading reserved", "## 问题 {#site-q}\n", "content/2021/banzi.md:9:4: error: ID site-q is reserved: the page layout uses it; choose another ID"},
		{"section clashes with a problem", "## 问题 {#p1}\n\n### 甲\n", "content/2021/banzi.md:11:5: error: duplicate ID p1: it is already used at line 9; IDs must be unique within a document"},
		{"heading without words", "### {#p1}\n", "content/2021/banzi.md:11:5: error: problem group p1 has no title: write its words after the ###"},
		{"escaped", "### 甲 \\{#p1}\n", ""},
		{"other attributes", "### 甲 {#p1 .x}\n", ""},
		{"Chinese ID", "### 甲 {#学习-1}\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "## 问题\n\n" + tc.src
			if strings.HasPrefix(tc.src, "##") && !strings.HasPrefix(tc.src, "###") {
				src = tc.src
			}
			_, got := parse(t, "\n"+src)
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestIDsMadeFromWordsAvoidClashes: an ID goldmark makes from a heading's
// words never takes a reserved ID or one written or numbered elsewhere.
func TestIDsMadeFromWordsAvoidClashes(t *testing.T) {
	d, diags := parse(t, "\n## Main\n\n## R1\n\n## P1\n\n## 问题\n\n### 甲\n\n## 落实情况\n\n- 【已整改】[[2020/banzi#p1]] 甲\n\n## 其他\n\n### 总结\n\n## 更多\n\n### 乙 {#总结}\n")
	if diags != "" {
		t.Fatal(diags)
	}
	var ids []string
	for _, s := range d.Sections {
		ids = append(ids, s.ID)
	}
	if got, want := strings.Join(ids, " "), "main-1 r1-1 p1-1 问题 落实情况 其他 更多"; got != want {
		t.Errorf("section IDs %q, want %q", got, want)
	}
	body := string(bodyOf(t, d))
	for _, want := range []string{`<h2 id="main-1">Main</h2>`, `<h2 id="p1-1">P1</h2>`, `<li id="r1">`, `<h3 id="总结-1">总结</h3>`, `<h3 id="总结">乙</h3>`} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %s\n%s", want, body)
		}
	}
	if n := strings.Count(body, `id="main"`); n != 0 {
		t.Errorf("body holds id=main")
	}
}

// TestReservedIDsMatchLayouts: every id the built-in layouts and the
// preview server put on a document's page is reserved.
func TestReservedIDsMatchLayouts(t *testing.T) {
	var found []string
	for _, name := range []string{"layouts/base.html", "layouts/document.html"} {
		b, err := fs.ReadFile(mzshh.Layouts, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`\bid="([^"{}]+)"`).FindAllSubmatch(b, -1) {
			found = append(found, string(m[1]))
		}
	}
	live, err := os.ReadFile("../serve/live.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`\.id = "([^"]+)"`).FindAllSubmatch(live, -1) {
		found = append(found, string(m[1]))
	}
	if len(found) == 0 {
		t.Fatal("no ids found in the layouts")
	}
	for _, id := range found {
		if !IsReservedID(id) {
			t.Errorf("the page uses id %q, which is not in ReservedIDs", id)
		}
	}
	for _, id := range []string{"r1", "r12", "main"} {
		if !IsReservedID(id) {
			t.Errorf("%s is not reserved", id)
		}
	}
	for _, id := range []string{"r", "ra", "p1", "主要"} {
		if IsReservedID(id) {
			t.Errorf("%s is reserved", id)
		}
	}
}

// TestReferenceInsideLink: a reference in a link's text would nest a link
// in a link; it is an error at the reference.
func TestReferenceInsideLink(t *testing.T) {
	_, got := parse(t, "\n## 问题\n\n### 甲 {#p1}\n\n见 [看 [[2020/banzi#p1]]](x.html)、[**[[#p1]]**][r] 和 ![图 [[#p1]]](a.png)，[[#p1]] 可以。\n\n[r]: y.html\n")
	want := "content/2021/banzi.md:13:6: error: reference [[2020/banzi#p1]] inside the text of a link: a reference is a link itself, and a link cannot hold another; move it out of the […](…)\n" +
		"content/2021/banzi.md:13:36: error: reference [[#p1]] inside the text of a link: a reference is a link itself, and a link cannot hold another; move it out of the […](…)\n" +
		"content/2021/banzi.md:13:56: error: reference [[#p1]] inside the description of an image: a reference is a link, which an image description cannot hold; move it out of the ![…](…)"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestDangerousURLs: script and data URLs in Markdown links and images are
// removed whatever unsafe_html says; file: is kept only under it.
func TestDangerousURLs(t *testing.T) {
	src := header + "\n## 问题\n\n### 甲 {#p1}\n\n" +
		"[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](<\tjava\tscript:x>) [d](<\x01javascript:x>) [e](&#106;avascript:x) [f](vbscript:x) " +
		"![g](data:image/png;base64,AA) ![h](data:image/svg+xml,x) [i](data:image/png;base64,AA) [j](data:text/html,x) " +
		"[k](file:///etc/passwd) <javascript:alert(2)> <file:///x> [l](https://example.org/) [m](mailto:a@example.org) [n](./a:b) [o][r]\n\n" +
		"[r]: javascript:alert(3)\n\n<a href=\"javascript:raw()\">raw</a>\n"
	for _, unsafe := range []bool{false, true} {
		d, diags := parseSrc(t, Config{UnsafeHTML: unsafe}, src)
		if diags != "" {
			t.Fatal(diags)
		}
		body := string(bodyOf(t, d))
		for _, want := range []string{
			`<a href="">a</a>`, `<a href="">b</a>`, `<a href="">c</a>`, `<a href="">d</a>`, `<a href="">e</a>`, `<a href="">f</a>`,
			`<img src="data:image/png;base64,AA" alt="g">`, `<img src="" alt="h">`, `<a href="">i</a>`, `<a href="">j</a>`,
			`<a href="">javascript:alert(2)</a>`, `<a href="https://example.org/">l</a>`, `<a href="mailto:a@example.org">m</a>`,
			`<a href="./a:b">n</a>`, `<a href="">o</a>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("unsafe_html %v: body lacks %s\n%s", unsafe, want, body)
			}
		}
		fileLink, rawHTML := `<a href="file:///etc/passwd">k</a>`, `<a href="javascript:raw()">raw</a>`
		if strings.Contains(body, fileLink) != unsafe || strings.Contains(body, `<a href="file:///x">`) != unsafe {
			t.Errorf("unsafe_html %v: file: links kept %v", unsafe, !unsafe)
		}
		// Raw HTML is the author's under unsafe_html, as README says.
		if strings.Contains(body, rawHTML) != unsafe {
			t.Errorf("unsafe_html %v: raw HTML passed %v", unsafe, !unsafe)
		}
	}
}

// TestRepeatedReferences: a target named again and again is one
// continuation (measure target, report target), and a block of 100,000
// references costs time and memory in proportion.
func TestRepeatedReferences(t *testing.T) {
	refs := func(n int) string { return strings.Repeat("[[2020/banzi#p1]] [[2020/banzi#p2]]\n", n/2) }
	d, diags := parse(t, "\n## 落实情况\n\n- 【已整改】"+refs(10)+"\n## 问题\n\n### 甲 {#p1}\n\n"+refs(100000)+"\n## 整改措施\n\n### 乙 {#m1}\n\n针对 [[#p1]]、[[#p1]]\n")
	if diags != "" {
		t.Fatal(diags)
	}
	p := d.Problems[0]
	if len(p.Continues) != 2 || p.Continues[0].GlobalID() != "2020/banzi#p1" || p.Continues[1].GlobalID() != "2020/banzi#p2" {
		t.Errorf("continues %d, want the two targets once each", len(p.Continues))
	}
	if len(d.Refs) != 100012 || len(d.Reports[0].Refs) != 2 || len(d.Measures[0].Addresses) != 1 {
		t.Errorf("%d references, report names %d, measure %d", len(d.Refs), len(d.Reports[0].Refs), len(d.Measures[0].Addresses))
	}
	// Allocations grow linearly with the references of one block.
	allocs := func(n int) float64 {
		src := []byte(header + "\n## 问题\n\n### 甲 {#p1}\n\n" + refs(n))
		p := NewParser(Config{}, DefaultVocabulary(), nil)
		return testing.AllocsPerRun(2, func() { p.Parse("content/2021/banzi.md", src) })
	}
	small, large := allocs(2000), allocs(16000)
	if large > 10*small {
		t.Errorf("allocations: %.0f for 2,000 references, %.0f for 16,000", small, large)
	}
}

// TestManyReferencesOnOneLine: positions of references along one long
// line, reported in any order, cost linear time in all.
func TestManyReferencesOnOneLine(t *testing.T) {
	line := bytes.Repeat([]byte("[[2020/banzi#p1]] 甲 [见](javascript:x) "), 20000)
	d, diags := parse(t, "\n## 问题\n\n### 甲 {#p1}\n\n"+string(line)+"\n")
	if diags != "" || len(d.Refs) != 20000 || d.Refs[19999].Pos.Col != 19999*len([]rune("[[2020/banzi#p1]] 甲 [见](javascript:x) "))+1 {
		t.Errorf("diagnostics %q, %d references, last at %+v", diags, len(d.Refs), d.Refs[len(d.Refs)-1].Pos)
	}
}
