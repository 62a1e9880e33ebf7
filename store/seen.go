package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// kindSeen is the key kind of de-duplication marks ("s/{key}").
const kindSeen = 's'

// seenKey is "s/{key}".
func seenKey(key string) []byte {
	return append([]byte{kindSeen, '/'}, key...)
}

// SeenOnce records key for ttl and reports whether it was not recorded
// already (first is true the first time, false for every later call
// until ttl has passed). Adapters use it to drop a platform's redelivery
// of an event they handled (Slack's retries reuse the event id); marks
// survive a restart and expire by themselves (Badger TTL, whole seconds,
// on the wall clock).
//
// Two concurrent calls for one key conflict in Badger; the retry that
// [DB.Update] makes then reads the other's mark, so exactly one call is
// first. The commit is synced to disk like every other.
func (db *DB) SeenOnce(ctx context.Context, key string, ttl time.Duration) (first bool, err error) {
	if key == "" || ttl <= 0 {
		return false, fmt.Errorf("store: seen once %q: want a key and a positive ttl", key)
	}
	k := seenKey(key)
	err = db.Update(ctx, func(t bot.Tx) error {
		first = false
		txn := t.(*tx).txn
		switch _, err := txn.Get(k); {
		case err == nil:
			return nil
		case !errors.Is(err, badger.ErrKeyNotFound):
			return err
		}
		first = true
		return txn.SetEntry(badger.NewEntry(k, nil).WithTTL(ttl))
	})
	if err != nil {
		return false, fmt.Errorf("store: seen once %q: %w", key, err)
	}
	return first, nil
}

// Keep records key for ttl, whether or not it was recorded: to remember
// a delivery for longer once it has been handled.
func (db *DB) Keep(ctx context.Context, key string, ttl time.Duration) error {
	if key == "" || ttl <= 0 {
		return fmt.Errorf("store: keep %q: want a key and a positive ttl", key)
	}
	k := seenKey(key)
	err := db.Update(ctx, func(t bot.Tx) error {
		return t.(*tx).txn.SetEntry(badger.NewEntry(k, nil).WithTTL(ttl))
	})
	if err != nil {
		return fmt.Errorf("store: keep %q: %w", key, err)
	}
	return nil
}

// Forget removes the mark of key, so that the next [DB.SeenOnce] of key
// is first again: for a delivery whose handling failed, so that the
// platform's retry runs. Forgetting an unknown key is not an error.
func (db *DB) Forget(ctx context.Context, key string) error {
	k := seenKey(key)
	if err := db.Update(ctx, func(t bot.Tx) error { return t.(*tx).txn.Delete(k) }); err != nil {
		return fmt.Errorf("store: forget %q: %w", key, err)
	}
	return nil
}

// Marked reports whether key is recorded now, without recording it: for
// marks that are facts rather than deliveries (a Telegram member who
// pressed Start).
func (db *DB) Marked(ctx context.Context, key string) (bool, error) {
	var found bool
	err := db.View(ctx, func(t bot.Tx) error {
		switch _, err := t.(*tx).txn.Get(seenKey(key)); {
		case err == nil:
			found = true
		case !errors.Is(err, badger.ErrKeyNotFound):
			return err
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: marked %q: %w", key, err)
	}
	return found, nil
}
