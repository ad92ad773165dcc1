package output

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MarkerFile is written into every built site and into every folder a
// build makes beside its destination. Publish replaces only a destination
// that holds it (or an empty one), and removes only folders whose marker
// it can read.
const MarkerFile = ".mzshh-build"

// markerMagic starts every marker this version writes.
const markerMagic = "mzshh-build 1"

// marker is the content of a MarkerFile.
type marker struct {
	PID int
	// Start is when the process started (processStart), where the system
	// says; 0 if not known.
	Start    uint64
	Complete bool // the folder holds a whole site
}

// ownMarker is the marker of this process's build.
func ownMarker(complete bool) marker {
	start, _ := processStart(os.Getpid())
	return marker{PID: os.Getpid(), Start: start, Complete: complete}
}

func (m marker) bytes() []byte {
	state := "building"
	if m.Complete {
		state = "complete"
	}
	start := ""
	if m.Start != 0 {
		start = fmt.Sprintf("start %d\n", m.Start)
	}
	return fmt.Appendf(nil, "%s\npid %d\n%sstate %s\n# made by the archive generator's build; this folder is replaced on every build\n", markerMagic, m.PID, start, state)
}

// running reports whether the process that wrote m may still be running:
// a process of its id exists and, where the system says when processes
// start, started when it did. (Process ids are reused: on Linux there are
// 32,768 by default.)
func (m marker) running() bool {
	if !processAlive(m.PID) {
		return false
	}
	if m.Start == 0 {
		return true
	}
	start, ok := processStart(m.PID)
	return !ok || start == m.Start
}

// readMarker reads the marker of dir; ok is false when there is none or it
// is not one this generator wrote.
func readMarker(dir string) (m marker, ok bool) {
	b, err := os.ReadFile(filepath.Join(dir, MarkerFile))
	if err != nil || len(b) > 4096 {
		return m, false
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	if !sc.Scan() || sc.Text() != markerMagic {
		return m, false
	}
	seenPID, seenState := false, false
	for sc.Scan() {
		key, val, _ := strings.Cut(sc.Text(), " ")
		switch key {
		case "pid":
			n, err := strconv.Atoi(val)
			if err != nil || n <= 0 {
				return m, false
			}
			m.PID, seenPID = n, true
		case "start":
			n, err := strconv.ParseUint(val, 10, 64)
			if err != nil {
				return m, false
			}
			m.Start = n
		case "state":
			switch val {
			case "building":
			case "complete":
				m.Complete = true
			default:
				return m, false
			}
			seenState = true
		}
	}
	return m, seenPID && seenState
}

// writeMarker writes dir's marker. A marker is rewritten in place, not
// truncated first: a building marker and a complete one are the same
// length, and one write of a few bytes into a file's first page is never
// cut short by a kill, so the file holds one marker or the other, never
// part of one. (Renaming a new marker over the old would do too, but the
// interruption tests count a build's renames.)
func writeMarker(dir string, m marker) error {
	path := filepath.Join(dir, MarkerFile)
	b := m.bytes()
	if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(b)) {
			_, err = f.WriteAt(b, 0)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			return err
		}
		f.Close()
	}
	return os.WriteFile(path, b, 0o644)
}

// unstarted reports whether dir is a folder of ours that a build was killed
// in before its marker was whole: empty, or holding only a marker file
// cut short (makeOwnDir creates the folder, then writes the marker). Such
// a folder holds nothing, so it can go although it is not marked.
func unstarted(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) > 1 {
		return false
	}
	if len(entries) == 0 {
		return true
	}
	e := entries[0]
	if e.Name() != MarkerFile || !e.Type().IsRegular() {
		return false
	}
	b, err := os.ReadFile(filepath.Join(dir, MarkerFile))
	// It begins as a marker does (readMarker found it is not a whole one).
	return err == nil && (strings.HasPrefix(string(b), markerMagic) || strings.HasPrefix(markerMagic, string(b)))
}

// Notify receives messages a user should see, such as a restored site.
type Notify func(format string, args ...any)

