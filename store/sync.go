package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// groupSync makes commits durable in groups. Badger's own SyncWrites
// syncs the write-ahead log once per transaction, one after another, even
// when it writes many transactions together; here Badger runs without it,
// and each [DB.Update], after its commit, waits for one sync of the logs
// that starts after the commit returned. Updates that commit while a sync
// runs share the next one, so N concurrent writers cost about one sync,
// not N.
//
// Badger writes commits to the newest memtable log (NNNNN.mem) and large
// values to the newest value log (NNNNNN.vlog); a new log gets a higher
// number, and a memtable log is deleted once its entries are in a synced
// table (and the manifest saying so is synced). A sync lists the data dir,
// gives every log newer than the one it followed last time one last
// fdatasync (they are no longer written, or are deleted and so in tables)
// up to the newest, fdatasyncs the newest, and syncs the directory when a
// log appeared. So a commit is covered wherever it landed, however many
// memtables came and went since the last sync. (Listing costs far less
// than the fdatasync.)
//
// A failed sync fails every later one too: after a failed fdatasync the
// kernel may have dropped the dirty pages, so nothing written before can
// be called durable any more; the store must be reopened.
//
// Values of 1 MB and more go to the value log; value-log GC moves them
// without a sync before deleting the old file. rete stores no such values.
type groupSync struct {
	dir string // empty: in memory, nothing to sync

	mu      sync.Mutex
	waiting []chan error // Updates waiting for the next sync
	running bool         // a goroutine is running syncs

	// Only the goroutine running syncs, or close, uses these.
	logsMu sync.Mutex
	logs   [2]logFile // memtable log, value log
	err    error      // the first failure; every later sync returns it
	closed bool

	syncs atomic.Int64 // syncs run, for tests
}

// logFile follows the newest log of one kind.
type logFile struct {
	ext string   // ".mem" or ".vlog"
	fid int      // the newest log's number; 0: none seen yet
	f   *os.File // the newest log, open
}

func newGroupSync(dir string) *groupSync {
	return &groupSync{dir: dir, logs: [2]logFile{{ext: ".mem"}, {ext: ".vlog"}}}
}

// wait returns once everything committed before the call is on disk, or
// the error of the sync that was to put it there. The first to wait runs
// the sync itself; those who come while it runs are served by the next
// one, run in a goroutine of its own.
func (g *groupSync) wait() error {
	if g.dir == "" {
		return nil
	}
	ch := make(chan error, 1)
	g.mu.Lock()
	g.waiting = append(g.waiting, ch)
	lead := !g.running
	g.running = true
	g.mu.Unlock()
	if lead {
		g.syncWaiting()
	}
	return <-ch
}

// syncWaiting runs one sync for the waiting Updates, then hands on to a
// goroutine for those that came meanwhile, if any.
func (g *groupSync) syncWaiting() {
	g.mu.Lock()
	batch := g.waiting
	g.waiting = nil
	g.mu.Unlock()
	err := g.syncLogs()
	for _, ch := range batch {
		ch <- err
	}
	g.mu.Lock()
	more := len(g.waiting) > 0
	g.running = more
	g.mu.Unlock()
	if more {
		go g.syncWaiting()
	}
}

// syncLogs makes what was written to the logs so far durable (see
// groupSync). [Open] runs it first, so that also what Badger wrote before
// (older memtable logs included) is on disk.
func (g *groupSync) syncLogs() error {
	g.logsMu.Lock()
	defer g.logsMu.Unlock()
	if g.closed {
		return errors.New("store: sync: the store is closed")
	}
	if g.err != nil {
		return g.err
	}
	g.syncs.Add(1)
	if err := g.syncAll(); err != nil {
		g.err = fmt.Errorf("%w (the store must be reopened)", err)
		return g.err
	}
	return nil
}

func (g *groupSync) syncAll() error {
	entries, err := os.ReadDir(g.dir)
	if err != nil {
		return fmt.Errorf("store: sync: %w", err)
	}
	appeared := false
	for i := range g.logs {
		l := &g.logs[i]
		type log struct {
			fid  int
			name string
		}
		var newer []log
		for _, e := range entries {
			if num, ok := strings.CutSuffix(e.Name(), l.ext); ok {
				if fid, err := strconv.Atoi(num); err == nil && fid > l.fid {
					newer = append(newer, log{fid, e.Name()})
				}
			}
		}
		slices.SortFunc(newer, func(a, b log) int { return a.fid - b.fid })
		for _, n := range newer {
			// A newer log: the one followed so far gets its last sync.
			f, err := os.OpenFile(filepath.Join(g.dir, n.name), os.O_RDWR, 0)
			if errors.Is(err, fs.ErrNotExist) {
				continue // flushed to a table and deleted since the listing
			}
			if err != nil {
				return fmt.Errorf("store: sync: %w", err)
			}
			if l.f != nil {
				err := l.sync()
				l.f.Close()
				if err != nil {
					f.Close()
					return err
				}
			}
			l.f, l.fid = f, n.fid
			appeared = true
		}
		if l.f != nil {
			if err := l.sync(); err != nil {
				return err
			}
		}
	}
	if appeared { // a new log's directory entry must survive a power loss too
		return syncDir(g.dir)
	}
	return nil
}

func (l *logFile) sync() error {
	if err := datasync(l.f); err != nil {
		return fmt.Errorf("store: sync %s: %w", l.f.Name(), err)
	}
	return nil
}

// syncDir makes the directory's entries durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("store: sync dir: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("store: sync dir: %w", err)
	}
	return nil
}

// close releases the open logs; later syncs fail.
func (g *groupSync) close() {
	g.logsMu.Lock()
	defer g.logsMu.Unlock()
	g.closed = true
	for i := range g.logs {
		if g.logs[i].f != nil {
			g.logs[i].f.Close()
			g.logs[i].f = nil
		}
	}
}
