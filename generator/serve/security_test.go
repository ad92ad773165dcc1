package serve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mzshh/generator/internal/browsertest"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
)

func TestHostKey(t *testing.T) {
	for _, c := range []struct {
		in       string
		bareIPv6 bool
		want     string // "" for not ok
	}{
		{"localhost", false, "localhost"},
		{"LocalHost:1313", false, "localhost"},
		{"localhost.:1313", false, "localhost"},
		{"localhost:", false, "localhost"},
		{"127.0.0.1:80", false, "127.0.0.1"},
		{"[::1]", false, "::1"},
		{"[::1]:1313", false, "::1"},
		{"[0:0:0:0:0:0:0:1]:1313", false, "::1"},
		{"[::FFFF:127.0.0.1]:1313", false, "127.0.0.1"},
		{"Devbox.Example.LAN", false, "devbox.example.lan"},
		{"xn--dyv4b.lan", false, "xn--dyv4b.lan"},
		{"my_host", false, "my_host"},
		{"", false, ""},
		{":1313", false, ""},
		{".", false, ""},
		{"::1", false, ""},
		{"[::1", false, ""},
		{"[::1]x", false, ""},
		{"[::1]:x", false, ""},
		{"[127.0.0.1]", false, ""},
		{"[fe80::1%eth0]", false, ""},
		{"localhost:1313:1313", false, ""},
		{"localhost:123456", false, ""},
		{"local host", false, ""},
		{"evil.example/x", false, ""},
		{"a..b", false, ""},
		{".a", false, ""},
		{"档案.lan", false, ""}, // a browser sends the ASCII form
		{"\u212Aevil", false, ""},
		{"user@localhost", false, ""},
		// --allowed-host entries
		{"::1", true, "::1"},
		{"fd00::2", true, "fd00::2"},
		{"[fd00::2]:1313", true, "fd00::2"},
		{"档案.lan", true, "xn--dyv4b.lan"},
		{"Intranet.Example:8080", true, "intranet.example"},
		{"http://intranet.example", true, ""},
		{"", true, ""},
	} {
		got, ok := hostKey(c.in, c.bareIPv6)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("hostKey(%q, %v) = %q, %v; want %q", c.in, c.bareIPv6, got, ok, c.want)
		}
	}
}

// fakeMachine makes the policy see a machine named Devbox with the given
// interface addresses.
func fakeMachine(t *testing.T, addrs ...string) {
	t.Helper()
	oldName, oldAddrs := osHostname, interfaceAddrs
	t.Cleanup(func() { osHostname, interfaceAddrs = oldName, oldAddrs })
	osHostname = func() (string, error) { return "Devbox", nil }
	interfaceAddrs = func() ([]net.Addr, error) {
		var out []net.Addr
		for _, a := range addrs {
			_, n, err := net.ParseCIDR(a)
			if err != nil {
				t.Fatal(err)
			}
			n.IP, _, _ = net.ParseCIDR(a)
			out = append(out, n)
		}
		return out, nil
	}
}

