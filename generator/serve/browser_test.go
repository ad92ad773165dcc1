package serve

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser starts headless Chromium. Without Chromium the test is skipped,
// unless MZSHH_BROWSER_TESTS=1 (as in CI), where that is a failure.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("MZSHH_BROWSER_TESTS") == "1" {
			t.Fatal("chromium not found; install the Debian package chromium")
		}
		t.Skip("chromium not found; set MZSHH_BROWSER_TESTS=1 to require it")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// waitJS polls a JavaScript condition in the page.
func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %s never became true", what, expr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestBrowserLiveReloadAndOverlay(t *testing.T) {
	ctx := browser(t)
	p := startPreview(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(p.url+"2021/banzi.html")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "page loaded", `document.querySelector("h1") !== null && document.querySelector("h1").textContent.includes("对照检查材料")`)
	// Scroll down, then edit: the page reloads by itself and keeps its place.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.scrollTo(0, 1500); window.__marker = 1; true`)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "wait for the event stream", `document.documentElement.getAttribute("data-live-reload") === "connected"`)
	orig := p.read("content/2021/banzi.md")
	p.write("content/2021/banzi.md", strings.Replace(orig, "现形成镇班子对照检查材料如下：", "现形成镇班子对照检查材料如下：（浏览器中可见的修改）", 1))
	waitJS(t, ctx, "edit shown without manual reload", `document.body.innerText.includes("（浏览器中可见的修改）") && window.__marker === undefined`)
	waitJS(t, ctx, "scroll position kept", `window.scrollY > 1000`)

	// A broken edit shows the overlay with the error's position.
	p.write("content/2021/banzi.md", strings.Replace(orig, "- 【基本整改】[[2020/banzi#p1]]", "- 【基本整该】[[2020/banzi#p1]]", 1))
	waitJS(t, ctx, "overlay shown", `(document.getElementById("mzshh-error-overlay") || {innerText: ""}).innerText.includes("content/2021/banzi.md:") && document.getElementById("mzshh-error-overlay").innerText.includes("unknown status word 基本整该")`)
	// Fixing it clears the overlay.
	p.write("content/2021/banzi.md", orig)
	waitJS(t, ctx, "overlay cleared", `document.getElementById("mzshh-error-overlay") === null && !document.body.innerText.includes("（浏览器中可见的修改）")`)
}
