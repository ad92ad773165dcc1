package importer

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text exported from Word (or copied out of a PDF) is laid out as pages:
// every line is cut at the page width, paragraphs start indented, and each
// page carries its number and often a running header or footer. Reading
// such text, the importer takes the page furniture out (and says so, line
// by line) and joins the lines of each paragraph again.

// Removal is a line of page furniture left out of the import.
type Removal struct {
	Line int    // the source line
	Text string // the line as it was, blanks trimmed
	Why  string // "page number", "running header or footer (3 times)"
}

// textLine is a non-blank line of a text source.
type textLine struct {
	raw  string // without the line end, leading blanks kept
	text string // blanks trimmed
	n    int    // line number, from 1
	gap  bool   // a blank line (not one around page furniture) comes before it
}

var (
	decoratedPage = regexp.MustCompile(`^[-－—–─~～·•_]+(\d{1,3})[-－—–─~～·•_]+$`)
	chinesePage   = regexp.MustCompile(`^(?:第(\d{1,3}|[一二三四五六七八九十]{1,3})页(?:[，,/／]?共(\d{1,3})页)?|共(\d{1,3})页[，,]?第(\d{1,3})页)$`)
	slashPage     = regexp.MustCompile(`^(\d{1,3})[/／](\d{1,3})$`)
	englishPage   = regexp.MustCompile(`^(?i:page)(\d{1,3})(?:(?i:of)|/)?(\d{1,3})?$`)
	barePage      = regexp.MustCompile(`^\d{1,3}$`)
)

// foldDigits turns full-width digits into ASCII ones.
func foldDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
}

// pageNumber reports whether a line is a page number in one of the forms
// Word and WPS print: — 2 —, -2-, ·2·, 第2页, 第2页 共10页, 共10页 第2页,
// 2/10, Page 2 of 10. A bare number counts only in a run of them (see
// findFurniture).
func pageNumber(line string) bool {
	t := foldDigits(squeeze(line))
	switch {
	case decoratedPage.MatchString(t), chinesePage.MatchString(t):
		return true
	case slashPage.MatchString(t):
		m := slashPage.FindStringSubmatch(t)
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		return a >= 1 && a <= b
	case englishPage.MatchString(t):
		return true
	}
	return false
}

// findFurniture finds the page furniture of a text: page numbers, and a
// short line repeated at page-like intervals (or each time next to a page
// number) as a running header or footer. The first line of the text is
// its title even when the header repeats it.
func findFurniture(lines []string) map[int]string {
	found := map[int]string{}
	first := -1
	var bare []int
	for i, l := range lines {
		t := trimBlank(l)
		if t == "" {
			continue
		}
		if first < 0 {
			first = i
		}
		switch {
		case pageNumber(t):
			found[i] = "page number"
		case barePage.MatchString(foldDigits(t)):
			bare = append(bare, i)
		}
	}
	// Bare numbers are page numbers when there are several, rising, and far
	// apart.
	if len(bare) >= 2 {
		rising := true
		for k := 1; k < len(bare); k++ {
			a, _ := strconv.Atoi(foldDigits(trimBlank(lines[bare[k-1]])))
			b, _ := strconv.Atoi(foldDigits(trimBlank(lines[bare[k]])))
			rising = rising && b > a && bare[k]-bare[k-1] >= 8
		}
		if rising {
			for _, i := range bare {
				found[i] = "page number"
			}
		}
	}
	// near[i]: a page number stands within three lines of line i, with
	// only blank lines between.
	near := make([]bool, len(lines))
	for p := range found {
		for _, step := range []int{-1, 1} {
			for k, d := p+step, 1; d <= 3 && k >= 0 && k < len(lines); k, d = k+step, d+1 {
				near[k] = true
				if trimBlank(lines[k]) != "" {
					break
				}
			}
		}
	}
	pages := len(found)
	// Running headers and footers.
	byKey := map[string][]int{}
	var keys []string
	for i, l := range lines {
		t := squeeze(l)
		if _, done := found[i]; done || t == "" || runes(t) > 40 || strings.ContainsAny(lastRune(t), "。！？!?；;，,") {
			continue
		}
		key := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r >= '０' && r <= '９' {
				return '#'
			}
			return r
		}, t)
		if _, ok := byKey[key]; !ok {
			keys = append(keys, key)
		}
		byKey[key] = append(byKey[key], i)
	}
	for _, key := range keys {
		occ := byKey[key]
		total := len(occ)
		if total < 2 {
			continue
		}
		if occ[0] == first {
			occ = occ[1:] // the title, repeated as the header
		}
		allNear := pages > 0
		for _, i := range occ {
			allNear = allNear && near[i]
		}
		regular := len(occ) >= 3
		if regular {
			lo, hi := len(lines), 0
			for k := 1; k < len(occ); k++ {
				g := occ[k] - occ[k-1]
				lo, hi = min(lo, g), max(hi, g)
			}
			regular = lo >= 8 && 5*hi <= 8*lo
		}
		if len(occ) >= 1 && (allNear || regular) {
			for _, i := range occ {
				found[i] = fmt.Sprintf("running header or footer (%d times)", total)
			}
		}
	}
	return found
}

