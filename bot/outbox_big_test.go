package bot_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/store"
)

// queueDMs queues n private DMs to members u{from}… on platform "test",
// falling due at at, in transactions of a thousand.
func queueDMs(t *testing.T, db *store.DB, from, n int, at time.Time, kind string) {
	t.Helper()
	for lo := from; lo < from+n; lo += 1000 {
		err := db.Update(context.Background(), func(tx bot.Tx) error {
			for i := lo; i < min(lo+1000, from+n); i++ {
				u := bot.MemberID{Platform: "test", Space: "S1", User: fmt.Sprintf("u%06d", i)}
				msg := &bot.Message{Blocks: []bot.Block{{Kind: bot.Para, Spans: []bot.Span{bot.Text(kind)}}}}
				e := &bot.OutboxEntry{ID: kind + "/" + u.String(), Platform: "test", Community: "labbit", Kind: bot.OutboxDM,
					To: []bot.MemberID{u}, Template: kind, Message: msg, Created: at, NotBefore: at}
				if _, err := tx.Enqueue(e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestOutboxPassTimes prints what a pass costs with a big round's
// follow-ups queued days ahead (190,000 entries not yet due): a pass with
// nothing due, and 10,000 due DMs sent without a limit and at 500 a
// second (RETE_BIG_ROUNDS=1 go test -run TestOutboxPassTimes -v ./bot/).
// Every due DM goes out once and nothing else does.
func TestOutboxPassTimes(t *testing.T) {
	if !bigRounds {
		t.Skip("RETE_BIG_ROUNDS not set")
	}
	const later, due = 190000, 10000
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now()
	queueDMs(t, db, 0, later, now.Add(72*time.Hour), "followup")
	dms := &dmRecorder{}
	b, err := bot.New(bot.Config{Store: db, Messengers: []bot.Messenger{dms},
		Communities: []bot.Community{{ID: "labbit", Spaces: []bot.Space{{Platform: "test", ID: "S1"}}, Settings: bot.DefaultSettings()}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	start := time.Now()
	if err := b.DeliverDue(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	t.Logf("one pass, %d pending, none due: %v", later, time.Since(start).Round(time.Microsecond))

	queueDMs(t, db, 0, due, now.Add(-time.Minute), "intro")
	start = time.Now()
	if err := b.DeliverDue(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d due DMs sent without a limit, %d pending: %v", due, later+due, time.Since(start).Round(time.Millisecond))

	queueDMs(t, db, due, due, now.Add(-time.Minute), "intro")
	l := bot.NewLimiter(bot.Limit{Rate: 500, Burst: 1})
	start = time.Now()
	passes := 0
	for {
		passes++
		next, err := b.DeliverLimited(ctx, "test", l)
		if err != nil {
			t.Fatal(err)
		}
		if next.IsZero() || next.After(now.Add(time.Hour)) {
			break
		}
		time.Sleep(max(time.Until(next), 0))
	}
	t.Logf("%d due DMs sent at 500/s, %d pending: %v in %d passes", due, later+due, time.Since(start).Round(time.Millisecond), passes)

	sent := map[string]int{}
	for _, d := range dms.dms {
		sent[d]++
	}
	if len(dms.dms) != 2*due || len(sent) != 2*due {
		t.Fatalf("%d DMs sent, %d distinct, want %d once each", len(dms.dms), len(sent), 2*due)
	}
	for d := range sent {
		if d[len(d)-len("intro"):] != "intro" {
			t.Fatalf("sent %q, not due", d)
		}
	}
}
