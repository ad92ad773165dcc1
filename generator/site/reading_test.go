package site

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"mzshh/generator/internal/browsertest"
	"mzshh/generator/status"
)

// Browser tests of reading and printing: the matrix stays legible while
// scrolling and at phone width, documents read like the original (and
// can hide every annotation), and the printed pages follow GB/T 9704.

// navigate opens page and waits until it has loaded.
func navigate(t *testing.T, ctx context.Context, u string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitJS(t, ctx, "loaded", `document.readyState === "complete"`)
}

// evalJSON evaluates expr, which returns JSON text, into v.
func evalJSON(t *testing.T, ctx context.Context, expr string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(browsertest.Eval[string](t, ctx, expr)), v); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserMatrixStickyHeader scrolls the home page's matrix inside its
// box: the year header stays at the box's top, the problem column at its
// left, and the legend explaining the carried-over mark is above it.
func TestBrowserMatrixStickyHeader(t *testing.T) {
	ctx := browsertest.Start(t)
	base := builtExample(t)
	navigate(t, ctx, base+"index.html")
	var got struct {
		Scrolled, Overflow, HeadTop, WrapTop, Year2021 float64
		Header                                         string
		LegendAbove, LegendDot                         bool
	}
	evalJSON(t, ctx, `(function () {
		var wrap = document.querySelector(".matrix-wrap");
		wrap.scrollIntoView();
		wrap.scrollTop = 1500;
		var th = wrap.querySelector("thead th.y");
		var legend = document.querySelector(".legend");
		return JSON.stringify({
			scrolled: wrap.scrollTop, overflow: wrap.scrollHeight - wrap.clientHeight,
			headTop: th.getBoundingClientRect().top, wrapTop: wrap.getBoundingClientRect().top + wrap.clientTop,
			year2021: 0, header: th.textContent,
			legendAbove: legend.getBoundingClientRect().bottom <= wrap.getBoundingClientRect().top,
			legendDot: legend.textContent.indexOf("“·”") >= 0 && legend.querySelector(".carried") !== null
		});
	})()`, &got)
	if got.Overflow <= 0 || got.Scrolled < 500 {
		t.Fatalf("the matrix does not scroll inside its box (scrolled %.0f px of %.0f)", got.Scrolled, got.Overflow)
	}
	if math.Abs(got.HeadTop-got.WrapTop) > 1 {
		t.Errorf("after scrolling %.0f px, the year header %q is at %.1f px, the box's top at %.1f px", got.Scrolled, got.Header, got.HeadTop, got.WrapTop)
	}
	if !got.LegendAbove || !got.LegendDot {
		t.Errorf("the legend is not above the matrix (%v) or does not explain the carried-over mark (%v)", got.LegendAbove, got.LegendDot)
	}
	t.Logf("scrolled the matrix %.0f px: the year header stays at the box's top (%.1f px vs %.1f px)", got.Scrolled, got.HeadTop, got.WrapTop)
}

