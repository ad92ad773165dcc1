// Package deadline reads the 整改时限 of a rectification measure: the
// free text Chinese plans write ("2023年6月底", "一季度", "春节前",
// "长期坚持") becomes a date, and the text is kept as written.
//
// # Contract
//
// Parse(text, ref) never fails: it returns a Deadline whose Kind says what
// the text is.
//
//   - Dated: Date is the last day the text allows (a civil date, midnight
//     UTC). "前", "以前", "之前", "内" change nothing: "6月30日前" is 30 June,
//     "6月前" and "6月底" are 30 June.
//   - Ongoing (长期坚持, 持续推进, 常态化 …) and Immediate (立行立改, 立即整改,
//     即知即改 …) have no date.
//   - Empty: no text.
//   - Unknown: text that holds neither a date nor one of those words. The
//     text is kept; the caller warns.
//
// When a text holds several dates ("2023年3月底前完成方案，6月底前全面完成")
// the latest one counts: the measure is due when all of it is due. A year
// written alone ("2023年") counts only when no other date is written; it
// gives a year that later forms without a year inherit, as "6月底" above
// inherits 2023.
//
// # The forms
//
// Digits may be ASCII or full width, and numbers may be written in Chinese
// (二〇二三年六月底, 十二月三十一日, 三个月内). With a year: 2023年6月30日,
// 2023-06-30, 2023/6/30, 2023.6.30; 2023年6月, 2023.6, with 底/末/前 (last
// day), 上旬/初 (10th), 中/月中 (15th), 中旬 (20th), 下旬 (last day);
// 2023年底/年末/年内/年度; 2023年上半年 (30 June), 下半年, 年中 (30 June);
// 2023年第一季度, 一季度 (the quarter's last day); 2023年春节前 (the eve of the
// Spring Festival, from a table of 2000–2040), 元旦前 (31 December of the
// year before), 七一前 (30 June), 国庆前 (30 September).
//
// # Forms without a year
//
// A form without a year (年底前, 一季度, 6月底, 春节前) and before any written
// year is read against ref, the date the plan was made (the document's
// date): it is the first such day on or after ref. A document of 18 January
// 2022 that writes 年底前 means 31 December 2022, one that writes 春节前
// means the eve of the 2022 festival if it is still ahead, else of the
// 2023 one. Durations count from ref: 3个月内, 半年内, 30天内, 1年内.
//
// Parsing is linear in the text and allocates only its normalised copy.
package deadline

import (
	"strings"
	"time"
	"unicode"
)

// Kind says what a 整改时限 text is.
type Kind uint8

const (
	// Empty: the measure gives no 整改时限.
	Empty Kind = iota
	// Dated: Deadline.Date holds the last day.
	Dated
	// Ongoing: 长期坚持, 持续推进 and the like; no date.
	Ongoing
	// Immediate: 立行立改, 立即整改 and the like; no date.
	Immediate
	// Unknown: no date and no known word could be read.
	Unknown
)

// String names the kind in Chinese, as the ledger shows it.
func (k Kind) String() string {
	return [...]string{"", "限期", "长期坚持", "立行立改", "时限未识别"}[k]
}

// Deadline is a parsed 整改时限.
type Deadline struct {
	Text string // as written
	Kind Kind
	Date time.Time // Dated only: the last day, midnight UTC
}

// Format writes the date as 2006-01-02, or "" when there is none.
func (d Deadline) Format() string {
	if d.Kind != Dated {
		return ""
	}
	return d.Date.Format(time.DateOnly)
}

// Parse reads text against ref, the date the plan was made (see the
// package doc). Only ref's calendar date counts.
func Parse(text string, ref time.Time) Deadline {
	d := Deadline{Text: text}
	s := normalize(text)
	if len(s) == 0 {
		return d
	}
	ref = civil(ref.Year(), int(ref.Month()), ref.Day())
	p := scanner{s: s, ref: ref}
	p.scan()
	switch {
	case !p.latest.IsZero():
		d.Kind, d.Date = Dated, p.latest
	case !p.bareYear.IsZero():
		d.Kind, d.Date = Dated, p.bareYear
	case hasAny(s, immediateWords):
		d.Kind = Immediate
	case hasAny(s, ongoingWords):
		d.Kind = Ongoing
	default:
		d.Kind = Unknown
	}
	return d
}

