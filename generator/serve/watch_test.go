package serve

import (
	"bytes"
	"context"
	"fmt"
	"io"
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
		// Windows editors and tools.
		{"content/2021/banzi.md.vsctmp", false},                          // VS Code's atomic save
		{"content/2021/banzi.md.crswap", false},                          // Chromium-based editors
		{"content/2021/banzi.md~", false},                                // Typora
		{"content/2021/banzi.md.bak", false},                             // Notepad++ backup
		{"content/2021/nppBackup/banzi.md.2024-01-05_143012.bak", false}, // Notepad++ verbose backup
		{"content/2021/banzi.md@2024-01-05_143012", false},               // Notepad++ session snapshot
		{"content/2021/~$banzi.docx", false},                             // Word / WPS lock file
		{"content/2021/.~lock.banzi.docx#", false},                       // LibreOffice lock file
		{"content/2021/~WRL0001.tmp", false},                             // Word's save
		{"content/2021/Thumbs.db", false},
		{"content/2021/desktop.ini", false},
		{"content/2021/banzi@2024.md", true},
		{"../content/2021/banzi.md", false},
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

// windowsPaths is filepath's behaviour on Windows, for the paths the
// watcher meets: separators are \ (or /), and names compare without case.
var windowsPaths = osPaths{
	Rel: func(base, target string) (string, error) {
		base = strings.TrimRight(strings.ReplaceAll(base, "/", `\`), `\`)
		target = strings.ReplaceAll(target, "/", `\`)
		if strings.EqualFold(base, target) {
			return ".", nil
		}
		if len(target) > len(base) && strings.EqualFold(target[:len(base)], base) && target[len(base)] == '\\' {
			return target[len(base)+1:], nil
		}
		return "", fmt.Errorf("Rel: can't make %s relative to %s", target, base)
	},
	ToSlash: func(p string) string { return strings.ReplaceAll(p, `\`, "/") },
}

// TestWindowsEventPaths runs the watcher's path logic on the paths a
// Windows file event carries: a drive letter, spaces, Chinese names.
func TestWindowsEventPaths(t *testing.T) {
	const site = `D:\党委办公室\民主生活会 档案`
	for _, tc := range []struct {
		event    string
		rel      string
		relevant bool
	}{
		{site + `\content\2021\班子.md`, "content/2021/班子.md", true},
		{`d:\党委办公室\民主生活会 档案\content\2021\banzi.md`, "content/2021/banzi.md", true},
		{site + `\content`, "content", true},
		{site + `\content\2023`, "content/2023", true},
		{site + `\config.yaml`, "config.yaml", true},
		{site + `\layouts\assets\style.css`, "layouts/assets/style.css", true},
		{site + `\public\index.html`, "public/index.html", false},
		{site + `\content\2021\~$班子.docx`, "content/2021/~$班子.docx", false},
		{site + `\content\2021\班子.md.vsctmp`, "content/2021/班子.md.vsctmp", false},
		{site + `\content\2021\nppBackup\班子.md.2024-01-05_143012.bak`, "content/2021/nppBackup/班子.md.2024-01-05_143012.bak", false},
		{site + `\content\2021\班子.md~`, "content/2021/班子.md~", false},
		{`E:\其他\content\2021\banzi.md`, "E:/其他/content/2021/banzi.md", false},
		{`D:\党委办公室\民主生活会 档案2\content\a.md`, "D:/党委办公室/民主生活会 档案2/content/a.md", false},
	} {
		rel := windowsPaths.siteRel(site, tc.event)
		if rel != tc.rel || relevant(rel) != tc.relevant {
			t.Errorf("event %s: site path %q, relevant %v; want %q, %v", tc.event, rel, relevant(rel), tc.rel, tc.relevant)
		}
	}
	// The native seam is package filepath itself.
	w := newWatcher(filepath.Join("site", "dir"), time.Millisecond, io.Discard)
	if got := w.rel(filepath.Join("site", "dir", "content", "2021", "banzi.md")); got != "content/2021/banzi.md" {
		t.Errorf("native rel = %q", got)
	}
}
