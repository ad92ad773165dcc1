package importer

import (
	"mzshh/generator/content"
	"strings"
	"unicode"
	"unicode/utf8"
)

// markStyle is a kind of paragraph numbering of Chinese official writing,
// from the outermost level in.
type markStyle int

const (
	markNone        markStyle = iota
	markCnDun                 // 一、  (sections)
	markCnParen               // （一） (groups); also (一) and （一)
	markArabicDot             // 1.  1、 1．
	markArabicParen           // （1） (1)
	markCircled               // ①
	markCnShi                 // 一是 (items, often inline)
	markArabicHalf            // 1) 1）
	markBullet                // —— ● ■ ▲ ◆ • (unnumbered: num is 0)
)

func (s markStyle) String() string {
	return [...]string{"none", "一、", "（一）", "1.", "（1）", "①", "一是", "1)", "——"}[s]
}

// bullets are the unnumbered item markers: a line that starts with one is
// an item, as numbered lines are.
var bullets = []string{"——", "●", "■", "▲", "◆", "•", "★"}

// marker is the numbering at the start of a text.
type marker struct {
	style markStyle
	num   int
	len   int // bytes
}

const cnDigits = "〇一二三四五六七八九"

// cnNumber reads a Chinese numeral of 1–99 at the start of s: 一, 十, 十二,
// 二十, 二十三. It returns its value and length in bytes, or 0, 0.
func cnNumber(s string) (int, int) {
	digit := func(s string) (int, int) {
		r, n := utf8.DecodeRuneInString(s)
		if r == '〇' || r == '零' {
			return 0, n
		}
		if i := strings.IndexRune(cnDigits, r); i > 0 && r != utf8.RuneError {
			return utf8.RuneCountInString(cnDigits[:i]), n
		}
		return -1, 0
	}
	val, off := 0, 0
	d, n := digit(s)
	switch {
	case strings.HasPrefix(s, "十"):
		val, off = 10, len("十")
		if d2, n2 := digit(s[off:]); d2 > 0 {
			val, off = 10+d2, off+n2
		}
		return val, off
	case d > 0:
		val, off = d, n
		if strings.HasPrefix(s[off:], "十") {
			val, off = d*10, off+len("十")
			if d2, n2 := digit(s[off:]); d2 > 0 {
				val, off = val+d2, off+n2
			}
		}
		return val, off
	}
	return 0, 0
}

// arabicNumber reads one or two ASCII or full-width digits.
func arabicNumber(s string) (int, int) {
	val, off := 0, 0
	for off < len(s) && off < 8 {
		r, n := utf8.DecodeRuneInString(s[off:])
		switch {
		case r >= '0' && r <= '9':
			val = val*10 + int(r-'0')
		case r >= '０' && r <= '９':
			val = val*10 + int(r-'０')
		default:
			if off == 0 {
				return 0, 0
			}
			return val, off
		}
		off += n
		if val > 99 {
			return 0, 0
		}
	}
	if off == 0 {
		return 0, 0
	}
	return val, off
}

func isOpenParen(r rune) bool  { return r == '（' || r == '(' }
func isCloseParen(r rune) bool { return r == '）' || r == ')' }

// leadingMarker recognises the numbering at the start of s.
func leadingMarker(s string) marker {
	if s == "" {
		return marker{}
	}
	if v, n := cnNumber(s); n > 0 {
		switch rest := s[n:]; {
		case strings.HasPrefix(rest, "、"):
			return marker{markCnDun, v, n + len("、")}
		case strings.HasPrefix(rest, "是"):
			return marker{markCnShi, v, n + len("是")}
		}
	}
	for _, b := range bullets {
		if strings.HasPrefix(s, b) && !strings.HasPrefix(s[len(b):], "—") {
			return marker{markBullet, 0, len(b)}
		}
	}
	r, n := utf8.DecodeRuneInString(s)
	if r >= '①' && r <= '⑳' {
		return marker{markCircled, int(r-'①') + 1, n}
	}
	if isOpenParen(r) {
		if v, m := cnNumber(s[n:]); m > 0 {
			if c, k := utf8.DecodeRuneInString(s[n+m:]); isCloseParen(c) {
				return marker{markCnParen, v, n + m + k + dunAfter(s[n+m+k:])}
			}
		}
		if v, m := arabicNumber(s[n:]); m > 0 {
			if c, k := utf8.DecodeRuneInString(s[n+m:]); isCloseParen(c) {
				return marker{markArabicParen, v, n + m + k + dunAfter(s[n+m+k:])}
			}
		}
		return marker{}
	}
	if v, m := arabicNumber(s); m > 0 {
		c, k := utf8.DecodeRuneInString(s[m:])
		next, _ := utf8.DecodeRuneInString(s[m+k:])
		if (c == '.' || c == '、' || c == '．') && !unicode.IsDigit(next) && next != '０' {
			return marker{markArabicDot, v, m + k}
		}
		if c == ')' || c == '）' {
			return marker{markArabicHalf, v, m + k}
		}
	}
	return marker{}
}

