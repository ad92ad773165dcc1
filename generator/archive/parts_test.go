package archive

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"mzshh/generator/bench/synthetic"
	"mzshh/generator/content"
	"mzshh/generator/diag"
)

// dump writes everything an archive says, but the numbering of problems
// and reports: Rebuild must say the same as Build.
func dump(a *Archive, diags diag.List) string {
	var b strings.Builder
	st := func(s Status) string {
		out := s.Key()
		if s.Report != nil {
			out += "@" + s.Report.Doc.Key + "#" + s.Report.ID
		}
		if s.Carried {
			out += "+carried"
		}
		if s.Inherited {
			out += "+inherited"
		}
		return out
	}
	gids := func(ps []*Problem) string {
		var out []string
		for _, p := range ps {
			out = append(out, p.GID)
		}
		return strings.Join(out, ",")
	}
	fmt.Fprintf(&b, "years %v\n", a.Years)
	for _, u := range a.Units {
		fmt.Fprintf(&b, "unit %s %s %s", u.Name, u.Slug, u.Kind)
		for _, d := range u.Docs {
			fmt.Fprintf(&b, " %s", d.Key)
		}
		b.WriteString(" threads")
		for _, t := range u.Threads {
			fmt.Fprintf(&b, " %s", t.ID)
		}
		b.WriteString("\n")
	}
	for i, d := range a.Docs {
		if d.Index != i || a.docByKey[d.Key] != d {
			fmt.Fprintf(&b, "BAD INDEX %s %d at %d\n", d.Key, d.Index, i)
		}
		fmt.Fprintf(&b, "doc %s unit %s tracked %s tally %v\n", d.Key, d.Unit.Slug, gids(d.Tracked), d.Tally)
		for i, t := range d.RefTargets {
			fmt.Fprintf(&b, " ref %d %v %s %s %v\n", i, t.Doc != nil, t.ID, t.Title, t.Excluded)
		}
		for _, p := range d.Problems {
			if a.Problem(p.GID) != p {
				fmt.Fprintf(&b, "BAD LOOKUP %s\n", p.GID)
			}
			fmt.Fprintf(&b, " problem %s current %s rebound %v by %s continues %s continued %s thread %s\n", p.GID, st(p.Current), p.Rebound, gids(p.ReboundBy), gids(p.Continues), gids(p.ContinuedBy), p.Thread.ID)
			for _, c := range p.Timeline(nil) {
				fmt.Fprintf(&b, "  %d %s\n", c.Year, st(c.Status))
			}
			for _, r := range p.Reports {
				fmt.Fprintf(&b, "  report %s#%s\n", r.Doc.Key, r.ID)
			}
			for _, m := range p.AllMeasures() {
				fmt.Fprintf(&b, "  measure %s#%s\n", m.Doc.Key, m.ID)
			}
		}
		for _, r := range d.Reports {
			fmt.Fprintf(&b, " report %s targets %s\n", r.ID, gids(r.Targets))
		}
	}
	for _, t := range a.Threads {
		fmt.Fprintf(&b, "thread %s: %s\n", t.ID, gids(t.Problems))
	}
	diags = slices.Clone(diags)
	diags.Sort()
	fmt.Fprintf(&b, "diagnostics:\n%s\n", diags.Error())
	return b.String()
}

// numbering checks that no two problems or reports of a share a number,
// and that every number is below the count.
func numbering(t *testing.T, a *Archive) {
	t.Helper()
	problems, reports := map[int]bool{}, map[int]bool{}
	for _, d := range a.Docs {
		for _, p := range d.Problems {
			if problems[p.Index] || p.Index >= a.NumProblems() {
				t.Fatalf("problem %s numbered %d: taken, or not below %d", p.GID, p.Index, a.NumProblems())
			}
			problems[p.Index] = true
		}
		for _, r := range d.Reports {
			if reports[r.Index] || r.Index >= a.NumReports() {
				t.Fatalf("report %s#%s numbered %d: taken, or not below %d", d.Key, r.ID, r.Index, a.NumReports())
			}
			reports[r.Index] = true
		}
	}
}

