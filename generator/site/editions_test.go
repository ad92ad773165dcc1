package site

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"mzshh/generator/bench/synthetic"
	"mzshh/generator/content"
)

// plantedArchive is a site's sources with a distinctive marker in every
// field of every document: title, unit, meeting, every heading (problems,
// causes, measures, sections), every paragraph and list item (problem
// text, report text, causes, measures) and 责任人.
type plantedArchive struct {
	files map[string][]byte // site path → source
	docs  map[string]*content.Document
	// owners says which documents carry each marker; a unit's marker is
	// carried by all of the unit's documents.
	owners map[string][]string
}

var (
	headingLine = regexp.MustCompile(`^(#{2,6} )(.*?)(\s*\{[^}]*\})?\s*$`)
	fmLine      = regexp.MustCompile(`^(title|unit|meeting): (.*)$`)
)

// plant puts markers into the documents of files (config.yaml and
// content/…). Markers are ASCII words, so that the search index, which
// lower-cases words, keeps them whole.
func plant(t *testing.T, files map[string][]byte) *plantedArchive {
	t.Helper()
	pa := &plantedArchive{files: map[string][]byte{}, docs: map[string]*content.Document{}, owners: map[string][]string{}}
	n := 0
	unitMarker := map[string]string{}
	next := func(key string) string {
		n++
		m := fmt.Sprintf("mk%05dx", n)
		pa.owners[m] = []string{key}
		return m
	}
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		src := files[p]
		if !strings.HasPrefix(p, "content/") || !strings.HasSuffix(p, ".md") {
			pa.files[p] = src
			continue
		}
		key := strings.TrimSuffix(strings.TrimPrefix(p, "content/"), ".md")
		year, _ := strconv.Atoi(path.Dir(key))
		d := &content.Document{Key: key, Year: year, Path: p}
		lines := strings.Split(string(src), "\n")
		inFM := false
		for i, l := range lines {
			switch {
			case i == 0 && l == "---":
				inFM = true
			case inFM && l == "---":
				inFM = false
			case inFM:
				m := fmLine.FindStringSubmatch(l)
				switch {
				case m == nil:
					if v, ok := strings.CutPrefix(l, "kind: "); ok {
						d.Kind = strings.TrimSpace(v)
					}
				case m[1] == "unit":
					u := strings.TrimSpace(m[2])
					d.Unit = u
					if unitMarker[u] == "" {
						unitMarker[u] = next("")
						pa.owners[unitMarker[u]] = nil
					}
					pa.owners[unitMarker[u]] = append(pa.owners[unitMarker[u]], key)
					lines[i] = "unit: " + u + " " + unitMarker[u]
					d.Unit = lines[i][len("unit: "):]
				default:
					lines[i] = fmt.Sprintf("%s: %s %s %s", m[1], next(key), strings.TrimSpace(m[2]), next(key))
				}
			case strings.TrimSpace(l) == "":
			case headingLine.MatchString(l):
				m := headingLine.FindStringSubmatch(l)
				lines[i] = m[1] + next(key) + " " + m[2] + " " + next(key) + m[3]
			case strings.HasPrefix(l, "责任人："):
				lines[i] = "责任人：" + next(key) + " " + l[len("责任人："):] + " " + next(key)
			case strings.ContainsAny(l[:1], "-*+>|`0123456789") || strings.HasPrefix(l, "【") || strings.HasPrefix(l, "延续") || strings.HasPrefix(l, "针对"):
				lines[i] = l + " " + next(key)
			default:
				lines[i] = next(key) + " " + l + " " + next(key)
			}
		}
		pa.files[p] = []byte(strings.Join(lines, "\n"))
		pa.docs[key] = d
	}
	return pa
}

// write puts the planted sources and config into a new site directory.
func (pa *plantedArchive) write(t *testing.T, config string) string {
	t.Helper()
	files := maps.Clone(pa.files)
	files[content.ConfigFile] = slices.Concat(bytes.TrimRight(files[content.ConfigFile], "\n"), []byte("\n"+config))
	return writeSite(t, files)
}

// decode returns the text of a built file: gzip and zip members are
// decompressed.
func decode(t *testing.T, name string, b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0x1f, 0x8b}):
		r, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return decode(t, name, out)
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var sb strings.Builder
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatalf("%s: %s: %v", name, f.Name, err)
			}
			m, _ := io.ReadAll(rc)
			rc.Close()
			sb.WriteString(decode(t, name+"/"+f.Name, m))
		}
		return sb.String()
	}
	return string(b)
}

var (
	markerRE = regexp.MustCompile(`mk\d{5}x`)
	linkRE   = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
)

// leakFigures are what a leak scan found.
type leakFigures struct {
	sites, files, seen, leaks, links int
	excludedRefs                     int // references marked 本版未收录
}

