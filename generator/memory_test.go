package main

import (
	"runtime"
	"testing"
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
