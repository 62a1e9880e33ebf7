package store

import (
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/rete-bot/rete/bot"
)

// A full file system faults Badger: its memtables and tables are mapped
// files, and a write into a mapped page with no block behind it is a
// SIGBUS, not an error. So the store refuses writes while the data dir's
// file system has less than Options.MinFree available, before Badger gets
// near the end of the disk, and reads go on. The check is one statfs,
// cached for a second, so that a burst of commits pays it once.

// DefaultMinFree is the space a store keeps free below its data dir when
// Options.MinFree is 0: room for Badger's memtable, a value-log file and a
// compaction's tables (see lean).
const DefaultMinFree = 64 << 20

// diskCheckEvery is how long one look at the free space holds.
const diskCheckEvery = time.Second

// diskGuard says whether the data dir's file system has room to write.
type diskGuard struct {
	dir     string // "" (in memory): always room
	minFree uint64
	log     *slog.Logger
	// free returns the bytes available to this process below dir.
	free func(dir string) (uint64, error)

	mu      sync.Mutex
	checked time.Time
	err     error // the verdict of the last check
}

func newDiskGuard(dir string, minFree uint64, log *slog.Logger) *diskGuard {
	if minFree == 0 {
		minFree = DefaultMinFree
	}
	return &diskGuard{dir: dir, minFree: minFree, log: log, free: freeSpace}
}

// freeSpace is the bytes available to an unprivileged process on dir's
// file system.
func freeSpace(dir string) (uint64, error) {
	free, _, err := DiskSpace(dir)
	return free, err
}

// check returns nil when there is room to write, else an error wrapping
// [bot.ErrCannotSave]. The operator hears of each change in the log.
func (g *diskGuard) check() error {
	if g == nil || g.dir == "" {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	now := time.Now()
	if !g.checked.IsZero() && now.Sub(g.checked) < diskCheckEvery {
		return g.err
	}
	g.checked = now
	free, err := g.free(g.dir)
	if err != nil {
		// Not knowing is no reason to stop: Badger's own errors remain.
		return g.err
	}
	was := g.err
	if free < g.minFree {
		g.err = fmt.Errorf("store: %s has %d MiB free, below the %d MiB rete keeps: %w",
			g.dir, free>>20, g.minFree>>20, bot.ErrCannotSave)
		if was == nil {
			g.log.Error("disk nearly full: refusing writes until space is freed; reads go on",
				"data_dir", g.dir, "free_mib", free>>20, "min_free_mib", g.minFree>>20)
		}
	} else {
		g.err = nil
		if was != nil {
			g.log.Warn("disk space freed: writes resume", "data_dir", g.dir, "free_mib", free>>20)
		}
	}
	return g.err
}

// Writable reports whether the store takes writes now: nil, or an error
// wrapping [bot.ErrCannotSave] while the disk is nearly full.
func (db *DB) Writable() error { return db.disk.check() }
