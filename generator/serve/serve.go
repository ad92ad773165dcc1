// Package serve previews a site while its materials are edited: it builds
// the site into memory (never into public/), serves it over HTTP on
// loopback, watches content/, layouts/ and config.yaml, rebuilds what a
// change affects, and reloads the open pages.
//
// Served HTML pages get a small script (never present in build output)
// that listens on server-sent events at /__mzshh/events: "reload" after a
// good rebuild (the page reloads and keeps its scroll position),
// "builderror" with every diagnostic of a failed one (an overlay over the
// last good site, which is still what is served), "ok" to clear it.
package serve

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"mzshh/generator/diag"
	"mzshh/generator/site"
)

//go:embed live.js
var liveJS []byte

const (
	eventsPath = "/__mzshh/events"
	scriptPath = "/__mzshh/live.js"
	scriptTag  = `<script src="` + scriptPath + `"></script>`
)

// Options configure a preview server.
type Options struct {
	Dir      string        // the site directory
	Addr     string        // host:port to listen on; port 0 picks a free one
	Debounce time.Duration // quiet time before a rebuild; 0 means 30ms
	Log      io.Writer     // rebuild log and diagnostics
	// Ready, if set, receives the URL once the server listens.
	Ready func(url string)
	// AllowedHosts are more host names or IP addresses to answer besides
	// the names of the bind address (see newHostPolicy in security.go).
	AllowedHosts []string
	// Edition is the edition of config.yaml to preview, "" for every
	// document (site.Builder.Edition).
	Edition string
}

// Server is a running preview.
type Server struct {
	opts    Options
	preview *site.Preview

	mu    sync.RWMutex
	gen   int       // generation of the served site
	diags diag.List // of the last build, if it failed

	warned diag.List // the warnings last printed (used by the rebuild loop only)

	subMu sync.Mutex
	subs  map[chan event]bool
}

type event struct{ name, data string }

// Run builds the site, serves it and rebuilds on every change until ctx
// is done.
func Run(ctx context.Context, opts Options) error {
	if opts.Debounce == 0 {
		opts.Debounce = 30 * time.Millisecond
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	fsys, err := site.Open(opts.Dir)
	if err != nil {
		return err
	}
	s := &Server{opts: opts, preview: site.NewPreviewEdition(fsys, opts.Edition), subs: map[chan event]bool{}}

	// Take the port before building, so that a busy one is said at once.
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("%s is in use (another preview?): choose another port with -p, or -p 0 to pick a free one", opts.Addr)
		}
		return err
	}
	defer ln.Close()

	// Watch first, then build: a save made meanwhile is not lost.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w := newWatcher(opts.Dir, opts.Debounce, opts.Log)
	errc := make(chan error, 2)
	go func() { errc <- w.run(ctx) }()
	select {
	case <-w.started:
	case err := <-errc:
		return err
	}
	first := s.rebuild(change{Full: true})

	// security.go: answer only this server's own names, with security headers.
	hosts, err := newHostPolicy(opts.Addr, ln.Addr(), opts.AllowedHosts, opts.Log)
	if err != nil {
		ln.Close()
		return err
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(opts.Log, "serving %s at %s (Ctrl-C to stop)\n", opts.Dir, url)
	if opts.Ready != nil {
		opts.Ready(url)
	}
	srv := &http.Server{Handler: hosts.wrap(s), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		// One goroutine owns the builder: rebuilds, and search indexes
		// that finished in the background.
		type indexed struct {
			job site.IndexJob
			ix  site.Indexed
			err error
		}
		indexes := make(chan indexed, 1)
		startIndex := func() {
			j := s.preview.IndexJob()
			go func() {
				ix, err := j.Run()
				indexes <- indexed{j, ix, err}
			}()
		}
		if first.OK {
			startIndex()
		}
		for {
			select {
			case <-ctx.Done():
				return
			case c := <-w.out:
				if s.rebuild(c).OK {
					startIndex()
				}
			case ix := <-indexes:
				if ix.err != nil {
					fmt.Fprintf(s.opts.Log, "search index: %v\n", ix.err)
				} else {
					if res, ok := s.preview.ApplyIndex(ix.job, ix.ix); ok {
						s.indexed(res)
						// Changes the watcher missed.
						if len(ix.ix.Stale) > 0 && s.rebuild(change{Paths: ix.ix.Stale}).OK {
							startIndex()
						}
					}
				}
			}
		}
	}()
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			errc <- err
		}
	}()
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	cancel()
	s.closeSubscribers()
	shutdownCtx, done := context.WithTimeout(context.Background(), 2*time.Second)
	defer done()
	srv.Shutdown(shutdownCtx)
	return err
}

