package main

import (
	"archive/tar"
	"archive/zip"
	"compress/flate"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// entry is one file or folder of an archive.
type entry struct {
	name string      // slash-separated; a folder's ends in "/"
	dir  bool        // a folder
	mode fs.FileMode // a file's permissions (folders are 0755)
	data []byte
}

// writeArchive writes entries to the file name as a zip (asZip) or a
// gzip-compressed tar. The bytes depend on the entries and mtime only:
// the entries are sorted by name, every time stamp is mtime, owners are
// 0, and the gzip header has no name and no time.
func writeArchive(name string, asZip bool, entries []entry, mtime time.Time) (File, error) {
	es := slices.Clone(entries)
	slices.SortFunc(es, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	for i := 1; i < len(es); i++ {
		if es[i].name == es[i-1].name {
			return File{}, fmt.Errorf("two entries named %s", es[i].name)
		}
	}
	f, err := os.Create(name)
	if err != nil {
		return File{}, err
	}
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(f, h)}
	if asZip {
		err = writeZip(cw, es, mtime)
	} else {
		err = writeTarGz(cw, es, mtime)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return File{}, err
	}
	return File{Name: filepath.Base(name), Size: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

func writeTarGz(w io.Writer, es []entry, mtime time.Time) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	for _, e := range es {
		h := &tar.Header{Name: e.name, ModTime: mtime.UTC().Truncate(time.Second), Typeflag: tar.TypeReg, Mode: int64(e.mode.Perm()), Size: int64(len(e.data))}
		if e.dir {
			h.Typeflag, h.Mode, h.Size = tar.TypeDir, 0o755, 0
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(e.data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(w io.Writer, es []entry, mtime time.Time) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	for _, e := range es {
		h := &zip.FileHeader{Name: e.name, Modified: mtime.UTC().Truncate(time.Second), Method: zip.Deflate}
		h.SetMode(e.mode.Perm())
		if e.dir {
			h.Method = zip.Store
			h.SetMode(fs.ModeDir | 0o755)
		}
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(e.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
