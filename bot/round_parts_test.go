package bot_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/rete-bot/rete/bot"
)

// TestRoundMessageFromNamesOrScan: a round just made renders from the
// names it was matched from, a stored round of many groups from one scan,
// and both, whole or in parts, show the same blocks.
func TestRoundMessageFromNamesOrScan(t *testing.T) {
	e := roundEnv(t, 140, newFake()) // 70 groups: a stored round is scanned
	ctx := context.Background()
	comm, err := e.bot.CommunityByID(ctx, "labbit")
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.bot.RunRound(ctx, "labbit", bot.RoundOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Groups) <= 64 {
		t.Fatalf("%d groups: too few for a scan", len(r.Groups))
	}
	lang := comm.Settings.Language
	fresh, err := e.bot.RoundMessage(ctx, lang, comm, r, false)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := e.bot.RoundMessage(ctx, lang, comm, e.rounds()[0], false)
	if err != nil {
		t.Fatal(err)
	}
	if len(fresh.Blocks) < 1+len(r.Groups) || !reflect.DeepEqual(fresh.Blocks, stored.Blocks) {
		t.Errorf("a fresh round shows %d blocks, the stored one %d, or they differ", len(fresh.Blocks), len(stored.Blocks))
	}
	var parts bot.Message
	n := 0
	err = e.bot.RoundMessageParts(ctx, lang, comm, r, false, 16, func(m bot.Message) error {
		n++
		parts.Blocks = append(parts.Blocks, m.Blocks...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != (len(r.Groups)+15)/16 || !reflect.DeepEqual(parts.Blocks, fresh.Blocks) {
		t.Errorf("%d parts of 16 groups for %d groups, or their blocks differ from the whole message", n, len(r.Groups))
	}
}
