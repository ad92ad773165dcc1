package importer

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/diag"
)

// Options steer an import. Every field is optional.
type Options struct {
	Year int    // the document's year; 0: read it from the material
	Unit string // the unit, as the archive writes it; "": read it from the material
	Name string // the file name in content/<year>/, without .md; "": derive it
	Kind string // 班子 or 个人; "": read it from the material

	// Docs are the archive's documents. The previous year's document of
	// the same name gives report items their references, and the unit's
	// earlier documents give the unit and name when the material does not.
	Docs []*content.Document
	// Config and Vocab are the site's settings, for checking the result
	// as build will. A nil Vocab is the default vocabulary.
	Config content.Config
	Vocab  content.Vocabulary
}

// Counts are what an import recognised.
type Counts struct {
	Groups   int // problem groups （一）
	Items    int // problem items 一是
	Causes   int
	Measures int
	Reports  int // report items, linked or not
	Linked   int // report items given a status and a reference
	Review   int // report items marked 待核实
}

// NoteKind says how much a note matters.
type NoteKind int

const (
	NoteInfo     NoteKind = iota // what was recognised, and how
	NoteReview                   // a guess to check
	NoteUnplaced                 // text that could not be placed where it seems to belong
	NoteRemoved                  // page furniture left out
)

func (k NoteKind) String() string {
	return [...]string{"info", "check", "not placed", "removed"}[k]
}

// Note is one remark of the recognition report.
type Note struct {
	Line int // the source line (or docx paragraph); 0 for the whole file
	Kind NoteKind
	Text string
}

// Result is an imported document.
type Result struct {
	Markdown []byte
	Meta     Meta
	Path     string // "content/<year>/<name>.md"
	Format   string // what the source was read as: "Word .docx", "GB18030 text"…
	Where    string // what Note.Line counts: "line" or "paragraph"
	Counts   Counts
	Notes    []Note    // by line
	Source   string    // the source's text, every character in order, page furniture aside
	Removed  []Removal // the page furniture left out, by line
	Diags    diag.List // what check says about the new document (warnings)
}

// Import turns a material (.docx, .txt or .md; name is its file name, for
// the format and for messages) into a document of the archive.
//
// It never rewords: the Markdown's text with the added markup removed is
// the source's text, whitespace aside; Import checks this, and checks that
// the document parses and resolves against opts.Docs without errors, and
// fails otherwise.
func Import(name string, data []byte, opts Options) (*Result, error) {
	im, err := recognise(name, data, opts)
	if err != nil {
		return nil, err
	}
	return im.finish()
}

// recognised is an import read and recognised, its metadata and so its
// path known, but its Markdown not yet written and checked.
type recognised struct {
	r     *recogniser
	src   *source
	title string
	meta  Meta
	opts  Options
	vocab content.Vocabulary
}

// path is where the document goes: "content/<year>/<name>.md".
func (im *recognised) path() string { return content.Dir + "/" + im.meta.Key() + ".md" }

// recognise reads a material and recognises its structure and metadata:
// the first half of Import.
func recognise(name string, data []byte, opts Options) (*recognised, error) {
	src, err := readSource(name, data)
	if err != nil {
		return nil, err
	}
	if len(src.blocks) == 0 {
		return nil, fmt.Errorf("the file holds no text")
	}
	vocab := opts.Vocab
	if vocab == nil {
		vocab = content.DefaultVocabulary()
	}
	r := &recogniser{src: src}
	for _, rm := range src.removed {
		r.note(rm.Line, NoteRemoved, "%q left out: %s", rm.Text, rm.Why)
	}
	if src.wrap > 0 {
		r.note(0, NoteInfo, "the lines are cut at a page width (about %d characters, as Word exports text): %d lines joined to the paragraphs they continue; a line that ends no sentence runs on unless the next starts a heading or an item", src.wrap/2, src.joined)
	}
	title, titleLine, blocks := r.takeTitle(src.blocks)
	for _, b := range blocks {
		if b.level > 0 && (r.topLevel == 0 || b.level < r.topLevel) {
			r.topLevel = b.level
		}
	}
	date := ""
	for _, b := range blocks {
		if b.table == nil && runes(b.text) <= 24 {
			if d := findDate(b.text); d != "" {
				date = d
			}
		}
	}
	spans := r.sections(blocks)
	r.assignRoles(spans)
	var preamble []string
	for _, b := range spans[0].blocks {
		preamble = append(preamble, b.text)
	}
	r.run(spans)
	meta, err := r.deriveMeta(metaInput{
		title: title, titleLine: titleLine, preamble: strings.Join(preamble, "\n"), reportHd: r.reportHd,
		text: src.text(), date: date, front: src.front, sourceName: name,
	}, opts)
	if err != nil {
		return nil, err
	}
	return &recognised{r: r, src: src, title: title, meta: meta, opts: opts, vocab: vocab}, nil
}

