package main

import (
	"bytes"
	"testing"

	"mzshh/generator/site"
)

func TestProgressText(t *testing.T) {
	for _, tc := range []struct {
		s    site.ProgressSnapshot
		want string
	}{
		{site.ProgressSnapshot{Stage: site.StageStart}, "building: starting · 0 documents parsed"},
		{site.ProgressSnapshot{Stage: site.StageParse, Parsed: 12, ToParse: 1000}, "building: parsing 12/1000 documents"},
		{site.ProgressSnapshot{Stage: site.StageResolve, Parsed: 1000, ToParse: 1000}, "building: resolving · 1000 documents parsed"},
		{site.ProgressSnapshot{Stage: site.StageRender, Parsed: 1000, Written: 57}, "building: rendering · 1000 documents parsed · 57 files written"},
	} {
		if got := progressText(tc.s); got != tc.want {
			t.Errorf("progressText(%+v) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

// TestProgressQuietOffTerminal: a build whose output is not a terminal
// (a pipe, a log, CI) shows no progress line.
func TestProgressQuietOffTerminal(t *testing.T) {
	var buf bytes.Buffer
	stop := progressLine(&buf, &site.Progress{})
	stop()
	if buf.Len() != 0 {
		t.Errorf("progress written to a non-terminal: %q", buf.String())
	}
}
