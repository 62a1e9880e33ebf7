package bot_test

import (
	"context"
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/store"
)

var bigRounds = flag.Bool("bigrounds", false, "run rounds of 50,000 members and print the times of 1,000 to 100,000")

// bigEnv is a community of n active members in a store on disk, which a
// test can close and open again as a restart would.
type bigEnv struct {
	t     *testing.T
	dir   string
	db    *store.DB
	bot   *bot.Bot
	clock *clock
}

func newBigEnv(t *testing.T, n int) *bigEnv {
	t.Helper()
	e := &bigEnv{t: t, dir: t.TempDir(), clock: &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}}
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
	s := bot.DefaultSettings()
	s.Name, s.Timezone = "Labbit", "Europe/Rome"
	b, err := bot.New(bot.Config{Store: db, Now: e.clock.Now, Messengers: []bot.Messenger{&dmRecorder{}},
		Communities: []bot.Community{{ID: "labbit", Spaces: []bot.Space{{Platform: "test", ID: "S1"}}, Settings: s}}})
	if err != nil {
		e.t.Fatal(err)
	}
	e.bot = b
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

// rounds returns the stored rounds.
func (e *bigEnv) rounds() []*bot.Round {
	e.t.Helper()
	var rs []*bot.Round
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		return tx.Rounds("labbit", func(r *bot.Round) error { rs = append(rs, r); return nil })
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return rs
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
	var st *bot.State
	if err := e.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		st, err = tx.State("labbit")
		return err
	}); err != nil {
		e.t.Fatal(err)
	}
	if st.Rounds != 1 {
		e.t.Errorf("state counts %d rounds, want 1", st.Rounds)
	}
}

func TestBigRoundIsStoredAndQueued(t *testing.T) {
	sizes := []int{5000}
	if *bigRounds {
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
