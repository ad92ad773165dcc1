package similar

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
)

// Text is one text to compare.
type Text struct {
	// Doc numbers the document the text belongs to, from 0. Boilerplate
	// is counted in documents, and texts of one document are never
	// compared with each other.
	Doc int
	// Kind sorts texts into classes compared only among themselves
	// (problems with problems, causes with causes).
	Kind int
	// The text is Head, then, when both are set, a line break and Text
	// (String). Kept apart, a heading and its body are compared without
	// being joined in memory: an archive's texts are joined only for the
	// pairs found (Index.Shared).
	Head, Text string
}

// String is the text compared: Head and Text, with a line break between
// when both are set.
func (t Text) String() string {
	switch {
	case t.Head == "":
		return t.Text
	case t.Text == "":
		return t.Head
	}
	return t.Head + "\n" + t.Text
}

// runes appends the text's normalized characters to dst: the line break
// between Head and Text is dropped by Normalize, so the two are
// normalized in turn.
func (t Text) runes(dst []rune) []rune {
	return normalizeRunes(t.Text, normalizeRunes(t.Head, dst))
}

// Options tune the comparison. The zero value of a field means its
// default (DefaultOptions).
type Options struct {
	// Shingle is the length of the character n-grams compared.
	Shingle int
	// Threshold is the containment score at or above which a pair is a
	// match, between 0 and 1.
	Threshold float64
	// Boilerplate is the share of documents above which a shingle is
	// boilerplate, between 0 and 1; 1 disables the subtraction.
	Boilerplate float64
	// MinDocs is the least number of documents a boilerplate shingle
	// occurs in, whatever the share: in a small archive a passage copied
	// into a few documents is a copy, not a formula.
	MinDocs int
	// MinShingles is the least number of shingles left after the
	// boilerplate for a text to be compared.
	MinShingles int
}

// DefaultOptions are the measured defaults (see the README, 雷同检查).
var DefaultOptions = Options{Shingle: 5, Threshold: 0.6, Boilerplate: 0.05, MinDocs: 10, MinShingles: 12}

// withDefaults fills the zero fields of o.
func (o Options) withDefaults() Options {
	d := DefaultOptions
	if o.Shingle <= 0 {
		o.Shingle = d.Shingle
	}
	if o.Threshold <= 0 {
		o.Threshold = d.Threshold
	}
	if o.Boilerplate <= 0 {
		o.Boilerplate = d.Boilerplate
	}
	if o.MinDocs <= 0 {
		o.MinDocs = d.MinDocs
	}
	if o.MinShingles <= 0 {
		o.MinShingles = d.MinShingles
	}
	return o
}

// Match is a pair of texts at or above the threshold. I is the smaller
// text (fewer remaining shingles; the lower index when equal), whose
// share found in J is the Score.
type Match struct {
	I, J  int
	Score float64
}

// Stats say what Find did.
type Stats struct {
	Texts       int // texts given
	Compared    int // texts with enough shingles left to compare
	Shingles    int // distinct shingles
	Boilerplate int // distinct shingles subtracted as boilerplate
	Candidates  int // pairs scored exactly
	Matches     int
}

// Index is the shingled texts of an archive, with the boilerplate known;
// Find and Shared use it.
type Index struct {
	opt   Options
	texts []Text
	// boilerplate holds the hashes of the boilerplate shingles.
	boilerplate map[uint64]bool
	// sets[i] holds text i's shingles shared with another document, as
	// ids numbered rarest first, sorted; size[i] counts all its shingles
	// but the boilerplate.
	sets  [][]int32
	size  []int32
	stats Stats
}

// shingleInfo counts the documents of one distinct shingle.
type shingleInfo struct {
	hash              uint64
	df                int32
	lastDoc, lastText int32
}

// batchDocs is how many documents are shingled at once in NewIndex's
// first pass: their hashes are kept only until they are counted.
const batchDocs = 256

