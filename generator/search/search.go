// Package search builds the site's offline full-text index.
//
// Text is split into tokens the way the browser splits a query: runs of Han
// characters give their character bigrams (a single Han character stands
// for itself), runs of letters and digits give lower-cased words, fullwidth
// ASCII counts as ASCII. Every document, problem, cause, measure and report
// item is a record; each posting carries a BM25 weight computed here, so the
// browser only adds numbers.
//
// The index is written as JavaScript files that register themselves, so
// that it loads with <script> elements and works from file://:
//
//	search/manifest.js    counts, shard and chunk layout, years, units
//	search/units.js       each unit's record ranges, loaded for a unit filter
//	search/meta.js        each record's kind, status and rebound flag, for filters
//	search/s/<n>.js       postings of the tokens that hash to shard n
//	search/r/<n>.js       records of chunk n: what a result shows
//
// A token's postings are a string of base-64 digits (see appendPosting):
// about three characters a posting.
//
// Records are numbered by document order (year, then team before member,
// then unit), so a year is a range of record numbers.
package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"iter"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"mzshh/generator/archive"
	"mzshh/generator/content"
	"mzshh/generator/status"
)

// Record kinds, as numbered in the index.
const (
	KindDocument = iota
	KindProblem
	KindCause
	KindMeasure
	KindReport
)

var kindLabels = []string{"材料", "问题", "原因", "整改措施", "整改情况"}

// record is one searchable thing. A county's archive has some 400,000:
// a record numbers what it stands for, and its strings are looked up in
// the archive when they are indexed or written (corpus).
type record struct {
	kind, status uint8
	rebound      bool  // a problem that came back after being done
	year, unit   int32 // unit: its index in Archive.Units
	doc          int32 // its document's index in Archive.Docs
	// item is its index among its document's problems, causes, measures
	// or reports (by kind); 0 for the document.
	item int32
}

// corpus gives the strings of records.
type corpus interface {
	// indexed returns what is indexed of r: its title as indexed and its
	// text. A report is found by its own words, a problem that came back
	// by the word 反弹 too.
	indexed(r *record) (title, text string)
	// shown returns what a result shows of r: its ID within its document
	// ("" for a document), its title and its text.
	shown(r *record) (id, title, text string)
}

// recordURL is the address of a record with the given ID in the document
// with the given key: its document's page, and its part's anchor.
func recordURL(key, id string) string {
	if id == "" {
		return key + ".html"
	}
	return key + ".html#" + id
}

// Tokens splits s into index tokens, in order, with repeats.
func Tokens(s string) []string {
	var out []string
	eachToken(s, func(_ uint64, t string) { out = append(out, t) }, func(w []byte) { out = append(out, string(w)) })
	return out
}

// eachToken calls han with every Han token of s (a character alone in its
// run, or a pair of characters) as a substring of s and as its runes
// packed in an integer, and word with every other token, lower-cased, in
// a buffer that is reused after the call. Han tokens allocate nothing.
func eachToken(s string, han func(key uint64, t string), word func(w []byte)) {
	hanStart, hanRunes := -1, 0 // the current Han run
	prevHan := -1               // byte offset of the previous Han rune
	var prevRune rune
	var w []byte
	flushHan := func(end int) {
		if hanRunes == 1 {
			han(uint64(prevRune), s[hanStart:end])
		}
		hanStart, hanRunes, prevHan = -1, 0, -1
	}
	flushWord := func() {
		if len(w) > 0 {
			word(w)
			w = w[:0]
		}
	}
	for i, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E { // fullwidth ASCII
			r -= 0xFEE0
		}
		switch {
		case r >= 0x4E00 && r <= 0x9FFF || r >= 0x2E80 && unicode.Is(unicode.Han, r): // the common block first
			flushWord()
			if hanStart < 0 {
				hanStart = i
			} else {
				// Runes take 21 bits: a pair's key is above any rune's.
				han(uint64(prevRune)<<21|uint64(r), s[prevHan:i+utf8.RuneLen(r)])
			}
			prevHan, prevRune = i, r
			hanRunes++
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushHan(i)
			w = utf8.AppendRune(w, unicode.ToLower(r))
		default:
			flushHan(i)
			flushWord()
		}
	}
	flushHan(len(s))
	flushWord()
}

