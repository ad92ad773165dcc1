package importer

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"mzshh/generator/content"
)

// corpusArchive parses testdata/corpus/archive: the 2021 documents the
// corpus's report sections report on, and 城关镇's 2021/banzi, which makes
// banzi another unit's name for every other team.
func corpusArchive(t *testing.T) []*content.Document {
	t.Helper()
	docs, diags := newParser().ReadAll(os.DirFS("testdata/corpus/archive"))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return docs
}

// corpus is testdata/corpus: materials written for these tests in the
// genre, by kinds of unit and in forms the seed does not have, each with
// what it truly holds (see testdata/corpus/README.md).
var corpus = []struct {
	file     string
	kind     string
	key      string   // where it is filed
	want     Counts   // exact
	statuses []string // each report item's status, given or proposed on its 待核实 line
	removed  []string // the page furniture left out, in order
	notes    []string // words of the notes
}{
	{"01-jiaotong-dangzu.txt", "党组 team; 上年度…整改情况, 对照检查情况, 问题产生的根源, 下一步整改措施; （一） groups of 1. items; —— measures",
		"2022/jiaotongju", Counts{Groups: 3, Items: 7, Causes: 4, Measures: 5, Reports: 3, Linked: 3},
		[]string{"已整改", "基本整改", "整改中"}, nil,
		[]string{"is the report section", "is the problems section", "is the causes section"}},
	{"02-juzhang-geren.txt", "党组书记 personal; 一是 groups, 1. causes, （一） measures",
		"2022/县交通运输局党组书记局长孙", Counts{Groups: 4, Causes: 3, Measures: 4}, nil, nil,
		[]string{"the unit's own characters"}},
	{"03-hexicun-zhibu.txt", "党支部 team, 组织生活会; report items as headings over 整改情况; 1、 groups of （1） items; 一是 causes run on",
		"2022/hexicun", Counts{Groups: 2, Items: 5, Causes: 3, Measures: 4, Reports: 3, Linked: 3},
		[]string{"已整改", "整改中", "已整改"}, nil,
		[]string{"查摆问题整改情况\" is the report section"}},
	{"04-dongfeng-word.txt", "党工委 team; Word export cut at 30 characters, — n — page numbers, running header (once mid-sentence); 责任人 lines",
		"2022/dongfeng", Counts{Groups: 3, Items: 7, Causes: 4, Measures: 4, Reports: 3, Linked: 3, Review: 1},
		[]string{"已整改", "基本整改", "整改中"},
		[]string{"— 1 —", "东风街道党工委领导班子2022年度民主生活会对照检查材料", "— 2 —", "东风街道党工委领导班子2022年度民主生活会对照检查材料", "— 3 —"},
		[]string{"lines joined", "running header or footer (3 times)"}},
	{"05-dongfeng-shuji-gbk.txt", "党工委书记 personal; GBK; Word export cut at 28 characters, -n- page numbers",
		"2022/东风街道党工委书记钱", Counts{Groups: 4, Causes: 3, Measures: 4}, nil,
		[]string{"-1-", "-2-"}, []string{"lines joined"}},
	{"06-qingshui-utf16.txt", "乡党委 team; UTF-16 LE; report items 一是 without last year's document",
		"2022/清水乡党委领导班子", Counts{Groups: 3, Items: 6, Causes: 3, Measures: 3, Reports: 3, Review: 3},
		[]string{"已整改", "长期坚持", "整改中"}, nil,
		[]string{"banzi is another unit's", "not in the archive"}},
	{"07-shuiwu-bullets.txt", "党组 team; ① items, ■ causes, ● measures",
		"2022/县水务局党组", Counts{Groups: 3, Items: 7, Causes: 3, Measures: 5}, nil, nil, nil},
	{"08-nongye-paren.txt", "党组 team; 1) report items and measures, 1. groups, ① causes",
		"2022/nongye", Counts{Groups: 4, Causes: 3, Measures: 4, Reports: 2, Linked: 2, Review: 1},
		[]string{"已整改", "基本整改"}, nil, nil},
	{"09-jiguan-dangyuan.txt", "机关党支部 member, 组织生活会; unnumbered section headings",
		"2022/县委办公室机关党支部党员刘", Counts{Groups: 4, Causes: 2, Measures: 4}, nil, nil, nil},
	{"10-chengtou-parts.txt", "企业党委 team; 第一部分… sections, 一、 causes and measures, 一是 items run on",
		"2022/chengtou", Counts{Groups: 3, Items: 6, Causes: 3, Measures: 3, Reports: 3, Linked: 3},
		[]string{"已整改", "整改中", "已整改"}, nil, nil},
	{"11-wenlv-unnumbered.txt", "党组 team; unnumbered 查摆的问题, 问题产生的根源, 今后的努力方向; ▲ measures",
		"2022/县文化和旅游局党组", Counts{Groups: 3, Causes: 3, Measures: 3}, nil, nil,
		[]string{"\"问题产生的根源\" is the causes section"}},
	{"12-weijian-content.txt", "党组 team; a causes section whose heading (深刻反思) names none: read by its content and place",
		"2022/县卫生健康局党组", Counts{Groups: 3, Causes: 3, Measures: 3}, nil, nil,
		[]string{"\"二、深刻反思\": its heading names no section, but 3 of its 3 entries read as causes; imported as the causes section"}},
	{"13-taoyuan-duty.txt", "镇党委 team; 整改举措 with 责任人/整改时限 lines",
		"2022/桃源镇党委领导班子", Counts{Groups: 2, Causes: 2, Measures: 2}, nil, nil,
		[]string{"\"三、整改举措\" is the measures section"}},
	{"14-shichang-statuses.txt", "党组 team; a report with every class of status",
		"2022/shichang", Counts{Groups: 2, Items: 4, Causes: 2, Measures: 3, Reports: 5, Linked: 5},
		[]string{"已整改", "基本整改", "整改中", "长期坚持", "未整改"}, nil, nil},
	{"15-jiaoyu-pages.txt", "党组 team; export cut at 34 characters, not indented, blank lines; 第n页 共m页 and a running header; a report of narrative only",
		"2022/县教育局党组", Counts{Groups: 3, Causes: 3, Measures: 3}, nil,
		[]string{"第1页 共3页", "县教育局党组民主生活会材料", "第2页 共3页", "县教育局党组民主生活会材料", "第3页 共3页"},
		[]string{"lines joined"}},
	{"16-yizhong-zongzhi.txt", "学校党总支 team, 组织生活会; 1. groups with （1） items run on; causes run on after ；",
		"2022/县第一中学党总支", Counts{Groups: 3, Items: 7, Causes: 3, Measures: 3}, nil, nil, nil},
	{"17-caizheng-pandoc.md", "党组 team; Markdown as pandoc writes a Word file: # headings, bold leads, an ordered list",
		"2022/县财政局党组", Counts{Groups: 3, Causes: 2, Measures: 3, Reports: 2, Review: 2},
		[]string{"已整改", "整改中"}, nil, nil},
	{"18-fushuji-runon.txt", "党工委副书记 personal; groups and items all run on in one paragraph",
		"2022/东风街道党工委副书记周", Counts{Groups: 3, Items: 7, Causes: 3, Measures: 3}, nil, nil, nil},
	{"19-shenji-extra.txt", "党组 team; 问题根源 causes; a closing 需要说明的问题 section that is none of the four",
		"2022/县审计局党组", Counts{Groups: 3, Causes: 2, Measures: 3}, nil, nil,
		[]string{"\"四、需要说明的问题\": its words would make it the problems section, but it reads as none of the four"}},
	{"20-chengnan-second.txt", "a second town's team (banzi is 城关镇's); report items run on in one paragraph",
		"2022/城南镇领导班子", Counts{Groups: 2, Causes: 2, Measures: 2, Reports: 2, Review: 2},
		[]string{"已整改", "已整改"}, nil,
		[]string{"banzi is another unit's"}},
	{"21-lizhuang-gbk.txt", "村党支部 team, 组织生活会; GBK; ● report items; 努力方向",
		"2022/李庄村党支部", Counts{Groups: 3, Causes: 2, Measures: 3, Reports: 2, Review: 2},
		[]string{"已整改", "整改中"}, nil,
		[]string{"上一年度查摆问题整改情况\" is the report section"}},
	{"22-tongji-utf16be.txt", "党组 team; UTF-16 BE; export cut at 31 characters with bare page numbers",
		"2022/县统计局党组", Counts{Groups: 3, Causes: 2, Measures: 3}, nil,
		[]string{"1", "2"}, []string{"lines joined"}},
}