// TestBrowserNarrowScreen opens the home page 390 px wide: the header is
// at most 120 px tall, no page overflows sideways, the navigation shows
// the current page's item, and the matrix shows at
// least three year columns beside problem names of at most two lines;
// scrolled sideways, the problem column stays.
func TestBrowserNarrowScreen(t *testing.T) {
	ctx := browsertest.Start(t)
	base := builtExample(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"index.html", "2022/banzi.html", "ledger/2022.html", "compile/2022.html", "outstanding.html", "stats.html", "units/××镇领导班子.html"} {
		navigate(t, ctx, base+p)
		var got struct{ Width, Header, Overflow, BrandTop float64 }
		evalJSON(t, ctx, `JSON.stringify({width: innerWidth, header: document.querySelector(".site-header").getBoundingClientRect().height,
			overflow: document.documentElement.scrollWidth - innerWidth, brandTop: document.querySelector(".brand").getBoundingClientRect().top})`, &got)
		if got.Width != 390 {
			t.Fatalf("viewport %v px wide", got.Width)
		}
		if got.Header > 120 || got.BrandTop < 4 {
			t.Errorf("%s: header %.0f px tall, the site name %.0f px from the top", p, got.Header, got.BrandTop)
		}
		if got.Overflow > 0 {
			t.Errorf("%s: the page overflows the 390 px screen by %.0f px", p, got.Overflow)
		}
		// The navigation scrolls sideways; the current page's item is
		// brought into view (site.js, in the frame after the page loads).
		browsertest.WaitJS(t, ctx, p+": the current page's item in view in the navigation", `(function () {
			var list = document.querySelector(".site-nav ul"), current = list.querySelector("[aria-current]");
			if (!current) return true;
			var item = current.parentNode.getBoundingClientRect(), box = list.getBoundingClientRect();
			return item.left >= box.left - 0.5 && item.right <= box.right + 0.5;
		})()`)
		t.Logf("%s at 390 px: header %.0f px", p, got.Header)
	}
	navigate(t, ctx, base+"index.html")
	var m struct {
		Visible            int
		MaxLines           float64
		Sticky, WrapRight  float64
		RowHeaderLeft      float64
		WrapLeft, Scrolled float64
	}
	evalJSON(t, ctx, `(function () {
		var wrap = document.querySelector(".matrix-wrap");
		var box = wrap.getBoundingClientRect();
		var right = box.left + wrap.clientLeft + wrap.clientWidth;
		var visible = Array.prototype.filter.call(wrap.querySelectorAll("thead th.y"), function (th) { return th.getBoundingClientRect().right <= right + 0.5; }).length;
		var maxLines = 0;
		wrap.querySelectorAll("tbody th[scope=row] > a:first-child").forEach(function (a) {
			var lh = parseFloat(getComputedStyle(a).lineHeight);
			maxLines = Math.max(maxLines, Math.round(a.getBoundingClientRect().height / lh));
		});
		wrap.scrollLeft = 400;
		var rh = wrap.querySelector("tbody th[scope=row]").getBoundingClientRect();
		return JSON.stringify({visible: visible, maxLines: maxLines, rowHeaderLeft: rh.left, wrapLeft: box.left + wrap.clientLeft, scrolled: wrap.scrollLeft});
	})()`, &m)
	if m.Visible < 3 {
		t.Errorf("at 390 px the matrix shows %d year columns, want at least 3", m.Visible)
	}
	if m.MaxLines > 2 {
		t.Errorf("a problem's name takes %.0f lines in the matrix at 390 px, want at most 2", m.MaxLines)
	}
	if m.Scrolled > 0 && math.Abs(m.RowHeaderLeft-m.WrapLeft) > 1 {
		t.Errorf("scrolled %.0f px sideways, the problem column is at %.1f px, the box's left at %.1f px", m.Scrolled, m.RowHeaderLeft, m.WrapLeft)
	}
	t.Logf("at 390 px: %d year columns visible, problem names in at most %.0f lines", m.Visible, m.MaxLines)
}

