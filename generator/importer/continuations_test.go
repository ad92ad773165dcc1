package importer

import (
	"strings"
	"testing"

	"mzshh/generator/content"
)

// TestSuggestContinuation imports a material whose problem repeats last
// year's, undeclared: the import suggests the 延续 line as a 待核实 note
// and leaves the Markdown as the source wrote it.
func TestSuggestContinuation(t *testing.T) {
	const last = "---\ntitle: 测试镇领导班子2021年度民主生活会对照检查材料\nyear: 2021\nunit: 测试镇领导班子\nkind: 班子\nmeeting: 2021年度民主生活会\n---\n\n" +
		"## 一、存在的主要问题\n\n### （一）理论学习方面 {#p1}\n\n#### 一是理论学习的系统性不够强。 {#p1-1}\n\n" +
		"镇党委理论学习中心组学习计划性不强，全年集中学习多以传达上级文件和会议精神为主，专题研讨交流少。\n\n" +
		"#### 二是联系群众不够紧密。 {#p1-2}\n\n到村走访调研次数不多，对群众反映的问题回应不够及时。\n"
	p := content.NewParser(content.Config{}, nil, nil)
	prev, diags := p.Parse("content/2021/banzi.md", []byte(last))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	src := "测试镇领导班子2022年度民主生活会对照检查材料\n" +
		"一、2021年度民主生活会整改措施落实情况\n一是理论学习的系统性不够强的问题，正在整改。二是联系群众不够紧密的问题，已整改。\n" +
		"二、存在的主要问题\n（一）理论学习方面\n" +
		"一是理论学习的系统性仍不够强。镇党委理论学习中心组学习计划性不强，全年集中学习多以传达上级文件和会议精神为主，专题研讨交流少。\n" +
		"二是为基层减负落实不够。要求村里重复报送材料、填报表格的问题仍然存在。\n"
	res, err := Import("banzi.txt", []byte(src), Options{Year: 2022, Unit: "测试镇领导班子", Name: "banzi", Docs: []*content.Document{prev}})
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, n := range res.Notes {
		if strings.Contains(n.Text, "雷同") {
			notes = append(notes, n.Text)
			if n.Kind != NoteReview {
				t.Errorf("note %q is not a note to check", n.Text)
			}
		}
	}
	want := "待核实：问题 p1-1（一是理论学习的系统性仍不够强。）与 2021/banzi 的问题 p1-1 文字雷同"
	if len(notes) != 1 || !strings.HasPrefix(notes[0], want) || !strings.HasSuffix(notes[0], "请在该问题下加一行：延续 [[2021/banzi#p1-1]]") {
		t.Errorf("notes %q, want one starting %q and ending with the 延续 line", notes, want)
	}
	if strings.Contains(string(res.Markdown), "延续") {
		t.Errorf("the Markdown holds a 延续 line the source did not write:\n%s", res.Markdown)
	}
}
