package importer

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"mzshh/generator/content"
)

// outKind is what a block of the imported document is.
type outKind int

const (
	outPara outKind = iota
	outSection
	outGroup
	outItem
	outCause
	outMeasure
	outReport
	outTable
)

// outBlock is one block of the Markdown to write.
type outBlock struct {
	kind     outKind
	text     string // the paragraph, or the heading's text
	line     int
	id       string // {#id} of a group, item, cause or measure
	inReport bool   // a paragraph of the report section
	table    [][]string

	// A report item.
	status string   // the status word; "" when the item is written without one
	ref    string   // the problem it names: "2020/banzi#p1"; "" if none
	cont   []string // further paragraphs of the item
	review string   // the 待核实 note, if the item needs a look
	hint   string   // a status word the source gave (Markdown 【…】)

	// A section: the role class written after its heading when its words
	// alone would not give the archive its role ("problems"); "" if they do.
	role string
}

// sectionSpan is a "##" section of the source, or the preamble before the
// first one (heading nil).
type sectionSpan struct {
	heading *block
	kind    content.SectionKind
	blocks  []block
}

// resembleSection guesses what an unrecognised heading is meant to be, for
// a helpful note.
func resembleSection(heading string) (content.SectionKind, string) {
	for _, w := range []struct {
		kind  content.SectionKind
		words []string
		need  string
	}{
		{content.SectionReport, []string{"整改情况", "上年度", "整改落实", "落实"}, "落实情况"},
		{content.SectionCauses, []string{"根源", "剖析", "症结"}, "原因"},
		{content.SectionMeasures, []string{"努力", "方向", "打算", "改进", "整改"}, "整改措施 or 努力方向"},
		{content.SectionProblems, []string{"不足", "差距", "查摆", "对照检查"}, "问题"},
	} {
		for _, word := range w.words {
			if strings.Contains(heading, word) {
				return w.kind, w.need
			}
		}
	}
	return content.SectionOther, ""
}

var sectionNames = map[content.SectionKind]string{
	content.SectionReport:   "report (落实情况)",
	content.SectionProblems: "problems (问题)",
	content.SectionCauses:   "causes (原因)",
	content.SectionMeasures: "measures (整改措施)",
	content.SectionOther:    "other",
}

var (
	partHeading        = regexp.MustCompile(`^第[一二三四五六七八九十]+部分`)
	strongSectionWords = regexp.MustCompile(`落实情况|原因|整改措施|努力方向|努力反向|存在的主要问题|存在的问题|存在问题|主要问题|查摆问题|问题查摆`)
)

// recogniser turns the blocks of a source into the blocks of an archive
// document.
type recogniser struct {
	src      *source
	topLevel int  // the source's outermost heading level below the title
	parts    bool // sections are 第一部分…; 一、 then numbers entries
	out      []outBlock
	notes    []Note
	counts   Counts
	reportHd string
}

func (r *recogniser) note(line int, kind NoteKind, format string, args ...any) {
	r.notes = append(r.notes, Note{Line: line, Kind: kind, Text: fmt.Sprintf(format, args...)})
}

func (r *recogniser) emit(b outBlock) { r.out = append(r.out, b) }

// rank is a block's heading rank from the source's own styles: 1 for the
// outermost (sections), 2 for groups, causes and measures, 3 for items; 0
// for a plain paragraph.
func (r *recogniser) rank(b block) int {
	if b.level == 0 || r.topLevel == 0 {
		return 0
	}
	return b.level - r.topLevel + 1
}

// titleWords are words a title line holds.
var titleWords = []string{"对照检查", "检查材料", "剖析材料", "发言提纲", "发言材料", "检视", "材料"}