// TestRebuildIsBuild edits a synthetic archive at random — a document's
// text, a report on another unit's problem (joining two parts), a
// document removed and put back, a unit renamed, a new year — and checks
// after each edit that Rebuild from the previous archive says exactly
// what Build says, that the previous archive is left as it was, and that
// the numbering stays unique.
func TestRebuildIsBuild(t *testing.T) {
	opts := synthetic.Options{Years: 4, Units: 8, Seed: 3}
	gen, err := synthetic.Generate(opts)
	if err != nil {
		t.Fatal(err)
	}
	parser := content.NewParser(content.Config{}, content.DefaultVocabulary(), nil)
	sources := map[string][]byte{} // by path
	for _, d := range gen {
		sources[d.Path()] = d.Source
	}
	parsed := map[string]*content.Document{}
	parse := func(path string) {
		d, _ := parser.Parse(path, sources[path])
		parsed[path] = d
	}
	for path := range sources {
		parse(path)
	}
	docs := func() []*content.Document {
		var out []*content.Document
		for _, d := range parsed {
			if d != nil {
				out = append(out, d)
			}
		}
		slices.SortFunc(out, func(x, y *content.Document) int { return strings.Compare(x.Key, y.Key) })
		return out
	}
	paths := func() []string {
		var out []string
		for p := range sources {
			out = append(out, p)
		}
		slices.Sort(out)
		return out
	}
	rng := rand.New(rand.NewPCG(1, 2))
	prev, _ := Build(docs())
	removed := map[string][]byte{}
	reused := 0
	for step := range 120 {
		all := paths()
		path := all[rng.IntN(len(all))]
		var what string
		switch k := rng.IntN(10); {
		case k < 5:
			what = "text"
			sources[path] = bytes.Replace(sources[path], []byte("\n\n"), fmt.Appendf(nil, "\n\n第%d次修改。\n\n", step), 1)
			parse(path)
		case k < 7:
			// A report on a problem of another unit's document of the year
			// before, when there is one.
			d := parsed[path]
			var target string
			for _, o := range docs() {
				if o.Year == d.Year-1 && o.Unit != d.Unit && len(o.Problems) > 0 {
					target = o.Key + "#" + o.Problems[len(o.Problems)-1].ID
				}
			}
			if target == "" {
				continue
			}
			what = "cross-unit report on " + target
			sources[path] = append(sources[path], fmt.Appendf(nil, "\n## 上年度问题整改情况\n\n- 【整改中】[[%s]] 第%d次。\n", target, step)...)
			parse(path)
		case k < 8:
			what = "removed"
			if len(removed) > 0 {
				for p, src := range removed {
					what, path = "put back", p
					sources[p] = src
					delete(removed, p)
					break
				}
			} else {
				removed[path] = sources[path]
				delete(sources, path)
				delete(parsed, path)
				break
			}
			parse(path)
		case k < 9:
			what = "unit renamed"
			sources[path] = bytes.Replace(sources[path], []byte("\nunit: "), fmt.Appendf(nil, "\nunit: 改%d", step), 1)
			parse(path)
		default:
			what = "new year"
			d := parsed[path]
			np := fmt.Sprintf("content/%d/n%d.md", d.Year+opts.Years, step)
			sources[np] = bytes.Replace(sources[path], fmt.Appendf(nil, "\nyear: %d", d.Year), fmt.Appendf(nil, "\nyear: %d", d.Year+opts.Years), 1)
			parse(np)
		}
		before := dump(prev, nil)
		got, gotDiags := Rebuild(prev, docs())
		want, wantDiags := Build(docs())
		if g, w := dump(got, gotDiags), dump(want, wantDiags); g != w {
			t.Fatalf("step %d (%s %s): Rebuild differs from Build:\n%s", step, what, path, firstDiff(g, w))
		}
		if after := dump(prev, nil); after != before {
			t.Fatalf("step %d (%s %s): Rebuild changed the previous archive:\n%s", step, what, path, firstDiff(after, before))
		}
		numbering(t, got)
		for _, p := range got.parts {
			if slices.Contains(prev.parts, p) {
				reused++
			}
		}
		prev = got
	}
	if reused == 0 {
		t.Error("Rebuild never took a part over")
	}
	t.Logf("%d parts taken over in 120 edits", reused)
}

// firstDiff shows where two dumps part.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got  %s\n want %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(g), len(w))
}
