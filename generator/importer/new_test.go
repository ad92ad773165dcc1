package importer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mzshh/generator/content"
	"mzshh/generator/diag"
	"mzshh/generator/site"
)

func TestNewListsTheOpenProblemsAndBlocksTheBuildUntilFilled(t *testing.T) {
	dir := copySite(t)
	// What the example archive says: no 2023 document reports on the
	// 2022 team problems, so none is done; the report lists every item.
	_, _, _, a, _ := loadSite(exampleSite)
	var want []string
	for _, d := range a.Docs {
		if d.Key != "2022/banzi" {
			continue
		}
		for _, p := range d.Problems {
			if len(p.Items) == 0 && !p.Current.Done() {
				want = append(want, p.GID)
			}
		}
	}
	if !slices.Equal(want, []string{
		"2022/banzi#p1-1", "2022/banzi#p1-2", "2022/banzi#p2-1", "2022/banzi#p2-2", "2022/banzi#p3-1",
		"2022/banzi#p3-2", "2022/banzi#p4-1", "2022/banzi#p4-2", "2022/banzi#p5-1", "2022/banzi#p5-2",
	}) {
		t.Fatalf("the example archive changed: the 2022 team problems not done are %v", want)
	}

	var stdout, stderr bytes.Buffer
	if err := RunNew([]string{"-s", dir, "2023/banzi"}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "10 problems of 2022/banzi not done") {
		t.Errorf("output:\n%s", stdout.String())
	}
	path := filepath.Join(dir, "content", "2023", "banzi.md")
	src := readFile(t, path)
	d, _ := newParser().Parse("content/2023/banzi.md", src)
	if d.Year != 2023 || d.Unit != "××镇领导班子" || d.Kind != "班子" || d.Title != "××镇领导班子2023年度民主生活会对照检查材料" || d.Meeting != "2023年度民主生活会" {
		t.Errorf("front matter: %q %d %q %q %q", d.Title, d.Year, d.Unit, d.Kind, d.Meeting)
	}
	var kinds []content.SectionKind
	for _, s := range d.Sections {
		kinds = append(kinds, s.Kind)
	}
	if !slices.Equal(kinds, []content.SectionKind{content.SectionReport, content.SectionProblems, content.SectionCauses, content.SectionMeasures}) {
		t.Errorf("sections %v", kinds)
	}
	var got []string
	for _, r := range d.Reports {
		if r.Word != Placeholder || len(r.Refs) != 1 {
			t.Errorf("report item %s: 【%s】 with %d references", r.ID, r.Word, len(r.Refs))
			continue
		}
		got = append(got, r.Refs[0].GlobalID())
	}
	if !slices.Equal(got, want) {
		t.Errorf("the report lists %v, want %v", got, want)
	}

	// Until every placeholder is filled, check and build fail, on each item.
	s, diags := site.Load(os.DirFS(dir)) // what check and build do first
	if s != nil {
		t.Fatal("the site loads with placeholders in it")
	}
	var errs diag.List
	for _, x := range diags {
		if x.Severity == diag.Error {
			errs = append(errs, x)
		}
	}
	if len(errs) != len(want) {
		t.Errorf("%d errors, want one per placeholder (%d):\n%v", len(errs), len(want), errs)
	}
	for _, x := range errs {
		if x.Path != "content/2023/banzi.md" || !strings.Contains(x.Message, "unknown status word "+Placeholder) {
			t.Errorf("unexpected error %s", x)
		}
	}
	filled := bytes.ReplaceAll(src, []byte("【"+Placeholder+"】"), []byte("【整改中】"))
	if err := os.WriteFile(path, filled, 0o644); err != nil {
		t.Fatal(err)
	}
	if s, diags = site.Load(os.DirFS(dir)); s == nil {
		t.Fatalf("the site has errors after filling in:\n%v", diags)
	}
	for _, x := range diags {
		if strings.Contains(x.Message, "not reported") && strings.Contains(x.Message, "2022/banzi") {
			t.Errorf("a 2022 team problem is left out: %s", x)
		}
	}
}