// finish links the report items, writes the Markdown and checks it: the
// second half of Import.
func (im *recognised) finish() (*Result, error) {
	r, src, title, meta, opts, vocab := im.r, im.src, im.title, im.meta, im.opts, im.vocab
	ctx := reportContext{prevKey: reportedKey(r.reportHd, meta), vocab: vocab, earlier: map[int]*content.Document{}}
	for _, d := range opts.Docs {
		if d.Unit == meta.Unit && d.Year < meta.Year {
			if e := ctx.earlier[d.Year]; e == nil || path.Base(d.Key) == meta.Name {
				ctx.earlier[d.Year] = d
			}
		}
		switch {
		case d.Key != ctx.prevKey:
		case d.Unit == meta.Unit:
			ctx.prev = d
		default:
			// References are suggested only within the unit.
			ctx.foreign = d.Unit
			r.note(0, NoteReview, "%s is the material of %s, another unit: its problems are not offered to the report items; give --name with the file name of this unit's own materials", d.Key, d.Unit)
		}
	}
	r.link(ctx)
	md := writeMarkdown(meta, r.out)

	res := &Result{
		Markdown: md, Meta: meta, Path: im.path(),
		Format: src.format, Where: src.where, Counts: r.counts, Source: src.text(), Removed: src.removed,
	}
	slices.SortStableFunc(r.notes, func(a, b Note) int { return a.Line - b.Line })
	res.Notes = r.notes

	if err := checkLossless(title, src.text(), md); err != nil {
		return res, err
	}
	if err := verify(res, opts, vocab); err != nil {
		return res, err
	}
	return res, nil
}

// checkLossless checks that the Markdown holds every character of the
// source, in order, and nothing else but markup.
func checkLossless(title, source string, md []byte) error {
	gotTitle, body := plainText(md)
	got := body
	if title != "" {
		got = gotTitle + body
	}
	want := []rune(squeeze(source))
	have := []rune(squeeze(got))
	if slices.Equal(want, have) {
		return nil
	}
	i := 0
	for i < len(want) && i < len(have) && want[i] == have[i] {
		i++
	}
	ctx := func(r []rune) string { return string(r[max(i-15, 0):min(i+15, len(r))]) }
	return fmt.Errorf("internal error: the Markdown would not hold the source word for word, from character %d: source %q, Markdown %q; please report this with the file", i, ctx(want), ctx(have))
}

// verify parses the Markdown as check and build will, with the archive,
// and compares what the parser sees with what was recognised.
func verify(res *Result, opts Options, vocab content.Vocabulary) error {
	p := content.NewParser(opts.Config, vocab, nil)
	doc, diags := p.Parse(res.Path, res.Markdown)
	docs := []*content.Document{}
	for _, d := range opts.Docs {
		if d.Key != res.Meta.Key() {
			docs = append(docs, d)
		}
	}
	if doc != nil {
		docs = append(docs, doc)
	}
	a, ad := archive.Build(docs)
	diags = append(diags, ad...)
	for _, d := range diags {
		if d.Path == res.Path {
			res.Diags = append(res.Diags, d)
		}
	}
	res.Diags.Sort()
	if res.Diags.HasErrors() || doc == nil {
		return fmt.Errorf("internal error: the imported Markdown does not pass check:\n%v", res.Diags)
	}
	suggestContinuations(res, a, opts.Config)
	var c Counts
	for _, pr := range doc.Problems {
		if pr.IsGroup() {
			c.Groups++
		} else {
			c.Items++
		}
	}
	c.Causes, c.Measures = len(doc.Causes), len(doc.Measures)
	want := res.Counts
	if c.Groups != want.Groups || c.Items != want.Items || c.Causes != want.Causes || c.Measures != want.Measures || len(doc.Reports) != want.Linked {
		return fmt.Errorf("internal error: the parser reads %d groups, %d items, %d causes, %d measures, %d report items, but %d, %d, %d, %d, %d were written",
			c.Groups, c.Items, c.Causes, c.Measures, len(doc.Reports), want.Groups, want.Items, want.Causes, want.Measures, want.Linked)
	}
	return nil
}
