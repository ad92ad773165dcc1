package archive

import (
	"fmt"
	"strings"
	"testing"

	"mzshh/generator/content"
)

func doc(year int, name, unit, body string) (string, string) {
	path := fmt.Sprintf("content/%d/%s.md", year, name)
	return path, fmt.Sprintf("---\ntitle: %s\nyear: %d\nunit: %s\nkind: 班子\nmeeting: 民主生活会\n---\n%s", name, year, unit, body)
}

// build parses and resolves documents given as path, source pairs.
func build(t *testing.T, pairs ...string) (*Archive, string) {
	t.Helper()
	p := content.NewParser(content.Config{}, content.DefaultVocabulary(), nil)
	var docs []*content.Document
	for i := 0; i < len(pairs); i += 2 {
		d, diags := p.Parse(pairs[i], []byte(pairs[i+1]))
		if diags.HasErrors() {
			t.Fatalf("parse %s: %v", pairs[i], diags)
		}
		docs = append(docs, d)
	}
	a, diags := Build(docs)
	diags.Sort()
	return a, diags.Error()
}

func args(pairs ...[2]string) []string {
	var out []string
	for _, p := range pairs {
		out = append(out, p[0], p[1])
	}
	return out
}

func d(year int, name, unit, body string) [2]string {
	p, s := doc(year, name, unit, body)
	return [2]string{p, s}
}

const problems2020 = `
## 存在的主要问题

### （一）学习方面 {#p1}

#### 一是甲。 {#p1-1}

正文。

#### 二是乙。 {#p1-2}

正文。

### （二）作风方面 {#p2}

正文。
`

