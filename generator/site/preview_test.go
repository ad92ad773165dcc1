package site

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"mzshh/generator/bench/synthetic"
	"mzshh/generator/diag"
	"mzshh/generator/output"
)

// fullBuild renders the site in dir from scratch, as build does.
func fullBuild(t *testing.T, dir string) (map[string][]byte, diag.List, bool) {
	t.Helper()
	fsys, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, diags := Load(fsys)
	if s == nil {
		return nil, diags, false
	}
	out := &output.Mem{Files: map[string][]byte{}}
	if _, rd := s.Render(out); rd.HasErrors() {
		t.Fatalf("render: %v", rd)
	}
	return out.Files, diags, true
}

// previewFiles brings the preview up to date as serve does, search index
// included.
func previewFiles(t *testing.T, p *Preview, changed []string) (map[string][]byte, diag.List, bool) {
	t.Helper()
	res := p.Update(changed, false)
	if !res.OK {
		return p.Files(), res.Diags, false
	}
	j := p.IndexJob()
	ix, err := j.Run()
	if err != nil {
		t.Fatal(err)
	}
	res, ok := p.ApplyIndex(j, ix)
	if !ok {
		t.Fatal("the index of the latest update was refused")
	}
	if !res.OK {
		t.Fatalf("applying the similarity pass: %v", res.Diags)
	}
	return p.Files(), res.Diags, true
}

// editor makes pseudo-random edits to a synthetic site on disk.
type editor struct {
	t    *testing.T
	dir  string
	rng  *rand.Rand
	step int
}

