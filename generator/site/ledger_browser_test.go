package site

import (
	"testing"

	"mzshh/generator/internal/browsertest"

	"github.com/chromedp/chromedp"
)

// TestBrowserStats opens the statistics page from file://: both charts
// render (bars with a size, a title and a description each), a header
// click sorts a table; then a count tile of the home page opens the
// outstanding list filtered by its status, the filter read from the URL.
func TestBrowserStats(t *testing.T) {
	ctx := browsertest.Start(t)
	base := builtExample(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"stats.html")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitJS(t, ctx, "statistics page", `document.readyState === "complete" && document.querySelectorAll("svg.chart").length === 2`)
	type chart struct {
		Width, Height      float64
		Bars, DrawnBars    int
		Title, Desc, Label string
	}
	charts := browsertest.Eval[[]chart](t, ctx, `Array.from(document.querySelectorAll("svg.chart")).map(function (svg) {
		var r = svg.getBoundingClientRect();
		var bars = Array.from(svg.querySelectorAll("rect[class^='b-']"));
		var ids = (svg.getAttribute("aria-labelledby") || "").split(" ");
		return {Width: r.width, Height: r.height, Bars: bars.length,
			DrawnBars: bars.filter(function (b) { var br = b.getBoundingClientRect(); return br.width > 0 && br.height > 0 && getComputedStyle(b).fill !== "rgb(0, 0, 0)"; }).length,
			Title: svg.querySelector("title").textContent, Desc: svg.querySelector("desc").textContent,
			Label: ids.map(function (id) { var e = document.getElementById(id); return e ? e.textContent : "?"; }).join(" / ")};
	})`)
	for i, c := range charts {
		if c.Width < 300 || c.Height < 50 || c.Bars == 0 || c.DrawnBars != c.Bars {
			t.Errorf("chart %d: %.0f × %.0f px, %d bars, %d drawn in a colour", i+1, c.Width, c.Height, c.Bars, c.DrawnBars)
		}
		if c.Title == "" || c.Desc == "" || c.Label != c.Title+" / "+c.Desc {
			t.Errorf("chart %d: title %q, desc %q, labelled by %q", i+1, c.Title, c.Desc, c.Label)
		}
	}
	// The units' table beside the chart: most open problems first; a
	// click on 问题 sorts by it, descending.
	open := browsertest.Eval[[]int](t, ctx, `Array.from(document.querySelectorAll("#stats-units-table tbody tr")).map(function (tr) { return +tr.cells[tr.cells.length - 4].getAttribute("data-v"); })`)
	for i := 1; i < len(open); i++ {
		if open[i] > open[i-1] {
			t.Errorf("units not sorted by open problems: %v", open)
		}
	}
	browsertest.Eval[bool](t, ctx, `document.querySelector("#stats-years-table thead th:nth-child(2) button.sort").click(); true`)
	years := browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#stats-years-table tbody th")).map(function (th) { return th.textContent; })`)
	sort := browsertest.Eval[string](t, ctx, `document.querySelector("#stats-years-table thead th:nth-child(2)").getAttribute("aria-sort")`)
	if sort != "descending" || len(years) != 3 || years[0] != "2021年度" {
		t.Errorf("after a click on 问题: aria-sort %q, years %v; want 2021 (27 problems) first", sort, years)
	}

	// A tile on the home page links to the outstanding list filtered by
	// its status.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"index.html")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitJS(t, ctx, "home page", `document.querySelector('.count[data-count-status="notdone"] a') !== null`)
	browsertest.Eval[bool](t, ctx, `document.querySelector('.count[data-count-status="notdone"] a').click(); true`)
	browsertest.WaitJS(t, ctx, "filtered outstanding list", `location.pathname.endsWith("/outstanding.html") && document.readyState === "complete" && document.querySelector('select[name="status"]').value === "notdone"`)
	type rows struct{ Shown, Other, Hidden int }
	got := browsertest.Eval[rows](t, ctx, `(function () {
		var r = {Shown: 0, Other: 0, Hidden: 0};
		document.querySelectorAll("#outstanding tbody tr").forEach(function (tr) {
			if (tr.hidden) { r.Hidden++; return; }
			r.Shown++;
			if (tr.getAttribute("data-status") !== "notdone") r.Other++;
		});
		return r;
	})()`)
	if got.Shown == 0 || got.Other != 0 || got.Hidden == 0 {
		t.Errorf("outstanding.html?status=notdone shows %d rows (%d of another status), hides %d", got.Shown, got.Other, got.Hidden)
	}
	// The overdue filter narrows it, and the URL says so where the
	// browser lets a file:// page change its query.
	browsertest.Eval[bool](t, ctx, `var s = document.querySelector('select[name="overdue"]'); s.value = "overdue"; s.form.dispatchEvent(new Event("change")); true`)
	bad := browsertest.Eval[int](t, ctx, `Array.from(document.querySelectorAll("#outstanding tbody tr")).filter(function (tr) { return !tr.hidden && (tr.getAttribute("data-overdue") !== "overdue" || tr.getAttribute("data-status") !== "notdone"); }).length`)
	if bad != 0 {
		t.Errorf("%d rows shown that are not overdue and 未整改", bad)
	}
	if q := browsertest.Eval[string](t, ctx, `location.search`); q != "?status=notdone&overdue=overdue" {
		t.Logf("the URL's query after filtering: %q", q)
	}
}
