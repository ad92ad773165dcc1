package site

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"mzshh/generator/bench/synthetic"
	"mzshh/generator/internal/browsertest"

	"github.com/chromedp/chromedp"
)

// builtExample builds the example archive into a temporary public/ and
// returns its file:// URL prefix.
func builtExample(t *testing.T) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "共享盘 档案", "public")
	if _, diags, err := Build(context.Background(), "../..", dest, nil); err != nil {
		t.Fatalf("%v\n%v", err, diags)
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dest) + "/"}).String()
}

// builtSynthetic builds a synthetic archive into a temporary folder and
// returns the folder of its pages.
func builtSynthetic(t *testing.T, opt synthetic.Options) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "site")
	if _, err := synthetic.Write(opt, root, ""); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(root, "public")
	if _, diags, err := Build(context.Background(), root, dest, nil); err != nil {
		t.Fatalf("%v\n%v", err, diags)
	}
	return dest
}

// TestBrowserSearchFromFileURL opens the built site straight from disk,
// as from a shared drive, searches and follows a result to its anchor.
func TestBrowserSearchFromFileURL(t *testing.T) {
	ctx := browsertest.Start(t)
	base := builtExample(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"index.html")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitJS(t, ctx, "home page", `document.querySelector("table.matrix") !== null`)
	// Search from the header box, as a reader does.
	browsertest.Eval[bool](t, ctx, `document.getElementById("site-q").value = "学懂"; document.querySelector("form.site-search").submit(); true`)
	browsertest.WaitJS(t, ctx, "results", `document.querySelectorAll("#search-results li").length > 0`)
	first := browsertest.Eval[string](t, ctx, `document.querySelector("#search-results li a").getAttribute("href")`)
	if first != "../2021/banzi.html#p1-1" {
		t.Errorf("first result for 学懂 links to %q, want the 2021 team document's problem ../2021/banzi.html#p1-1", first)
	}
	if ms := browsertest.Eval[string](t, ctx, `document.documentElement.getAttribute("data-search-ms")`); ms != "" {
		t.Logf("query 学懂 took %s ms in the browser, index loading included", ms)
	}
	browsertest.Eval[bool](t, ctx, `document.querySelector("#search-results li a").click(); true`)
	browsertest.WaitJS(t, ctx, "result followed to its anchor", `location.pathname.endsWith("/2021/banzi.html") && location.hash === "#p1-1" && document.querySelector(":target") !== null && document.querySelector(":target").id === "p1-1"`)

	// A linked search with filters.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/index.html?q="+url.QueryEscape("人居环境"))); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitJS(t, ctx, "linked search", `document.querySelectorAll("#search-results li").length >= 3 && document.querySelector("#search-results mark").textContent.length > 0`)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/index.html?q="+url.QueryEscape("人居环境")+"&year=2022&status=progress")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitJS(t, ctx, "filtered search", `(document.getElementById("search-status").textContent.includes("找到") || document.getElementById("search-status").textContent.includes("没有找到"))`)
	if bad := browsertest.Eval[int](t, ctx, `Array.from(document.querySelectorAll("#search-results .r-meta")).filter(m => !m.textContent.startsWith("2022年度") || !m.textContent.includes("整改中")).length`); bad != 0 {
		t.Errorf("%d results ignore the year or status filter", bad)
	}
}

