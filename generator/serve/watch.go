package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"mzshh/generator/content"
	"mzshh/generator/render"

	"github.com/fsnotify/fsnotify"
)

// change is a batch of changed paths, slash-separated and relative to the
// site directory. Full asks for a rebuild from scratch (events were lost).
type change struct {
	Paths []string
	Full  bool
}

// watcher reports changes to a site's content/, layouts/ and config file.
// fsnotify does not recurse, so every directory is watched on its own,
// including directories created or renamed later. Bursts of events are
// collapsed by a trailing debounce; the builder then looks at the files
// themselves, so a save by rename is never missed nor read half-written.
// When the inotify watch limit is exhausted it falls back to polling.
type watcher struct {
	dir      string
	debounce time.Duration
	log      io.Writer
	out      chan change

	mu      sync.Mutex
	pending map[string]bool
	full    bool
	timer   *time.Timer

	// fw is the fsnotify watcher (nil while polling); rewatch holds the
	// directories created or moved in since the last flush.
	fw      *fsnotify.Watcher
	rewatch []string

	// addWatch adds a directory watch; tests replace it to exhaust the
	// inotify limit.
	addWatch func(fw *fsnotify.Watcher, dir string) error
	// pollEvery is the polling interval of the fallback.
	pollEvery time.Duration
	// paths turns the paths of events into site-relative slash paths.
	paths osPaths
	// started is closed once every directory is watched (or, when
	// polling, once the first snapshot is taken).
	started   chan struct{}
	startOnce sync.Once
}

func (w *watcher) markStarted() { w.startOnce.Do(func() { close(w.started) }) }

func newWatcher(dir string, debounce time.Duration, log io.Writer) *watcher {
	return &watcher{dir: dir, debounce: debounce, log: log, out: make(chan change, 1), pending: map[string]bool{},
		addWatch: (*fsnotify.Watcher).Add, pollEvery: time.Second, started: make(chan struct{}),
		paths: osPaths{Rel: filepath.Rel, ToSlash: filepath.ToSlash}}
}

// osPaths is the part of package filepath that turns the operating
// system's paths of file events into the site-relative slash paths the
// rest of the preview uses (content/2021/banzi.md). It is a seam so that
// tests can run Windows paths (D:\档案\content\2021\banzi.md) on any
// system.
type osPaths struct {
	Rel     func(base, target string) (string, error)
	ToSlash func(string) string
}

// siteRel turns an event's path under dir into a site-relative slash
// path; a path outside dir comes back unchanged but for its separators,
// and is not relevant.
func (p osPaths) siteRel(dir, name string) string {
	r, err := p.Rel(dir, name)
	if err != nil {
		return p.ToSlash(name)
	}
	return p.ToSlash(r)
}

// rel turns an event's path into a site-relative slash path.
func (w *watcher) rel(name string) string { return w.paths.siteRel(w.dir, name) }

// relevant reports whether a site-relative slash path can affect the site.
func relevant(rel string) bool {
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return false
	}
	if content.IsEditorTemp(path.Base(rel)) {
		return false
	}
	return rel == content.ConfigFile || rel == content.Dir || strings.HasPrefix(rel, content.Dir+"/") ||
		rel == render.LayoutsDir || strings.HasPrefix(rel, render.LayoutsDir+"/")
}

// note records a changed path and restarts the debounce timer.
func (w *watcher) note(rel string, full bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if rel != "" {
		w.pending[rel] = true
	}
	w.full = w.full || full
	if w.timer == nil {
		w.timer = time.AfterFunc(w.debounce, w.flush)
	} else {
		w.timer.Reset(w.debounce)
	}
}