func TestStatusDerivation(t *testing.T) {
	a, diags := build(t, args(
		d(2020, "banzi", "镇班子", problems2020),
		d(2021, "banzi", "镇班子", "\n## 落实情况\n\n- 【基本整改】[[2020/banzi#p1]] 组。\n- 【已整改】[[2020/banzi#p1-2]] 项。\n- 【整改中】[[2020/banzi#p2]] 作风。\n"),
		d(2022, "banzi", "镇班子", "\n## 落实情况\n\n- 【已整改】[[2020/banzi#p2]] 作风。\n"),
	)...)
	if want := "content/2021/banzi.md:1:1: warning: the document has no problems section (a ## heading with 存在的主要问题 or 问题)\n" +
		"content/2022/banzi.md:1:1: warning: the document has no problems section (a ## heading with 存在的主要问题 or 问题)"; diags != want {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	for _, tc := range []struct {
		gid  string
		year int
		want string // Key, plus flags
	}{
		{"2020/banzi#p1", 2020, "open"},
		{"2020/banzi#p1", 2021, "mostly"},
		{"2020/banzi#p1-1", 2021, "mostly inherited"},
		{"2020/banzi#p1-2", 2021, "done"},
		{"2020/banzi#p1-2", 2022, "done carried"},
		{"2020/banzi#p1-1", 2022, "mostly carried inherited"},
		{"2020/banzi#p2", 2021, "progress"},
		{"2020/banzi#p2", 2022, "done"},
		{"2020/banzi#p2", 2019, "none"},
	} {
		s := a.Problem(tc.gid).StatusAt(tc.year)
		got := s.Key()
		if s.Carried {
			got += " carried"
		}
		if s.Inherited {
			got += " inherited"
		}
		if got != tc.want {
			t.Errorf("%s in %d: %s, want %s", tc.gid, tc.year, got, tc.want)
		}
	}
	if got := a.Problem("2020/banzi#p2").Current.Key(); got != "done" {
		t.Errorf("current status of p2: %s", got)
	}
}

func TestGroupStatusFromItems(t *testing.T) {
	a, _ := build(t, args(
		d(2020, "banzi", "镇班子", problems2020),
		d(2021, "banzi", "镇班子", "\n## 落实情况\n\n- 【已整改】[[2020/banzi#p1-1]] 甲。\n- 【整改中】[[2020/banzi#p1-2]] 乙。\n- 【已整改】[[2020/banzi#p2]] 丙。\n"),
	)...)
	if s := a.Problem("2020/banzi#p1").StatusAt(2021); s.Key() != "progress" || !s.Inherited {
		t.Errorf("group status from items: %s inherited=%v, want progress (the least advanced item)", s.Key(), s.Inherited)
	}
}

func TestItemOverridesGroup(t *testing.T) {
	a, _ := build(t, args(
		d(2020, "banzi", "镇班子", problems2020),
		d(2021, "banzi", "镇班子", "\n## 落实情况\n\n- 【整改中】[[2020/banzi#p1]] 组。\n- 【已整改】[[2020/banzi#p1-1]] 项。\n- 【已整改】[[2020/banzi#p2]] 丙。\n"),
	)...)
	if got := a.Problem("2020/banzi#p1-1").StatusAt(2021).Key(); got != "done" {
		t.Errorf("item with its own report: %s, want done", got)
	}
	if got := a.Problem("2020/banzi#p1-2").StatusAt(2021).Key(); got != "progress" {
		t.Errorf("item without its own report: %s, want the group's progress", got)
	}
}

func TestThreadsAndRebounds(t *testing.T) {
	a, diags := build(t, args(
		d(2020, "banzi", "镇班子", problems2020),
		d(2021, "banzi", "镇班子", "\n## 落实情况\n\n- 【已整改】[[2020/banzi#p1]] 组。\n- 【整改中】[[2020/banzi#p2]] 丙。\n\n## 问题\n\n### （一）学习又松懈 {#p1}\n\n延续 [[2020/banzi#p1-1]]\n\n### （二）作风仍有差距 {#p2}\n\n延续 [[2020/banzi#p2]]\n"),
	)...)
	want := "content/2021/banzi.md:18:4: warning: rebound: 2021/banzi#p1 continues 2020/banzi#p1-1, which 2021/banzi reported done (已整改)"
	if diags != want {
		t.Errorf("diagnostics:\n%s\nwant\n%s", diags, want)
	}
	p1, p2 := a.Problem("2021/banzi#p1"), a.Problem("2021/banzi#p2")
	if !p1.Rebound || p2.Rebound {
		t.Errorf("rebound flags: p1 %v, p2 %v; want true, false", p1.Rebound, p2.Rebound)
	}
	if got := p1.StatusAt(2021).Key(); got != "rebound" {
		t.Errorf("rebound problem's status in its year: %s", got)
	}
	if got := p2.StatusAt(2021).Key(); got != "continued" {
		t.Errorf("continuing problem's status in its year: %s", got)
	}
	th := a.Problem("2020/banzi#p2").Thread
	if th != p2.Thread || len(th.Problems) != 2 || th.Problems[0].GID != "2020/banzi#p2" {
		t.Fatalf("thread of 2020 p2: %+v", th)
	}
	// The 2021 report's word on 2020 p2 shows, not the continuation.
	if s, p := th.Cell(2021); p != th.Problems[0] || s.Key() != "progress" {
		t.Errorf("thread cell 2021: %s %v, want progress of 2020/banzi#p2", s.Key(), p.GID)
	}
	// A rebound shows as one, whatever the report said.
	if s, p := p1.Thread.Cell(2021); p != p1 || s.Key() != "rebound" {
		t.Errorf("rebound thread cell 2021: %s %v, want rebound of 2021/banzi#p1", s.Key(), p.GID)
	}
	if rb := a.Problem("2020/banzi#p1-1").ReboundBy; len(rb) != 1 || rb[0] != p1 {
		t.Errorf("2020 p1-1 rebounded by %v, want 2021 p1", rb)
	}
	// 2020 p1-2 is alone in its thread.
	if n := len(a.Problem("2020/banzi#p1-2").Thread.Problems); n != 1 {
		t.Errorf("thread of 2020 p1-2 has %d problems", n)
	}
}

func TestReferenceErrors(t *testing.T) {
	_, diags := build(t, args(
		d(2020, "banzi", "镇班子", problems2020),
		d(2021, "banzi", "镇班子", "\n## 落实情况\n\n- 【已整改】[[2020/banzhi#p1]] 甲。\n- 【已整改】[[2020/banzi#p3]] 乙。\n- 【已整改】[[2020/banzi#p1-3]] 丙。\n- 【已整改】[[#p1]] 丁。\n\n## 问题\n\n### 甲 {#p1}\n\n延续 [[2022/banzi#p1]]\n"),
		d(2022, "banzi", "镇班子", "\n## 问题\n\n### 甲 {#p1}\n"),
	)...)
	want := strings.Join([]string{
		"content/2020/banzi.md:13:6: warning: not reported: no 2021 document of 镇班子 reports on 2020/banzi#p1-1; add a report item such as 【整改中】[[2020/banzi#p1-1]] to its report section",
		"content/2020/banzi.md:17:6: warning: not reported: no 2021 document of 镇班子 reports on 2020/banzi#p1-2; add a report item such as 【整改中】[[2020/banzi#p1-2]] to its report section",
		"content/2020/banzi.md:21:5: warning: not reported: no 2021 document of 镇班子 reports on 2020/banzi#p2; add a report item such as 【整改中】[[2020/banzi#p2]] to its report section",
		"content/2021/banzi.md:11:8: error: reference [[2020/banzhi#p1]]: there is no document 2020/banzhi (content/2020/banzhi.md); did you mean 2020/banzi?",
		"content/2021/banzi.md:12:8: error: reference [[2020/banzi#p3]]: 2020/banzi has no problem p3; did you mean p1?",
		"content/2021/banzi.md:13:8: error: reference [[2020/banzi#p1-3]]: 2020/banzi has no problem p1-3; did you mean p1-1?",
		"content/2021/banzi.md:14:8: error: report item [[#p1]]: a report can only name problems of earlier years; 2021/banzi#p1 is from 2021",
		"content/2021/banzi.md:18:5: warning: not reported: no 2022 document of 镇班子 reports on 2021/banzi#p1; add a report item such as 【整改中】[[2021/banzi#p1]] to its report section",
		"content/2021/banzi.md:20:4: error: problem p1 refers to 2022/banzi#p1 of 2022: a problem can only continue a problem of an earlier year",
	}, "\n")
	if diags != want {
		t.Errorf("diagnostics:\n%s\nwant\n%s", diags, want)
	}
}

func TestCompletenessWarnings(t *testing.T) {
	_, diags := build(t, args(
		d(2020, "banzi", "镇班子", problems2020),
		d(2021, "banzi", "镇班子", "\n## 落实情况\n\n- 【已整改】[[2020/banzi#p1-1]] 甲。\n\n## 问题\n\n### 甲 {#p1}\n"),
		d(2021, "other", "别的班子", "\n## 落实情况\n\n- 【已整改】[[2020/banzi#p2]] 别人报告的。\n\n## 问题\n\n### 甲 {#p1}\n"),
	)...)
	want := "content/2020/banzi.md:17:6: warning: not reported: no 2021 document of 镇班子 reports on 2020/banzi#p1-2; add a report item such as 【整改中】[[2020/banzi#p1-2]] to its report section"
	if diags != want {
		t.Errorf("diagnostics:\n%s\nwant\n%s", diags, want)
	}
}

func TestContradictoryStatusesOfOneYear(t *testing.T) {
	a, diags := build(t, args(
		d(2020, "banzi", "镇班子", problems2020),
		d(2021, "banzi", "镇班子", "\n## 落实情况\n\n- 【已整改】[[2020/banzi#p1]] 组。\n- 【已整改】[[2020/banzi#p2]] 丙。\n"),
		d(2021, "shuji", "书记", "\n## 落实情况\n\n- 【整改中】[[2020/banzi#p2]] 丙。\n"),
	)...)
	if !strings.Contains(diags, "contradictory statuses for 2020/banzi#p2 in 2021") {
		t.Errorf("no warning about the contradiction:\n%s", diags)
	}
	if got := a.Problem("2020/banzi#p2").Current.Key(); got != "progress" {
		t.Errorf("status of a contradicted problem: %s, want the less advanced progress", got)
	}
}

// A rebound is reported where its continuation is written, even when an
// earlier continuation of the same problem did not resolve.
func TestReboundWarningPosition(t *testing.T) {
	_, diags := build(t, args(
		d(2020, "banzi", "镇班子", problems2020),
		d(2021, "banzi", "镇班子", "\n## 落实情况\n\n- 【已整改】[[2020/banzi#p2]] 丙。\n\n## 问题\n\n### （一）作风 {#p1}\n\n延续 [[2020/banzi#nope]]\n\n延续 [[2020/banzi#p2]]\n"),
	)...)
	if !strings.Contains(diags, "content/2021/banzi.md:19:4: warning: rebound: 2021/banzi#p1 continues 2020/banzi#p2") {
		t.Errorf("diagnostics:\n%s", diags)
	}
}

// TestFindEntry checks that a document's entries are found by ID the same
// way whether the document is searched or, long, indexed by a map: each
// ID finds its entry, a duplicate the last entry of the ID (problems,
// then causes, then measures), and an unknown ID nothing.
func TestFindEntry(t *testing.T) {
	for _, n := range []int{0, 1, 5, longDoc / 3, longDoc, longDoc + 1, 3 * longDoc} {
		d := &Doc{Document: &content.Document{}}
		for i := range n {
			// Every third index repeats an ID of another kind.
			cp := &content.Problem{Entry: content.Entry{ID: fmt.Sprintf("p%d", i), Title: fmt.Sprintf("问题%d", i)}}
			d.Problems = append(d.Problems, &Problem{Problem: cp, Doc: d})
			cid := fmt.Sprintf("c%d", i)
			if i%3 == 0 {
				cid = fmt.Sprintf("p%d", i)
			}
			d.Causes = append(d.Causes, &content.Entry{ID: cid, Title: "原因" + cid})
			mid := fmt.Sprintf("m%d", i)
			if i%3 == 1 {
				mid = fmt.Sprintf("c%d", i)
			}
			d.Measures = append(d.Measures, &Measure{Measure: &content.Measure{Entry: content.Entry{ID: mid, Title: "措施" + mid}}, Doc: d})
		}
		searched := *d
		d.indexEntries()
		if (d.byID != nil) != (3*n > longDoc) {
			t.Fatalf("%d entries: indexed by a map: %v", 3*n, d.byID != nil)
		}
		for i := range n {
			for _, tc := range []struct {
				id, title string
				problem   bool
			}{
				{fmt.Sprintf("p%d", i), fmt.Sprintf("问题%d", i), true},
				{fmt.Sprintf("c%d", i), fmt.Sprintf("原因c%d", i), false},
				{fmt.Sprintf("m%d", i), fmt.Sprintf("措施m%d", i), false},
			} {
				switch {
				case i%3 == 0 && tc.id[0] == 'c', i%3 == 1 && tc.id[0] == 'm':
					continue // not an ID of this index
				case i%3 == 0 && tc.id[0] == 'p':
					tc.title, tc.problem = "原因"+tc.id, false // the cause repeats it
				case i%3 == 1 && tc.id[0] == 'c':
					tc.title = "措施" + tc.id // the measure repeats it
				}
				for _, doc := range []*Doc{d, &searched} {
					got, ok := doc.findEntry(tc.id)
					if !ok || got.ID != tc.id || got.Title != tc.title || (got.Problem != nil) != tc.problem || got.Doc != d && got.Doc != &searched {
						t.Fatalf("%d entries, map %v: findEntry(%s) = %+v, %v; want %s", 3*n, doc.byID != nil, tc.id, got, ok, tc.title)
					}
				}
			}
		}
		for _, doc := range []*Doc{d, &searched} {
			if _, ok := doc.findEntry("x1"); ok {
				t.Errorf("%d entries: found an ID no entry has", 3*n)
			}
		}
	}
}
