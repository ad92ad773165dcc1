package importer

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mzshh/generator/content"
	"mzshh/generator/status"
)

const (
	seedText = "testdata/seed-2021-banzi.txt"
	seedDocx = "testdata/seed-2021-banzi.docx"
	seedGBK  = "testdata/seed-2021-banzi.gbk.txt"
)

// seedCounts is what the seed holds: content/2021/banzi.md, split by hand,
// has as many.
var seedCounts = Counts{Groups: 5, Items: 15, Causes: 5, Measures: 4, Reports: 4, Linked: 4, Review: 4}

func TestSeedImportsWithTheArchiveStructureFromEveryFormat(t *testing.T) {
	docs := exampleDocs(t, "2020/banzi")
	seed := string(readFile(t, seedText))
	var first []byte
	for _, tc := range []struct {
		file, format string
	}{
		{seedText, "UTF-8 text"},
		{seedDocx, "Word .docx"},
		{seedGBK, "GB18030 text"},
	} {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			res, err := Import(tc.file, readFile(t, tc.file), Options{Docs: docs})
			if err != nil {
				t.Fatal(err)
			}
			if res.Format != tc.format {
				t.Errorf("read as %q, want %q", res.Format, tc.format)
			}
			if res.Counts != seedCounts {
				t.Errorf("counts = %+v, want %+v", res.Counts, seedCounts)
			}
			want := Meta{Title: "××镇领导班子党史学习教育专题民主生活会对照检查材料", Year: 2021, Unit: "××镇领导班子", Kind: "班子", Meeting: "党史学习教育专题民主生活会", Name: "banzi"}
			if res.Meta != want {
				t.Errorf("meta = %+v, want %+v", res.Meta, want)
			}
			if res.Path != "content/2021/banzi.md" {
				t.Errorf("path = %s", res.Path)
			}
			d := mustBuild(t, res, docs)
			if len(d.Reports) != 4 {
				t.Errorf("the parser sees %d report items, want 4", len(d.Reports))
			}
			assertLossless(t, seed, res, d)
			if first == nil {
				first = res.Markdown
			} else if !bytes.Equal(first, res.Markdown) {
				t.Errorf("the Markdown differs from the UTF-8 text's:\n%s", firstDiff(string(first), string(res.Markdown)))
			}
		})
	}
}

// TestSeedSplitsAsTheHandMadeConversion compares the import with
// content/2021/banzi.md, the seed converted by hand: the same problems,
// causes and measures with the same IDs, titles and text, and report items
// on the same problems. (The hand-made file adds what an import cannot
// know: 延续 and 针对 lines, 责任人 lines, the date, and its statuses.)
func TestSeedSplitsAsTheHandMadeConversion(t *testing.T) {
	docs := exampleDocs(t, "2020/banzi", "2021/banzi")
	hand := docs[1]
	res, err := Import(seedText, readFile(t, seedText), Options{Docs: docs[:1]})
	if err != nil {
		t.Fatal(err)
	}
	got := mustBuild(t, res, docs[:1])
	type entry struct{ ID, Title, Text string }
	entries := func(d *content.Document) []entry {
		var out []entry
		for _, p := range d.Problems {
			out = append(out, entry{p.ID, p.Title, p.Text})
		}
		for _, c := range d.Causes {
			out = append(out, entry{c.ID, c.Title, c.Text})
		}
		for _, m := range d.Measures {
			text := m.Text
			out = append(out, entry{m.ID, m.Title, text})
		}
		return out
	}
	want, have := entries(hand), entries(got)
	if len(want) != len(have) {
		t.Fatalf("%d entries, want %d", len(have), len(want))
	}
	for i := range want {
		if want[i] != have[i] {
			t.Errorf("entry %d:\n got  %+v\n want %+v", i, have[i], want[i])
		}
	}
	refs := func(d *content.Document) []string {
		var out []string
		for _, r := range d.Reports {
			for _, ref := range r.Refs {
				out = append(out, ref.GlobalID())
			}
		}
		return out
	}
	if !slices.Equal(refs(got), refs(hand)) {
		t.Errorf("report references = %v, want %v", refs(got), refs(hand))
	}
	if got.Title != hand.Title || got.Unit != hand.Unit || got.Meeting != hand.Meeting || got.Kind != hand.Kind {
		t.Errorf("front matter = %q %q %q %q, want %q %q %q %q", got.Title, got.Unit, got.Meeting, got.Kind, hand.Title, hand.Unit, hand.Meeting, hand.Kind)
	}
}

