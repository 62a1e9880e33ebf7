package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// dueIDs is what Due passes at now, all of it.
func dueIDs(t *testing.T, db *DB, now time.Time) []string {
	t.Helper()
	var ids []string
	err := db.View(context.Background(), func(tx bot.Tx) error {
		_, err := tx.Due("slack", now, bot.DuePos{}, 0, func(e *bot.OutboxEntry) error {
			ids = append(ids, e.ID)
			return nil
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// dropDueIndex makes db look like a store written before the due index:
// no index entries, no mark.
func dropDueIndex(t *testing.T, db *DB) {
	t.Helper()
	err := db.bdb.Update(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("o/")})
		var keys [][]byte
		for it.Rewind(); it.Valid(); it.Next() {
			if k := it.Item().KeyCopy(nil); bytes.Contains(k, []byte("/n/")) {
				keys = append(keys, k)
			}
		}
		it.Close()
		if len(keys) == 0 {
			return fmt.Errorf("no index entries to drop")
		}
		for _, k := range append(keys, dueIndexed) {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOutboxDueIndexIsBuiltForOldData(t *testing.T) {
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	db := openDir(t, dir, nil)
	err := db.Update(context.Background(), func(tx bot.Tx) error {
		for i, id := range []string{"c", "a", "b", "later"} {
			at := now.Add(-time.Duration(i) * time.Minute)
			if id == "later" {
				at = now.Add(time.Hour)
			}
			if _, err := tx.Enqueue(&bot.OutboxEntry{ID: id, Platform: "slack", Kind: bot.OutboxDM, NotBefore: at}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"b", "a", "c"}
	if got := dueIDs(t, db, now); !slices.Equal(got, want) {
		t.Fatalf("Due = %q, want %q", got, want)
	}
	dropDueIndex(t, db)

	// Until the index is built (a store opened read-only), Due lists the queue.
	db.indexed.Store(false)
	if got := dueIDs(t, db, now); !slices.Equal(got, want) {
		t.Errorf("Due without the index = %q, want %q", got, want)
	}
	closeDB(t, db)

	db = openDir(t, dir, nil)
	defer closeDB(t, db)
	if !db.indexed.Load() {
		t.Error("Open left the store unindexed")
	}
	if got := dueIDs(t, db, now); !slices.Equal(got, want) {
		t.Errorf("Due after Open built the index = %q, want %q", got, want)
	}
}
