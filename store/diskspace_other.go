//go:build !linux && !darwin

package store

import "errors"

// freeSpace is unknown here: the store relies on Badger's own errors.
func freeSpace(string) (uint64, error) {
	return 0, errors.New("free space unknown on this system")
}
