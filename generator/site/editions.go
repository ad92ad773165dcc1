package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/diag"
	"mzshh/generator/output"
)

// Editions (config.yaml's editions:, see content.Edition) are a filter on
// what a load holds, not a second pipeline. Builder.Edition names the
// edition a load makes: its documents are selected before the archive is
// resolved, and the other documents' keys are handed to
// archive.BuildExcluding, so that a reference into one renders as 本版未收录
// and nothing else of it — text, title, status, count, thread year,
// similarity pair, search record — can reach the edition's files. Every
// document is still parsed and the whole archive resolved, so an edition
// reports the same errors and warnings as check.
//
// Classified documents (content.Classification): one classified 秘密 or
// above is an error wherever it would be published — in the one site when
// there are no editions, in any edition that selects it otherwise — and it
// is left out of every edition's documents even so.

// splitSelection splits Builder.Edition: "" is every document (the one
// site, or check's view of the archive); "NAME" an edition; "NAME/UNIT"
// the site of one unit (by its page's slug, as in unit/<slug>.html, or its
// name) of an edition with per_unit: true.
func splitSelection(sel string) (name, unit string) {
	name, unit, _ = strings.Cut(sel, "/")
	return name, unit
}

// resolve selects the documents of the builder's edition and resolves
// them, reporting what the whole archive reports, the classified
// documents the load would publish, and what is wrong with the selection.
// docs are every document, sorted by key.
func (b *Builder) resolve(docs []*content.Document) ([]*content.Document, *archive.Archive, diag.List) {
	eds := b.cfg.Editions
	if len(eds) == 0 && b.Edition == "" {
		a, diags := archive.Rebuild(b.last, docs)
		b.last = a
		for _, d := range docs {
			if d.Classification.Unpublishable() {
				refuse(&diags, d, "the site holds every document: add editions to config.yaml that exclude it (see README, Editions), or keep the file out of content/")
			}
		}
		return docs, a, diags
	}
	full, fullDiags := b.fullArchive(docs)
	diags := slices.Clone(fullDiags)
	if b.Edition == "" {
		for _, d := range docs {
			if !d.Classification.Unpublishable() {
				continue
			}
			var in []string
			for i := range eds {
				if eds[i].Selects(d) && (b.ed.only == "" || eds[i].Name == b.ed.only) {
					in = append(in, eds[i].Name)
				}
			}
			if len(in) > 0 {
				refuse(&diags, d, fmt.Sprintf("edition %s would hold it: exclude it from each (exclude: [%s]), or keep the file out of content/", strings.Join(in, ", "), d.Key))
			}
		}
		editionWarnings(eds, docs, &diags)
		// This view is check's, and serve's without --edition: a
		// classified document excluded from every edition is checked
		// above but never shown.
		var shown []*content.Document
		secret := map[string]bool{}
		for _, d := range docs {
			if d.Classification.Unpublishable() {
				secret[d.Key] = true
			} else {
				shown = append(shown, d)
			}
		}
		if len(secret) == 0 {
			return docs, full, diags
		}
		a, _ := archive.RebuildExcluding(b.last, shown, secret)
		b.last = a
		return shown, a, diags
	}
	keep, msg := b.selector(full)
	if keep == nil {
		pos, _ := b.cfg.KeyPos("editions")
		if len(eds) == 0 {
			pos = diag.Pos{Path: content.ConfigFile}
		}
		diags.Errorf(pos, "%s", msg)
		return nil, nil, diags
	}
	var selected []*content.Document
	excluded := map[string]bool{}
	for _, d := range docs {
		if !keep(d) {
			excluded[d.Key] = true
			continue
		}
		if d.Classification.Unpublishable() {
			refuse(&diags, d, fmt.Sprintf("edition %s would hold it: exclude it (exclude: [%s]), or keep the file out of content/", b.Edition, d.Key))
			excluded[d.Key] = true
			continue
		}
		selected = append(selected, d)
	}
	a, editionDiags := archive.RebuildExcluding(b.last, selected, excluded)
	b.last = a
	for _, d := range editionDiags {
		// The whole archive's diagnostics are reported above; an error of
		// the edition's own would be a bug of the selection, and stops it.
		if d.Severity == diag.Error {
			diags = append(diags, d)
		}
	}
	return selected, a, diags
}

// editionState is what a Builder keeps for its editions.
type editionState struct {
	// only limits check's view of classified documents to one edition
	// (a build of that edition alone).
	only string
	// The whole archive, resolved from docs, and its diagnostics.
	full  *archive.Archive
	diags diag.List
	docs  []*content.Document
}