func TestHostPolicy(t *testing.T) {
	fakeMachine(t, "127.0.0.1/8", "192.0.2.2/24", "::1/128", "fd00::2/64", "fe80::fc:ff:fe00:1/64")
	loopbackGood := []string{"localhost", "localhost:1313", "LOCALHOST:80", "localhost.:1313", "127.0.0.1", "127.0.0.1:1313", "[::1]", "[::1]:1313", "[0::1]:1"}
	alwaysBad := []string{"", ":1313", "evil.example", "evil.example:1313", "localhost.evil.example", "127.0.0.1.nip.io", "127.0.0.2:1313", "127.1", "0x7f000001", "::1", "[::1", "[fe80::1%25eth0]:1313", "localhost:1313:1"}
	for _, c := range []struct {
		name      string
		bind      string
		ln        string // the listener's address
		allowed   []string
		good, bad []string
	}{
		{
			name: "default loopback", bind: "127.0.0.1:1313", ln: "127.0.0.1:1313",
			good: loopbackGood,
			bad:  append([]string{"devbox", "192.0.2.2", "[fd00::2]", "0.0.0.0", "[::]"}, alwaysBad...),
		},
		{
			name: "loopback, port 0", bind: "127.0.0.1:0", ln: "127.0.0.1:40123",
			good: loopbackGood,
			bad:  append([]string{"devbox"}, alwaysBad...),
		},
		{
			name: "IPv6 loopback", bind: "[::1]:1313", ln: "[::1]:1313",
			good: loopbackGood,
			bad:  append([]string{"devbox", "192.0.2.2"}, alwaysBad...),
		},
		{
			name: "localhost", bind: "localhost:1313", ln: "127.0.0.1:1313",
			good: loopbackGood,
			bad:  append([]string{"devbox"}, alwaysBad...),
		},
		{
			name: "loopback with allowed hosts", bind: "127.0.0.1:1313", ln: "127.0.0.1:1313",
			allowed: []string{"archive.lan", " Docs.Example.COM:8080 ", "fd00::9", "档案.lan"},
			good:    append([]string{"archive.lan", "ARCHIVE.LAN:1313", "docs.example.com", "docs.example.com:443", "[fd00::9]:1313", "xn--dyv4b.lan"}, loopbackGood...),
			bad:     append([]string{"sub.archive.lan", "archive.lan.evil.example", "example.com", "devbox"}, alwaysBad...),
		},
		{
			name: "one LAN address", bind: "192.0.2.2:1313", ln: "192.0.2.2:1313",
			good: []string{"192.0.2.2", "192.0.2.2:1313", "192.0.2.2:8080"},
			bad:  append([]string{"localhost", "127.0.0.1", "[::1]", "devbox", "[fd00::2]", "192.0.2.3", "0.0.0.0"}, alwaysBad...),
		},
		{
			name: "one LAN address with allowed hosts", bind: "192.0.2.2:1313", ln: "192.0.2.2:1313",
			allowed: []string{"devbox", "devbox.corp.example"},
			good:    []string{"192.0.2.2:1313", "devbox:1313", "DevBox.Corp.Example"},
			bad:     append([]string{"localhost", "devbox.local", "corp.example"}, alwaysBad...),
		},
		{
			name: "one IPv6 address", bind: "[fd00::2]:1313", ln: "[fd00::2]:1313",
			good: []string{"[fd00::2]", "[FD00:0::2]:1313", "[fd00::2]:1"},
			bad:  append([]string{"fd00::2", "localhost", "192.0.2.2", "devbox"}, alwaysBad...),
		},
		{
			name: "a host name", bind: "devbox.lan:1313", ln: "192.0.2.2:1313",
			good: []string{"devbox.lan", "DEVBOX.LAN:1313", "192.0.2.2:1313"},
			bad:  append([]string{"devbox", "localhost", "[fd00::2]"}, alwaysBad...),
		},
		{
			name: "a host name on loopback", bind: "ip6-localhost:1313", ln: "[::1]:1313",
			good: append([]string{"ip6-localhost:1313"}, loopbackGood...),
			bad:  append([]string{"devbox", "192.0.2.2"}, alwaysBad...),
		},
		{
			name: "every IPv4 interface", bind: "0.0.0.0:1313", ln: "[::]:1313",
			good: append([]string{"devbox", "Devbox:1313", "devbox.:1313", "192.0.2.2:1313", "[fd00::2]:1313", "[fe80::fc:ff:fe00:1]", "0.0.0.0:1313", "[::]:1313"}, loopbackGood...),
			bad:  append([]string{"devbox.local", "devbox.lan", "192.0.2.3", "[fd00::3]", "10.0.0.1"}, alwaysBad...),
		},
		{
			name: "every interface", bind: "[::]:1313", ln: "[::]:1313",
			allowed: []string{"devbox.local"},
			good:    append([]string{"devbox", "devbox.local", "192.0.2.2", "[fd00::2]"}, loopbackGood...),
			bad:     append([]string{"devbox.lan", "192.0.2.3"}, alwaysBad...),
		},
		{
			name: "no host", bind: ":1313", ln: "[::]:1313",
			good: append([]string{"devbox", "192.0.2.2", "[fd00::2]"}, loopbackGood...),
			bad:  append([]string{"devbox.lan", "192.0.2.3"}, alwaysBad...),
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			ln, err := net.ResolveTCPAddr("tcp", c.ln)
			if err != nil {
				t.Fatal(err)
			}
			p, err := newHostPolicy(c.bind, ln, c.allowed, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range c.good {
				if !p.allows(h) {
					t.Errorf("Host %q refused", h)
				}
			}
			for _, h := range c.bad {
				if p.allows(h) {
					t.Errorf("Host %q answered", h)
				}
			}
		})
	}
}

