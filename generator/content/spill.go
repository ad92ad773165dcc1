package content

import (
	"fmt"
	"os"
	"slices"
	"sync/atomic"
)

// Spill keeps document bodies in a temporary file instead of memory. A
// one-off build hands one to its parser (Parser.SpillTo): a body is then
// written once when its document is parsed and read back when its pages
// are rendered, so that the bodies of a county's or a province's archive
// (about twice its Markdown) neither stay in memory nor cost a deflate and
// an inflate each. A preview keeps its bodies in memory: it re-parses
// documents as they are saved, and its file would only grow.
//
// A Spill is safe for concurrent use: bodies are written and read at
// their own offsets.
type Spill struct {
	f    *os.File
	name string // removed by Close; "" when the system removes the file
	end  atomic.Int64
}

// NewSpill creates a spill file in the system's temporary folder. The
// file has no name, or is deleted by the system when closed, so that
// nothing is left behind even when the build is killed
// (createSpillFile).
func NewSpill() (*Spill, error) {
	f, named, err := createSpillFile()
	if err != nil {
		return nil, fmt.Errorf("creating a file for document bodies: %w", err)
	}
	s := &Spill{f: f}
	if named {
		s.name = f.Name()
	}
	return s, nil
}

// Close closes the file and removes it.
func (s *Spill) Close() error {
	err := s.f.Close()
	if s.name != "" {
		if rerr := os.Remove(s.name); err == nil {
			err = rerr
		}
	}
	return err
}

// store writes b at the end of the file and returns its offset.
func (s *Spill) store(b []byte) (int64, error) {
	at := s.end.Add(int64(len(b))) - int64(len(b))
	_, err := s.f.WriteAt(b, at)
	return at, err
}

// load appends to dst the n bytes stored at offset at.
func (s *Spill) load(dst []byte, at int64, n int) ([]byte, error) {
	dst = slices.Grow(dst, n)
	b := dst[len(dst) : len(dst)+n]
	if _, err := s.f.ReadAt(b, at); err != nil {
		return nil, fmt.Errorf("reading a document body back from %s: %w", s.f.Name(), err)
	}
	return dst[:len(dst)+n], nil
}