// NewIndex shingles texts and counts the boilerplate.
//
// It reads the texts twice. The first pass counts the documents of every
// distinct shingle; the second shingles each text again and keeps only
// what Find needs, its shingles shared with another document. Keeping
// every text's shingles from the first pass instead took about four bytes
// per character of the archive at once, more than the texts themselves.
func NewIndex(texts []Text, opt Options) *Index {
	opt = opt.withDefaults()
	x := &Index{opt: opt, texts: texts, stats: Stats{Texts: len(texts)}}
	docs := 0
	for _, t := range texts {
		docs = max(docs, t.Doc+1)
	}
	byDoc := make([][]int, docs)
	for i, t := range texts {
		byDoc[t.Doc] = append(byDoc[t.Doc], i)
	}

	// Pass 1: every distinct shingle gets an entry of infos, counting its
	// documents.
	index := make(map[uint64]int32, len(texts))
	var infos []shingleInfo
	var hashes [][]uint64 // by position in the batch, reused batch to batch
	for lo := 0; lo < docs; lo += batchDocs {
		batch := slices.Concat(byDoc[lo:min(docs, lo+batchDocs)]...)
		for len(hashes) < len(batch) {
			hashes = append(hashes, nil)
		}
		parallelFor(len(batch), func(at int, s *scratch) {
			s.runes = texts[batch[at]].runes(s.runes[:0])
			hashes[at] = windows(s.runes, opt.Shingle, hashes[at])
		})
		for at, i := range batch {
			doc := int32(texts[i].Doc)
			for _, h := range hashes[at] {
				k, ok := index[h]
				if !ok {
					k = int32(len(infos))
					index[h] = k
					infos = append(infos, shingleInfo{hash: h, lastDoc: -1, lastText: -1})
				}
				e := &infos[k]
				if e.lastText == int32(i) {
					continue // repeated within the text
				}
				e.lastText = int32(i)
				if e.lastDoc != doc {
					e.lastDoc = doc
					e.df++
				}
			}
		}
	}
	hashes = nil

	limit := int32(max(float64(opt.MinDocs), math.Floor(opt.Boilerplate*float64(docs))))
	if opt.Boilerplate >= 1 {
		limit = math.MaxInt32
	}
	// Ids for the shingles of two or more documents, rarest first.
	var shared []int32
	x.boilerplate = map[uint64]bool{}
	for k, e := range infos {
		switch {
		case e.df > limit:
			x.boilerplate[e.hash] = true
		case e.df >= 2:
			shared = append(shared, int32(k))
		}
	}
	x.stats.Shingles, x.stats.Boilerplate = len(infos), len(x.boilerplate)
	slices.SortFunc(shared, func(a, b int32) int { return cmp.Or(cmp.Compare(infos[a].df, infos[b].df), cmp.Compare(a, b)) })
	rank := make([]int32, len(infos))
	for k := range rank {
		rank[k] = -1
	}
	for r, k := range shared {
		rank[k] = int32(r)
	}

	// Pass 2: each text's distinct shingles but the boilerplate, counted,
	// and those shared with another document, as sorted ids. The index is
	// only read now, on every core.
	x.sets = make([][]int32, len(texts))
	x.size = make([]int32, len(texts))
	parallelFor(len(texts), func(i int, s *scratch) {
		if s.seen == nil {
			s.seen = make([]int32, len(infos)) // text i+1 saw shingle k
		}
		s.runes = texts[i].runes(s.runes[:0])
		s.hashes = windows(s.runes, opt.Shingle, s.hashes)
		set, n := s.set[:0], int32(0)
		for _, h := range s.hashes {
			k := index[h]
			if s.seen[k] == int32(i)+1 || infos[k].df > limit {
				continue
			}
			s.seen[k] = int32(i) + 1
			n++
			if r := rank[k]; r >= 0 {
				set = append(set, r)
			}
		}
		slices.Sort(set)
		x.sets[i], x.size[i] = slices.Clone(set), n
		s.set = set
	})
	for _, n := range x.size {
		if int(n) >= opt.MinShingles {
			x.stats.Compared++
		}
	}
	return x
}

// Stats returns what NewIndex and the last Find did.
func (x *Index) Stats() Stats { return x.stats }