// Index describes a built index.
type Index struct {
	Records int
	Tokens  int
	Files   int
	Bytes   int

	emit func(name string, data []byte) error
	err  error
}

// Emit receives each file of the index as soon as it is made, so that the
// index is never held whole in memory. name is relative to the site root.
type Emit func(name string, data []byte) error

// Collect builds the index of a into memory.
func Collect(a *archive.Archive) map[string][]byte {
	files := map[string][]byte{}
	Build(a, func(name string, data []byte) error { files[name] = data; return nil })
	return files
}

// Build indexes every record of a, handing the files to emit.
func Build(a *archive.Archive, emit Emit) (*Index, error) {
	unitIdx := map[*archive.Unit]int{}
	for i, u := range a.Units {
		unitIdx[u] = i
	}
	n := len(a.Docs)
	for _, d := range a.Docs {
		n += len(d.Problems) + len(d.Causes) + len(d.Measures) + len(d.Reports)
	}
	recs := make([]record, 0, n)
	keys := make([]string, len(a.Docs))
	for i, d := range a.Docs {
		keys[i] = d.Key
		at := record{year: int32(d.Year), unit: int32(unitIdx[d.Unit]), doc: int32(i)}
		r := at
		r.kind = KindDocument
		recs = append(recs, r)
		add := func(kind uint8, count int, set func(r *record, item int)) {
			for k := range count {
				r := at
				r.kind, r.item = kind, int32(k)
				if set != nil {
					set(&r, k)
				}
				recs = append(recs, r)
			}
		}
		add(KindProblem, len(d.Problems), func(r *record, k int) {
			p := d.Problems[k]
			r.status, r.rebound = uint8(p.Current.Class), p.Rebound
		})
		add(KindCause, len(d.Causes), nil)
		add(KindMeasure, len(d.Measures), nil)
		add(KindReport, len(d.Reports), func(r *record, k int) {
			if rp := d.Reports[k]; len(rp.Targets) > 0 {
				r.status = uint8(rp.Targets[0].StatusAt(d.Year).Class)
			}
		})
	}
	unitNames := make([]string, len(a.Units))
	for i, u := range a.Units {
		unitNames[i] = u.Name
	}
	idx := write(keys, unitNames, recs, archiveCorpus{a.Docs}, emit)
	return idx, idx.err
}

// archiveCorpus looks the records' strings up in the archive's documents.
type archiveCorpus struct{ docs []*archive.Doc }

func (c archiveCorpus) indexed(r *record) (title, text string) {
	d := c.docs[r.doc]
	switch r.kind {
	case KindProblem:
		p := d.Problems[r.item]
		if r.rebound {
			// Found by the word 反弹 too, though the text may not say it.
			return p.Title + " 反弹", p.Text
		}
		return p.Title, p.Text
	case KindReport:
		rp := d.Reports[r.item]
		return rp.Word, rp.Text
	}
	_, title, text = c.shown(r)
	return title, text
}

func (c archiveCorpus) shown(r *record) (id, title, text string) {
	d := c.docs[r.doc]
	switch r.kind {
	case KindProblem:
		p := d.Problems[r.item]
		return p.ID, p.Title, p.Text
	case KindCause:
		e := d.Causes[r.item]
		return e.ID, e.Title, e.Text
	case KindMeasure:
		m := d.Measures[r.item]
		return m.ID, m.Title, m.Text
	case KindReport:
		// A report shows the problems it names.
		rp := d.Reports[r.item]
		var t strings.Builder
		t.WriteString("【" + rp.Word + "】")
		for i, p := range rp.Targets {
			if i > 0 {
				t.WriteString("、")
			}
			t.WriteString(strconv.Itoa(p.Year()) + " " + p.ShortTitle())
		}
		return rp.ID, t.String(), rp.Text
	}
	return "", d.Title, d.Meeting + " " + d.Unit.Name
}

