package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestReleaseVersion(t *testing.T) {
	when := time.Date(2026, 12, 1, 16, 45, 38, 0, time.UTC)
	const commit = "b2b820a2e3ab78d5e0ad2ca983e6b37a07b3b755"
	for _, tc := range []struct {
		tags []string
		want string
	}{
		{nil, "v0.0.0-20261201164538-b2b820a2e3ab"},
		{[]string{"v1.2.0"}, "v1.2.0"},
		{[]string{"v1.2.0", "v1.10.0", "v1.9.3"}, "v1.10.0"},
		{[]string{"v2.0.0-rc.1", "v2.0.0"}, "v2.0.0"},
		{[]string{"v2.0.0-rc.1", "v2.0.0-rc.2"}, "v2.0.0-rc.2"},
		{[]string{"v1.2", "vnext", "v1.2.3/x", "v1.2.3-ré"}, "v0.0.0-20261201164538-b2b820a2e3ab"},
	} {
		if got := releaseVersion(tc.tags, commit, when); got != tc.want {
			t.Errorf("releaseVersion(%q) = %q, want %q", tc.tags, got, tc.want)
		}
	}
}

func TestParseTargets(t *testing.T) {
	for _, tc := range []struct {
		in      []string
		want    []target
		wantErr bool
	}{
		{[]string{"linux/loong64"}, []target{{"linux", "loong64"}}, false},
		{[]string{"windows/amd64", " windows/amd64 ", "darwin/arm64"}, []target{{"windows", "amd64"}, {"darwin", "arm64"}}, false},
		{[]string{"linux"}, nil, true},
		{[]string{"linux/"}, nil, true},
		{[]string{"linux/arm/v7"}, nil, true},
		{nil, nil, true},
	} {
		got, err := parseTargets(tc.in)
		if (err != nil) != tc.wantErr || !slices.Equal(got, tc.want) {
			t.Errorf("parseTargets(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
	if _, err := parseTargets(DefaultTargets()); err != nil {
		t.Errorf("DefaultTargets: %v", err)
	}
}

func TestOutputDirectory(t *testing.T) {
	for _, tc := range []struct {
		files   []string
		wantErr bool
	}{
		{nil, false},
		{[]string{"SHA256SUMS", "mzshh-v1.0.0-linux-amd64.tar.gz", "mzshh-v1.0.0-windows-amd64.zip", ".release-123"}, false},
		{[]string{"SHA256SUMS", "notes.txt"}, true},
		{[]string{"mzshh-v1.0.0-linux-amd64.tar"}, true},
	} {
		dir := t.TempDir()
		for _, f := range tc.files {
			os.WriteFile(filepath.Join(dir, f), nil, 0o644)
		}
		if err := checkOut(dir); (err != nil) != tc.wantErr {
			t.Errorf("checkOut with %q: %v, want error %v", tc.files, err, tc.wantErr)
		}
	}
	if err := checkOut(filepath.Join(t.TempDir(), "new")); err != nil {
		t.Errorf("a new directory: %v", err)
	}
}

// TestArchivesAreDeterministic writes the same entries, in two orders,
// twice: the bytes are equal, the entries sorted, every time the given one.
func TestArchivesAreDeterministic(t *testing.T) {
	mtime := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	entries := []entry{
		{name: "top/", dir: true},
		{name: "top/mzshh", mode: 0o755, data: []byte("binary")},
		{name: "top/README.md", mode: 0o644, data: []byte("# readme\n")},
		{name: "top/example/", dir: true},
		{name: "top/example/content/", dir: true},
		{name: "top/example/content/2021/", dir: true},
		{name: "top/example/content/2021/班子.md", mode: 0o644, data: []byte("---\ntitle: 材料\n---\n")},
	}
	reversed := slices.Clone(entries)
	slices.Reverse(reversed)
	for _, asZip := range []bool{false, true} {
		dir := t.TempDir()
		a, err := writeArchive(filepath.Join(dir, "a"), asZip, entries, mtime)
		if err != nil {
			t.Fatal(err)
		}
		b, err := writeArchive(filepath.Join(dir, "b"), asZip, reversed, mtime)
		if err != nil {
			t.Fatal(err)
		}
		if a.SHA256 != b.SHA256 || a.Size != b.Size {
			t.Errorf("zip %v: two writes differ: %+v %+v", asZip, a, b)
		}
		later, _ := writeArchive(filepath.Join(dir, "c"), asZip, entries, mtime.Add(time.Hour))
		if later.SHA256 == a.SHA256 {
			t.Errorf("zip %v: the time stamp is not in the archive", asZip)
		}
		data, _ := os.ReadFile(filepath.Join(dir, "a"))
		names, times := listArchive(t, data, asZip)
		if !slices.IsSorted(names) || len(names) != len(entries) {
			t.Errorf("zip %v: entries %q, want the %d sorted", asZip, names, len(entries))
		}
		for i, tm := range times {
			if !tm.Equal(mtime) {
				t.Errorf("zip %v: %s has time %v, want %v", asZip, names[i], tm, mtime)
			}
		}
	}
	if _, err := writeArchive(filepath.Join(t.TempDir(), "d"), false, append(entries, entries[1]), mtime); err == nil {
		t.Error("two entries of the same name were accepted")
	}
}

// listArchive returns the names and times of an archive's entries.
func listArchive(t *testing.T, data []byte, asZip bool) (names []string, times []time.Time) {
	t.Helper()
	if asZip {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			names = append(names, f.Name)
			times = append(times, f.Modified)
		}
		return names, times
	}
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if !gz.ModTime.IsZero() || gz.Name != "" {
		t.Errorf("gzip header holds a time %v or a name %q", gz.ModTime, gz.Name)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return names, times
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Uid != 0 || h.Gid != 0 || h.Uname != "" || h.Gname != "" {
			t.Errorf("%s has an owner: %d/%d %q/%q", h.Name, h.Uid, h.Gid, h.Uname, h.Gname)
		}
		names = append(names, h.Name)
		times = append(times, h.ModTime)
	}
}

// TestReproducible builds a release twice from the repository's HEAD, for
// this machine's platform and windows/amd64, and compares the SHA-256 of
// every archive. With MZSHH_RELEASE_COLD=1 the second build starts from
// an empty Go build cache, so that nothing compiled is shared between the
// two (slow: the standard library is compiled again). It then unpacks this
// platform's archive and builds the example site with the binary in it.
func TestReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two releases; skipped with -short")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found")
	}
	ctx := context.Background()
	root, err := git(ctx, "../..", "rev-parse", "--show-toplevel")
	if err != nil {
		t.Skipf("not in a git work tree: %v", err)
	}
	commit, err := git(ctx, root, "rev-parse", "HEAD")
	if err != nil {
		t.Skipf("no commit: %v", err)
	}
	host := runtime.GOOS + "/" + runtime.GOARCH
	targets := []string{host, "windows/amd64"}
	var env []string
	if os.Getenv("MZSHH_RELEASE_COLD") == "1" {
		env = append(env, "GOCACHE="+t.TempDir())
	}

	tmp := t.TempDir()
	var sums [2][]byte
	var rel *Release
	for i, e := range [][]string{nil, env} {
		out := filepath.Join(tmp, []string{"a", "b"}[i], "dist")
		started := time.Now()
		rel, err = Build(ctx, Options{Dir: root, Rev: commit, Out: out, Targets: targets, Env: e})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("build %d: %v", i+1, time.Since(started).Round(time.Second))
		sums[i], err = os.ReadFile(filepath.Join(out, SumsFile))
		if err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(sums[0], sums[1]) {
		t.Fatalf("two builds of %s differ:\n%s\n%s", commit, sums[0], sums[1])
	}
	t.Logf("two builds of %s, equal SHA-256:\n%s", commit, sums[0])
	if n := strings.Count(string(sums[0]), "\n"); n != len(rel.Files) || n != len(slices.Compact(targets)) {
		t.Errorf("SHA256SUMS lists %d archives, want %d", n, len(targets))
	}

	// The Windows archive holds the binary, the README and the example.
	dist := filepath.Join(tmp, "a", "dist")
	top := "mzshh-" + rel.Version + "-windows-amd64"
	data, err := os.ReadFile(filepath.Join(dist, top+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	names, _ := listArchive(t, data, true)
	for _, want := range []string{"mzshh.exe", "README.md", "example/config.yaml", "example/content/2021/banzi.md"} {
		if !slices.Contains(names, top+"/"+want) {
			t.Errorf("%s.zip lacks %s/%s; it holds %q", top, top, want, names)
		}
	}

	// Unpack this platform's archive as an office would, and build the
	// example with its binary.
	if runtime.GOOS == "windows" {
		t.Skip("unpacking is tested on Unix")
	}
	top = "mzshh-" + rel.Version + "-" + runtime.GOOS + "-" + runtime.GOARCH
	unpacked := filepath.Join(tmp, "unpacked 档案")
	f, err := os.Open(filepath.Join(dist, top+".tar.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := untar(gz, unpacked); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(unpacked, top, "mzshh")
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil || !strings.Contains(string(out), rel.Version) || !strings.Contains(string(out), rel.Commit) {
		t.Errorf("mzshh version: %v: %s; want the version %s and commit %s", err, out, rel.Version, rel.Commit)
	}
	cmd := exec.Command(bin, "build")
	cmd.Dir = filepath.Join(unpacked, top, "example")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("mzshh build in the example: %v\n%s", err, out)
	}
	for _, page := range []string{"index.html", "2021/banzi.html", "ledger/2022.csv", "assets/style.css"} {
		if _, err := os.Stat(filepath.Join(cmd.Dir, "public", filepath.FromSlash(page))); err != nil {
			t.Errorf("the example's build lacks %s: %v", page, err)
		}
	}
}
