package archive

import (
	"mzshh/generator/content"
	"mzshh/generator/diag"
)

// BuildExcluding resolves docs as Build does, for an edition that holds
// only docs: a reference into a document whose key is in excluded
// resolves to a Target with Excluded set and nothing else, instead of
// being an error. Such a reference names no problem, so it gives no
// status, continuation or measure: a thread shows only the years the
// edition holds, and no count, title or text of an excluded document
// reaches the archive. A reference to a document in neither set is still
// an error.
func BuildExcluding(docs []*content.Document, excluded map[string]bool) (*Archive, diag.List) {
	return buildArchive(docs, excluded)
}
