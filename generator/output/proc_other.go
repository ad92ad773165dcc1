//go:build !linux

package output

// processStart is not known here: a marker names its process by id alone.
func processStart(int) (uint64, bool) { return 0, false }
