package bot_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// observed records what the core tells its Observer.
type observed struct {
	mu       sync.Mutex
	commands []string // "platform verb outcome"
	sends    []bot.SendResult
	rounds   []string // "community groups leftOut"
}

func (o *observed) OnCommand(platform, verb string, out bot.Outcome, _ time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.commands = append(o.commands, platform+" "+verb+" "+string(out))
}

func (o *observed) OnSend(_ string, r bot.SendResult) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sends = append(o.sends, r)
}

func (o *observed) OnRound(community string, groups, leftOut int, _ time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.rounds = append(o.rounds, fmt.Sprintf("%s %d %d", community, groups, leftOut))
}

// failing is a messenger whose DMs fail with errs in turn, then succeed.
type failing struct {
	dmRecorder
	errs []error
}

func (f *failing) DM(ctx context.Context, to bot.MemberID, m bot.Message) (bot.MessageRef, error) {
	if len(f.errs) > 0 {
		err := f.errs[0]
		f.errs = f.errs[1:]
		return bot.MessageRef{}, err
	}
	return f.dmRecorder.DM(ctx, to, m)
}

func TestObserverSeesCommandsSendsAndRounds(t *testing.T) {
	e := newEnv(t)
	obs := &observed{}
	msgr := &failing{}
	s := bot.DefaultSettings()
	b, err := bot.New(bot.Config{
		Store: e.db, Now: e.clock.Now, Messengers: []bot.Messenger{msgr}, Observer: obs,
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{"test:mod"}, Spaces: []bot.Space{{Platform: "test", ID: "S1"}}, Settings: s}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e.bot = b
	e.do("anna", "join")
	e.do("bruno", "join")
	e.do("anna", "round now")     // moderators only
	e.do("anna", "frobnicate it") // no such verb
	wantCommands := []string{"test join ok", "test join ok", "test round refused", "test unknown refused"}
	if !slices.Equal(obs.commands, wantCommands) {
		t.Errorf("commands %q, want %q", obs.commands, wantCommands)
	}

	ctx := context.Background()
	if _, err := b.RunRound(ctx, "labbit", bot.RoundOptions{}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(obs.rounds, []string{"labbit 1 0"}) {
		t.Errorf("rounds %q, want one group, nobody left out", obs.rounds)
	}

	// The round's two DMs: a rate limit, then failures until the outbox
	// gives up on both.
	msgr.errs = []error{&bot.RetryError{After: time.Second, Err: errors.New("429")}}
	for range 40 {
		msgr.errs = append(msgr.errs, errors.New("503"))
	}
	for range 12 { // 33 h: past bot.GiveUpAfter for both
		if err := b.DeliverDue(ctx, "test"); err != nil {
			t.Fatal(err)
		}
		e.clock.Add(3 * time.Hour)
	}
	count := map[bot.SendResult]int{}
	for _, r := range obs.sends {
		count[r]++
	}
	want := map[bot.SendResult]int{bot.SendRateLimited: 1, bot.SendRetry: 16, bot.SendGaveUp: 2}
	if !maps.Equal(count, want) {
		t.Errorf("sends %v, want %v", count, want)
	}
	msgr.errs = []error{bot.ErrUnreachable}
	err = e.db.Update(ctx, func(tx bot.Tx) error {
		for _, id := range []string{"a", "b"} {
			msg := bot.Message{Blocks: []bot.Block{{Kind: bot.Para, Spans: []bot.Span{{Text: "hi"}}}}}
			to := bot.MemberID{Platform: "test", Space: "S1", User: "anna"}
			if _, err := tx.Enqueue(&bot.OutboxEntry{ID: id, Platform: "test", Community: "labbit", Kind: bot.OutboxDM, To: []bot.MemberID{to},
				Template: "reply", Message: &msg, NotBefore: e.clock.Now()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.DeliverDue(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	if count := obs.sends[len(obs.sends)-2:]; !slices.Equal(count, []bot.SendResult{bot.SendUnreachable, bot.SendOK}) {
		t.Errorf("last sends %v, want unreachable, sent", count)
	}
}
