package store

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// The due index lists a platform's pending entries by the time they fall
// due, so that a sender reads what is due now without listing the queue:
// a key "o/{platform}/n/{due}\x00{entry id}" (value empty) for every
// pending entry, written and deleted with it. {due} is NotBefore in UTC
// at a fixed width, so that key order is time order.
const outboxDueState = 'n'

// dueLayout writes NotBefore in an index key: fixed width, so it sorts as
// time does (the zero time is year 0001).
const dueLayout = "20060102T150405.000000000Z"

// dueIndexed marks a store whose pending entries all have their index
// entry: Open builds the index once when the mark is missing.
var dueIndexed = []byte("!outbox-due")

// dueKey is the index key of a pending entry.
func dueKey(platform, id string, notBefore time.Time) []byte {
	k := append(outboxPrefix(platform, outboxDueState), notBefore.UTC().Format(dueLayout)...)
	return append(append(k, 0), id...)
}

// indexDue writes the index entry of a pending entry.
func (t *tx) indexDue(platform, id string, notBefore time.Time) error {
	return t.txn.Set(dueKey(platform, id, notBefore), nil)
}

// unindexDue deletes the index entry of the pending entry stored under
// id, if there is one, and reports whether there is.
func (t *tx) unindexDue(platform, id string) (bool, error) {
	var old outboxDue
	found, err := t.getValue(outboxKey(platform, outboxPending, id), &old)
	if err != nil || !found {
		return false, err
	}
	return true, t.txn.Delete(dueKey(platform, id, old.NotBefore))
}

// Due calls fn for the platform's pending entries due at now in due order
// (NotBefore, then id) after the position after, at most limit of them,
// and returns the NotBefore of the first pending entry it did not pass to
// fn. It reads the index and the entries it passes, not the queue.
func (t *tx) Due(platform string, now time.Time, after bot.DuePos, limit int, fn func(*bot.OutboxEntry) error) (time.Time, error) {
	if t.done {
		return time.Time{}, errTxDone
	}
	if checkEntry(&bot.OutboxEntry{Platform: platform, ID: "x"}) != nil {
		return time.Time{}, nil
	}
	if !t.indexed {
		return t.dueByScan(platform, now, after, limit, fn)
	}
	prefix := outboxPrefix(platform, outboxDueState)
	nowKey := now.UTC().Format(dueLayout)
	opts := badger.DefaultIteratorOptions
	opts.Prefix = prefix
	opts.PrefetchValues = false
	it := t.txn.NewIterator(opts)
	defer it.Close()
	start := prefix
	if after != (bot.DuePos{}) {
		start = append(dueKey(platform, after.ID, after.NotBefore), 0) // just past it
	}
	n := 0
	for it.Seek(start); it.Valid(); it.Next() {
		rest := it.Item().Key()[len(prefix):]
		at, id, ok := bytes.Cut(rest, []byte{0})
		if !ok || len(at) != len(dueLayout) {
			return time.Time{}, fmt.Errorf("store: outbox due index: bad key %q", it.Item().Key())
		}
		if string(at) > nowKey || limit > 0 && n == limit {
			due, err := time.Parse(dueLayout, string(at))
			if err != nil {
				return time.Time{}, fmt.Errorf("store: outbox due index %q: %w", it.Item().Key(), err)
			}
			return due, nil
		}
		e := new(bot.OutboxEntry)
		found, err := t.getValue(outboxKey(platform, outboxPending, string(id)), e)
		if err != nil {
			return time.Time{}, fmt.Errorf("store: outbox entry %q: %w", id, err)
		}
		if !found || e.NotBefore.UTC().Format(dueLayout) != string(at) {
			continue // not expected: an index entry its entry no longer matches
		}
		n++
		if err := fn(e); err != nil {
			return time.Time{}, err
		}
	}
	return time.Time{}, nil
}

// dueByScan is Due for a store opened read-only before its index was
// built: it lists the queue.
func (t *tx) dueByScan(platform string, now time.Time, after bot.DuePos, limit int, fn func(*bot.OutboxEntry) error) (time.Time, error) {
	var all []*bot.OutboxEntry
	if err := t.Pending(platform, func(e *bot.OutboxEntry) error {
		if duePosCompare(bot.DuePos{NotBefore: e.NotBefore, ID: e.ID}, after) > 0 {
			all = append(all, e)
		}
		return nil
	}); err != nil {
		return time.Time{}, err
	}
	slices.SortFunc(all, func(a, b *bot.OutboxEntry) int {
		return duePosCompare(bot.DuePos{NotBefore: a.NotBefore, ID: a.ID}, bot.DuePos{NotBefore: b.NotBefore, ID: b.ID})
	})
	for i, e := range all {
		if e.NotBefore.After(now) || limit > 0 && i == limit {
			return e.NotBefore, nil
		}
		if err := fn(e); err != nil {
			return time.Time{}, err
		}
	}
	return time.Time{}, nil
}

// duePosCompare orders positions as the index does.
func duePosCompare(a, b bot.DuePos) int {
	if c := a.NotBefore.Compare(b.NotBefore); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// indexDue builds the due index of a store written before it existed, in
// batches, and marks the store indexed. Writing an index entry again is
// harmless, so a build cut short by a crash is simply run again.
func (db *DB) indexDue() error {
	wb := db.bdb.NewWriteBatch()
	defer wb.Cancel()
	err := db.bdb.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{kindOutbox, '/'}
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			key := it.Item().Key()
			platform, rest, ok := bytes.Cut(key[2:], []byte{'/'})
			if !ok || !bytes.HasPrefix(rest, []byte{outboxPending, '/'}) {
				continue
			}
			var e outboxDue
			if err := it.Item().Value(func(b []byte) error { return decode(b, &e) }); err != nil {
				return fmt.Errorf("outbox entry %q: %w", key, err)
			}
			if err := wb.Set(dueKey(string(platform), string(rest[2:]), e.NotBefore), nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = wb.Flush()
	}
	if err == nil {
		err = db.bdb.Update(func(txn *badger.Txn) error { return txn.Set(dueIndexed, nil) })
	}
	if err == nil {
		err = db.sync.wait()
	}
	if err != nil {
		return fmt.Errorf("store: outbox due index: %w", err)
	}
	db.indexed.Store(true)
	return nil
}

// checkDueIndexed reads the mark and builds the index when it is missing
// and the store may be written.
func (db *DB) checkDueIndexed(writable bool) error {
	err := db.bdb.View(func(txn *badger.Txn) error {
		_, err := txn.Get(dueIndexed)
		return err
	})
	switch {
	case err == nil:
		db.indexed.Store(true)
		return nil
	case !errors.Is(err, badger.ErrKeyNotFound):
		return fmt.Errorf("store: outbox due index: %w", err)
	case !writable:
		return nil // Due lists the queue until a later Open builds it
	}
	return db.indexDue()
}
