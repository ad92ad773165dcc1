package importer

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/diag"
	"mzshh/generator/internal/cli"
	"mzshh/generator/status"
)

// ErrUsage is returned for bad arguments, after the usage was printed.
var ErrUsage = errors.New("usage")

// ErrReported is returned when the command failed and has printed why.
var ErrReported = errors.New("errors reported")

const importUsage = `usage: generator import [-s DIR] [--year Y] [--unit NAME] [--name SLUG] [--kind 班子|个人] [-o PATH|-] [-f] FILE...

Imports 对照检查材料 (.docx, .txt in UTF-8, UTF-16 or GBK, .md) into DIR/content/<year>/<name>.md
and prints what was recognised and what to check.

  -s, --source DIR   site directory (default .); its archive gives references and units
  --year Y           the material's year (default: read from it)
  --unit NAME        the unit, as the archive writes it (default: read from it)
  --name SLUG        the file name, without .md (default: the unit's earlier name; else banzi
                     for a team if no other unit has it; else the unit's own characters)
  --kind 班子|个人    a team's or a member's material (default: read from it)
  -o, --output PATH  write there instead; - writes the Markdown to standard output
  -f, --force        overwrite an existing file
`

const newUsage = `usage: generator new [-s DIR] <year>/<name>

Creates DIR/content/<year>/<name>.md, the next material of the unit whose earlier
document is named <name>: its front matter, the four sections, and one report item
per problem of the earlier document that is not done, each starting 【待填写】.
check and build fail until every 【待填写】 is replaced by a status word.

  -s, --source DIR   site directory (default .)
`

// loadSite reads the documents of the site in dir and resolves them. The
// site may have errors (a half-written new document): what can be read is
// used, and the errors are counted.
func loadSite(dir string) (content.Config, content.Vocabulary, []*content.Document, *archive.Archive, diag.List) {
	fsys := os.DirFS(dir)
	cfg, vocab, diags := content.LoadConfig(fsys)
	var docs []*content.Document
	if fi, err := os.Stat(filepath.Join(dir, content.Dir)); err == nil && fi.IsDir() {
		var d diag.List
		docs, d = content.NewParser(cfg, vocab, nil).ReadAll(fsys)
		diags = append(diags, d...)
	}
	a, d := archive.Build(docs)
	diags = append(diags, d...)
	diags.Sort()
	return cfg, vocab, docs, a, diags
}