// maxSnippetText bounds the text kept per record for result snippets.
const maxSnippetText = 200

// b64 is the alphabet of the encoded postings.
const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// appendPosting encodes a posting: the record number as a delta from the
// previous posting's, as a variable-length number of base-64 digits (5
// bits each, low first, 32 set on all but the last), then the weight as
// two digits, high first.
func appendPosting(buf []byte, delta int, weight int) []byte {
	for delta >= 32 {
		buf = append(buf, b64[32|delta&31])
		delta >>= 5
	}
	return append(buf, b64[delta], b64[weight>>6], b64[weight&63])
}

// quantize maps a BM25 score to 1…4095 in steps of a hundredth.
func quantize(score float64) int {
	return int(min(4095, max(1, math.Round(score*100))))
}

// kindPrior weighs a match by what it is found in: readers look for
// problems first; short causes and measures would otherwise outrank them.
var kindPrior = [...]float64{KindDocument: 1, KindProblem: 1.25, KindCause: 0.85, KindMeasure: 0.85, KindReport: 1}

// The BM25F constants. Title and text are normalised by their own average
// length, and a title match counts titleWeight times a text match.
const (
	titleWeight         = 3.0
	bm25K1              = 1.2
	bm25BTitle, bm25BTx = 0.5, 0.75
)

// vocab numbers the tokens one worker has met.
type vocab struct {
	han   map[uint64]int32 // by the packed runes (eachToken)
	words map[string]int32
	text  []string // by number
}

func newVocab() *vocab {
	return &vocab{han: map[uint64]int32{}, words: map[string]int32{}}
}

func (v *vocab) hanID(key uint64, t string) int32 {
	id, ok := v.han[key]
	if !ok {
		id = int32(len(v.text))
		v.han[key] = id
		v.text = append(v.text, strings.Clone(t))
	}
	return id
}

func (v *vocab) wordID(w []byte) int32 {
	id, ok := v.words[string(w)]
	if !ok {
		id = int32(len(v.text))
		t := string(w)
		v.words[t] = id
		v.text = append(v.text, t)
	}
	return id
}

// termCounter counts the tokens of one record, title and text apart, by
// token number.
type termCounter struct {
	*vocab
	inTitle, inText []int32 // occurrences, by token number
	touched         []int32 // the tokens of the record counted
}

// counts returns s, indexed by token number, long enough for token id:
// workers number their tokens as they meet them, so their counts grow.
func counts(s []int32, id int32) []int32 {
	if int(id) < len(s) {
		return s
	}
	n := max(2*len(s), int(id)+1, 1024)
	return append(s, make([]int32, n-len(s))...)
}

func (c *termCounter) add(id int32, title bool) {
	c.inTitle, c.inText = counts(c.inTitle, id), counts(c.inText, id)
	if c.inTitle[id] == 0 && c.inText[id] == 0 {
		c.touched = append(c.touched, id)
	}
	if title {
		c.inTitle[id]++
	} else {
		c.inText[id]++
	}
}

// count counts the tokens of a record's title and text, forgetting the
// record counted before.
func (c *termCounter) count(title, text string) (titleLen, textLen int) {
	for _, id := range c.touched {
		c.inTitle[id], c.inText[id] = 0, 0
	}
	c.touched = c.touched[:0]
	return c.countIn(title, true), c.countIn(text, false)
}

// countIn counts the tokens of s, in the title or the text, and returns
// how many there were.
func (c *termCounter) countIn(s string, title bool) (n int) {
	eachToken(s, func(key uint64, t string) {
		c.add(c.hanID(key, t), title)
		n++
	}, func(w []byte) {
		c.add(c.wordID(w), title)
		n++
	})
	return n
}

// postingSet is every token's postings, held as each worker encoded them:
// a worker's postings of a token are a run of records in order, so the
// runs join in worker order with only the first delta of each run
// re-encoded (appendList).
type postingSet struct {
	terms []string // by global token number
	df    []int32  // document frequency, by global token number
	// local[w][g] is worker w's number of global token g, or -1.
	local [][]int32
	runs  [][]run // by worker, then local token number
}

