package importer

import (
	"archive/zip"
	"bytes"
	"slices"
	"strings"
	"testing"
)

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"`

// makeDocx zips a minimal .docx from its parts.
func makeDocx(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(parts[n])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func para(style, num string, runs ...string) string {
	ppr := ""
	if style != "" {
		ppr += `<w:pStyle w:val="` + style + `"/>`
	}
	if num != "" {
		id, lvl, _ := strings.Cut(num, ":")
		ppr += `<w:numPr><w:ilvl w:val="` + lvl + `"/><w:numId w:val="` + id + `"/></w:numPr>`
	}
	return `<w:p><w:pPr>` + ppr + `</w:pPr>` + strings.Join(runs, "") + `</w:p>`
}

func run(text string) string     { return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>` }
func boldRun(text string) string { return `<w:r><w:rPr><w:b/></w:rPr><w:t>` + text + `</w:t></w:r>` }

// TestDocxNumberingStylesTablesAndBoxes reads a Word file that numbers
// its headings automatically (the numbers are not in the text), marks the
// title and sections with styles, bolds the lead sentences, and holds a
// line break, a tab, a table, a text box and tracked changes.
func TestDocxNumberingStylesTablesAndBoxes(t *testing.T) {
	styles := `<w:styles ` + wNS + `>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
</w:styles>`
	numbering := `<w:numbering ` + wNS + `>
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>`
	textBox := `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>` +
		para("", "", run("文本框中的说明。")) +
		`</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>` +
		para("", "", run("文本框中的说明。")) +
		`</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>`
	cell := func(s string) string { return `<w:tc>` + para("", "", run(s)) + `</w:tc>` }
	body := strings.Join([]string{
		para("Title", "", run("××镇领导班子2022年度民主生活会对照检查材料")),
		para("", "", run("按照县委要求，镇领导班子认真查摆问题。现报告如下：")),
		para("Heading1", "1:0", run("存在的主要问题")),
		para("", "1:1", boldRun("理论学习方面")),
		para("", "", boldRun("一是学习不够系统"), run("。中心组学习"), `<w:r><w:tab/><w:t>计划性不强。</w:t></w:r>`),
		para("", "", run("二是学用结合不紧。"), `<w:r><w:br/></w:r>`, run("理论联系实际不够。")),
		para("", "1:1", run("作风建设方面")),
		para("", "", run("一是调研不深入。到村调研少。"), textBox),
		para("", "", `<w:del><w:r><w:delText>删去的文字。</w:delText></w:r></w:del>`, `<w:ins><w:r><w:t>补上的文字。</w:t></w:r></w:ins>`),
		para("Heading1", "1:0", run("产生问题的原因")),
		para("", "2:0", run("理想信念有所弱化。对学习重视不够。")),
		para("Heading1", "1:0", run("整改措施")),
		para("", "3:0", run("强化理论武装。落实学习制度。")),
		`<w:tbl><w:tr>` + cell("问题") + cell("责任人") + cell("整改时限") + `</w:tr><w:tr>` + cell("学习不够系统") + cell("镇党委书记|王××") + cell("2023年6月底") + `</w:tr></w:tbl>`,
		`<w:sectPr/>`,
	}, "\n")
	data := makeDocx(t, map[string]string{
		"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml":   `<w:document ` + wNS + `><w:body>` + body + `</w:body></w:document>`,
		"word/styles.xml":     styles,
		"word/numbering.xml":  numbering,
	})
	res, err := Import("numbered.docx", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := Counts{Groups: 2, Items: 3, Causes: 1, Measures: 1}
	if res.Counts != want {
		t.Errorf("counts = %+v, want %+v", res.Counts, want)
	}
	if res.Meta.Title != "××镇领导班子2022年度民主生活会对照检查材料" || res.Meta.Year != 2022 || res.Meta.Unit != "××镇领导班子" {
		t.Errorf("meta = %+v", res.Meta)
	}
	lines := strings.Split(string(res.Markdown), "\n")
	for _, l := range []string{
		"## 一、存在的主要问题",
		"### （一）理论学习方面 {#p1}",
		"#### 一是学习不够系统。 {#p1-1}",
		"中心组学习\t计划性不强。",
		"#### 二是学用结合不紧。 {#p1-2}",
		"理论联系实际不够。",
		"### （二）作风建设方面 {#p2}",
		"文本框中的说明。",
		"补上的文字。",
		"## 二、产生问题的原因",
		"### 1.理想信念有所弱化。 {#c1}",
		"## 三、整改措施",
		"### 1.强化理论武装。 {#m1}",
		"| 问题 | 责任人 | 整改时限 |",
		"| --- | --- | --- |",
		"| 学习不够系统 | 镇党委书记\\|王×× | 2023年6月底 |",
	} {
		if !slices.Contains(lines, l) {
			t.Errorf("no line %q in:\n%s", l, res.Markdown)
		}
	}
	md := string(res.Markdown)
	if strings.Contains(md, "删去的文字") {
		t.Error("deleted text (a tracked deletion) was imported")
	}
	if strings.Count(md, "文本框中的说明") != 1 {
		t.Error("the text box is not imported exactly once")
	}
	d := mustBuild(t, res, nil)
	assertLossless(t, res.Source, res, d)
	if !strings.HasPrefix(res.Source, "××镇领导班子2022年度民主生活会对照检查材料按照") || !strings.Contains(res.Source, "（二）作风建设方面") {
		t.Errorf("the automatic numbering is not part of the text: %q", res.Source)
	}
	if res.Where != "paragraph" {
		t.Errorf("notes count %s, want paragraph", res.Where)
	}
}

func TestWordNumberFormats(t *testing.T) {
	for _, tc := range []struct {
		n      int
		format string
		want   string
	}{
		{3, "decimal", "3"},
		{12, "chineseCounting", "十二"},
		{20, "chineseCountingThousand", "二十"},
		{2, "ideographTraditional", "乙"},
		{5, "decimalEnclosedCircle", "⑤"},
		{7, "decimalFullWidth", "７"},
		{28, "lowerLetter", "bb"},
		{14, "upperRoman", "XIV"},
		{4, "unknownFormat", "4"},
	} {
		if got := formatNumber(tc.n, tc.format); got != tc.want {
			t.Errorf("formatNumber(%d, %s) = %q, want %q", tc.n, tc.format, got, tc.want)
		}
	}
}