func TestImportingTwiceGivesTheSameMarkdown(t *testing.T) {
	docs := testArchive(t)
	files, _ := filepath.Glob("testdata/variants/*.txt")
	files = append(files, seedText, seedDocx, seedGBK)
	for _, f := range files {
		data := readFile(t, f)
		a, err := Import(f, data, Options{Docs: docs})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		b, err := Import(f, bytes.Clone(data), Options{Docs: docs})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !bytes.Equal(a.Markdown, b.Markdown) {
			t.Errorf("%s: two imports differ", f)
		}
	}
}

func TestReportItemsWithoutThePreviousDocumentAreLeftForReview(t *testing.T) {
	res, err := Import(seedText, readFile(t, seedText), Options{Unit: "××镇领导班子", Name: "banzi"})
	if err != nil {
		t.Fatal(err)
	}
	want := seedCounts
	want.Linked = 0
	if res.Counts != want {
		t.Errorf("counts = %+v, want %+v", res.Counts, want)
	}
	d := mustBuild(t, res, nil)
	if len(d.Reports) != 0 || len(d.Refs) != 0 {
		t.Errorf("%d report items, %d references; want none", len(d.Reports), len(d.Refs))
	}
	md := string(res.Markdown)
	if n := strings.Count(md, "\n  "+reviewPrefix+"档案中没有 2020/banzi"); n != 4 {
		t.Errorf("%d report items marked 待核实, want 4:\n%s", n, md)
	}
	if !strings.Contains(md, "\n- 一是学懂弄通做实习近平新时代中国特色社会主义思想方面，") {
		t.Errorf("report items are not plain list items:\n%s", md)
	}
	unplaced := 0
	for _, n := range res.Notes {
		if n.Kind == NoteUnplaced && n.Line == 3 {
			unplaced++
		}
	}
	if unplaced != 4 {
		t.Errorf("%d notes on line 3 about unplaced report items, want 4: %+v", unplaced, res.Notes)
	}
	assertLossless(t, string(readFile(t, seedText)), res, d)
}

