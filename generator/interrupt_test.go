package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// treeHash hashes every file name and content under dir.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == ".mzshh-build" {
			return err // the marker names the process that built the site
		}
		b, err := os.ReadFile(p)
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestInterruptedBuildKeepsPreviousOutput kills real builds (SIGINT and
// SIGKILL) at different moments and checks that public/ stays
// byte-identical to the last finished build, and that the next build
// cleans up what the killed one left.
func TestInterruptedBuildKeepsPreviousOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the generator binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "generator")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// A site big enough that a build takes a while: the example 2020 team
	// document plus 400 copies of the 2021 one.
	site := filepath.Join(dir, "site")
	src2020, err := os.ReadFile("../content/2020/banzi.md")
	if err != nil {
		t.Fatal(err)
	}
	src2021, _ := os.ReadFile("../content/2021/banzi.md")
	files := map[string]string{"content/2020/banzi.md": string(src2020)}
	for i := range 400 {
		files[fmt.Sprintf("content/2021/copy%03d.md", i)] = strings.Replace(string(src2021), "unit: ××镇领导班子", fmt.Sprintf("unit: 单位%03d", i), 1)
	}
	writeFiles(t, site, files)
	public := filepath.Join(site, "public")
	build := func() *exec.Cmd {
		cmd := exec.Command(bin, "build", "-s", site)
		cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
		return cmd
	}
	start := time.Now()
	if err := build().Run(); err != nil {
		t.Fatal(err)
	}
	full := time.Since(start)
	before := treeHash(t, public)

	for i, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGINT, syscall.SIGKILL, syscall.SIGINT, syscall.SIGKILL} {
		cmd := build()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(full * time.Duration(i+1) / 6)
		cmd.Process.Signal(sig)
		cmd.Wait()
		if got := treeHash(t, public); got != before {
			// A build that finished before the signal arrived may
			// legitimately publish; it must then be whole and identical.
			if cmd.ProcessState.Success() {
				before = got
				continue
			}
			t.Fatalf("%v after %v changed public/", sig, full*time.Duration(i+1)/6)
		}
	}
	if err := build().Run(); err != nil {
		t.Fatal(err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(site, ".public.[to]*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary directories left after a good build: %v", leftovers)
	}
}

// TestBuildKilledAtEachRename kills real builds at each rename of the
// swap, and at the rename that restores a site, by fault injection with
// strace: public/ is always a whole site (the old or the new one), or,
// when the fallback swap was cut between its renames, the next build puts
// the last good site back and says so, even when that build fails.
func TestBuildKilledAtEachRename(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the generator binary")
	}
	strace, err := exec.LookPath("strace")
	if err != nil {
		t.Skip("strace is not installed")
	}
	if out, err := exec.Command(strace, "-f", "-o", os.DevNull, "true").CombinedOutput(); err != nil {
		t.Skipf("strace cannot trace here: %v %s", err, out)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "generator")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	src, err := os.ReadFile("../content/2020/banzi.md")
	if err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "site")
	public := filepath.Join(site, "public")
	doc := filepath.Join(site, "content/2020/banzi.md")
	setTitle := func(title string) {
		t.Helper()
		s := strings.Replace(string(src), "\ntitle:", "\ntitle: "+title, 1)
		writeFiles(t, site, map[string]string{"content/2020/banzi.md": s})
	}
	run := func(inject ...string) (string, error) {
		args := []string{"-f", "-o", os.DevNull}
		for _, in := range inject {
			args = append(args, "-e", "inject="+in)
		}
		args = append(args, bin, "build", "-s", site)
		var out bytes.Buffer
		cmd := exec.Command(strace, args...)
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	hashOf := func() string {
		t.Helper()
		if _, err := os.Stat(filepath.Join(public, "index.html")); err != nil {
			return "missing"
		}
		return treeHash(t, public)
	}
	setTitle("甲")
	if out, err := run(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	first := hashOf()
	setTitle("乙")
	if out, err := run(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	second := hashOf()
	os.RemoveAll(public)
	setTitle("甲")
	run()
	if hashOf() != first {
		t.Fatal("builds are not reproducible: the test cannot tell sites apart")
	}

	const noExchange = "renameat2:error=EINVAL" // forces the two-rename fallback
	for _, tc := range []struct {
		name        string
		inject      []string
		wantMissing bool // the kill leaves no public/ (the fallback's gap)
	}{
		{"at the exchange", []string{"renameat2:signal=SIGKILL:when=1"}, false},
		{"fallback, at the first rename", []string{noExchange, "renameat:signal=SIGKILL:when=1"}, false},
		{"fallback, between the renames", []string{noExchange, "renameat:signal=SIGKILL:when=2"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			setTitle("甲")
			if out, err := run(); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			setTitle("乙")
			out, err := run(tc.inject...)
			if err == nil {
				t.Fatalf("the build was not killed:\n%s", out)
			}
			h := hashOf()
			if h != first && h != second && h != "missing" {
				t.Fatal("public/ is neither the old site nor the new one")
			}
			if (h == "missing") != tc.wantMissing {
				t.Fatalf("public/ missing: %v, want %v: the injection did not hit the rename it names", h == "missing", tc.wantMissing)
			}
			if h == "missing" {
				// Kill the restore too, once: still nothing lost.
				run("renameat:signal=SIGKILL:when=1")
				if hashOf() != "missing" {
					t.Fatal("the killed restore left a partial site")
				}
				// A failing build restores the last good site first.
				os.WriteFile(doc, []byte("---\ntitle: [broken\n---\n"), 0o644)
				out, err := run()
				if err == nil {
					t.Fatalf("a build of broken content succeeded:\n%s", out)
				}
				if hashOf() != first {
					t.Fatalf("after a failed build, public/ is not the last good site:\n%s", out)
				}
				if !strings.Contains(out, "restored the last good site") {
					t.Errorf("the build did not say it restored the site:\n%s", out)
				}
			}
			setTitle("乙")
			if out, err := run(); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if hashOf() != second {
				t.Fatal("the next good build did not publish the new site")
			}
			if left, _ := filepath.Glob(filepath.Join(site, ".public.[to]*")); len(left) != 0 {
				t.Errorf("left beside public/: %v", left)
			}
		})
	}
}
