package content

import (
	"fmt"
	"mzshh/generator/status"
	"slices"
	"strings"
)

// Vocabulary maps status words to their class.
type Vocabulary map[string]status.Class

// DefaultVocabulary returns the built-in status words (package status).
func DefaultVocabulary() Vocabulary {
	v := Vocabulary{}
	for _, in := range status.Reports() {
		for _, w := range in.Words {
			v[w] = in.Class
		}
	}
	return v
}

// Lookup returns the class of word, or an error message suggesting the
// nearest known word.
func (v Vocabulary) Lookup(word string) (status.Class, error) {
	if c, ok := v[word]; ok {
		return c, nil
	}
	words := make([]string, 0, len(v))
	for w := range v {
		words = append(words, w)
	}
	slices.Sort(words)
	msg := fmt.Sprintf("unknown status word %s", word)
	if s := Nearest(word, words); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	} else {
		msg += "; known words: " + strings.Join(words, "、")
	}
	return 0, fmt.Errorf("%s", msg)
}

// Nearest returns the candidate closest to s by edit distance over
// characters, or "" when none is close enough to be a likely typo.
func Nearest(s string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := editDistance([]rune(s), []rune(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := max(1, len([]rune(s))/2)
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