// TestVariants imports materials written in the other ways the numbering
// conventions allow.
func TestVariants(t *testing.T) {
	docs := testArchive(t)
	for _, tc := range []struct {
		name  string
		file  string
		opts  Options
		want  Counts
		meta  Meta     // fields that are set are compared
		has   []string // lines of the Markdown
		notes []string // words of the notes
	}{
		{
			name: "Arabic numbering",
			file: "arabic.txt", opts: Options{Name: "shuiliju"},
			want: Counts{Groups: 2, Items: 5, Causes: 3, Measures: 3, Reports: 3, Linked: 3, Review: 1},
			meta: Meta{Title: "××县水利局领导班子2022年度民主生活会对照检查材料", Year: 2022, Unit: "××县水利局领导班子", Kind: "班子", Meeting: "2022年度民主生活会", Date: "2023-01-10"},
			has: []string{
				"### 1.政治理论学习方面 {#p1}",
				"#### （1）学习的系统性不强。 {#p1-1}",
				"#### （3）河湖长制落实不到位。 {#p2-3}",
				"### 3.纪律规矩意识有所松懈。 {#c3}",
				"### 2.狠抓项目建设。 {#m2}",
				"- 【已整改】[[2021/shuiliju#p1]] 1.关于理论学习不够深入的问题。局党组制定年度学习计划，全年开展中心组集中学习24次、专题研讨6次，该问题已整改。",
				"- 【整改中】[[2021/shuiliju#p2]] 2.关于水利项目建设推进缓慢的问题。建立重点项目周调度制度，3个项目完成前期工作，目前正在整改。",
				"- 【整改中】[[2021/shuiliju#p3]] 3.关于河道日常监管不到位的问题。建立河长巡河台账，每月通报巡河情况，组织开展河道“清四乱”专项行动2次。",
				"  待核实：整改状态文中未写明，暂填“整改中”，请核对后删去本行。",
			},
			notes: []string{"status not stated", "closing lines"},
		},
		{
			name: "headings running into paragraphs",
			file: "runon.txt", opts: Options{Name: "xiang"},
			want: Counts{Groups: 2, Items: 5, Causes: 2, Measures: 2, Reports: 2, Linked: 2},
			meta: Meta{Year: 2021, Unit: "××乡领导班子", Kind: "班子"},
			has: []string{
				"## 一、2020年度民主生活会整改措施落实情况。",
				"2020年度民主生活会查摆的问题均已整改。",
				"- 【已整改】[[2020/xiang#p1]] 一是关于理论学习流于形式的问题，乡党委修订中心组学习制度，全年集中学习12次，已整改。",
				"- 【已整改】[[2020/xiang#p2]] 二是关于服务群众不够主动的问题，建立班子成员包村联户制度，每月走访不少于4次，已整改。",
				"## 二、存在的主要问题。",
				"### （一）理论学习不够深入。 {#p1}",
				"#### 二是学用结合不紧。 {#p1-2}",
				"运用理论指导乡村振兴的能力不强。",
				"### （二）服务群众不够到位。 {#p2}",
				"#### 三是窗口服务作风不优。 {#p2-3}",
				"## 三、产生问题的原因剖析：",
				"### （二）宗旨意识有所淡化。 {#c2}",
				"### （二）践行群众路线。 {#m2}",
				"完善包村联户制度，建立群众诉求限时办结机制。",
			},
		},
		{
			name: "skipped, repeated and missing numbering",
			file: "skipped.txt",
			want: Counts{Groups: 2, Items: 4, Causes: 2, Measures: 2, Reports: 2, Review: 2},
			meta: Meta{Year: 2022, Unit: "××局党组", Kind: "班子", Name: "banzi"},
			has: []string{
				"## 2021年度民主生活会整改措施落实情况",
				"- 一是关于学习制度执行不严的问题，严格执行中心组学习制度，已整改。",
				"  待核实：档案中没有 2021/banzi，无法确定本条对应的问题；整改状态可能是“已整改”。请在本条开头补写【状态】和引用，并删去本行。",
				"#### 三是贯彻落实上级部署不够有力。 {#p1-2}",
				"### （三）在作风建设方面 {#p2}",
				"## 三、产生问题的原因",
				"### （一）作风建设抓得不够紧。 {#c2}",
				"## 五、整改措施",
			},
			notes: []string{"item numbering: 三是", "group numbering: （三）", "section numbering: 三、 follows 一、", "cause numbering", "section numbering: 五、 follows 三、", "content/2021/banzi.md is not in the archive"},
		},
		{
			name: "an individual member's material",
			file: "individual.txt", opts: Options{Name: "fushuji"},
			want: Counts{Groups: 3, Items: 5, Causes: 2, Measures: 2, Reports: 2, Linked: 2},
			meta: Meta{Title: "镇党委副书记张××2021年度民主生活会个人对照检查材料", Year: 2021, Unit: "镇党委副书记张××", Kind: "个人", Meeting: "2021年度民主生活会"},
			has: []string{
				"- 【基本整改】[[2020/fushuji#p1]] 一是理论学习不够深入的问题。本人制定个人学习计划，每周自学不少于4小时，撰写学习心得6篇，该问题已基本整改。",
				"- 【整改中】[[2020/fushuji#p2]] 二是联系群众不够紧密的问题。本人每月到包联村走访不少于4天，目前正在整改。",
				"### （一）理论学习方面。 {#p1}",
				"本人虽能坚持参加中心组学习，但自学时间不够。",
				"### （三）廉洁自律方面 {#p3}",
				"#### 一是对身边工作人员要求不严。 {#p3-1}",
				"## 四、努力方向和整改措施",
			},
		},
		{
			name: "items without groups, unnumbered sections, report items as headings",
			file: "nogroups.txt", opts: Options{Name: "zhibu"},
			want: Counts{Groups: 2, Causes: 2, Measures: 2, Reports: 2, Linked: 2, Review: 1},
			meta: Meta{Unit: "××村党支部", Kind: "班子", Meeting: "2022年度组织生活会", Year: 2022},
			has: []string{
				"## 2021年度组织生活会整改措施落实情况",
				"- 【已整改】[[2021/zhibu#p1]] （一）关于“三会一课”落实不规范的问题",
				"  整改情况：制定《村党支部“三会一课”制度》，按时召开支部党员大会和支委会，该问题已整改到位。",
				"- 【整改中】[[2021/zhibu#p2]] （二）关于党员教育管理不严的问题",
				"  待核实：整改状态“整改中”是据文中“正在”推定的，请核对后删去本行。",
				"## 存在的主要问题",
				"### 一是组织生活不够严肃。 {#p1}",
				"### 二是党员教育培训不够经常。 {#c2}",
				"### 一是严格组织生活。 {#m1}",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join("testdata/variants", tc.file)
			opts := tc.opts
			opts.Docs = docs
			res, err := Import(file, readFile(t, file), opts)
			if err != nil {
				t.Fatal(err)
			}
			if res.Counts != tc.want {
				t.Errorf("counts = %+v, want %+v", res.Counts, tc.want)
			}
			m := res.Meta
			for _, c := range []struct{ got, want string }{
				{m.Title, tc.meta.Title}, {m.Unit, tc.meta.Unit}, {m.Kind, tc.meta.Kind},
				{m.Meeting, tc.meta.Meeting}, {m.Date, tc.meta.Date}, {m.Name, tc.meta.Name},
			} {
				if c.want != "" && c.got != c.want {
					t.Errorf("meta %q, want %q", c.got, c.want)
				}
			}
			if tc.meta.Year != 0 && m.Year != tc.meta.Year {
				t.Errorf("year %d, want %d", m.Year, tc.meta.Year)
			}
			lines := strings.Split(string(res.Markdown), "\n")
			for _, h := range tc.has {
				if !slices.Contains(lines, h) {
					t.Errorf("no line %q in:\n%s", h, res.Markdown)
				}
			}
			hasNotes(t, res, tc.notes)
			d := mustBuild(t, res, docs)
			assertLossless(t, string(readFile(t, file)), res, d)
		})
	}
}

