package serve

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

func TestRelevantIgnoresEditorFiles(t *testing.T) {
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"content/2021/banzi.md", true},
		{"content/2023", true},
		{"config.yaml", true},
		{"layouts/home.html", true},
		{"public/index.html", false},
		{"README.md", false},
		{"content/2021/4913", false},
		{"content/2021/banzi.md~", false},
		{"content/2021/.banzi.md.swp", false},
		{"content/2021/banzi.md___jb_tmp___", false},
		{"content/2021/banzi.md___jb_old___", false},
		{"content/2021/#banzi.md#", false},
		{"content/2021/.#banzi.md", false},
		{"content/2021/.goutputstream-XYZ123", false},
		{"content/2021/banzi.md.bck", false},
	} {
		if got := relevant(tc.path); got != tc.want {
			t.Errorf("relevant(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

// TestWatchLimitFallsBackToPolling exhausts the inotify watch limit and
// checks that the watcher says so and still sees a change, by polling.
func TestWatchLimitFallsBackToPolling(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content", "2021"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "2021", "a.md"), []byte("x"), 0o644)
	var log syncBuffer
	w := newWatcher(dir, 10*time.Millisecond, &log)
	w.pollEvery = 50 * time.Millisecond
	w.addWatch = func(fw *fsnotify.Watcher, d string) error {
		if d != dir {
			return syscall.ENOSPC
		}
		return fw.Add(d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { w.run(ctx) })
	defer func() { cancel(); wg.Wait() }()

	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(log.String(), "inotify watch limit is exhausted") {
		if time.Now().After(deadline) {
			t.Fatalf("no message about the watch limit; log: %q", log.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Write until the poller sees a change: on a loaded machine its first
	// snapshot may be taken after an early write.
	seen := false
	for i := 0; !seen && i < 50; i++ {
		os.WriteFile(filepath.Join(dir, "content", "2021", "a.md"), []byte(strings.Repeat("changed ", i+1)), 0o644)
		select {
		case c := <-w.out:
			seen = true
			if !slices.Contains(c.Paths, "content/2021/a.md") {
				t.Errorf("change %+v does not name the edited file", c)
			}
		case <-time.After(200 * time.Millisecond):
		}
	}
	if !seen {
		t.Fatalf("polling did not see the change; log: %q", log.String())
	}
	if !bytes.Contains([]byte(log.String()), []byte("polling every 50ms instead")) {
		t.Errorf("log: %q", log.String())
	}
}
