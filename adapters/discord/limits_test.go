package discord

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

// The figures (opt-in, minutes long) run with RETE_FIGURES=1:
//
//	RETE_FIGURES=1 go test -run Figure -v ./adapters/discord/
//
// Their scaled-down versions run in CI.
func figures(t *testing.T) {
	if os.Getenv("RETE_FIGURES") == "" {
		t.Skip("a figure: set RETE_FIGURES=1 to measure it")
	}
}

// TestRateLimitIsRetryError: a 429 goes back to the outbox as a
// *bot.RetryError with Discord's retry time, not slept on.
func TestRateLimitIsRetryError(t *testing.T) {
	x := newHarness(t, &bottest.Recorder{}, false, nil)
	x.fake.Limit(1, 10)
	to := bot.MemberID{Platform: Platform, Space: testGuild, User: testMembers[0]}
	_, err := x.a.DM(context.Background(), to, bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("hi"))}})
	var re *bot.RetryError
	if !errors.As(err, &re) || re.After <= 0 || re.After > time.Second {
		t.Fatalf("DM over the limit: %v, want a RetryError within a second", err)
	}
	if errors.Is(err, bot.ErrUnreachable) {
		t.Error("a rate limit marks the member unreachable")
	}
}

// TestDMChannelIsCached: the second DM to a member costs one request.
func TestDMChannelIsCached(t *testing.T) {
	x := newHarness(t, &bottest.Recorder{}, false, nil)
	to := bot.MemberID{Platform: Platform, Space: testGuild, User: testMembers[0]}
	for range 3 {
		if _, err := x.a.DM(context.Background(), to, bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("hi"))}}); err != nil {
			t.Fatal(err)
		}
	}
	if n := x.fake.Mark(); n != 4 {
		t.Errorf("3 DMs took %d requests, want 4 (one DM channel, three messages)", n)
	}
}

// TestInvalidRequestsStopShortOfABan: past MaxInvalid refused requests in
// 10 minutes the adapter sends nothing more and asks the outbox to wait.
func TestInvalidRequestsStopShortOfABan(t *testing.T) {
	x := newHarness(t, &bottest.Recorder{}, false, func(c *Config) { c.MaxInvalid = 3 })
	msg := bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("hi"))}}
	for i := range 3 {
		u := fmt.Sprintf("6%017d", i)
		x.fake.CloseDMs(u)
		if _, err := x.a.DM(context.Background(), bot.MemberID{Platform: Platform, Space: testGuild, User: u}, msg); !errors.Is(err, bot.ErrUnreachable) {
			t.Fatalf("DM to closed DMs: %v", err)
		}
	}
	mark := x.fake.Mark()
	_, err := x.a.DM(context.Background(), bot.MemberID{Platform: Platform, Space: testGuild, User: testMembers[0]}, msg)
	var re *bot.RetryError
	if !errors.As(err, &re) || re.After <= 9*time.Minute {
		t.Errorf("DM after 3 refusals: %v, want a RetryError of about 10 minutes", err)
	}
	if n := x.fake.Mark() - mark; n != 0 {
		t.Errorf("%d requests sent past the limit", n)
	}
}
