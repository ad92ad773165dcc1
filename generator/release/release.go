package main

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultTargets are the platforms of a release: Windows, the domestic
// Linux systems on x86-64, ARM64 (Phytium, Kunpeng) and LoongArch
// (Loongson), and macOS.
func DefaultTargets() []string {
	return []string{
		"windows/amd64", "windows/arm64",
		"linux/amd64", "linux/arm64", "linux/loong64",
		"darwin/arm64", "darwin/amd64",
	}
}

// Options say what to build and where.
type Options struct {
	Dir     string   // the repository (default ".")
	Rev     string   // the commit to build (default HEAD)
	Out     string   // the output directory (default "dist")
	Targets []string // os/arch pairs (default DefaultTargets())
	Env     []string // extra environment of the go builds (tests set GOCACHE)
	Log     io.Writer
}

// Release is what Build wrote.
type Release struct {
	Version string
	Commit  string
	Time    time.Time // the commit time: every time stamp in the archives
	Files   []File    // the archives, sorted by name
}

// File is one archive of a release.
type File struct {
	Name   string
	Size   int64
	SHA256 string
}

// SumsFile is the name of the checksum list.
const SumsFile = "SHA256SUMS"

// Build makes a release of o.Rev into o.Out.
func Build(ctx context.Context, o Options) (*Release, error) {
	if o.Dir == "" {
		o.Dir = "."
	}
	if o.Rev == "" {
		o.Rev = "HEAD"
	}
	if o.Out == "" {
		o.Out = "dist"
	}
	if o.Targets == nil {
		o.Targets = DefaultTargets()
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	targets, err := parseTargets(o.Targets)
	if err != nil {
		return nil, err
	}
	rel, err := resolve(ctx, o.Dir, o.Rev)
	if err != nil {
		return nil, err
	}
	if err := checkOut(o.Out); err != nil {
		return nil, err
	}

	work, err := os.MkdirTemp("", "mzshh-release-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	src := filepath.Join(work, "src")
	if err := export(ctx, o.Dir, rel.Commit, src); err != nil {
		return nil, err
	}
	example, err := exampleEntries(src)
	if err != nil {
		return nil, err
	}

	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, err
	}
	stage, err := os.MkdirTemp(o.Out, stagePrefix)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(stage)
	for _, t := range targets {
		fmt.Fprintf(o.Log, "building %s/%s\n", t.os, t.arch)
		bin := filepath.Join(work, "bin", t.os+"-"+t.arch, t.binary())
		if err := goBuild(ctx, src, bin, t, rel, o.Env); err != nil {
			return nil, err
		}
		data, err := os.ReadFile(bin)
		if err != nil {
			return nil, err
		}
		top := "mzshh-" + rel.Version + "-" + t.os + "-" + t.arch
		entries := append([]entry{
			{name: top + "/", dir: true},
			{name: top + "/" + t.binary(), mode: 0o755, data: data},
		}, prefixed(top+"/", example)...)
		name := top + t.ext()
		f, err := writeArchive(filepath.Join(stage, name), t.os == "windows", entries, rel.Time)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		rel.Files = append(rel.Files, f)
	}
	slices.SortFunc(rel.Files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	if err := os.WriteFile(filepath.Join(stage, SumsFile), sums(rel.Files), 0o644); err != nil {
		return nil, err
	}

	// Replace an earlier release only now that this one is complete.
	if err := clearOut(o.Out, filepath.Base(stage)); err != nil {
		return nil, err
	}
	for _, f := range append(rel.Files, File{Name: SumsFile}) {
		if err := os.Rename(filepath.Join(stage, f.Name), filepath.Join(o.Out, f.Name)); err != nil {
			return nil, err
		}
	}
	for _, f := range rel.Files {
		fmt.Fprintf(o.Log, "%s  %s (%d bytes)\n", f.SHA256, f.Name, f.Size)
	}
	return rel, nil
}

// target is one os/arch pair.
type target struct{ os, arch string }

func (t target) binary() string {
	if t.os == "windows" {
		return "mzshh.exe"
	}
	return "mzshh"
}

func (t target) ext() string {
	if t.os == "windows" {
		return ".zip"
	}
	return ".tar.gz"
}

func parseTargets(list []string) ([]target, error) {
	var out []target
	seen := map[string]bool{}
	for _, s := range list {
		s = strings.TrimSpace(s)
		goos, goarch, ok := strings.Cut(s, "/")
		if !ok || goos == "" || goarch == "" || strings.ContainsAny(goos+goarch, "/ ") {
			return nil, fmt.Errorf("target %q: want os/arch, such as linux/loong64", s)
		}
		if seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, target{goos, goarch})
	}
	if len(out) == 0 {
		return nil, errors.New("no targets")
	}
	return out, nil
}

// resolve finds the commit, its time and the release version.
func resolve(ctx context.Context, dir, rev string) (*Release, error) {
	commit, err := git(ctx, dir, "rev-parse", "--verify", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return nil, err
	}
	secs, err := git(ctx, dir, "show", "-s", "--format=%ct", commit)
	if err != nil {
		return nil, err
	}
	n, err := strconv.ParseInt(secs, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("commit time %q: %w", secs, err)
	}
	when := time.Unix(n, 0).UTC()
	tags, err := git(ctx, dir, "tag", "--points-at", commit, "--list", "v*")
	if err != nil {
		return nil, err
	}
	return &Release{Version: releaseVersion(strings.Fields(tags), commit, when), Commit: commit, Time: when}, nil
}

// releaseVersion is the highest semantic-version tag of the commit, or a
// Go pseudo-version made of the commit time and hash.
func releaseVersion(tags []string, commit string, when time.Time) string {
	var best string
	for _, t := range tags {
		if isSemver(t) && (best == "" || compareSemver(t, best) > 0) {
			best = t
		}
	}
	if best != "" {
		return best
	}
	return "v0.0.0-" + when.UTC().Format("20060102150405") + "-" + commit[:min(12, len(commit))]
}

// isSemver accepts vMAJOR.MINOR.PATCH with an optional -prerelease; a tag
// with other characters could not name a file on every system.
func isSemver(v string) bool {
	core, pre, _ := strings.Cut(strings.TrimPrefix(v, "v"), "-")
	if !strings.HasPrefix(v, "v") {
		return false
	}
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if _, err := strconv.Atoi(p); err != nil || p == "" || p[0] == '+' || p[0] == '-' {
			return false
		}
	}
	for _, r := range pre {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}

// compareSemver orders two versions accepted by isSemver; a prerelease
// comes before its release.
func compareSemver(a, b string) int {
	ca, pa, _ := strings.Cut(a[1:], "-")
	cb, pb, _ := strings.Cut(b[1:], "-")
	xa, xb := strings.Split(ca, "."), strings.Split(cb, ".")
	for i := range 3 {
		na, _ := strconv.Atoi(xa[i])
		nb, _ := strconv.Atoi(xb[i])
		if na != nb {
			return na - nb
		}
	}
	switch {
	case pa == pb:
		return 0
	case pa == "":
		return 1
	case pb == "":
		return -1
	}
	return strings.Compare(pa, pb)
}

func git(ctx context.Context, dir string, args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(stdout.String()), nil
}

// export writes the commit's tree into dst.
func export(ctx context.Context, dir, commit, dst string) error {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "archive", "--format=tar", commit)
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	err = untar(out, dst)
	io.Copy(io.Discard, out)
	if werr := cmd.Wait(); werr != nil {
		return fmt.Errorf("git archive %s: %v: %s", commit, werr, strings.TrimSpace(stderr.String()))
	}
	return err
}

