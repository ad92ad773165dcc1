package content

import (
	"fmt"
	"slices"
	"strings"
)

// Class is the kind of progress a status word states.
type Class int

// The status classes, from least to most progress; Ongoing (长期坚持) sits
// between in-progress and mostly-done: the work is in place but never ends.
const (
	NotDone Class = iota + 1
	InProgress
	Ongoing
	Mostly
	Done
)

var classNames = map[Class]string{
	NotDone: "notdone", InProgress: "progress", Ongoing: "ongoing", Mostly: "mostly", Done: "done",
}

// Name is the class's short English name, used in CSS classes and config.
func (c Class) Name() string { return classNames[c] }

// Label is the class's Chinese label, used in the UI.
func (c Class) Label() string {
	return map[Class]string{NotDone: "未整改", InProgress: "整改中", Ongoing: "长期坚持", Mostly: "基本整改", Done: "已整改"}[c]
}

// ParseClass maps a class name from the site config to a Class.
func ParseClass(name string) (Class, bool) {
	for c, n := range classNames {
		if n == name {
			return c, true
		}
	}
	return 0, false
}

// Vocabulary maps status words to their class.
type Vocabulary map[string]Class

// DefaultVocabulary returns the built-in status words (DESIGN.md).
func DefaultVocabulary() Vocabulary {
	v := Vocabulary{}
	for c, words := range map[Class][]string{
		Done:       {"已整改", "已完成", "完成整改", "已销号"},
		Mostly:     {"基本整改", "基本完成", "阶段性完成"},
		InProgress: {"整改中", "正在整改", "部分整改", "持续整改"},
		Ongoing:    {"长期坚持"},
		NotDone:    {"未整改", "未完成"},
	} {
		for _, w := range words {
			v[w] = c
		}
	}
	return v
}

// Lookup returns the class of word, or an error message suggesting the
// nearest known word.
func (v Vocabulary) Lookup(word string) (Class, error) {
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
