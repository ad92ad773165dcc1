package content

import (
	"mzshh/generator/status"
	"strings"
	"testing"
	"unicode/utf8"
)

const header = "---\ntitle: 测试材料\nyear: 2021\nunit: ××镇领导班子\nkind: 班子\nmeeting: 专题民主生活会\n---\n"

func parse(t *testing.T, body string) (*Document, string) {
	t.Helper()
	p := NewParser(Config{}, DefaultVocabulary(), nil)
	d, diags := p.Parse("content/2021/banzi.md", []byte(header+body))
	diags.Sort()
	return d, strings.TrimSpace(diags.Error())
}

func TestClassifySection(t *testing.T) {
	for _, tc := range []struct {
		heading string
		want    SectionKind
	}{
		{"一、2020年民主生活会整改措施落实情况", SectionReport},
		{"二、存在的主要问题", SectionProblems},
		{"存在问题", SectionProblems},
		{"三、产生问题的原因剖析", SectionCauses},
		{"四、整改措施及努力反向", SectionMeasures},
		{"四、努力方向", SectionMeasures},
		{"五、个人有关事项", SectionOther},
	} {
		if got := ClassifySection(tc.heading); got != tc.want {
			t.Errorf("ClassifySection(%q) = %v, want %v", tc.heading, got, tc.want)
		}
	}
}

