package importer

import (
	"fmt"
	"regexp"
	"strings"

	"mzshh/generator/content"
)

// A section's role — the report on last year, the problems, their causes,
// the measures, or none of them — is read from three kinds of evidence:
// the words of its heading (a broad vocabulary, as real materials write
// them), its content (statuses and last year in a report, the words of
// problems, causes or measures in its entries, 责任人 and 时限 lines) and its
// place (the report comes first, then problems, causes, measures; a role
// is seldom given twice).

// roleWords is the heading vocabulary: weight 3 for a section's own
// words, 1 for a word that may name it.
var roleWords = []struct {
	kind   content.SectionKind
	weight int
	words  []string
}{
	{content.SectionReport, 3, []string{"落实情况", "整改情况", "整改落实", "整改进展", "整改完成情况", "整改成效", "整改工作情况", "回头看", "上年度", "上一年度"}},
	{content.SectionCauses, 3, []string{"原因", "根源", "根子", "症结", "成因", "深层次"}},
	{content.SectionCauses, 2, []string{"剖析"}},
	{content.SectionMeasures, 3, []string{"整改措施", "努力方向", "努力反向", "整改方向", "下一步", "下步", "今后", "改进措施", "整改打算", "整改思路", "努力的方向", "整改举措"}},
	{content.SectionMeasures, 1, []string{"措施", "打算", "方向", "举措"}},
	{content.SectionProblems, 3, []string{"存在的主要问题", "存在的问题", "存在问题", "突出问题", "查摆的问题", "查摆问题", "问题查摆", "对照检查情况", "检视问题", "查找的问题", "差距和不足", "问题和不足", "不足之处", "主要问题", "检视剖析"}},
	{content.SectionProblems, 1, []string{"问题", "不足", "差距", "对照检查", "检视", "查摆"}},
	{content.SectionOther, 3, []string{"基本情况", "有关事项", "个人事项", "需要说明", "征求意见"}},
}

// rolePrecedence breaks ties between roles named as strongly, as
// content.ClassifySection does: 整改措施落实情况 is a report, 存在问题的原因
// are causes.
var rolePrecedence = []content.SectionKind{content.SectionReport, content.SectionCauses, content.SectionMeasures, content.SectionProblems, content.SectionOther}

// roleOrder is the usual order of the sections.
var roleOrder = map[content.SectionKind]int{content.SectionReport: 0, content.SectionProblems: 1, content.SectionCauses: 2, content.SectionMeasures: 3}

// headingRole reads a heading's words: the role they name most strongly,
// how strongly, and every role's weight.
func headingRole(t string) (content.SectionKind, int, map[content.SectionKind]int) {
	t = squeeze(t)
	w := map[content.SectionKind]int{}
	for _, rw := range roleWords {
		for _, word := range rw.words {
			if strings.Contains(t, word) && rw.weight > w[rw.kind] {
				w[rw.kind] = rw.weight
			}
		}
	}
	best, weight := content.SectionOther, 0
	for _, k := range rolePrecedence {
		if w[k] > weight {
			best, weight = k, w[k]
		}
	}
	return best, weight, w
}

// strongHeading reports whether a short unnumbered line is a section
// heading by its words alone.
func strongHeading(t string) (content.SectionKind, bool) {
	k, weight, _ := headingRole(t)
	return k, weight >= 3 && k != content.SectionOther
}

