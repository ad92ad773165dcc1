package render

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// dropElements removes from s every element (or attribute) that starts
// with open and ends at the first end after it: what writePrinted does for
// one kind of part, the plain way.
func dropElements(s, open, end string) string {
	var b bytes.Buffer
	for {
		i := strings.Index(s, open)
		if i < 0 {
			break
		}
		j := strings.Index(s[i+len(open):], end)
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		s = s[i+len(open)+j+len(end):]
	}
	b.WriteString(s)
	return b.String()
}

// printed is writePrinted's result as a string.
func printed(html string) string {
	var b bytes.Buffer
	writePrinted(&b, []byte(html))
	return b.String()
}

func TestWritePrinted(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<h2 id="一-存在的问题">一、存在的问题</h2>`, `<h2>一、存在的问题</h2>`},
		{`<li id="r1" class="report"><span class="annot status s-done">已整改</span> 关于…</li>`, `<li class="report"> 关于…</li>`},
		{"<p>甲</p>\n<p class=\"annot refline\">延续 </p>\n<p>乙</p>\n", "<p>甲</p>\n<p>乙</p>\n"},
		{`<p>no match</p>`, `<p>no match</p>`},
		{`<p id="unterminated>`, `<p id="unterminated>`},
		{`<p id="a">x</p><span class="annot status s-open">未整改`, `<p>x</p><span class="annot status s-open">未整改`},
	} {
		if got := printed(tc.in); got != tc.want {
			t.Errorf("writePrinted(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestWritePrintedIsDropOneByOne: on random HTML made of the parts a
// document's body has, whole, and perhaps a part cut short at its end,
// one pass leaves out what leaving out one kind after another does.
func TestWritePrintedIsDropOneByOne(t *testing.T) {
	pieces := []string{
		`<h2 id="p1">一、问题</h2>` + "\n", `<li id="r1" class="report">`, "</li>\n",
		`<span class="annot status s-done">已整改</span>`, " 关于学习。", "<p>正文&#34;id=&#34;</p>\n",
		`<p class="annot refline">延续 <a href="../2020/banzi.html#p1">2020</a></p>` + "\n",
		`<h3 id="m1" class="entry measure">`, "<strong>一是</strong>", "</h3>\n",
	}
	cut := []string{"", `<p class="annot refline">延续`, `<span class="annot status s-open">未整`, `<h2 id="p2`}
	rng := rand.New(rand.NewPCG(7, 12))
	for range 5000 {
		var b bytes.Buffer
		for range rng.IntN(24) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		b.WriteString(cut[rng.IntN(len(cut))])
		in := b.String()
		want := in
		for _, o := range printOmits {
			want = dropElements(want, o.open, o.end)
		}
		if got := printed(in); got != want {
			t.Fatalf("writePrinted(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}