// TestHostPolicyInterfacesChange: bound to every interface, an address the
// machine gets later is answered at once, one it loses no longer.
func TestHostPolicyInterfacesChange(t *testing.T) {
	fakeMachine(t, "127.0.0.1/8", "192.0.2.2/24")
	p, err := newHostPolicy("0.0.0.0:1313", &net.TCPAddr{IP: net.IPv6zero, Port: 1313}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !p.allows("192.0.2.2") || p.allows("198.51.100.7") {
		t.Fatal("wrong answer before the change")
	}
	fakeMachine(t, "127.0.0.1/8", "198.51.100.7/24")
	if p.allows("192.0.2.2") || !p.allows("198.51.100.7:1313") {
		t.Error("wrong answer after the change")
	}
}

func TestAllowedHostsInvalid(t *testing.T) {
	for _, a := range []string{"", "  ", "http://archive.lan", "archive.lan/x", "a b", "[::1", "archive.lan:x", "*.archive.lan", "fe80::1%eth0"} {
		_, err := newHostPolicy("127.0.0.1:1313", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1313}, []string{"ok.lan", a}, nil)
		if err == nil || !strings.Contains(err.Error(), "--allowed-host") {
			t.Errorf("--allowed-host %q: err = %v, want an error naming the flag", a, err)
		}
	}
}

// TestRunRejectsBadAllowedHost: serve stops at once with the flag's error.
func TestRunRejectsBadAllowedHost(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "../../content", filepath.Join(dir, "content"))
	b, _ := os.ReadFile("../../config.yaml")
	os.WriteFile(filepath.Join(dir, "config.yaml"), b, 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := Run(ctx, Options{Dir: dir, Addr: "127.0.0.1:0", AllowedHosts: []string{"http://archive.lan/"}, Ready: func(string) { t.Error("listening despite a bad --allowed-host") }})
	if err == nil || !strings.Contains(err.Error(), "--allowed-host") {
		t.Errorf("Run = %v, want the --allowed-host error", err)
	}
}

// checkSecurityHeaders checks the headers every response must carry.
func checkSecurityHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	for _, kv := range securityHeaders {
		if got := h.Values(kv[0]); len(got) != 1 || got[0] != kv[1] {
			t.Errorf("%s: %s = %q, want %q", what, kv[0], got, kv[1])
		}
	}
}

