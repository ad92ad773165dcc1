package importer

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"mzshh/generator/content"
	"mzshh/generator/status"
)

// cue is wording that tells a report item's status. Strong cues are the
// vocabulary's own words; weak ones only hint.
type cue struct {
	words  []string
	class  status.Class
	strong bool
}

// cues in the order they are looked for: a longer phrase is found (and
// blanked) before the phrase it contains, so 未完成整改 does not also count
// as 完成整改, nor 基本完成整改 as 完成整改.
var cues = []cue{
	{[]string{"未完成整改", "未整改", "未完成"}, status.NotDone, true},
	{[]string{"尚未完成", "没有完成", "未能完成", "尚未"}, status.NotDone, false},
	{[]string{"已基本整改", "基本完成整改", "基本整改", "基本完成", "阶段性完成"}, status.Mostly, true},
	{[]string{"基本解决", "基本到位", "初见成效"}, status.Mostly, false},
	{[]string{"长期坚持"}, status.Ongoing, true},
	{[]string{"常态化", "永远在路上", "久久为功", "长期抓"}, status.Ongoing, false},
	{[]string{"正在整改", "整改中", "持续整改", "部分整改"}, status.InProgress, true},
	{[]string{"正在", "仍在", "还需", "尚需", "有待", "仍有", "仍存在", "仍未"}, status.InProgress, false},
	{[]string{"已完成整改", "已整改", "完成整改", "已销号", "已完成"}, status.Done, true},
	{[]string{"整改到位", "已全部", "全部完成", "已解决", "全部解决"}, status.Done, false},
}

// guess is a status read from wording.
type guess struct {
	class   status.Class
	sure    bool
	because []string // the words it rests on
}

// guessStatus reads the status of a report item from its wording.
func guessStatus(text string) guess {
	strong, weak := map[status.Class][]string{}, map[status.Class][]string{}
	for _, c := range cues {
		for _, w := range c.words {
			if !strings.Contains(text, w) {
				continue
			}
			text = strings.ReplaceAll(text, w, strings.Repeat("＿", runes(w)))
			if c.strong {
				strong[c.class] = append(strong[c.class], w)
			} else {
				weak[c.class] = append(weak[c.class], w)
			}
		}
	}
	pick := func(m map[status.Class][]string) (status.Class, []string) {
		least := status.Class(0)
		for c := range m {
			if least == 0 || c < least {
				least = c
			}
		}
		return least, m[least]
	}
	switch {
	case len(strong) == 1:
		c, words := pick(strong)
		sure := true
		for w := range weak {
			sure = sure && w == c
		}
		return guess{class: c, sure: sure, because: words}
	case len(strong) > 1: // e.g. 已完成…正在整改: the least advanced
		c, words := pick(strong)
		return guess{class: c, because: words}
	case len(weak) > 0:
		c, words := pick(weak)
		return guess{class: c, because: words}
	}
	return guess{}
}

var coverAll = regexp.MustCompile(`所有|全部|均已|都已|各项`)

// sectionStatus reads a status stated for all items in the report's
// narrative: "所有问题已基本整改".
func sectionStatus(paras []string) (status.Class, string) {
	for _, p := range paras {
		for p != "" {
			end := sentenceEnd(p, terminators+"，；")
			s := p[:end]
			p = p[end:]
			if !coverAll.MatchString(s) {
				continue
			}
			if g := guessStatus(s); g.class != 0 && len(g.because) > 0 {
				return g.class, trimBlank(strings.TrimRight(s, "。，；"))
			}
		}
	}
	return 0, ""
}

// normalise keeps the letters and digits of s: the words to compare.
func normalise(s string) []rune {
	var out []rune
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			out = append(out, r)
		}
	}
	return out
}

func bigrams(r []rune) []string {
	var out []string
	for i := 0; i+1 < len(r); i++ {
		out = append(out, string(r[i:i+2]))
	}
	return out
}

// containment is the share of title's character pairs found in text.
func containment(title []string, text string) float64 {
	if len(title) == 0 {
		return 0
	}
	n := 0
	for _, b := range title {
		if strings.Contains(text, b) {
			n++
		}
	}
	return float64(n) / float64(len(title))
}

// candidate is a problem of the reported year with its match score.
type candidate struct {
	p     *content.Problem
	score float64
}

