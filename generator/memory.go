package main

import (
	"os"
	"runtime/debug"
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