// scanSite reads every file of a built site (root, holding the documents
// in keep) and reports every marker of a document outside keep, every
// link that leaves the site or names a missing file, and every document
// of keep whose title marker is nowhere (the test would prove nothing).
func scanSite(t *testing.T, pa *plantedArchive, root string, keep map[string]bool, fig *leakFigures) {
	t.Helper()
	fig.sites++
	titles := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		text := strings.ToLower(decode(t, rel, b))
		fig.files++
		if strings.HasSuffix(rel, ".html") {
			fig.excludedRefs += strings.Count(text, `class="annot ref ref-excluded"`)
		}
		for _, m := range markerRE.FindAllString(text, -1) {
			fig.seen++
			owners := pa.owners[m]
			if !slices.ContainsFunc(owners, func(k string) bool { return keep[k] }) {
				fig.leaks++
				t.Errorf("%s: %s holds %s, a marker of %v, which the edition does not hold", root, rel, m, owners)
			}
			titles[m] = true
		}
		if strings.HasSuffix(rel, ".html") {
			for _, m := range linkRE.FindAllStringSubmatch(string(b), -1) {
				fig.links++
				checkLink(t, root, rel, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The first marker of a document's source is its title's.
	for key, held := range keep {
		if !held {
			continue
		}
		first := ""
		for m, owners := range pa.owners {
			if len(owners) == 1 && owners[0] == key && (first == "" || m < first) {
				first = m
			}
		}
		if first != "" && !titles[first] {
			t.Errorf("%s: the title marker %s of %s, which the edition holds, is in no file", root, first, key)
		}
	}
}

// checkLink reports a link of the page rel that leaves the site root or
// names a file the site does not have.
func checkLink(t *testing.T, root, rel, href string) {
	t.Helper()
	href = strings.ReplaceAll(href, "&amp;", "&")
	if href == "" || strings.HasPrefix(href, "#") {
		return
	}
	if strings.Contains(href, ":") {
		t.Errorf("%s: %s links outside the site: %s", root, rel, href)
		return
	}
	target, _, _ := strings.Cut(href, "#")
	target, _, _ = strings.Cut(target, "?")
	if target == "" {
		return
	}
	if unescaped, err := urlUnescape(target); err == nil {
		target = unescaped
	}
	p := path.Join(path.Dir(rel), target)
	if p == ".." || strings.HasPrefix(p, "../") {
		t.Errorf("%s: %s links outside the edition: %s", root, rel, href)
		return
	}
	if strings.HasSuffix(target, "/") {
		p += "/index.html"
	}
	if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); err != nil {
		t.Errorf("%s: %s links to %s, which the edition does not have", root, rel, href)
	}
}

func urlUnescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				return "", err
			}
			b.WriteByte(byte(n))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String(), nil
}

// readSources reads a site directory's config and documents.
func readSources(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if e.IsDir() || !(rel == content.ConfigFile || strings.HasPrefix(rel, "content/") && strings.HasSuffix(rel, ".md")) {
			return nil
		}
		files[rel], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// leakArchives are the archives of the leak test: the example and a
// synthetic one.
func leakArchives(t *testing.T) map[string]map[string][]byte {
	docs, err := synthetic.Generate(synthetic.Options{Years: 4, Units: 8, Seed: 17})
	if err != nil {
		t.Fatal(err)
	}
	syn := map[string][]byte{}
	for p, f := range synthetic.MapFS(docs) {
		syn[p] = f.Data
	}
	return map[string]map[string][]byte{"example": readSources(t, "../.."), "synthetic": syn}
}

// TestEditionsLeak builds every edition of the example archive and of a
// synthetic one, with markers planted in every field of every document,
// and reads every file back (search shards and records included): no
// marker of a document an edition does not hold may appear, and no link
// may leave the edition.
func TestEditionsLeak(t *testing.T) {
	for name, files := range leakArchives(t) {
		t.Run(name, func(t *testing.T) {
			pa := plant(t, files)
			var keys []string
			for k := range pa.docs {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			last := pa.docs[keys[len(keys)-1]].Year
			config := fmt.Sprintf(`editions:
  - name: all
  - name: banzi
    kinds: [班子]
  - name: unit
    per_unit: true
  - name: recent
    years: %d-
    exclude: [%s]
`, last-1, keys[len(keys)-1])
			dir := pa.write(t, config)
			built, diags, err := BuildEditions(context.Background(), BuildOptions{Dir: dir})
			if err != nil || diags.HasErrors() {
				t.Fatalf("build: %v\n%s", err, diags.Error())
			}
			fsys := os.DirFS(dir)
			cfg, _, _ := content.LoadConfig(fsys)
			full, _ := Load(fsys)
			var fig leakFigures
			for _, b := range built {
				e := cfg.Edition(b.Edition)
				if !e.PerUnit {
					keep := map[string]bool{}
					for k, d := range pa.docs {
						keep[k] = e.Selects(d)
					}
					scanSite(t, pa, b.Dest, keep, &fig)
					continue
				}
				units := 0
				for _, u := range full.Archive.Units {
					keep := map[string]bool{}
					for k, d := range pa.docs {
						keep[k] = d.Unit == u.Name && e.Selects(d)
					}
					scanSite(t, pa, filepath.Join(b.Dest, u.Slug), keep, &fig)
					units++
				}
				if entries, _ := os.ReadDir(b.Dest); len(entries) != units+1 { // the units and the marker
					t.Errorf("edition %s: %d entries in %s, want %d units and the build marker", b.Edition, len(entries), b.Dest, units)
				}
			}
			t.Logf("%s: %d editions, %d sites, %d files scanned, %d markers planted, %d marker occurrences read, %d links checked, %d references marked 本版未收录, %d leaks",
				name, len(built), fig.sites, fig.files, len(pa.owners), fig.seen, fig.links, fig.excludedRefs, fig.leaks)
		})
	}
}
