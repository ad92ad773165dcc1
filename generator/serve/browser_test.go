package serve

import (
	"context"
	"strings"
	"testing"

	"mzshh/generator/internal/browsertest"

	"github.com/chromedp/chromedp"
)

func TestBrowserLiveReloadAndOverlay(t *testing.T) {
	ctx := browsertest.Start(t)
	p := startPreview(t)
	navigate(t, ctx, p.url+"2021/banzi.html")
	browsertest.WaitJS(t, ctx, "page loaded", `document.querySelector("h1") !== null && document.querySelector("h1").textContent.includes("对照检查材料")`)
	// Scroll down, then edit: the page reloads by itself and keeps its place.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.scrollTo(0, 1500); window.__marker = 1; true`)); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitJS(t, ctx, "wait for the event stream", `document.documentElement.getAttribute("data-live-reload") === "connected"`)
	orig := p.read("content/2021/banzi.md")
	p.write("content/2021/banzi.md", strings.Replace(orig, "现形成镇班子对照检查材料如下：", "现形成镇班子对照检查材料如下：（浏览器中可见的修改）", 1))
	browsertest.WaitJS(t, ctx, "edit shown without manual reload", `document.body.innerText.includes("（浏览器中可见的修改）") && window.__marker === undefined`)
	browsertest.WaitJS(t, ctx, "scroll position kept", `window.scrollY > 1000`)

	// A broken edit shows the overlay with the error's position.
	p.write("content/2021/banzi.md", strings.Replace(orig, "- 【基本整改】[[2020/banzi#p1]]", "- 【基本整该】[[2020/banzi#p1]]", 1))
	browsertest.WaitJS(t, ctx, "overlay shown", `(document.getElementById("mzshh-error-overlay") || {innerText: ""}).innerText.includes("content/2021/banzi.md:") && document.getElementById("mzshh-error-overlay").innerText.includes("unknown status word 基本整该")`)
	// Fixing it clears the overlay.
	p.write("content/2021/banzi.md", orig)
	browsertest.WaitJS(t, ctx, "overlay cleared", `document.getElementById("mzshh-error-overlay") === null && !document.body.innerText.includes("（浏览器中可见的修改）")`)
}

// navigate opens url in the tab. The page it leaves may reload itself
// while the navigation is pending, when a rebuild or the background stage
// that follows it sends a reload; that cancels the navigation with
// net::ERR_ABORTED, and it is tried again.
func navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	for try := 1; ; try++ {
		err := chromedp.Do(ctx, chromedp.Navigate(url))
		if err == nil {
			return
		}
		if try == 3 || !strings.Contains(err.Error(), "net::ERR_ABORTED") {
			t.Fatalf("open %s: %v", url, err)
		}
		t.Logf("open %s: %v; again", url, err)
	}
}
