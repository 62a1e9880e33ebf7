//go:build !unix

package main

import "errors"

// diskSpace is unknown here: readiness and metrics skip the disk.
func diskSpace(string) (free, size uint64, err error) {
	return 0, 0, errors.New("disk space: not supported on this system")
}
