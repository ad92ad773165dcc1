package content

import (
	"strings"
	"testing"

	"mzshh/generator/diag"
)

const lintFront = "---\ntitle: 材料\nyear: 2022\nunit: 县局党组\nkind: 班子\nmeeting: 2022年度民主生活会\n---\n"

// TestLint holds documents with each structural warning, and documents
// that must give none; want is every warning, in order.
func TestLint(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string
		want []string
	}{
		{"a whole material, nothing to say",
			"\n## 一、存在的主要问题\n\n### （一）学习不深入。 {#p1}\n\n正文。\n\n## 二、产生问题的原因\n\n### （一）理想信念有所松动。 {#c1}\n\n## 三、整改措施\n\n### （一）加强学习。 {#m1}\n\n责任人：局长　整改时限：2023年6月\n",
			nil},
		{"report items still marked 待核实",
			"\n## 一、2021年度民主生活会整改措施落实情况\n\n- 一是学习制度执行不严的问题，已整改。\n\n  待核实：档案中没有 2021/banzi，无法确定本条对应的问题。\n\n- 【已整改】[[#p1]] 二是作风问题。\n\n  待核实：整改状态“已整改”是据文中“整改到位”推定的，请核对后删去本行。\n\n## 二、存在的主要问题\n\n### （一）甲。 {#p1}\n\n## 三、原因\n\n## 四、整改措施\n",
			[]string{
				"13:3: report item “一是学习制度执行不严的问题，已整改。” still marked 待核实: 档案中没有 2021/banzi，无法确定本条对应的问题。; check it, write its 【status】 and reference, then delete the line",
				"17:3: report item “二是作风问题。” still marked 待核实: 整改状态“已整改”是据文中“整改到位”推定的，请核对后删去本行。; check it, write its 【status】 and reference, then delete the line",
			}},
		{"待核实 outside the report section is text",
			"\n## 存在的主要问题\n\n### （一）甲。 {#p1}\n\n待核实的事项较多。\n",
			nil},
		{"causes filed as problems (the misfiled section of the issue)",
			"\n## 一、对照检查情况 {.problems}\n\n### （一）学习不深入。 {#p1}\n\n### （二）服务不主动。 {#p2}\n\n## 二、问题产生的根源\n\n### （一）理想信念有所弱化。 {#p3}\n\n### （二）宗旨意识淡化。 {#p4}\n\n### （三）思想认识不到位。 {#p5}\n\n## 三、整改措施\n\n### （一）加强学习。 {#m1}\n",
			[]string{
				"15:4: a second problems section: \"二、问题产生的根源\", after \"一、对照检查情况\" at line 9; if one of them is another section, say so in its heading's words or with {.causes} after it",
				"15:4: the problems section \"二、问题产生的根源\" reads like causes: 3 of its 3 entries (p3, p4, p5) are in the words of causes (理想信念、宗旨意识、思想认识不到位); if it is the causes section, put 原因 in its heading or write {.causes} after it",
			}},
		{"causes filed as problems, by their words",
			"\n## 一、对照检查情况 {.problems}\n\n### （一）学习不深入。 {#p1}\n\n## 二、问题根源 {.problems}\n\n### （一）理想信念有所弱化。 {#p3}\n\n### （二）宗旨意识淡化。 {#p4}\n\n### （三）服务群众的能力不强。 {#p5}\n\n## 三、产生问题的原因\n\n## 四、整改措施\n",
			[]string{
				"13:4: a second problems section: \"二、问题根源\", after \"一、对照检查情况\" at line 9; if one of them is another section, say so in its heading's words or with {.causes} after it",
				"13:4: the problems section \"二、问题根源\" reads like causes: 2 of its 3 entries (p3, p4) are in the words of causes (理想信念、宗旨意识); if it is the causes section, put 原因 in its heading or write {.causes} after it",
			}},
		{"measures filed as problems",
			"\n## 存在的问题与努力\n\n### （一）加强学习。 {#p1}\n\n责任人：局长　整改时限：2023年6月\n\n### （二）改进作风。 {#p2}\n",
			[]string{
				"9:4: the problems section \"存在的问题与努力\" reads like measures: 1 of its 2 entries (p1) have what a measure has (责任人); if it is the measures section, put 整改措施 in its heading or write {.measures} after it",
			}},
		{"a role class overrides the words",
			"\n## 一、查摆问题 {.causes}\n\n### （一）理想信念有所弱化。 {#c1}\n\n## 二、存在的主要问题\n\n### （一）甲。 {#p1}\n\n## 三、需要说明的问题 {.other}\n\n正文。\n\n## 四、整改措施\n",
			nil},
		{"a numbered section not recognised while a role is missing",
			"\n## 一、存在的主要问题\n\n### （一）甲。 {#p1}\n\n## 二、深挖思想根子\n\n（一）理想信念有所弱化。\n\n## 三、整改措施\n\n## 四、其他\n",
			[]string{
				"13:4: section \"二、深挖思想根子\" is read as plain text, and the document has no causes (原因, or {.causes}) section; if it is one of them, put its words in the heading or write its role after it",
				"19:4: section \"四、其他\" is read as plain text, and the document has no causes (原因, or {.causes}) section; if it is one of them, put its words in the heading or write its role after it",
			}},
		{"numbered sections, one role missing, none unrecognised",
			"\n## 一、2021年度整改措施落实情况\n\n## 二、存在的主要问题\n\n### （一）甲。 {#p1}\n\n## 三、整改措施\n",
			nil},
		{"unnumbered sections: no outline warnings",
			"\n## 问题\n\n### 甲 {#p1}\n\n## 原因\n\n## 问题\n\n### 乙 {#p2}\n",
			nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := NewParser(Config{}, DefaultVocabulary(), nil)
			d, diags := p.Parse("content/2022/a.md", []byte(lintFront+tc.body))
			if d == nil || diags.HasErrors() {
				t.Fatalf("does not parse: %v", diags)
			}
			diags.Sort()
			var got []string
			for _, x := range diags {
				if x.Severity == diag.Warning {
					got = append(got, strings.TrimPrefix(x.String(), "content/2022/a.md:"))
				}
			}
			for i := range max(len(got), len(tc.want)) {
				g, w := "", ""
				if i < len(got) {
					g = got[i]
				}
				if i < len(tc.want) {
					w = strings.Replace(tc.want[i], ": ", ": warning: ", 1)
				}
				if g != w {
					t.Errorf("warning %d:\n got  %s\n want %s", i, g, w)
				}
			}
		})
	}
}