func lastRune(s string) string {
	r, _ := utf8.DecodeLastRuneInString(s)
	return string(r)
}

// width is the width of a line as printed: a Chinese character, a
// full-width form or a Chinese punctuation mark is two columns, ASCII one.
func width(s string) int {
	w := 0
	for _, r := range s {
		switch {
		case r < 0x2010:
			w++
		default:
			w += 2
		}
	}
	return w
}

// endsSentence reports whether a line ends a sentence or a clause that
// introduces what follows: 。！？；： (closing quotation marks aside).
func endsSentence(t string) bool {
	t = strings.TrimRight(t, closers+" ")
	return strings.ContainsAny(lastRune(t), "。！？!?；;：:…")
}

func indented(raw string) bool {
	return strings.HasPrefix(raw, "\u3000") || strings.HasPrefix(raw, "  ") || strings.HasPrefix(raw, "\t")
}

// startsPart reports whether a line starts a heading or an item: a
// numbering, a bullet, or a section heading's words.
func startsPart(t string) bool {
	if leadingMarker(t).style != markNone || partHeading.MatchString(t) {
		return true
	}
	_, ok := strongHeading(t)
	return ok && runes(t) <= 30 && !strings.ContainsAny(t, terminators+"；;，,：:")
}

// wrapWidth finds the width the lines of a text were cut at, or 0 when
// they were not: most lines that end no sentence and run on into the next
// line have about the same width, and a wide one.
func wrapWidth(lines []textLine) int {
	var widths []int
	for k := 0; k+1 < len(lines); k++ {
		l := lines[k]
		if lines[k+1].gap || endsSentence(l.text) || startsPart(lines[k+1].text) {
			continue
		}
		if w := width(l.raw); w >= 40 {
			widths = append(widths, w)
		}
	}
	// The widest window of 4 columns holding the most of them.
	slices.Sort(widths)
	best, count := 0, 0
	lo := 0
	for hi, w := range widths {
		for widths[lo] < w-3 {
			lo++
		}
		if c := hi - lo + 1; c >= count {
			best, count = w, c
		}
	}
	if count >= 3 && 2*count >= len(widths) {
		return best
	}
	return 0
}

// joinWrapped joins two lines of a paragraph: Chinese text wraps without a
// space; a space goes back only between two ASCII letters or digits.
func joinWrapped(a, b string) string {
	x, _ := utf8.DecodeLastRuneInString(a)
	y, _ := utf8.DecodeRuneInString(b)
	alnum := func(r rune) bool {
		return r < 0x80 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}
	if alnum(x) && alnum(y) {
		return a + " " + b
	}
	return a + b
}

// layout is a text source's paragraphs after its page furniture is taken
// out and its hard-wrapped lines are joined.
type layout struct {
	paras   []block
	removed []Removal
	wrap    int // the width lines were cut at; 0 if they were not
	lines   int // lines joined into paragraphs
}

func layoutText(raw []string) layout {
	var out layout
	furniture := findFurniture(raw)
	var lines []textLine
	blank, furnitureSince := false, false
	for i, l := range raw {
		t := trimBlank(l)
		if why, ok := furniture[i]; ok {
			out.removed = append(out.removed, Removal{Line: i + 1, Text: t, Why: why})
			furnitureSince = true
			continue
		}
		if t == "" {
			blank = true
			continue
		}
		// Blank lines around page furniture are the page break's, not a
		// paragraph's end.
		lines = append(lines, textLine{raw: strings.TrimRight(l, " \t\u3000\r"), text: t, n: i + 1, gap: blank && !furnitureSince})
		blank, furnitureSince = false, false
	}
	out.wrap = wrapWidth(lines)
	if out.wrap == 0 {
		for _, l := range lines {
			out.paras = append(out.paras, block{text: l.text, line: l.n})
		}
		return out
	}
	// Do paragraphs start indented? Then a full line that ends a sentence
	// may still run on.
	starts, indents := 0, 0
	for k := 1; k < len(lines); k++ {
		if endsSentence(lines[k-1].text) && width(lines[k-1].raw) < out.wrap-3 {
			starts++
			if indented(lines[k].raw) {
				indents++
			}
		}
	}
	indentsParas := starts > 0 && 2*indents >= starts
	for k, l := range lines {
		if k > 0 {
			prev := lines[k-1]
			full := width(prev.raw) >= out.wrap-3
			runsOn := !l.gap && !indented(l.raw) && !startsPart(l.text) &&
				(endsSentence(prev.text) && full && indentsParas || !endsSentence(prev.text) && width(prev.raw) >= out.wrap-6)
			if runsOn {
				p := &out.paras[len(out.paras)-1]
				p.text = joinWrapped(p.text, l.text)
				out.lines++
				continue
			}
		}
		out.paras = append(out.paras, block{text: l.text, line: l.n})
	}
	return out
}
