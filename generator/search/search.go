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
//	search/s/<n>.js       postings of the tokens that hash to shard n
//	search/r/<n>.js       records of chunk n: what a result shows
//
// Records are numbered by document order (year, then team before member,
// then unit), so a year is a range of record numbers.
package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"unicode"

	"mzshh/generator/archive"
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

// statusKeys numbers status keys in postings; 0 is "no status".
var statusKeys = []string{"", "open", "continued", "rebound", "unreported", "notdone", "progress", "ongoing", "mostly", "done"}

var statusLabels = []string{"", "新提出", "延续", "反弹", "未报告", "未整改", "整改中", "长期坚持", "基本整改", "已整改"}

func statusCode(key string) int {
	if i := slices.Index(statusKeys, key); i > 0 {
		return i
	}
	return 0
}

// record is one searchable thing.
type record struct {
	kind, status, year, unit int
	url, title, text         string
	// indexTitle is the title as indexed, when it differs from the one
	// shown: a report shows the problems it names but is found by its own
	// words.
	indexTitle *string
}

// Tokens splits s into index tokens, in order, with repeats.
func Tokens(s string) []string {
	var out []string
	var han []rune
	var word strings.Builder
	flushHan := func() {
		switch len(han) {
		case 0:
		case 1:
			out = append(out, string(han))
		default:
			for i := 0; i+1 < len(han); i++ {
				out = append(out, string(han[i:i+2]))
			}
		}
		han = han[:0]
	}
	flushWord := func() {
		if word.Len() > 0 {
			out = append(out, word.String())
			word.Reset()
		}
	}
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E { // fullwidth ASCII
			r -= 0xFEE0
		}
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushHan()
			word.WriteRune(unicode.ToLower(r))
		default:
			flushHan()
			flushWord()
		}
	}
	flushHan()
	flushWord()
	return out
}

// Index is the built index: files relative to the site root.
type Index struct {
	Files   map[string][]byte
	Records int
	Tokens  int
	Bytes   int
}

// Build indexes every record of a.
func Build(a *archive.Archive) *Index {
	unitIdx := map[*archive.Unit]int{}
	for i, u := range a.Units {
		unitIdx[u] = i
	}
	var recs []record
	for _, d := range a.Docs {
		url := d.Key + ".html"
		u := unitIdx[d.Unit]
		recs = append(recs, record{kind: KindDocument, year: d.Year, unit: u, url: url, title: d.Title, text: d.Meeting + " " + d.Unit.Name})
		for _, p := range d.Problems {
			recs = append(recs, record{kind: KindProblem, status: statusCode(p.Current.Key()), year: d.Year, unit: u, url: url + "#" + p.ID, title: p.Title, text: p.Text})
		}
		for _, c := range d.Causes {
			recs = append(recs, record{kind: KindCause, year: d.Year, unit: u, url: url + "#" + c.ID, title: c.Title, text: c.Text})
		}
		for _, m := range d.Measures {
			recs = append(recs, record{kind: KindMeasure, year: d.Year, unit: u, url: url + "#" + m.ID, title: m.Title, text: m.Text})
		}
		for _, r := range d.Reports {
			status := 0
			if len(r.Targets) > 0 {
				status = statusCode(r.Targets[0].StatusAt(d.Year).Key())
			}
			title := fmt.Sprintf("【%s】", r.Word)
			for i, t := range r.Targets {
				if i > 0 {
					title += "、"
				}
				title += fmt.Sprintf("%d %s", t.Year(), t.ShortTitle())
			}
			word := r.Word
			recs = append(recs, record{kind: KindReport, status: status, year: d.Year, unit: u, url: url + "#" + r.ID, title: title, text: r.Text, indexTitle: &word})
		}
	}
	unitNames := make([]string, len(a.Units))
	for i, u := range a.Units {
		unitNames[i] = u.Name
	}
	return write(unitNames, recs)
}

type posting struct {
	rec    int
	weight int
}

