package render

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Output receives the files of a built site. Paths are slash-separated and
// relative to the site root.
type Output interface {
	WriteFile(name string, data []byte) error
}

// MemOutput keeps a built site in memory, for serving.
type MemOutput struct {
	mu    sync.Mutex
	Files map[string][]byte
}

// WriteFile stores data under name.
func (m *MemOutput) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Files == nil {
		m.Files = map[string][]byte{}
	}
	m.Files[name] = data
	return nil
}

// checkName refuses names that would leave the output directory.
func checkName(name string) error {
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
	if err := checkName(name); err != nil {
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

// MarkerFile is written into every built site. Publish replaces only a
// directory that holds it (or an empty one), so it never deletes a
// directory of the user's by mistake.
const MarkerFile = ".mzshh-build"

// Publish builds the site into a temporary directory beside dest with
// write, then swaps it in place of dest. If write fails or ctx is done
// before the swap (Ctrl-C), dest is left as it was.
func Publish(ctx context.Context, dest string, write func(Output) error) error {
	dest = filepath.Clean(dest)
	if err := checkReplaceable(dest); err != nil {
		return err
	}
	parent, base := filepath.Split(dest)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	removeLeftovers(parent, base)
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // no-op after the rename
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	out := &dirOutput{root: tmp, dirs: map[string]bool{}}
	if err := write(out); err != nil {
		return err
	}
	if err := out.WriteFile(MarkerFile, []byte("built by go run ./generator build; this directory is replaced on every build\n")); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	old := ""
	if _, err := os.Lstat(dest); err == nil {
		old = filepath.Join(parent, "."+base+".old-"+filepath.Base(tmp)[len(base)+6:])
		if err := os.Rename(dest, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dest); err != nil {
		if old != "" {
			os.Rename(old, dest)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// removeLeftovers deletes the temporary directories of builds that were
// killed before they could clean up: .<base>.tmp-* and .<base>.old-*
// beside the destination, recognised by the build marker inside (or being
// empty), so nothing else is ever deleted.
func removeLeftovers(parent, base string) {
	for _, kind := range []string{".tmp-", ".old-"} {
		matches, _ := filepath.Glob(filepath.Join(parent, "."+base+kind+"*"))
		for _, m := range matches {
			if checkReplaceable(m) == nil || kind == ".tmp-" {
				os.RemoveAll(m)
			}
		}
	}
}

// checkReplaceable refuses a destination that is neither missing, empty,
// nor an earlier build's output.
func checkReplaceable(dest string) error {
	fi, err := os.Lstat(dest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("destination %s is not a directory; refusing to replace it", dest)
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dest, MarkerFile)); err == nil {
		return nil
	}
	return fmt.Errorf("destination %s is not empty and was not made by this generator (no %s in it); refusing to replace it: choose another directory with -d", dest, MarkerFile)
}