// fetch gets a path of the preview with the given Host header.
func fetch(t *testing.T, base, path, host string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// TestServeSecurity fetches every page of the preview: each response has
// the security headers and each page meets the Content-Security-Policy;
// requests for other hosts are refused.
func TestServeSecurity(t *testing.T) {
	p := startPreview(t)
	base := strings.TrimSuffix(p.url, "/")
	u, _ := url.Parse(p.url)
	port := u.Port()

	// Crawl the site from the home page, as the browser would load it.
	seen := map[string]bool{}
	queue := []string{"/", "/search/index.html?q=" + url.QueryEscape("学懂")}
	pages, others := 0, 0
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		if seen[path] {
			continue
		}
		seen[path] = true
		resp, body := fetch(t, base, path, "")
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %s", path, resp.Status)
			continue
		}
		checkSecurityHeaders(t, path, resp.Header)
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			others++
			continue
		}
		pages++
		pageURL, _ := url.Parse(base + path)
		for _, problem := range cspProblems(body, pageURL) {
			t.Errorf("%s: %s", path, problem)
		}
		for _, link := range pageLinks(body) {
			l, err := pageURL.Parse(link)
			if err != nil || l.Host != pageURL.Host {
				continue
			}
			queue = append(queue, l.EscapedPath())
		}
	}
	if pages < 15 || others < 3 {
		t.Errorf("crawled %d pages and %d other files; the crawl missed the site", pages, others)
	}

	// Search loads index scripts that no page links to.
	for _, path := range []string{"/search/manifest.js", "/search/meta.js", "/search/units.js", "/search/s/0.js", "/search/r/0.js", scriptPath} {
		resp, _ := fetch(t, base, path, "")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
			t.Errorf("%s: %s, %s", path, resp.Status, resp.Header.Get("Content-Type"))
		}
		checkSecurityHeaders(t, path, resp.Header)
	}

	// The error page.
	resp, body := fetch(t, base, "/no/such/page.html", "")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing page: %s", resp.Status)
	}
	checkSecurityHeaders(t, "missing page", resp.Header)
	for _, problem := range cspProblems(body, u) {
		t.Errorf("missing page: %s", problem)
	}

	// The event stream: its headers come before any event.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+eventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if line, _ := bufio.NewReader(resp.Body).ReadString('\n'); resp.Header.Get("Content-Type") != "text/event-stream" || !strings.HasPrefix(line, "retry:") {
		t.Errorf("event stream: %s, %q", resp.Header.Get("Content-Type"), line)
	}
	checkSecurityHeaders(t, "event stream", resp.Header)
	resp.Body.Close()

	// Loopback names are answered, with any port or none.
	for _, host := range []string{"localhost", "localhost:" + port, "LocalHost:1", "127.0.0.1", "[::1]:" + port, "[::1]"} {
		if resp, _ := fetch(t, base, "/index.html", host); resp.StatusCode != http.StatusOK {
			t.Errorf("Host %q: %s", host, resp.Status)
		}
	}
	// Other names are refused, on every path.
	for _, c := range []struct{ host, path string }{
		{"evil.example:" + port, "/index.html"},
		{"evil.example", "/search/r/0.js"},
		{"localhost.evil.example", eventsPath},
		{"127.0.0.1.nip.io:" + port, scriptPath},
		{"192.0.2.2:" + port, "/"},
	} {
		resp, body := fetch(t, base, c.path, c.host)
		if resp.StatusCode != http.StatusMisdirectedRequest {
			t.Errorf("Host %q, %s: %s, want 421", c.host, c.path, resp.Status)
			continue
		}
		checkSecurityHeaders(t, "421 for "+c.host, resp.Header)
		if ct := resp.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
			t.Errorf("421 Content-Type %q", ct)
		}
		name, _, _ := strings.Cut(c.host, ":")
		if !strings.Contains(string(body), "--allowed-host "+name) || strings.Contains(string(body), "MZSHH_SEARCH") {
			t.Errorf("421 for %q says:\n%s", c.host, body)
		}
	}
	// An empty Host (HTTP/1.0) is refused too.
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "GET /index.html HTTP/1.0\r\n\r\n")
	status, _ := bufio.NewReader(conn).ReadString('\n')
	conn.Close()
	if !strings.Contains(status, " 421 ") {
		t.Errorf("request without Host: %q", status)
	}
	// The log names a refused host once.
	if n := strings.Count(p.log.String(), `refused requests for host "evil.example:`+port+`"`); n != 1 {
		t.Errorf("log names evil.example:%s %d times:\n%s", port, n, p.log.String())
	}
}

// pageLinks returns the URLs a page links to or loads.
func pageLinks(page []byte) []string {
	var links []string
	z := html.NewTokenizer(strings.NewReader(string(page)))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return links
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for _, a := range z.Token().Attr {
			if a.Key == "href" || a.Key == "src" || a.Key == "action" {
				links = append(links, a.Val)
			}
		}
	}
}

// cspProblems lists what in a page the Content-Security-Policy would
// block: inline scripts, event handler attributes and javascript: URLs
// (script-src 'self'), style elements and attributes (style-src 'self'),
// resources, form targets and <base> elsewhere than the page's origin.
func cspProblems(page []byte, pageURL *url.URL) []string {
	var problems []string
	z := html.NewTokenizer(strings.NewReader(string(page)))
	inScript := false
	sameOrigin := func(ref string) bool {
		u, err := pageURL.Parse(ref)
		return err == nil && u.Scheme == pageURL.Scheme && u.Host == pageURL.Host
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if !errors.Is(z.Err(), io.EOF) {
				problems = append(problems, z.Err().Error())
			}
			return problems
		case html.TextToken:
			if inScript && strings.TrimSpace(string(z.Text())) != "" {
				problems = append(problems, "inline script "+strings.TrimSpace(string(z.Text())))
			}
			continue
		case html.EndTagToken:
			inScript = false
			continue
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			continue
		}
		tok := z.Token()
		attrs := map[string]string{}
		for _, a := range tok.Attr {
			attrs[a.Key] = a.Val
			low := strings.ToLower(strings.TrimSpace(a.Val))
			switch {
			case strings.HasPrefix(a.Key, "on"):
				problems = append(problems, fmt.Sprintf("<%s %s>: inline event handler", tok.Data, a.Key))
			case a.Key == "style":
				problems = append(problems, fmt.Sprintf("<%s style=%q>: inline style", tok.Data, a.Val))
			case (a.Key == "href" || a.Key == "src" || a.Key == "action" || a.Key == "formaction") && strings.HasPrefix(low, "javascript:"):
				problems = append(problems, fmt.Sprintf("<%s %s=%q>: javascript: URL", tok.Data, a.Key, a.Val))
			}
		}
		switch tok.Data {
		case "script":
			if src, ok := attrs["src"]; !ok {
				inScript = tt == html.StartTagToken
			} else if !sameOrigin(src) {
				problems = append(problems, "script from "+src)
			}
		case "style":
			problems = append(problems, "<style> element")
		case "link":
			if href := attrs["href"]; !sameOrigin(href) && attrs["rel"] != "canonical" && attrs["rel"] != "alternate" {
				problems = append(problems, "<link> to "+href)
			}
		case "img", "audio", "video", "source", "track", "iframe", "frame", "embed", "object", "input":
			for _, k := range []string{"src", "data", "poster"} {
				if v, ok := attrs[k]; ok && !sameOrigin(v) {
					problems = append(problems, fmt.Sprintf("<%s %s=%q> elsewhere", tok.Data, k, v))
				}
			}
			if tok.Data == "object" || tok.Data == "embed" {
				problems = append(problems, "<"+tok.Data+">: object-src 'none'")
			}
		case "form":
			if action, ok := attrs["action"]; ok && !sameOrigin(action) {
				problems = append(problems, "form posting to "+action)
			}
		case "base":
			problems = append(problems, "<base>: base-uri 'none'")
		case "meta":
			if strings.EqualFold(attrs["http-equiv"], "refresh") {
				problems = append(problems, "<meta http-equiv=refresh>")
			}
		}
	}
}

