package synthetic_test

import (
	"bytes"
	"strings"
	"testing"

	"mzshh/generator/bench/synthetic"
	"mzshh/generator/diag"
	"mzshh/generator/output"
	"mzshh/generator/site"
)

// A small archive: 3 years of 21 units (three organisations), plus a
// partial last year.
var small = synthetic.Options{Docs: 3*21 - 5, Years: 3, Units: 21, Seed: 7}

// TestArchiveBuilds checks that generated archives load with no errors,
// that their only warnings are rebounds and 雷同 (its sentences all come
// from one seed material), and that one renders.
func TestArchiveBuilds(t *testing.T) {
	for _, seed := range []uint64{1, 7} {
		o := small
		o.Seed = seed
		docs, err := synthetic.Generate(o)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != o.Docs {
			t.Fatalf("%d documents, want %d", len(docs), o.Docs)
		}
		s, diags := site.Load(synthetic.MapFS(docs))
		if s == nil {
			t.Fatalf("seed %d: errors:\n%v", seed, diags)
		}
		// Warnings the synthetic archive makes by design: rebounds, 雷同
		// pairs (every sentence comes from one seed) and overdue problems
		// (reports give statuses at random, deadlines are real dates).
		expected := func(msg string) bool {
			return strings.Contains(msg, "rebound") || strings.Contains(msg, "雷同") || strings.HasPrefix(msg, "overdue:")
		}
		for _, d := range diags {
			if d.Severity != diag.Warning || !expected(d.Message) {
				t.Errorf("seed %d: unexpected diagnostic %v", seed, d)
			}
		}
		if seed == small.Seed {
			// Rendering is the slow part: once is enough.
			var out output.Mem
			if _, rd := s.Render(&out); rd.HasErrors() {
				t.Fatalf("seed %d: render: %v", seed, rd)
			}
		}
		reports, threads := 0, 0
		for _, d := range s.Archive.Docs {
			reports += len(d.Reports)
			for _, p := range d.Problems {
				threads += len(p.Continues)
			}
		}
		if reports == 0 || threads == 0 {
			t.Errorf("seed %d: %d reports, %d continuations; want some of each", seed, reports, threads)
		}
	}
}

// TestDeterministic checks that the same seed gives the same bytes and
// another seed different ones.
func TestDeterministic(t *testing.T) {
	a, _ := synthetic.Generate(small)
	b, _ := synthetic.Generate(small)
	o := small
	o.Seed++
	c, _ := synthetic.Generate(o)
	same := 0
	for i := range a {
		if a[i].Key() != b[i].Key() || !bytes.Equal(a[i].Source, b[i].Source) {
			t.Fatalf("%s differs between two runs with the same seed", a[i].Key())
		}
		if bytes.Equal(a[i].Source, c[i].Source) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d documents are the same with another seed", same)
	}
}

// TestShape checks the size and content of the documents.
func TestShape(t *testing.T) {
	docs, err := synthetic.Generate(synthetic.Options{Years: 4, Units: 14, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, d := range docs {
		total += len(d.Source)
		src := string(d.Source)
		for _, want := range []string{"## ", "### （一）", "#### 一是", "{#p1-1}", "针对 [[#p1]]", "责任人：", "整改时限："} {
			if !strings.Contains(src, want) {
				t.Errorf("%s has no %q", d.Key(), want)
			}
		}
		if d.Year > docs[0].Year && !strings.Contains(src, "整改措施落实情况") {
			t.Errorf("%s has no report section", d.Key())
		}
		if strings.Contains(src, "lorem") {
			t.Errorf("%s has lorem ipsum", d.Key())
		}
		h := string(synthetic.HugoMarkdown(d))
		if strings.Contains(h, "[[") || !strings.HasPrefix(h, "---\ntitle: ") {
			t.Errorf("%s: Hugo page keeps [[…]] or has no front matter", d.Key())
		}
	}
	if avg := total / len(docs); avg < 12_000 || avg > 19_000 {
		t.Errorf("average document is %d bytes, want about 15 KB", avg)
	}
}