var proposed = regexp.MustCompile(`可能是“([^”]+)”`)

// reportStatuses reads each report item's status from the Markdown: the
// 【status】 it was given, or the one its 待核实 line proposes.
func reportStatuses(md string) []string {
	var out []string
	inReport := false
	open := false
	for _, l := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(l, "## "):
			inReport = content.ClassifySection(l) == content.SectionReport || strings.HasSuffix(l, "{.report}")
			open = false
		case !inReport:
		case strings.HasPrefix(l, "- 【"):
			out = append(out, l[len("- 【"):strings.Index(l, "】")])
			open = false
		case strings.HasPrefix(l, "- "):
			open = true
		case open && strings.HasPrefix(l, "  "+reviewPrefix):
			if m := proposed.FindStringSubmatch(l); m != nil {
				out = append(out, m[1])
			}
			open = false
		}
	}
	return out
}

// TestCorpus imports every material of the corpus with the corpus's
// archive and checks what it truly holds: the counts exactly, the status
// of every report item, the page furniture left out, and the text, which
// must be the source's word for word but for the furniture reported.
func TestCorpus(t *testing.T) {
	docs := corpusArchive(t)
	files, _ := filepath.Glob("testdata/corpus/[0-9]*")
	if len(files) != len(corpus) || len(corpus) < 20 {
		t.Fatalf("%d files in testdata/corpus, %d in the table; want the same, at least 20", len(files), len(corpus))
	}
	for _, tc := range corpus {
		t.Run(tc.file, func(t *testing.T) {
			file := filepath.Join("testdata/corpus", tc.file)
			data := readFile(t, file)
			res, err := Import(file, data, Options{Docs: docs})
			if err != nil {
				t.Fatal(err)
			}
			if res.Counts != tc.want {
				t.Errorf("counts = %+v, want %+v", res.Counts, tc.want)
			}
			if got := res.Meta.Key(); got != tc.key {
				t.Errorf("filed as %s, want %s", got, tc.key)
			}
			if got := reportStatuses(string(res.Markdown)); !slices.Equal(got, tc.statuses) {
				t.Errorf("statuses %q, want %q", got, tc.statuses)
			}
			// The text: the source's, without the lines reported as
			// furniture, each of which is the line as it stands.
			text, _, err := decodeText(data)
			if err != nil {
				t.Fatal(err)
			}
			lines := splitLines(text)
			var removed []string
			for _, r := range res.Removed {
				removed = append(removed, r.Text)
				if trimBlank(lines[r.Line-1]) != r.Text {
					t.Errorf("line %d reported removed as %q, but reads %q", r.Line, r.Text, lines[r.Line-1])
				}
				lines[r.Line-1] = ""
			}
			if !slices.Equal(removed, tc.removed) {
				t.Errorf("removed %q, want %q", removed, tc.removed)
			}
			hasNotes(t, res, tc.notes)
			d := mustBuild(t, res, docs)
			source := strings.Join(lines, "\n")
			if strings.HasSuffix(file, ".md") {
				// The Markdown's own markup is not text: compare with what
				// the reader took as text.
				src, err := readSource(file, data)
				if err != nil {
					t.Fatal(err)
				}
				source = src.text()
			}
			assertLossless(t, source, res, d)
		})
	}
}