// TestCSPProblems: the page check finds what the policy blocks.
func TestCSPProblems(t *testing.T) {
	pageURL, _ := url.Parse("http://127.0.0.1:1313/2021/banzi.html")
	clean := `<!DOCTYPE html><html><head><link rel="stylesheet" href="../assets/style.css"></head><body>
<form action="../search/index.html"><input name="q"></form><a href="../index.html#x">x</a>
<script src="../assets/site.js"></script><script src="/__mzshh/live.js"></script></body></html>`
	if p := cspProblems([]byte(clean), pageURL); len(p) != 0 {
		t.Errorf("clean page: %q", p)
	}
	for _, bad := range []string{
		`<script>alert(1)</script>`,
		`<p style="color:red">`,
		`<style>p{}</style>`,
		`<button onclick="go()">`,
		`<a href="javascript:go()">`,
		`<img src="data:image/png;base64,AAAA">`,
		`<script src="https://cdn.example/x.js"></script>`,
		`<link rel="stylesheet" href="https://cdn.example/x.css">`,
		`<form action="https://evil.example/">`,
		`<base href="/">`,
		`<object data="x.swf"></object>`,
	} {
		if p := cspProblems([]byte(bad), pageURL); len(p) == 0 {
			t.Errorf("%s: not found", bad)
		}
	}
}