// RunImport implements: import [-s DIR] [--year Y] [--unit NAME] [--name SLUG] [-o PATH|-] FILE...
func RunImport(args []string, stdout, stderr io.Writer) error {
	var dir, year, unit, name, kind, output string
	var force bool
	fs := cli.New("import", stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), importUsage) }
	fs.StringVar(&dir, "s", ".", "")
	fs.StringVar(&dir, "source", ".", "")
	fs.StringVar(&year, "year", "", "")
	fs.StringVar(&unit, "unit", "", "")
	fs.StringVar(&name, "name", "", "")
	fs.StringVar(&kind, "kind", "", "")
	fs.StringVar(&output, "o", "", "")
	fs.StringVar(&output, "output", "", "")
	fs.BoolVar(&force, "f", false, "")
	fs.BoolVar(&force, "force", false, "")
	files, err := cli.Parse(fs, args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return ErrUsage // fs printed the error and the usage
	}
	if err == nil && len(files) == 0 {
		err = errors.New("no file to import")
	}
	if err == nil && len(files) > 1 && (name != "" || output != "") {
		err = errors.New("--name and -o take a single file")
	}
	opts := Options{Unit: unit, Name: name, Kind: kind}
	if err == nil && year != "" {
		if opts.Year, err = strconv.Atoi(year); err != nil || len(year) != 4 {
			err = fmt.Errorf("--year %q: give four digits, e.g. --year 2021", year)
		}
	}
	if err == nil && name != "" {
		err = checkName(strings.TrimSuffix(name, ".md"))
		opts.Name = strings.TrimSuffix(name, ".md")
	}
	if err != nil {
		fmt.Fprintf(stderr, "import: %v\n%s", err, importUsage)
		return ErrUsage
	}
	// Where the document goes is known before anything is read when -o
	// or --year and --name say it; then it is checked first.
	known := output
	if known == "" && opts.Year != 0 && opts.Name != "" {
		known = filepath.Join(dir, content.Dir, strconv.Itoa(opts.Year), opts.Name+".md")
	}
	if known != "" && known != "-" && !force {
		if err := checkFree(known); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", files[0], err)
			return ErrReported
		}
	}
	cfg, vocab, docs, _, diags := loadSite(dir)
	if n := diags.Count(diag.Error); n > 0 {
		fmt.Fprintf(stderr, "note: the site in %s has %d errors (see check); its documents are used as far as they can be read\n", dir, n)
	}
	opts.Config, opts.Vocab = cfg, vocab

	type job struct {
		file string
		data []byte
		year int
	}
	var jobs []job
	failed := 0
	for _, f := range files {
		data, err := readInput(f)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", f, err)
			failed++
			continue
		}
		jobs = append(jobs, job{file: f, data: data})
	}
	// Import older materials first, so that a later one can refer to them.
	if len(jobs) > 1 {
		for i := range jobs {
			o := opts
			o.Docs = docs
			if im, err := recognise(jobs[i].file, jobs[i].data, o); err == nil {
				jobs[i].year = im.meta.Year
			}
		}
		slices.SortStableFunc(jobs, func(a, b job) int { return cmp.Compare(a.year, b.year) })
	}
	for _, j := range jobs {
		o := opts
		o.Docs = docs
		im, err := recognise(j.file, j.data, o)
		if err == nil && output == "" && !force {
			// The path is known now: check it before writing and
			// checking the Markdown.
			err = checkFree(filepath.Join(dir, filepath.FromSlash(im.path())))
		}
		var res *Result
		if err == nil {
			res, err = im.finish()
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", j.file, err)
			failed++
			continue
		}
		report := stdout
		var dest string
		switch output {
		case "-":
			report = stderr
			if _, err := stdout.Write(res.Markdown); err != nil {
				return err
			}
			dest = "standard output"
		default:
			dest = output
			if dest == "" {
				dest = filepath.Join(dir, filepath.FromSlash(res.Path))
			}
			if err := writeNew(dest, res.Markdown, force); err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", j.file, err)
				failed++
				continue
			}
		}
		printReport(report, j.file, dest, res)
		// Later files may report on this one.
		if d, _ := content.NewParser(cfg, vocab, nil).Parse(res.Path, res.Markdown); d != nil {
			docs = slices.DeleteFunc(slices.Clone(docs), func(x *content.Document) bool { return x.Key == d.Key })
			docs = append(docs, d)
		}
	}
	if failed > 0 {
		return ErrReported
	}
	return nil
}

// readInput reads a file to import, refusing one larger than
// limits.file before reading it all.
func readInput(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limits.file+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limits.file {
		return nil, limitError(fmt.Sprintf("the file is more than %s, far more than a material", mb(uint64(limits.file))))
	}
	return data, nil
}

