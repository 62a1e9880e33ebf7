package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/store"
)

func cmdBackup(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "backup")
	cf := addConfigFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: rete backup [--config FILE] [--data DIR] FILE", errUsage)
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	// Opening a missing data dir would create an empty store, and back it up.
	if st, err := os.Stat(cfg.DataDir); err != nil || !st.IsDir() {
		return fmt.Errorf("backup: data dir %s does not exist", cfg.DataDir)
	}
	path := fs.Arg(0)
	db, err := store.Open(cfg.DataDir, store.Options{Logger: newLogger(e.stderr, cfg.Log)})
	switch {
	case errors.Is(err, bot.ErrDataDirInUse):
		// A running rete holds the data dir: it makes the backup.
		if err := backupFromServer(ctx, cfg.DataDir, path); err != nil {
			return fmt.Errorf("backup: data dir %s is in use by a running rete: %w", cfg.DataDir, err)
		}
		fmt.Fprintf(e.stdout, "backup of %s (from the running rete) written to %s\n", cfg.DataDir, path)
		return nil
	case err != nil:
		return err
	}
	defer db.Close()
	if err := writeBackup(db, path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(e.stdout, "backup of %s written to %s\n", cfg.DataDir, path)
	return nil
}

// writeBackup writes a backup of db to path (see writeBackupFrom).
func writeBackup(db *store.DB, path string) error {
	return writeBackupFrom(path, db.Backup)
}

// writeBackupFrom writes what write produces to path through a temporary
// file, reads it back whole (store.CheckBackup) and only then renames it,
// so that path holds a complete, verified backup or is left as it was. A
// path that exists and is not a regular file (a symlink, a FIFO, a device,
// a directory) is refused: the rename would replace it with a file, not
// write through it.
func writeBackupFrom(path string, write func(io.Writer) error) error {
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		return fmt.Errorf("%s exists and is not a regular file; give a new file name", path)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// A fresh name (O_EXCL) in the same directory: an existing FILE.tmp,
	// even a symlink, is never followed. The file is private (0600).
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = verifyBackup(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// verifyBackup reads the backup in f back from its start and checks it.
func verifyBackup(f *os.File) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := store.CheckBackup(bufio.NewReaderSize(f, 1<<20)); err != nil {
		return fmt.Errorf("the backup written does not read back: %w", err)
	}
	return nil
}

func cmdRestore(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "restore")
	cf := addConfigFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: rete restore [--config FILE] [--data DIR] FILE", errUsage)
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	path, dir := fs.Arg(0), cfg.DataDir
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	if _, err := store.CheckBackup(f); err != nil {
		return fmt.Errorf("restore: %s: %w", path, err)
	}
	if err := checkEmptyDir(dir); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := restoreInto(e, cfg, f, dir); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(e.stdout, "restored %s into %s\n", path, dir)
	return nil
}

// checkEmptyDir reports an error unless dir is missing or empty.
func checkEmptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("data dir %s is not empty; restore into a new data dir", dir)
	}
	return nil
}

// restoreInto loads the backup in f into a new directory beside dir and
// renames it to dir once it is complete, so that a failed restore leaves
// no partial data dir behind.
func restoreInto(e env, cfg *Config, f *os.File, dir string) (err error) {
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, filepath.Base(dir)+".restoring-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	db, err := openStore(tmp, newLogger(e.stderr, cfg.Log))
	if err != nil {
		return err
	}
	if err := db.Restore(f); err != nil {
		db.Close()
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	// An empty data dir gives way (os.Remove removes only empty ones).
	if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return err
	}
	d, err := os.Open(parent)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