// rebuild runs one build and tells the browsers.
func (s *Server) rebuild(c change) site.Result {
	res := s.preview.Update(c.Paths, c.Full)
	log := s.opts.Log
	if !res.OK {
		var errs, warnings diag.List
		for _, d := range res.Diags {
			if d.Severity == diag.Error {
				errs = append(errs, d)
			} else {
				warnings = append(warnings, d)
			}
		}
		errs.Print(log)
		s.warn(warnings)
		fmt.Fprintf(log, "build failed (%d errors) in %s; still serving the last good site\n", len(errs), res.Elapsed.Round(time.Millisecond))
		lines := make([]string, 0, len(errs))
		for _, d := range errs {
			lines = append(lines, d.String())
		}
		data, _ := json.Marshal(lines)
		s.mu.Lock()
		s.diags = res.Diags
		s.mu.Unlock()
		s.publish(event{"builderror", string(data)})
		return res
	}
	if !s.warn(res.Diags) && len(res.Diags) > 0 {
		fmt.Fprintf(log, "%d warnings, as before\n", len(res.Diags))
	}
	kind := "rebuilt"
	if res.Full {
		kind = "built"
	}
	fmt.Fprintf(log, "%s in %s: %d documents parsed, %d files rendered\n", kind, res.Elapsed.Round(100*time.Microsecond), res.Parsed, res.Rendered)
	s.mu.Lock()
	hadErrors := s.diags != nil
	s.diags = nil
	s.mu.Unlock()
	if hadErrors {
		s.publish(event{"ok", ""})
	}
	s.reload()
	return res
}

// warn prints what changed in the warnings (sorted) since those printed
// last: the new ones in full and how many went away. The first build
// prints them all; after that an edit in a county's archive prints the
// warnings it made, not the archive's tens of thousands again. It reports
// whether anything changed.
func (s *Server) warn(warnings diag.List) bool {
	added, gone := warnings.Diff(s.warned)
	s.warned = warnings
	if len(added) == 0 && gone == 0 {
		return false
	}
	added.Print(s.opts.Log)
	if gone > 0 {
		fmt.Fprintf(s.opts.Log, "%d warnings fixed or gone, %d left\n", gone, len(warnings))
	}
	return true
}

// reload counts a new version of the site and tells the pages to reload.
func (s *Server) reload() {
	s.mu.Lock()
	s.gen++
	gen := s.gen
	s.mu.Unlock()
	s.publish(event{"reload", strconv.Itoa(gen)})
}

// indexed reports a finished background stage (site.Preview.ApplyIndex):
// warnings that changed, and a reload when it rendered files again.
func (s *Server) indexed(res site.Result) {
	s.warn(res.Diags)
	if res.Rendered == 0 {
		return
	}
	fmt.Fprintf(s.opts.Log, "background stage (search index, similarity pass, workbooks, 汇编): %d files rendered in %s\n", res.Rendered, res.Elapsed.Round(100*time.Microsecond))
	s.reload()
}

func (s *Server) publish(e event) {
	s.subMu.Lock()
	defer s.subMu.Unlock()
	for ch := range s.subs {
		select {
		case ch <- e:
		default: // a slow browser misses an event, never blocks a build
		}
	}
}

func (s *Server) closeSubscribers() {
	s.subMu.Lock()
	defer s.subMu.Unlock()
	for ch := range s.subs {
		close(ch)
		delete(s.subs, ch)
	}
}

// ServeHTTP serves the built site, the live-reload script and events.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case eventsPath:
		s.serveEvents(w, r)
		return
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(liveJS)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" || strings.HasSuffix(r.URL.Path, "/") {
		name = path.Join(name, "index.html")
	}
	data, ok := s.preview.Lookup(name)
	if !ok {
		data, ok = s.preview.Lookup(path.Join(name, "index.html"))
		if ok {
			name = path.Join(name, "index.html")
		}
	}
	if !ok {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, "<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>未找到</title><body><p>未找到 %s。<a href=\"/index.html\">返回首页</a></p>%s</body></html>", htmlEscape(name), scriptTag)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	if strings.HasPrefix(ctype, "text/html") {
		data = injectScript(data)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(data)
}

func htmlEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&#34;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// injectScript adds the live-reload script before </body>.
func injectScript(page []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(bytes.Clone(page), scriptTag...)
	}
	out := make([]byte, 0, len(page)+len(scriptTag))
	out = append(out, page[:i]...)
	out = append(out, scriptTag...)
	return append(out, page[i:]...)
}

// serveEvents streams server-sent events to one browser.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := make(chan event, 16)
	s.subMu.Lock()
	s.subs[ch] = true
	s.subMu.Unlock()
	defer func() {
		s.subMu.Lock()
		if s.subs[ch] {
			delete(s.subs, ch)
			close(ch)
		}
		s.subMu.Unlock()
	}()
	s.mu.RLock()
	gen, diags := s.gen, s.diags
	s.mu.RUnlock()
	fmt.Fprintf(w, "retry: 500\nevent: hello\ndata: %d\n\n", gen)
	if diags != nil {
		var lines []string
		for _, d := range diags {
			if d.Severity == diag.Error {
				lines = append(lines, d.String())
			}
		}
		data, _ := json.Marshal(lines)
		fmt.Fprintf(w, "event: builderror\ndata: %s\n\n", data)
	}
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case e, ok := <-ch:
			if !ok {
				return
			}
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
			flusher.Flush()
		}
	}
}