// untar writes a tar stream of git archive into dst.
func untar(r io.Reader, dst string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := strings.TrimSuffix(h.Name, "/")
		if h.Typeflag == tar.TypeXGlobalHeader {
			continue
		}
		if !fs.ValidPath(name) {
			return fmt.Errorf("archive entry %q is not a relative path", h.Name)
		}
		p := filepath.Join(dst, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(p, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, fs.FileMode(h.Mode)&0o755|0o644)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, tr)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		case tar.TypeSymlink:
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.Symlink(h.Linkname, p); err != nil {
				return err
			}
		default:
			return fmt.Errorf("archive entry %q has an unexpected type %q", h.Name, h.Typeflag)
		}
	}
}

// goBuild cross-compiles the generator. The environment is pinned where
// it could change the bytes: no cgo, the baseline instruction sets, no
// experiments, no GOFLAGS or workspace from the caller.
func goBuild(ctx context.Context, src, bin string, t target, rel *Release, extra []string) error {
	ldflags := strings.Join([]string{
		"-s", "-w", "-buildid=",
		"-X", "main.releaseVersion=" + rel.Version,
		"-X", "main.releaseCommit=" + rel.Commit,
		"-X", "main.releaseTime=" + rel.Time.Format(time.RFC3339),
	}, " ")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-buildvcs=false", "-ldflags", ldflags, "-o", bin, "./generator")
	cmd.Dir = src
	cmd.Env = append(os.Environ(),
		"GOOS="+t.os, "GOARCH="+t.arch, "CGO_ENABLED=0",
		"GOFLAGS=", "GOWORK=off", "GOTOOLCHAIN=local", "GOEXPERIMENT=",
		"GOAMD64=v1", "GOARM64=v8.0", "GO386=sse2",
	)
	cmd.Env = append(cmd.Env, extra...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go build for %s/%s: %v\n%s", t.os, t.arch, err, out)
	}
	return nil
}

