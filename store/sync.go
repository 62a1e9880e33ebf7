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
// Badger writes commits to the newest memtable log (NNNNN.mem, numbered
// up from 1) and large values to the newest value log (NNNNNN.vlog); a
// new log is numbered one more than the last. A sync first looks for the
// successors of the newest logs it knows; a log with a successor is no
// longer written, so it gets one last sync and is let go. Then it syncs
// the newest logs, with fdatasync, and the directory when a log appeared.
// So a commit is covered wherever it landed: in the newest log, or in one
// rotated out since the last sync. (Badger deletes a memtable log only
// after writing its entries to a synced table; a sync on the deleted file,
// still open here, is harmless.)
type groupSync struct {
	dir string // empty: in memory, nothing to sync

	mu      sync.Mutex
	waiting []chan error // Updates waiting for the next sync
	running bool         // a goroutine is running syncs

	// Only the goroutine running syncs, or close, uses these.
	logsMu sync.Mutex
	logs   [2]logFile // memtable log, value log
	closed bool

	syncs atomic.Int64 // syncs run, for tests
}

// logFile follows the newest log of one kind.
type logFile struct {
	ext   string   // ".mem" or ".vlog"
	width int      // digits in the name
	fid   int      // the newest log's number; 0: none seen yet
	f     *os.File // the newest log, open
}

func newGroupSync(dir string) *groupSync {
	return &groupSync{dir: dir, logs: [2]logFile{{ext: ".mem", width: 5}, {ext: ".vlog", width: 6}}}
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
// groupSync).
func (g *groupSync) syncLogs() error {
	g.logsMu.Lock()
	defer g.logsMu.Unlock()
	if g.closed {
		return errors.New("store: sync: the store is closed")
	}
	g.syncs.Add(1)
	if g.logs[0].fid == 0 { // not found at Open (Badger always has one)
		if err := g.findLogs(); err != nil {
			return err
		}
	}
	appeared := false
	for i := range g.logs {
		l := &g.logs[i]
		if l.fid == 0 {
			continue // none yet (in practice Badger always has both)
		}
		for { // successors: the log before each gets its last sync
			next, err := os.OpenFile(l.path(g.dir, l.fid+1), os.O_RDWR, 0)
			if errors.Is(err, fs.ErrNotExist) {
				break
			}
			if err != nil {
				return fmt.Errorf("store: sync: %w", err)
			}
			err = l.sync()
			l.f.Close()
			l.f, l.fid = next, l.fid+1
			appeared = true
			if err != nil {
				return err
			}
		}
		if err := l.sync(); err != nil {
			return err
		}
	}
	if appeared { // a new log's directory entry must survive a power loss too
		if err := syncDir(g.dir); err != nil {
			return err
		}
	}
	return nil
}

// findLogs opens the newest log of each kind in the data dir and syncs
// every log there, older memtable logs included: [Open] calls it once, so
// that what Badger wrote before is on disk and the rotations after it are
// seen one by one.
func (g *groupSync) findLogs() error {
	entries, err := os.ReadDir(g.dir)
	if err != nil {
		return fmt.Errorf("store: sync: %w", err)
	}
	for i := range g.logs {
		l := &g.logs[i]
		var fids []int
		for _, e := range entries {
			num, ok := strings.CutSuffix(e.Name(), l.ext)
			if !ok {
				continue
			}
			if fid, err := strconv.Atoi(num); err == nil {
				fids = append(fids, fid)
				l.width = len(num)
			}
		}
		slices.Sort(fids)
		for j, fid := range fids {
			f, err := os.OpenFile(l.path(g.dir, fid), os.O_RDWR, 0)
			if errors.Is(err, fs.ErrNotExist) {
				continue // flushed and deleted meanwhile
			}
			if err != nil {
				return fmt.Errorf("store: sync: %w", err)
			}
			if l.f != nil {
				l.f.Close()
			}
			l.f, l.fid = f, fid
			if j < len(fids)-1 || l.ext == ".mem" {
				if err := l.sync(); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (l *logFile) path(dir string, fid int) string {
	return filepath.Join(dir, fmt.Sprintf("%0*d%s", l.width, fid, l.ext))
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