// TestArchiveDocumentsImportAsTheyAre imports every document of the
// example archive as Markdown, with the rest of the archive: the .md reader
// treats the archive's own markup as markup, so the recognition must find
// the same front matter, problems, causes, measures and report items.
func TestArchiveDocumentsImportAsTheyAre(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(exampleSite, "content", "*", "*.md"))
	if len(paths) < 7 {
		t.Fatalf("only %d example documents", len(paths))
	}
	var keys []string
	for _, p := range paths {
		rel, _ := filepath.Rel(filepath.Join(exampleSite, "content"), p)
		keys = append(keys, strings.TrimSuffix(filepath.ToSlash(rel), ".md"))
	}
	all := exampleDocs(t, keys...)
	for i, orig := range all {
		t.Run(orig.Key, func(t *testing.T) {
			others := slices.Delete(slices.Clone(all), i, i+1)
			res, err := Import(paths[i], readFile(t, paths[i]), Options{Docs: others})
			if err != nil {
				t.Fatal(err)
			}
			if res.Meta.Key() != orig.Key {
				t.Errorf("key %s, want %s", res.Meta.Key(), orig.Key)
			}
			got := mustBuild(t, res, others)
			if got.Title != orig.Title || got.Unit != orig.Unit || got.Kind != orig.Kind || got.Meeting != orig.Meeting || !got.Date.Equal(orig.Date) {
				t.Errorf("front matter %q %q %q %q %v, want %q %q %q %q %v", got.Title, got.Unit, got.Kind, got.Meeting, got.Date, orig.Title, orig.Unit, orig.Kind, orig.Meeting, orig.Date)
			}
			same := func(what string, a, b []string) {
				if !slices.Equal(a, b) {
					t.Errorf("%s:\n got  %q\n want %q", what, a, b)
				}
			}
			problems := func(d *content.Document) (out []string) {
				for _, p := range d.Problems {
					out = append(out, p.ID+" "+p.Title+" "+p.Text)
				}
				return out
			}
			entries := func(d *content.Document) (out []string) {
				for _, c := range d.Causes {
					out = append(out, c.ID+" "+c.Title)
				}
				for _, m := range d.Measures {
					out = append(out, m.ID+" "+m.Title+" "+m.Responsible+" "+m.Deadline)
				}
				return out
			}
			reports := func(d *content.Document) (out []string) {
				for _, r := range d.Reports {
					for _, ref := range r.Refs {
						out = append(out, r.Word+" "+ref.GlobalID())
					}
				}
				return out
			}
			same("problems", problems(got), problems(orig))
			same("causes and measures", entries(got), entries(orig))
			same("report items", reports(got), reports(orig))
		})
	}
}