// Words of the content.
var (
	statusWords   = regexp.MustCompile(`已整改|已完成|完成整改|整改到位|基本完成|基本整改|已基本|正在整改|持续整改|整改中|长期坚持|已销号|未完成|未整改|整改情况[：:]|整改成效[：:]`)
	lastYear      = regexp.MustCompile(`(?:19|20)\d\d\s*年度?[^，。；]{0,12}(?:民主生活会|组织生活会)|上年度|上一年度|去年|上次`)
	causeLead     = regexp.MustCompile(`理想信念|宗旨意识|党性|思想认识|世界观|人生观|价值观|权力观|主观世界|纪律观念|纪律意识|规矩意识|政治站位|思想根源|担当精神|进取意识|忧患意识|责任意识|群众观念|放松了|思想上|思想深处`)
	problemLead   = regexp.MustCompile(`不够|不强|不到位|不深|不足|差距|欠缺|不高|不严|不实|不细|不准|不精|缺乏|存在|有待|偏少|不多|较少|薄弱|滞后|缓慢|流于形式|需要加强|有所|方面$|方面[，。：]|表现为|表现在|还有`)
	measureLead   = regexp.MustCompile(`^(?:在.{1,30}上)?(?:坚持|加强|强化|提升|筑牢|严守|深化|聚焦|持续|着力|切实|进一步|始终|不断|全面|坚决|扎实|狠抓|树牢|锤炼|践行|推动|推进|完善|建立|健全|带头|增强|提高|改进|转变|严格|注重|突出|坚定|夯实|锻造|保持|做到|争当|勇于|认真)`)
	measureMarks  = regexp.MustCompile(`责任人[：:]|整改时限|完成时限|责任单位[：:]|作表率|当先锋|走在前`)
	negativeWords = regexp.MustCompile(`不够|不强|不到位|不足|差距|欠缺|不高|不严|缺乏|薄弱|方面|问题`)
)

// leadRole reads one entry's lead sentence: the role its words suggest.
func leadRole(lead, text string) content.SectionKind {
	lead = trimBlank(lead[leadingMarker(lead).len:])
	switch {
	case measureMarks.MatchString(text):
		return content.SectionMeasures
	case measureLead.MatchString(lead) && !negativeWords.MatchString(lead):
		return content.SectionMeasures
	case strings.HasSuffix(strings.TrimRight(lead, "。：:，,"), "方面"):
		return content.SectionProblems
	case causeLead.MatchString(lead):
		return content.SectionCauses
	case problemLead.MatchString(lead):
		return content.SectionProblems
	}
	return content.SectionOther
}

// contentEvidence is what a section's content says of its role: a weight
// of 0–3 for each role, and words saying why.
type contentEvidence struct {
	weight map[content.SectionKind]int
	why    map[content.SectionKind]string
}

// readContent weighs a section's content. Its entries are the paragraphs
// that start with numbering or a bullet, or every paragraph when none does.
func readContent(blocks []block) contentEvidence {
	ev := contentEvidence{weight: map[content.SectionKind]int{}, why: map[content.SectionKind]string{}}
	var entries []block
	for _, b := range blocks {
		if b.table == nil && leadingMarker(b.text).style != markNone {
			entries = append(entries, b)
		}
	}
	if len(entries) == 0 {
		for _, b := range blocks {
			if b.table == nil {
				entries = append(entries, b)
			}
		}
	}
	if len(entries) == 0 {
		return ev
	}
	count := map[content.SectionKind]int{}
	for _, b := range entries {
		lead := b.text[:sentenceEnd(b.text, leadTerminators)]
		count[leadRole(lead, b.text)]++
	}
	n := len(entries)
	// Statuses may stand in the paragraphs under a report item's heading.
	statuses := 0
	for _, b := range blocks {
		if b.table == nil && (b.status != "" || statusWords.MatchString(b.text)) {
			statuses++
		}
	}
	statuses = min(statuses, n)
	scale := func(c int) int {
		switch {
		case c == 0:
			return 0
		case 3*c >= 2*n && c >= 2:
			return 3
		case 2*c >= n && c >= 2:
			return 2
		}
		return 1
	}
	for _, k := range []content.SectionKind{content.SectionProblems, content.SectionCauses, content.SectionMeasures} {
		if count[k] > 0 {
			ev.weight[k] = scale(count[k])
			ev.why[k] = fmt.Sprintf("%d of its %d entries read as %s", count[k], n, roleName(k))
		}
	}
	// A report names statuses, and last year.
	r := scale(statuses)
	if len(blocks) > 0 && lastYear.MatchString(blocks[0].text) {
		r++
	}
	if r > 0 {
		ev.weight[content.SectionReport] = min(r, 3)
		ev.why[content.SectionReport] = fmt.Sprintf("%d of its %d entries state a status", statuses, n)
		if statuses == 0 {
			ev.why[content.SectionReport] = "it names last year's meeting"
		}
	}
	return ev
}

