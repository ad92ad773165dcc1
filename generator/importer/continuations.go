package importer

import (
	"fmt"
	"slices"

	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/similar"
)

// suggestContinuations adds a 待核实 note for each imported problem whose
// wording repeats a problem of the unit's earlier years that it does not
// declare to continue (package similar, as check finds it), with the
// 延续 line to add. The Markdown is not changed: whether the problem is
// the same one is the author's call.
func suggestContinuations(res *Result, a *archive.Archive, cfg content.Config) {
	rep := similar.Check(a, similar.Options{Threshold: cfg.Similarity.Threshold, Boilerplate: cfg.Similarity.Boilerplate})
	for _, p := range rep.Pairs {
		line := p.Suggestion()
		if line == "" || p.A.Doc.Key != res.Meta.Key() {
			continue
		}
		res.Notes = append(res.Notes, Note{Kind: NoteReview, Text: fmt.Sprintf(
			"%s问题 %s（%s）与 %s 的问题 %s 文字雷同（%.0f%%）；如确属同一问题的延续，请在该问题下加一行：%s",
			reviewPrefix, p.A.ID, shorten(p.A.Title, 24), p.B.Doc.Key, p.B.ID, 100*p.Score, line)})
	}
	slices.SortStableFunc(res.Notes, func(a, b Note) int { return a.Line - b.Line })
}