func TestHeadingIDsKeepChinese(t *testing.T) {
	ids := newHeadingIDs()
	for _, tc := range []struct{ in, want string }{
		{"一、2020年民主生活会整改措施落实情况", "一-2020年民主生活会整改措施落实情况"},
		{"Hello, World", "hello-world"},
		{"一、2020年民主生活会整改措施落实情况", "一-2020年民主生活会整改措施落实情况-1"},
		{"！！", "h"},
	} {
		if got := string(ids.Generate([]byte(tc.in), 0)); got != tc.want {
			t.Errorf("Generate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNearest(t *testing.T) {
	words := []string{"已整改", "基本整改", "整改中", "长期坚持"}
	for _, tc := range []struct{ in, want string }{
		{"已整该", "已整改"},
		{"基本整该", "基本整改"},
		{"完全不相干的词语", ""},
	} {
		if got := Nearest(tc.in, words); got != tc.want {
			t.Errorf("Nearest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseStructure(t *testing.T) {
	d, diags := parse(t, `
前言。

## 一、2020年整改措施落实情况

总体情况。

- 【基本整改】[[2020/banzi#p1]] 一是学习方面。
- 【已整改】[[2020/banzi#p2]]、[[2020/banzi#p3-1]] 二是领导方面。

## 二、存在的主要问题

### （一）学习方面 {#p1}

概述。

#### 一是学懂不够。 {#p1-1}

正文一。

延续 [[2020/banzi#p1-1]]

#### 二是弄通不够。

正文二。

### （二）作风方面

正文三。

## 三、原因剖析

### （一）理想信念不坚定。

原因正文。

## 四、整改措施

### （一）筑牢信仰之基。 {#m1}

针对 [[#p1]]、[[#p2]]

措施正文。

责任人：镇党委书记　整改时限：2022年6月底
`)
	if diags != "" {
		t.Fatalf("unexpected diagnostics:\n%s", diags)
	}
	var ids []string
	for _, p := range d.Problems {
		ids = append(ids, p.ID)
	}
	if got, want := strings.Join(ids, " "), "p1 p1-1 p1-2 p2"; got != want {
		t.Errorf("problems %q, want %q", got, want)
	}
	if p := d.Problems[1]; p.Title != "一是学懂不够。" || p.Text != "正文一。" || p.Group != d.Problems[0] {
		t.Errorf("item p1-1 = %q / %q", p.Title, p.Text)
	}
	if c := d.Problems[1].Continues; len(c) != 1 || c[0].GlobalID() != "2020/banzi#p1-1" {
		t.Errorf("p1-1 continues %v", c)
	}
	if len(d.Reports) != 2 || d.Reports[0].Class != status.Mostly || d.Reports[1].Word != "已整改" || len(d.Reports[1].Refs) != 2 {
		t.Fatalf("reports %+v", d.Reports)
	}
	if got := d.Reports[1].Text; got != "、 二是领导方面。" {
		t.Errorf("report text %q", got)
	}
	if len(d.Causes) != 1 || d.Causes[0].ID != "c1" {
		t.Errorf("causes %+v", d.Causes)
	}
	m := d.Measures[0]
	if m.Responsible != "镇党委书记" || m.Deadline != "2022年6月底" || len(m.Addresses) != 2 || m.Addresses[1].GlobalID() != "2021/banzi#p2" {
		t.Errorf("measure %+v", m)
	}
	// 责任人：镇党委书记　整改时限：2022年6月底 is line 52 of the file.
	if at := m.DeadlinePos; at.Line != 52 || at.Col != 16 {
		t.Errorf("deadline at %d:%d, want 52:16", at.Line, at.Col)
	}
	body := string(bodyOf(t, d))
	// Without markup (package render gives it) the body is the text, the
	// anchors and the placeholders.
	for _, want := range []string{
		`<p>一是学懂不够。正文一。</p>`,
		`<li id="r1">`,
		`<p>（一）筑牢信仰之基。措施正文。</p>`,
		`<p>针对 `,
		"\x00Ap1-2\x00",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q\n%s", want, body)
		}
	}
}

// TestParseDiagnostics holds bad inputs with the exact diagnostics they give.
func TestParseDiagnostics(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"unknown status", "## 落实情况\n\n- 【已整该】[[2020/banzi#p1]] 文字\n",
			"content/2021/banzi.md:11:4: error: unknown status word 已整该; did you mean 已整改?"},
		{"report without status", "## 落实情况\n\n- [[2020/banzi#p1]] 文字\n",
			"content/2021/banzi.md:11:3: error: report item has no status: start it with a status word such as 【已整改】 or 【整改中】"},
		{"report without reference", "## 落实情况\n\n- 【已整改】 文字\n",
			"content/2021/banzi.md:11:3: error: report item 【已整改】 names no problem: add a reference such as [[2020/banzi#p1]]"},
		{"status not closed", "## 落实情况\n\n- 【已整改 [[2020/banzi#p1]] 文字\n",
			"content/2021/banzi.md:11:3: error: status marker is not closed: write 【已整改】 with both brackets"},
		{"duplicate id", "## 问题\n\n### 甲 {#p1}\n\n### 乙 {#p1}\n",
			"content/2021/banzi.md:13:5: error: duplicate ID p1: it is already used at line 11; IDs must be unique within a document"},
		{"reference without id", "正文 [[2020/banzi]]。\n",
			"content/2021/banzi.md:9:4: error: reference [[2020/banzi]] names no problem: write [[<year>/<name>#<id>]], e.g. [[2020/banzi#p1]], or [[#p1]] within this document"},
		{"reference to a bad key", "正文 [[banzi#p1]]。\n",
			"content/2021/banzi.md:9:4: error: reference [[banzi#p1]]: \"banzi\" is not a document key; write <year>/<name>, e.g. 2020/banzi"},
		{"item before group", "## 问题\n\n#### 一是甲。\n\n正文。\n",
			"content/2021/banzi.md:11:6: error: problem item \"一是甲。\" comes before any problem group: add a ### group heading above it, or make it a ### heading"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, got := parse(t, "\n"+tc.src)
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestFrontMatterDiagnostics(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unknown key", "---\ntitle: 甲\nyear: 2021\nunit: 乙\nkind: 班子\nmeeting: 丙\ntitel: 丁\n---\n",
			"content/2021/banzi.md:7:1: error: unknown front matter key titel; did you mean title?"},
		{"year mismatch", "---\ntitle: 甲\nyear: 2020\nunit: 乙\nkind: 班子\nmeeting: 丙\n---\n",
			"content/2021/banzi.md:3:1: error: year 2020 does not match the folder 2021; move the file or correct the year"},
		{"bad year", "---\ntitle: 甲\nyear: 二〇二一\nunit: 乙\nkind: 班子\nmeeting: 丙\n---\n",
			"content/2021/banzi.md:3:7: error: year \"二〇二一\" is not a year; write it as four digits, e.g. year: 2021"},
		{"bad kind", "---\ntitle: 甲\nyear: 2021\nunit: 乙\nkind: 团队\nmeeting: 丙\n---\n",
			"content/2021/banzi.md:5:7: error: kind \"团队\" must be 班子 (a team's material) or 个人 (a member's own)"},
		{"missing key", "---\ntitle: 甲\nyear: 2021\nunit: 乙\nkind: 班子\n---\n",
			"content/2021/banzi.md:2:1: error: front matter has no meeting"},
		{"not closed", "---\ntitle: 甲\n", "content/2021/banzi.md:1:1: error: front matter is not closed: add a line --- after it"},
		{"missing", "# 标题\n", "content/2021/banzi.md:1:1: error: missing front matter: the file must start with a --- line, then title, year, unit, kind and meeting, then ---"},
		{"bad date", "---\ntitle: 甲\nyear: 2021\nunit: 乙\nkind: 班子\nmeeting: 丙\ndate: 2022年1月\n---\n",
			"content/2021/banzi.md:7:7: error: date \"2022年1月\" must be written YYYY-MM-DD, e.g. 2022-01-18"},
		{"GBK", "---\ntitle: \xb2\xe2\xca\xd4\n---\n",
			"content/2021/banzi.md:2:8: error: the file is not UTF-8: it looks like GBK/GB18030 (as saved by Chinese Windows); convert it with: iconv -f GB18030 -t UTF-8 \"banzi.md\" > converted.md"},
		{"NUL", "---\x00\n", "content/2021/banzi.md:1:4: error: the file contains NUL bytes: it is binary, or saved in UTF-16; save it as UTF-8 text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := NewParser(Config{}, DefaultVocabulary(), nil)
			_, diags := p.Parse("content/2021/banzi.md", []byte(tc.src))
			diags.Sort()
			if got := diags.Error(); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestParseBOMAndCRLF(t *testing.T) {
	src := "\xEF\xBB\xBF" + strings.ReplaceAll(header+"\n## 问题\n\n### 甲 {#p1}\n\n正文 [[#p9]]。\n", "\n", "\r\n")
	p := NewParser(Config{}, DefaultVocabulary(), nil)
	d, diags := p.Parse("content/2021/banzi.md", []byte(src))
	if len(diags) != 0 || d == nil {
		t.Fatalf("diagnostics: %v", diags)
	}
	if d.Title != "测试材料" || len(d.Problems) != 1 || d.Refs[0].Pos.Line != 13 || d.Refs[0].Pos.Col != 4 {
		t.Errorf("title %q, problems %d, ref at %+v", d.Title, len(d.Problems), d.Refs[0].Pos)
	}
}

// bodyOf is d's body, failing t if it cannot be had.
func bodyOf(t testing.TB, d *Document) []byte {
	t.Helper()
	b, err := d.Body()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestShortTitle checks ShortTitle against cutting a slice of runes, on
// every length around the limit.
func TestShortTitle(t *testing.T) {
	plain := func(s string, n int) string {
		if utf8.RuneCountInString(s) <= n {
			return s
		}
		return string([]rune(s)[:n-1]) + "…"
	}
	const text = "一是学懂弄通做实上a不够b，工作1"
	for end := 0; end <= len(text); end++ {
		s := text[:end]
		if !utf8.ValidString(s) {
			continue
		}
		for n := 1; n <= 20; n++ {
			if got, want := ShortTitle(s, n), plain(s, n); got != want {
				t.Errorf("ShortTitle(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
}
