package importer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportChecksTheOutputFirst refuses to import to a file that exists
// before reading the material, when -o or --year and --name say where it
// goes: the material here is not even there. With -f it is overwritten.
func TestImportChecksTheOutputFirst(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.md")
	banzi := filepath.Join(dir, "content", "2021", "banzi.md")
	for _, f := range []string{out, banzi} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte("kept"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	missing := filepath.Join(dir, "missing.docx")
	for _, args := range [][]string{
		{"-s", dir, "-o", out, missing},
		{"-s", dir, "--year", "2021", "--name", "banzi", missing},
		{"-s", dir, "--year=2021", "--name=banzi.md", missing},
	} {
		var stdout, stderr bytes.Buffer
		err := RunImport(args, &stdout, &stderr)
		if !errors.Is(err, ErrReported) || !strings.Contains(stderr.String(), "already exists; give -f to overwrite it") {
			t.Errorf("import %v: %v, %q", args, err, stderr.String())
		}
		if strings.Contains(stderr.String(), "no such file") {
			t.Errorf("import %v read the material first: %q", args, stderr.String())
		}
	}
	// Where the path comes from the material, it is checked once that is
	// read, and reported the same way.
	var stdout, stderr bytes.Buffer
	err := RunImport([]string{"-s", dir, "--unit", "××镇领导班子", seedText}, &stdout, &stderr)
	if !errors.Is(err, ErrReported) || !strings.Contains(stderr.String(), seedText+": "+banzi+" already exists") {
		t.Errorf("import to a derived path: %v, %q", err, stderr.String())
	}
	for _, f := range []string{out, banzi} {
		if b, _ := os.ReadFile(f); string(b) != "kept" {
			t.Errorf("%s was overwritten", f)
		}
	}
	stdout.Reset()
	stderr.Reset()
	if err := RunImport([]string{"-s", dir, "-f", "-o", out, seedText}, &stdout, &stderr); err != nil {
		t.Fatalf("import -f: %v, %q", err, stderr.String())
	}
	if b, _ := os.ReadFile(out); !bytes.HasPrefix(b, []byte("---\ntitle: ")) {
		t.Errorf("-f did not overwrite %s: %.40q", out, b)
	}
}

// TestImportRefusesAHugeFile refuses a file larger than the limit without
// reading it all.
func TestImportRefusesAHugeFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "huge.docx")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Truncate(file, 1<<40); err != nil { // sparse: a terabyte of nothing
		t.Skip(err)
	}
	var stdout, stderr bytes.Buffer
	withLimits(func(l *readLimits) { l.file = 1 << 20 }, func() {
		err = RunImport([]string{"-s", dir, "-o", "-", file}, &stdout, &stderr)
	})
	if !errors.Is(err, ErrReported) || stderr.String() != file+": the file is more than 1.0 MB, far more than a material\n" {
		t.Errorf("%v, %q", err, stderr.String())
	}
}
