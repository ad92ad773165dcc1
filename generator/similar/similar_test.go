package similar

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
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
