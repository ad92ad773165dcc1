package search

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"mzshh/generator/status"
)

func TestTokens(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"学懂弄通", "学懂 懂弄 弄通"},
		{"在“学懂”上", "在 学懂 上"},
		{"2021年 GDP增长", "2021 年 gdp 增长"},
		{"ＡＢＣ１２３，反弹", "abc123 反弹"},
		{"人居环境整治", "人居 居环 环境 境整 整治"},
		{"二〇二一年", "二〇 〇二 二一 一年"}, // 〇 is Han, below the main block
		{"㐀丏", "㐀丏"},
		{"", ""},
		{"，。！", ""},
	} {
		if got := strings.Join(Tokens(tc.in), " "); got != tc.want {
			t.Errorf("Tokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestShardOf pins FNV-1a values: the browser (layouts/assets/search.js)
// computes the same hash, so a change on either side shows here.
func TestShardOf(t *testing.T) {
	for _, tc := range []struct {
		token string
		want  int
	}{
		{"a", 0xe40c292c % 1000},
	} {
		if got := ShardOf(tc.token, 1000); got != tc.want {
			t.Errorf("ShardOf(%q, 1000) = %d, want %d", tc.token, got, tc.want)
		}
	}
}

func TestIndexLayout(t *testing.T) {
	recs := []record{
		{kind: KindProblem, status: uint8(status.Done), year: 2021, doc: 0, item: 0},
		{kind: KindProblem, year: 2022, doc: 1, item: 1},
	}
	src := literals{
		{id: "p1", title: "一是在“学懂”上需要加强。", text: "虽能坚持定期学习。"},
		{id: "p1", title: "人居环境整治不到位", text: "停车场治理后又反弹。"},
	}
	files := map[string][]byte{}
	idx := write([]string{"2021/a", "2022/a"}, []string{"××镇领导班子"}, recs, src, func(name string, data []byte) error { files[name] = data; return nil })
	if idx.err != nil || idx.Files != len(files) || idx.Records != 2 {
		t.Fatalf("index %+v, %d files", idx, len(files))
	}
	var manifest struct {
		Records int
		Shards  int
		Years   map[string][2]int
		Chunks  []int
	}
	m := string(files["search/manifest.js"])
	if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(m, "MZSHH_SEARCH.manifest("), ");\n")), &manifest); err != nil {
		t.Fatalf("manifest %q: %v", m, err)
	}
	if manifest.Records != 2 || manifest.Years["2021"] != [2]int{0, 1} || manifest.Years["2022"] != [2]int{1, 2} || len(manifest.Chunks) != 1 {
		t.Errorf("manifest %+v", manifest)
	}
	shard := string(files["search/s/"+strconv.Itoa(ShardOf("学懂", manifest.Shards))+".js"])
	// Record 0 (delta A), then its weight digit.
	want := `"学懂":"A`
	if !strings.Contains(shard, want) || len(shard) < strings.Index(shard, want)+len(want)+1 {
		t.Fatalf("shard lacks %s: %s", want, shard)
	}
	at := strings.Index(shard, want) + len(want)
	if w := strings.IndexByte(b64, shard[at])*64 + strings.IndexByte(b64, shard[at+1]); w < 1 {
		t.Errorf("weight %d", w)
	}
	if meta := string(files["search/meta.js"]); meta != "MZSHH_SEARCH.meta(\"BJBA\");\n" {
		t.Errorf("meta %q", meta)
	}
	if r := string(files["search/r/0.js"]); !strings.Contains(r, `[1,9,2021,0,"2021/a.html#p1","一是在“学懂”上需要加强。","虽能坚持定期学习。"]`) {
		t.Errorf("records: %s", r)
	}
}

func TestAppendPosting(t *testing.T) {
	for _, tc := range []struct {
		delta  int
		weight int
	}{
		{0, 1}, {31, 63}, {32, 4095}, {1000, 2}, {1 << 20, 700},
	} {
		got := string(appendPosting(nil, tc.delta, tc.weight))
		// Decode it back as the browser does.
		v, shift, i := 0, 0, 0
		for {
			x := strings.IndexByte(b64, got[i])
			i++
			v |= (x & 31) << shift
			shift += 5
			if x&32 == 0 {
				break
			}
		}
		if v != tc.delta || strings.IndexByte(b64, got[i])*64+strings.IndexByte(b64, got[i+1]) != tc.weight || i+2 != len(got) {
			t.Errorf("appendPosting(%d, %d) = %q decodes to %d", tc.delta, tc.weight, got, v)
		}
	}
}