// Find returns every pair of texts of the same kind and of different
// documents whose score reaches the threshold and for which eligible (if
// not nil) returns true, sorted by I then J. eligible is asked before a
// pair is scored, so it may cut the work; it must be safe for concurrent
// use and symmetric.
func (x *Index) Find(eligible func(i, j int) bool) []Match {
	opt := x.opt
	// postings[id] lists the texts holding shingle id.
	n := 0
	for _, s := range x.sets {
		for _, v := range s {
			n = max(n, int(v)+1)
		}
	}
	counts := make([]int32, n+1)
	for i, s := range x.sets {
		if int(x.size[i]) < opt.MinShingles {
			continue
		}
		for _, v := range s {
			counts[v+1]++
		}
	}
	for i := 1; i <= n; i++ {
		counts[i] += counts[i-1]
	}
	flat := make([]int32, counts[n])
	fill := slices.Clone(counts[:n])
	for i, s := range x.sets {
		if int(x.size[i]) < opt.MinShingles {
			continue
		}
		for _, v := range s {
			flat[fill[v]] = int32(i)
			fill[v]++
		}
	}
	postings := func(v int32) []int32 { return flat[counts[v]:counts[v+1]] }

	workers := runtime.GOMAXPROCS(0)
	found := make([][]Match, workers)
	scored := make([]int, workers)
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for w := range workers {
		wg.Go(func() {
			stamp := make([]int32, len(x.texts))
			for i := range next {
				size := x.size[i]
				if int(size) < opt.MinShingles {
					continue
				}
				set := x.sets[i]
				need := int32(math.Ceil(opt.Threshold*float64(size) - 1e-9))
				if int32(len(set)) < need {
					continue // too few of its shingles occur elsewhere
				}
				prefix := set[:int32(len(set))-need+1]
				ti := x.texts[i]
				for _, v := range prefix {
					for _, j := range postings(v) {
						if stamp[j] == int32(i)+1 {
							continue
						}
						stamp[j] = int32(i) + 1
						tj := x.texts[j]
						// i is the smaller text of the pair.
						if tj.Doc == ti.Doc || tj.Kind != ti.Kind || x.size[j] < size || x.size[j] == size && int(j) < i {
							continue
						}
						if eligible != nil && !eligible(i, int(j)) {
							continue
						}
						scored[w]++
						common := overlap(set, x.sets[j])
						if common >= need {
							found[w] = append(found[w], Match{I: i, J: int(j), Score: float64(common) / float64(size)})
						}
					}
				}
			}
		})
	}
	for i := range x.texts {
		next <- i
	}
	close(next)
	wg.Wait()
	out := slices.Concat(found...)
	slices.SortFunc(out, func(a, b Match) int { return cmp.Or(cmp.Compare(a.I, b.I), cmp.Compare(a.J, b.J)) })
	x.stats.Candidates, x.stats.Matches = 0, len(out)
	for _, s := range scored {
		x.stats.Candidates += s
	}
	return out
}

// overlap counts the ids two sorted sets share.
func overlap(a, b []int32) int32 {
	n := int32(0)
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			a = a[1:]
		case a[0] > b[0]:
			b = b[1:]
		default:
			n++
			a, b = a[1:], b[1:]
		}
	}
	return n
}

// Find is NewIndex followed by Index.Find.
func Find(texts []Text, opt Options, eligible func(i, j int) bool) ([]Match, Stats) {
	x := NewIndex(texts, opt)
	m := x.Find(eligible)
	return m, x.Stats()
}

// scratch is one worker's buffers in parallelFor.
type scratch struct {
	runes  []rune
	hashes []uint64
	set    []int32
	seen   []int32
}

// parallelFor calls f(0) … f(n-1) on all cores, each worker with buffers
// of its own.
func parallelFor(n int, f func(i int, s *scratch)) {
	workers := min(runtime.GOMAXPROCS(0), max(n, 1))
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for w := range workers {
		lo, hi := w*chunk, min(n, (w+1)*chunk)
		wg.Go(func() {
			var s scratch
			for i := lo; i < hi; i++ {
				f(i, &s)
			}
		})
	}
	wg.Wait()
}
