package render

import (
	"bytes"
	"errors"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/diag"
	"mzshh/generator/status"
)

// Layout rule: every page kind has one template file, layouts/<kind>.html;
// it is parsed together with layouts/base.html and layouts/partials.html.
// A file in the site's own layouts/ replaces the built-in file of the same
// name; files under layouts/assets/ are copied to assets/ in the output.
var pageKinds = []string{"home", "year", "unit", "document", "ledger", "outstanding", "search", "similar", "compile", "stats"}

// LayoutsDir is the site folder that holds layouts.
const LayoutsDir = "layouts"

// Templates holds the parsed layouts.
type Templates struct {
	pages  map[string]*template.Template
	assets map[string][]byte // "assets/style.css" → bytes
	// custom is set when the site overrides a page layout: such a layout
	// may show any field of the archive, so every page depends on
	// everything (see Renderer.Plan).
	custom bool
}

// layoutFS overlays a site's layouts on the built-in ones, file by file.
type layoutFS struct {
	site     fs.FS // the site's layouts/ folder; may be nil
	defaults fs.FS // the built-in layouts/ folder
}

func (l layoutFS) readFile(name string) ([]byte, string, error) {
	if l.site != nil {
		if b, err := fs.ReadFile(l.site, name); err == nil {
			return b, LayoutsDir + "/" + name, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, "", err
		}
	}
	b, err := fs.ReadFile(l.defaults, name)
	return b, "(built-in) " + LayoutsDir + "/" + name, err
}

