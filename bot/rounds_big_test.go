package bot_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/store"
)

// bigRounds (RETE_BIG_ROUNDS=1) runs a round of 50,000 members too, and
// prints the times of rounds of 1,000 to 100,000.
var bigRounds = os.Getenv("RETE_BIG_ROUNDS") != ""

// bigEnv is a community of n active members in a store on disk, which a
// test can close and open again as a restart would.
type bigEnv struct {
	env
	dir string
}

func newBigEnv(t *testing.T, n int) *bigEnv {
	t.Helper()
	e := &bigEnv{env: env{t: t, clock: &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}}, dir: t.TempDir()}
	e.open()
	t.Cleanup(func() { e.db.Close() })
	importMembers(t, e.db, n, n/3, "go", "ux design")
	return e
}

// open opens the store and makes a bot on it.
func (e *bigEnv) open() {
	e.t.Helper()
	db, err := store.Open(e.dir, store.Options{})
	if err != nil {
		e.t.Fatal(err)
	}
	e.db = db
	e.bot = e.newBot(db)
}

// newBot makes a bot on s.
func (e *bigEnv) newBot(s bot.Store) *bot.Bot {
	e.t.Helper()
	set := bot.DefaultSettings()
	set.Name, set.Timezone = "Labbit", "Europe/Rome"
	b, err := bot.New(bot.Config{Store: s, Now: e.clock.Now, Messengers: []bot.Messenger{&dmRecorder{}},
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{"test:mod"}, Spaces: []bot.Space{{Platform: "test", ID: "S1"}}, Settings: set}}})
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// intros counts, per member, the intro and follow-up entries queued.
func (e *bigEnv) intros() (intros, followups map[string]int) {
	e.t.Helper()
	intros, followups = map[string]int{}, map[string]int{}
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		return tx.Pending("test", func(o *bot.OutboxEntry) error {
			for _, id := range o.To {
				switch o.Template {
				case "intro":
					intros[id.User]++
				case "followup":
					followups[id.User]++
				}
			}
			return nil
		})
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return intros, followups
}

// checkOneRound asserts that one round of all n members is stored and
// that each of them has exactly one intro and one follow-up queued.
func (e *bigEnv) checkOneRound(n int) {
	e.t.Helper()
	rs := e.rounds()
	if len(rs) != 1 {
		e.t.Fatalf("%d rounds stored, want 1", len(rs))
	}
	grouped := map[string]int{}
	for _, g := range rs[0].Groups {
		for _, id := range g.Members {
			grouped[id.User]++
		}
	}
	intros, followups := e.intros()
	for i := range n {
		u := fmt.Sprintf("u%06d", i)
		if grouped[u] != 1 || intros[u] != 1 || followups[u] != 1 {
			e.t.Fatalf("%s: in %d groups, %d intros, %d follow-ups; want 1 each", u, grouped[u], intros[u], followups[u])
		}
	}
	if st := e.state(); st.Rounds != 1 {
		e.t.Errorf("state counts %d rounds, want 1", st.Rounds)
	}
}

func TestBigRoundIsStoredAndQueued(t *testing.T) {
	sizes := []int{5000}
	if bigRounds {
		sizes = append(sizes, 50000)
	}
	for _, n := range sizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			e := newBigEnv(t, n)
			if _, err := e.bot.RunRound(context.Background(), "labbit", bot.RoundOptions{}); err != nil {
				t.Fatalf("round of %d members: %v", n, err)
			}
			e.checkOneRound(n)
		})
	}
}

// errCrash stands for the process stopping before a transaction commits.
var errCrash = errors.New("crash")

// crashingStore is the real store, whose updates stop committing from
// the crashAt-th on (counting from 1), as if the process had stopped.
type crashingStore struct {
	*store.DB
	updates, crashAt int
}

func (c *crashingStore) Update(ctx context.Context, fn func(bot.Tx) error) error {
	if c.updates++; c.crashAt > 0 && c.updates >= c.crashAt {
		return errCrash
	}
	return c.DB.Update(ctx, fn)
}

// TestRoundResumesAfterCrash stops a scheduled round of 3,000 members
// (1,500 groups: after one update of the tick, 3 staged parts, the
// commit, then 14 more batches) at each step, restarts, ticks, and checks that the round is stored once,
// every member has one intro and one follow-up queued, and the period
// is not skipped.
func TestRoundResumesAfterCrash(t *testing.T) {
	const n = 3000
	for _, tc := range []struct {
		name    string
		crashAt int
		queued  int // groups queued at the crash; -1: no round visible
	}{
		{"while staging", 3, -1},
		{"after staging", 5, -1},
		{"after the commit", 6, 100},
		{"while queueing", 13, 800},
		{"at the last batch", 19, 1400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newBigEnv(t, n)
			ctx := context.Background()
			if _, err := e.bot.Tick(ctx, "labbit"); err != nil { // sets the next period
				t.Fatal(err)
			}
			period := e.state().NextRound
			e.clock.t = period.Add(time.Minute)
			crashing := &crashingStore{DB: e.db, crashAt: tc.crashAt}
			e.bot = e.newBot(crashing)
			if _, err := e.bot.Tick(ctx, "labbit"); !errors.Is(err, errCrash) {
				t.Fatalf("tick: %v, want the crash", err)
			}
			e.db.Close()
			e.open()
			switch st, rs := e.state(), e.rounds(); {
			case tc.queued < 0 && (len(rs) != 0 || st.Queue != nil):
				t.Fatalf("after the crash: %d rounds visible, queue %+v; want none", len(rs), st.Queue)
			case tc.queued >= 0 && (len(rs) != 1 || st.Queue == nil || st.Queue.Queued != tc.queued):
				t.Fatalf("after the crash: %d rounds visible, queue %+v; want 1, %d groups queued", len(rs), st.Queue, tc.queued)
			}
			if _, err := e.bot.Tick(ctx, "labbit"); err != nil {
				t.Fatalf("tick after the restart: %v", err)
			}
			e.checkOneRound(n)
			if rs := e.rounds(); !rs[0].Period.Equal(period) {
				t.Errorf("round of %v, want %v", rs[0].Period, period)
			}
			if st := e.state(); !st.NextRound.After(period) || st.Queue != nil {
				t.Errorf("state after the round: next %v, queue %+v", st.NextRound, st.Queue)
			}
			for _, u := range []string{"u000000", "u002999"} {
				if m := e.member(u); m.Part.Rounds != 1 {
					t.Errorf("%s counted in %d rounds, want 1", u, m.Part.Rounds)
				}
			}
		})
	}
}