// exampleEntries are README.md and example/ (config.yaml and content/)
// from the exported tree.
func exampleEntries(src string) ([]entry, error) {
	var out []entry
	add := func(name, file string) error {
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		out = append(out, entry{name: name, mode: 0o644, data: data})
		return nil
	}
	if err := add("README.md", filepath.Join(src, "README.md")); err != nil {
		return nil, err
	}
	out = append(out, entry{name: "example/", dir: true})
	if err := add("example/config.yaml", filepath.Join(src, "config.yaml")); err != nil {
		return nil, err
	}
	root := filepath.Join(src, "content")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		name := path.Join("example", filepath.ToSlash(rel))
		switch {
		case d.IsDir():
			out = append(out, entry{name: name + "/", dir: true})
		case d.Type().IsRegular():
			return add(name, p)
		default:
			return fmt.Errorf("%s: not a regular file", name)
		}
		return nil
	})
	return out, err
}

func prefixed(prefix string, es []entry) []entry {
	out := make([]entry, len(es))
	for i, e := range es {
		e.name = prefix + e.name
		out[i] = e
	}
	return out
}

// sums is the SHA256SUMS file: sha256sum's format, sorted by name.
func sums(files []File) []byte {
	var b bytes.Buffer
	for _, f := range files {
		fmt.Fprintf(&b, "%s  %s\n", f.SHA256, f.Name)
	}
	return b.Bytes()
}

// stagePrefix names the folder inside the output directory where a
// release is put together before it replaces the previous one.
const stagePrefix = ".release-"

// isReleaseFile reports whether a file of the output directory is one a
// release writes.
func isReleaseFile(name string) bool {
	return name == SumsFile || strings.HasPrefix(name, stagePrefix) ||
		strings.HasPrefix(name, "mzshh-") && (strings.HasSuffix(name, ".zip") || strings.HasSuffix(name, ".tar.gz"))
}

// checkOut refuses an output directory that holds anything a release did
// not write.
func checkOut(out string) error {
	des, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, de := range des {
		if !isReleaseFile(de.Name()) {
			return fmt.Errorf("%s holds %s, which is not part of a release; choose an empty or new -o directory", out, de.Name())
		}
	}
	return nil
}

// clearOut removes what earlier releases left in out: their files, and
// the staging folders of runs that were interrupted; not keep, this run's.
func clearOut(out, keep string) error {
	des, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	for _, de := range des {
		if isReleaseFile(de.Name()) && de.Name() != keep {
			if err := os.RemoveAll(filepath.Join(out, de.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}
