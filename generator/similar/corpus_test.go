package similar

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
)

// labelled is one pair of the labelled corpus (testdata/corpus.txt).
type labelled struct {
	id, label, kind string
	a, b            int // text indexes
}

// readCorpus reads testdata/corpus.txt: its texts, each its own
// document, and the labelled pairs.
func readCorpus(t testing.TB) ([]Text, []labelled) {
	t.Helper()
	f, err := os.Open("testdata/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var texts []Text
	var pairs []labelled
	var cur labelled
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ": ")
		if !ok || strings.HasPrefix(key, "#") {
			continue
		}
		switch key {
		case "pair":
			cur = labelled{id: val}
		case "label":
			cur.label = val
		case "kind":
			cur.kind = val
		case "a", "b":
			texts = append(texts, Text{Doc: len(texts), Text: val})
			if key == "a" {
				cur.a = len(texts) - 1
			} else {
				cur.b = len(texts) - 1
				pairs = append(pairs, cur)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return texts, pairs
}

// quality runs Find on the corpus and counts, over every pair of its
// texts: true positives (labelled copies found), false negatives (copies
// missed) and false positives (any other pair found: a labelled negative
// or two texts of different pairs).
type quality struct {
	tp, fn, fp          int
	missed, wrong       []string
	precision, recall   float64
	minCopy, maxNotCopy float64 // the lowest score of a copy, the highest of another pair
}

func measure(texts []Text, pairs []labelled, opt Options) quality {
	scoring := opt
	scoring.Threshold = 0.01 // every pair with a shared shingle, to see the margins
	x := NewIndex(texts, scoring)
	found := map[[2]int]float64{}
	for _, m := range x.Find(nil) {
		found[[2]int{min(m.I, m.J), max(m.I, m.J)}] = m.Score
	}
	q := quality{minCopy: 1}
	isCopy := map[[2]int]string{}
	for _, p := range pairs {
		k := [2]int{min(p.a, p.b), max(p.a, p.b)}
		if p.label == "copy" {
			isCopy[k] = p.id
			s := found[k]
			q.minCopy = min(q.minCopy, s)
			if s >= opt.Threshold {
				q.tp++
			} else {
				q.fn++
				q.missed = append(q.missed, fmt.Sprintf("%s (%s) %.2f", p.id, p.kind, s))
			}
		}
	}
	names := map[int]string{}
	for _, p := range pairs {
		names[p.a], names[p.b] = p.id+"/a", p.id+"/b"
	}
	for k, s := range found {
		if isCopy[k] != "" {
			continue
		}
		q.maxNotCopy = max(q.maxNotCopy, s)
		if s >= opt.Threshold {
			q.fp++
			q.wrong = append(q.wrong, fmt.Sprintf("%s ~ %s %.2f", names[k[0]], names[k[1]], s))
		}
	}
	q.precision = float64(q.tp) / float64(max(1, q.tp+q.fp))
	q.recall = float64(q.tp) / float64(max(1, q.tp+q.fn))
	return q
}

// TestCorpusQuality asserts precision and recall on the labelled corpus at
// the default options.
func TestCorpusQuality(t *testing.T) {
	texts, pairs := readCorpus(t)
	copies := 0
	for _, p := range pairs {
		if p.label == "copy" {
			copies++
		}
	}
	if len(pairs) < 60 || copies < 30 || len(pairs)-copies < 20 {
		t.Fatalf("the corpus has %d pairs (%d copies); it needs at least 60, with both kinds", len(pairs), copies)
	}
	q := measure(texts, pairs, DefaultOptions)
	t.Logf("%d pairs (%d copies, %d different): precision %.3f, recall %.3f; lowest copy %.2f, highest other pair %.2f",
		len(pairs), copies, len(pairs)-copies, q.precision, q.recall, q.minCopy, q.maxNotCopy)
	for _, m := range q.missed {
		t.Logf("missed: %s", m)
	}
	for _, w := range q.wrong {
		t.Logf("false match: %s", w)
	}
	if q.precision < 0.95 || q.recall < 0.95 {
		t.Errorf("precision %.3f, recall %.3f: both must be at least 0.95", q.precision, q.recall)
	}
}

// TestCorpusSweep prints precision and recall over shingle lengths,
// thresholds and boilerplate shares: the measurement behind
// DefaultOptions. MZSHH_SIMILAR_SWEEP=1 runs it.
func TestCorpusSweep(t *testing.T) {
	if os.Getenv("MZSHH_SIMILAR_SWEEP") == "" {
		t.Skip("MZSHH_SIMILAR_SWEEP=1 runs the sweep")
	}
	texts, pairs := readCorpus(t)
	for _, n := range []int{3, 4, 5, 6, 8} {
		for _, share := range []float64{0.05, 1} {
			for _, th := range []float64{0.4, 0.5, 0.6, 0.7} {
				opt := DefaultOptions
				opt.Shingle, opt.Boilerplate, opt.Threshold = n, share, th
				q := measure(texts, pairs, opt)
				t.Logf("n=%d boilerplate=%.2f threshold=%.2f: precision %.3f recall %.3f  (lowest copy %.2f, highest other %.2f; fp %d fn %d)",
					n, share, th, q.precision, q.recall, q.minCopy, q.maxNotCopy, q.fp, q.fn)
			}
		}
	}
}
