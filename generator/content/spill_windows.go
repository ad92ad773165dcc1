package content

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/windows"
)

// createSpillFile creates the spill file. Windows deletes it when its last
// handle closes, even when the process is killed: document bodies, which
// may be classified, are not left in the temporary folder. It returns
// named false: Close has nothing to remove.
func createSpillFile() (f *os.File, named bool, err error) {
	for range 100 {
		name := filepath.Join(os.TempDir(), "mzshh-bodies-"+strconv.FormatUint(rand.Uint64(), 36))
		p, err := windows.UTF16PtrFromString(name)
		if err != nil {
			return nil, false, err
		}
		h, err := windows.CreateFile(p, windows.GENERIC_READ|windows.GENERIC_WRITE, 0, nil, windows.CREATE_NEW,
			windows.FILE_ATTRIBUTE_TEMPORARY|windows.FILE_FLAG_DELETE_ON_CLOSE, 0)
		if errors.Is(err, windows.ERROR_FILE_EXISTS) {
			continue
		}
		if err != nil {
			return nil, false, &os.PathError{Op: "create", Path: name, Err: err}
		}
		return os.NewFile(uintptr(h), name), false, nil
	}
	return nil, false, errors.New("cannot find an unused name in " + os.TempDir())
}
