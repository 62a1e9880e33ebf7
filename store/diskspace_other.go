//go:build !unix

package store

import "errors"

// DiskSpace is unknown here: the store relies on Badger's own errors,
// readiness and metrics skip the disk.
func DiskSpace(string) (free, size uint64, err error) {
	return 0, 0, errors.New("disk space: not supported on this system")
}