// flush hands the pending batch to the builder, merging with a batch it
// has not taken yet.
func (w *watcher) flush() {
	// A directory moved in had its watch added when its Create event came;
	// fsnotify drops the watch of a directory moved away (IN_MOVE_SELF),
	// and the two race when a directory is renamed back and forth. Add the
	// watches again now that the burst is over (adding is idempotent).
	w.mu.Lock()
	dirs, fw := w.rewatch, w.fw
	w.rewatch = nil
	w.mu.Unlock()
	for _, d := range dirs {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() && fw != nil {
			w.addTree(fw, d, false)
		}
	}
	w.mu.Lock()
	c := change{Full: w.full}
	for p := range w.pending {
		c.Paths = append(c.Paths, p)
	}
	w.pending, w.full = map[string]bool{}, false
	w.mu.Unlock()
	for {
		select {
		case w.out <- c:
			return
		case prev := <-w.out:
			c.Paths = append(c.Paths, prev.Paths...)
			c.Full = c.Full || prev.Full
		}
	}
}

// limitReached reports, and says, whether err means the inotify watch
// limit is exhausted.
func (w *watcher) limitReached(err error) bool {
	if !errors.Is(err, syscall.ENOSPC) && !errors.Is(err, syscall.EMFILE) {
		return false
	}
	fmt.Fprintf(w.log, "the inotify watch limit is exhausted (%v): raise it with sysctl fs.inotify.max_user_watches=524288; polling every %v instead\n", err, w.pollEvery)
	return true
}

// run watches until ctx is done.
func (w *watcher) run(ctx context.Context) error {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		fmt.Fprintf(w.log, "cannot watch files (%v); polling every %v instead\n", err, w.pollEvery)
		return w.poll(ctx)
	}
	defer fw.Close()
	w.mu.Lock()
	w.fw = fw
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		w.fw = nil
		w.mu.Unlock()
	}()
	if err := w.addTree(fw, w.dir, false); err != nil {
		if w.limitReached(err) {
			fw.Close()
			return w.poll(ctx)
		}
		return err
	}
	w.markStarted()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-fw.Events:
			if !ok {
				return nil
			}
			rel := w.rel(ev.Name)
			if !relevant(rel) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					// A new or renamed-in directory: watch it and
					// everything already in it.
					if err := w.addTree(fw, ev.Name, true); err != nil && w.limitReached(err) {
						fw.Close()
						return w.poll(ctx)
					}
					w.mu.Lock()
					w.rewatch = append(w.rewatch, ev.Name)
					w.mu.Unlock()
				}
			}
			w.note(rel, false)
		case err, ok := <-fw.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				fmt.Fprintln(w.log, "the file event queue overflowed; rebuilding everything")
				w.note("", true)
				continue
			}
			fmt.Fprintf(w.log, "watch error: %v\n", err)
		}
	}
}

// addTree watches dir's relevant directories. With notify, the files found
// are reported as changed (they may predate the watch).
func (w *watcher) addTree(fw *fsnotify.Watcher, dir string, notify bool) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // vanished meanwhile
		}
		rel := w.rel(path)
		if !d.IsDir() {
			if notify && relevant(rel) {
				w.note(rel, false)
			}
			return nil
		}
		if path != w.dir && !relevant(rel) {
			return fs.SkipDir
		}
		if path != w.dir && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		return w.addWatch(fw, path)
	})
}

// poll compares the files' sizes and times every second.
func (w *watcher) poll(ctx context.Context) error {
	snapshot := func() map[string]stamp {
		m := map[string]stamp{}
		filepath.WalkDir(w.dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			rel := w.rel(path)
			if path != w.dir && !relevant(rel) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if info, err := d.Info(); err == nil && !d.IsDir() {
				m[rel] = stamp{info.Size(), info.ModTime()}
			}
			return nil
		})
		return m
	}
	last := snapshot()
	w.markStarted()
	tick := time.NewTicker(w.pollEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			now := snapshot()
			for p, s := range now {
				if last[p] != s {
					w.note(p, false)
				}
			}
			for p := range last {
				if _, ok := now[p]; !ok {
					w.note(p, false)
				}
			}
			last = now
		}
	}
}

// stamp identifies a version of a file on disk.
type stamp struct {
	size    int64
	modTime time.Time
}
