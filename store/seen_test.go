package store

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
)

func TestSeenOnce(t *testing.T) {
	ctx := context.Background()
	db := openMem(t)
	mustSeen := func(key string, ttl time.Duration, want bool) {
		t.Helper()
		first, err := db.SeenOnce(ctx, key, ttl)
		if err != nil {
			t.Fatal(err)
		}
		if first != want {
			t.Errorf("SeenOnce(%q) = %v, want %v", key, first, want)
		}
	}
	mustSeen("slack/event/Ev1", time.Hour, true)
	mustSeen("slack/event/Ev1", time.Hour, false)
	mustSeen("slack/event/Ev2", time.Hour, true)

	// The mark is stored under s/{key} with a TTL.
	err := db.bdb.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte("s/slack/event/Ev1"))
		if err != nil {
			return err
		}
		if exp := time.Unix(int64(item.ExpiresAt()), 0); time.Until(exp) < 59*time.Minute || time.Until(exp) > time.Hour+time.Second {
			t.Errorf("mark expires at %s, want in an hour", exp)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	if err := db.Forget(ctx, "slack/event/Ev1"); err != nil {
		t.Fatal(err)
	}
	mustSeen("slack/event/Ev1", time.Hour, true)
	if err := db.Forget(ctx, "never/seen"); err != nil {
		t.Errorf("forgetting an unknown key: %v", err)
	}
	// Keep extends a mark, or sets one that was not there.
	mustSeen("slack/trigger/1", 3*time.Minute, true)
	if err := db.Keep(ctx, "slack/trigger/1", 2*time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := db.Keep(ctx, "slack/trigger/2", 2*time.Hour); err != nil {
		t.Fatal(err)
	}
	mustSeen("slack/trigger/1", time.Hour, false)
	mustSeen("slack/trigger/2", time.Hour, false)
	err = db.bdb.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte("s/slack/trigger/1"))
		if err != nil {
			return err
		}
		if exp := time.Unix(int64(item.ExpiresAt()), 0); time.Until(exp) < 119*time.Minute {
			t.Errorf("kept mark expires at %s, want in two hours", exp)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct {
		key string
		ttl time.Duration
	}{{"", time.Hour}, {"k", 0}} {
		if _, err := db.SeenOnce(ctx, bad.key, bad.ttl); err == nil {
			t.Errorf("SeenOnce(%q, %s) accepted", bad.key, bad.ttl)
		}
		if err := db.Keep(ctx, bad.key, bad.ttl); err == nil {
			t.Errorf("Keep(%q, %s) accepted", bad.key, bad.ttl)
		}
	}

	// After the TTL (Badger counts whole seconds) the key is new again.
	mustSeen("short", time.Second, true)
	mustSeen("short", time.Second, false)
	deadline := time.Now().Add(5 * time.Second)
	for {
		first, err := db.SeenOnce(ctx, "short", time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if first {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the mark did not expire within 5 s of a 1 s TTL")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestSeenOnceConcurrent: of many concurrent calls for one key, exactly
// one is first (the conflicting commits retry and read the mark).
func TestSeenOnceConcurrent(t *testing.T) {
	db := openMem(t)
	var firsts atomic.Int32
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			first, err := db.SeenOnce(context.Background(), "slack/trigger/1.2.3", time.Hour)
			if err != nil {
				t.Error(err)
			}
			if first {
				firsts.Add(1)
			}
		})
	}
	wg.Wait()
	if n := firsts.Load(); n != 1 {
		t.Errorf("%d calls were first, want exactly 1", n)
	}
}

func TestSeenOnceSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openDir(t, dir, nil)
	if first, err := db.SeenOnce(ctx, "slack/event/Ev9", 15*time.Minute); err != nil || !first {
		t.Fatalf("first = %v, err %v", first, err)
	}
	closeDB(t, db)
	db = openDir(t, dir, nil)
	defer closeDB(t, db)
	if first, err := db.SeenOnce(ctx, "slack/event/Ev9", 15*time.Minute); err != nil || first {
		t.Errorf("after a restart: first = %v, err %v; want the mark kept", first, err)
	}
}

func TestMarkedDoesNotMark(t *testing.T) {
	db, err := Open("", Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if ok, err := db.Marked(ctx, "k"); ok || err != nil {
		t.Fatalf("Marked before Keep = %v, %v", ok, err)
	}
	if err := db.Keep(ctx, "k", time.Hour); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.Marked(ctx, "k"); !ok || err != nil {
		t.Fatalf("Marked after Keep = %v, %v", ok, err)
	}
	if err := db.Forget(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := db.Marked(ctx, "k"); ok {
		t.Fatal("Marked after Forget")
	}
}