// checkFree says whether a file may be written at path without -f.
func checkFree(path string) error {
	if _, err := os.Lstat(path); err == nil {
		return existsError(path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func existsError(path string) error {
	return fmt.Errorf("%s already exists; give -f to overwrite it, or --name or -o to write elsewhere", path)
}

// writeNew writes a file, making its folder, and refuses to overwrite one
// unless force.
func writeNew(path string, data []byte, force bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return existsError(path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// printReport prints what an import recognised, and what to look at.
func printReport(w io.Writer, file, dest string, res *Result) {
	m, c := res.Meta, res.Counts
	fmt.Fprintf(w, "imported %s (%s) → %s\n", file, res.Format, dest)
	fmt.Fprintf(w, "  title:   %s\n", m.Title)
	fmt.Fprintf(w, "  year %d · unit %s · kind %s · meeting %s", m.Year, m.Unit, m.Kind, m.Meeting)
	if m.Date != "" {
		fmt.Fprintf(w, " · date %s", m.Date)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  recognised: %d problem groups, %d problem items, %d causes, %d measures, %d report items (%d with a status and reference, %d marked 待核实)\n",
		c.Groups, c.Items, c.Causes, c.Measures, c.Reports, c.Linked, c.Review)
	where := func(n Note) string {
		if n.Line == 0 {
			return ""
		}
		return fmt.Sprintf("%s %d: ", res.Where, n.Line)
	}
	for _, kind := range []NoteKind{NoteInfo, NoteRemoved, NoteReview, NoteUnplaced} {
		var lines []string
		for _, n := range res.Notes {
			if n.Kind == kind {
				lines = append(lines, where(n)+n.Text)
			}
		}
		heading := map[NoteKind]string{NoteInfo: "how", NoteRemoved: "page furniture left out", NoteReview: "to check", NoteUnplaced: "not placed"}[kind]
		switch {
		case len(lines) > 0:
			fmt.Fprintf(w, "  %s:\n", heading)
			for _, l := range lines {
				fmt.Fprintf(w, "    %s\n", l)
			}
		case kind == NoteUnplaced:
			fmt.Fprintf(w, "  not placed: nothing\n")
		}
	}
	for _, d := range res.Diags {
		fmt.Fprintf(w, "  check says: %s\n", d)
	}
}

// RunNew implements: new [-s DIR] <year>/<name>
func RunNew(args []string, stdout, stderr io.Writer) error {
	dir := "."
	fs := cli.New("new", stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), newUsage) }
	fs.StringVar(&dir, "s", ".", "")
	fs.StringVar(&dir, "source", ".", "")
	rest, err := cli.Parse(fs, args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return ErrUsage // fs printed the error and the usage
	}
	var year int
	var name string
	if err == nil {
		if len(rest) != 1 {
			err = errors.New("give one document: <year>/<name>, e.g. 2023/banzi")
		} else {
			key := strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(rest[0]), content.Dir+"/"), ".md")
			y, n, ok := strings.Cut(key, "/")
			year, err = strconv.Atoi(y)
			switch {
			case !ok || err != nil || len(y) != 4 || strings.Contains(n, "/"):
				err = fmt.Errorf("%q: give the document as <year>/<name>, e.g. 2023/banzi", rest[0])
			default:
				name, err = n, checkName(n)
			}
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "new: %v\n%s", err, newUsage)
		return ErrUsage
	}
	_, _, _, a, diags := loadSite(dir)
	if n := diags.Count(diag.Error); n > 0 {
		fmt.Fprintf(stderr, "note: the site in %s has %d errors (see check); statuses are worked out from what can be read\n", dir, n)
	}
	d, err := Next(a, year, name)
	if err != nil {
		fmt.Fprintf(stderr, "new: %v\n", err)
		return ErrReported
	}
	dest := filepath.Join(dir, filepath.FromSlash(d.Path))
	if err := writeNew(dest, d.Markdown, false); err != nil {
		fmt.Fprintf(stderr, "new: %v\n", err)
		return ErrReported
	}
	fmt.Fprintf(stdout, "created %s from %s (%s, %s)\n", dest, d.Prev.Path, d.Meta.Unit, d.Meta.Kind)
	fmt.Fprintf(stdout, "  report section: %d problems of %s not done, each marked 【%s】", len(d.Listed), d.Prev.Key, Placeholder)
	if len(d.Done) > 0 {
		fmt.Fprintf(stdout, "; %d done, left out", len(d.Done))
	}
	fmt.Fprintln(stdout)
	var words []string
	for _, st := range status.Reports() {
		words = append(words, st.Label)
	}
	fmt.Fprintf(stdout, "  next: replace each 【%s】 by a status word (%s) and write what was done;\n", Placeholder, strings.Join(words, ", "))
	fmt.Fprintf(stdout, "  until then check and build fail with \"unknown status word %s\". Check the title and meeting, and write the other sections.\n", Placeholder)
	return nil
}
