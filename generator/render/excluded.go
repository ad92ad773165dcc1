package render

import (
	"bytes"
	"fmt"
)

// writeExcludedRef writes a reference into a document the edition does
// not hold (archive.Target.Excluded): the reference as written, marked
// 本版未收录, with no link and nothing of the target — its title, status
// and text are not in the edition's archive at all.
func writeExcludedRef(b *bytes.Buffer, v RefView) {
	fmt.Fprintf(b, `<span class="annot ref ref-excluded">[[%s]]<span class="ref-note">本版未收录</span></span>`, esc(v.Raw))
}