func (e *editor) docs() []string {
	var out []string
	filepath.WalkDir(filepath.Join(e.dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(e.dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out)
	return out
}

func (e *editor) read(rel string) string {
	b, err := os.ReadFile(filepath.Join(e.dir, rel))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

func (e *editor) write(rel, s string) {
	p := filepath.Join(e.dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func (e *editor) pick(list []string) string { return list[e.rng.IntN(len(list))] }

var (
	reportLine = regexp.MustCompile(`(?m)^- 【([^】]+)】.*\n`)
	problemID  = regexp.MustCompile(`\{#(p[0-9-]+)\}`)
	yearLine   = regexp.MustCompile(`(?m)^year: (\d+)$`)
	unitLine   = regexp.MustCompile(`(?m)^unit: (.*)$`)
)

// edit makes one edit and returns its name and the paths it changed.
func (e *editor) edit() (string, []string) {
	e.step++
	docs := e.docs()
	doc := e.pick(docs)
	src := e.read(doc)
	words := []string{"已整改", "未整改", "整改中", "基本整改", "长期坚持", "已销号"}
	switch e.rng.IntN(13) {
	case 0: // change a status word
		if loc := reportLine.FindStringSubmatchIndex(src); loc != nil {
			all := reportLine.FindAllStringSubmatchIndex(src, -1)
			loc = all[e.rng.IntN(len(all))]
			e.write(doc, src[:loc[2]]+e.pick(words)+src[loc[3]:])
			return "status word in " + doc, []string{doc}
		}
	case 1: // remove a report item
		if all := reportLine.FindAllStringIndex(src, -1); len(all) > 0 {
			loc := all[e.rng.IntN(len(all))]
			e.write(doc, src[:loc[0]]+src[loc[1]:])
			return "report item removed from " + doc, []string{doc}
		}
	case 2: // add a problem
		if i := strings.Index(src, "## 二、存在的主要问题"); i >= 0 {
			j := strings.Index(src[i+4:], "\n## ")
			if j >= 0 {
				at := i + 4 + j + 1
				add := fmt.Sprintf("### （九）新增问题%d。 {#px%d}\n\n新增问题%d的正文。\n\n", e.step, e.step, e.step)
				e.write(doc, src[:at]+add+src[at:])
				return "problem added to " + doc, []string{doc}
			}
		}
	case 3: // continue an earlier problem of the same unit
		year, _ := strconv.Atoi(yearLine.FindStringSubmatch(src)[1])
		unit := unitLine.FindStringSubmatch(src)[1]
		for _, other := range docs {
			osrc := e.read(other)
			oy, _ := strconv.Atoi(yearLine.FindStringSubmatch(osrc)[1])
			if oy >= year || unitLine.FindStringSubmatch(osrc)[1] != unit {
				continue
			}
			ids := problemID.FindAllStringSubmatch(osrc, -1)
			mine := problemID.FindAllStringSubmatchIndex(src, -1)
			if len(ids) == 0 || len(mine) == 0 {
				break
			}
			target := strings.TrimSuffix(strings.TrimPrefix(other, "content/"), ".md") + "#" + ids[e.rng.IntN(len(ids))][1]
			at := mine[e.rng.IntN(len(mine))][1]
			at += strings.Index(src[at:], "\n") + 1
			e.write(doc, src[:at]+"\n延续 [["+target+"]]\n"+src[at:])
			return "延续 " + target + " in " + doc, []string{doc}
		}
	case 4: // add a document of a new unit
		name := fmt.Sprintf("%s/new%03d.md", filepath.Dir(doc), e.step)
		e.write(name, unitLine.ReplaceAllString(src, fmt.Sprintf("unit: 新单位%03d", e.step)))
		return "added " + name, []string{name}
	case 5: // rename or delete a document of the last year (nothing refers to it)
		last := docs[len(docs)-1]
		lastYear := strings.Split(last, "/")[1]
		var candidates []string
		for _, d := range docs {
			if strings.Split(d, "/")[1] == lastYear {
				candidates = append(candidates, d)
			}
		}
		d := e.pick(candidates)
		if e.rng.IntN(2) == 0 {
			to := fmt.Sprintf("content/%s/renamed%03d.md", lastYear, e.step)
			if err := os.Rename(filepath.Join(e.dir, d), filepath.Join(e.dir, to)); err != nil {
				e.t.Fatal(err)
			}
			return "renamed " + d, []string{d, to}
		}
		os.Remove(filepath.Join(e.dir, d))
		return "deleted " + d, []string{d}
	case 6: // a new year: a unit's last document, a year on
		last := docs[len(docs)-1]
		lsrc := e.read(last)
		y, _ := strconv.Atoi(yearLine.FindStringSubmatch(lsrc)[1])
		name := fmt.Sprintf("content/%d/next%03d.md", y+1, e.step)
		e.write(name, yearLine.ReplaceAllString(lsrc, "year: "+strconv.Itoa(y+1)))
		return "new year " + name, []string{name}
	case 7: // the title of a document others refer to
		e.write(doc, strings.Replace(src, "\ntitle: ", fmt.Sprintf("\ntitle: 改%d", e.step), 1))
		return "title of " + doc, []string{doc}
	case 8: // text of a problem
		if loc := problemID.FindStringIndex(src); loc != nil {
			e.write(doc, src[:loc[0]]+fmt.Sprintf("（改%d）", e.step)+src[loc[0]:])
			return "problem title in " + doc, []string{doc}
		}
	case 9: // a problem in the same words as the one planted by an earlier edit: 雷同 pairs
		if i := strings.Index(src, "## 二、存在的主要问题"); i >= 0 {
			if j := strings.Index(src[i+4:], "\n## "); j >= 0 {
				at := i + 4 + j + 1
				add := fmt.Sprintf("### （十）对村级财务公开的监督有短板。 {#pc%d}\n\n村级财务公开不及时、惠民资金发放跟踪督办不够有力，群众反映的集体资产租赁合同问题清理进度滞后，监督检查流于形式。\n\n", e.step)
				e.write(doc, src[:at]+add+src[at:])
				return "planted copy in " + doc, []string{doc}
			}
		}
	case 10: // a paragraph of the document's own text, before its first section
		if i := strings.Index(src, "\n## "); i >= 0 {
			e.write(doc, src[:i+1]+fmt.Sprintf("第%d次补充说明。\n", e.step)+src[i+1:])
			return "text of " + doc, []string{doc}
		}
	case 11: // the document's kind: 班子 or 个人
		kinds := map[string]string{"\nkind: 班子\n": "\nkind: 个人\n", "\nkind: 个人\n": "\nkind: 班子\n"}
		for from, to := range kinds {
			if strings.Contains(src, from) {
				e.write(doc, strings.Replace(src, from, to, 1))
				return "kind of " + doc, []string{doc}
			}
		}
	case 12: // the document's meeting and date
		year, _ := strconv.Atoi(yearLine.FindStringSubmatch(src)[1])
		src = regexp.MustCompile(`(?m)^(meeting|date): .*\n`).ReplaceAllString(src, "")
		front := fmt.Sprintf("\nmeeting: %d年度专题民主生活会（第%d次）\ndate: %d-0%d-1%d\n", year, e.step, year+1, 1+e.rng.IntN(9), e.rng.IntN(10))
		e.write(doc, strings.Replace(src, "\ntitle: ", front+"title: ", 1))
		return "meeting and date of " + doc, []string{doc}
	}
	return "nothing", nil
}

// TestPreviewIsTheBuild applies pseudo-random edits to a synthetic
// archive through the path serve uses, and after every edit compares
// every file the preview serves with a fresh full build. Bad edits are
// made and then fixed: the preview must then keep the last good site.
//
// The short run is part of go test; a long one runs with
//
//	MZSHH_PREVIEW_EDITS=250 go test -run TestPreviewIsTheBuild ./generator/site
func TestPreviewIsTheBuild(t *testing.T) {
	edits, docs := 20, 300
	if testing.Short() {
		edits, docs = 6, 60
	}
	if n, err := strconv.Atoi(os.Getenv("MZSHH_PREVIEW_EDITS")); err == nil {
		edits = n
	}
	seed := uint64(1)
	if n, err := strconv.ParseUint(os.Getenv("MZSHH_PREVIEW_SEED"), 10, 64); err == nil {
		seed = n
	}
	dir, p := syntheticPreview(t, synthetic.Options{Docs: docs, Years: 3, Units: docs / 3, Seed: seed})
	e := &editor{t: t, dir: dir, rng: rand.New(rand.NewPCG(seed, 2))}
	var history []string
	compare := func(what string, changed []string) {
		t.Helper()
		history = append(history, what)
		want, wantDiags, wantOK := fullBuild(t, dir)
		got, gotDiags, gotOK := previewFiles(t, p, changed)
		if gotOK != wantOK {
			t.Fatalf("after %q: preview ok=%v, full build ok=%v; edits: %q", what, gotOK, wantOK, history)
		}
		if !wantOK {
			return
		}
		if g, w := gotDiags.Error(), wantDiags.Error(); g != w {
			t.Fatalf("after %q: the preview reports\n%s\nthe full build\n%s\n(edits: %q)", what, g, w, history)
		}
		for name, b := range want {
			if g, ok := got[name]; !ok {
				t.Fatalf("after %q: the preview lacks %s (edits: %q)", what, name, history)
			} else if !bytes.Equal(g, b) {
				t.Fatalf("after %q: the preview's %s differs from the full build's (edits: %q)", what, name, history)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Fatalf("after %q: the preview serves %s, which the full build does not write (edits: %q)", what, name, history)
			}
		}
	}
	compare("first build", nil)
	for i := range edits {
		if i%10 == 9 {
			// A bad edit, then its fix: the preview keeps the last good site.
			doc := e.pick(e.docs())
			src := e.read(doc)
			before := p.Files()
			e.write(doc, strings.Replace(src, "\nyear:", "\nyear: [", 1))
			if res := p.Update([]string{doc}, false); res.OK {
				t.Fatalf("a broken front matter in %s built", doc)
			}
			if after := p.Files(); len(after) != len(before) {
				t.Fatalf("a failed update changed the served site")
			}
			e.write(doc, src)
			compare("bad edit fixed in "+doc, []string{doc})
			continue
		}
		what, changed := e.edit()
		compare(what, changed)
	}
	pages := 0
	for name := range p.Files() {
		if strings.HasPrefix(name, "similar/") {
			pages++
		}
	}
	t.Logf("%d edits; the preview ends with %d 雷同 files", edits, pages)
}

// syntheticPreview writes a synthetic archive into a temporary site and
// builds a preview of it.
func syntheticPreview(t *testing.T, opts synthetic.Options) (string, *Preview) {
	t.Helper()
	dir := t.TempDir()
	if _, err := synthetic.Write(opts, dir, ""); err != nil {
		t.Fatal(err)
	}
	fsys, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := NewPreview(fsys)
	if res := p.Update(nil, true); !res.OK {
		t.Fatalf("first build: %v", res.Diags)
	}
	return dir, p
}

// TestStaleFindsUnnamedChanges: an update reads only the files it is told
// of; the background stage lists every document changed, made or removed
// since without being named, and an update of those brings the preview
// to the full build. A folder named names the documents in it.
func TestStaleFindsUnnamedChanges(t *testing.T) {
	dir, p := syntheticPreview(t, synthetic.Options{Docs: 30, Years: 3, Units: 10, Seed: 5})
	e := &editor{t: t, dir: dir, rng: rand.New(rand.NewPCG(5, 5))}
	same := func(what string, changed []string) []string {
		t.Helper()
		want, _, _ := fullBuild(t, dir)
		res := p.Update(changed, false)
		if !res.OK {
			t.Fatalf("%s: %s", what, errorsOf(res.Diags))
		}
		j := p.IndexJob()
		ix, err := j.Run()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := p.ApplyIndex(j, ix); !ok {
			t.Fatal("the index was refused")
		}
		got := p.Files()
		differ := len(got) != len(want)
		for name, b := range want {
			differ = differ || !bytes.Equal(got[name], b)
		}
		if differ {
			return ix.Stale
		}
		if len(ix.Stale) > 0 {
			t.Fatalf("%s: the preview is the build, yet Stale lists %q", what, ix.Stale)
		}
		return nil
	}
	if stale := same("nothing changed", nil); stale != nil {
		t.Fatalf("an update with nothing changed differs from the build; Stale lists %q", stale)
	}

	docs := e.docs()
	edited, removed := docs[3], docs[len(docs)-2] // of the last year: no report names it
	added := path.Join(path.Dir(docs[0]), "zz-new.md")
	e.write(edited, strings.Replace(e.read(edited), "\n## ", "\n一处没有告知的修改。\n\n## ", 1))
	e.write(added, strings.Replace(e.read(docs[0]), "\nunit: ", "\nunit: 新设", 1))
	if err := os.Remove(filepath.Join(dir, removed)); err != nil {
		t.Fatal(err)
	}
	// The update is told of nothing: it sees the document made and the
	// one removed (it lists the folders), not the edit.
	stale := same("an edit not named", nil)
	if want := []string{edited}; !slices.Equal(stale, want) {
		t.Fatalf("Stale lists %q, want %q", stale, want)
	}
	if stale := same("the stale documents named", stale); stale != nil {
		t.Fatalf("after an update of the stale documents, the preview still differs; Stale lists %q", stale)
	}

	// A year's folder moved away, a document in it changed, the folder
	// moved back: the watcher names the folder, and that is enough.
	inner := docs[len(docs)-1]
	year := filepath.Join(dir, path.Dir(inner))
	away := filepath.Join(t.TempDir(), "away")
	if err := os.Rename(year, away); err != nil {
		t.Fatal(err)
	}
	moved := filepath.Join(away, path.Base(inner))
	b, err := os.ReadFile(moved)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(moved, bytes.Replace(b, []byte("\n## "), []byte("\n移走时的修改。\n\n## "), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(away, year); err != nil {
		t.Fatal(err)
	}
	if stale := same("a folder moved back", []string{path.Dir(inner)}); stale != nil {
		t.Fatalf("after an update naming the folder, the preview differs; Stale lists %q", stale)
	}
}
