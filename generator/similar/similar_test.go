package similar

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"学习不够深入。", "学习不够深入"},
		{"“两个确立”、‘四个意识’", "两个确立四个意识"},
		{"「两个确立」\"四个意识\"", "两个确立四个意识"},
		{"全年 学习　12 次，", "全年学习0次"},
		{"２０２１年ＡＢＣ", "0年abc"},
		{"2021年、2022年", "0年0年"},
		{"（一）问题 {#p1}", "一问题p0"},
		{"〇", "〇"},
	} {
		if got := string(Normalize(tc.in).Runes); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	n := Normalize("甲，2021乙")
	if n.At[1] != len("甲，") || n.End[1] != len("甲，2021") {
		t.Errorf("offsets of the digit run: %v %v", n.At, n.End)
	}
}

func TestWindowsRolling(t *testing.T) {
	r := []rune("学懂弄通做实习近平新时代中国特色社会主义思想")
	got := windows(r, 5, nil)
	for i := range got {
		if want := windows(r[i:i+5], 5, nil)[0]; got[i] != want {
			t.Fatalf("window %d: rolling hash %x, direct %x", i, got[i], want)
		}
	}
}

// TestScores checks containment and the boilerplate on small cases.
func TestScores(t *testing.T) {
	a := "镇党委理论学习中心组学习计划性不强，全年集中学习多以传达上级文件和会议精神为主"
	formula := "增强四个意识坚定四个自信做到两个维护自觉在思想上政治上行动上同党中央保持高度一致"
	other := "对镇村干部上班纪律值班值守的督查多集中在节假日前开展日常抽查不够经常"
	filler := func(i int) string {
		return fmt.Sprintf("第%s份材料的其他内容%s", strings.Repeat("甲乙丙丁", i%5+1), strings.Repeat("戊己庚辛壬癸", i%3+1))
	}
	for _, tc := range []struct {
		name  string
		a, b  string
		fill  int // other documents holding the formula
		match bool
		score float64
	}{
		{"exact", a, a, 0, true, 1},
		{"buried", a, other + a + other, 0, true, 1},
		{"unrelated", a, other, 0, false, 0},
		{"formula only, rare", formula + a, formula + other, 0, true, 0},
		{"formula only, boilerplate", formula + a, formula + other, 30, false, 0},
		{"copy after the formula", formula + a, formula + a + "。", 30, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			texts := []Text{{Doc: 0, Text: tc.a}, {Doc: 1, Text: tc.b}}
			for i := range tc.fill {
				texts = append(texts, Text{Doc: 2 + i, Text: formula + filler(i)})
			}
			m, _ := Find(texts, Options{Threshold: 0.4}, func(i, j int) bool { return i < 2 && j < 2 })
			if (len(m) == 1) != tc.match {
				t.Fatalf("matches %v, want a match: %v", m, tc.match)
			}
			if tc.match && tc.score > 0 && m[0].Score != tc.score {
				t.Errorf("score %.3f, want %.3f", m[0].Score, tc.score)
			}
		})
	}
}

// TestFindIsExact compares Find with scoring every pair, on random texts
// drawn from a few sentences so that many pairs overlap.
func TestFindIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sentences := []string{"理论学习的系统性不够强", "学用结合不够紧密", "督促指导党员日常学习抓得不实", "民主集中制执行不够严格",
		"人居环境整治缺乏长效机制", "抓工作落实的闭环意识不强", "作风建设常态长效机制不健全", "对群众反映的问题回应不及时",
		"贯彻落实上级决策部署不够及时有力", "学习党内法规不够深入"}
	var texts []Text
	for i := range 400 {
		var sb strings.Builder
		for range 1 + rng.IntN(4) {
			sb.WriteString(sentences[rng.IntN(len(sentences))])
			if rng.IntN(3) == 0 {
				fmt.Fprintf(&sb, "第%c项", rune('甲'+rng.IntN(40)))
			}
		}
		texts = append(texts, Text{Doc: i / 3, Kind: i % 2, Text: sb.String()})
	}
	for _, th := range []float64{0.3, 0.6, 0.9} {
		x := NewIndex(texts, Options{Threshold: th, MinDocs: 40, MinShingles: 4})
		got := x.Find(nil)
		var want []Match
		for i := range texts {
			for j := range texts {
				si, sj := x.size[i], x.size[j]
				if texts[i].Doc == texts[j].Doc || texts[i].Kind != texts[j].Kind || int(si) < x.opt.MinShingles || sj < si || sj == si && j <= i {
					continue
				}
				if c := overlap(x.sets[i], x.sets[j]); float64(c) >= th*float64(si)-1e-9 {
					want = append(want, Match{I: i, J: j, Score: float64(c) / float64(si)})
				}
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("threshold %.1f: Find gave %d matches, scoring every pair %d", th, len(got), len(want))
		}
		if len(want) == 0 {
			t.Errorf("threshold %.1f: no pairs at all; the test texts overlap too little", th)
		}
	}
}