// run is one worker's postings of one token.
type run struct {
	first, last int // record numbers
	firstWeight int
	buf         []byte // the postings after the first, in the worker's arena
}

// runsOf yields the runs of global token g in worker order, each with the
// delta its first posting takes in the joined list.
func (ps *postingSet) runsOf(g int) iter.Seq2[int, *run] {
	return func(yield func(int, *run) bool) {
		last := 0
		for w, local := range ps.local {
			if id := local[g]; id >= 0 {
				ru := &ps.runs[w][id]
				if !yield(ru.first-last, ru) {
					return
				}
				last = ru.last
			}
		}
	}
}

// appendList appends the encoded postings of global token g to buf.
func (ps *postingSet) appendList(buf []byte, g int) []byte {
	for delta, ru := range ps.runsOf(g) {
		buf = appendPosting(buf, delta, ru.firstWeight)
		buf = append(buf, ru.buf...)
	}
	return buf
}

// listLen is the length of the encoded postings of global token g.
func (ps *postingSet) listLen(g int) int {
	n := 0
	for delta, ru := range ps.runsOf(g) {
		n += postingLen(delta) + len(ru.buf)
	}
	return n
}

// postingLen is the length of an encoded posting with the given delta.
func postingLen(delta int) int {
	n := 3
	for ; delta >= 32; delta >>= 5 {
		n++
	}
	return n
}

// postings computes every token's postings over recs with the given number
// of workers, each taking a contiguous range of records: the first pass
// counts document frequencies, lengths and the bytes each worker's runs
// will take; the second computes each posting's weight and encodes it into
// the worker's one arena, sized exactly. The result does not depend on the
// number of workers.
func postings(recs []record, src corpus, workers int) *postingSet {
	workers = max(1, min(workers, len(recs)/256))
	bounds := make([]int, workers+1)
	for w := range bounds {
		bounds[w] = len(recs) * w / workers
	}
	titleLens := make([]int32, len(recs))
	textLens := make([]int32, len(recs))

	// Pass 1: document frequencies and run sizes, per worker. Each worker
	// numbers the tokens it meets; pass 2 counts the same records again
	// with the same numbers.
	type tally struct {
		df, last, size []int32 // by local token number
		total          int
	}
	counters := make([]*termCounter, workers)
	tallies := make([]tally, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			c := &termCounter{vocab: newVocab()}
			var t tally
			for i := bounds[w]; i < bounds[w+1]; i++ {
				tl, xl := c.count(src.indexed(&recs[i]))
				titleLens[i], textLens[i] = int32(tl), int32(xl)
				for _, id := range c.touched {
					t.df, t.last, t.size = counts(t.df, id), counts(t.last, id), counts(t.size, id)
					if t.df[id] > 0 {
						k := int32(postingLen(i - int(t.last[id])))
						t.size[id] += k
						t.total += int(k)
					}
					t.df[id]++
					t.last[id] = int32(i)
				}
			}
			t.last = nil
			counters[w], tallies[w] = c, t
		})
	}
	wg.Wait()
	ps := &postingSet{local: make([][]int32, workers), runs: make([][]run, workers)}
	global := make(map[string]int32, len(counters[0].text))
	globalOf := make([][]int32, workers) // by local token number
	for w, c := range counters {
		globalOf[w] = make([]int32, len(c.text))
		for id, t := range c.text {
			g, ok := global[t]
			if !ok {
				g = int32(len(ps.terms))
				global[t] = g
				ps.terms = append(ps.terms, t)
				ps.df = append(ps.df, 0)
			}
			ps.df[g] += tallies[w].df[id]
			globalOf[w][id] = g
		}
	}
	for w := range workers {
		local := make([]int32, len(ps.terms))
		for g := range local {
			local[g] = -1
		}
		for id, g := range globalOf[w] {
			local[g] = int32(id)
		}
		ps.local[w] = local
	}
	var titleTotal, textTotal float64
	for i := range recs {
		titleTotal += float64(titleLens[i])
		textTotal += float64(textLens[i])
	}
	n := float64(max(len(recs), 1))
	idf := make([]float64, len(ps.terms))
	for g, df := range ps.df {
		idf[g] = math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
	}
	avgTitle, avgText := max(titleTotal/n, 1), max(textTotal/n, 1)

	// Pass 2: each worker encodes its records' postings into its runs.
	for w := range workers {
		wg.Go(func() {
			c, t, toGlobal := counters[w], tallies[w], globalOf[w]
			arena := make([]byte, t.total)
			mine := make([]run, len(c.text))
			for i := bounds[w]; i < bounds[w+1]; i++ {
				r := &recs[i]
				c.count(src.indexed(r))
				titleNorm := 1 - bm25BTitle + bm25BTitle*float64(titleLens[i])/avgTitle
				textNorm := 1 - bm25BTx + bm25BTx*float64(textLens[i])/avgText
				for _, id := range c.touched {
					weight := titleWeight*float64(c.inTitle[id])/titleNorm + float64(c.inText[id])/textNorm
					score := quantize(idf[toGlobal[id]] * weight * (bm25K1 + 1) / (weight + bm25K1) * kindPrior[r.kind])
					if ru := &mine[id]; ru.buf != nil {
						ru.buf = appendPosting(ru.buf, i-ru.last, score)
						ru.last = i
					} else {
						size := int(t.size[id])
						*ru = run{first: i, last: i, firstWeight: score, buf: arena[:0:size]}
						arena = arena[size:]
					}
				}
			}
			ps.runs[w] = mine
			counters[w] = nil
		})
	}
	wg.Wait()
	return ps
}

