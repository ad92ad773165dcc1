package render

import (
	"bytes"
	"errors"
	"html/template"
	"strings"
	"testing"
)

// TestPartsAreAsPrinted: whatever a layout does with a page's parts, the
// page is what the layout makes of the parts given as strings.
func TestPartsAreAsPrinted(t *testing.T) {
	type data struct{ A, B template.HTML }
	partA := `<p class="x">甲 &amp; 乙 --></p>`
	partB := "<tr><td>1</td></tr>\n<!--part-0-->"
	for _, layout := range []string{
		`<main>{{.A}}</main>`,
		`{{.A}}|{{.B}}`,
		`{{.B}}{{.A}}{{.B}}`, // one printed twice
		`<div title="{{.A}}">{{.B}}</div>`,
		`{{printf "%s" .A}}`,
		`{{slice .A 0 8}}{{.B}}`,
		`<script>var a = {{.A}};</script>{{.B}}`,
		`<p>none</p>`,
		`{{if .A}}yes{{end}}{{.B}}`,
		`<!-- a comment -->{{.A}}`,
	} {
		tmpl := template.Must(template.New("page").Parse(layout))
		var want bytes.Buffer
		if err := tmpl.Execute(&want, data{template.HTML(partA), template.HTML(partB)}); err != nil {
			t.Fatal(err)
		}
		var d data
		ps := parts{marker: newMarker()}
		ps.set(&d.A, func(w *bytes.Buffer) error { w.WriteString(partA); return nil })
		ps.set(&d.B, func(w *bytes.Buffer) error { w.WriteString(partB); return nil })
		var buf, scratch bytes.Buffer
		got, err := ps.execute(&buf, &scratch, func(w *bytes.Buffer) ([]byte, error) {
			err := tmpl.Execute(w, d)
			return w.Bytes(), err
		})
		if err != nil {
			t.Fatalf("%s: %v", layout, err)
		}
		if string(got) != want.String() {
			t.Errorf("layout %s:\ngot  %q\nwant %q", layout, got, want.String())
		}
		if strings.Contains(string(got), ps.marker) {
			t.Errorf("layout %s: a marker is left in %q", layout, got)
		}
	}
}

// TestPartErrors: a part that cannot be written fails its page.
func TestPartErrors(t *testing.T) {
	var body template.HTML
	ps := parts{marker: newMarker()}
	ps.set(&body, func(w *bytes.Buffer) error { return errors.New("cannot read the body") })
	for _, layout := range []string{`<main>{{.}}</main>`, `<p title="{{.}}">`} {
		tmpl := template.Must(template.New("page").Parse(layout))
		var buf, scratch bytes.Buffer
		_, err := ps.execute(&buf, &scratch, func(w *bytes.Buffer) ([]byte, error) {
			err := tmpl.Execute(w, body)
			return w.Bytes(), err
		})
		if err == nil || err.Error() != "cannot read the body" {
			t.Errorf("layout %s: error %v, want the part's", layout, err)
		}
	}
}
