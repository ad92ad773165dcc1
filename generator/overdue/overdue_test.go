package overdue

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"mzshh/generator/archive"
	"mzshh/generator/content"
)

// site builds an archive of one unit: a 2020 document dated 2021-01-20
// with problems p1…p5 and their deadlines, and reports in 2021 (dated
// 2022-01-18) and 2022 (dated 2023-01-16).
func site(t *testing.T, deadlines [5]string, report2021, report2022 string) *archive.Archive {
	t.Helper()
	var b strings.Builder
	b.WriteString("## 二、存在的主要问题\n\n")
	for i := range deadlines {
		fmt.Fprintf(&b, "### （%d）问题%d。 {#p%d}\n\n正文。\n\n", i+1, i+1, i+1)
	}
	b.WriteString("## 四、整改措施\n\n")
	for i, dl := range deadlines {
		fmt.Fprintf(&b, "### （%d）措施%d。 {#m%d}\n\n针对 [[#p%d]]，整改。\n\n责任人：书记　整改时限：%s\n\n", i+1, i+1, i+1, i+1, dl)
	}
	docs := []struct {
		year int
		date string
		body string
	}{
		{2020, "2021-01-20", b.String()},
		{2021, "2022-01-18", "## 一、整改落实情况\n\n" + report2021 + "\n## 二、存在的主要问题\n\n### （一）新问题。 {#p1}\n\n正文。\n"},
		{2022, "2023-01-16", "## 一、整改落实情况\n\n" + report2022 + "\n## 二、存在的主要问题\n\n### （一）新问题。 {#p1}\n\n正文。\n"},
	}
	p := content.NewParser(content.Config{}, content.DefaultVocabulary(), nil)
	var cds []*content.Document
	for _, d := range docs {
		src := fmt.Sprintf("---\ntitle: 材料\nyear: %d\nunit: 镇领导班子\nkind: 班子\nmeeting: 民主生活会\ndate: %s\n---\n%s", d.year, d.date, d.body)
		cd, diags := p.Parse(fmt.Sprintf("content/%d/banzi.md", d.year), []byte(src))
		if diags.HasErrors() {
			t.Fatalf("%d: %v", d.year, diags)
		}
		cds = append(cds, cd)
	}
	a, diags := archive.Build(cds)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return a
}

func TestRule(t *testing.T) {
	a := site(t,
		[5]string{"2021年6月底", "2021年6月底", "2022年6月底", "长期坚持", "2023年6月底"},
		"- 【已整改】[[2020/banzi#p1]] 一是完成。\n- 【整改中】[[2020/banzi#p2]] 二是推进。\n- 【整改中】[[2020/banzi#p3]] 三是推进。\n- 【整改中】[[2020/banzi#p4]] 四是推进。\n- 【整改中】[[2020/banzi#p5]] 五是推进。\n",
		"- 【已整改】[[2020/banzi#p2]] 二是完成。\n- 【未整改】[[2020/banzi#p3]] 三是未完成。\n")
	tb := Compute(a, time.Time{})
	if got := tb.AsOf.Format(time.DateOnly); got != "2023-01-16" {
		t.Errorf("as of %s, want the newest document's date", got)
	}
	for _, tc := range []struct {
		id     string
		state  State
		closed string // 销号: the closing document's key and date
		latest string
	}{
		{"p1", OnTime, "2021/banzi 2022-01-18", "已整改"},     // done at the first report after its deadline
		{"p2", ClosedLate, "2022/banzi 2023-01-16", "已整改"}, // in progress after its deadline, done a year later
		{"p3", Overdue, "", "未整改"},                         // due 2022-06-30, first report after it: 未整改
		{"p4", NoDeadline, "", "整改中"},                      // 长期坚持
		{"p5", NotDue, "", "整改中"},                          // due 2023-06-30, after the as-of date
	} {
		p := a.Problem("2020/banzi#" + tc.id)
		in := tb.Of(p)
		closed := ""
		if in.Closed != nil {
			closed = in.Closed.Doc.Key + " " + in.ClosedDate.Format(time.DateOnly)
		}
		latest := ""
		if in.Latest != nil {
			latest = in.Latest.Word
		}
		if in.State != tc.state || closed != tc.closed || latest != tc.latest {
			t.Errorf("%s: %v, 销号 %q, latest %q; want %v, %q, %q", tc.id, in.State.Label(), closed, latest, tc.state.Label(), tc.closed, tc.latest)
		}
	}
	// One warning: p3 is open and overdue.
	var msgs []string
	for _, d := range tb.Diagnostics() {
		msgs = append(msgs, d.String())
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], "overdue: 2020/banzi#p3 was due 2022-06-30 (整改时限 2022年6月底)") {
		t.Errorf("diagnostics %q", msgs)
	}

	// As of an earlier date, the 2022 reports are not known yet: p2 and
	// p3 are overdue (no report since their deadline).
	tb = Compute(a, time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC))
	for id, want := range map[string]State{"p1": OnTime, "p2": Overdue, "p3": Overdue, "p5": NotDue} {
		if got := tb.Of(a.Problem("2020/banzi#" + id)).State; got != want {
			t.Errorf("as of 2022-12-31, %s: %v, want %v", id, got.Label(), want.Label())
		}
	}
	// Its warnings give the status known then.
	for _, d := range tb.Diagnostics() {
		if strings.Contains(d.Message, "2020/banzi#p2 ") && !strings.Contains(d.Message, "is 【整改中】 (2021/banzi) as of 2022-12-31") {
			t.Errorf("as of 2022-12-31: %s", d.Message)
		}
	}
}

// A problem no report covers is overdue once its deadline is past the
// as-of date; one done before its deadline is on time.
func TestUnreported(t *testing.T) {
	a := site(t,
		[5]string{"2021年3月", "2021年12月31日前", "2022年春节前", "尽快", ""},
		"- 【已整改】[[2020/banzi#p2]] 二是完成。\n",
		"")
	tb := Compute(a, time.Time{})
	for id, want := range map[string]State{"p1": Overdue, "p2": OnTime, "p3": Overdue, "p4": NoDeadline, "p5": NoDeadline} {
		if got := tb.Of(a.Problem("2020/banzi#" + id)).State; got != want {
			t.Errorf("%s: %v, want %v", id, got.Label(), want.Label())
		}
	}
	var warned []string
	for _, d := range tb.Diagnostics() {
		warned = append(warned, fmt.Sprintf("%s:%d:%d %s", d.Path, d.Line, d.Col, strings.Fields(d.Message)[0]))
	}
	want := []string{"content/2020/banzi.md:55:13 cannot", "content/2020/banzi.md:11:5 overdue:", "content/2020/banzi.md:19:5 overdue:"}
	if strings.Join(warned, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant\n%s", strings.Join(warned, "\n"), strings.Join(want, "\n"))
	}
}

func TestDocDate(t *testing.T) {
	a := site(t, [5]string{}, "", "")
	d := a.Docs[0]
	if got := DocDate(d).Format(time.DateOnly); got != "2021-01-20" {
		t.Errorf("dated: %s", got)
	}
	d.Date = time.Time{}
	if got := DocDate(d).Format(time.DateOnly); got != "2021-01-01" {
		t.Errorf("undated: %s", got)
	}
}
