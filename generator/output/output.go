// Package output is the last stage of the pipeline: it receives the files
// of a built site and puts them somewhere, in memory for the preview
// (Mem) or in a directory, swapped in atomically (Publish).
//
// # What Publish may touch
//
// Publish writes only inside the destination and in folders beside it
// that it made itself: .<base>.tmp-<digits> while a build runs, and
// .<base>.old-<digits> during the non-atomic fallback swap. Each of them
// holds a marker file naming the build and the process that owns it.
// Names are compared literally, never used as patterns, and a folder
// without a valid marker is never removed. One lock file,
// .<base>.lock, serialises builds into the same destination; it stays.
package output

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Output receives the files of a built site. Paths are slash-separated and
// relative to the site root. WriteFile must not keep data once it
// returns: the renderer writes page after page into one buffer.
type Output interface {
	WriteFile(name string, data []byte) error
}

// Mem keeps a built site in memory, for serving and for tests.
type Mem struct {
	mu    sync.Mutex
	Files map[string][]byte
}

// WriteFile stores a copy of data under name.
func (m *Mem) WriteFile(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Files == nil {
		m.Files = map[string][]byte{}
	}
	m.Files[name] = bytes.Clone(data)
	return nil
}

// Discard is an output that keeps nothing, for checking a site.
type Discard struct{}

// WriteFile checks name and drops data.
func (Discard) WriteFile(name string, _ []byte) error { return CheckName(name) }

// CheckName refuses names that would leave the output directory.
func CheckName(name string) error {
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, "\\") {
		return fmt.Errorf("refusing to write %q: it is not a path inside the output directory", name)
	}
	return nil
}

// dirOutput writes into a directory.
type dirOutput struct {
	root string
	mu   sync.Mutex
	dirs map[string]bool
}

func (d *dirOutput) WriteFile(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	full := filepath.Join(d.root, filepath.FromSlash(name))
	dir := path.Dir(name)
	d.mu.Lock()
	made := d.dirs[dir]
	d.mu.Unlock()
	if !made {
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		d.mu.Lock()
		d.dirs[dir] = true
		d.mu.Unlock()
	}
	return os.WriteFile(full, data, 0o644)
}
