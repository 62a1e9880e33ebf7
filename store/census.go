package store

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// Census counts the store's records for metrics: one pass over each kind's
// keys, decoding only what a count needs (a member's status, a pending
// entry's due time). It reads every member, so callers cache it.
type Census struct {
	// Members counts members by community and effective status.
	Members map[string]map[bot.Status]int
	// Intros and Events count introduction requests and events by community.
	Intros, Events map[string]int
	// Outbox is the pending part of each platform's outbox.
	Outbox map[string]OutboxCensus
}

// OutboxCensus is a platform's pending outbox.
type OutboxCensus struct {
	Pending   int
	OldestDue time.Time // the earliest NotBefore at or before now; zero if nothing is due
}

// memberStatus is the part of a member value a census reads.
type memberStatus struct {
	Status      bot.Status `json:"status"`
	PausedUntil time.Time  `json:"paused_until,omitzero"`
}

// statusKey starts a member value's status in its JSON. JSON escapes every
// quote inside a string, so the first match is the member's own field
// (no nested value has one).
var statusKey = []byte(`"status":"`)

// statusOf reads a member value's status without decoding the rest, which
// makes a census of 100k members several times cheaper; a pause, whose end
// matters, is decoded in full.
func statusOf(val []byte) (memberStatus, error) {
	var m memberStatus
	if len(val) > 0 && val[0] == encodingV1 {
		if i := bytes.Index(val, statusKey); i >= 0 {
			rest := val[i+len(statusKey):]
			if j := bytes.IndexByte(rest, '"'); j >= 0 && bot.Status(rest[:j]) != bot.StatusPaused {
				m.Status = bot.Status(rest[:j])
				return m, nil
			}
		}
	}
	err := decode(val, &m)
	return m, err
}

// outboxDue is the part of an outbox entry a census reads.
type outboxDue struct {
	NotBefore time.Time `json:"not_before"`
}

// Census counts members, intros, events and pending outbox entries at now.
func (db *DB) Census(ctx context.Context, now time.Time) (*Census, error) {
	c := &Census{Members: map[string]map[bot.Status]int{}, Intros: map[string]int{}, Events: map[string]int{}, Outbox: map[string]OutboxCensus{}}
	txn := db.bdb.NewTransaction(false)
	defer txn.Discard()
	err := census(ctx, txn, kindMember, true, func(group string, _ []byte, val []byte) error {
		m, err := statusOf(val)
		if err != nil {
			return err
		}
		byStatus := c.Members[group]
		if byStatus == nil {
			byStatus = map[bot.Status]int{}
			c.Members[group] = byStatus
		}
		byStatus[(&bot.Member{Status: m.Status, PausedUntil: m.PausedUntil}).EffectiveStatus(now)]++
		return nil
	})
	if err == nil {
		err = census(ctx, txn, kindIntro, false, func(group string, _, _ []byte) error { c.Intros[group]++; return nil })
	}
	if err == nil {
		err = census(ctx, txn, kindEvent, false, func(group string, _, _ []byte) error { c.Events[group]++; return nil })
	}
	if err == nil {
		err = census(ctx, txn, kindOutbox, true, func(platform string, rest, val []byte) error {
			if !bytes.HasPrefix(rest, []byte{outboxPending, '/'}) {
				return nil
			}
			var e outboxDue
			if err := decode(val, &e); err != nil {
				return err
			}
			o := c.Outbox[platform]
			o.Pending++
			if !e.NotBefore.After(now) && (o.OldestDue.IsZero() || e.NotBefore.Before(o.OldestDue)) {
				o.OldestDue = e.NotBefore
			}
			c.Outbox[platform] = o
			return nil
		})
	}
	if err != nil {
		return nil, fmt.Errorf("store: census: %w", err)
	}
	return c, nil
}

// census calls fn for every key "{kind}/{group}/{rest}", with its value
// when values is true.
func census(ctx context.Context, txn *badger.Txn, kind byte, values bool, fn func(group string, rest, val []byte) error) error {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte{kind, '/'}
	opts.PrefetchValues = false // values are read in place: a census keeps none
	it := txn.NewIterator(opts)
	defer it.Close()
	var group string
	for it.Rewind(); it.Valid(); it.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		key := it.Item().Key()[2:]
		g, rest, ok := bytes.Cut(key, []byte{'/'})
		if !ok {
			continue
		}
		if string(g) != group { // no allocation: records of a group are contiguous
			group = string(g)
		}
		var err error
		if values {
			err = it.Item().Value(func(val []byte) error { return fn(group, rest, val) })
		} else {
			err = fn(group, rest, nil)
		}
		if err != nil {
			return fmt.Errorf("%q: %w", it.Item().Key(), err)
		}
	}
	return nil
}

// Sizes are the bytes the store's LSM tree and value log take on disk, as
// Badger last measured them (it does so every minute).
func (db *DB) Sizes() (lsm, vlog int64) { return db.bdb.Size() }
