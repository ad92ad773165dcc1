package site

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mzshh/generator/internal/browsertest"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
)

// TestBrowserWithoutJavaScript opens the home, a document, a ledger and
// the outstanding list (and the search page) from file:// in Chromium with
// JavaScript turned off. Each page must show what its HTML holds: every
// element with a data-problem hook, with the same status attributes, and
// rendered; every piece of text of the body (but the options of the
// filters' menus) among the text the browser shows; the scripts must not
// have run; and where a feature needs scripts, its <noscript> note shows.
func TestBrowserWithoutJavaScript(t *testing.T) {
	ctx := browsertest.Start(t, browsertest.NoJavaScript())
	base := builtExample(t)
	dest, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		page     string
		noscript string // the note that must show, if any
	}{
		{"index.html", ""},
		{"2022/banzi.html", ""}, // reports, threads and a rebound
		{"2021/banzi.html", ""}, // the seed material
		{"ledger/2021.html", ""},
		{"outstanding.html", "筛选需要浏览器启用 JavaScript"},
		{"search/index.html", "搜索需要浏览器启用 JavaScript"},
	} {
		t.Run(tc.page, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(filepath.FromSlash(dest.Path), filepath.FromSlash(tc.page)))
			if err != nil {
				t.Fatal(err)
			}
			wantHooks, wantTexts := pageContent(t, string(src))
			if err := chromedp.Do(ctx, chromedp.Navigate(base+tc.page)); err != nil {
				t.Fatal(err)
			}
			browsertest.WaitJS(t, ctx, "loaded", `document.readyState === "complete"`)
			var got struct {
				Hooks  []string
				Hidden []string
				Text   string
				Ran    bool
			}
			res := browsertest.Eval[string](t, ctx, `JSON.stringify({
				hooks: Array.from(document.querySelectorAll("[data-problem]"), hookOf),
				hidden: Array.from(document.querySelectorAll("[data-problem]")).filter(e => e.getClientRects().length === 0).map(hookOf),
				text: document.body.innerText,
				ran: document.querySelector("form[data-filter-table] output") !== null && document.querySelector("form[data-filter-table] output").textContent !== ""
			}); function hookOf(e) { return ["problem", "status", "year", "year-status"].map(k => e.getAttribute("data-" + k) || "").join(" ") }`)
			if err := json.Unmarshal([]byte(res), &got); err != nil {
				t.Fatal(err)
			}
			if got.Ran {
				t.Fatal("the page's scripts ran: JavaScript is not off")
			}
			if len(wantHooks) == 0 && tc.page != "search/index.html" {
				t.Errorf("the page has no data-problem hooks")
			}
			if !slices.Equal(got.Hooks, wantHooks) {
				t.Errorf("data-problem hooks without JavaScript: %d, the HTML has %d\nfirst difference: %s", len(got.Hooks), len(wantHooks), firstHookDiff(got.Hooks, wantHooks))
			}
			for _, h := range got.Hidden {
				t.Errorf("hook %q is not shown", h)
			}
			shown := strings.Join(strings.Fields(got.Text), "")
			missing := 0
			for _, text := range wantTexts {
				if !strings.Contains(shown, text) {
					if missing++; missing <= 10 {
						t.Errorf("text not shown without JavaScript: %q", text)
					}
				}
			}
			if missing > 10 {
				t.Errorf("… %d texts missing in all, of %d", missing, len(wantTexts))
			}
			if tc.noscript != "" && !strings.Contains(shown, strings.Join(strings.Fields(tc.noscript), "")) {
				t.Errorf("the <noscript> note %q is not shown", tc.noscript)
			}
			t.Logf("%d hooks, %d texts, all shown", len(wantHooks), len(wantTexts))
		})
	}
}

// pageContent reads a built page as a browser without scripts does
// (<noscript> content is markup) and returns its data-problem hooks, as
// "problem status year year-status", and the text of every text node of
// the body outside scripts, styles and the options of menus, without
// white space.
func pageContent(t *testing.T, src string) (hooks, texts []string) {
	t.Helper()
	doc, err := html.ParseWithOptions(strings.NewReader(src), html.ParseOptionEnableScripting(false))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *html.Node, inBody bool)
	walk = func(n *html.Node, inBody bool) {
		switch {
		case n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "select" || n.Data == "head" || n.Data == "template"):
			return
		case n.Type == html.ElementNode && n.Data == "body":
			inBody = true
		case n.Type == html.ElementNode && inBody:
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			if p, ok := attr["data-problem"]; ok {
				hooks = append(hooks, strings.Join([]string{p, attr["data-status"], attr["data-year"], attr["data-year-status"]}, " "))
			}
		case n.Type == html.TextNode && inBody:
			if s := strings.Join(strings.Fields(n.Data), ""); s != "" {
				texts = append(texts, s)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inBody)
		}
	}
	walk(doc, false)
	return hooks, texts
}

func firstHookDiff(a, b []string) string {
	for i := range max(len(a), len(b)) {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return "shown " + x + ", in the HTML " + y
		}
	}
	return "none"
}