// write writes the index of recs, whose strings src gives; keys are the
// documents' keys, for the records' URLs.
func write(keys, unitNames []string, recs []record, src corpus, emit Emit) *Index {
	ps := postings(recs, src, runtime.GOMAXPROCS(0))
	idx := &Index{Records: len(recs), Tokens: len(ps.terms), emit: emit}
	// Shards of about 32 KB.
	lens := make([]int, len(ps.terms))
	size := 0
	for g := range lens {
		lens[g] = ps.listLen(g)
		size += lens[g]
	}
	shards := 1
	for shards < 4096 && size/shards > 32<<10 {
		shards *= 2
	}
	// Write each shard straight from the runs.
	byShard := make([][]int, shards)
	shardSize := make([]int, shards)
	for g, t := range ps.terms {
		s := ShardOf(t, shards)
		byShard[s] = append(byShard[s], g)
		shardSize[s] += len(t) + 8 + lens[g]
	}
	for s, terms := range byShard {
		if len(terms) == 0 {
			continue
		}
		slices.SortFunc(terms, func(a, b int) int { return strings.Compare(ps.terms[a], ps.terms[b]) })
		buf := make([]byte, 0, shardSize[s]+32)
		buf = fmt.Appendf(buf, "MZSHH_SEARCH.shard(%d,{", s)
		for i, g := range terms {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendJSONString(buf, ps.terms[g])
			buf = append(buf, `:"`...)
			buf = ps.appendList(buf, g) // base-64 digits: nothing to escape
			buf = append(buf, '"')
		}
		buf = append(buf, "});\n"...)
		idx.file(fmt.Sprintf("search/s/%d.js", s), buf)
	}

	// Kind and status of every record, two characters each, for filters:
	// the kind, then the status plus 16 for a rebound.
	meta := make([]byte, 0, 2*len(recs))
	for _, r := range recs {
		st := r.status
		if r.rebound {
			st += 16
		}
		meta = append(meta, b64[r.kind], b64[st])
	}
	idx.add("search/meta.js", "MZSHH_SEARCH.meta(", string(meta))

	// Record chunks of about 24 KB. The ten results of a first page come
	// from up to ten chunks, and what a cold first search waits for is the
	// loading of each file, hardly its bytes: chunks of 6 KB gave the same
	// first search in Chromium (medians of 277 and 280 ms against 319 and
	// 283), but four times the files, and creating files was a sixth of a
	// build's CPU at 1,000 documents (perf: ext4_create).
	var chunks []int
	var chunk []byte // the records of the chunk, as JSON arrays
	chunkBytes := 0
	flush := func() {
		if len(chunk) == 0 {
			return
		}
		n := len(chunks) - 1
		out := make([]byte, 0, len(chunk)+48)
		out = fmt.Appendf(out, "MZSHH_SEARCH.records(%d,[", n)
		out = append(out, chunk[1:]...) // without the first comma
		out = append(out, "]);\n"...)
		idx.file(fmt.Sprintf("search/r/%d.js", n), out)
		chunk, chunkBytes = chunk[:0], 0
	}
	for i := range recs {
		r := &recs[i]
		if len(chunk) == 0 {
			chunks = append(chunks, i)
		}
		id, title, text := src.shown(r)
		text = content.ShortTitle(text, maxSnippetText)
		st := r.status
		if r.rebound {
			st += 16
		}
		u := recordURL(keys[r.doc], id)
		chunk = appendRecord(chunk, r.kind, st, r.year, r.unit, u, title, text)
		chunkBytes += len(u) + len(title) + len(text) + 16
		if chunkBytes > 24<<10 {
			flush()
		}
	}
	flush()

	years := map[int][2]int{}
	for i, r := range recs {
		yr, ok := years[int(r.year)]
		if !ok {
			yr = [2]int{i, i + 1}
		}
		yr[1] = i + 1
		years[int(r.year)] = yr
	}
	idx.add("search/manifest.js", "MZSHH_SEARCH.manifest(", map[string]any{
		"version": 1, "records": len(recs), "shards": shards, "chunks": chunks,
		"years": years, "units": unitNames, "statuses": status.Keys(), "statusLabels": status.Labels(), "kinds": kindLabels,
	})
	unitRanges := make([][]int, len(unitNames))
	for i, r := range recs {
		rs := unitRanges[r.unit]
		if l := len(rs); l > 0 && rs[l-1] == i {
			rs[l-1] = i + 1
		} else {
			rs = append(rs, i, i+1)
		}
		unitRanges[r.unit] = rs
	}
	idx.add("search/units.js", "MZSHH_SEARCH.units(", unitRanges)
	return idx
}

