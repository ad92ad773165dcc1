package output

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// lockDest takes the lock of a destination: an exclusive lock on the file
// at path, held until the returned function is called. While another build
// holds it, lockDest says so once and waits, until ctx is done.
func lockDest(ctx context.Context, path, dest string, notify Notify) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot take the build lock %s: %w", path, err)
	}
	said := false
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("cannot take the build lock %s: %w", path, err)
		}
		if ok {
			break
		}
		if !said {
			holder := "another build"
			if b, err := io.ReadAll(io.LimitReader(f, 32)); err == nil {
				if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
					holder = fmt.Sprintf("another build (process %d)", pid)
				}
			}
			notify("%s is building into %s; waiting for it to finish", holder, dest)
			said = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		unlockFile(f)
		f.Close()
	}, nil
}
