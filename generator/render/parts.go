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
// them. While the layout runs, a part (Page.Body, Page.MatrixHTML,
// Page.RowsHTML) is a marker, and each marker in the layout's output is
// replaced by the part. So a county's bodies and tables are not first
// built as strings and then copied through html/template, which prints a
// value through fmt and copies it once more: at 10,000 documents those
// copies were a quarter of all the bytes a build allocated.
//
// The splice is used only when it gives what the layout makes of the
// parts given as strings: when every time the layout asked for a part it
// printed it whole, as it is, where HTML goes. A marker holds NUL bytes,
// which every other context escapes or replaces, and a random nonce, which
// every context keeps; so a part printed in an attribute, a script or a
// title, cut, measured or compared leaves its nonce without its whole
// marker, or fewer whole markers than it was asked for, and the page is
// made again with the parts as strings. (A layout would have to keep a
// part in a variable and both print and measure it, or cut it to exactly
// the marker's length, to tell a marker from the part.)

// The parts of a page.
const (
	partBody = iota
	partMatrix
	partRows
	numParts
)

// parts are a page's generated parts while it is made.
type parts struct {
	nonce  string // the renderer's (newNonce)
	writes [numParts]func(w *bytes.Buffer) error
	asked  [numParts]int // how often the layout asked for each part
	// text holds the parts as strings once the page is made that way.
	text         [numParts]template.HTML
	materialized bool
}

// newNonce returns the random nonce of a renderer's markers.
func newNonce() string {
	var nonce [12]byte
	rand.Read(nonce[:])
	return hex.EncodeToString(nonce[:])
}

// marker is part k's marker: NUL, "part-", the nonce, "-", k, NUL.
func (ps *parts) marker(k int) string {
	return "\x00part-" + ps.nonce + "-" + strconv.Itoa(k) + "\x00"
}

// set makes part k the one that write writes.
func (ps *parts) set(k int, write func(w *bytes.Buffer) error) { ps.writes[k] = write }

// any reports whether the page has a part.
func (ps *parts) any() bool {
	for _, w := range ps.writes {
		if w != nil {
			return true
		}
	}
	return false
}

// get returns part k for the layout: its marker, or the part itself once
// materialized; "" when the page has no such part.
func (ps *parts) get(k int) template.HTML {
	switch {
	case ps.writes[k] == nil:
		return ""
	case ps.materialized:
		return ps.text[k]
	}
	ps.asked[k]++
	return template.HTML(ps.marker(k))
}

// execute writes a page to buf: run runs its layout, with the parts'
// markers, into layout (a scratch buffer), and the parts are spliced in.
// When the splice would not give what the layout makes of the parts as
// strings, or the layout fails on a marker, run runs again into buf with
// the parts as strings.
func (ps *parts) execute(buf, layout *bytes.Buffer, run func(*bytes.Buffer) ([]byte, error)) ([]byte, error) {
	if page, err := run(layout); err == nil && ps.spliceable(page) {
		if err := ps.splice(buf, page); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	if err := ps.materialize(); err != nil {
		return nil, err
	}
	return run(buf)
}

// spliceable reports whether every occurrence of the nonce in page is a
// whole marker, and each part has as many whole markers as the layout
// asked for it.
func (ps *parts) spliceable(page []byte) bool {
	nonce := []byte(ps.nonce)
	var found [numParts]int
	for at := 0; ; {
		i := bytes.Index(page[at:], nonce)
		if i < 0 {
			break
		}
		i += at
		k, end, ok := ps.wholeMarker(page, i)
		if !ok {
			return false
		}
		found[k]++
		at = end
	}
	return found == ps.asked
}

// wholeMarker reads the marker around the nonce at page[i:]: its part and
// the offset just past it.
func (ps *parts) wholeMarker(page []byte, i int) (k, end int, ok bool) {
	const lead = "\x00part-"
	if i < len(lead) || string(page[i-len(lead):i]) != lead {
		return 0, 0, false
	}
	j := i + len(ps.nonce)
	if j+3 > len(page) || page[j] != '-' || page[j+2] != 0 {
		return 0, 0, false
	}
	k = int(page[j+1] - '0')
	if k < 0 || k >= numParts || ps.writes[k] == nil {
		return 0, 0, false
	}
	return k, j + 3, true
}

// splice writes page, a layout's output checked by spliceable, to w with
// each marker replaced by its part.
func (ps *parts) splice(w *bytes.Buffer, page []byte) error {
	nonce := []byte(ps.nonce)
	const lead = len("\x00part-")
	for {
		i := bytes.Index(page, nonce)
		if i < 0 {
			w.Write(page)
			return nil
		}
		k, end, _ := ps.wholeMarker(page, i)
		w.Write(page[:i-lead])
		if err := ps.writes[k](w); err != nil {
			return err
		}
		page = page[end:]
	}
}

// materialize makes the parts strings, for the layout to run again.
func (ps *parts) materialize() error {
	var b bytes.Buffer
	for k, write := range ps.writes {
		if write == nil {
			continue
		}
		b.Reset()
		if err := write(&b); err != nil {
			return err
		}
		ps.text[k] = template.HTML(b.String())
	}
	ps.materialized = true
	return nil
}
