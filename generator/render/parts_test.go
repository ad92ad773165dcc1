package render

import (
	"bytes"
	"errors"
	"html/template"
	"strings"
	"testing"
)

// partsPage is a page of two parts, A and B, for layouts in tests.
type partsPage struct{ ps *parts }

func (p partsPage) A() template.HTML { return p.ps.get(partBody) }
func (p partsPage) B() template.HTML { return p.ps.get(partRows) }

// TestPartsAreAsPrinted: whatever a layout does with a page's parts, the
// page is what the layout makes of the parts given as strings.
func TestPartsAreAsPrinted(t *testing.T) {
	partA := `<p class="x">甲 &amp; 乙 --></p><script>var s = "</script>`
	partB := "<tr><td>1</td></tr>\n<!--part-0--> \x00part-"
	funcs := template.FuncMap{"upper": strings.ToUpper}
	for _, layout := range []string{
		`<main>{{.A}}</main>`,
		`{{.A}}|{{.B}}`,
		`{{.B}}{{.A}}{{.B}}`, // one printed twice
		`<div title="{{.A}}">{{.B}}</div>`,
		`<meta name="description" content="{{.A}}"><main>{{.A}}</main>`, // stripped in one place, printed in another
		`<title>{{.A}}</title><main>{{.A}}</main>`,
		`<textarea>{{.A}}</textarea>{{.A}}`,
		`<script>var a = {{.A}};</script>{{.B}}`,
		`<script>var a = {{.A}};</script>{{.A}}`,
		`<a href="/x?q={{.A}}">{{.A}}</a>`,
		`<style>p { content: "{{.A}}" }</style>{{.A}}`,
		`{{printf "%s" .A}}`,
		`{{.A | upper}}{{.A}}`,
		`{{slice .A 0 8}}{{.B}}`,
		`{{slice .A 0 40}}{{.A}}`, // longer than a marker: fails on the marker
		`{{index .A 3}}{{.A}}`,
		`{{len .A}} {{.A}}`,
		`{{if eq .A ""}}empty{{else}}{{.A}}{{end}}`,
		`{{with .A}}{{.}}{{end}}`,
		`{{$a := .A}}{{$a}}<p title="{{$a}}">{{$a}}</p>`,
		`{{$a := .A}}{{$a}}<p title="{{$a}}">`, // asked once, printed once whole, once escaped
		`{{$a := .A}}<meta content="{{$a}}">{{$a}}`,
		`{{$a := .A}}<script>var a = {{$a}};</script>{{$a}}`,
		`<p>none</p>`,
		`{{if .A}}yes{{end}}{{.B}}`,
		`<!-- a comment {{.A}} -->{{.A}}`,
	} {
		tmpl := template.Must(template.New("page").Funcs(funcs).Parse(layout))
		strs := &parts{nonce: newNonce()}
		strs.set(partBody, func(w *bytes.Buffer) error { w.WriteString(partA); return nil })
		strs.set(partRows, func(w *bytes.Buffer) error { w.WriteString(partB); return nil })
		if err := strs.materialize(); err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		wantErr := tmpl.Execute(&want, partsPage{strs})

		ps := &parts{nonce: newNonce()}
		ps.set(partBody, func(w *bytes.Buffer) error { w.WriteString(partA); return nil })
		ps.set(partRows, func(w *bytes.Buffer) error { w.WriteString(partB); return nil })
		var buf, scratch bytes.Buffer
		got, err := ps.execute(&buf, &scratch, func(w *bytes.Buffer) ([]byte, error) {
			w.Reset()
			err := tmpl.Execute(w, partsPage{ps})
			return w.Bytes(), err
		})
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("layout %s: error %v, with the parts as strings %v", layout, err, wantErr)
		}
		if err != nil {
			continue
		}
		if string(got) != want.String() {
			t.Errorf("layout %s:\ngot  %q\nwant %q", layout, got, want.String())
		}
		if strings.Contains(string(got), ps.nonce) {
			t.Errorf("layout %s: a marker is left in %q", layout, got)
		}
	}
}

// TestPartsSplice: a layout that only prints its parts gets them spliced,
// not made again as strings.
func TestPartsSplice(t *testing.T) {
	tmpl := template.Must(template.New("page").Parse(`<main>{{.A}}</main>{{.B}}{{.A}}`))
	ps := &parts{nonce: newNonce()}
	written := 0
	ps.set(partBody, func(w *bytes.Buffer) error { written++; w.WriteString("<p>甲</p>"); return nil })
	ps.set(partRows, func(w *bytes.Buffer) error { written++; w.WriteString("<tr></tr>"); return nil })
	var buf, scratch bytes.Buffer
	got, err := ps.execute(&buf, &scratch, func(w *bytes.Buffer) ([]byte, error) {
		err := tmpl.Execute(w, partsPage{ps})
		return w.Bytes(), err
	})
	if err != nil || string(got) != "<main><p>甲</p></main><tr></tr><p>甲</p>" {
		t.Fatalf("got %q, %v", got, err)
	}
	if ps.materialized || written != 3 {
		t.Errorf("the parts were made as strings (materialized %v, %d writes)", ps.materialized, written)
	}
}

// TestPartErrors: a part that cannot be written fails its page, whether
// it is spliced or made as a string.
func TestPartErrors(t *testing.T) {
	for _, layout := range []string{`<main>{{.A}}</main>`, `<p title="{{.A}}">`} {
		ps := &parts{nonce: newNonce()}
		ps.set(partBody, func(w *bytes.Buffer) error { return errors.New("cannot read the body") })
		tmpl := template.Must(template.New("page").Parse(layout))
		var buf, scratch bytes.Buffer
		_, err := ps.execute(&buf, &scratch, func(w *bytes.Buffer) ([]byte, error) {
			err := tmpl.Execute(w, partsPage{ps})
			return w.Bytes(), err
		})
		if err == nil || err.Error() != "cannot read the body" {
			t.Errorf("layout %s: error %v, want the part's", layout, err)
		}
	}
}