// TestBrowserAccessibility runs axe-core on the main pages: no serious or
// critical violations.
func TestBrowserAccessibility(t *testing.T) {
	axe, err := os.ReadFile("../../.ci/node_modules/axe-core/axe.min.js")
	if err != nil {
		if os.Getenv("MZSHH_BROWSER_TESTS") == "1" {
			t.Fatalf("axe-core is not installed (cd .ci && npm ci): %v", err)
		}
		t.Skip("axe-core not installed; run cd .ci && npm ci")
	}
	ctx := browsertest.Start(t)
	base := builtExample(t)
	for _, page := range []string{"index.html", "2021/banzi.html", "ledger/2022.html", "outstanding.html", "search/index.html?q=" + url.QueryEscape("学懂"), "units/××镇领导班子.html", "2022/index.html", "compile/2022.html", "stats.html", "ledger/2021.html"} {
		t.Run(page, func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+page)); err != nil {
				t.Fatal(err)
			}
			browsertest.WaitJS(t, ctx, "loaded", `document.readyState === "complete" && (!document.getElementById("search-status") || document.querySelectorAll("#search-results li").length > 0)`)
			browsertest.Eval[bool](t, ctx, string(axe)+";true")
			res, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))))`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			var violations []struct {
				ID, Impact, Help string
				Nodes            []string
			}
			json.Unmarshal([]byte(res), &violations)
			for _, v := range violations {
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("%s (%s): %s at %v", v.ID, v.Impact, v.Help, v.Nodes)
				} else {
					t.Logf("minor: %s (%s): %s", v.ID, v.Impact, v.Help)
				}
			}
		})
	}
}

// TestBrowserPrintStyles checks the print rules of GB/T 9704-2012 as the
// browser reads them: A4 pages with margins 37/26/35/28 mm and page numbers
// "— n —", a landscape page for the ledger. The site is served under a
// sub-path of a web server, as on an intranet.
func TestBrowserPrintStyles(t *testing.T) {
	ctx := browsertest.Start(t)
	dest := filepath.Join(t.TempDir(), "public")
	if _, diags, err := Build(context.Background(), "../..", dest, nil); err != nil {
		t.Fatalf("%v\n%v", err, diags)
	}
	srv := httptest.NewServer(http.StripPrefix("/档案/民主生活会/", http.FileServer(http.Dir(dest))))
	defer srv.Close()
	base := srv.URL + "/档案/民主生活会/"
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"2021/banzi.html")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitJS(t, ctx, "loaded", `document.readyState === "complete"`)
	rules := browsertest.Eval[string](t, ctx, `JSON.stringify(Array.from(document.styleSheets[0].cssRules).filter(r => r instanceof CSSPageRule).map(r => r.cssText))`)
	for _, want := range []string{"size: a4;", "margin: 37mm 26mm 35mm 28mm;", `content: \"— \" counter(page) \" —\";`, "@page ledger { size: a4 landscape;"} {
		if !strings.Contains(rules, want) {
			t.Errorf("page rules lack %q: %s", want, rules)
		}
	}
	// Under the sub-path, the stylesheet and the links resolve.
	if n := browsertest.Eval[int](t, ctx, `document.styleSheets[0].cssRules.length`); n < 50 {
		t.Errorf("stylesheet has %d rules; not loaded under the sub-path?", n)
	}
	browsertest.Eval[bool](t, ctx, `document.querySelector(".crumbs a").click(); true`)
	browsertest.WaitJS(t, ctx, "home under the sub-path", `decodeURIComponent(location.pathname).startsWith("/档案/民主生活会/") && document.querySelector("table.matrix") !== null`)
}

// TestBrowserFirstSearch measures the first query on a synthetic archive of
// 1,000 documents opened from file://: ten fresh tabs, each loading the
// search page with a query, its index cold. It prints the median, which
// generator/bench/run reads; it fails only when a search finds nothing.
// Long (it builds the archive): it runs when MZSHH_BENCH_SEARCH=1.
func TestBrowserFirstSearch(t *testing.T) {
	if os.Getenv("MZSHH_BENCH_SEARCH") != "1" {
		t.Skip("set MZSHH_BENCH_SEARCH=1 to measure the first search on 1,000 documents")
	}
	dest := builtSynthetic(t, synthetic.Options{Years: 10, Units: 100, Seed: 1})
	page := (&url.URL{Scheme: "file", Path: filepath.ToSlash(dest) + "/search/index.html", RawQuery: "q=" + url.QueryEscape("理论学习")}).String()
	browser := browsertest.Start(t)
	var times []int
	for range 10 {
		ctx, cancel := chromedp.NewContext(browser) // a fresh tab
		if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
			cancel()
			t.Fatal(err)
		}
		browsertest.WaitJS(t, ctx, "results", `document.documentElement.hasAttribute("data-search-ms")`)
		if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("#search-results li").length`); n == 0 {
			t.Errorf("the query found nothing")
		}
		ms, _ := strconv.Atoi(browsertest.Eval[string](t, ctx, `document.documentElement.getAttribute("data-search-ms")`))
		times = append(times, ms)
		cancel()
	}
	slices.Sort(times)
	t.Logf("first search on 1,000 documents from file://: median %d ms (of %v)", (times[4]+times[5])/2, times)
}
