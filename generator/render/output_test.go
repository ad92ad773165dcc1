package render

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
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
	if err := Publish(context.Background(), dest, writeSite(map[string]string{"index.html": "v1", "old/page.html": "old"})); err != nil {
		t.Fatal(err)
	}
	if err := Publish(context.Background(), dest, writeSite(map[string]string{"index.html": "v2"})); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "v2" {
		t.Errorf("index.html = %q, want v2", b)
	}
	if _, err := os.Stat(filepath.Join(dest, "old/page.html")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale file from the previous build survived: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Errorf("temporary directories left beside the destination: %v", entries)
	}
}

func TestPublishFailureKeepsPreviousOutput(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := Publish(context.Background(), dest, writeSite(map[string]string{"index.html": "good"})); err != nil {
		t.Fatal(err)
	}
	failing := func(out Output) error {
		out.WriteFile("index.html", []byte("half"))
		return errors.New("template broke")
	}
	if err := Publish(context.Background(), dest, failing); err == nil {
		t.Fatal("a failing build published")
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "good" {
		t.Errorf("previous output damaged: index.html = %q", b)
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Errorf("temporary directories left beside the destination: %v", entries)
	}
}

func TestPublishRefusesForeignDirectory(t *testing.T) {
	dest := t.TempDir()
	if err := os.WriteFile(filepath.Join(dest, "thesis.docx"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Publish(context.Background(), dest, writeSite(map[string]string{"index.html": "x"}))
	if err == nil {
		t.Fatal("published over a directory the generator did not make")
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "thesis.docx")); string(b) != "precious" {
		t.Errorf("user's file damaged")
	}
}

func TestOutputRefusesPathsOutside(t *testing.T) {
	var mem MemOutput
	dest := filepath.Join(t.TempDir(), "public")
	for _, name := range []string{"../evil.html", "/etc/passwd", "a/../../b", `a\..\b`, ""} {
		if err := mem.WriteFile(name, nil); err == nil {
			t.Errorf("MemOutput accepted %q", name)
		}
		err := Publish(context.Background(), dest, writeSite(map[string]string{name: "x"}))
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
	if err := Publish(context.Background(), dest, writeSite(map[string]string{"index.html": "good"})); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err := Publish(ctx, dest, func(out Output) error {
		cancel() // Ctrl-C while pages are written
		return out.WriteFile("index.html", []byte("new"))
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(b) != "good" {
		t.Errorf("interrupted build changed the output: %q", b)
	}
}