func looksLikeTitle(b block) bool {
	t := b.text
	if b.table != nil || leadingMarker(t).style != markNone || runes(t) > 80 ||
		strings.ContainsAny(t, "。，") || strings.HasSuffix(t, "：") || strings.HasSuffix(t, ":") {
		return false
	}
	for _, w := range titleWords {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// takeTitle finds the title: the first block when it reads as one (or is
// styled as one), or the first two when a short line is followed by one.
func (r *recogniser) takeTitle(blocks []block) (title string, line int, rest []block) {
	if len(blocks) == 0 {
		return "", 0, blocks
	}
	b0 := blocks[0]
	if b0.table == nil && (b0.title || looksLikeTitle(b0)) {
		return b0.text, b0.line, blocks[1:]
	}
	if len(blocks) > 1 && b0.table == nil && runes(b0.text) <= 30 && leadingMarker(b0.text).style == markNone &&
		!strings.ContainsAny(b0.text, "。，：:；") && looksLikeTitle(blocks[1]) {
		return b0.text + blocks[1].text, b0.line, blocks[2:]
	}
	return "", 0, blocks
}

// headingOnly reports whether t is one short line with no sentence end
// inside: a heading rather than a paragraph.
func headingOnly(t string, max int) bool {
	return runes(t) <= max && sentenceEnd(t, leadTerminators) >= len(t)
}

// sectionHead reports whether b starts a section given the current one,
// and how many bytes of it are the heading (the rest runs into the text).
func (r *recogniser) sectionHead(b block, cur content.SectionKind, started bool) (bool, int) {
	if b.table != nil {
		return false, 0
	}
	t := b.text
	m := leadingMarker(t)
	switch {
	case partHeading.MatchString(t), m.style == markCnDun && !r.parts:
		return true, sentenceEnd(t, leadTerminators)
	case r.rank(b) == 1 && m.style == markNone:
		return true, len(t)
	case m.style == markNone && runes(t) <= 30 && !strings.ContainsAny(t, terminators+"；;，,：:【】"):
		// An unnumbered heading: short, no punctuation, and a section's own
		// words, not just 问题 somewhere.
		if k, ok := strongHeading(t); ok && (!started || k != cur) {
			return true, len(t)
		}
	}
	return false, 0
}

// sections splits the blocks after the title into the preamble and the
// "##" sections.
func (r *recogniser) sections(blocks []block) []*sectionSpan {
	cur := &sectionSpan{kind: content.SectionOther}
	spans := []*sectionSpan{cur}
	lastNum := 0
	for _, b := range blocks {
		r.parts = r.parts || (b.table == nil && partHeading.MatchString(b.text))
	}
	for _, b := range blocks {
		ok, n := r.sectionHead(b, cur.kind, cur.heading != nil)
		if !ok {
			cur.blocks = append(cur.blocks, b)
			continue
		}
		head := slice(b, 0, n)
		k, _, _ := headingRole(head.text)
		cur = &sectionSpan{heading: &head, kind: k}
		spans = append(spans, cur)
		if m := leadingMarker(head.text); m.style == markCnDun {
			if lastNum > 0 && m.num != lastNum+1 {
				r.note(b.line, NoteInfo, "section numbering: %s、 follows %s、 (kept as written)", cnNumeral(m.num), cnNumeral(lastNum))
			}
			lastNum = m.num
		}
		if rest := slice(b, n, len(b.text)); rest.text != "" {
			cur.blocks = append(cur.blocks, rest)
		}
	}
	return spans
}

// slice returns the part [start,end) of b's text, blanks trimmed, with its
// bold spans.
func slice(b block, start, end int) block {
	t := b.text[start:end]
	lead := len(t) - len(strings.TrimLeftFunc(t, isBlank))
	t = trimBlank(t)
	out := block{text: t, line: b.line, status: b.status}
	if start == 0 {
		out.level, out.title = b.level, b.title
	} else {
		out.status = ""
	}
	off := start + lead
	for _, s := range b.bold {
		s0, s1 := max(s.start-off, 0), min(s.end-off, len(t))
		if s0 < s1 {
			out.bold = append(out.bold, span{s0, s1})
		}
	}
	return out
}

// splitLead splits a numbered paragraph into its lead sentence (a heading)
// and the rest: at the end of a bold run that starts the paragraph, or else
// after the first sentence.
func splitLead(b block) (head, rest block) {
	end := 0
	if len(b.bold) > 0 && b.bold[0].start <= len(b.text)-len(strings.TrimLeftFunc(b.text, isBlank)) {
		end = b.bold[0].end
		for end < len(b.text) { // take the punctuation that closes the bold lead
			c, n := decodeRune(b.text[end:])
			if !strings.ContainsRune(leadTerminators+closers, c) {
				break
			}
			end += n
		}
		if runes(b.text[:end]) < 4 { // bold numbering only
			end = 0
		}
	}
	if end == 0 {
		end = sentenceEnd(b.text, leadTerminators)
	}
	return slice(b, 0, end), slice(b, end, len(b.text))
}

// inlineMark is a numbered part running on inside a paragraph.
type inlineMark struct {
	at    int  // byte offset
	outer bool // a group (or entry), not an item
}

// inlineMarks finds the numbered parts that run on inside t, each at its
// start or just after a sentence or clause end outside quotation marks:
// markers of style outer numbered on from outerN (（二） after （一）), and,
// when items, 一是 numbered on from innerN inside the current outer part
// (starting again at 一 after each). Numbering that does not follow on is
// taken for text: "二是" inside item 三 is not a new item.
func inlineMarks(t string, outer markStyle, outerN, innerN int, items bool) []inlineMark {
	depth := depths(t)
	var marks []inlineMark
	next := func(m marker, n int) bool { return m.num == n+1 || (m.num == 1 && n == 0) }
	inner := markNone // the style run-on items are numbered in: 一是, or （1） inside 1.
	for i := 0; i < len(t); {
		m := leadingMarker(t[i:])
		if m.style != markNone && boundaryBefore(t, i, depth) {
			switch {
			case m.style == outer && next(m, outerN):
				marks = append(marks, inlineMark{i, true})
				outerN, innerN = m.num, 0
				i += m.len
				continue
			case items && outer != markCnShi && outerN > 0 && innerStyle(m.style, outer) && (inner == markNone || m.style == inner) && next(m, innerN):
				marks = append(marks, inlineMark{i, false})
				innerN, inner = m.num, m.style
				i += m.len
				continue
			}
		}
		_, n := decodeRune(t[i:])
		i += n
	}
	return marks
}

// innerStyle reports whether numbering of style st may number run-on items
// inside a part numbered in style outer: 一是, or a numbering ranked inside
// outer (（1） inside 1.); bullets never run on.
func innerStyle(st, outer markStyle) bool {
	if st == markCnShi {
		return true
	}
	if st == markBullet || st == markNone {
		return false
	}
	return slices.Index(styleRank, st) > slices.Index(styleRank, outer)
}

func offsets(marks []inlineMark) []int {
	at := make([]int, len(marks))
	for i, m := range marks {
		at[i] = m.at
	}
	return at
}

// splitAt cuts b at the given byte offsets: the part before the first
// offset, then one part per offset.
func splitAt(b block, at []int) (before block, parts []block) {
	if len(at) == 0 {
		return b, nil
	}
	before = slice(b, 0, at[0])
	for i, s := range at {
		e := len(b.text)
		if i+1 < len(at) {
			e = at[i+1]
		}
		parts = append(parts, slice(b, s, e))
	}
	return before, parts
}

// styleRank orders the paragraph numbering styles from the outermost in.
// Bullets (——, ●, ■, ▲) rank after every numbering: in a section numbered
// 1. they are the items of each. 一、 numbers entries only in a material
// whose sections are 第一部分, 第二部分….
var styleRank = []markStyle{markCnDun, markCnParen, markArabicDot, markArabicParen, markArabicHalf, markCircled, markBullet, markCnShi}

// blockStyles are the styles that mark groups and items only at the start
// of a paragraph: all but 一是, which also runs on inside one.
var blockStyles = styleRank[:len(styleRank)-1]

// stylesAtStart returns the numbering styles that start paragraphs.
func stylesAtStart(blocks []block) map[markStyle]bool {
	seen := map[markStyle]bool{}
	for _, b := range blocks {
		if b.table == nil {
			seen[leadingMarker(b.text).style] = true
		}
	}
	return seen
}

func (r *recogniser) run(spans []*sectionSpan) {
	found := map[content.SectionKind]int{}
	for _, s := range spans {
		if s.heading == nil {
			for _, b := range s.blocks {
				r.para(b, false)
			}
			continue
		}
		role := ""
		if content.ClassifySection(s.heading.text) != s.kind {
			role = content.RoleClass(s.kind)
		}
		r.emit(outBlock{kind: outSection, text: s.heading.text, line: s.heading.line, role: role})
		if prev, dup := found[s.kind]; dup && s.kind != content.SectionOther {
			r.note(s.heading.line, NoteInfo, "a second %s section (the first is at %s %d)", sectionNames[s.kind], r.src.where, prev)
		} else {
			found[s.kind] = s.heading.line
		}
		switch s.kind {
		case content.SectionProblems:
			r.problems(s)
		case content.SectionCauses:
			r.entries(s, outCause)
		case content.SectionMeasures:
			r.entries(s, outMeasure)
		case content.SectionReport:
			r.reportHd = s.heading.text
			r.report(s)
		default:
			if len(s.blocks) > 0 {
				r.note(s.heading.line, NoteInfo, "section %q is not one of the four; kept as plain text", shorten(s.heading.text, 30))
			}
			for _, b := range s.blocks {
				r.para(b, false)
			}
		}
	}
	// A closing signature and date end up in the last section's last entry.
	if len(spans) > 1 {
		last := spans[len(spans)-1]
		for i := len(last.blocks) - 1; i >= 0 && i >= len(last.blocks)-3; i-- {
			b := last.blocks[i]
			if b.table == nil && findDate(b.text) != "" && last.kind != content.SectionOther && last.kind != content.SectionReport {
				entry := map[content.SectionKind]string{content.SectionProblems: "problem", content.SectionCauses: "cause", content.SectionMeasures: "measure"}[last.kind]
				r.note(b.line, NoteInfo, "the closing lines (signature, date) stay where they are, in the last %s: the format has no place after it", entry)
				break
			}
		}
	}
	if found[content.SectionProblems] == 0 {
		r.note(0, NoteUnplaced, "no problems section (a heading with 存在的主要问题 or 问题) was found; nothing was imported as problems")
	}
}

func (r *recogniser) para(b block, inReport bool) {
	if b.table != nil {
		r.emit(outBlock{kind: outTable, table: b.table, line: b.line})
		return
	}
	if b.text != "" {
		r.emit(outBlock{kind: outPara, text: b.text, line: b.line, inReport: inReport})
	}
}

// problems reads a problems section: groups （一） and their items 一是,
// also when the items run on inside a paragraph.
func (r *recogniser) problems(s *sectionSpan) {
	seen := stylesAtStart(s.blocks)
	ps := &problemState{r: r, groups: r.counts.Groups} // IDs go on from an earlier problems section
	for i, st := range blockStyles {
		if seen[st] {
			ps.groupStyle = st
			for _, inner := range blockStyles[i+1:] {
				if seen[inner] {
					ps.itemStyle = inner
					break
				}
			}
			break
		}
	}
	rankedGroups := false
	for _, b := range s.blocks {
		rankedGroups = rankedGroups || (r.rank(b) == 2 && leadingMarker(b.text).style == markNone)
	}
	// Without group numbering, 一是 paragraphs are the groups themselves.
	ps.shiGroups = ps.groupStyle == markNone && !rankedGroups
	for _, b := range s.blocks {
		if b.table != nil {
			r.para(b, false)
			continue
		}
		m := leadingMarker(b.text)
		rank := r.rank(b)
		switch {
		case (ps.groupStyle != markNone && m.style == ps.groupStyle) || (rank == 2 && m.style == markNone) || (ps.shiGroups && m.style == markCnShi):
			ps.group(b)
		case (ps.itemStyle != markNone && m.style == ps.itemStyle) || m.style == markCnShi || (rank == 3 && m.style == markNone):
			if ps.local == 0 {
				r.note(b.line, NoteUnplaced, "problem item %q comes before any problem group; kept as a plain paragraph", shorten(b.text, 20))
				r.para(b, false)
				continue
			}
			if m.style == markCnShi && m.num != ps.items+1 {
				r.note(b.line, NoteInfo, "item numbering: %s follows item %d of group p%d (kept as written)", shorten(b.text, 8), ps.items, ps.groups)
			}
			ps.item(b)
		default:
			ps.text(b)
		}
	}
}

// problemState is the state of reading a problems section.
type problemState struct {
	r                     *recogniser
	groupStyle, itemStyle markStyle
	shiGroups             bool
	groups, items         int // groups of the document, items of the current group
	local                 int // groups of this section
	lastGroupNum          int // the number the last group was written with
	lastItemNum           int // the number the last item was written with
}

func (ps *problemState) group(b block) {
	r := ps.r
	head, rest := splitLead(b)
	ps.groups++
	ps.local++
	ps.items, ps.lastItemNum = 0, 0
	if m := leadingMarker(head.text); m.style != markNone && m.style != markCnShi {
		if ps.lastGroupNum > 0 && m.num != ps.lastGroupNum+1 {
			r.note(b.line, NoteInfo, "group numbering: %s follows number %d (kept as written; the ID is p%d)", shorten(head.text, 8), ps.lastGroupNum, ps.groups)
		}
		ps.lastGroupNum = m.num
	}
	r.emit(outBlock{kind: outGroup, text: head.text, line: b.line, id: "p" + strconv.Itoa(ps.groups)})
	r.counts.Groups++
	ps.text(rest)
}

func (ps *problemState) item(b block) {
	r := ps.r
	head, rest := splitLead(b)
	ps.items++
	ps.lastItemNum = 0
	if m := leadingMarker(head.text); m.style == markCnShi {
		ps.lastItemNum = m.num
	}
	r.emit(outBlock{kind: outItem, text: head.text, line: b.line, id: fmt.Sprintf("p%d-%d", ps.groups, ps.items)})
	r.counts.Items++
	ps.text(rest)
}

// text places text inside the problems section: the part before any
// run-on group or item goes to the open group or item (or the section,
// before the first group); each run-on group or item starts a new one.
func (ps *problemState) text(b block) {
	if b.text == "" {
		return
	}
	outer := ps.groupStyle
	if ps.shiGroups {
		outer = markCnShi
	}
	inner := ps.items
	if ps.lastItemNum > 0 {
		inner = ps.lastItemNum
	}
	marks := inlineMarks(b.text, outer, ps.groupNum(), inner, true)
	before, parts := splitAt(b, offsets(marks))
	ps.r.para(before, false)
	for i, p := range parts {
		switch {
		case marks[i].outer:
			ps.group(p)
		case ps.local > 0:
			ps.item(p)
		default:
			ps.r.para(p, false)
		}
	}
}

// groupNum is the number the last group was written with.
func (ps *problemState) groupNum() int {
	if ps.lastGroupNum > 0 {
		return ps.lastGroupNum
	}
	return ps.local
}

// entries reads a causes or measures section: each numbered paragraph is an
// entry, its first sentence the heading.
func (r *recogniser) entries(s *sectionSpan, kind outKind) {
	seen := stylesAtStart(s.blocks)
	style := markNone
	for _, st := range styleRank {
		if seen[st] {
			style = st
			break
		}
	}
	n, lastNum := 0, 0
	prefix, name := "c", "cause"
	if kind == outMeasure {
		prefix, name = "m", "measure"
	}
	var text func(b block)
	start := func(b block) {
		head, rest := splitLead(b)
		n++
		if m := leadingMarker(head.text); m.style != markNone {
			if lastNum > 0 && m.num != lastNum+1 {
				r.note(b.line, NoteInfo, "%s numbering: %s follows number %d (kept as written; the ID is %s%d)", name, shorten(head.text, 8), lastNum, prefix, n)
			}
			lastNum = m.num
		}
		// IDs go on from an earlier section of the same kind.
		id := r.counts.Causes + 1
		if kind == outCause {
			r.counts.Causes++
		} else {
			id = r.counts.Measures + 1
			r.counts.Measures++
		}
		r.emit(outBlock{kind: kind, text: head.text, line: b.line, id: prefix + strconv.Itoa(id)})
		text(rest)
	}
	// text places a paragraph: entries may run on inside it, numbered in the
	// section's style, or as 一是…二是… when no paragraph is numbered.
	outer := style
	if outer == markNone {
		outer = markCnShi
	}
	text = func(b block) {
		if b.text == "" {
			return
		}
		marks := inlineMarks(b.text, outer, max(lastNum, n), 0, false)
		before, parts := splitAt(b, offsets(marks))
		r.para(before, false)
		for _, p := range parts {
			start(p)
		}
	}
	for _, b := range s.blocks {
		m := leadingMarker(b.text)
		switch {
		case b.table != nil:
			r.para(b, false)
		case style != markNone && m.style == style:
			// Entries may run on after it: "一是…；二是…；三是…".
			at := offsets(inlineMarks(b.text, style, max(lastNum, n), 0, false))
			if len(at) < 2 || at[0] != 0 {
				start(b)
				continue
			}
			_, parts := splitAt(b, at)
			for _, p := range parts {
				start(p)
			}
		case r.rank(b) == 2 && m.style == markNone:
			start(b)
		default:
			text(b)
		}
	}
	if n == 0 && len(s.blocks) > 0 {
		r.note(s.heading.line, NoteUnplaced, "no %ss recognised under %q: no paragraph starts with （一）, 1. or 一是; its text is kept as plain paragraphs", name, shorten(s.heading.text, 30))
	}
}

// report reads the report section: numbered paragraphs and inline 一是…
// are report items; text before them is the section's narrative. An item
// that is only a heading takes the unnumbered paragraphs after it.
func (r *recogniser) report(s *sectionSpan) {
	open := -1 // index in r.out of the item that takes following paragraphs
	count := 0
	startItem := func(b block) {
		r.emit(outBlock{kind: outReport, text: b.text, line: b.line, hint: b.status})
		r.counts.Reports++
		count++
		if m := leadingMarker(b.text); m.style == markCnShi {
			count = m.num
		}
		open = -1
		if headingOnly(b.text, 60) {
			open = len(r.out) - 1
		}
	}
	for _, b := range s.blocks {
		if b.table != nil {
			r.para(b, true)
			open = -1
			continue
		}
		if m := leadingMarker(b.text); (m.style != markNone && (m.style != markCnDun || r.parts)) || b.status != "" {
			// Items may run on after it: "一是…已整改。二是…".
			at := offsets(inlineMarks(b.text, m.style, max(count, m.num-1), 0, false))
			if b.status != "" || len(at) < 2 || at[0] != 0 {
				startItem(b)
				continue
			}
			_, parts := splitAt(b, at)
			for _, p := range parts {
				startItem(p)
			}
			continue
		}
		at := offsets(inlineMarks(b.text, markCnShi, count, 0, false))
		if len(at) == 0 && open >= 0 {
			r.out[open].cont = append(r.out[open].cont, b.text)
			continue
		}
		before, parts := splitAt(b, at)
		r.para(before, true)
		open = -1
		for _, p := range parts {
			startItem(p)
		}
	}
}
