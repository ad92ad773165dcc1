package content

import (
	"slices"
	"strings"

	"mzshh/generator/diag"

	"github.com/yuin/goldmark/ast"
)

// Section roles. A "##" section is recognised by its heading's words (see
// ClassifySection); a heading whose words say otherwise, or say nothing,
// names its role with a class written after it, as import does:
//
//	## 二、对照检查情况 {.problems}
//	## 三、问题产生的根源 {.causes}
//	## 五、需要说明的问题 {.other}
//
// The class is markup: it is read here and not written to the page.
var sectionRoles = map[string]SectionKind{
	"report":   SectionReport,
	"problems": SectionProblems,
	"causes":   SectionCauses,
	"measures": SectionMeasures,
	"other":    SectionOther,
}

// RoleClass is the class that names a section's role on its heading:
// "problems" for SectionProblems.
func RoleClass(k SectionKind) string {
	for c, kind := range sectionRoles {
		if kind == k {
			return c
		}
	}
	return ""
}

// sectionKind is the role of a "##" heading: the role class written after
// it, or else what its words say. The role class is taken off the heading.
func (b *builder) sectionKind(h *ast.Heading) SectionKind {
	kind := ClassifySection(b.plain(h))
	v, ok := h.AttributeString("class")
	if !ok {
		return kind
	}
	val, _ := v.([]byte)
	var keep []string
	for _, c := range strings.Fields(string(val)) {
		if k, isRole := sectionRoles[c]; isRole {
			kind = k
		} else {
			keep = append(keep, c)
		}
	}
	attrs := h.Attributes()
	h.RemoveAttributes()
	for _, a := range attrs {
		if string(a.Name) != "class" {
			h.SetAttribute(a.Name, a.Value)
		}
	}
	if len(keep) > 0 {
		h.SetAttributeString("class", []byte(strings.Join(keep, " ")))
	}
	return kind
}

// reviewMark starts the line import writes under a report item it could
// not settle: the item stays marked until someone checks it and deletes
// the line.
const reviewMark = "待核实"

// causeWords are the words of a cause, as the materials write them: a
// problems section whose entries are mostly in these words is probably the
// causes section, misfiled.
var causeWords = []string{
	"思想认识不到位", "理想信念", "宗旨意识", "党性修养", "党性锻炼", "党性观念",
	"思想认识", "世界观", "主观世界", "思想根源", "纪律观念", "规矩意识",
}

// measureWords are what only a measure holds: the person responsible and
// the deadline.
var measureWords = []string{"责任人：", "责任人:", "整改时限：", "整改时限:", "完成时限：", "完成时限:", "责任单位：", "责任单位:"}

// lint adds the warnings about a document's structure that need no other
// document: report items still marked 待核实, a problems section that
// reads like causes or measures, and, in a document whose sections are
// numbered as an outline (一、二、三、), a section role given twice, or a
// numbered section read as plain text while the problems, causes or
// measures are missing. (A document without a problems section is the
// archive's warning, for every document, and a report section that leaves
// out last year's problems gives its "not reported" warnings.)
func (b *builder) lint(root ast.Node) {
	problemByID := map[string]*Problem{}
	for _, p := range b.doc.Problems {
		problemByID[p.ID] = p
	}
	type seen struct {
		heading string
		line    int
	}
	first := map[SectionKind]seen{}
	numbered := 0
	var twice []func()
	type plain struct {
		heading string
		pos     diag.Pos
	}
	var others []plain // numbered sections recognised as none of the four
	for c := root.FirstChild(); c != nil; c = c.NextSibling() {
		sec, ok := c.(*SectionNode)
		if !ok {
			continue
		}
		h, _ := sec.FirstChild().(*ast.Heading)
		if h == nil {
			continue
		}
		heading := b.plain(h)
		pos := b.pos(h)
		if outlineNumbered(heading) {
			numbered++
			if sec.Section == SectionOther {
				others = append(others, plain{heading, pos})
			}
		}
		if sec.Section != SectionOther {
			if f, dup := first[sec.Section]; dup {
				kind := sec.Section
				twice = append(twice, func() {
					b.diags.Warnf(pos, "a second %s section: %q, after %q at line %d; if one of them is another section, say so in its heading's words or with {.%s} after it",
						kind, shortHeading(heading), shortHeading(f.heading), f.line, suggestRole(kind))
				})
			} else {
				first[sec.Section] = seen{heading, pos.Line}
			}
		}
		switch sec.Section {
		case SectionReport:
			b.lintReview(sec)
		case SectionProblems:
			b.lintProblems(sec, heading, problemByID)
		}
	}
	if numbered < 2 {
		return
	}
	for _, warn := range twice {
		warn()
	}
	var missing []string
	for _, k := range []SectionKind{SectionProblems, SectionCauses, SectionMeasures} {
		if _, ok := first[k]; !ok {
			missing = append(missing, k.String()+" ("+roleWords[k]+", or {."+RoleClass(k)+"})")
		}
	}
	if len(missing) == 0 {
		return
	}
	for _, o := range others {
		b.diags.Warnf(o.pos, "section %q is read as plain text, and the document has no %s section; if it is one of them, put its words in the heading or write its role after it",
			shortHeading(o.heading), strings.Join(missing, " or "))
	}
}

