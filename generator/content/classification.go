package content

import (
	"fmt"
	"slices"
	"strings"

	"mzshh/generator/diag"
)

// Classification levels (密级), from the least to the most restricted.
// A document without 密级 in its front matter is public (Level "").
const (
	Public       = "公开"
	Internal     = "内部"
	Secret       = "秘密"
	Confidential = "机密"
	TopSecret    = "绝密"
)

// classificationLevels lists the levels in order.
var classificationLevels = []string{Public, Internal, Secret, Confidential, TopSecret}

// Classification is a document's 密级 as its front matter gives it, under
// the key 密级 or classification.
//
// The contract: a document classified 秘密, 机密 or 绝密 is never
// published (Unpublishable); package site refuses to build or serve an
// edition that would hold one. A document classified 内部 is published
// with a marker (Mark) on its page and in print.
type Classification struct {
	Level string   // one of the levels above, or "" when not given
	Term  string   // the term as written: 保密期限 after ★, e.g. "1年"
	Pos   diag.Pos // where the value is written
}

// Unpublishable reports whether the level forbids publishing: 秘密 and above.
func (c Classification) Unpublishable() bool {
	return c.Level == Secret || c.Level == Confidential || c.Level == TopSecret
}

// Mark is the marker a published page shows: "内部" for an internal
// document, "" otherwise.
func (c Classification) Mark() string {
	if c.Level == Internal {
		return Internal
	}
	return ""
}

// parseClassification reads a 密级 value: a level, optionally followed by
// ★ and a term (秘密★1年), as GB/T 9704 writes it. ok is false for an
// unknown level; the message then says which levels there are.
func parseClassification(val string) (c Classification, msg string, ok bool) {
	level, term, _ := strings.Cut(val, "★")
	level, term = strings.TrimSpace(level), strings.TrimSpace(term)
	if !slices.Contains(classificationLevels, level) {
		msg := fmt.Sprintf("密级 %q is not a classification level; write one of %s", val, strings.Join(classificationLevels, ", "))
		if s := Nearest(level, classificationLevels); s != "" && s != level {
			msg += fmt.Sprintf("; did you mean %s?", s)
		}
		return c, msg, false
	}
	return Classification{Level: level, Term: term}, "", true
}
