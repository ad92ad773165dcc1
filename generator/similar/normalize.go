package similar

import (
	"unicode"
	"unicode/utf8"
)

// Normalized is a text reduced to the characters that are compared, with
// where each comes from in the original text.
type Normalized struct {
	Runes []rune
	// At[i] is the byte offset of Runes[i] in the original text; End[i]
	// the offset just after the characters it stands for (a run of
	// digits is one '0').
	At, End []int
}

// Normalize drops whitespace, punctuation and symbols, folds fullwidth
// forms to halfwidth, lower-cases Latin letters and writes each run of
// digits (ASCII or fullwidth) as one '0'.
func Normalize(s string) Normalized {
	var n Normalized
	walk(s, func(r rune, at, end int, extend bool) {
		if extend {
			n.End[len(n.End)-1] = end
			return
		}
		n.Runes, n.At, n.End = append(n.Runes, r), append(n.At, at), append(n.End, end)
	})
	return n
}

// normalizeRunes is Normalize without the offsets, appending to dst.
func normalizeRunes(s string, dst []rune) []rune {
	walk(s, func(r rune, _, _ int, extend bool) {
		if !extend {
			dst = append(dst, r)
		}
	})
	return dst
}

// walk calls emit for each character kept, with its byte span; extend is
// true for a digit that continues a run already emitted.
func walk(s string, emit func(r rune, at, end int, extend bool)) {
	inDigits := false
	for i, r := range s {
		size := 1
		switch {
		case r == utf8.RuneError:
			_, size = utf8.DecodeRuneInString(s[i:]) // 1 for a broken byte
		case r >= utf8.RuneSelf:
			size = utf8.RuneLen(r)
		}
		switch c := fold(r); {
		case c >= 0x4E00 && c <= 0x9FFF: // CJK unified ideographs, the bulk
			emit(c, i, i+size, false)
			inDigits = false
		case c >= '0' && c <= '9':
			emit('0', i, i+size, inDigits)
			inDigits = true
		case keep(c):
			emit(c, i, i+size, false)
			inDigits = false
		default:
			inDigits = false
		}
	}
}

// fold maps fullwidth ASCII forms to ASCII and upper-case Latin letters
// to lower case.
func fold(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
	}
	if r >= 'A' && r <= 'Z' {
		return r + ('a' - 'A')
	}
	return r
}

// keep reports whether r is compared: letters, digits and ideographs, not
// spaces, punctuation (quotes of every form included) or symbols.
func keep(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
	}
	if r >= 0x3000 && r <= 0x303F { // CJK punctuation and the ideographic space
		return r == 0x3007 // 〇
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}