// TestBrowserDocumentReading checks a document page at desktop width:
// 35–42 characters a line, a report item's status shown once, chips
// aligned and spaced, and the 隐藏标注 switch, which hides every
// annotation, keeps every other text, and is remembered.
func TestBrowserDocumentReading(t *testing.T) {
	ctx := browsertest.Start(t)
	base := builtExample(t)
	navigate(t, ctx, base+"2021/banzi.html")
	var got struct {
		PerLine             []int
		Statuses            int
		Misaligned, Touched []string
	}
	evalJSON(t, ctx, `(function () {
		// Characters per line of the longest paragraphs, from the boxes of
		// their characters.
		var perLine = [];
		Array.prototype.slice.call(document.querySelectorAll(".doc-body p")).filter(function (p) { return p.textContent.length > 120; }).slice(0, 5).forEach(function (p) {
			var lines = {};
			var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
			for (var n = walker.nextNode(); n; n = walker.nextNode()) {
				for (var i = 0; i < n.length; i++) {
					var r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
					var rect = r.getClientRects()[0];
					if (rect) { var k = Math.round(rect.top); lines[k] = (lines[k] || 0) + 1; }
				}
			}
			var tops = Object.keys(lines).map(Number).sort(function (a, b) { return a - b; });
			tops.slice(1, -1).forEach(function (k) { perLine.push(lines[k]); }); // whole lines: not the indented first, not the last
		});
		// A report item shows its status once: its status word, and the
		// problem's current status only where a later report changed it,
		// marked 现.
		var statuses = 0;
		document.querySelectorAll("li.report").forEach(function (li) {
			var s = li.querySelectorAll(".status:not(.flag)");
			if (s.length === 1) return;
			if (s.length === 2 && li.querySelector(".ref-now") && s[0].className !== s[1].className) return;
			statuses++;
		});
		// Chips and statuses on one line of a panel share a middle, with a gap.
		var misaligned = [], touched = [];
		document.querySelectorAll(".pmeta").forEach(function (pm) {
			var items = Array.prototype.slice.call(pm.querySelectorAll(".status, .chip"));
			for (var i = 1; i < items.length; i++) {
				var a = items[i - 1].getBoundingClientRect(), b = items[i].getBoundingClientRect();
				if (Math.abs(a.top - b.top) > 8) continue; // another line
				if (Math.abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2) > 1) misaligned.push(pm.getAttribute("data-problem") + " " + items[i].textContent);
				if (b.left - a.right < 4) touched.push(pm.getAttribute("data-problem") + " " + items[i].textContent);
			}
		});
		return JSON.stringify({perLine: perLine, statuses: statuses, misaligned: misaligned, touched: touched});
	})()`, &got)
	if len(got.PerLine) < 5 {
		t.Fatalf("measured %d whole lines", len(got.PerLine))
	}
	for _, n := range got.PerLine {
		if n < 35 || n > 42 {
			t.Errorf("a line of the document holds %d characters at 1280 px, want 35–42 (all: %v)", n, got.PerLine)
			break
		}
	}
	if got.Statuses > 0 {
		t.Errorf("%d report items show their status more than once", got.Statuses)
	}
	for _, s := range got.Misaligned {
		t.Errorf("chip not aligned with the status beside it: %s", s)
	}
	for _, s := range got.Touched {
		t.Errorf("chip touches the one before it: %s", s)
	}

	// A panel with nothing but its status and measures is one line (the
	// 2022 materials' new problems).
	navigate(t, ctx, base+"2022/shuji.html")
	var panels struct {
		Checked int
		Tall    []string
	}
	evalJSON(t, ctx, `(function () {
		var checked = 0, tall = [];
		document.querySelectorAll(".pmeta").forEach(function (pm) {
			if (pm.querySelector(".timeline, .flag, .pm-note, .od") || pm.querySelectorAll(".status").length > 1 || !pm.querySelector(".pm-link")) return;
			checked++;
			var lh = parseFloat(getComputedStyle(pm).lineHeight);
			if (pm.getBoundingClientRect().height > 1.9 * lh) tall.push(pm.getAttribute("data-problem"));
		});
		return JSON.stringify({checked: checked, tall: tall});
	})()`, &panels)
	if panels.Checked == 0 {
		t.Error("no panel with only a status and measures to check")
	}
	for _, s := range panels.Tall {
		t.Errorf("the panel of %s holds only its status and measures but takes more than a line", s)
	}
	t.Logf("characters per whole line at 1280 px: %v; %d one-line panels of status and measures", got.PerLine, panels.Checked)
	navigate(t, ctx, base+"2021/banzi.html")

	// The switch.
	check := `(function () {
		var button = document.querySelector(".annot-switch");
		var annots = document.querySelectorAll(".annot");
		var shown = Array.prototype.filter.call(annots, function (e) { return e.getClientRects().length > 0; }).length;
		var texts = [], walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
		for (var n = walker.nextNode(); n; n = walker.nextNode()) {
			var s = n.data.replace(/\s+/g, "");
			if (s && !n.parentElement.closest(".annot, button")) texts.push(s);
		}
		var body = document.body.innerText.replace(/\s+/g, "");
		var missing = texts.filter(function (s) { return body.indexOf(s) < 0; });
		return JSON.stringify({label: button ? button.textContent : "", annots: annots.length, shown: shown, texts: texts.length, missing: missing.slice(0, 5)});
	})()`
	type state struct {
		Label                string
		Annots, Shown, Texts int
		Missing              []string
	}
	var before, hidden, reloaded, again state
	evalJSON(t, ctx, check, &before)
	if before.Label != "隐藏标注" || before.Shown != before.Annots || before.Annots < 20 {
		t.Fatalf("before the switch: %+v", before)
	}
	browsertest.Eval[bool](t, ctx, `document.querySelector(".annot-switch").click(); true`)
	evalJSON(t, ctx, check, &hidden)
	if hidden.Label != "显示标注" || hidden.Shown != 0 {
		t.Errorf("隐藏标注 left %d of %d annotations shown (button %q)", hidden.Shown, hidden.Annots, hidden.Label)
	}
	if len(hidden.Missing) > 0 || hidden.Texts != before.Texts {
		t.Errorf("with annotations hidden, texts not shown: %q (%d texts, %d before)", hidden.Missing, hidden.Texts, before.Texts)
	}
	navigate(t, ctx, base+"2022/banzi.html")
	evalJSON(t, ctx, check, &reloaded)
	if reloaded.Label != "显示标注" || reloaded.Shown != 0 {
		t.Errorf("the choice is not remembered on the next page: %d of %d annotations shown, button %q", reloaded.Shown, reloaded.Annots, reloaded.Label)
	}
	browsertest.Eval[bool](t, ctx, `document.querySelector(".annot-switch").click(); true`)
	evalJSON(t, ctx, check, &again)
	if again.Label != "隐藏标注" || again.Shown != again.Annots {
		t.Errorf("显示标注 shows %d of %d annotations, button %q", again.Shown, again.Annots, again.Label)
	}
	t.Logf("隐藏标注 hid %d annotations and kept all %d texts; the choice held on the next page", before.Annots, hidden.Texts)
}