// TestBigRoundTimes prints how long a round takes to run and store, its
// messages queued, at 1,000 to 100,000 members (RETE_BIG_ROUNDS=1 go
// test -run TestBigRoundTimes -v ./bot/).
func TestBigRoundTimes(t *testing.T) {
	if !bigRounds {
		t.Skip("RETE_BIG_ROUNDS not set")
	}
	for _, n := range []int{1000, 10000, 100000} {
		e := newBigEnv(t, n)
		var updates countingStore
		updates.DB = e.db
		e.bot = e.newBot(&updates)
		start := time.Now()
		if _, err := e.bot.RunRound(context.Background(), "labbit", bot.RoundOptions{Preview: true}); err != nil {
			t.Fatalf("preview of %d members: %v", n, err)
		}
		preview := time.Since(start)
		start = time.Now()
		r, err := e.bot.RunRound(context.Background(), "labbit", bot.RoundOptions{})
		if err != nil {
			t.Fatalf("round of %d members: %v", n, err)
		}
		took := time.Since(start)
		t.Logf("%7d members: %6d groups, %4d transactions; round %v, of which matching (a preview) %v",
			n, len(r.Groups), updates.n, took.Round(time.Millisecond), preview.Round(time.Millisecond))
	}
}

// countingStore is the real store, counting its updates.
type countingStore struct {
	*store.DB
	n int
}

func (c *countingStore) Update(ctx context.Context, fn func(bot.Tx) error) error {
	c.n++
	return c.DB.Update(ctx, fn)
}

// TestBigEventIntrosAreQueuedOnce: `event intros` for 3,000 attendees,
// more than one transaction holds, queues one intro each, and a crash in
// the middle is finished by the next tick.
func TestBigEventIntrosAreQueuedOnce(t *testing.T) {
	const n = 3000
	for _, crashAt := range []int{0, 5} {
		t.Run(fmt.Sprint("crash at update ", crashAt), func(t *testing.T) {
			e := newBigEnv(t, n)
			ctx := context.Background()
			ev := &bot.Event{Community: "labbit", ID: "1", Title: "Cena", Start: e.clock.Now().Add(-3 * time.Hour), TZ: "Europe/Rome",
				By: bot.MemberID{Platform: "test", Space: "S1", User: "mod"}, Created: e.clock.Now().Add(-24 * time.Hour), Key: "k", RSVPs: map[string]bool{}}
			for i := range n {
				ev.RSVPs[fmt.Sprintf("test:S1:u%06d", i)] = true
			}
			if err := e.db.Update(ctx, func(tx bot.Tx) error { return tx.PutEvent(ev) }); err != nil {
				t.Fatal(err)
			}
			e.bot = e.newBot(&crashingStore{DB: e.db, crashAt: crashAt})
			got := e.bot.Handle(ctx, dmRequest("test", "S1", "mod", "event intros 1")).PlainText()
			if crashAt > 0 {
				e.db.Close()
				e.open()
				if st := e.state(); !slices.Equal(st.EventIntros, []string{"1"}) {
					t.Fatalf("after the crash (%s), state lists events %q, want [1]", got, st.EventIntros)
				}
				if _, err := e.bot.Tick(ctx, "labbit"); err != nil {
					t.Fatal(err)
				}
			} else if !strings.Contains(got, "1500 groups") {
				t.Fatalf("event intros: %s", got)
			}
			intros := map[string]int{}
			if err := e.db.View(ctx, func(tx bot.Tx) error {
				return tx.Pending("test", func(o *bot.OutboxEntry) error {
					for _, id := range o.To {
						if o.Template == "event_intro" {
							intros[id.User]++
						}
					}
					return nil
				})
			}); err != nil {
				t.Fatal(err)
			}
			for i := range n {
				if u := fmt.Sprintf("u%06d", i); intros[u] != 1 {
					t.Fatalf("%s has %d event intros queued, want 1", u, intros[u])
				}
			}
			if st := e.state(); len(st.EventIntros) != 0 {
				t.Errorf("state still lists events %q", st.EventIntros)
			}
		})
	}
}
