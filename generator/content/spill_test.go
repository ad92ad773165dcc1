package content

import (
	"bytes"
	"fmt"
	"mzshh/generator/diag"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// spillSources are documents of different sizes, so that bodies land at
// uneven offsets.
func spillSources(n int) [][]byte {
	srcs := make([][]byte, n)
	for i := range srcs {
		var b strings.Builder
		b.WriteString(header)
		b.WriteString("## 二、存在的主要问题\n\n")
		for j := range i%7 + 1 {
			fmt.Fprintf(&b, "### （%d）第%d个问题 {#p%d}\n\n文档%d的问题%d，%s。\n\n", j+1, j+1, j+1, i, j, strings.Repeat("学习不深入", i%13+1))
		}
		srcs[i] = []byte(b.String())
	}
	return srcs
}

// TestSpillKeepsBodies parses documents in parallel with a spill file and
// without one: every body read back is the one kept in memory.
func TestSpillKeepsBodies(t *testing.T) {
	spill, err := NewSpill()
	if err != nil {
		t.Fatal(err)
	}
	defer spill.Close()
	plain := NewParser(Config{}, DefaultVocabulary(), nil)
	spilling := NewParser(Config{}, DefaultVocabulary(), nil)
	spilling.SpillTo(spill)

	srcs := spillSources(200)
	got := make([]*Document, len(srcs))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(srcs); i += 4 {
				got[i], _ = spilling.Parse("content/2021/banzi.md", srcs[i])
			}
		})
	}
	wg.Wait()
	for i, src := range srcs {
		want, _ := plain.Parse("content/2021/banzi.md", src)
		if got[i].spill != spill {
			t.Fatalf("document %d: body not in the spill file", i)
		}
		if g, w := bodyOf(t, got[i]), bodyOf(t, want); !bytes.Equal(g, w) {
			t.Fatalf("document %d: body read back differs:\n%s\nwant\n%s", i, g, w)
		}
	}
	// AppendBody, into one buffer reused from document to document.
	buf := []byte("前")
	for i, d := range got {
		for _, d := range []*Document{d, must(plain.Parse("content/2021/banzi.md", srcs[i]))} {
			var err error
			if buf, err = d.AppendBody(buf[:len("前")]); err != nil {
				t.Fatal(err)
			}
			if want := append([]byte("前"), bodyOf(t, d)...); !bytes.Equal(buf, want) {
				t.Fatalf("document %d: AppendBody gave\n%s\nwant\n%s", i, buf, want)
			}
		}
	}
}

// must is d, whatever the diagnostics.
func must(d *Document, _ diag.List) *Document { return d }

// TestSpillFailures: a spill file that cannot be written leaves the body in
// memory; one that cannot be read back makes Body fail, not panic.
func TestSpillFailures(t *testing.T) {
	src := spillSources(3)[2]
	want, _ := NewParser(Config{}, DefaultVocabulary(), nil).Parse("content/2021/banzi.md", src)

	// Opened for reading only: every write fails.
	name := t.TempDir() + "/bodies"
	if err := os.WriteFile(name, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	readOnly := &Spill{f: f}
	defer readOnly.Close()
	p := NewParser(Config{}, DefaultVocabulary(), nil)
	p.SpillTo(readOnly)
	d, _ := p.Parse("content/2021/banzi.md", src)
	if d.spill != nil {
		t.Fatal("a body was handed to a spill file that cannot be written")
	}
	if !bytes.Equal(bodyOf(t, d), bodyOf(t, want)) {
		t.Fatal("the body kept in memory after a failed spill differs")
	}

	spill, err := NewSpill()
	if err != nil {
		t.Fatal(err)
	}
	p = NewParser(Config{}, DefaultVocabulary(), nil)
	p.SpillTo(spill)
	d, _ = p.Parse("content/2021/banzi.md", src)
	if err := spill.Close(); err != nil {
		t.Fatal(err)
	}
	if b, err := d.Body(); err == nil {
		t.Fatalf("Body of a closed spill file gave %d bytes and no error", len(b))
	} else if !strings.Contains(err.Error(), "document body") {
		t.Errorf("error %q does not say what failed", err)
	}
}

// TestSpillLeavesNothing: the spill file, which holds the bodies of
// possibly classified documents, is gone from the temporary folder once
// closed, and on systems that allow it from the start.
func TestSpillLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir) // Unix
	t.Setenv("TMP", dir)    // Windows
	t.Setenv("TEMP", dir)
	spill, err := NewSpill()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := spill.store([]byte("正文")); err != nil {
		t.Fatal(err)
	}
	left := func() []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	if names := left(); runtime.GOOS != "windows" && len(names) > 0 {
		t.Errorf("the open spill file has a name: %v", names)
	}
	if err := spill.Close(); err != nil {
		t.Fatal(err)
	}
	if names := left(); len(names) > 0 {
		t.Errorf("left after Close: %v", names)
	}
}
