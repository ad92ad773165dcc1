package similar_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/similar"
)

// Problem texts of the scope test: each long enough to be compared, and
// sharing nothing with the others.
const (
	study   = "理论学习的系统性不够强。镇党委理论学习中心组学习计划性不强，全年集中学习多以传达上级文件和会议精神为主，专题研讨交流少。"
	discipl = "作风建设常态长效机制不健全。纠治四风存在时紧时松现象，对镇村干部上班纪律、值班值守的督查多集中在节假日前开展。"
	env     = "人居环境整治缺乏长效机制。人居环境整治工作重突击、轻长效，迎检前集中力量清理，检查过后又有反弹。"
	demo    = "民主集中制执行不够严格。班子议事决策制度还不够健全，对三重一大事项的范围界定不够清晰，个别事项会前酝酿不充分。"
	service = "为民服务宗旨意识有所淡薄。没有及时了解群众的难事，对群众需求回应不够及时，办理群众诉求存在拖延现象。"
)

func doc(year int, unit, kind string, problems ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s%d\nyear: %d\nunit: %s\nkind: %s\nmeeting: 民主生活会\n---\n\n## 一、存在的主要问题\n\n### （一）在带头学习方面 {#p1}\n\n", unit, year, year, unit, kind)
	for i, p := range problems {
		title, body, _ := strings.Cut(p, "。")
		fmt.Fprintf(&b, "#### %s是%s。 {#p1-%d}\n\n%s\n\n", "一二三四五"[3*i:3*i+3], title, i+1, body)
	}
	return b.String()
}

func load(t *testing.T, files map[string]string) *archive.Archive {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys["content/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	cfg, vocab, _ := content.LoadConfig(fsys)
	docs, diags := content.NewParser(cfg, vocab, nil).ReadAll(fsys)
	a, more := archive.Build(docs)
	if diags = append(diags, more...); diags.HasErrors() {
		t.Fatal(diags)
	}
	return a
}

// TestScopes builds a small archive with one copy of each scope, one
// declared continuation and one text too unlike any other, and checks
// the pairs and warnings.
func TestScopes(t *testing.T) {
	a := load(t, map[string]string{
		"2021/banzi.md":   doc(2021, "××镇领导班子", "班子", study, discipl),
		"2021/shuji.md":   doc(2021, "镇党委书记王××", "个人", strings.Replace(study, "不够强", "不强", 1)),
		"2021/x-banzi.md": doc(2021, "××县教育局领导班子", "班子", env, strings.ReplaceAll(discipl, "镇村干部", "局机关干部")),
		"2022/banzi.md": doc(2022, "××镇领导班子", "班子", study, discipl+"\n\n延续 [[2021/banzi#p1-2]]", demo) +
			"\n",
		"2022/x-banzi.md": doc(2022, "××县教育局领导班子", "班子", service),
	})
	r := similar.Check(a, similar.Options{})
	var got []string
	for _, p := range r.Pairs {
		got = append(got, fmt.Sprintf("%d %s %s ~ %s", p.Year(), p.Scope.Key(), p.A.GID(), p.B.GID()))
	}
	want := []string{
		"2021 organisation 2021/shuji#p1-1 ~ 2021/banzi#p1-1",
		"2021 other 2021/x-banzi#p1-2 ~ 2021/banzi#p1-2",
		"2022 earlier 2022/banzi#p1-1 ~ 2021/banzi#p1-1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("pairs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	diags := r.Diagnostics()
	var text []string
	for _, d := range diags {
		text = append(text, d.String())
	}
	all := strings.Join(text, "\n")
	for _, s := range []string{
		"content/2022/banzi.md:",
		"2021/banzi#p1-1 (content/2021/banzi.md:",
		"add the line: 延续 [[2021/banzi#p1-1]]",
		"the team's material",
		"another unit's material",
		"score 1.00",
	} {
		if !strings.Contains(all, s) {
			t.Errorf("the warnings do not say %q:\n%s", s, all)
		}
	}
	if len(diags) != 3 {
		t.Errorf("%d warnings, want 3", len(diags))
	}
	if s := r.Pairs[2].Suggestion(); s != "延续 [[2021/banzi#p1-1]]" {
		t.Errorf("suggestion %q", s)
	}
	if s := r.Pairs[0].Suggestion(); s != "" {
		t.Errorf("a same-year pair suggests %q", s)
	}
}
