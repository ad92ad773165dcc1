package serve

// Defences of the preview against other web sites open in the same browser.
//
// DNS rebinding: a page on evil.example whose name is made to resolve to
// 127.0.0.1 is same-origin with itself, so without a check it could read
// the whole archive from the preview. Its requests still carry
// Host: evil.example, so the preview answers only to the names it is known
// by (see newHostPolicy) and gives anything else 421 Misdirected Request.
//
// Cross-site inclusion: the search index is a set of scripts (so that it
// loads from file:// too); any page could include them with <script src>
// and read the records. Cross-Origin-Resource-Policy: same-origin makes the
// browser refuse such loads from other origins.
//
// Every response, the 421 included, also carries a Content-Security-Policy
// that the site's own pages meet: they use only files of the site
// (assets/style.css, assets/site.js, assets/search.js and the search/
// index scripts it adds, the live-reload script and its event stream), no
// inline script, no style attribute or element, no images. The error
// overlay of live.js styles itself through the CSSOM (element.style),
// which style-src does not restrict.

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/net/idna"
)

// contentSecurityPolicy allows the site's own files and nothing else.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders are sent with every response.
var securityHeaders = [][2]string{
	{"Content-Security-Policy", contentSecurityPolicy},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "no-referrer"},
	{"Cross-Origin-Resource-Policy", "same-origin"},
}

// loopbackNames are the names of a server bound to loopback.
var loopbackNames = []string{"localhost", "127.0.0.1", "::1"}

// Where a server bound to every interface learns its names; tests replace
// them.
var (
	osHostname     = os.Hostname
	interfaceAddrs = net.InterfaceAddrs
)

// maxRefusedLogged bounds the distinct refused hosts written to the log.
const maxRefusedLogged = 10

// hostPolicy decides which Host headers the preview answers.
type hostPolicy struct {
	names map[string]bool // host keys (see hostKey) answered
	// anyLocalIP also answers every address of this machine's interfaces,
	// read at each request so that a new DHCP lease or VPN works at once.
	anyLocalIP bool
	log        io.Writer

	mu      sync.Mutex
	refused map[string]bool // hosts already reported in the log
}

// newHostPolicy returns the policy of a server listening on ln, started
// with the bind address bind (host:port, as given to net.Listen) and the
// extra names allowed (from --allowed-host). It answers to
//
//   - bound to loopback (127.0.0.1, ::1, localhost or another address or
//     name that listens on loopback): localhost, 127.0.0.1 and [::1];
//   - bound to one address or name: that name, as written, and the
//     address it listens on;
//   - bound to every interface (0.0.0.0, :: or no host): the loopback
//     names, the machine's host name (os.Hostname), the wildcard address
//     itself and every IP address of the machine's interfaces. Other
//     names by which the machine is reached (DNS aliases, name.local
//     through mDNS, a reverse proxy's name) must be allowed explicitly:
//     any of them could be a rebinding attacker's;
//
// and, always, to the allowed names. Ports are not compared: a rebinding
// page has to use the server's own port anyway.
func newHostPolicy(bind string, ln net.Addr, allowed []string, log io.Writer) (*hostPolicy, error) {
	if log == nil {
		log = io.Discard
	}
	p := &hostPolicy{names: map[string]bool{}, log: log, refused: map[string]bool{}}
	add := func(name string) {
		if k, ok := hostKey(name, true); ok {
			p.names[k] = true
		}
	}
	host, _, err := net.SplitHostPort(bind)
	if err != nil {
		host = bind
	}
	bindIP, bindErr := netip.ParseAddr(host)
	var lnIP netip.Addr
	if tcp, ok := ln.(*net.TCPAddr); ok {
		lnIP = tcp.AddrPort().Addr().Unmap().WithZone("")
	}
	switch {
	case host == "" || bindErr == nil && bindIP.IsUnspecified():
		p.anyLocalIP = true
		for _, n := range loopbackNames {
			add(n)
		}
		if name, err := osHostname(); err == nil {
			add(name)
		}
		add(host)
		if lnIP.IsValid() {
			add(lnIP.String())
		}
	default:
		add(host)
		if lnIP.IsValid() {
			add(lnIP.String())
		}
		if lnIP.IsLoopback() || (bindErr == nil && bindIP.Unmap().IsLoopback()) || strings.EqualFold(host, "localhost") {
			for _, n := range loopbackNames {
				add(n)
			}
		}
	}
	for _, a := range allowed {
		a = strings.TrimSpace(a)
		k, ok := hostKey(a, true)
		if !ok {
			return nil, fmt.Errorf("--allowed-host %q: not a host name or IP address", a)
		}
		p.names[k] = true
	}
	return p, nil
}

