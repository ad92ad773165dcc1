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

// TestFailedBuildEndsDone: a build that fails while it writes pages, with
// editions or without, still ends in the done stage, so that an OnStage
// hook hears the render stage end.
func TestFailedBuildEndsDone(t *testing.T) {
	for _, config := range []string{"title: 测试\n", "title: 测试\neditions:\n  - name: all\n  - name: banzi\n    kinds: [班子]\n"} {
		dir := writeSite(t, map[string][]byte{
			"config.yaml":           []byte(config),
			"content/2021/banzi.md": []byte("---\ntitle: 甲\nyear: 2021\nunit: 测试镇领导班子\nkind: 班子\nmeeting: 民主生活会\n---\n\n## 存在的主要问题\n\n### （一）学习方面 {#p1}\n\n正文。\n"),
			// Fails as the home page is written, not when it is parsed.
			"layouts/home.html": []byte("{{template \"base\" .}}\n{{define \"main\"}}{{index .Docs 999}}{{end}}\n"),
		})
		var stages []Stage
		p := Progress{OnStage: func(s Stage) { stages = append(stages, s) }}
		_, diags, err := BuildEditions(context.Background(), BuildOptions{Dir: dir, Progress: &p})
		if err == nil || !diags.HasErrors() {
			t.Fatalf("config %q: the build did not fail: %v %v", config, err, diags)
		}
		if !slices.Contains(stages, StageRender) || stages[len(stages)-1] != StageDone {
			t.Errorf("config %q: OnStage heard %v; want the render stage, and done last", config, stages)
		}
	}
}
