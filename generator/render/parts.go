package render

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"strconv"
)

// A page's generated parts — a document's body, a 汇编 volume's
// materials, a status matrix, the rows of a ledger or list — are written
// by Go code straight into the page's buffer, where the layout prints
// them. The page's field holds a marker while the layout runs, and the
// marker is replaced by the part. So a county's bodies and tables are not
// first built as strings and then copied through html/template, which
// prints a value through fmt and copies it once more: at 10,000 documents
// those copies were a quarter of all the bytes a build allocated.
//
// A layout that prints a part as it is (the layouts here do) gets it
// spliced. A layout that does anything else with it — prints it where it
// is escaped, cuts it, leaves it out — finds no marker in its output,
// and the page is made again with the parts as strings, as the layout
// wrote it.

// parts are a page's generated parts while it is made.
type parts struct {
	marker string // "<!--" and the renderer's nonce
	fields []*template.HTML
	writes []func(w *bytes.Buffer) error
}

// newMarker returns the start of the markers of a renderer's parts: an
// HTML comment with a random nonce, which no document or layout holds.
func newMarker() string {
	var nonce [12]byte
	rand.Read(nonce[:])
	return "<!--part-" + hex.EncodeToString(nonce[:]) + "-"
}

// set makes *field the part that write writes.
func (ps *parts) set(field *template.HTML, write func(w *bytes.Buffer) error) {
	*field = template.HTML(ps.marker + strconv.Itoa(len(ps.writes)) + "-->")
	ps.fields = append(ps.fields, field)
	ps.writes = append(ps.writes, write)
}

// splice writes page, a layout's output with markers, to w with each
// marker replaced by its part. It reports false, having written nothing,
// when a part's marker is missing or broken.
func (ps *parts) splice(w *bytes.Buffer, page []byte) (bool, error) {
	marker := []byte(ps.marker)
	found := make([]bool, len(ps.writes))
	// First check that every marker is there, whole.
	for rest := page; ; {
		i := bytes.Index(rest, marker)
		if i < 0 {
			break
		}
		n, end, ok := markerEnd(rest[i+len(marker):])
		if !ok || n >= len(ps.writes) {
			return false, nil
		}
		found[n] = true
		rest = rest[i+len(marker)+end:]
	}
	for _, f := range found {
		if !f {
			return false, nil
		}
	}
	for {
		i := bytes.Index(page, marker)
		if i < 0 {
			w.Write(page)
			return true, nil
		}
		w.Write(page[:i])
		n, end, _ := markerEnd(page[i+len(marker):])
		if err := ps.writes[n](w); err != nil {
			return true, err
		}
		page = page[i+len(marker)+end:]
	}
}

// markerEnd reads a marker's number and "-->" at the start of b: the
// number, and how many bytes they take.
func markerEnd(b []byte) (n, end int, ok bool) {
	for end < len(b) && '0' <= b[end] && b[end] <= '9' && end < 9 {
		n = n*10 + int(b[end]-'0')
		end++
	}
	if end == 0 || !bytes.HasPrefix(b[end:], []byte("-->")) {
		return 0, 0, false
	}
	return n, end + 3, true
}

// execute writes a page to buf: run runs its layout, with the parts'
// markers, into layout (a scratch buffer), and the parts are spliced in.
// When the layout did more than print the parts, run runs again with the
// parts as strings.
func (ps *parts) execute(buf, layout *bytes.Buffer, run func(*bytes.Buffer) ([]byte, error)) ([]byte, error) {
	page, err := run(layout)
	if err != nil {
		return nil, err
	}
	if ok, err := ps.splice(buf, page); ok || err != nil {
		return buf.Bytes(), err
	}
	if err := ps.materialize(); err != nil {
		return nil, err
	}
	return run(buf)
}

// materialize sets every part's field to the part itself, as a string.
func (ps *parts) materialize() error {
	var b bytes.Buffer
	for i, write := range ps.writes {
		b.Reset()
		if err := write(&b); err != nil {
			return err
		}
		*ps.fields[i] = template.HTML(b.String())
	}
	return nil
}
