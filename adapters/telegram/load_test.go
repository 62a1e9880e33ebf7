package telegram

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
	"github.com/rete-bot/rete/store"
)

// deliveryRun is one measured delivery of DMs through the real outbox.
type deliveryRun struct {
	dms, members    int     // DMs queued, spread over members
	overall         int     // the fake's limit, messages in any second
	perChat         int     // the fake's limit to one chat in any second
	rate, perMember float64 // the outbox's Limit
}

// deliver queues r.dms intro DMs, runs the outbox under its Limit against
// a fake that answers 429 beyond its limits, and returns the time until
// the last DM arrived and the 429s the fake answered.
func (r deliveryRun) deliver(t *testing.T) (time.Duration, int) {
	t.Helper()
	db, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	x := newHarness(t, &bottest.Recorder{})
	f := x.fake
	f.Limit(r.overall, r.perChat)
	b, err := bot.New(bot.Config{Store: db, Messengers: []bot.Messenger{x.a}})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	err = db.Update(context.Background(), func(tx bot.Tx) error {
		for i := range r.dms {
			user := strconv.Itoa(100000 + i%r.members)
			msg := bot.Message{
				Blocks:  []bot.Block{bot.ParaBlock(bot.Text("Anna would like to meet you: "), bot.Strong(fmt.Sprintf("intro %d", i)))},
				Buttons: []bot.Button{{Label: "Accept", Command: "intro accept " + strconv.Itoa(i)}, {Label: "Decline", Command: "intro decline " + strconv.Itoa(i)}},
			}
			e := &bot.OutboxEntry{
				ID: fmt.Sprintf("load/%06d", i), Platform: Platform, Community: "load", Kind: bot.OutboxDM,
				To: []bot.MemberID{{Platform: Platform, Space: "-100", User: user}}, Template: "reply", Message: &msg,
				Created: now, NotBefore: now,
			}
			if _, err := tx.Enqueue(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	// Telegram's Limit as cmd/rete builds it (platformLimit).
	go b.RunOutbox(ctx, Platform, bot.Limit{Rate: r.rate, Burst: 1, PerDestination: r.perMember, PerChannel: 20.0 / 60, Coalesce: time.Second})
	deadline := start.Add(time.Duration(float64(r.dms)/r.rate*2)*time.Second + 10*time.Second)
	for {
		sent, last, tooMany := 0, time.Time{}, f.TooMany()
		for _, c := range f.Calls() {
			if c.Method == "sendMessage" {
				sent++
				last = c.At
			}
		}
		if sent >= r.dms {
			return last.Sub(start), tooMany
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d DMs delivered before the deadline (%d 429s)", sent, r.dms, tooMany)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestDeliveryStaysUnderTheLimits is the 1,500-DM figure scaled down for
// CI: 60 DMs to 20 members, three each, with the fake's limits and the
// outbox's scaled up tenfold. Nothing may be refused.
func TestDeliveryStaysUnderTheLimits(t *testing.T) {
	r := deliveryRun{dms: 60, members: 20, overall: 300, perChat: 10, rate: 300, perMember: 10}
	elapsed, tooMany := r.deliver(t)
	if tooMany != 0 {
		t.Errorf("%d answers 429, want none", tooMany)
	}
	t.Logf("60 DMs to 20 members at 300/s overall, 10/s per chat: %s, %d 429s", elapsed.Round(time.Millisecond), tooMany)
}

// TestTelegramDelivery1500 measures the figure: 1,500 intro DMs
// to 1,500 members at Telegram's 30 messages a second and one a second
// per chat. It takes more than 50 s, so it runs only with RETE_LOAD=1:
//
//	RETE_LOAD=1 go test -run TestTelegramDelivery1500 -v ./adapters/telegram/
func TestTelegramDelivery1500(t *testing.T) {
	if os.Getenv("RETE_LOAD") == "" {
		t.Skip("set RETE_LOAD=1 to measure (about a minute)")
	}
	r := deliveryRun{dms: 1500, members: 1500, overall: 30, perChat: 1, rate: telegramRate, perMember: 1}
	elapsed, tooMany := r.deliver(t)
	t.Logf("1500 DMs to 1500 members, fake limits 30/s overall and 1/s per chat, outbox at %g/s: %s (floor 50 s, target ≤ 53 s), %d 429s (target 0)",
		telegramRate, elapsed.Round(10*time.Millisecond), tooMany)
	if tooMany != 0 || elapsed > 53*time.Second {
		t.Errorf("elapsed %s, 429s %d: outside the targets", elapsed, tooMany)
	}
}

// telegramRate is the outbox's Telegram rate the figure is measured at
// (cmd/rete's default).
const telegramRate = 30.0