// TestRoleClassIsMarkup checks that a role class decides the section and
// is not written to the page, while other classes stay.
func TestRoleClassIsMarkup(t *testing.T) {
	p := NewParser(Config{}, DefaultVocabulary(), nil)
	d, diags := p.Parse("content/2022/a.md", []byte(lintFront+"\n## 二、对照检查情况 {.problems .wide}\n\n### （一）甲。 {#p1}\n\n## 三、问题产生的根源 {.causes}\n\n### （一）乙。 {#c1}\n"))
	if d == nil || diags.HasErrors() {
		t.Fatalf("does not parse: %v", diags)
	}
	if len(d.Sections) != 2 || d.Sections[0].Kind != SectionProblems || d.Sections[1].Kind != SectionCauses {
		t.Fatalf("sections %+v", d.Sections)
	}
	if len(d.Problems) != 1 || len(d.Causes) != 1 {
		t.Errorf("%d problems, %d causes; want 1, 1", len(d.Problems), len(d.Causes))
	}
	body := string(bodyOf(t, d))
	if strings.Contains(body, "problems") || strings.Contains(body, "causes") || !strings.Contains(body, `class="wide"`) {
		t.Errorf("role classes in the page, or another class lost:\n%s", body)
	}
	for k, want := range map[SectionKind]string{SectionReport: "report", SectionProblems: "problems", SectionCauses: "causes", SectionMeasures: "measures", SectionOther: "other"} {
		if got := RoleClass(k); got != want {
			t.Errorf("RoleClass(%v) = %q, want %q", k, got, want)
		}
	}
}