// decodePostings reads a token's postings back: record numbers and weights.
func decodePostings(t *testing.T, buf []byte) (recs, weights []int) {
	t.Helper()
	digit := func(c byte) int { return strings.IndexByte(b64, c) }
	prev := 0
	for i := 0; i < len(buf); {
		delta, shift := 0, 0
		for digit(buf[i])&32 != 0 {
			delta |= (digit(buf[i]) & 31) << shift
			shift += 5
			i++
		}
		delta |= digit(buf[i]) << shift
		prev += delta
		recs = append(recs, prev)
		weights = append(weights, digit(buf[i+1])<<6|digit(buf[i+2]))
		i += 3
	}
	return recs, weights
}

// TestPostingsAnyWorkers checks the property the parallel index rests on:
// for any number of workers, every token's postings list exactly the
// records that hold the token, in order, and the bytes are the same as
// one worker's.
func TestPostingsAnyWorkers(t *testing.T) {
	const han = "学懂弄通做实理论武装为民服务作风建设整改落实"
	runes := []rune(han)
	var recs []record
	var src literals
	seed := uint32(7)
	next := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	for i := range 2000 {
		var title, text strings.Builder
		for range 1 + next(6) {
			title.WriteRune(runes[next(len(runes))])
		}
		for range next(60) {
			text.WriteRune(runes[next(len(runes))])
		}
		if i%50 == 0 {
			text.WriteString(" word" + strconv.Itoa(i%7))
		}
		recs = append(recs, record{kind: uint8(i % 5), item: int32(i)})
		src = append(src, literal{title: title.String(), text: text.String()})
	}
	holders := map[string][]int{} // token → the records that hold it
	for i, r := range src {
		seen := map[string]bool{}
		for _, tok := range append(Tokens(r.title), Tokens(r.text)...) {
			if !seen[tok] {
				seen[tok] = true
				holders[tok] = append(holders[tok], i)
			}
		}
	}
	lists := func(ps *postingSet) map[string][]byte {
		m := map[string][]byte{}
		for w, runs := range ps.runs {
			for _, ru := range runs {
				if len(ru.buf) != cap(ru.buf) {
					t.Fatalf("worker %d: a run of %d bytes was given %d", w, len(ru.buf), cap(ru.buf))
				}
			}
		}
		for g, tok := range ps.terms {
			m[tok] = ps.appendList(nil, g)
			if n := ps.listLen(g); n != len(m[tok]) {
				t.Fatalf("token %q: listLen %d, list %d bytes", tok, n, len(m[tok]))
			}
		}
		return m
	}
	set := postings(recs, src, 1)
	one := lists(set)
	if len(one) != len(holders) {
		t.Fatalf("%d tokens indexed, the records hold %d", len(one), len(holders))
	}
	for g, tok := range set.terms {
		got, _ := decodePostings(t, one[tok])
		want := holders[tok]
		if !slices.Equal(got, want) || int(set.df[g]) != len(want) {
			t.Fatalf("token %q: postings %v (df %d), want %v", tok, got, set.df[g], want)
		}
	}
	for _, workers := range []int{2, 3, 8} {
		manySet := postings(recs, src, workers)
		many := lists(manySet)
		if len(many) != len(one) {
			t.Fatalf("%d workers: %d tokens, one worker %d", workers, len(many), len(one))
		}
		for g, tok := range manySet.terms {
			if !bytes.Equal(many[tok], one[tok]) || manySet.df[g] != set.df[slices.Index(set.terms, tok)] {
				t.Fatalf("%d workers: token %q differs from one worker's", workers, tok)
			}
		}
	}
}

// literals is a corpus of literal strings: record r's are literals[r.item].
type literals []literal

type literal struct{ id, title, text string }

func (l literals) indexed(r *record) (title, text string) {
	return l[r.item].title, l[r.item].text
}

func (l literals) shown(r *record) (id, title, text string) {
	return l[r.item].id, l[r.item].title, l[r.item].text
}

// FuzzAppendJSONString checks the index's JSON strings against
// encoding/json with HTML escaping off, and a record against encoding a
// list of its fields.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "学习\"不够\"\\深入", "a\x00\x1f\b\f\n\r\t<>&", "\u2028\u2029", "\xff\xe5\xad", "\U0001F600 ok"} {
		f.Add(s)
	}
	encode := func(v any) string {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			f.Fatal(err)
		}
		return strings.TrimSuffix(b.String(), "\n")
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendJSONString(nil, s)), encode(s); got != want {
			t.Fatalf("appendJSONString(%q) = %s, encoding/json %s", s, got, want)
		}
		got := string(appendRecord(nil, 3, 17, 2021, 42, "2021/a.html#"+s, s, s+"。"))
		if want := "," + encode([]any{uint8(3), uint8(17), int32(2021), int32(42), "2021/a.html#" + s, s, s + "。"}); got != want {
			t.Fatalf("appendRecord = %s, encoding/json %s", got, want)
		}
	})
}
