//go:build !unix && !windows

package bench

import "time"

// CPUTime is the user and system time the process has used so far; this
// platform has no way to ask, so it is always zero.
func CPUTime() time.Duration { return 0 }
