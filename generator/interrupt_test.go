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
		if err != nil || d.IsDir() {
			return err
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
	leftovers, _ := filepath.Glob(filepath.Join(site, ".public.*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary directories left after a good build: %v", leftovers)
	}
}