// The words of the forms without a date. Immediate is tried first: 立行立改、
// 长期坚持 is due now and kept up after.
var (
	immediateWords = []string{"立行立改", "立即整改", "立即", "即知即改", "即查即改", "马上就办", "马上", "立改", "随时", "当即"}
	ongoingWords   = []string{"长期坚持", "长期", "持续", "常态", "久久为功", "经常", "坚持", "逐步", "不断", "一贯"}
)

func hasAny(s []rune, words []string) bool {
	str := string(s)
	for _, w := range words {
		if strings.Contains(str, w) {
			return true
		}
	}
	return false
}

// civil is midnight UTC of a calendar date; day 0 is the month's last day
// before it, as time.Date normalises.
func civil(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// monthEnd is the last day of month m of year y.
func monthEnd(y, m int) time.Time { return civil(y, m+1, 0) }

// validDay reports whether y-m-d is a calendar date.
func validDay(y, m, d int) bool {
	return m >= 1 && m <= 12 && d >= 1 && d <= monthEnd(y, m).Day()
}

// Years outside this range are not read as years (a plan's date, not a
// number that happens to have four digits).
const minYear, maxYear = 1980, 2100

// normalize returns text with full-width digits and separators made ASCII,
// spaces removed, and Chinese numbers before a unit (年 月 日 号 季 个 天
// 周) written in digits: 二〇二三年 → 2023年, 十二月 → 12月, 三个月 → 3个月.
func normalize(text string) []rune {
	src := []rune(text)
	in := make([]rune, 0, len(src))
	for i, r := range src {
		switch {
		case r >= '０' && r <= '９':
			r = '0' + (r - '０')
		case r == '．':
			r = '.'
		case r == '－' || r == '—' || r == '–':
			r = '-'
		case r == '／':
			r = '/'
		case r == '。' && i > 0 && i+1 < len(src) && isDigitish(src[i-1]) && isDigitish(src[i+1]):
			r = '.'
		case unicode.IsSpace(r):
			continue
		}
		in = append(in, r)
	}
	out := make([]rune, 0, len(in)+4)
	for i := 0; i < len(in); i++ {
		if cnValue(in[i]) < 0 {
			out = append(out, in[i])
			continue
		}
		j := i
		for j < len(in) && cnValue(in[j]) >= 0 {
			j++
		}
		if v, ok := cnNumber(in[i:j]); ok && j < len(in) && strings.ContainsRune("年月日号季个天周", in[j]) {
			out = append(out, []rune(itoa(v))...)
			i = j - 1
			continue
		}
		out = append(out, in[i:j]...)
		i = j - 1
	}
	return out
}

func isDigitish(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// cnValue is the value of a Chinese numeral character: 0–9, 10 for 十,
// 100 for 百, -1 for anything else.
func cnValue(r rune) int {
	switch r {
	case '〇', '零', '○', 'Ｏ':
		return 0
	case '一':
		return 1
	case '二', '两':
		return 2
	case '三':
		return 3
	case '四':
		return 4
	case '五':
		return 5
	case '六':
		return 6
	case '七':
		return 7
	case '八':
		return 8
	case '九':
		return 9
	case '十':
		return 10
	case '百':
		return 100
	}
	return -1
}

// cnNumber reads a run of Chinese numerals: positional with 十/百
// (三十一 = 31, 十二 = 12), else digit by digit (二〇二三 = 2023).
func cnNumber(rs []rune) (int, bool) {
	if len(rs) == 0 || len(rs) > 6 {
		return 0, false
	}
	positional := false
	for _, r := range rs {
		positional = positional || cnValue(r) >= 10
	}
	if !positional {
		v := 0
		for _, r := range rs {
			v = v*10 + cnValue(r)
		}
		return v, true
	}
	total, digit := 0, -1
	for _, r := range rs {
		switch v := cnValue(r); v {
		case 10, 100:
			if digit < 0 {
				digit = 1 // 十二: one ten
			}
			total += digit * v
			digit = -1
		default:
			if digit > 0 {
				return 0, false // two digits in a row: 三四十
			}
			digit = v
		}
	}
	if digit > 0 {
		total += digit
	}
	return total, true
}

func itoa(v int) string {
	if v == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for v > 0 {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b[i:])
}

// scanner finds every date form in a normalised text.
type scanner struct {
	s   []rune
	i   int
	ref time.Time
	// year is the year written last (2023年), which later forms without a
	// year inherit; 0 before one, -1 after one that cannot be read.
	year int
	// latest is the latest date found; bareYear the end of a year written
	// alone, which counts only when nothing else does.
	latest, bareYear time.Time
}

func (p *scanner) found(t time.Time) {
	if t.After(p.latest) {
		p.latest = t
	}
}

// has reports whether the text at k starts with w.
func (p *scanner) has(k int, w string) bool {
	for _, r := range w {
		if k >= len(p.s) || p.s[k] != r {
			return false
		}
		k++
	}
	return true
}

// number reads the digits at k: their value (capped), their count and the
// position after them.
func (p *scanner) number(k int) (v, n, end int) {
	for end = k; end < len(p.s) && p.s[end] >= '0' && p.s[end] <= '9'; end++ {
		if v < 1e6 {
			v = v*10 + int(p.s[end]-'0')
		}
	}
	return v, end - k, end
}

// yearless resolves a form without a year: in the year written last, else
// the first such day on or after ref.
func (p *scanner) yearless(at func(y int) time.Time) time.Time {
	if p.year < 0 {
		return time.Time{}
	}
	if p.year > 0 {
		return at(p.year)
	}
	if t := at(p.ref.Year()); !t.Before(p.ref) {
		return t
	}
	return at(p.ref.Year() + 1)
}

func (p *scanner) scan() {
	for p.i < len(p.s) {
		if c := p.s[p.i]; c >= '0' && c <= '9' {
			p.digits()
			continue
		}
		if !p.keyword() {
			p.i++
		}
	}
}

// digits reads a form that starts with a number at p.i.
func (p *scanner) digits() {
	v, n, j := p.number(p.i)
	next := func(k int) rune {
		if k < len(p.s) {
			return p.s[k]
		}
		return 0
	}
	switch sep := next(j); {
	case n == 4 && v >= minYear && v <= maxYear && (sep == '年' || sep == '.' || sep == '-' || sep == '/'):
		p.dated(v, sep, j+1)
	case sep == '年' && n != 1 && !(n == 2 && p.has(j+1, "内")):
		// 9999年, 23年: a year that cannot be read; what follows it
		// cannot be placed either.
		p.year = -1
		p.i = j + 1
	case sep == '月':
		if v < 1 || v > 12 {
			p.i = j + 1
			return
		}
		m := v
		if d, dn, k := p.number(j + 1); dn > 0 && dn <= 2 && (next(k) == '日' || next(k) == '号') {
			p.i = k + 1
			t := p.yearless(func(y int) time.Time {
				if !validDay(y, m, d) {
					return time.Time{}
				}
				return civil(y, m, d)
			})
			if !t.IsZero() {
				p.found(t)
			}
			return
		}
		day, k := p.monthPart(j + 1)
		p.i = k
		p.found(p.yearless(func(y int) time.Time { return dayOf(y, m, day) }))
	case sep == '个' && next(j+1) == '月' && n <= 3:
		p.i = j + 2
		p.found(p.ref.AddDate(0, v, 0))
	case (sep == '天' || sep == '日') && next(j+1) == '内' && n <= 4:
		p.i = j + 2
		p.found(p.ref.AddDate(0, 0, v))
	case sep == '周' && next(j+1) == '内' && n <= 3:
		p.i = j + 2
		p.found(p.ref.AddDate(0, 0, 7*v))
	case sep == '年' && n <= 2 && (next(j+1) == '内' || p.has(j+1, "以内") || p.has(j+1, "之内")):
		p.i = j + 2
		p.found(p.ref.AddDate(v, 0, 0))
	case sep == '季' && next(j+1) == '度' && v >= 1 && v <= 4:
		p.i = j + 2
		q := v
		p.found(p.yearless(func(y int) time.Time { return monthEnd(y, 3*q) }))
	default:
		p.i = j
	}
}

// dated reads what follows a written year y and its separator (at k).
func (p *scanner) dated(y int, sep rune, k int) {
	p.year = y
	if sep == '年' && p.has(k, "度") {
		k++
	}
	m, mn, k2 := p.number(k)
	if mn > 0 && mn <= 2 && m >= 1 && m <= 12 {
		switch {
		case sep == '年' && k2 < len(p.s) && p.s[k2] == '月':
			// 2023年6月30日, 2023年6月底
			if d, dn, k3 := p.number(k2 + 1); dn > 0 && dn <= 2 {
				if validDay(y, m, d) {
					p.found(civil(y, m, d))
				}
				p.i = k3
				if k3 < len(p.s) && (p.s[k3] == '日' || p.s[k3] == '号') {
					p.i++
				}
				return
			}
			day, end := p.monthPart(k2 + 1)
			p.i = end
			p.found(dayOf(y, m, day))
			return
		case sep != '年' && k2 < len(p.s) && p.s[k2] == sep:
			// 2023-06-30, 2023.6.30
			if d, dn, k3 := p.number(k2 + 1); dn > 0 && dn <= 2 {
				if validDay(y, m, d) {
					p.found(civil(y, m, d))
				}
				p.i = k3
				return
			}
		case sep != '年':
			// 2023.6, 2023-06, 2023/6月底
			end := k2
			day := 0
			if end < len(p.s) && p.s[end] == '月' {
				day, end = p.monthPart(end + 1)
			}
			p.i = end
			p.found(dayOf(y, m, day))
			return
		}
	}
	if sep != '年' {
		p.i = k
		return
	}
	if t, end, ok := p.period(k, func(at func(int) time.Time) time.Time { return at(y) }); ok {
		p.i = end
		p.found(t)
		return
	}
	// A year written alone: 2023年, 2023年内, 2023年前.
	p.i = k
	if end := civil(y, 12, 31); end.After(p.bareYear) {
		p.bareYear = end
	}
}

// dayOf is day d of month m of year y, or the month's last day for d = 0.
func dayOf(y, m, d int) time.Time {
	if d == 0 {
		return monthEnd(y, m)
	}
	return civil(y, m, d)
}

// monthPart reads what may follow 月 at k: the day it means (0 for the
// month's last day) and the position after it.
func (p *scanner) monthPart(k int) (day, end int) {
	switch {
	case p.has(k, "上旬"):
		return 10, k + 2
	case p.has(k, "中旬"):
		return 20, k + 2
	case p.has(k, "下旬"):
		return 0, k + 2
	case p.has(k, "初"):
		return 10, k + 1
	case p.has(k, "中"):
		return 15, k + 1
	case p.has(k, "底"), p.has(k, "末"):
		return 0, k + 1
	}
	return 0, k
}

// period reads a part of a year at k (季度, 上半年, 年底, 春节 …); in resolves
// it to a year. ok is false when none is written there.
func (p *scanner) period(k int, in func(at func(int) time.Time) time.Time) (t time.Time, end int, ok bool) {
	q := k
	if p.has(q, "第") {
		q++
	}
	if v, n, e := p.number(q); n == 1 && v >= 1 && v <= 4 && p.has(e, "季度") {
		return in(func(y int) time.Time { return monthEnd(y, 3*v) }), e + 2, true
	}
	for _, f := range periods {
		if p.has(k, f.word) {
			return in(f.at), k + len([]rune(f.word)), true
		}
	}
	return time.Time{}, k, false
}

// periods are the parts of a year written in words, longest first where
// one starts another.
var periods = []struct {
	word  string
	at    func(y int) time.Time
	alone bool // read without a year too: 年底前
}{
	{"上半年", func(y int) time.Time { return civil(y, 6, 30) }, true},
	{"下半年", func(y int) time.Time { return civil(y, 12, 31) }, true},
	{"年中", func(y int) time.Time { return civil(y, 6, 30) }, true},
	{"年底", func(y int) time.Time { return civil(y, 12, 31) }, true},
	{"年末", func(y int) time.Time { return civil(y, 12, 31) }, true},
	{"年内", func(y int) time.Time { return civil(y, 12, 31) }, true},
	{"中", func(y int) time.Time { return civil(y, 6, 30) }, false},
	{"底", func(y int) time.Time { return civil(y, 12, 31) }, false},
	{"末", func(y int) time.Time { return civil(y, 12, 31) }, false},
	{"内", func(y int) time.Time { return civil(y, 12, 31) }, false},
	{"春节", springFestivalEve, true},
	{"元旦", func(y int) time.Time { return civil(y-1, 12, 31) }, true},
	{"七一", func(y int) time.Time { return civil(y, 6, 30) }, true},
	{"国庆", func(y int) time.Time { return civil(y, 9, 30) }, true},
}

// keyword reads a form without digits at p.i; it reports whether it read
// one.
func (p *scanner) keyword() bool {
	k := p.i
	switch {
	case p.has(k, "半年内"):
		p.i, p.latest = k+3, later(p.latest, p.ref.AddDate(0, 6, 0))
		return true
	case p.has(k, "明年"), p.has(k, "次年"), p.has(k, "下一年"), p.has(k, "下年"):
		p.year = p.ref.Year() + 1
	case p.has(k, "今年"), p.has(k, "本年"), p.has(k, "当年"):
		p.year = p.ref.Year()
	case p.has(k, "本月"), p.has(k, "当月"):
		p.i = k + 2
		p.found(monthEnd(p.ref.Year(), int(p.ref.Month())))
		return true
	default:
		// 年底前, 上半年, 春节前; 一季度 is normalised to 1季度 and read by
		// digits.
		for _, f := range periods {
			if f.alone && p.has(k, f.word) {
				p.i = k + len([]rune(f.word))
				p.found(p.yearless(f.at))
				return true
			}
		}
		return false
	}
	// 明年, 今年 …: a year written in words.
	n := 2
	if p.has(k, "下一年") {
		n = 3
	}
	p.i = k + n
	if p.has(p.i, "度") {
		p.i++
	}
	if t, end, ok := p.period(p.i, func(at func(int) time.Time) time.Time { return at(p.year) }); ok {
		p.i = end
		p.found(t)
		return true
	}
	if end := civil(p.year, 12, 31); end.After(p.bareYear) {
		p.bareYear = end
	}
	return true
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// springFestivals holds the date of the Spring Festival (正月初一) of each
// year from 2000, as month*100+day.
var springFestivals = [...]int{
	205, 124, 212, 201, 122, 209, 129, 218, 207, 126, // 2000–2009
	214, 203, 123, 210, 131, 219, 208, 128, 216, 205, // 2010–2019
	125, 212, 201, 122, 210, 129, 217, 206, 126, 213, // 2020–2029
	203, 123, 211, 131, 219, 208, 128, 215, 204, 124, // 2030–2039
	212, // 2040
}

// springFestivalEve is the day before year y's Spring Festival; outside
// the table, 20 February, the latest day the festival can fall on, less
// one.
func springFestivalEve(y int) time.Time {
	if i := y - 2000; i >= 0 && i < len(springFestivals) {
		md := springFestivals[i]
		return civil(y, md/100, md%100-1)
	}
	return civil(y, 2, 19)
}