// dunAfter is the length of a 、 written after a closing parenthesis:
// "（一）、".
func dunAfter(s string) int {
	if strings.HasPrefix(s, "、") {
		return len("、")
	}
	return 0
}

// Quotation marks and brackets: a sentence does not end inside them.
const (
	openers = "“‘（(《「『【〔"
	closers = "”’）)》」』】〕"
)

// terminators end a sentence; leadTerminators end a lead sentence, which
// may also end with a colon: "一是理论学习不深入：".
const (
	terminators     = "。！？!?"
	leadTerminators = "。！？!?："
)

// sentenceEnd returns the byte offset just after the first sentence of s:
// after the first terminator (from terms) outside quotation marks, with any
// closing marks that follow it. It returns len(s) when s is one sentence.
// When the marks are unbalanced, quotation is ignored.
func sentenceEnd(s, terms string) int {
	if end, balanced := scanSentence(s, terms, true); balanced || end < len(s) {
		return end
	}
	end, _ := scanSentence(s, terms, false)
	return end
}

func scanSentence(s, terms string, quotes bool) (end int, balanced bool) {
	depth := 0
	ascii := false // inside ASCII "…"
	for i, r := range s {
		switch {
		case quotes && r == '"':
			ascii = !ascii
		case quotes && strings.ContainsRune(openers, r):
			depth++
		case quotes && strings.ContainsRune(closers, r):
			if depth > 0 {
				depth--
			}
		case depth == 0 && !ascii && strings.ContainsRune(terms, r):
			j := i + utf8.RuneLen(r)
			for j < len(s) {
				c, n := utf8.DecodeRuneInString(s[j:])
				if !strings.ContainsRune(closers, c) && !strings.ContainsRune(terms, c) && c != '"' {
					break
				}
				j += n
			}
			return j, true
		}
	}
	return len(s), depth == 0 && !ascii
}

// boundaryBefore reports whether position i of s may start an inline item:
// the start of s, or just after a sentence or clause end outside quotation
// marks (。！？；：), blanks aside.
func boundaryBefore(s string, i int, depthAt func(int) int) bool {
	j := i
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		if !isBlank(r) {
			break
		}
		j -= n
	}
	if j == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:j])
	return strings.ContainsRune("。！？!?；;：:", r) && depthAt(j) == 0
}

// depths returns a function giving the quotation depth at each byte offset
// of s. Unbalanced text counts as depth 0 throughout.
func depths(s string) func(int) int {
	d := make([]int8, len(s)+1)
	depth := 0
	for i, r := range s {
		d[i] = int8(min(depth, 100))
		switch {
		case strings.ContainsRune(openers, r):
			depth++
		case strings.ContainsRune(closers, r):
			if depth > 0 {
				depth--
			}
		}
		for k := 1; k < utf8.RuneLen(r); k++ {
			d[i+k] = int8(min(depth, 100))
		}
	}
	d[len(s)] = int8(min(depth, 100))
	if depth != 0 {
		return func(int) int { return 0 }
	}
	return func(i int) int { return int(d[i]) }
}

func isBlank(r rune) bool { return unicode.IsSpace(r) || r == '\u3000' || r == '\u00a0' }

// trimBlank trims spaces, including the ideographic space Chinese documents
// indent paragraphs with.
func trimBlank(s string) string { return strings.TrimFunc(s, isBlank) }

// squeeze drops every blank: the text comparisons ignore whitespace.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if isBlank(r) {
			return -1
		}
		return r
	}, s)
}

// runes is the length of s in characters.
func runes(s string) int { return utf8.RuneCountInString(s) }

// shorten cuts s to n characters for messages.
func shorten(s string, n int) string { return content.ShortTitle(trimBlank(s), n) }

// cnNumeral writes 1–99 as a Chinese numeral.
func cnNumeral(n int) string {
	d := []rune(cnDigits)
	switch {
	case n <= 0 || n > 99:
		return ""
	case n < 10:
		return string(d[n])
	case n == 10:
		return "十"
	case n < 20:
		return "十" + string(d[n-10])
	case n%10 == 0:
		return string(d[n/10]) + "十"
	}
	return string(d[n/10]) + "十" + string(d[n%10])
}

// stripMarker drops the numbering at the start of s and the punctuation at
// its end: the words of a title, for matching.
func stripMarker(s string) string {
	s = trimBlank(s)
	s = s[leadingMarker(s).len:]
	return strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsPunct(r) || isBlank(r)
	})
}

func decodeRune(s string) (rune, int) { return utf8.DecodeRuneInString(s) }
