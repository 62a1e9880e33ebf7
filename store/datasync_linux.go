package store

import (
	"os"
	"syscall"
)

// datasync flushes f's data (not its timestamps) to disk: fdatasync, what
// msync does for Badger's mapped logs.
func datasync(f *os.File) error {
	for {
		err := syscall.Fdatasync(int(f.Fd()))
		if err != syscall.EINTR {
			return err
		}
	}
}