// A PDF page as pdftotext -bbox reads it: words with their boxes, in
// points from the top left.
type pdfPage struct {
	W, H  float64
	Words []pdfWord
}

type pdfWord struct {
	XMin, YMin, XMax, YMax float64
	Text                   string
}

// pdfLine is the words of one line, left to right.
type pdfLine struct {
	YMin, XMin, XMax float64
	Text             string
}

const mm = 72 / 25.4 // points

// printPDF prints the page at u to PDF as Chromium's print dialog does
// with "margins: default" and no headers: the page's own @page rules.
func printPDF(t *testing.T, ctx context.Context, u string) []byte {
	t.Helper()
	navigate(t, ctx, u)
	yes := true
	var pdf []byte
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes})
		pdf = res.Data
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

var (
	pdfPageRE = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
	pdfWordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
)

// pdfText reads a PDF's words with pdftotext -bbox (poppler-utils).
func pdfText(t *testing.T, pdf []byte) []pdfPage {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("MZSHH_BROWSER_TESTS") == "1" {
			t.Fatal("pdftotext not found; install the Debian package poppler-utils")
		}
		t.Skip("pdftotext not found (poppler-utils)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "out.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-bbox", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var pages []pdfPage
	for _, chunk := range strings.Split(string(out), "</page>") {
		m := pdfPageRE.FindStringSubmatch(chunk)
		if m == nil {
			continue
		}
		p := pdfPage{W: atof(m[1]), H: atof(m[2])}
		for _, w := range pdfWordRE.FindAllStringSubmatch(chunk, -1) {
			p.Words = append(p.Words, pdfWord{atof(w[1]), atof(w[2]), atof(w[3]), atof(w[4]), htmlUnescape(w[5])})
		}
		pages = append(pages, p)
	}
	return pages
}

func atof(s string) float64 { f, _ := strconv.ParseFloat(s, 64); return f }

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'").Replace(s)
}

// lines groups the words of a page above y into lines.
func (p pdfPage) lines(above float64) []pdfLine {
	var ws []pdfWord
	for _, w := range p.Words {
		if w.YMin < above {
			ws = append(ws, w)
		}
	}
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].YMin < ws[j].YMin })
	var lines []pdfLine
	for i := 0; i < len(ws); {
		j := i
		for j < len(ws) && ws[j].YMin-ws[i].YMin < 3 {
			j++
		}
		line := ws[i:j]
		sort.SliceStable(line, func(a, b int) bool { return line[a].XMin < line[b].XMin })
		l := pdfLine{YMin: ws[i].YMin, XMin: line[0].XMin, XMax: line[0].XMax}
		for _, w := range line {
			l.Text += w.Text
			l.XMax = max(l.XMax, w.XMax)
		}
		lines = append(lines, l)
		i = j
	}
	return lines
}

// fullWidth reports whether s is all full-width characters (Han and
// full-width punctuation), whose count per line the grid fixes.
func fullWidth(s string) bool {
	for _, r := range s {
		if r < 0x2E80 || r == '《' || r == '》' {
			return false // quotes, ellipses and book-title marks are set narrower
		}
	}
	return s != ""
}