// refuse reports a classified document that a load would publish.
func refuse(diags *diag.List, d *content.Document, why string) {
	c := d.Classification
	pos := c.Pos
	if pos.Path == "" {
		pos = diag.Pos{Path: d.Path, Line: 1, Col: 1}
	}
	diags.Errorf(pos, "密级 %s: a document classified %s, %s or %s is never published to a networked site (涉密不上网); %s",
		c.Level, content.Secret, content.Confidential, content.TopSecret, why)
}

// fullArchive resolves every document, reusing the last result while the
// documents are the same ones (the loads of a build's editions).
func (b *Builder) fullArchive(docs []*content.Document) (*archive.Archive, diag.List) {
	if b.ed.full == nil || !slices.Equal(b.ed.docs, docs) {
		b.ed.full, b.ed.diags = archive.Rebuild(b.ed.full, docs)
		b.ed.docs = slices.Clone(docs)
	}
	return b.ed.full, b.ed.diags
}

// selector returns the test of the builder's edition, or nil and a
// message when there is no such edition.
func (b *Builder) selector(full *archive.Archive) (func(*content.Document) bool, string) {
	name, unit := splitSelection(b.Edition)
	e := b.cfg.Edition(name)
	switch {
	case len(b.cfg.Editions) == 0:
		return nil, fmt.Sprintf("there is no edition %s: config.yaml has no editions", name)
	case e == nil:
		return nil, fmt.Sprintf("there is no edition %s; the editions are %s", name, strings.Join(b.cfg.EditionNames(), ", "))
	case e.PerUnit && unit == "":
		return nil, fmt.Sprintf("edition %s makes a site per unit; name one as %s/<unit>, one of %s", name, name, strings.Join(unitSlugs(full, e), ", "))
	case !e.PerUnit && unit != "":
		return nil, fmt.Sprintf("edition %s is one site, not one per unit; name it alone", name)
	case !e.PerUnit:
		return e.Selects, ""
	}
	var u *archive.Unit
	for _, x := range full.Units {
		if strings.EqualFold(x.Slug, unit) || x.Name == unit {
			u = x
		}
	}
	if u == nil || !slices.Contains(unitSlugs(full, e), u.Slug) {
		return nil, fmt.Sprintf("edition %s holds no unit %s; its units are %s", name, unit, strings.Join(unitSlugs(full, e), ", "))
	}
	return func(d *content.Document) bool { return d.Unit == u.Name && e.Selects(d) }, ""
}

// unitSlugs lists the units (by slug) that hold a document e selects.
func unitSlugs(full *archive.Archive, e *content.Edition) []string {
	var out []string
	for _, u := range full.Units {
		if slices.ContainsFunc(u.Docs, func(d *archive.Doc) bool { return e.Selects(d.Document) }) {
			out = append(out, u.Slug)
		}
	}
	return out
}

// editionWarnings warns about selectors that select nothing: a typing
// mistake in a unit's name would otherwise quietly leave it out.
func editionWarnings(eds []content.Edition, docs []*content.Document, diags *diag.List) {
	units, keys := map[string]bool{}, map[string]bool{}
	for _, d := range docs {
		units[d.Unit], keys[d.Key] = true, true
	}
	matchesNone := func(p content.Pattern, names map[string]bool) bool {
		for n := range names {
			if p.Match(n) {
				return false
			}
		}
		return true
	}
	for _, e := range eds {
		for _, p := range e.Units {
			if matchesNone(p, units) {
				diags.Warnf(p.Pos, "edition %s: units: %s matches no unit of the archive", e.Name, p.Text)
			}
		}
		for _, p := range slices.Concat(e.Documents, e.Exclude) {
			if matchesNone(p, keys) {
				diags.Warnf(p.Pos, "edition %s: %s matches no document of the archive", e.Name, p.Text)
			}
		}
		if !slices.ContainsFunc(docs, e.Selects) {
			diags.Warnf(e.Pos, "edition %s selects no document: %s", e.Name, e.String())
		}
	}
}

// NewPreviewEdition returns a preview of one edition (see
// Builder.Edition); "" previews every document, as NewPreview does.
func NewPreviewEdition(fsys fs.FS, edition string) *Preview {
	p := NewPreview(fsys)
	p.b.Edition = edition
	return p
}

// BuildOptions are the settings of BuildEditions.
type BuildOptions struct {
	Dir  string // the site directory
	Dest string // the build's destination; "" for Dir/public
	// Edition names the one edition to build; "" builds every edition,
	// or the one site when there are none.
	Edition  string
	Notify   output.Notify
	Progress *Progress
	// AsOf, when set, is the date overdue problems are counted at
	// (Builder.AsOf).
	AsOf time.Time
}

// Built is one destination a build published.
type Built struct {
	Edition string // "" for the one site of a site without editions
	Dest    string
	Units   int // the sites of a per-unit edition
	Summary
}

