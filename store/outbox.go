package store

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// doneTTL is how long a completed outbox entry is kept so that enqueueing
// its ID again is a no-op.
const doneTTL = 60 * 24 * time.Hour

// Outbox entry states, after the platform in a key.
const (
	outboxPending = 'p'
	outboxDone    = 'd'
)

// outboxPrefix is "o/{platform}/{p|d}/".
func outboxPrefix(platform string, state byte) []byte {
	return append(communityPrefix(kindOutbox, platform), state, '/')
}

// outboxKey is "o/{platform}/{p|d}/{entry id}" (n: see outbox_due.go).
func outboxKey(platform string, state byte, id string) []byte {
	return append(outboxPrefix(platform, state), id...)
}

// checkEntry reports whether e can be stored.
func checkEntry(e *bot.OutboxEntry) error {
	switch {
	case e == nil:
		return errors.New("nil outbox entry")
	case e.Platform == "" || strings.ContainsAny(e.Platform, "/\x00"):
		return fmt.Errorf("outbox entry %q: bad platform %q", e.ID, e.Platform)
	case e.ID == "" || strings.ContainsRune(e.ID, sep):
		return fmt.Errorf("outbox entry: bad id %q", e.ID)
	}
	return nil
}

// exists reports whether key is present.
func (t *tx) exists(key []byte) (bool, error) {
	_, err := t.txn.Get(key)
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
		return false, nil
	case err != nil:
		return false, err
	}
	return true, nil
}

// Enqueue adds an entry as pending unless an entry with its ID exists on
// its platform, pending or done (for 60 days after it was completed). It
// reports whether it added it.
func (t *tx) Enqueue(e *bot.OutboxEntry) (bool, error) {
	if err := t.writable(); err != nil {
		return false, err
	}
	if err := checkEntry(e); err != nil {
		return false, fmt.Errorf("store: enqueue: %w", err)
	}
	for _, state := range []byte{outboxPending, outboxDone} {
		found, err := t.exists(outboxKey(e.Platform, state, e.ID))
		if err != nil {
			return false, fmt.Errorf("store: enqueue %s: %w", e.ID, err)
		}
		if found {
			return false, nil
		}
	}
	if err := t.setPending(e); err != nil {
		return false, fmt.Errorf("store: enqueue %s: %w", e.ID, err)
	}
	return true, nil
}

// Pending calls fn for every pending entry of a platform in ID order until
// fn returns an error, which it returns unchanged.
func (t *tx) Pending(platform string, fn func(*bot.OutboxEntry) error) error {
	if t.done {
		return errTxDone
	}
	if platform == "" || strings.ContainsAny(platform, "/\x00") {
		return nil
	}
	return scanPrefix(t, outboxPrefix(platform, outboxPending), "outbox entry", fn)
}

// PutPending replaces a pending entry. An entry that is not pending (never
// enqueued, or completed meanwhile) gives [bot.ErrNotFound]: a late retry
// must not bring a completed entry back.
func (t *tx) PutPending(e *bot.OutboxEntry) error {
	if err := t.writable(); err != nil {
		return err
	}
	if err := checkEntry(e); err != nil {
		return fmt.Errorf("store: put pending: %w", err)
	}
	// Reading the stored entry for its index entry also tells whether it
	// is pending.
	found, err := t.unindexDue(e.Platform, e.ID)
	if err != nil {
		return fmt.Errorf("store: put pending %s: %w", e.ID, err)
	}
	if !found {
		return bot.ErrNotFound
	}
	if err := t.setPending(e); err != nil {
		return fmt.Errorf("store: put pending %s: %w", e.ID, err)
	}
	return nil
}

// setPending writes a pending entry and its due index entry.
func (t *tx) setPending(e *bot.OutboxEntry) error {
	if err := t.setValue(outboxKey(e.Platform, outboxPending, e.ID), e); err != nil {
		return err
	}
	return t.indexDue(e.Platform, e.ID, e.NotBefore)
}

// Complete marks an entry done: it leaves the pending list and is kept, as
// given, for 60 days so that enqueueing its ID again is a no-op.
// Completing an entry twice keeps the latest version.
func (t *tx) Complete(e *bot.OutboxEntry) error {
	if err := t.writable(); err != nil {
		return err
	}
	if err := checkEntry(e); err != nil {
		return fmt.Errorf("store: complete: %w", err)
	}
	val, err := encode(e)
	if err != nil {
		return fmt.Errorf("store: complete %s: %w", e.ID, err)
	}
	if _, err := t.unindexDue(e.Platform, e.ID); err != nil {
		return fmt.Errorf("store: complete %s: %w", e.ID, err)
	}
	if err := t.txn.Delete(outboxKey(e.Platform, outboxPending, e.ID)); err != nil {
		return fmt.Errorf("store: complete %s: %w", e.ID, err)
	}
	entry := badger.NewEntry(outboxKey(e.Platform, outboxDone, e.ID), val).WithTTL(doneTTL)
	if err := t.txn.SetEntry(entry); err != nil {
		return fmt.Errorf("store: complete %s: %w", e.ID, err)
	}
	return nil
}

// Done calls fn for every done entry of a platform in ID order until fn
// returns an error, which it returns unchanged.
func (t *tx) Done(platform string, fn func(*bot.OutboxEntry) error) error {
	if t.done {
		return errTxDone
	}
	if platform == "" || strings.ContainsAny(platform, "/\x00") {
		return nil
	}
	return scanPrefix(t, outboxPrefix(platform, outboxDone), "outbox entry", fn)
}

// RemoveEntry removes an entry, pending or done. Removing a missing entry
// is not an error.
func (t *tx) RemoveEntry(platform, id string) error {
	if err := t.writable(); err != nil {
		return err
	}
	if err := checkEntry(&bot.OutboxEntry{Platform: platform, ID: id}); err != nil {
		return fmt.Errorf("store: remove entry: %w", err)
	}
	for _, state := range []byte{outboxPending, outboxDone} {
		key := outboxKey(platform, state, id)
		found, err := t.exists(key)
		if err != nil {
			return fmt.Errorf("store: remove entry %s: %w", id, err)
		}
		if !found {
			continue
		}
		t.overwrote = true
		if state == outboxPending {
			if _, err := t.unindexDue(platform, id); err != nil {
				return fmt.Errorf("store: remove entry %s: %w", id, err)
			}
		}
		if err := t.txn.Delete(key); err != nil {
			return fmt.Errorf("store: remove entry %s: %w", id, err)
		}
	}
	return nil
}
