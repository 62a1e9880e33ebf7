package bot_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// flakyMessenger answers every DM with a server error while down.
type flakyMessenger struct {
	platform string
	mu       sync.Mutex
	down     bool
	sent     int
	tries    int
}

func (m *flakyMessenger) Platform() string { return m.platform }
func (m *flakyMessenger) DM(context.Context, bot.MemberID, bot.Message) (bot.MessageRef, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tries++
	if m.down {
		return bot.MessageRef{}, errors.New("503 Service Unavailable")
	}
	m.sent++
	return bot.MessageRef{Platform: m.platform}, nil
}
func (m *flakyMessenger) Post(context.Context, string, string, bot.Message) (bot.MessageRef, error) {
	return bot.MessageRef{}, nil
}

// outageEnv is a bot on two platforms, "up" and "down", with n DMs queued
// to each.
func outageEnv(t *testing.T, n int) (*env, *flakyMessenger, *flakyMessenger) {
	t.Helper()
	e := &env{t: t, db: openDB(t), clock: &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}}
	up, down := &flakyMessenger{platform: "up"}, &flakyMessenger{platform: "down", down: true}
	b, err := bot.New(bot.Config{Store: e.db, Now: e.clock.Now, Messengers: []bot.Messenger{up, down}})
	if err != nil {
		t.Fatal(err)
	}
	e.bot = b
	msg := bot.Message{Blocks: []bot.Block{{Kind: bot.Para, Spans: []bot.Span{{Text: "hello"}}}}}
	err = e.db.Update(context.Background(), func(tx bot.Tx) error {
		for _, p := range []string{"up", "down"} {
			for i := range n {
				_, err := tx.Enqueue(&bot.OutboxEntry{ID: fmt.Sprintf("%s/%d", p, i), Platform: p, Community: "c", Kind: bot.OutboxDM,
					To: []bot.MemberID{{Platform: p, Space: "S", User: fmt.Sprint(i)}}, Message: &msg, Created: e.clock.Now(), NotBefore: e.clock.Now()})
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return e, up, down
}

// runFor delivers both platforms every minute of d on the test clock.
func (e *env) runFor(d time.Duration) {
	e.t.Helper()
	for end := e.clock.Now().Add(d); e.clock.Now().Before(end); e.clock.Add(time.Minute) {
		for _, p := range []string{"up", "down"} {
			if err := e.bot.DeliverDue(context.Background(), p); err != nil {
				e.t.Fatal(err)
			}
		}
	}
}

// failed counts the platform's entries given up.
func (e *env) failed(platform string) (failed, pending int) {
	e.t.Helper()
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		if err := tx.Pending(platform, func(*bot.OutboxEntry) error { pending++; return nil }); err != nil {
			return err
		}
		return tx.Done(platform, func(x *bot.OutboxEntry) error {
			if x.Failed {
				failed++
			}
			return nil
		})
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return failed, pending
}

// TestPlatformOutageLosesNothing: a platform answering 5xx for six hours
// gives up nothing, is retried with backoff (not every minute), gets all
// its messages within minutes of coming back, and holds no other platform
// up meanwhile.
func TestPlatformOutageLosesNothing(t *testing.T) {
	const n = 20
	e, up, down := outageEnv(t, n)
	e.runFor(6 * time.Hour)
	if up.sent != n {
		t.Errorf("the healthy platform sent %d of %d during the other's outage", up.sent, n)
	}
	if failed, pending := e.failed("down"); failed != 0 || pending != n {
		t.Errorf("after 6 h of 5xx: %d given up, %d pending; want 0 and %d", failed, pending, n)
	}
	// Backoff: 6 h of minutes is 360 passes; each entry tries far fewer.
	if perEntry := down.tries / n; perEntry > 60 {
		t.Errorf("%d tries per entry in 6 h: the outbox does not back off", perEntry)
	}
	down.mu.Lock()
	down.down = false
	down.mu.Unlock()
	e.runFor(15 * time.Minute) // maxBackoff and then some
	if down.sent != n {
		t.Errorf("%d of %d sent within 15 minutes of the platform coming back", down.sent, n)
	}
}

// TestOutboxGivesUpAfterADay: an entry failing for bot.GiveUpAfter is given
// up, not before.
func TestOutboxGivesUpAfterADay(t *testing.T) {
	e, _, _ := outageEnv(t, 3)
	e.runFor(bot.GiveUpAfter - 15*time.Minute)
	if failed, _ := e.failed("down"); failed != 0 {
		t.Fatalf("%d given up before %v", failed, bot.GiveUpAfter)
	}
	e.runFor(30 * time.Minute)
	if failed, pending := e.failed("down"); failed != 3 || pending != 0 {
		t.Errorf("after a day of failures: %d given up, %d pending; want 3 and 0", failed, pending)
	}
}
