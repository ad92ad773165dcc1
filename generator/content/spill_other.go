//go:build !windows

package content

import "os"

// createSpillFile creates the spill file and removes its name at once: the
// file lives while it is open, and nothing is left behind (document
// bodies, which may be classified) even when the process is killed. named
// says the name could not be removed, so that Close must.
func createSpillFile() (f *os.File, named bool, err error) {
	f, err = os.CreateTemp("", "mzshh-bodies-*")
	if err != nil {
		return nil, false, err
	}
	return f, os.Remove(f.Name()) != nil, nil
}