// LoadTemplates parses the layouts. site is the site's layouts/ folder (nil
// when it has none); defaults are the built-in layouts.
func LoadTemplates(site, defaults fs.FS) (*Templates, diag.List) {
	var diags diag.List
	lfs := layoutFS{site: site, defaults: defaults}
	t := &Templates{pages: map[string]*template.Template{}, assets: map[string][]byte{}}
	shared := template.New("").Funcs(funcs).Option("missingkey=error")
	for _, name := range []string{"base.html", "partials.html"} {
		src, label, err := lfs.readFile(name)
		if err != nil {
			diags.Errorf(diag.Pos{Path: LayoutsDir + "/" + name}, "cannot read layout: %v", err)
			continue
		}
		t.custom = t.custom || !strings.HasPrefix(label, "(built-in)")
		if _, err := shared.New(name).Parse(string(src)); err != nil {
			diags = append(diags, templateDiag(label, err))
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	for _, kind := range pageKinds {
		name := kind + ".html"
		src, label, err := lfs.readFile(name)
		if err != nil {
			diags.Errorf(diag.Pos{Path: LayoutsDir + "/" + name}, "cannot read layout: %v", err)
			continue
		}
		t.custom = t.custom || !strings.HasPrefix(label, "(built-in)")
		tt, err := shared.Clone()
		if err == nil {
			_, err = tt.New(name).Parse(string(src))
		}
		if err != nil {
			diags = append(diags, templateDiag(label, err))
			continue
		}
		t.pages[kind] = tt
	}
	for _, fsys := range []fs.FS{defaults, site} {
		if fsys == nil {
			continue
		}
		isSite := fsys == site
		fs.WalkDir(fsys, "assets", func(name string, de fs.DirEntry, err error) error {
			if err == nil && de.IsDir() {
				return nil
			}
			var b []byte
			if err == nil {
				b, err = fs.ReadFile(fsys, name)
			}
			switch {
			case err == nil:
				t.assets[name] = b
			case errors.Is(err, fs.ErrNotExist) && name == "assets":
				// The site has no assets of its own.
			case isSite:
				diags.Errorf(diag.Pos{Path: LayoutsDir + "/" + name}, "cannot read: %v (a symbolic link must stay inside the site)", err)
			}
			return nil
		})
	}
	return t, diags
}

var templateErrRE = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// templateDiag turns a template error into a diagnostic at the layout's
// file and line.
func templateDiag(label string, err error) diag.Diagnostic {
	path := strings.TrimPrefix(label, "(built-in) ")
	d := diag.Diagnostic{Path: path, Severity: diag.Error, Message: err.Error()}
	if m := templateErrRE.FindStringSubmatch(err.Error()); m != nil {
		d.Path = LayoutsDir + "/" + m[1]
		d.Line, _ = strconv.Atoi(m[2])
		d.Col, _ = strconv.Atoi(m[3])
		d.Message = "template: " + m[4]
	}
	return d
}

// TemplateError is a layout that failed while a page was made.
type TemplateError struct{ Diag diag.Diagnostic }

func (e *TemplateError) Error() string { return e.Diag.String() }

// execute runs the named template of page kind into buf, made room for
// about sizeHint bytes, and returns what it wrote.
func (t *Templates) execute(buf *bytes.Buffer, kind, name string, data any, sizeHint int) ([]byte, error) {
	buf.Grow(sizeHint)
	if err := t.pages[kind].ExecuteTemplate(buf, name, data); err != nil {
		return nil, &TemplateError{templateDiag(kind+".html", err)}
	}
	return buf.Bytes(), nil
}

// Paths of pages, relative to the site root. They are escaped per segment
// when written into HTML by Go code; templates escape them themselves.
func docPath(d *archive.Doc) string         { return d.Key + ".html" }
func yearPath(y int) string                 { return strconv.Itoa(y) + "/index.html" }
func unitPath(u *archive.Unit) string       { return "units/" + u.Slug + ".html" }
func ledgerPath(y int) string               { return "ledger/" + strconv.Itoa(y) + ".html" }
func ledgerCSVPath(y int) string            { return "ledger/" + strconv.Itoa(y) + ".csv" }
func problemPath(p *archive.Problem) string { return docPath(p.Doc) + "#" + p.ID }
func reportPath(r *archive.Report) string   { return docPath(r.Doc) + "#" + r.ID }

// writeDocURL writes root+docPath(d), and "#"+id when id is set, escaped
// as escURL escapes it, without joining the parts first: the ledger
// writes four such links a row.
func writeDocURL(b *bytes.Buffer, root string, d *archive.Doc, id string) {
	if id == "" {
		writeEscURL(b, root, d.Key, ".html")
		return
	}
	writeEscURL(b, root, d.Key, ".html#", id)
}

// rootOf is the relative prefix from page p back to the site root.
func rootOf(p string) string {
	return strings.Repeat("../", strings.Count(path.Clean(p), "/"))
}

var funcs = template.FuncMap{
	"docURL":     docPath,
	"yearURL":    yearPath,
	"unitURL":    unitPath,
	"ledgerURL":  ledgerPath,
	"ledgerCSV":  ledgerCSVPath,
	"similarURL": similarPath,
	"compileURL": CompilePath,
	"problemURL": problemPath,
	"reportURL":  reportPath,
	"short":      content.ShortTitle,
	// rowsPerPage is how many rows a page of a long list holds.
	"rowsPerPage": func() int { return rowsPerPage },
	"add":         func(a, b int) int { return a + b },
	// countOf is the count of one status key in a list of counts.
	"countOf": func(cs []StatusCount, key string) int {
		for _, c := range cs {
			if c.Key == key {
				return c.N
			}
		}
		return 0
	},
	// trackedOf and reportsOf total the tracked problems and the report
	// items of documents (a list's 合计 row).
	"trackedOf": func(docs []*archive.Doc) int { _, n := tallyCounts(docs); return n },
	"reportsOf": func(docs []*archive.Doc) int {
		n := 0
		for _, d := range docs {
			n += len(d.Reports)
		}
		return n
	},
	// statuses lists every status in display order (package status).
	"statuses": status.All,
	// current shows a problem's current status with its hooks.
	"current": func(p *archive.Problem) template.HTML {
		var b bytes.Buffer
		writeCurrent(&b, p)
		return template.HTML(b.String())
	},
}

// Exported paths of pages, for incremental rendering.
var (
	YearPath      = yearPath
	UnitPath      = unitPath
	LedgerPath    = ledgerPath
	LedgerCSVPath = ledgerCSVPath
)