func TestStatusIsGuessedFromWording(t *testing.T) {
	for _, tc := range []struct {
		text string
		want status.Class
		sure bool
	}{
		{"该问题已整改。", status.Done, true},
		{"已全部整改到位。", status.Done, false},
		{"所有问题已基本整改。", status.Mostly, true},
		{"基本完成整改。", status.Mostly, true},
		{"目前正在整改。", status.InProgress, true},
		{"长效机制正在完善中。", status.InProgress, false},
		{"全面从严治党永远在路上，需长期坚持。", status.Ongoing, true},
		{"全面从严治党永远在路上。", status.Ongoing, false},
		{"此项列为长期坚持。", status.Ongoing, true},
		{"该问题未完成整改，已列入明年重点任务。", status.NotDone, true},
		{"已完成整改4项，正在整改2项。", status.InProgress, false},
		{"镇党委制定学习计划，深入学习。", 0, false},
	} {
		g := guessStatus(tc.text)
		if g.class != tc.want || g.sure != tc.sure {
			t.Errorf("guessStatus(%q) = %v sure=%v, want %v sure=%v", tc.text, g.class, g.sure, tc.want, tc.sure)
		}
	}
}

// TestMarkupInTheSourceStaysText imports text that Markdown or the archive
// would read as markup: it must come out as the same text, without
// references, report items, lists or headings of its own.
func TestMarkupInTheSourceStaysText(t *testing.T) {
	src := strings.Join([]string{
		"××镇领导班子2021年度民主生活会对照检查材料",
		"# 按照 *要求* 和 [[2020/banzi#p1]] 的 <b>部署</b>，A & B | C、`代码`、_下划线_：",
		"一、2020年度民主生活会整改措施落实情况",
		"【说明】上年度问题的整改情况如下。",
		"1. 以数字开头的段落",
		"- 以连字符开头的段落",
		"二、存在的主要问题",
		"（一）标题里有 {#p9} 和 # 号 ### {#p1}",
		"一是问题[1]不够*深入*。正文\\结束。",
		"三、产生问题的原因",
		"（一）原因。&amp; 不是实体。",
		"四、整改措施",
		"（一）措施。> 不是引用。",
		"---",
		"===",
	}, "\n")
	res, err := Import("markup.txt", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := Counts{Groups: 1, Items: 1, Causes: 1, Measures: 1, Reports: 1, Review: 1} // "1. …" is a report item
	if res.Counts != want {
		t.Errorf("counts = %+v, want %+v", res.Counts, want)
	}
	d := mustBuild(t, res, nil)
	if len(d.Refs) != 0 || len(d.Reports) != 0 {
		t.Errorf("%d references and %d report items came from text", len(d.Refs), len(d.Reports))
	}
	if len(d.Sections) != 4 {
		t.Errorf("%d sections, want 4: %+v", len(d.Sections), d.Sections)
	}
	if d.Problems[0].ID != "p1" || d.Problems[1].ID != "p1-1" {
		t.Errorf("IDs %s, %s", d.Problems[0].ID, d.Problems[1].ID)
	}
	assertLossless(t, src, res, d)
}

func TestUnreadableFilesAreRefusedWithAdvice(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"old.doc", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), "save it as .docx"},
		{"a.rtf", []byte(`{\rtf1\ansi hello}`), "RTF"},
		{"a.docx", []byte("not a zip"), "not a valid .docx"},
		{"a.txt", []byte("abc\x00def"), "NUL"},
		{"a.txt", []byte{'a', 0xC3, 0x28, 0xFF}, "neither UTF-8 nor GBK"},
		{"a.txt", []byte("   \n\n"), "no text"},
	} {
		_, err := Import(tc.name, tc.data, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one with %q", tc.name, err, tc.want)
		}
	}
}

