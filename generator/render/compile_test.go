package render

import "testing"

func TestDropElements(t *testing.T) {
	for _, tc := range []struct{ in, open, end, want string }{
		{`<h2 id="一-存在的问题">一、存在的问题</h2>`, ` id="`, `"`, `<h2>一、存在的问题</h2>`},
		{`<li id="r1" class="report"><span class="annot status s-done">已整改</span> 关于…</li>`, `<span class="annot status `, `</span>`, `<li id="r1" class="report"> 关于…</li>`},
		{"<p>甲</p>\n<p class=\"annot refline\">延续 </p>\n<p>乙</p>\n", `<p class="annot refline">`, "</p>\n", "<p>甲</p>\n<p>乙</p>\n"},
		{`<p>no match</p>`, ` id="`, `"`, `<p>no match</p>`},
		{`<p id="unterminated>`, ` id="`, `"`, `<p id="unterminated>`},
	} {
		if got := dropElements(tc.in, tc.open, tc.end); got != tc.want {
			t.Errorf("dropElements(%q, %q, %q) = %q, want %q", tc.in, tc.open, tc.end, got, tc.want)
		}
	}
}