// TestBrowserPrintGBT9704 prints documents, a ledger and the 2022 汇编 to
// PDF in Chromium and reads the PDF's text positions: 28 characters a
// line and 22 lines a page in the 156 × 225 mm text area, page numbers
// "— N —" 7 mm below it, odd pages right and even pages left one
// character in, no line broken inside a deadline or a status word, the
// ledger landscape with at least 12 rows a page, and each material of the
// 汇编 on pages of its own.
func TestBrowserPrintGBT9704(t *testing.T) {
	ctx := browsertest.Start(t)
	base := builtExample(t)

	pages := pdfText(t, printPDF(t, ctx, base+"2021/banzi.html"))
	if len(pages) < 3 {
		t.Fatalf("2021/banzi prints on %d pages", len(pages))
	}
	p1 := pages[0]
	left, right, top, bottom := 28*mm, p1.W-26*mm, 37*mm, p1.H-35*mm
	if math.Abs(p1.W-210*mm) > 1 || math.Abs(p1.H-297*mm) > 1 {
		t.Errorf("page %.1f × %.1f pt, want A4", p1.W, p1.H)
	}
	// Full lines of Han characters and full-width punctuation hold 28
	// characters; a line that ends early, where a character went down
	// with a closing mark that may not start a line (避头尾) or with a
	// deadline or status word kept whole, is stretched and holds fewer.
	counts := map[int]int{}
	maxLines, pitches := 0, []float64{}
	for i, pg := range pages {
		lines := pg.lines(bottom)
		maxLines = max(maxLines, len(lines))
		if len(lines) > 22 {
			t.Errorf("page %d holds %d lines, more than 22", i+1, len(lines))
		}
		for k, l := range lines {
			if k > 0 {
				pitches = append(pitches, l.YMin-lines[k-1].YMin)
			}
			if math.Abs(l.XMin-left) < 1.5 && right-l.XMax < 3 && fullWidth(l.Text) {
				n := utf8.RuneCountInString(l.Text)
				counts[n]++
				if n > 28 {
					t.Errorf("page %d: a line holds %d full-width characters, more than 28: %s", i+1, n, l.Text)
				}
			}
		}
	}
	full := 0
	for _, n := range counts {
		full += n
	}
	if full < 20 || counts[28]*10 < full*8 {
		t.Errorf("of %d full lines, %d hold 28 characters, want at least 80%% (by count: %v)", full, counts[28], counts)
	}
	if maxLines != 22 {
		t.Errorf("the fullest page holds %d lines, want 22", maxLines)
	}
	// pdftotext rounds positions to device pixels: lines come 28.5 and
	// 29.25 pt apart by turns. Their mean, between lines of one block, is
	// the pitch.
	var sum float64
	n := 0
	for _, d := range pitches {
		if d > 25 && d < 33 {
			sum += d
			n++
		}
	}
	pitch := sum / float64(n)
	if math.Abs(pitch-28.9) > 0.2 {
		t.Errorf("lines are %.2f pt apart, want 28.9 (22 lines in 225 mm)", pitch)
	}
	t.Logf("2021/banzi: %d pages; full lines by characters: %v; at most %d lines a page, %.2f pt apart", len(pages), counts, maxLines, pitch)

	// Page numbers. pdftotext's boxes are the font's bounding box: the
	// first line of page 2, whose line box starts at the top of the text
	// area, gives the offset from a box's top to the word's yMin, per
	// point of font size, for the same font (the numbers' 宋体 and the
	// body's 仿宋 fall back to one face on a machine without them).
	first := pages[1].lines(bottom)[0]
	offset := (first.YMin - top - 28.9/2) / 16
	for i, pg := range pages[:2] {
		var num []pdfWord
		for _, w := range pg.Words {
			if w.YMin > bottom {
				num = append(num, w)
			}
		}
		var text string
		for _, w := range num {
			text += w.Text
		}
		if want := "—" + strconv.Itoa(i+1) + "—"; len(num) == 0 || text != want {
			t.Errorf("page %d: page number %q, want %q", i+1, text, want)
			continue
		}
		boxTop := num[0].YMin - 14.0/2 - 14*offset
		below := (boxTop - bottom) / mm
		if math.Abs(below-7) > 0.5 {
			t.Errorf("page %d: the page number is %.2f mm below the text area, want 7", i+1, below)
		}
		in := right - num[len(num)-1].XMax
		side := "right"
		if i%2 == 1 {
			in, side = num[0].XMin-left, "left"
		}
		if math.Abs(in-14) > 1.5 {
			t.Errorf("page %d: the page number is %.1f pt in from the text area's %s edge, want one character (14 pt)", i+1, in, side)
		}
		t.Logf("page %d: %q at the %s, %.1f pt (one 四号 character) in, %.2f mm below the text area", i+1, text, side, in, below)
	}

	// No line broken inside a deadline or a status word.
	src, err := os.ReadFile("../../content/2021/banzi.md")
	if err != nil {
		t.Fatal(err)
	}
	var all []pdfLine
	for _, pg := range pages {
		all = append(all, pg.lines(bottom)...)
	}
	for _, m := range regexp.MustCompile(`整改时限：([^\s；。]+)`).FindAllStringSubmatch(string(src), -1) {
		found := false
		for _, l := range all {
			found = found || strings.Contains(l.Text, m[0])
		}
		if !found {
			t.Errorf("%q is not on one line", m[0])
		}
	}
	for i := 1; i < len(all); i++ {
		for _, s := range status.Reports() {
			for _, w := range s.Words {
				for k := len("长"); k < len(w); k += len("长") {
					if strings.HasSuffix(all[i-1].Text, w[:k]) && strings.HasPrefix(all[i].Text, w[k:]) {
						t.Errorf("%s broken across lines: %q / %q", w, all[i-1].Text, all[i].Text)
					}
				}
			}
		}
	}

	// The ledger: landscape, a dozen rows a page or more.
	ledger := pdfText(t, printPDF(t, ctx, base+"ledger/2022.html"))
	if l := ledger[0]; l.W <= l.H {
		t.Errorf("the ledger prints %.0f × %.0f pt, not landscape", l.W, l.H)
	}
	for i, pg := range ledger[:len(ledger)-1] { // the last page may be short
		rows := ledgerRowsOnPage(pg)
		if rows < 12 {
			t.Errorf("ledger page %d holds %d rows, want at least 12", i+1, rows)
		}
		t.Logf("ledger/2022 page %d of %d: %d rows", i+1, len(ledger), rows)
	}

	// The 2022 汇编: a cover without a page number, the contents, then
	// each material from the top of a page, taking the pages it takes
	// printed alone.
	comp := pdfText(t, printPDF(t, ctx, base+"compile/2022.html"))
	titles := browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll(".compiled h1"), h => h.textContent)`)
	docs := browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll(".compile-toc a"), a => a.textContent)`)
	if len(titles) != 3 || len(docs) != 3 {
		t.Fatalf("the 2022 汇编 holds %d materials, its contents %d; want 3", len(titles), len(docs))
	}
	for _, w := range comp[0].Words {
		if w.YMin > comp[0].H-35*mm {
			t.Errorf("the cover has a page number: %q", w.Text)
		}
	}
	if l := comp[1].lines(comp[1].H - 35*mm); len(l) == 0 || !strings.HasPrefix(l[0].Text, "目") {
		t.Errorf("page 2 is not the contents")
	}
	starts := []int{}
	for _, title := range titles {
		head := string([]rune(title)[:8])
		for i, pg := range comp {
			if l := pg.lines(pg.H - 35*mm); len(l) > 0 && strings.HasPrefix(l[0].Text, head) {
				starts = append(starts, i+1)
				break
			}
		}
	}
	if len(starts) != len(titles) {
		t.Fatalf("materials starting a page: at pages %v, of %d materials", starts, len(titles))
	}
	want := 2
	for _, d := range []string{"2022/banzi.html", "2022/shuji.html", "2022/zhenzhang.html"} {
		want += len(pdfText(t, printPDF(t, ctx, base+d)))
	}
	if len(comp) != want {
		t.Errorf("the 2022 汇编 prints on %d pages; the cover, the contents and the three materials printed alone take %d", len(comp), want)
	}
	t.Logf("2022 汇编: %d pages; materials start on pages %v", len(comp), starts)
}

