//go:build !linux

package output

// exchange is not available: the caller uses two renames.
func exchange(a, b string) (bool, error) { return false, nil }