// matchProblem finds the problem a report item is about by comparing the
// item's opening with the problem: the words of the problem's title in the
// item's first clause (fully) or first sentence (a little less), or the
// words of that clause (its topic: "关于…的问题") in the problem's title or,
// less, in its text. The match must be good and clearly better than the
// next.
func matchProblem(text string, problems []*content.Problem) (best candidate, others []candidate, ok bool) {
	t := trimBlank(text)
	t = strings.TrimPrefix(t[leadingMarker(t).len:], "关于")
	clauseRunes := normalise(t[:sentenceEnd(t, terminators+"，；：,;:")])
	clause := string(clauseRunes)
	sentence := string(normalise(t[:sentenceEnd(t, terminators)]))
	// "关于“三个有待提升”方面的问题": the clause's own words, in the title.
	topic := strings.TrimSuffix(strings.TrimSuffix(clause, "问题"), "的")
	topicPairs := bigrams([]rune(topic))
	var cands []candidate
	for _, p := range problems {
		words := normalise(stripMarker(p.Title))
		title := bigrams(words)
		if len(title) < 2 {
			continue
		}
		s := max(containment(title, clause), 0.8*containment(title, sentence))
		if len(topicPairs) >= 4 {
			// The clause's words in the title, or failing that in the
			// problem's own text: "关于重业务、轻学习的问题".
			s = max(s, 0.9*containment(topicPairs, string(words)), 0.8*containment(topicPairs, string(normalise(p.Text))))
		}
		cands = append(cands, candidate{p, s})
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	if len(cands) == 0 {
		return candidate{}, nil, false
	}
	best = cands[0]
	for _, c := range cands[1:] {
		if c.score >= 0.75*best.score && c.score > 0 {
			others = append(others, c)
		}
	}
	return best, others, best.score >= 0.6 && len(others) == 0
}

// reportContext is what linking report items needs.
type reportContext struct {
	prev     *content.Document // the document reported on; nil if not in the archive
	prevKey  string            // its key, "2020/banzi"
	foreign  string            // the unit whose document has that key, when it is another's
	vocab    content.Vocabulary
	fallback status.Class // stated for all items in the narrative
	because  string
	// earlier holds the unit's own documents of earlier years by year: an
	// item that names an earlier year than the one reported on
	// ("关于2020年度查摆的…问题", a problem closed late) is matched there.
	earlier map[int]*content.Document
}

// namedYear is the year a report item says its problem was raised in.
var namedYear = regexp.MustCompile(`^关于((?:19|20)\d\d)年度?(?:民主生活会|组织生活会)?(?:查摆|提出|检视)`)

// link gives each report item its status and reference, or marks it for
// review.
func (r *recogniser) link(ctx reportContext) {
	first := slices.IndexFunc(r.out, func(b outBlock) bool { return b.kind == outReport })
	if first < 0 {
		return
	}
	var narrative []string
	for _, b := range r.out[:first] {
		if b.kind == outPara && b.inReport {
			narrative = append(narrative, b.text)
		}
	}
	ctx.fallback, ctx.because = sectionStatus(narrative)
	covered := map[string]bool{}
	for i := range r.out {
		b := &r.out[i]
		if b.kind != outReport {
			continue
		}
		r.linkItem(b, ctx)
		if b.ref != "" {
			r.counts.Linked++
			covered[strings.TrimPrefix(b.ref, ctx.prevKey+"#")] = true
		}
		if b.review != "" {
			r.counts.Review++
		}
	}
	if ctx.prev == nil || r.counts.Linked == 0 {
		return // the unplaced items are noted; a list of every problem would be noise
	}
	for _, p := range ctx.prev.Problems {
		if covered[p.ID] || (p.Group != nil && covered[p.Group.ID]) {
			continue
		}
		if p.IsGroup() && len(p.Items) > 0 {
			continue // its items speak for it
		}
		r.note(0, NoteInfo, "no report item names %s#%s %q; add one if the material reports on it", ctx.prevKey, p.ID, shorten(p.Title, 24))
	}
}

func (r *recogniser) linkItem(b *outBlock, ctx reportContext) {
	text := strings.Join(append([]string{b.text}, b.cont...), "")
	label := shorten(b.text, 16)
	// The status.
	word, sure := "", false
	var basis, reason string // why the status is what it is: for the 待核实 line, for the report
	if b.hint != "" {
		if _, err := ctx.vocab.Lookup(b.hint); err == nil {
			word, sure = b.hint, true
		}
	}
	if word == "" {
		// The status is in what was done, not in the problem's name that
		// opens the item ("关于执法办案质量有待提高的问题。").
		g := guessStatus(withoutTopic(text))
		switch {
		case g.class != 0:
			word, sure = g.class.Label(), g.sure
			basis = "是据文中“" + strings.Join(g.because, "”“") + "”推定的"
			reason = "uncertain, the wording has “" + strings.Join(g.because, "”, “") + "”"
		case ctx.fallback != 0:
			word = ctx.fallback.Label()
			basis = "是据总述“" + ctx.because + "”推定的"
			reason = "guessed from the narrative's “" + ctx.because + "”"
		default:
			word = status.InProgress.Label()
			basis = "文中未写明，暂填"
			reason = "not stated, 整改中 put in"
		}
	}
	if strings.HasPrefix(b.text, "【") {
		b.review = reviewPrefix + "本条原文以【】开头，未自动补写状态和引用；请核对后补写并删去本行。"
		r.note(b.line, NoteReview, "report item %q already starts with 【…】: left for you to mark", label)
		return
	}
	// The problem it reports on.
	if ctx.prev == nil && ctx.foreign != "" {
		b.review = reviewPrefix + fmt.Sprintf("档案中的 %s 是%s的材料，不是本单位的，无法确定本条对应的问题；整改状态可能是“%s”。请在本条开头补写【状态】和引用，并删去本行。", ctx.prevKey, ctx.foreign, word)
		r.note(b.line, NoteUnplaced, "report item %q: no reference, content/%s.md is another unit's", label, ctx.prevKey)
		return
	}
	if ctx.prev == nil {
		b.review = reviewPrefix + fmt.Sprintf("档案中没有 %s，无法确定本条对应的问题；整改状态可能是“%s”。请在本条开头补写【状态】和引用，并删去本行。", ctx.prevKey, word)
		r.note(b.line, NoteUnplaced, "report item %q: no reference, content/%s.md is not in the archive", label, ctx.prevKey)
		return
	}
	if m := namedYear.FindStringSubmatch(b.text); m != nil {
		y, _ := strconv.Atoi(m[1])
		if d := ctx.earlier[y]; d != nil && d != ctx.prev {
			ctx.prev, ctx.prevKey = d, d.Key
		}
	}
	best, others, ok := matchProblem(b.text, ctx.prev.Problems)
	if !ok {
		var names []string
		for _, c := range append([]candidate{best}, others...) {
			if c.p != nil && c.score >= 0.3 {
				names = append(names, ctx.prevKey+"#"+c.p.ID+"（"+shorten(stripMarker(c.p.Title), 16)+"）")
			}
		}
		what := "找不到对应的问题"
		if len(names) > 0 {
			what = "可能对应 " + strings.Join(names, " 或 ")
		}
		b.review = reviewPrefix + fmt.Sprintf("%s；整改状态可能是“%s”。请在本条开头补写【状态】和引用，并删去本行。", what, word)
		if len(names) == 0 {
			r.note(b.line, NoteUnplaced, "report item %q: no problem of %s matches it", label, ctx.prevKey)
		} else {
			r.note(b.line, NoteUnplaced, "report item %q: no problem of %s matches it clearly (perhaps %s)", label, ctx.prevKey, strings.Join(names, ", "))
		}
		return
	}
	b.ref = ctx.prevKey + "#" + best.p.ID
	b.status = word
	switch {
	case sure:
		r.note(b.line, NoteInfo, "report item %q → 【%s】[[%s]]", label, word, b.ref)
		return
	case strings.HasSuffix(basis, "暂填"):
		b.review = reviewPrefix + "整改状态" + basis + "“" + word + "”，请核对后删去本行。"
	default:
		b.review = reviewPrefix + "整改状态“" + word + "”" + basis + "，请核对后删去本行。"
	}
	r.note(b.line, NoteReview, "report item %q → 【%s】[[%s]]: status %s; check it", label, word, b.ref, reason)
}

// topicClause is the opening that names the problem a report item is on:
// "1.关于…的问题。" or "…的问题，".
var topicClause = regexp.MustCompile(`^[^。；;]{0,80}?问题[。，,；;：:]`)

// withoutTopic drops the opening of a report item that only names its
// problem, so that the problem's own words (有待, 不够) do not read as the
// status.
func withoutTopic(text string) string {
	t := trimBlank(text)
	t = t[leadingMarker(t).len:]
	if loc := topicClause.FindStringIndex(t); loc != nil && loc[1] < len(t) {
		return t[loc[1]:]
	}
	return text
}

// reportedKey is the key of the document the report section reports on:
// the year its heading names, or the year before.
func reportedKey(heading string, m Meta) string {
	y := m.Year - 1
	if sm := reportYear.FindStringSubmatch(heading); sm != nil {
		if v, _ := strconv.Atoi(sm[1]); v < m.Year && v > m.Year-10 {
			y = v
		}
	}
	return strconv.Itoa(y) + "/" + m.Name
}
