package kit

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/store"
)

// seens are the Seen implementations every Deduper test runs against.
func seens(t *testing.T) map[string]func() Seen {
	return map[string]func() Seen{
		"memory": func() Seen { return NewMemorySeen(nil, 100) },
		"store": func() Seen {
			db, err := store.Open(t.TempDir(), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		},
	}
}

func TestDeduperHandlesEachDeliveryOnce(t *testing.T) {
	for name, open := range seens(t) {
		t.Run(name, func(t *testing.T) {
			d := &Deduper{Seen: open(), ClaimTTL: time.Minute, KeepTTL: time.Hour}
			ctx := context.Background()
			runs := 0
			ok := func() error { runs++; return nil }
			if ran, err := d.Once(ctx, "p/event/1", ok); !ran || err != nil {
				t.Fatalf("first delivery: ran=%v err=%v", ran, err)
			}
			if ran, _ := d.Once(ctx, "p/event/1", ok); ran {
				t.Error("a redelivery ran again")
			}
			if ran, _ := d.Once(ctx, "p/event/2", ok); !ran {
				t.Error("another delivery did not run")
			}
			if runs != 2 {
				t.Errorf("%d runs, want 2", runs)
			}
		})
	}
}

func TestDeduperRetriesFailedDelivery(t *testing.T) {
	for name, open := range seens(t) {
		t.Run(name, func(t *testing.T) {
			d := &Deduper{Seen: open(), ClaimTTL: time.Minute, KeepTTL: time.Hour}
			ctx := context.Background()
			boom := errors.New("boom")
			if ran, err := d.Once(ctx, "k", func() error { return boom }); !ran || !errors.Is(err, boom) {
				t.Fatalf("failing delivery: ran=%v err=%v", ran, err)
			}
			if ran, err := d.Once(ctx, "k", func() error { panic("crash") }); !ran || err == nil {
				t.Fatalf("panicking retry: ran=%v err=%v", ran, err)
			}
			if ran, err := d.Once(ctx, "k", func() error { return nil }); !ran || err != nil {
				t.Fatalf("retry after failures: ran=%v err=%v", ran, err)
			}
			if ran, _ := d.Once(ctx, "k", func() error { return nil }); ran {
				t.Error("a delivery handled once ran again")
			}
		})
	}
}

func TestDeduperConcurrentRedeliveriesRunOnce(t *testing.T) {
	for name, open := range seens(t) {
		t.Run(name, func(t *testing.T) {
			d := &Deduper{Seen: open(), ClaimTTL: time.Minute, KeepTTL: time.Hour}
			var mu sync.Mutex
			runs := 0
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					d.Once(context.Background(), "same", func() error { mu.Lock(); runs++; mu.Unlock(); return nil })
				})
			}
			wg.Wait()
			if runs != 1 {
				t.Errorf("%d runs, want 1", runs)
			}
		})
	}
}

// TestReplayRefusedAcrossRestart: a signed request seen once is refused
// when it comes again, also after the store is reopened.
func TestReplayRefusedAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	d := &Deduper{Seen: db}
	if !d.First(ctx, "slack/sig/v0=abc", 10*time.Minute) {
		t.Fatal("first request refused")
	}
	if d.First(ctx, "slack/sig/v0=abc", 10*time.Minute) {
		t.Error("replay accepted")
	}
	db.Close()
	db, err = store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d = &Deduper{Seen: db}
	if d.First(ctx, "slack/sig/v0=abc", 10*time.Minute) {
		t.Error("replay accepted after a restart")
	}
	if !d.First(ctx, "slack/sig/v0=def", 10*time.Minute) {
		t.Error("a new request refused")
	}
}

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestMemorySeenExpiresAndBounds(t *testing.T) {
	clock := &testClock{t: time.Unix(1e9, 0)}
	s := NewMemorySeen(clock.Now, 3).(*memorySeen)
	if !s.firstTime("a", 15*time.Minute) || s.firstTime("a", 15*time.Minute) {
		t.Fatal("a seen twice as new, or never")
	}
	clock.Advance(16 * time.Minute)
	if !s.firstTime("a", 15*time.Minute) {
		t.Error("a not forgotten after the TTL")
	}
	for _, id := range []string{"b", "c", "d"} {
		s.firstTime(id, 15*time.Minute)
	}
	if !s.firstTime("a", 15*time.Minute) {
		t.Error("the oldest id was kept beyond the size limit")
	}
	if s.order.Len() > 3 {
		t.Errorf("%d ids kept, want at most 3", s.order.Len())
	}
	if err := s.Forget(context.Background(), "a"); err != nil {
		t.Fatal(err)
	}
	if first, _ := s.SeenOnce(context.Background(), "a", time.Minute); !first {
		t.Error("a forgotten id was still seen")
	}
}

var _ Seen = (*store.DB)(nil)

func TestMarkedReadsWithoutMarking(t *testing.T) {
	ctx := context.Background()
	s := NewMemorySeen(nil, 10)
	if ok, err := Marked(ctx, s, "k"); ok || err != nil {
		t.Fatalf("Marked before Keep = %v, %v", ok, err)
	}
	if first, _ := s.SeenOnce(ctx, "k", time.Hour); !first {
		t.Fatal("Marked set the mark")
	}
	if ok, err := Marked(ctx, s, "k"); !ok || err != nil {
		t.Fatalf("Marked after SeenOnce = %v, %v", ok, err)
	}
}
