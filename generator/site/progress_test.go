package site

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// TestBuildProgress: a build's progress ends done, having counted every
// document parsed and every file written, and OnStage hears each stage
// once, in order.
func TestBuildProgress(t *testing.T) {
	var stages []Stage
	p := Progress{OnStage: func(s Stage) { stages = append(stages, s) }}
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
	if want := []Stage{StageParse, StageResolve, StageRender, StagePublish, StageDone}; !slices.Equal(stages, want) {
		t.Errorf("OnStage heard %v, want %v", stages, want)
	}
}
