package output

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func writeSite(files map[string]string) func(Output) error {
	return func(out Output) error {
		for name, data := range files {
			if err := out.WriteFile(name, []byte(data)); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestPublishReplacesPreviousBuildWithoutStaleFiles(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := Publish(context.Background(), dest, writeSite(map[string]string{"index.html": "v1", "old/page.html": "old"}), nil); err != nil {
		t.Fatal(err)
	}
	if err := Publish(context.Background(), dest, writeSite(map[string]string{"index.html": "v2"}), nil); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "v2" {
		t.Errorf("index.html = %q, want v2", b)
	}
	if _, err := os.Stat(filepath.Join(dest, "old/page.html")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale file from the previous build survived: %v", err)
	}
	if left := besides(t, dest); len(left) != 0 {
		t.Errorf("temporary folders left beside the destination: %v", left)
	}
}

func TestPublishFailureKeepsPreviousOutput(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := Publish(context.Background(), dest, writeSite(map[string]string{"index.html": "good"}), nil); err != nil {
		t.Fatal(err)
	}
	failing := func(out Output) error {
		out.WriteFile("index.html", []byte("half"))
		return errors.New("template broke")
	}
	if err := Publish(context.Background(), dest, failing, nil); err == nil {
		t.Fatal("a failing build published")
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "good" {
		t.Errorf("previous output damaged: index.html = %q", b)
	}
	if left := besides(t, dest); len(left) != 0 {
		t.Errorf("temporary folders left beside the destination: %v", left)
	}
}

func TestPublishRefusesForeignDirectory(t *testing.T) {
	dest := t.TempDir()
	if err := os.WriteFile(filepath.Join(dest, "thesis.docx"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Publish(context.Background(), dest, writeSite(map[string]string{"index.html": "x"}), nil)
	if err == nil {
		t.Fatal("published over a directory the generator did not make")
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "thesis.docx")); string(b) != "precious" {
		t.Errorf("user's file damaged")
	}
}

func TestOutputRefusesPathsOutside(t *testing.T) {
	var mem Mem
	dest := filepath.Join(t.TempDir(), "public")
	for _, name := range []string{"../evil.html", "/etc/passwd", "a/../../b", `a\..\b`, ""} {
		if err := mem.WriteFile(name, nil); err == nil {
			t.Errorf("Mem accepted %q", name)
		}
		err := Publish(context.Background(), dest, writeSite(map[string]string{name: "x"}), nil)
		if err == nil {
			t.Errorf("Publish accepted %q", name)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dest), "evil.html")); err == nil {
		t.Error("a file was written outside the destination")
	}
}

func TestPublishCancelledKeepsPreviousOutput(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := Publish(context.Background(), dest, writeSite(map[string]string{"index.html": "good"}), nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err := Publish(ctx, dest, func(out Output) error {
		cancel() // Ctrl-C while pages are written
		return out.WriteFile("index.html", []byte("new"))
	}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "good" {
		t.Errorf("interrupted build changed the output: %q", b)
	}
}

// besides lists the entries beside dest other than dest and its lock.
func besides(t *testing.T, dest string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); n != filepath.Base(dest) && n != "."+filepath.Base(dest)+".lock" {
			out = append(out, n)
		}
	}
	return out
}

func TestPublishNeverRemovesFoldersItDidNotMake(t *testing.T) {
	for _, tc := range []struct {
		name string
		dest string   // relative to the parent
		mine []string // folders of the user's, beside the destination
	}{
		{"tmp-like name", "public", []string{".public.tmp-userdata", ".public.old-notes", ".public.tmp-123", ".public.old-9"}},
		{"glob star", "*", []string{"docs", ".docs.tmp-1", ".x.tmp-2"}},
		{"glob class", "[ab]", []string{"a", "b", ".a.tmp-1", ".b.old-2"}},
		{"glob question", "?", []string{"x", ".x.tmp-5"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			for _, d := range tc.mine {
				if err := os.MkdirAll(filepath.Join(parent, d), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(parent, d, "notes.txt"), []byte("mine"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			// A marker-looking file that is not ours in content.
			os.WriteFile(filepath.Join(parent, tc.mine[len(tc.mine)-1], MarkerFile), []byte("something else\n"), 0o644)
			dest := filepath.Join(parent, tc.dest)
			for range 2 {
				if err := Publish(context.Background(), dest, writeSite(map[string]string{"index.html": "x"}), nil); err != nil {
					t.Fatal(err)
				}
			}
			for _, d := range tc.mine {
				if b, err := os.ReadFile(filepath.Join(parent, d, "notes.txt")); string(b) != "mine" {
					t.Errorf("%s/notes.txt: %q, %v", d, b, err)
				}
			}
			if got := besides(t, dest); len(got) != len(tc.mine) {
				t.Errorf("beside the destination: %v, want only %v", got, tc.mine)
			}
		})
	}
}

// leaveFolder makes a folder as a killed build would have left it.
func leaveFolder(t *testing.T, path string, m marker, index string) {
	t.Helper()
	if err := os.MkdirAll(path, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(path, "index.html"), []byte(index), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeMarker(path, m); err != nil {
		t.Fatal(err)
	}
}

// deadPID returns the id of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("cannot run a child process:", err)
	}
	return cmd.Process.Pid
}

func TestPublishRestoresSiteLeftByKilledSwap(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	dead := deadPID(t)
	// Killed between the renames of the fallback swap: the old site is in
	// .old-, the new one, whole, still in .tmp-; no public/.
	leaveFolder(t, filepath.Join(parent, ".public.old-11"), marker{PID: dead, Complete: true}, "last good")
	leaveFolder(t, filepath.Join(parent, ".public.tmp-22"), marker{PID: dead, Complete: true}, "newer")
	leaveFolder(t, filepath.Join(parent, ".public.tmp-33"), marker{PID: dead}, "half")
	var said []string
	notify := func(f string, a ...any) { said = append(said, fmt.Sprintf(f, a...)) }
	err := Publish(context.Background(), dest, func(Output) error { return errors.New("the content has errors") }, notify)
	if err == nil {
		t.Fatal("a failing build published")
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "last good" {
		t.Errorf("public/index.html = %q, want the last published site restored", b)
	}
	if len(said) != 1 || !strings.Contains(said[0], "restored") {
		t.Errorf("notices = %q, want one saying the site was restored", said)
	}
	if got := besides(t, dest); len(got) != 0 {
		t.Errorf("left beside the destination: %v", got)
	}
}

// TestPublishCleansFoldersOfBuildsKilledWhileStarting: a build killed
// between making its folder and marking it, or while writing the marker,
// leaves a folder that holds nothing of anyone's; the next build removes
// it. A folder of the same name that holds anything else stays, and so
// does a marker rewritten whole.
func TestPublishCleansFoldersOfBuildsKilledWhileStarting(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	made := func(name string, files map[string]string) string {
		p := filepath.Join(parent, name)
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
		for f, body := range files {
			if err := os.WriteFile(filepath.Join(p, f), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	gone := []string{
		made(".public.tmp-51", nil),
		made(".public.tmp-52", map[string]string{MarkerFile: ""}),
		made(".public.tmp-53", map[string]string{MarkerFile: markerMagic[:5]}),
		made(".public.tmp-54", map[string]string{MarkerFile: string(marker{PID: 1}.bytes()[:20])}),
	}
	kept := []string{
		made(".public.tmp-61", map[string]string{MarkerFile: "notes of mine"}),
		made(".public.tmp-62", map[string]string{"notes.txt": "mine"}),
		made(".public.tmp-63", map[string]string{MarkerFile: markerMagic, "notes.txt": "mine"}),
		made(".public.old-64", nil),
	}
	if err := Publish(context.Background(), dest, writeSite(map[string]string{"index.html": "x"}), nil); err != nil {
		t.Fatal(err)
	}
	for _, p := range gone {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s, left by a build killed while starting, is still there", filepath.Base(p))
		}
	}
	for _, p := range kept {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s, which holds what a build never writes (or is not a temporary folder), was removed", filepath.Base(p))
		}
	}
}

func TestPublishKeepsFoldersOfLiveBuilds(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	// A folder marked by a process that is running (this test's parent):
	// it may be a build that does not take the lock; leave it alone.
	leaveFolder(t, filepath.Join(parent, ".public.tmp-44"), marker{PID: os.Getppid()}, "theirs")
	if err := Publish(context.Background(), dest, writeSite(map[string]string{"index.html": "x"}), nil); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(parent, ".public.tmp-44", "index.html")); string(b) != "theirs" {
		t.Error("removed the folder of a live process")
	}
}

// TestPublishTellsReusedProcessIDs: a folder whose marker names a running
// process by id, but one that started at another time, was left by a
// killed build whose id the system gave to a later process: it goes. The
// same marker with the process's own start stays.
func TestPublishTellsReusedProcessIDs(t *testing.T) {
	start, ok := processStart(os.Getppid())
	if !ok {
		t.Skip("this system does not say when processes start")
	}
	if own, ok := processStart(os.Getpid()); !ok || own < start {
		t.Fatalf("this process started at %d (%v), its parent at %d", own, ok, start)
	}
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	reused := filepath.Join(parent, ".public.tmp-71")
	live := filepath.Join(parent, ".public.tmp-72")
	leaveFolder(t, reused, marker{PID: os.Getppid(), Start: start + 1}, "a killed build's")
	leaveFolder(t, live, marker{PID: os.Getppid(), Start: start}, "theirs")
	if m, ok := readMarker(live); !ok || m.Start != start {
		t.Fatalf("the marker reads %+v, %v", m, ok)
	}
	if err := Publish(context.Background(), dest, writeSite(map[string]string{"index.html": "x"}), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(reused); !errors.Is(err, fs.ErrNotExist) {
		t.Error("kept the folder of a killed build whose process id was reused")
	}
	if b, _ := os.ReadFile(filepath.Join(live, "index.html")); string(b) != "theirs" {
		t.Error("removed the folder of a running process")
	}
	if m, ok := readMarker(dest); !ok || m.PID != os.Getpid() || !m.Complete || m.Start == 0 {
		t.Errorf("the published site's marker reads %+v, %v", m, ok)
	}
}

func TestPublishConcurrentBuildsWaitForEachOther(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	const n = 4
	errs := make(chan error, n)
	for i := range n {
		go func() {
			errs <- Publish(context.Background(), dest, func(out Output) error {
				for j := range 200 {
					if err := out.WriteFile(fmt.Sprintf("d%d/p%d.html", j%7, j), []byte(strconv.Itoa(i))); err != nil {
						return err
					}
				}
				time.Sleep(20 * time.Millisecond)
				return nil
			}, nil)
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	// One build's site, whole.
	first, _ := os.ReadFile(filepath.Join(dest, "d0/p0.html"))
	for j := range 200 {
		if b, _ := os.ReadFile(filepath.Join(dest, fmt.Sprintf("d%d/p%d.html", j%7, j))); string(b) != string(first) {
			t.Fatalf("mixed sites: p%d from build %s, p0 from %s", j, b, first)
		}
	}
	if got := besides(t, dest); len(got) != 0 {
		t.Errorf("left beside the destination: %v", got)
	}
}

func TestPublishRefusesSymlinkDestination(t *testing.T) {
	parent := t.TempDir()
	real := filepath.Join(parent, "real")
	os.Mkdir(real, 0o755)
	dest := filepath.Join(parent, "public")
	if err := os.Symlink(real, dest); err != nil {
		t.Skip(err)
	}
	err := Publish(context.Background(), dest, writeSite(map[string]string{"index.html": "x"}), nil)
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("err = %v, want one saying the destination is a symbolic link", err)
	}
}

// TestWriteMarkerRewrites: a marker rewritten (building, then complete, as
// a build does) holds exactly the last one, whether it is rewritten in
// place (the same length) or written anew.
func TestWriteMarkerRewrites(t *testing.T) {
	for _, tc := range []struct{ first, then marker }{
		{marker{PID: 4242}, marker{PID: 4242, Complete: true}},
		{marker{PID: 7, Complete: true}, marker{PID: 7}},
		{marker{PID: 7}, marker{PID: 123456, Complete: true}},
		{marker{PID: 123456, Complete: true}, marker{PID: 7}},
	} {
		dir := t.TempDir()
		for _, m := range []marker{tc.first, tc.then} {
			if err := writeMarker(dir, m); err != nil {
				t.Fatal(err)
			}
		}
		b, _ := os.ReadFile(filepath.Join(dir, MarkerFile))
		if got, ok := readMarker(dir); !ok || got != tc.then || string(b) != string(tc.then.bytes()) {
			t.Errorf("%+v then %+v: the marker reads %+v (ok %v): %q", tc.first, tc.then, got, ok, b)
		}
	}
}