// appendRecord appends a comma and a record of a chunk as the browser
// reads it: [kind, status, year, unit, URL, title, text].
func appendRecord(dst []byte, kind, status uint8, year, unit int32, url, title, text string) []byte {
	dst = append(dst, ',', '[')
	dst = strconv.AppendUint(dst, uint64(kind), 10)
	dst = append(dst, ',')
	dst = strconv.AppendUint(dst, uint64(status), 10)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, int64(year), 10)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, int64(unit), 10)
	for _, s := range [...]string{url, title, text} {
		dst = append(dst, ',')
		dst = appendJSONString(dst, s)
	}
	return append(dst, ']')
}

// appendJSONString appends s as a JSON string, as encoding/json writes it
// without HTML escaping: quote, backslash and control characters escaped,
// a byte that is not UTF-8 as U+FFFD, and U+2028 and U+2029 escaped for
// JavaScript. The index writes half a million strings at 10,000
// documents; through encoding/json each record cost eight allocations.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&15])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// add writes a script file calling prefix(JSON).
func (idx *Index) add(name, prefix string, v any) {
	var buf bytes.Buffer
	buf.WriteString(prefix)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	buf.Truncate(buf.Len() - 1) // Encode's newline
	buf.WriteString(");\n")
	idx.file(name, buf.Bytes())
}

// file hands one file to emit, keeping the first error.
func (idx *Index) file(name string, data []byte) {
	idx.Files++
	idx.Bytes += len(data)
	if idx.err == nil {
		idx.err = idx.emit(name, data)
	}
}

// ShardOf is the shard of token t: FNV-1a of its UTF-8 bytes, as the
// browser computes it.
func ShardOf(t string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(t))
	return int(h.Sum32() % uint32(shards))
}