func TestShared(t *testing.T) {
	a := "一是理论学习不够深入。全年集中学习多以传达文件为主。"
	b := "全年集中学习多以传达文件为主，研讨交流少。"
	x := NewIndex([]Text{{Doc: 0, Text: a}, {Doc: 1, Text: b}}, Options{})
	sa, sb := x.Shared(0, 1)
	if len(sa) != 1 || a[sa[0].Start:sa[0].End] != "全年集中学习多以传达文件为主" {
		t.Errorf("shared in a: %v", sa)
	}
	if len(sb) != 1 || b[sb[0].Start:sb[0].End] != "全年集中学习多以传达文件为主" {
		t.Errorf("shared in b: %v", sb)
	}
}

// TestIndexSets checks NewIndex's two passes against counting each text's
// shingles directly: every text's size, and the shingles every two texts
// share, boilerplate and single-document shingles left out. Half the
// texts come as a heading and a body (Text.Head), compared as their
// String.
func TestIndexSets(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"理论学习", "不够深入", "２０２１年", "12次", "Ａbc", "，", "\xff", "学用结合", "督促指导", "民主集中制", "〇", "执行"}
	var texts []Text
	for i := range 300 {
		var head, body strings.Builder
		for range rng.IntN(4) {
			head.WriteString(words[rng.IntN(len(words))])
		}
		for range rng.IntN(12) {
			body.WriteString(words[rng.IntN(len(words))])
		}
		tx := Text{Doc: i / 4, Kind: i % 2, Text: head.String() + body.String()}
		if i%2 == 0 {
			tx.Head, tx.Text = head.String(), body.String()
		}
		texts = append(texts, tx)
	}
	opt := Options{MinDocs: 8, MinShingles: 2}.withDefaults()
	x := NewIndex(texts, opt)

	// The reference: each text's distinct shingles, and each shingle's
	// documents.
	own := make([]map[uint64]bool, len(texts))
	docs := map[uint64]map[int]bool{}
	for i, tx := range texts {
		if got, want := string(tx.runes(nil)), string(Normalize(tx.String()).Runes); got != want {
			t.Fatalf("text %d: runes %q, Normalize(String()) %q", i, got, want)
		}
		own[i] = map[uint64]bool{}
		for _, h := range windows(Normalize(tx.String()).Runes, opt.Shingle, nil) {
			own[i][h] = true
			if docs[h] == nil {
				docs[h] = map[int]bool{}
			}
			docs[h][tx.Doc] = true
		}
	}
	limit := max(opt.MinDocs, int(opt.Boilerplate*float64(texts[len(texts)-1].Doc+1)))
	for i := range texts {
		size := 0
		for h := range own[i] {
			if len(docs[h]) <= limit {
				size++
			}
		}
		if int(x.size[i]) != size {
			t.Errorf("text %d: size %d, counted directly %d", i, x.size[i], size)
		}
		for j := range i {
			common := 0
			for h := range own[i] {
				if own[j][h] && len(docs[h]) >= 2 && len(docs[h]) <= limit {
					common++
				}
			}
			if got := overlap(x.sets[i], x.sets[j]); int(got) != common {
				t.Fatalf("texts %d and %d: %d shingles shared in the index, %d counted directly", i, j, got, common)
			}
		}
	}
}

// FuzzNormalize checks Normalize's offsets on any input, broken UTF-8
// included: one offset pair per character kept, in order, inside the
// text, each covering what the character stands for.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"学习不够深入。", "２０２１年ＡＢＣ", "甲，2021乙", "\xff学\xe5\xad", "a1b22c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if len(n.At) != len(n.Runes) || len(n.End) != len(n.Runes) {
			t.Fatalf("%d runes, %d starts, %d ends", len(n.Runes), len(n.At), len(n.End))
		}
		if got := string(normalizeRunes(s, nil)); got != string(n.Runes) {
			t.Fatalf("normalizeRunes %q, Normalize %q", got, string(n.Runes))
		}
		last := 0
		for i, r := range n.Runes {
			at, end := n.At[i], n.End[i]
			if at < last || end <= at || end > len(s) {
				t.Fatalf("character %d (%q): span %d–%d after %d in %d bytes", i, r, at, end, last, len(s))
			}
			if c, _ := utf8.DecodeRuneInString(s[at:]); r != '0' && fold(c) != r {
				t.Fatalf("character %d is %q, its span starts with %q", i, r, c)
			}
			last = end
		}
	})
}
