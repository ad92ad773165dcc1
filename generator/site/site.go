// Package site runs the whole pipeline for a site directory: read the
// config and documents (content), resolve them (archive), parse the
// layouts and render the pages (render). Build publishes the result to a
// directory atomically; Check only reports.
package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"mzshh"
	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/diag"
	"mzshh/generator/output"
	"mzshh/generator/render"
)

// Site is a loaded and resolved site, ready to render.
type Site struct {
	Config    content.Config
	Archive   *archive.Archive
	Templates *render.Templates
	Docs      []*content.Document
}

// Load reads and resolves the site in fsys (the site directory). The
// diagnostics hold every error and warning; the Site is nil when there are
// errors.
func Load(fsys fs.FS) (*Site, diag.List) {
	cfg, vocab, diags := content.LoadConfig(fsys)
	docs, d := content.NewParser(cfg, vocab).ReadAll(fsys)
	diags = append(diags, d...)
	a, d := archive.Build(docs)
	diags = append(diags, d...)
	t, d := LoadTemplates(fsys)
	diags = append(diags, d...)
	diags.Sort()
	if diags.HasErrors() {
		return nil, diags
	}
	return &Site{Config: cfg, Archive: a, Templates: t, Docs: docs}, diags
}

// LoadTemplates parses the site's layouts over the built-in ones.
func LoadTemplates(fsys fs.FS) (*render.Templates, diag.List) {
	defaults, err := fs.Sub(mzshh.Layouts, render.LayoutsDir)
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	var siteLayouts fs.FS
	if fi, err := fs.Stat(fsys, render.LayoutsDir); err == nil && fi.IsDir() {
		siteLayouts, _ = fs.Sub(fsys, render.LayoutsDir)
	}
	return render.LoadTemplates(siteLayouts, defaults)
}

// Summary describes a finished build.
type Summary struct {
	Documents, Problems, Reports, Files int
	SearchRecords, SearchBytes          int
	Elapsed                             time.Duration
}

func (s Summary) String() string {
	return fmt.Sprintf("%d documents, %d problems, %d reports, %d files written in %s; search index %d records, %.1f KB",
		s.Documents, s.Problems, s.Reports, s.Files, s.Elapsed.Round(time.Millisecond), s.SearchRecords, float64(s.SearchBytes)/1024)
}

// Render writes the site's pages to out. The diagnostics report layout
// errors and files that could not be written.
func (s *Site) Render(out output.Output) (Summary, diag.List) {
	r := render.New(s.Templates, s.Archive, s.Config)
	n, diags := r.Render(out)
	sum := Summary{Documents: len(s.Archive.Docs), Files: n}
	if idx := r.SearchIndex(); idx != nil {
		sum.SearchRecords, sum.SearchBytes = idx.Records, idx.Bytes
	}
	for _, d := range s.Archive.Docs {
		sum.Problems += len(d.Problems)
		sum.Reports += len(d.Reports)
	}
	return sum, diags
}

// ErrHasErrors is returned when the site's sources have errors; the
// diagnostics say which.
var ErrHasErrors = errors.New("the site has errors")

// Build loads the site in dir and publishes it to dest. dest is replaced
// only when everything succeeded.
//
// The destination's lock is taken and leftovers of killed builds are
// cleaned up (notify says what was restored) before the site is loaded, so
// that "dest was not changed" holds even when the sources have errors.
func Build(ctx context.Context, dir, dest string, notify output.Notify) (Summary, diag.List, error) {
	start := time.Now()
	var sum Summary
	var diags diag.List
	err := output.Publish(ctx, dest, func(out output.Output) error {
		var s *Site
		s, diags = Load(os.DirFS(dir))
		if s == nil {
			return ErrHasErrors
		}
		var rd diag.List
		sum, rd = s.Render(out)
		diags = append(diags, rd...)
		if rd.HasErrors() {
			return ErrHasErrors
		}
		return nil
	}, notify)
	sum.Elapsed = time.Since(start)
	if err != nil {
		return sum, diags, err
	}
	sum.Files++ // the build marker
	return sum, diags, nil
}

// DefaultDestination is where build writes when -d is not given.
func DefaultDestination(dir string) string { return filepath.Join(dir, "public") }
