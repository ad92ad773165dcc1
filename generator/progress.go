package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"mzshh/generator/site"
)

// progressLine shows a build's progress on one updating line of w when w
// is a terminal and the build runs longer than a second: stage, documents
// parsed, files written. Elsewhere (a pipe, a log file, CI) it shows
// nothing, so that logs hold only the diagnostics and the summary. It is a
// dozen lines of our own rather than a progress-bar library: one line of
// counters needs no layout, colours or terminal database, and a carriage
// return works in every console, the Windows one included.
//
// stop clears the line; call it before printing anything else.
func progressLine(w io.Writer, p *site.Progress) (stop func()) {
	if !isTerminal(w) {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		width := 0
		defer func() {
			if width > 0 {
				fmt.Fprintf(w, "\r%s\r", strings.Repeat(" ", width))
			}
		}()
		select {
		case <-done:
			return
		case <-time.After(time.Second):
		}
		tick := time.NewTicker(150 * time.Millisecond)
		defer tick.Stop()
		for {
			line := progressText(p.Snapshot())
			n := len([]rune(line))
			fmt.Fprintf(w, "\r%s%s", line, strings.Repeat(" ", max(0, width-n)))
			width = max(width, n)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// progressText is the line for one moment of a build.
func progressText(s site.ProgressSnapshot) string {
	switch s.Stage {
	case site.StageParse:
		return fmt.Sprintf("building: %s %d/%d documents", s.Stage, s.Parsed, s.ToParse)
	case site.StageRender, site.StagePublish:
		return fmt.Sprintf("building: %s · %d documents parsed · %d files written", s.Stage, s.Parsed, s.Written)
	default:
		return fmt.Sprintf("building: %s · %d documents parsed", s.Stage, s.Parsed)
	}
}

// isTerminal reports whether w is a terminal (a character device: a TTY
// on Unix, a console on Windows).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