// TestBrowserCSP opens the preview's pages in Chromium under the served
// policy: nothing is blocked, search, the table filters and the error
// overlay work, and another origin cannot read the search index.
func TestBrowserCSP(t *testing.T) {
	ctx := browsertest.Start(t)
	p := startPreview(t)

	// Every violation, as the page sees it and as the console reports it.
	var mu sync.Mutex
	var consoleCSP []string
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*log.EventEntryAdded); ok && strings.Contains(e.Entry.Text, "Content Security Policy") {
			mu.Lock()
			consoleCSP = append(consoleCSP, e.Entry.Text)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	_, err = chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__csp = []; document.addEventListener("securitypolicyviolation", function (e) { window.__csp.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber); }, true);`,
	})
	if err != nil {
		t.Fatal(err)
	}
	noViolations := func(what string) {
		t.Helper()
		if v := browsertest.Eval[[]string](t, ctx, `window.__csp`); len(v) > 0 {
			t.Errorf("%s: %q", what, v)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, m := range consoleCSP {
			t.Errorf("%s: console: %s", what, m)
		}
		consoleCSP = nil
	}
	open := func(path, ready string) {
		t.Helper()
		navigate(t, ctx, p.url+path)
		browsertest.WaitJS(t, ctx, path, `document.readyState === "complete" && document.documentElement.getAttribute("data-live-reload") === "connected" && (`+ready+`)`)
		if n := browsertest.Eval[int](t, ctx, `document.styleSheets.length ? document.styleSheets[0].cssRules.length : 0`); n < 50 && !strings.HasPrefix(path, "no/") {
			t.Errorf("%s: stylesheet has %d rules", path, n)
		}
		noViolations(path)
	}

	for _, c := range []struct{ path, ready string }{
		{"index.html", `document.querySelector("table.matrix") !== null`},
		{"2021/banzi.html", `document.querySelector("h1") !== null`},
		{"2022/index.html", `true`},
		{"ledger/2022.html", `true`},
		{"units/××镇领导班子.html", `true`},
		{"search/index.html", `document.getElementById("search-status").textContent !== ""`},
		{"no/such/page.html", `document.body.textContent.includes("未找到")`},
	} {
		open(c.path, c.ready)
	}

	// The policy is enforced and the recorder sees it: an inline script
	// is refused.
	browsertest.Eval[bool](t, ctx, `var s = document.createElement("script"); s.textContent = "window.__inline = 1"; document.body.appendChild(s); true`)
	browsertest.WaitJS(t, ctx, "inline script refused", `window.__inline === undefined && window.__csp.length === 1 && window.__csp[0].startsWith("script-src-elem blocked inline")`)
	browsertest.Eval[bool](t, ctx, `window.__csp = []; true`)
	mu.Lock()
	consoleCSP = nil
	mu.Unlock()

	// Search from the header box: the index scripts load.
	open("index.html", "true")
	browsertest.Eval[bool](t, ctx, `document.getElementById("site-q").value = "学懂"; document.querySelector("form.site-search").submit(); true`)
	browsertest.WaitJS(t, ctx, "search results", `document.querySelectorAll("#search-results li").length > 0 && document.querySelector("#search-results mark") !== null`)
	if first := browsertest.Eval[string](t, ctx, `document.querySelector("#search-results li a").getAttribute("href")`); first != "../2021/banzi.html#p1-1" {
		t.Errorf("first result for 学懂 links to %q", first)
	}
	noViolations("search")

	// The table filter of site.js.
	open("outstanding.html", `document.querySelector("form[data-filter-table] output") !== null`)
	before := browsertest.Eval[string](t, ctx, `document.querySelector("form[data-filter-table] output").textContent`)
	browsertest.Eval[bool](t, ctx, `var s = document.querySelector("form[data-filter-table] select"); s.value = s.options[s.options.length - 1].value; s.dispatchEvent(new Event("change", {bubbles: true})); true`)
	if after := browsertest.Eval[string](t, ctx, `document.querySelector("form[data-filter-table] output").textContent`); after == before || !strings.HasPrefix(after, "显示 ") {
		t.Errorf("filter output %q, then %q", before, after)
	}
	noViolations("filter")

	// The overlay of a failed build styles itself.
	open("2021/banzi.html", "true")
	orig := p.read("content/2021/banzi.md")
	p.write("content/2021/banzi.md", strings.Replace(orig, "- 【基本整改】[[2020/banzi#p1]]", "- 【基本整该】[[2020/banzi#p1]]", 1))
	browsertest.WaitJS(t, ctx, "overlay shown", `document.getElementById("mzshh-error-overlay") !== null`)
	if pos := browsertest.Eval[string](t, ctx, `getComputedStyle(document.getElementById("mzshh-error-overlay")).position`); pos != "fixed" {
		t.Errorf("overlay position %q: its style was refused", pos)
	}
	noViolations("overlay")
	browsertest.Eval[bool](t, ctx, `window.__beforeFix = 1; true`)
	p.write("content/2021/banzi.md", orig)
	browsertest.WaitJS(t, ctx, "overlay cleared", `document.getElementById("mzshh-error-overlay") === null`)
	// The good build also reloads the page; let it finish first.
	p.next("ok")
	p.next("reload")
	browsertest.WaitJS(t, ctx, "reloaded after the fix", `window.__beforeFix === undefined && document.readyState === "complete"`)

	// Another origin includes the search index as scripts: refused.
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><title>evil</title><script>window.MZSHH_SEARCH = {manifest: function () { document.title = "leaked"; }};</script>
<script src="%ssearch/manifest.js" onerror="document.title = 'refused'"></script>`, p.url)
	}))
	defer evil.Close()
	navigate(t, ctx, evil.URL)
	browsertest.WaitJS(t, ctx, "inclusion from another origin", `document.title !== "evil"`)
	if title := browsertest.Eval[string](t, ctx, `document.title`); title != "refused" {
		t.Errorf("another origin's page including search/manifest.js: %s", title)
	}
}