func TestYearAndUnitAreAskedForWhenTheMaterialDoesNotSay(t *testing.T) {
	src := []byte("存在的主要问题\n（一）学习不深入。正文。\n")
	_, err := Import("a.txt", src, Options{})
	if err == nil || !strings.Contains(err.Error(), "--year") {
		t.Fatalf("error %v, want one asking for --year", err)
	}
	_, err = Import("a.txt", src, Options{Year: 2022})
	if err == nil || !strings.Contains(err.Error(), "--unit") {
		t.Fatalf("error %v, want one asking for --unit", err)
	}
	res, err := Import("a.txt", src, Options{Year: 2022, Unit: "××镇领导班子"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Meta.Title != "××镇领导班子2022年度民主生活会对照检查材料" || res.Meta.Key() != "2022/banzi" {
		t.Errorf("meta %+v", res.Meta)
	}
	mustBuild(t, res, nil)
}

func TestTheSeedAsMarkdownImportsLikeTheText(t *testing.T) {
	// A Markdown version, as pandoc makes from a Word file: # headings,
	// **bold** leads, escapes.
	var md strings.Builder
	for _, line := range strings.Split(string(readFile(t, seedText)), "\n") {
		switch m := leadingMarker(line); {
		case line == "":
		case m.style == markCnDun:
			md.WriteString("# " + line + "\n\n")
		case m.style == markCnParen:
			end := sentenceEnd(line, "。")
			md.WriteString("**" + line[:end] + "**" + line[end:] + "\n\n")
		default:
			md.WriteString(line + "\n\n")
		}
	}
	docs := exampleDocs(t, "2020/banzi")
	res, err := Import("seed.md", []byte(md.String()), Options{Docs: docs})
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts != seedCounts {
		t.Errorf("counts = %+v, want %+v", res.Counts, seedCounts)
	}
	txt, err := Import(seedText, readFile(t, seedText), Options{Docs: docs})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.Markdown, txt.Markdown) {
		t.Errorf("differs from the text's import:\n%s", firstDiff(string(txt.Markdown), string(res.Markdown)))
	}
}

func TestRepeatedSectionsContinueTheIDs(t *testing.T) {
	seed := string(readFile(t, seedText))
	src := seed + "\n" + seed // the material twice over: every section twice
	res, err := Import("twice.txt", []byte(src), Options{Docs: exampleDocs(t, "2020/banzi")})
	if err != nil {
		t.Fatal(err)
	}
	want := Counts{Groups: 10, Items: 30, Causes: 10, Measures: 8, Reports: 8, Linked: 8, Review: 8}
	if res.Counts != want {
		t.Errorf("counts = %+v, want %+v", res.Counts, want)
	}
	for _, line := range []string{"#### 三是抓监管惩防有差距。 {#p10-3}", "### （五）纪律观念不牢固。 {#c10}", "### （四)夯实清廉之本，在遵规守纪廉洁自律上作表率。 {#m8}"} {
		if !strings.Contains(string(res.Markdown), "\n"+line+"\n") {
			t.Errorf("no line %q", line)
		}
	}
	var notes []string
	for _, n := range res.Notes {
		notes = append(notes, n.Text)
	}
	if !strings.Contains(strings.Join(notes, "\n"), "a second problems (问题) section") {
		t.Errorf("no note on the repeated section: %q", notes)
	}
	mustBuild(t, res, exampleDocs(t, "2020/banzi"))
}

// TestImportedMarkdownImportsAgain imports an import: its statuses and
// references are markup now, its 待核实 lines notes of the first import.
func TestImportedMarkdownImportsAgain(t *testing.T) {
	docs := exampleDocs(t, "2020/banzi")
	first, err := Import(seedText, readFile(t, seedText), Options{Docs: docs})
	if err != nil {
		t.Fatal(err)
	}
	again, err := Import("banzi.md", first.Markdown, Options{Docs: docs})
	if err != nil {
		t.Fatal(err)
	}
	want := seedCounts
	want.Review = 0 // the statuses are the Markdown's own now
	if again.Counts != want {
		t.Errorf("counts = %+v, want %+v", again.Counts, want)
	}
	strip := func(md []byte) string {
		var keep []string
		for _, l := range strings.Split(string(md), "\n") {
			if l != "" && !strings.HasPrefix(l, "  "+reviewPrefix) {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	if strip(again.Markdown) != strip(first.Markdown) {
		t.Errorf("the second import differs:\n%s", firstDiff(strip(first.Markdown), strip(again.Markdown)))
	}
}

func TestNumberingIsRecognised(t *testing.T) {
	for _, tc := range []struct {
		text  string
		style markStyle
		num   int
		rest  string
	}{
		{"一、存在的主要问题", markCnDun, 1, "存在的主要问题"},
		{"十二、其他", markCnDun, 12, "其他"},
		{"（一）在政治建设方面", markCnParen, 1, "在政治建设方面"},
		{"(二)筑牢信仰之基", markCnParen, 2, "筑牢信仰之基"},
		{"（四)夯实清廉之本", markCnParen, 4, "夯实清廉之本"},
		{"（二十一）、方面", markCnParen, 21, "方面"},
		{"1.政治理论学习方面", markArabicDot, 1, "政治理论学习方面"},
		{"2、履职尽责方面", markArabicDot, 2, "履职尽责方面"},
		{"１０．全角数字", markArabicDot, 10, "全角数字"},
		{"（3）河湖长制", markArabicParen, 3, "河湖长制"},
		{"(１)全角", markArabicParen, 1, "全角"},
		{"⑤第五", markCircled, 5, "第五"},
		{"三是担当精神不够强。", markCnShi, 3, "担当精神不够强。"},
		{"十是", markCnShi, 10, ""},
		{"2.5亿元投资", markNone, 0, ""},
		{"2021年以来", markNone, 0, ""},
		{"统一是", markNone, 0, ""},
		{"（注）说明", markNone, 0, ""},
	} {
		m := leadingMarker(tc.text)
		if m.style != tc.style || m.num != tc.num || (m.style != markNone && tc.text[m.len:] != tc.rest) {
			t.Errorf("leadingMarker(%q) = %v %d %q, want %v %d %q", tc.text, m.style, m.num, tc.text[m.len:], tc.style, tc.num, tc.rest)
		}
	}
}

func TestSentencesEndOutsideQuotationMarks(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"一是在“学懂”上需要加强。虽能坚持", "一是在“学懂”上需要加强。"},
		{"（一）在“带头……。做到‘两个维护’”方面，表现为“三个需要加强”。正文", "（一）在“带头……。做到‘两个维护’”方面，表现为“三个需要加强”。"},
		{"一是理论学习不深入：表现在", "一是理论学习不深入："},
		{"他说：“好。”然后", "他说："},
		{"没有句号的一行", "没有句号的一行"},
		{"引号“没有闭合。后文", "引号“没有闭合。"},
	} {
		if got := tc.text[:sentenceEnd(tc.text, leadTerminators)]; got != tc.want {
			t.Errorf("lead of %q = %q, want %q", tc.text, got, tc.want)
		}
	}
}
