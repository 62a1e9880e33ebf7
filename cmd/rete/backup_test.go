package main

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestBackupRefusesMissingDataDir(t *testing.T) {
	dir := t.TempDir()
	data, file := filepath.Join(dir, "nope"), filepath.Join(dir, "rete.bak")
	_, _, err := runRete(t, "", "backup", "--data", data, file)
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("backup of a missing data dir: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestRestoreChecksTheWholeFile(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if _, stderr, err := runRete(t, "join\nbio hello there\n", "console", "--data", data); err != nil {
		t.Fatalf("console: %v %s", err, stderr)
	}
	good := filepath.Join(dir, "good.bak")
	if _, stderr, err := runRete(t, "", "backup", "--data", data, good); err != nil {
		t.Fatalf("backup: %v %s", err, stderr)
	}
	backup, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	random := make([]byte, 4096)
	rand.Read(random)
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"random bytes", random},
		{"yaml", []byte("data_dir: ./rete-data\nlog:\n  level: info\n")},
		{"cut in a frame", backup[:len(backup)/2]},
		{"cut before its end", backup[:len(backup)-30]},
		{"a byte changed", append(append([]byte{}, backup[:20]...), append([]byte{backup[20] ^ 0xff}, backup[21:]...)...)},
	} {
		t.Run(c.name, func(t *testing.T) {
			sub := t.TempDir()
			file := filepath.Join(sub, "in.bak")
			if err := os.WriteFile(file, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			target := filepath.Join(sub, "restored")
			_, _, err := runRete(t, "", "restore", "--data", target, file)
			if err == nil || !strings.Contains(err.Error(), "not a complete rete backup") {
				t.Errorf("restore: %v", err)
			}
			if entries, _ := os.ReadDir(sub); len(entries) != 1 {
				t.Errorf("left behind: %v", entries)
			}
		})
	}
	// A complete backup restores into an empty dir.
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := runRete(t, "", "restore", "--data", empty, good); err != nil {
		t.Fatalf("restore: %v %s", err, stderr)
	}
	out, _, err := runRete(t, "profile\n", "console", "--data", empty)
	if err != nil || !strings.Contains(out, "hello there") {
		t.Errorf("restored profile: %v\n%s", err, out)
	}
}

// TestBackupRefusesSpecialFiles: a FILE that is a FIFO, a symlink or a
// directory is refused and left as it was; nothing else is written.
func TestBackupRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if _, stderr, err := runRete(t, "join\n", "console", "--data", data); err != nil {
		t.Fatalf("console: %v %s", err, stderr)
	}
	target := filepath.Join(dir, "target.txt")
	if err := os.WriteFile(target, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		make func(path string) error
	}{
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o600) }},
		{"symlink", func(p string) error { return os.Symlink(target, p) }},
		{"dangling symlink", func(p string) error { return os.Symlink(filepath.Join(dir, "nowhere"), p) }},
		{"directory", func(p string) error { return os.Mkdir(p, 0o700) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			sub := t.TempDir()
			file := filepath.Join(sub, "out.bak")
			if err := c.make(file); err != nil {
				t.Skip(err)
			}
			before, _ := os.Lstat(file)
			_, _, err := runRete(t, "", "backup", "--data", data, file)
			if err == nil || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("backup to a %s: %v", c.name, err)
			}
			if after, err := os.Lstat(file); err != nil || after.Mode() != before.Mode() {
				t.Errorf("the %s was replaced: %v %v", c.name, after, err)
			}
			if entries, _ := os.ReadDir(sub); len(entries) != 1 {
				t.Errorf("left behind: %v", entries)
			}
		})
	}
	if got, _ := os.ReadFile(target); string(got) != "keep me" {
		t.Errorf("the symlink's target became %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "nowhere")); err == nil {
		t.Error("the dangling symlink's target was created")
	}
	// A regular file is replaced by the backup, through a private file.
	file := filepath.Join(dir, "ok.bak")
	if err := os.WriteFile(file, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := runRete(t, "", "backup", "--data", data, file); err != nil {
		t.Fatalf("backup over a file: %v %s", err, stderr)
	}
	if st, err := os.Stat(file); err != nil || st.Size() < 10 || st.Mode().Perm() != 0o600 {
		t.Errorf("backup over a file: %v %v", st, err)
	}
}
