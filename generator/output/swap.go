package output

import (
	"errors"
	"io/fs"
	"os"
)

// swap puts the site in tmp at dest. If dest existed, it returns where the
// previous site now is (a folder of ours, to be removed). On Linux the
// swap is one atomic exchange; elsewhere, or on file systems without it,
// it is two renames: dest to an .old- folder (named by oldName), then tmp
// to dest. A build killed between those two leaves no dest but a marked
// .old- folder, which the next build puts back (recoverLeftovers).
func swap(tmp, dest string, oldName func() (string, error)) (replaced string, err error) {
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		return "", os.Rename(tmp, dest)
	}
	if ok, err := exchange(tmp, dest); ok || err != nil {
		return tmp, err
	}
	old, err := oldName()
	if err != nil {
		return "", err
	}
	if err := os.Rename(dest, old); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dest); err != nil {
		if rerr := os.Rename(old, dest); rerr != nil {
			return "", errors.Join(err, rerr)
		}
		return "", err
	}
	return old, nil
}
