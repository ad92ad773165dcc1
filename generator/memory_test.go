package main

import (
	"runtime"
	"runtime/debug"
	"testing"

	"mzshh/generator/site"
)

func TestPhysicalMemory(t *testing.T) {
	n := physicalMemory()
	switch runtime.GOOS {
	case "linux", "darwin", "windows":
		if n < 256<<20 || n > 1<<50 {
			t.Errorf("physicalMemory() = %d bytes, not a machine's memory", n)
		}
	}
	t.Logf("physical memory %.1f GB", float64(n)/(1<<30))
}

// TestCollectHarderWhileRendering: the collector runs at renderGOGC while
// pages are written and at 100 in the other stages; a GOGC of the
// user's own is left alone.
func TestCollectHarderWhileRendering(t *testing.T) {
	t.Setenv("GOGC", "")
	hook := collectHarderWhileRendering()
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, tc := range []struct {
		stage site.Stage
		want  int
	}{{site.StageParse, 100}, {site.StageResolve, 100}, {site.StageRender, renderGOGC}, {site.StagePublish, 100}, {site.StageDone, 100}} {
		hook(tc.stage)
		if got := debug.SetGCPercent(-1); got != tc.want {
			t.Errorf("in stage %v GOGC is %d, want %d", tc.stage, got, tc.want)
		}
		debug.SetGCPercent(tc.want)
	}
	t.Setenv("GOGC", "80")
	if collectHarderWhileRendering() != nil {
		t.Errorf("with GOGC set, the build still changes it")
	}
}
