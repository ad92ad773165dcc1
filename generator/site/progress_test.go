package site

import (
	"context"
	"path/filepath"
	"testing"
)

// TestBuildProgress: a build's progress ends done, having counted every
// document parsed and every file written.
func TestBuildProgress(t *testing.T) {
	var p Progress
	sum, diags, err := BuildProgress(context.Background(), "../..", filepath.Join(t.TempDir(), "public"), nil, &p)
	if err != nil {
		t.Fatalf("%v\n%v", err, diags)
	}
	s := p.Snapshot()
	if s.Stage != StageDone || s.Parsed != sum.Documents || s.ToParse != sum.Documents {
		t.Errorf("progress %+v after building %d documents", s, sum.Documents)
	}
	if s.Written != sum.Files-1 { // the build marker is Publish's own
		t.Errorf("progress counted %d files written, the build wrote %d besides its marker", s.Written, sum.Files-1)
	}
}