// roleName is a role as notes name it.
func roleName(k content.SectionKind) string {
	return map[content.SectionKind]string{
		content.SectionReport:   "report items",
		content.SectionProblems: "problems",
		content.SectionCauses:   "causes",
		content.SectionMeasures: "measures",
		content.SectionOther:    "text",
	}[k]
}

// assignRoles gives every section its role. The heading's words count
// double; the content and the place in the usual order add to them. A
// Markdown source's own role class decides. When the evidence disagrees,
// the most likely reading is taken and a note gives the alternative.
func (r *recogniser) assignRoles(spans []*sectionSpan) {
	used := map[content.SectionKind]bool{}
	last := -1
	for _, s := range spans {
		if s.heading == nil {
			continue
		}
		h := s.heading
		if h.role != "" {
			for _, k := range []content.SectionKind{content.SectionReport, content.SectionProblems, content.SectionCauses, content.SectionMeasures, content.SectionOther} {
				if content.RoleClass(k) == h.role {
					s.kind = k
				}
			}
			if s.kind != content.SectionOther {
				used[s.kind], last = true, max(last, roleOrder[s.kind])
			}
			continue
		}
		hk, hw, weights := headingRole(h.text)
		ev := readContent(s.blocks)
		score := func(k content.SectionKind) int {
			sc := 2*weights[k] + ev.weight[k]
			if k == hk && hw > 0 {
				sc += 2 // the words that name it first
			}
			switch {
			case used[k]:
				sc -= 2
			case roleOrder[k] > last:
				sc++
			}
			return sc
		}
		best, bestScore := content.SectionOther, 2*weights[content.SectionOther]+2
		second, secondScore := content.SectionOther, -1
		for _, k := range rolePrecedence[:4] {
			sc := score(k)
			switch {
			case sc > bestScore:
				second, secondScore = best, bestScore
				best, bestScore = k, sc
			case sc > secondScore && k != best:
				second, secondScore = k, sc
			}
		}
		s.kind = best
		if best != content.SectionOther {
			used[best], last = true, max(last, roleOrder[best])
		}
		label := shorten(h.text, 24)
		byWords := content.ClassifySection(h.text)
		switch {
		case hw > 0 && hk != best:
			r.note(h.line, NoteReview, "section %q: its heading has words of the %s section, but %s; imported as the %s section, with {.%s} after its heading; if it is the %s, change that to {.%s}",
				label, hk, evidence(ev, best, used[hk]), best, content.RoleClass(best), hk, content.RoleClass(hk))
		case hw == 0 && best != content.SectionOther:
			r.note(h.line, NoteReview, "section %q: its heading names no section, but %s; imported as the %s section, with {.%s} after its heading",
				label, evidence(ev, best, false), best, content.RoleClass(best))
		case best != content.SectionOther && secondScore >= bestScore-1 && ev.weight[second] >= 2 && ev.weight[second] > ev.weight[best] &&
			!(best == content.SectionReport && ev.weight[best] >= 2): // report items name problems
			r.note(h.line, NoteReview, "section %q: imported as the %s section by its heading, but %s; if it is the %s, write {.%s} after its heading",
				label, best, ev.why[second], second, content.RoleClass(second))
		case best != byWords && best != content.SectionOther:
			r.note(h.line, NoteInfo, "section %q is the %s section (its heading's words); {.%s} after the heading says so to the archive", label, best, content.RoleClass(best))
		case best == content.SectionOther && byWords != content.SectionOther:
			r.note(h.line, NoteReview, "section %q: its words would make it the %s section, but it reads as none of the four; kept as plain text, with {.other} after its heading", label, byWords)
		}
	}
}

// evidence says why a section was read as k.
func evidence(ev contentEvidence, k content.SectionKind, alreadyUsed bool) string {
	var why []string
	if w := ev.why[k]; w != "" {
		why = append(why, w)
	}
	if alreadyUsed {
		why = append(why, "that section came before")
	}
	if len(why) == 0 {
		why = append(why, "its place in the material says so")
	}
	return strings.Join(why, " and ")
}