func TestNewStartsFromTheUnitsLatestDocumentAndLeavesOutDoneProblems(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"content/2021/a.md": "---\ntitle: 甲单位领导班子2021年度组织生活会对照检查材料\nyear: 2021\nunit: 甲单位领导班子\nkind: 班子\nmeeting: 2021年度组织生活会\n---\n\n" +
			"## 一、存在的主要问题\n\n### （一）学习方面 {#p1}\n\n#### 一是学习不深入。 {#p1-1}\n\n正文。\n\n#### 二是学用脱节。 {#p1-2}\n\n正文。\n\n### （二）作风不实。 {#p2}\n\n正文。\n",
		// Another unit reports p1-1 of 甲 done in 2022; 甲 has no 2022 document.
		"content/2022/b.md": "---\ntitle: 乙单位领导班子2022年度组织生活会对照检查材料\nyear: 2022\nunit: 乙单位领导班子\nkind: 班子\nmeeting: 2022年度组织生活会\n---\n\n" +
			"## 一、2021年度整改措施落实情况\n\n- 【已整改】[[2021/a#p1-1]] 联合整改。\n\n## 二、存在的主要问题\n\n### （一）问题 {#p1}\n\n正文。\n",
	})
	var stdout, stderr bytes.Buffer
	if err := RunNew([]string{"2023/a", "--source", dir}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	src := string(readFile(t, filepath.Join(dir, "content", "2023", "a.md")))
	for _, want := range []string{
		"title: 甲单位领导班子2023年度组织生活会对照检查材料\n",
		"meeting: 2023年度组织生活会\n",
		"## 一、2021年度组织生活会整改措施落实情况\n",
		"- 【待填写】[[2021/a#p1-2]] 关于学用脱节的问题。\n",
		"- 【待填写】[[2021/a#p2]] 关于作风不实的问题。\n",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("no %q in:\n%s", want, src)
		}
	}
	if strings.Contains(src, "2021/a#p1-1") || strings.Contains(src, "[[2021/a#p1]]") {
		t.Errorf("a done problem, or a group with items, is listed:\n%s", src)
	}
	if !strings.Contains(stdout.String(), "1 done, left out") {
		t.Errorf("output:\n%s", stdout.String())
	}
}

func TestNewForAMember(t *testing.T) {
	dir := copySite(t)
	var stdout, stderr bytes.Buffer
	if err := RunNew([]string{"-s", dir, "content/2023/shuji.md"}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	d, diags := newParser().Parse("content/2023/shuji.md", readFile(t, filepath.Join(dir, "content", "2023", "shuji.md")))
	if d.Unit != "镇党委书记王××" || d.Kind != "个人" || d.Title != "镇党委书记王××2023年度民主生活会个人对照检查材料" {
		t.Errorf("front matter %q %q %q", d.Unit, d.Kind, d.Title)
	}
	if len(d.Reports) == 0 || d.Reports[0].Refs[0].Doc != "2022/shuji" {
		t.Errorf("report items %+v", d.Reports)
	}
	if diags.Count(diag.Error) != len(d.Reports) {
		t.Errorf("%d errors for %d placeholders", diags.Count(diag.Error), len(d.Reports))
	}
}

func TestNewRefuses(t *testing.T) {
	dir := copySite(t)
	for _, tc := range []struct {
		args []string
		err  error
		want string
	}{
		{[]string{"2022/banzi"}, ErrReported, "already exists"},
		{[]string{"2023/nobody"}, ErrReported, "no earlier document named nobody"},
		{[]string{"2023"}, ErrUsage, "<year>/<name>"},
		{[]string{"23/banzi"}, ErrUsage, "<year>/<name>"},
		{[]string{"2023/a/b"}, ErrUsage, "<year>/<name>"},
		{[]string{}, ErrUsage, "give one document"},
		{[]string{"2023/banzi", "2023/shuji"}, ErrUsage, "give one document"},
		{[]string{"--bogus", "2023/banzi"}, ErrUsage, "flag provided but not defined: -bogus"},
	} {
		var stdout, stderr bytes.Buffer
		err := RunNew(append([]string{"-s", dir}, tc.args...), &stdout, &stderr)
		if !errors.Is(err, tc.err) || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("new %v: %v, %q; want %v and %q", tc.args, err, stderr.String(), tc.err, tc.want)
		}
	}
	// Nothing was written, and the existing file is untouched.
	if _, err := os.Stat(filepath.Join(dir, "content", "2023")); err == nil {
		t.Error("content/2023 was created")
	}
	if !bytes.Equal(readFile(t, filepath.Join(dir, "content", "2022", "banzi.md")), readFile(t, filepath.Join(exampleSite, "content", "2022", "banzi.md"))) {
		t.Error("content/2022/banzi.md was changed")
	}
}
