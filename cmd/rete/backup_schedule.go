package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rete-bot/rete/store"
)

// BackupConfig configures scheduled backups under `rete serve`.
type BackupConfig struct {
	// Dir receives the backups; empty: no scheduled backups.
	Dir string `yaml:"dir"`
	// Every is the time between backups, a Go duration ("24h", "6h").
	Every string `yaml:"every"`
	// Keep is how many of the newest backups Dir keeps; older ones go.
	Keep int `yaml:"keep"`
}

// Scheduled backups' defaults, and the shortest period accepted.
const (
	defaultBackupEvery = 24 * time.Hour
	defaultBackupKeep  = 7
	minBackupEvery     = time.Minute
)

// backupPrefix and backupSuffix frame a scheduled backup's file name; the
// UTC time between them sorts by name as by age.
const (
	backupPrefix = "rete-"
	backupSuffix = ".bak"
	backupStamp  = "20060102T150405Z"
)

// every is the period of scheduled backups.
func (c BackupConfig) every() (time.Duration, error) {
	if c.Every == "" {
		return defaultBackupEvery, nil
	}
	d, err := time.ParseDuration(c.Every)
	if err != nil || d < minBackupEvery {
		return 0, fmt.Errorf("backup.every %q: want a duration of a minute or more, like 24h or 6h", c.Every)
	}
	return d, nil
}

// keep is how many scheduled backups are kept.
func (c BackupConfig) keep() int {
	if c.Keep <= 0 {
		return defaultBackupKeep
	}
	return c.Keep
}

// runBackups writes a verified backup into c.Dir every period until ctx
// ends, and removes all but the newest c.keep(). A failed backup is
// logged and tried again at the next period.
func runBackups(ctx context.Context, db *store.DB, c BackupConfig, log *slog.Logger) {
	every, err := c.every()
	if err != nil || c.Dir == "" {
		return // validated at load
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if err := db.Writable(); err != nil {
				// The backup could take the last space Badger needs.
				log.Error("scheduled backup skipped", "err", err)
				continue
			}
			path, err := scheduledBackup(db, c, now)
			if err != nil {
				log.Error("scheduled backup failed", "dir", c.Dir, "err", err)
				continue
			}
			log.Info("scheduled backup written", "file", path)
		}
	}
}

// scheduledBackup writes one backup named for now into c.Dir and rotates.
func scheduledBackup(db *store.DB, c BackupConfig, now time.Time) (string, error) {
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(c.Dir, backupPrefix+now.UTC().Format(backupStamp)+backupSuffix)
	if err := writeBackup(db, path); err != nil {
		return "", err
	}
	return path, rotateBackups(c.Dir, c.keep())
}

// rotateBackups removes all but the newest keep scheduled backups in dir;
// other files are left alone.
func rotateBackups(dir string, keep int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		stamp, ok := strings.CutPrefix(n, backupPrefix)
		stamp, ok2 := strings.CutSuffix(stamp, backupSuffix)
		if !ok || !ok2 || !e.Type().IsRegular() {
			continue
		}
		if _, err := time.Parse(backupStamp, stamp); err == nil {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for len(names) > keep {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			return err
		}
		names = names[1:]
	}
	return nil
}
