package site

import (
	"strings"
	"testing"
	"testing/fstest"

	"mzshh/generator/diag"
)

// TestCheckSimilar checks that site.Check reports an undeclared
// continuation with both positions, the scope, the score and the 延续
// line to add, and that similarity.threshold in config.yaml applies.
func TestCheckSimilar(t *testing.T) {
	const problem = "理论学习的系统性不够强。镇党委理论学习中心组学习计划性不强，全年集中学习多以传达上级文件和会议精神为主，专题研讨交流少，结合镇域发展实际开展研讨不够。"
	doc := func(year, body string) string {
		title, rest, _ := strings.Cut(body, "。")
		return "---\ntitle: 班子" + year + "\nyear: " + year + "\nunit: ××镇领导班子\nkind: 班子\nmeeting: 民主生活会\n---\n\n## 一、存在的主要问题\n\n### （一）在带头学习方面 {#p1}\n\n#### 一是" + title + "。 {#p1-1}\n\n" + rest + "\n"
	}
	report := "\n## 二、2021年民主生活会整改措施落实情况\n\n- 【整改中】[[2021/banzi#p1-1]] 正在整改。\n"
	site := func(config string) fstest.MapFS {
		return fstest.MapFS{
			"config.yaml":           {Data: []byte(config)},
			"content/2021/banzi.md": {Data: []byte(doc("2021", problem))},
			"content/2022/banzi.md": {Data: []byte(doc("2022", strings.Replace(problem, "不够强", "不强", 1)) + report)},
		}
	}
	warnings := func(l diag.List) []string {
		var out []string
		for _, d := range l {
			if d.Severity == diag.Warning && strings.Contains(d.Message, "雷同") {
				out = append(out, d.String())
			}
		}
		return out
	}
	got := warnings(Check(site("title: t\n")))
	if len(got) != 1 {
		t.Fatalf("want one 雷同 warning, got %q", got)
	}
	for _, want := range []string{"content/2022/banzi.md:13:6: warning: 雷同 (same unit, earlier year), score 0.94: 94% of this problem's wording is also in 2021/banzi#p1-1 (content/2021/banzi.md:13:6), of 2021", "add the line: 延续 [[2021/banzi#p1-1]]"} {
		if !strings.Contains(got[0], want) {
			t.Errorf("the warning %q does not say %q", got[0], want)
		}
	}
	if got := warnings(Check(site("similarity:\n  threshold: 0.99\n"))); len(got) != 0 {
		t.Errorf("threshold 0.99: %q", got)
	}
}
