package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// unlistedEnv is an env whose requests come from space OTHER, which no
// community lists: its community is "test-other".
func unlistedEnv(t *testing.T, m bot.Messenger) (*env, func(user, text string) string) {
	t.Helper()
	e := &env{t: t, db: openDB(t), clock: &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}}
	b, err := bot.New(bot.Config{Store: e.db, Now: e.clock.Now, Messengers: []bot.Messenger{m}})
	if err != nil {
		t.Fatal(err)
	}
	e.bot = b
	do := func(user, text string) string {
		return b.Handle(context.Background(), &bot.Request{Platform: "test", Space: "OTHER", User: user, Name: user, Handle: user, Private: true, CanDM: bot.ReachYes, Text: text}).PlainText()
	}
	return e, do
}

func TestUnlistedSpaceGetsRounds(t *testing.T) {
	ctx := context.Background()
	f := newFake()
	e, do := unlistedEnv(t, f)
	for _, u := range []string{"a", "b", "c"} {
		do(u, "join")
	}
	if got := do("a", "intro @c let us talk"); !strings.Contains(got, "Request 1") {
		t.Fatalf("intro: %s", got)
	}
	state := func() (rounds int, intro bot.IntroState) {
		err := e.db.View(ctx, func(tx bot.Tx) error {
			if err := tx.Rounds("test-other", func(*bot.Round) error { rounds++; return nil }); err != nil {
				return err
			}
			i, err := tx.Intro("test-other", "1")
			if err != nil {
				return err
			}
			intro = i.State
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return rounds, intro
	}
	if err := e.bot.TickAll(ctx); err != nil { // sets the next round: Monday 09:00 UTC
		t.Fatal(err)
	}
	e.clock.Add(3 * 24 * time.Hour) // Monday 10:00
	if err := e.bot.TickAll(ctx); err != nil {
		t.Fatal(err)
	}
	if n, s := state(); n != 1 || s != bot.IntroPending {
		t.Errorf("after Monday: %d rounds, intro %s; want 1 round, pending", n, s)
	}
	e.clock.Add(8 * 24 * time.Hour) // past the default 7-day expiry
	if err := e.bot.TickAll(ctx); err != nil {
		t.Fatal(err)
	}
	if n, s := state(); n != 2 || s != bot.IntroExpired {
		t.Errorf("a week later: %d rounds, intro %s; want 2 rounds, expired", n, s)
	}
}
