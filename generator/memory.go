package main

import (
	"os"
	"runtime/debug"

	"mzshh/generator/site"
)

// softMemoryLimit sets the Go runtime's soft memory limit to three quarters
// of the machine's physical memory, unless GOMEMLIMIT sets one. Below the
// limit the collector works as usual, letting the heap grow to twice what
// is live; near it, it collects harder instead, so that a province-sized
// build on an 8 GB office PC slows down rather than sending the machine
// into swap. Where the size of memory is unknown, nothing changes.
func softMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	if total := physicalMemory(); total > 0 {
		debug.SetMemoryLimit(int64(total / 4 * 3))
	}
}

// renderGOGC is the collector's GOGC while a build writes its pages.
const renderGOGC = 40

// collectHarderWhileRendering returns a hook for site.Progress.OnStage
// that runs the collector at GOGC=40 while pages are written, and at the
// default 100 otherwise, unless GOGC sets it. While pages are written the
// live heap stays level and nearly all that is allocated is soon garbage,
// so letting the heap grow to 1.4 times the live heap instead of twice
// costs few collections. Measured on the synthetic archives in
// alternated runs (peak RSS): GOGC=50 instead of 100 took 1,000 documents
// from 157–171 to 136–147 MB and 10,000 from 1.48–1.58 to 1.18–1.21 GB,
// for 0–12 % more CPU; later, with a smaller model, 40 instead of 50 took
// 10,000 documents from 1.02–1.05 GB to 0.97–0.98 and 1,000 from 118–123
// to 114–118 MB, for 1–2 % more CPU. (GOGC=50 for the whole build cost
// twice the collections, since the heap grows while documents are parsed;
// 25–35 while rendering cost a third to a half more CPU.)
func collectHarderWhileRendering() func(site.Stage) {
	if os.Getenv("GOGC") != "" {
		return nil
	}
	return func(s site.Stage) {
		if s == site.StageRender {
			debug.SetGCPercent(renderGOGC)
		} else {
			debug.SetGCPercent(100)
		}
	}
}