// ledgerRowsOnPage counts the rows of a printed ledger page by the numbers
// in its 序号 column.
func ledgerRowsOnPage(pg pdfPage) int {
	var col *pdfWord
	for i, w := range pg.Words {
		if strings.HasPrefix(w.Text, "序") { // 序号, perhaps in two lines
			col = &pg.Words[i]
			break
		}
	}
	if col == nil {
		return 0
	}
	n := 0
	for _, w := range pg.Words {
		if _, err := strconv.Atoi(w.Text); err == nil && w.YMin > col.YMax-2 && w.XMin >= col.XMin-8 && w.XMax <= col.XMax+8 && w.YMin < pg.H-16*mm {
			n++
		}
	}
	return n
}

// TestBrowserFavicon serves the site over HTTP: each page's icon is the
// built assets/favicon.svg, and no page asks for /favicon.ico.
func TestBrowserFavicon(t *testing.T) {
	ctx := browsertest.Start(t)
	dest := filepath.Join(t.TempDir(), "public")
	if _, diags, err := Build(context.Background(), "../..", dest, nil); err != nil {
		t.Fatalf("%v\n%v", err, diags)
	}
	var mu sync.Mutex
	asked := map[string]int{}
	files := http.FileServer(http.Dir(dest))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked[r.URL.Path]++
		mu.Unlock()
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()
	count := func(p string) int {
		mu.Lock()
		defer mu.Unlock()
		return asked[p]
	}
	for _, p := range []string{"index.html", "2022/banzi.html"} {
		navigate(t, ctx, srv.URL+"/"+p)
	}
	for deadline := time.Now().Add(5 * time.Second); count("/assets/favicon.svg") == 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	if count("/assets/favicon.svg") == 0 {
		t.Errorf("the browser never asked for assets/favicon.svg")
	}
	if n := count("/favicon.ico"); n > 0 {
		t.Errorf("the browser asked for /favicon.ico %d times", n)
	}
}

