package store

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Keys of the scrub, outside every kind of record: '!' sorts before and
// '~' after all kind letters.
var (
	// scrubFlag is set by every commit that replaced or deleted member
	// data; its presence means a scrub is due. It holds nothing else.
	scrubFlag = []byte("!scrub")
	// tracked says that every replacement since the store was first
	// opened by a rete that scrubs set the flag: a store without it gets
	// one full scrub at Open.
	tracked = []byte("!tracked")
	// The brackets are two throw-away keys at both ends of the key space:
	// flushed together, they make the next compaction of level 0 rewrite
	// every table below it.
	bracketLow  = []byte("!bracket")
	bracketHigh = []byte("~bracket")
)

// errLeftovers reports a scrub that could not remove everything because a
// transaction held an old snapshot; the next scrub tries again.
var errLeftovers = errors.New("old versions left; the next scrub tries again")

// scrubWorkers is how many compactions Flatten runs at once.
const scrubWorkers = 2

// noteOverwrite marks the transaction as one that replaces member data
// when key exists already. Once marked, it skips the lookup.
func (t *tx) noteOverwrite(key []byte) error {
	if t.overwrote {
		return nil
	}
	found, err := t.exists(key)
	if err != nil {
		return fmt.Errorf("store: read %q: %w", key, err)
	}
	t.overwrote = found
	return nil
}

// trackOverwrites marks a store that a rete without Scrub wrote as due
// for one, since what it replaced or deleted was never flagged.
func (db *DB) trackOverwrites() error {
	empty, err := db.empty()
	if err != nil {
		return err
	}
	return db.bdb.Update(func(txn *badger.Txn) error {
		switch _, err := txn.Get(tracked); {
		case err == nil:
			return nil
		case !errors.Is(err, badger.ErrKeyNotFound):
			return err
		}
		if err := txn.Set(tracked, nil); err != nil || empty {
			return err
		}
		return txn.Set(scrubFlag, nil)
	})
}

// ScrubDue reports whether member data was replaced or deleted since the
// last [DB.Scrub].
func (db *DB) ScrubDue() (bool, error) {
	due := false
	err := db.bdb.View(func(txn *badger.Txn) error {
		_, err := txn.Get(scrubFlag)
		switch {
		case err == nil:
			due = true
		case !errors.Is(err, badger.ErrKeyNotFound):
			return err
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: scrub: %w", err)
	}
	return due, nil
}

// Scrub removes from the data dir every old version of a replaced record
// and every deleted record, delete markers included, when member data was
// replaced or deleted since the last scrub (it does nothing otherwise).
// Badger keeps them until a compaction drops them; Scrub forces that
// compaction:
//
//   - a DropPrefix of the scrub flag writes the memtables to level 0
//     tables (their write-ahead logs are deleted) and compacts level 0
//     into the level below with every table there that overlaps it,
//     dropping old versions, delete markers and expired entries that no
//     running transaction can still read; writes wait meanwhile;
//   - Flatten compacts every level into the last one, where the same rule
//     applies;
//   - a scan over all versions then checks that none is left. Left-overs
//     sit in tables the compactions did not touch (a compaction that ran
//     while an older snapshot was open had to keep them): two bracket
//     keys at both ends of the key space make level 0 overlap every
//     table, and the same steps run once more.
//
// A scrub that still finds left-overs (a transaction held an old snapshot
// throughout) leaves the flag set, so that the next one tries again.
// Open runs Scrub, and [DB.RunGC] does too.
func (db *DB) Scrub() error {
	if db.dir == "" {
		return nil
	}
	db.scrubMu.Lock()
	defer db.scrubMu.Unlock()
	due, err := db.ScrubDue()
	if err != nil || !due {
		return err
	}
	start := time.Now()
	// The newest committed version, read as a transaction sees it: Badger's
	// MaxVersion reads the memtable's counter unlocked and races with writers.
	snap := db.bdb.NewTransaction(false)
	since := snap.ReadTs()
	snap.Discard()
	if err := db.compactAll(nil); err != nil {
		return err
	}
	left, err := db.leftovers(since)
	if err != nil {
		return err
	}
	full := left > 0
	if full {
		if err := db.compactAll([][]byte{bracketLow, bracketHigh}); err != nil {
			return err
		}
		if err := db.dropPrefixes(bracketLow, bracketHigh); err != nil {
			return err
		}
		if left, err = db.leftovers(since); err != nil {
			return err
		}
	}
	db.log.Debug("store: scrub", "took", time.Since(start), "full", full, "left", left)
	if left > 0 {
		if err := db.bdb.Update(func(txn *badger.Txn) error { return txn.Set(scrubFlag, nil) }); err != nil {
			return fmt.Errorf("store: scrub: %w", err)
		}
		return fmt.Errorf("store: scrub: %d %w", left, errLeftovers)
	}
	return nil
}

// compactAll writes the memtables out (with extra keys, if given, which
// stay in the tables) and compacts every table into the last level,
// dropping the scrub flag.
func (db *DB) compactAll(extra [][]byte) error {
	db.writers.Lock()
	err := db.bdb.Update(func(txn *badger.Txn) error {
		for _, k := range append(extra, scrubFlag) {
			if err := txn.Set(k, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = db.bdb.DropPrefix(scrubFlag)
	}
	db.writers.Unlock()
	if err != nil {
		return fmt.Errorf("store: scrub: %w", err)
	}
	if err := db.bdb.Flatten(scrubWorkers); err != nil {
		return fmt.Errorf("store: scrub: flatten: %w", err)
	}
	return nil
}

// dropPrefixes runs a DropPrefix with writes held back: Badger refuses
// writes while it runs instead of making them wait.
func (db *DB) dropPrefixes(prefixes ...[]byte) error {
	db.writers.Lock()
	defer db.writers.Unlock()
	if err := db.bdb.DropPrefix(prefixes...); err != nil {
		return fmt.Errorf("store: scrub: %w", err)
	}
	return nil
}

// leftovers counts what a scrub should have removed: versions below the
// newest and delete markers, of keys last written at or before version
// since (later writes are the next scrub's). Expired entries do not
// count: they hold no replaced or deleted data, and the compactions that
// reach them drop them.
func (db *DB) leftovers(since uint64) (int, error) {
	n := 0
	err := db.bdb.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{AllVersions: true})
		defer it.Close()
		var key []byte
		skip := false
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			if bytes.Equal(item.Key(), key) { // an older version
				if !skip {
					n++
				}
				continue
			}
			key = item.KeyCopy(key[:0])
			skip = item.Version() > since || key[0] == scrubFlag[0]
			if !skip && item.IsDeletedOrExpired() && item.ExpiresAt() == 0 {
				n++
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: scrub: %w", err)
	}
	return n, nil
}
