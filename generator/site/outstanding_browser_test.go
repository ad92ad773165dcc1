package site

import (
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"mzshh/generator/bench/synthetic"
	"mzshh/generator/internal/browsertest"

	"github.com/chromedp/chromedp"
)

// TestBrowserOutstandingLinksFindTheirPages opens a long outstanding
// list from file://. A page's filter offers only the years and units of
// its rows, so a link that names a unit whose rows are on later pages (a
// unit page's count tiles link outstanding.html?…&unit=…) must reach
// them: the first page moves on to the unit's first page, filtered;
// another page says on which pages they are; the pager keeps the filter.
func TestBrowserOutstandingLinksFindTheirPages(t *testing.T) {
	dest := builtSynthetic(t, synthetic.Options{Years: 3, Units: 120, Seed: 5})
	// The units and years of each page's rows, as written.
	rowAttr := regexp.MustCompile(`<tr data-problem="[^"]*" data-year="(\d+)" data-unit="([^"]*)"`)
	var units, years []map[string]bool // by page, from 0
	for n := 1; ; n++ {
		b, err := os.ReadFile(filepath.Join(dest, pageName(n)))
		if err != nil {
			break
		}
		units, years = append(units, map[string]bool{}), append(years, map[string]bool{})
		for _, m := range rowAttr.FindAllStringSubmatch(string(b), -1) {
			years[n-1][m[1]], units[n-1][m[2]] = true, true
		}
	}
	if len(units) < 3 {
		t.Fatalf("%d outstanding pages; the test needs a longer list", len(units))
	}
	firstPageOf := func(of []map[string]bool, v string) int {
		return slices.IndexFunc(of, func(m map[string]bool) bool { return m[v] }) + 1
	}
	// A unit the first page does not list, and a later page that does
	// not list it either.
	var unit string
	other := 0
	for _, u := range slices.Sorted(maps.Keys(units[len(units)-1])) {
		if units[0][u] {
			continue
		}
		if m := slices.IndexFunc(units[1:], func(m map[string]bool) bool { return !m[u] }); m >= 0 {
			unit, other = u, m+2
			break
		}
	}
	var year string
	for y := range years[len(years)-1] {
		if !years[0][y] {
			year = y
		}
	}
	if unit == "" || year == "" {
		t.Fatal("no unit or year that only later pages list")
	}
	base := (&url.URL{Scheme: "file", Path: filepath.ToSlash(dest) + "/"}).String()
	ctx := browsertest.Start(t)

	// The first page, as a unit page's tile links it: it moves on.
	q := "unit=" + url.QueryEscape(unit)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"outstanding.html?"+q)); err != nil {
		t.Fatal(err)
	}
	want := pageName(firstPageOf(units, unit))
	browsertest.WaitJS(t, ctx, "moved to "+want, fmt.Sprintf(`location.pathname.endsWith("/%s") && document.readyState === "complete"`, want))
	shown := browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#outstanding tbody tr")).filter(function (r) { return !r.hidden; }).map(function (r) { return r.getAttribute("data-unit"); })`)
	if len(shown) == 0 || slices.ContainsFunc(shown, func(u string) bool { return u != unit }) {
		t.Errorf("%s?%s shows the rows of %v, want only %s's", want, q, shown, unit)
	}
	if v := browsertest.Eval[string](t, ctx, `document.querySelector("select[name=unit]").value`); v != unit {
		t.Errorf("%s: the unit filter reads %q, want %q", want, v, unit)
	}
	hrefs := browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll("nav.pager a")).map(function (a) { return a.getAttribute("href"); })`)
	if len(hrefs) == 0 {
		t.Fatalf("%s has no pager links", want)
	}
	for _, h := range hrefs {
		if !strings.HasSuffix(h, "?"+q) {
			t.Errorf("%s: the pager links %s, without the filter", want, h)
		}
	}

	// A later page, which lists none of the unit's rows, says where they
	// are and stays.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+pageName(other)+"?"+q)); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitJS(t, ctx, "where the unit's rows are", `document.querySelector(".filter-where a") !== null`)
	if got := browsertest.Eval[string](t, ctx, `location.pathname.split("/").pop()`); got != pageName(other) {
		t.Errorf("%s moved to %s", pageName(other), got)
	}
	if href := browsertest.Eval[string](t, ctx, `document.querySelector(".filter-where a").getAttribute("href")`); href != want+"?"+q {
		t.Errorf("%s points to %s, want %s", pageName(other), href, want+"?"+q)
	}
	if n := browsertest.Eval[int](t, ctx, `Array.from(document.querySelectorAll("#outstanding tbody tr")).filter(function (r) { return !r.hidden; }).length`); n != 0 {
		t.Errorf("%s shows %d rows for a unit it does not list", pageName(other), n)
	}

	// A year: the first page moves on to the year's first page.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"outstanding.html?year="+year)); err != nil {
		t.Fatal(err)
	}
	want = pageName(firstPageOf(years, year))
	browsertest.WaitJS(t, ctx, "moved to "+want+" for "+year, fmt.Sprintf(`location.pathname.endsWith("/%s") && document.readyState === "complete" && document.querySelector("select[name=year]").value === %q`, want, year))
}