// TestCountTablesAddUp reads the count tables of the example's pages: on
// the home page each unit's status columns add up to its 问题 column and
// the 合计 row to the columns' sums; every document list's 合计 row sums
// its problems and report items.
func TestCountTablesAddUp(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, diags, err := Build(context.Background(), "../..", dest, nil); err != nil {
		t.Fatalf("%v\n%v", err, diags)
	}
	rowRE := regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	numRE := regexp.MustCompile(`<td class="num">(\d+)</td>`)
	nums := func(row string) []int {
		var out []int
		for _, m := range numRE.FindAllStringSubmatch(row, -1) {
			n, _ := strconv.Atoi(m[1])
			out = append(out, n)
		}
		return out
	}
	table := func(page, class string) (body []string, foot string) {
		b, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		i := strings.Index(s, `<table class="`+class+`">`)
		if i < 0 {
			t.Fatalf("%s: no table %q", page, class)
		}
		s = s[i : i+strings.Index(s[i:], "</table>")]
		tb := s[strings.Index(s, "<tbody>"):strings.Index(s, "</tbody>")]
		for _, m := range rowRE.FindAllStringSubmatch(tb, -1) {
			body = append(body, m[1])
		}
		if j := strings.Index(s, "<tfoot>"); j >= 0 {
			foot = s[j:]
		}
		return body, foot
	}
	rows, foot := table("index.html", "list units")
	if len(rows) == 0 || foot == "" {
		t.Fatalf("home: the units table has %d rows and no 合计 row", len(rows))
	}
	sums := make([]int, len(nums(rows[0])))
	for _, r := range rows {
		n := nums(r) // 材料, 问题, then one per status
		total := 0
		for _, v := range n[2:] {
			total += v
		}
		if total != n[1] {
			t.Errorf("home: a unit's statuses add up to %d, its 问题 column says %d", total, n[1])
		}
		for i, v := range n {
			sums[i] += v
		}
	}
	if got := nums(foot); !slices.Equal(got, sums) {
		t.Errorf("home: 合计 row %v, the columns add up to %v", got, sums)
	}
	for _, page := range []string{"index.html", "2022/index.html", "units/××镇领导班子.html"} {
		rows, foot := table(page, "list docs")
		sums := []int{0, 0}
		for _, r := range rows {
			n := nums(r)
			sums[0], sums[1] = sums[0]+n[0], sums[1]+n[1]
		}
		if got := nums(foot); !slices.Equal(got, sums) {
			t.Errorf("%s: the document list's 合计 row %v, its columns add up to %v", page, got, sums)
		}
	}
}