// BuildEditions builds the site in o.Dir: every edition of its config, or
// the one named, each published to its own destination with
// output.Publish (a per-unit edition's units together, in one folder); a
// site without editions is built as Build does. Nothing is written when
// the sources have errors; an edition whose build fails leaves its
// destination as it was, and the editions published before it stay.
func BuildEditions(ctx context.Context, o BuildOptions) ([]Built, diag.List, error) {
	root := o.Dest
	if root == "" {
		root = DefaultDestination(o.Dir)
	}
	fsys, err := Open(o.Dir)
	if err != nil {
		return nil, nil, err
	}
	cfg, _, cfgDiags := content.LoadConfig(fsys)
	if len(cfg.Editions) == 0 && (o.Edition == "" || cfgDiags.HasErrors()) {
		sum, diags, err := buildOne(ctx, o.Dir, root, o.Notify, o.Progress, o.AsOf)
		return []Built{{Dest: root, Summary: sum}}, diags, err
	}
	if o.Edition != "" && cfg.Edition(o.Edition) == nil {
		if len(cfg.Editions) == 0 {
			return nil, nil, fmt.Errorf("--edition %s: config.yaml has no editions", o.Edition)
		}
		return nil, nil, fmt.Errorf("--edition %s: there is no such edition; the editions are %s", o.Edition, strings.Join(cfg.EditionNames(), ", "))
	}
	b := NewOneOff(fsys) // each edition loads from the same parse
	defer b.Close()
	// Done however the build ends: OnStage hooks restore what they
	// changed for the render stage.
	defer o.Progress.setStage(StageDone)
	b.Progress = o.Progress
	b.AsOf = o.AsOf
	b.ed.only = o.Edition
	full, diags, _ := b.Load(nil, true)
	if full == nil {
		return nil, diags, ErrHasErrors
	}
	var eds []content.Edition
	for _, e := range b.cfg.Editions {
		if o.Edition == "" || e.Name == o.Edition {
			eds = append(eds, e)
		}
	}
	for _, e := range eds {
		if err := checkEditionDest(e.DestinationIn(o.Dir, root)); err != nil {
			return nil, diags, err
		}
	}
	var built []Built
	for _, e := range eds {
		dest := e.DestinationIn(o.Dir, root)
		bt := Built{Edition: e.Name, Dest: dest}
		sels := []string{e.Name}
		if e.PerUnit {
			sels = sels[:0]
			for _, slug := range unitSlugs(full.Archive, &e) {
				sels = append(sels, e.Name+"/"+slug)
			}
		}
		err := output.Publish(ctx, dest, func(out output.Output) error {
			for _, sel := range sels {
				b.Edition = sel
				s, ed, _ := b.Load(nil, false)
				if s == nil {
					diags = append(diags, ed...)
					return ErrHasErrors
				}
				o.Progress.setStage(StageRender)
				to := out
				if _, unit := splitSelection(sel); unit != "" {
					to = prefixed{out, unit + "/"}
					bt.Units++
				}
				sum, rd := s.Render(o.Progress.counting(to))
				diags = append(diags, rd...)
				if rd.HasErrors() {
					return ErrHasErrors
				}
				bt.Documents += sum.Documents
				bt.Problems += sum.Problems
				bt.Reports += sum.Reports
				bt.Files += sum.Files
				bt.SearchRecords += sum.SearchRecords
				bt.SearchBytes += sum.SearchBytes
			}
			o.Progress.setStage(StagePublish)
			return nil
		}, o.Notify)
		if err != nil {
			diags.Sort()
			return built, dedupe(diags), fmt.Errorf("edition %s: %w", e.Name, err)
		}
		bt.Files++ // the build marker
		built = append(built, bt)
	}
	o.Progress.setStage(StageDone)
	diags.Sort()
	return built, dedupe(diags), nil
}

// checkEditionDest refuses to publish an edition inside a site built
// without editions: that site, with every document, would stay around
// the edition.
func checkEditionDest(dest string) error {
	parent := filepath.Dir(filepath.Clean(dest))
	if _, err := os.Lstat(filepath.Join(parent, output.MarkerFile)); err == nil {
		return fmt.Errorf("%s holds a site built without editions, with every document; an edition published inside it would sit beside all of it: remove %s, then build again", parent, parent)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// dedupe drops repeated diagnostics of a sorted list.
func dedupe(l diag.List) diag.List {
	return slices.CompactFunc(l, func(x, y diag.Diagnostic) bool { return x.String() == y.String() })
}

// prefixed writes a per-unit edition's unit into its folder.
type prefixed struct {
	output.Output
	prefix string
}

func (p prefixed) WriteFile(name string, data []byte) error {
	return p.Output.WriteFile(p.prefix+name, data)
}