// Publish builds a site into a temporary folder beside dest with write,
// then swaps it in place of dest. If write fails, or ctx is done before the
// swap (Ctrl-C), dest is left as it was. Before anything else it takes the
// destination's lock and cleans up after builds that were killed; when
// such a build left no dest, the last good site is put back first, and
// notify says so.
func Publish(ctx context.Context, dest string, write func(Output) error, notify Notify) error {
	if notify == nil {
		notify = func(string, ...any) {}
	}
	dest = filepath.Clean(dest)
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	if base == "." || base == ".." || base == string(filepath.Separator) || base == filepath.VolumeName(dest) {
		return fmt.Errorf("destination %s: give a folder to build into, such as public", dest)
	}
	if fi, err := os.Lstat(dest); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		real, _ := filepath.EvalSymlinks(dest)
		return fmt.Errorf("destination %s is a symbolic link (to %s); the build replaces its destination, so give the real folder with -d", dest, real)
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	unlock, err := lockDest(ctx, filepath.Join(parent, "."+base+".lock"), dest, notify)
	if err != nil {
		return err
	}
	defer unlock()
	if err := recoverLeftovers(parent, base, notify); err != nil {
		return err
	}
	if err := checkReplaceable(dest); err != nil {
		return err
	}
	tmp, err := makeOwnDir(parent, base, "tmp")
	if err != nil {
		return err
	}
	published := false
	defer func() {
		if !published {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := write(&dirOutput{root: tmp, dirs: map[string]bool{}}); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := writeMarker(tmp, ownMarker(true)); err != nil {
		return err
	}
	replaced, err := swap(tmp, dest, func() (string, error) { return ownName(parent, base, "old") })
	if err != nil {
		return err
	}
	published = true
	if replaced != "" {
		// The previous site, now under a name of ours.
		return os.RemoveAll(replaced)
	}
	return nil
}

// ownName returns a free name for a folder of ours beside the destination:
// .<base>.<kind>-<digits>.
func ownName(parent, base, kind string) (string, error) {
	for range 100 {
		p := filepath.Join(parent, fmt.Sprintf(".%s.%s-%d", base, kind, rand.Uint32()))
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p, nil
		}
	}
	return "", fmt.Errorf("cannot find a free name for a temporary folder in %s", parent)
}

// makeOwnDir creates a marked folder of ours beside the destination.
func makeOwnDir(parent, base, kind string) (string, error) {
	for range 100 {
		p, err := ownName(parent, base, kind)
		if err != nil {
			return "", err
		}
		if err := os.Mkdir(p, 0o755); errors.Is(err, fs.ErrExist) {
			continue
		} else if err != nil {
			return "", err
		}
		if err := writeMarker(p, ownMarker(false)); err != nil {
			os.Remove(p)
			return "", err
		}
		return p, nil
	}
	return "", fmt.Errorf("cannot create a temporary folder in %s", parent)
}

// leftover is a folder of ours found beside the destination.
type leftover struct {
	path   string
	old    bool // an .old- folder: the site that was published before
	marker marker
	mtime  time.Time
}

// ownLeftovers lists the marked folders of earlier builds beside the
// destination. Names are compared literally; a folder is ours only if its
// name has our form and it holds a marker we wrote (or, a temporary one,
// nothing but part of one: unstarted), and it is left alone while the
// process named in the marker is running (marker.running).
func ownLeftovers(parent, base string) ([]leftover, error) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil, err
	}
	var out []leftover
	for _, e := range entries {
		name := e.Name()
		kind := ""
		for _, k := range []string{"tmp", "old"} {
			prefix := "." + base + "." + k + "-"
			if rest, ok := strings.CutPrefix(name, prefix); ok && isDigits(rest) {
				kind = k
			}
		}
		if kind == "" || !e.IsDir() || e.Type()&fs.ModeSymlink != 0 {
			continue
		}
		p := filepath.Join(parent, name)
		m, ok := readMarker(p)
		switch {
		case !ok && kind == "tmp" && unstarted(p):
		case !ok || (m.PID != os.Getpid() && m.running()):
			continue
		}
		l := leftover{path: p, old: kind == "old", marker: m}
		if fi, err := os.Stat(filepath.Join(p, MarkerFile)); err == nil {
			l.mtime = fi.ModTime()
		}
		out = append(out, l)
	}
	return out, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// recoverLeftovers cleans up after builds that were killed. When there is
// no destination but a whole site in a folder of ours (a build killed
// between the two renames of the fallback swap, or before the first
// publish finished), that site is put back first: the previously
// published one (.old-) if there is one, else the newest whole one.
func recoverLeftovers(parent, base string, notify Notify) error {
	lefts, err := ownLeftovers(parent, base)
	if err != nil || len(lefts) == 0 {
		return err
	}
	dest := filepath.Join(parent, base)
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		var whole []leftover
		for _, l := range lefts {
			if l.marker.Complete {
				whole = append(whole, l)
			}
		}
		slices.SortFunc(whole, func(x, y leftover) int {
			if x.old != y.old {
				if x.old {
					return -1
				}
				return 1
			}
			return y.mtime.Compare(x.mtime)
		})
		if len(whole) > 0 {
			if err := os.Rename(whole[0].path, dest); err != nil {
				return fmt.Errorf("restoring the last good site from %s: %w", whole[0].path, err)
			}
			notify("%s was missing after an interrupted build; restored the last good site from %s", dest, filepath.Base(whole[0].path))
			lefts = slices.DeleteFunc(lefts, func(l leftover) bool { return l.path == whole[0].path })
		}
	}
	for _, l := range lefts {
		if err := os.RemoveAll(l.path); err != nil {
			return fmt.Errorf("removing %s, left by an interrupted build: %w", l.path, err)
		}
	}
	return nil
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
	if fi.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("destination %s is a symbolic link; give the real folder with -d", dest)
	}
	if !fi.IsDir() {
		return fmt.Errorf("destination %s is a file, not a folder; refusing to replace it", dest)
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if fi, err := os.Lstat(filepath.Join(dest, MarkerFile)); err == nil && fi.Mode().IsRegular() {
		return nil
	}
	return fmt.Errorf("destination %s is not empty and was not made by this generator (no %s in it); refusing to replace it: choose another folder with -d", dest, MarkerFile)
}