func write(unitNames []string, recs []record) *Index {
	// BM25F: title and text are normalised by their own average length,
	// and a title match counts titleWeight times a text match.
	const titleWeight = 3.0
	const k1, bTitle, bText = 1.2, 0.5, 0.75
	type freq struct{ title, text int }
	tfs := make([]map[string]freq, len(recs))
	titleLen := make([]float64, len(recs))
	textLen := make([]float64, len(recs))
	var titleTotal, textTotal float64
	df := map[string]int{}
	for i, r := range recs {
		tf := map[string]freq{}
		indexTitle := r.title
		if r.indexTitle != nil {
			indexTitle = *r.indexTitle
		}
		title, text := Tokens(indexTitle), Tokens(r.text)
		for _, t := range title {
			f := tf[t]
			f.title++
			tf[t] = f
		}
		for _, t := range text {
			f := tf[t]
			f.text++
			tf[t] = f
		}
		for t := range tf {
			df[t]++
		}
		tfs[i] = tf
		titleLen[i], textLen[i] = float64(len(title)), float64(len(text))
		titleTotal += titleLen[i]
		textTotal += textLen[i]
	}
	n := float64(max(len(recs), 1))
	avgTitle, avgText := max(titleTotal/n, 1), max(textTotal/n, 1)
	postings := map[string][]posting{}
	for i, tf := range tfs {
		for t, f := range tf {
			idf := math.Log(1 + (n-float64(df[t])+0.5)/(float64(df[t])+0.5))
			w := titleWeight*float64(f.title)/(1-bTitle+bTitle*titleLen[i]/avgTitle) +
				float64(f.text)/(1-bText+bText*textLen[i]/avgText)
			score := idf * w * (k1 + 1) / (w + k1)
			postings[t] = append(postings[t], posting{rec: i, weight: max(1, int(math.Round(score*100)))})
		}
	}

	idx := &Index{Files: map[string][]byte{}, Records: len(recs), Tokens: len(postings)}
	// Shards of about 32 KB of postings.
	size := 0
	for _, ps := range postings {
		size += len(ps) * 8
	}
	shards := 1
	for shards < 4096 && size/shards > 32<<10 {
		shards *= 2
	}
	byShard := make([]map[string]string, shards)
	for t, ps := range postings {
		slices.SortFunc(ps, func(x, y posting) int { return x.rec - y.rec })
		var sb strings.Builder
		prev := 0
		for j, p := range ps {
			if j > 0 {
				sb.WriteByte(',')
			}
			r := recs[p.rec]
			// The record number as a delta from the previous one, then
			// weight<<7 | kind<<4 | status, both in base 36.
			fmt.Fprintf(&sb, "%s,%s", base36(p.rec-prev), base36(p.weight<<7|r.kind<<4|r.status))
			prev = p.rec
		}
		s := ShardOf(t, shards)
		if byShard[s] == nil {
			byShard[s] = map[string]string{}
		}
		byShard[s][t] = sb.String()
	}
	for s, m := range byShard {
		if m == nil {
			continue
		}
		idx.add(fmt.Sprintf("search/s/%d.js", s), fmt.Sprintf("MZSHH_SEARCH.shard(%d,", s), m)
	}

	// Record chunks of about 64 KB.
	var chunks []int
	var chunk [][]any
	chunkBytes := 0
	flush := func() {
		if len(chunk) == 0 {
			return
		}
		idx.add(fmt.Sprintf("search/r/%d.js", len(chunks)-1), fmt.Sprintf("MZSHH_SEARCH.records(%d,", len(chunks)-1), chunk)
		chunk, chunkBytes = nil, 0
	}
	for i, r := range recs {
		if len(chunk) == 0 {
			chunks = append(chunks, i)
		}
		chunk = append(chunk, []any{r.kind, r.status, r.year, r.unit, r.url, r.title, r.text})
		chunkBytes += len(r.url) + len(r.title) + len(r.text) + 16
		if chunkBytes > 64<<10 {
			flush()
		}
	}
	flush()

	years := map[int][2]int{}
	for i, r := range recs {
		yr, ok := years[r.year]
		if !ok {
			yr = [2]int{i, i + 1}
		}
		yr[1] = i + 1
		years[r.year] = yr
	}
	idx.add("search/manifest.js", "MZSHH_SEARCH.manifest(", map[string]any{
		"version": 1, "records": len(recs), "shards": shards, "chunks": chunks,
		"years": years, "units": unitNames, "statuses": statusKeys, "statusLabels": statusLabels, "kinds": kindLabels,
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

// add writes a script file calling prefix(JSON).
func (idx *Index) add(name, prefix string, v any) {
	var buf bytes.Buffer
	buf.WriteString(prefix)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	buf.Truncate(buf.Len() - 1) // Encode's newline
	buf.WriteString(");\n")
	idx.Files[name] = buf.Bytes()
	idx.Bytes += buf.Len()
}

// IsIndexFile reports whether a site path is part of the search index.
func IsIndexFile(p string) bool {
	return strings.HasPrefix(p, "search/") && strings.HasSuffix(p, ".js")
}

// ShardOf is the shard of token t: FNV-1a of its UTF-8 bytes, as the
// browser computes it.
func ShardOf(t string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(t))
	return int(h.Sum32() % uint32(shards))
}

func base36(n int) string {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	if n == 0 {
		return "0"
	}
	var b [16]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = digits[n%36]
		n /= 36
	}
	return string(b[i:])
}
