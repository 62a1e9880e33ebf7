//go:build linux || darwin

package store

import "syscall"

// freeSpace is the bytes available to an unprivileged process on dir's
// file system.
func freeSpace(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return st.Bavail * uint64(st.Bsize), nil
}