// roleWords are the words that make a heading a section of each role.
var roleWords = map[SectionKind]string{
	SectionReport:   "落实情况",
	SectionProblems: "问题",
	SectionCauses:   "原因",
	SectionMeasures: "整改措施 or 努力方向",
}

// suggestRole is the role a second section of kind k most often is: a
// problems section after the problems is the causes, and so on.
func suggestRole(k SectionKind) string {
	switch k {
	case SectionReport:
		return RoleClass(SectionProblems)
	case SectionProblems:
		return RoleClass(SectionCauses)
	case SectionCauses:
		return RoleClass(SectionMeasures)
	}
	return RoleClass(SectionOther)
}

// outlineNumbered reports whether a heading is numbered as a part of the
// material's outline: 一、… or 第一部分.
func outlineNumbered(heading string) bool {
	if strings.HasPrefix(heading, "第") {
		return strings.Contains(heading, "部分")
	}
	n := 0
	for _, r := range heading {
		if !strings.ContainsRune("一二三四五六七八九十", r) {
			return n > 0 && r == '、'
		}
		n++
	}
	return false
}

func shortHeading(s string) string { return ShortTitle(s, 24) }

// lintReview warns at every 待核实 line of a report section: a report item
// import could not settle, still waiting for a look.
func (b *builder) lintReview(sec *SectionNode) {
	ast.Walk(sec, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		p, ok := n.(*ast.Paragraph)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		text := b.plain(p)
		if !strings.HasPrefix(text, reviewMark) {
			return ast.WalkSkipChildren, nil
		}
		item := ""
		if li, ok := p.Parent().(*ast.ListItem); ok && li.FirstChild() != p && li.FirstChild() != nil {
			item = "“" + ShortTitle(b.plain(li.FirstChild()), 20) + "” "
		}
		b.diags.Warnf(b.pos(p), "report item %sstill marked %s: %s; check it, write its 【status】 and reference, then delete the line",
			item, reviewMark, ShortTitle(strings.TrimLeft(strings.TrimPrefix(text, reviewMark), "：: "), 40))
		return ast.WalkSkipChildren, nil
	})
}

// lintProblems warns about a problems section whose entries read like
// causes (理想信念…, 宗旨意识淡化) or like measures (责任人, 整改时限).
func (b *builder) lintProblems(sec *SectionNode, heading string, byID map[string]*Problem) {
	var entries []*Problem
	ast.Walk(sec, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if e, ok := n.(*EntryNode); ok && entering {
			if p := byID[e.ID]; p != nil {
				entries = append(entries, p)
			}
		}
		return ast.WalkContinue, nil
	})
	if len(entries) == 0 {
		return
	}
	check := func(words []string, text func(*Problem) string) (ids []string, found []string) {
		for _, p := range entries {
			t := text(p)
			for _, w := range words {
				if strings.Contains(t, w) {
					ids = append(ids, p.ID)
					w = strings.TrimRight(w, "：:")
					if !slices.Contains(found, w) {
						found = append(found, w)
					}
					break
				}
			}
		}
		return ids, found
	}
	pos := b.pos(sec.FirstChild())
	if ids, words := check(causeWords, func(p *Problem) string { return p.Title }); 2*len(ids) >= len(entries) {
		b.diags.Warnf(pos, "the problems section %q reads like causes: %d of its %d entries (%s) are in the words of causes (%s); if it is the causes section, put 原因 in its heading or write {.causes} after it",
			shortHeading(heading), len(ids), len(entries), listIDs(ids), strings.Join(words, "、"))
	}
	if ids, words := check(measureWords, func(p *Problem) string { return p.Title + p.Text }); len(ids) > 0 {
		b.diags.Warnf(pos, "the problems section %q reads like measures: %d of its %d entries (%s) have what a measure has (%s); if it is the measures section, put 整改措施 in its heading or write {.measures} after it",
			shortHeading(heading), len(ids), len(entries), listIDs(ids), strings.Join(words, "、"))
	}
}

// listIDs lists up to five IDs.
func listIDs(ids []string) string {
	if len(ids) > 5 {
		return strings.Join(ids[:5], ", ") + ", …"
	}
	return strings.Join(ids, ", ")
}
