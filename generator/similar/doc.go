// Package similar finds copied text (雷同) in an archive: problems, causes
// and measures whose wording is taken from another year of the same unit,
// from another member or the team of the same organisation, or from
// another unit of the same year.
//
// # The contract
//
// A text is compared by its wording alone. Normalize removes whitespace
// and punctuation, folds fullwidth forms to halfwidth, lower-cases Latin
// letters and writes every run of digits as one '0' (a copy with the year
// or a count changed is still a copy). A text is then the set of its
// character n-grams (shingles, Options.Shingle characters long).
//
// Boilerplate is subtracted before anything is compared: a shingle that
// occurs in more than Options.Boilerplate of the archive's documents, and
// in more than Options.MinDocs of them, is ignored everywhere. The share
// is computed from the texts given, so it adapts to the archive's own
// formulas (两个确立, 四个意识, the year's theme). A text with fewer than
// Options.MinShingles remaining shingles is not compared at all.
//
// Two texts of the same kind in different documents are scored by
// containment: the share of the smaller text's remaining shingles that the
// other text holds too. A pair is a Match when the score reaches
// Options.Threshold.
//
// Find never compares all pairs. It keeps an inverted index of the
// shingles that occur in at least two documents, and probes it, for each
// text, with only its rarest shingles: as many as make a match certain to
// share one of them (prefix filtering). The result is exact: every pair at
// or above the threshold is found, and no other.
//
// Check applies this to a resolved archive.Archive and sorts the matches
// into the three scopes (Scope) that reviewers ask about; a problem that
// declares its continuation (延续) of the matched problem, directly or
// through its thread, is not reported.
package similar