// TestReportReferencesStayWithinTheUnit imports 城南镇's material under
// the name banzi, which 城关镇's 2021 document has: its problems have the
// same titles, but they are another unit's, and no report item may refer
// to them.
func TestReportReferencesStayWithinTheUnit(t *testing.T) {
	docs := corpusArchive(t)
	file := "testdata/corpus/20-chengnan-second.txt"
	res, err := Import(file, readFile(t, file), Options{Docs: docs, Name: "banzi"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Linked != 0 || res.Counts.Review != 2 {
		t.Errorf("counts %+v: want no item linked, both for review", res.Counts)
	}
	if strings.Contains(string(res.Markdown), "[[2021/banzi#") {
		t.Errorf("a reference to another unit's document:\n%s", res.Markdown)
	}
	if !strings.Contains(string(res.Markdown), "是城关镇领导班子的材料，不是本单位的") {
		t.Errorf("the 待核实 lines do not say why:\n%s", res.Markdown)
	}
	// The same material as 城关镇's own does link.
	res, err = Import(file, readFile(t, file), Options{Docs: docs, Name: "banzi", Unit: "城关镇领导班子"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Linked != 2 {
		t.Errorf("as 城关镇's, counts %+v: want both items linked", res.Counts)
	}
}

// TestNewUnitNames checks the default file names of units new to the
// archive.
func TestNewUnitNames(t *testing.T) {
	banzi := &content.Document{Key: "2021/banzi", Name: "banzi", Year: 2021, Unit: "城关镇领导班子", Kind: content.KindTeam}
	other := &content.Document{Key: "2021/城南镇领导班子", Name: "城南镇领导班子", Year: 2021, Unit: "城南镇党委", Kind: content.KindTeam}
	for _, tc := range []struct {
		unit, kind string
		docs       []*content.Document
		want       string
	}{
		{"城南镇领导班子", content.KindTeam, nil, "banzi"},
		{"城关镇领导班子", content.KindTeam, []*content.Document{banzi}, "banzi"},
		{"城南镇领导班子", content.KindTeam, []*content.Document{banzi}, "城南镇领导班子"},
		{"城南镇领导班子", content.KindTeam, []*content.Document{banzi, other}, "城南镇领导班子-2"},
		{"××镇党委书记王××", content.KindIndividual, nil, "镇党委书记王"},
		{"Town Party Committee", content.KindTeam, []*content.Document{banzi}, "townpartycommittee"},
		{"××", content.KindIndividual, nil, "material"},
	} {
		got, _ := newName(Meta{Unit: tc.unit, Kind: tc.kind, Year: 2022}, tc.docs, "material.txt")
		if got != tc.want {
			t.Errorf("newName(%q, %s) = %q, want %q", tc.unit, tc.kind, got, tc.want)
		}
		if err := checkName(got); err != nil {
			t.Errorf("%q: %v", got, err)
		}
	}
}

// TestPageFurniture checks the forms of page numbers and the running
// headers found, and what is not furniture.
func TestPageFurniture(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"— 2 —", true}, {"-2-", true}, {"- 12 -", true}, {"·3·", true}, {"－２－", true},
		{"第2页", true}, {"第 2 页 共 10 页", true}, {"共10页 第2页", true}, {"第二页", true},
		{"2/10", true}, {"2 / 10", true}, {"Page 2 of 10", true}, {"page 3", true},
		{"10/2", false}, {"2", false}, {"——2021年以来", false}, {"第2页内容如下：", false}, {"2021/2022", false},
	} {
		if got := pageNumber(tc.line); got != tc.want {
			t.Errorf("pageNumber(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
	lines := strings.Split("标题\n正文第一段。\n县局材料\n1\n正文。\n\n\n\n\n\n\n\n\n\n县局材料\n2\n正文。\n整改情况：已整改。\n整改情况：已整改。\n\n\n\n\n\n\n\n\n\n\n3", "\n")
	got := findFurniture(lines)
	want := map[int]string{2: "running header or footer (2 times)", 3: "page number", 14: "running header or footer (2 times)", 15: "page number", 29: "page number"}
	for i, w := range want {
		if got[i] != w {
			t.Errorf("line %d (%q): %q, want %q", i+1, lines[i], got[i], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("furniture %v, want %v", got, want)
	}
}

// TestReflow checks the joining of hard-wrapped lines.
func TestReflow(t *testing.T) {
	wrapped := []string{
		"　　一、存在的主要问题",
		"　　（一）理论学习不够深入。班子成员自学时间少，集中学习多是",
		"传达文件，结合实际开展研讨不够，学习成果转化为推动工作的思路",
		"和举措不多。",
		"　　（二）服务群众不够主动。深入基层调研多是听汇报看材料，与群",
		"众面对面交流少，对群众反映的问题回应不够及时，解决问题的办法",
		"不多。Word",
		"export",
		"　　二、产生问题的原因",
	}
	l := layoutText(wrapped)
	var got []string
	for _, p := range l.paras {
		got = append(got, p.text)
	}
	want := []string{
		"一、存在的主要问题",
		"（一）理论学习不够深入。班子成员自学时间少，集中学习多是传达文件，结合实际开展研讨不够，学习成果转化为推动工作的思路和举措不多。",
		"（二）服务群众不够主动。深入基层调研多是听汇报看材料，与群众面对面交流少，对群众反映的问题回应不够及时，解决问题的办法不多。Word",
		"export",
		"二、产生问题的原因",
	}
	if !slices.Equal(got, want) || l.wrap == 0 {
		t.Errorf("wrap %d, paragraphs:\n%q\nwant\n%q", l.wrap, got, want)
	}
	// Text of one paragraph a line is left as it is.
	plain := []string{"一、存在的主要问题", "（一）理论学习不够深入。", "二、产生问题的原因", "（一）理想信念不坚定。"}
	if l := layoutText(plain); l.wrap != 0 || len(l.paras) != 4 {
		t.Errorf("unwrapped text: wrap %d, %d paragraphs", l.wrap, len(l.paras))
	}
}