// allows reports whether the server answers a request for host (the
// request's Host header, or the host of an absolute request URI).
func (p *hostPolicy) allows(host string) bool {
	k, ok := hostKey(host, false)
	if !ok {
		return false
	}
	if p.names[k] {
		return true
	}
	if !p.anyLocalIP {
		return false
	}
	ip, err := netip.ParseAddr(k)
	if err != nil {
		return false
	}
	addrs, err := interfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			if local, ok := netip.AddrFromSlice(n.IP); ok && local.Unmap() == ip {
				return true
			}
		}
	}
	return false
}

// wrap returns next with the security headers on every response, answering
// only the hosts the policy allows.
func (p *hostPolicy) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, kv := range securityHeaders {
			h.Set(kv[0], kv[1])
		}
		if !p.allows(r.Host) {
			p.refuse(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// refuse answers a request for another host with 421 Misdirected Request.
func (p *hostPolicy) refuse(w http.ResponseWriter, r *http.Request) {
	name := "NAME"
	if k, ok := hostKey(r.Host, false); ok {
		name = k
		if strings.Contains(k, ":") {
			name = "[" + k + "]"
		}
	}
	shown := r.Host
	if len(shown) > 100 {
		shown = shown[:100] + "…"
	}
	shown = strconv.Quote(shown)
	p.mu.Lock()
	first := !p.refused[r.Host] && len(p.refused) < maxRefusedLogged
	if first {
		p.refused[r.Host] = true
	}
	p.mu.Unlock()
	if first {
		fmt.Fprintf(p.log, "refused requests for host %s: not a name of this server (protection against DNS rebinding); to allow it, restart with --allowed-host %s\n", shown, name)
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusMisdirectedRequest)
	fmt.Fprintf(w, "421 Misdirected Request\n\n"+
		"预览服务器不响应主机名 %s（防止其他网站通过 DNS 重绑定读取档案）。\n"+
		"如确需以此名称访问，请加上 --allowed-host %s 重新启动 serve。\n\n"+
		"This preview server does not answer to the host %s (protection against DNS rebinding).\n"+
		"To open it under this name, restart serve with --allowed-host %s\n", shown, name, shown, name)
}

// hostKey returns a host as the policy compares it: without port, in
// lower case, without a final dot, an IP address in canonical form ("::1"
// for "[::1]:1313"), an internationalised name in its ASCII form. ok is
// false for an empty or malformed host. An IPv6 address must be in
// brackets, as in a Host header, unless bareIPv6 (for --allowed-host).
func hostKey(host string, bareIPv6 bool) (key string, ok bool) {
	if strings.HasPrefix(host, "[") {
		end := strings.IndexByte(host, ']')
		if end < 0 || !validPort(host[end+1:]) {
			return "", false
		}
		ip, err := netip.ParseAddr(host[1:end])
		if err != nil || !ip.Is6() || ip.Zone() != "" {
			return "", false
		}
		return ip.Unmap().String(), true
	}
	if bareIPv6 && strings.Count(host, ":") > 1 {
		ip, err := netip.ParseAddr(host)
		if err != nil || !ip.Is6() || ip.Zone() != "" {
			return "", false
		}
		return ip.Unmap().String(), true
	}
	if i := strings.IndexByte(host, ':'); i >= 0 {
		if !validPort(host[i:]) {
			return "", false
		}
		host = host[:i]
	}
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		return "", false
	}
	if bareIPv6 && !isASCII(host) {
		// A name typed in its Unicode form; browsers send the ASCII one.
		a, err := idna.Lookup.ToASCII(host)
		if err != nil {
			return "", false
		}
		host = a
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return ip.String(), true
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
		case c == '.' && i > 0 && host[i-1] != '.':
		case 'A' <= c && c <= 'Z':
		default:
			return "", false
		}
	}
	return strings.ToLower(host), true
}

// validPort reports whether s is empty or a colon and up to five digits.
func validPort(s string) bool {
	if s == "" {
		return true
	}
	if s[0] != ':' || len(s) > 6 {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
