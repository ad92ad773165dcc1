package render

import (
	"strings"
	"testing"

	"mzshh/generator/content"
)

// TestMarkup: the structure content finds is written as the pages'
// elements and classes by Markup.
func TestMarkup(t *testing.T) {
	src := "---\ntitle: 甲\nyear: 2021\nunit: 乙\nkind: 班子\nmeeting: 丙\n---\n\n" +
		"## 一、落实情况\n\n- 【基本整改】[[2020/banzi#p1]] 已落实。\n\n" +
		"## 二、存在的主要问题\n\n### （一）理论学习方面 {#p1}\n\n#### 一是学懂不够。 {#p1-1}\n\n正文一。\n\n" +
		"## 三、整改措施\n\n### （一）筑牢信仰之基。 {#m1}\n\n针对 [[#p1]]\n\n措施正文。\n"
	d, diags := content.NewParser(content.Config{}, content.DefaultVocabulary(), Markup{}).Parse("content/2021/banzi.md", []byte(src))
	if d == nil {
		t.Fatal(diags)
	}
	b, err := d.Body()
	if err != nil {
		t.Fatal(err)
	}
	body := string(b)
	for _, want := range []string{
		`<section class="sec sec-problems">`,
		`<div class="entry problem group" id="p1">`,
		`<div class="entry problem item" id="p1-1">`,
		`<p><strong class="lead" role="heading" aria-level="4">一是学懂不够。</strong>正文一。</p>`,
		`<li id="r1" class="report"><span class="annot status s-mostly">基本整改</span>`,
		`<p><strong class="lead" role="heading" aria-level="3">（一）筑牢信仰之基。</strong>措施正文。</p>`,
		`<p class="annot refline">针对 `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q\n%s", want, body)
		}
	}
	if strings.Contains(body, "mzshh-role") {
		t.Error("the role attribute reached the page")
	}
}
