package store

import (
	"context"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// TestRoundSummariesReadNoGroups checks that a summary written with its
// round is what RoundSummaries returns, without decoding the round, and
// that a round rewritten alone (as an older release or a bug would) is
// summarised from its groups.
func TestRoundSummariesReadNoGroups(t *testing.T) {
	db := openMem(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	rd := &bot.Round{Community: "c", ID: bot.RoundID(at, false), Number: 1, Period: at, Ran: at,
		Groups: []bot.RoundGroup{{Members: []bot.MemberID{{Platform: "slack", Space: "T", User: "U1"}}, Answers: map[string]string{"slack:T:U1": "yes"}}}}
	marked := func() int {
		var groups int
		if err := db.View(ctx, func(btx bot.Tx) error {
			return btx.RoundSummaries("c", func(s *bot.RoundSummary) error { groups = s.Groups; return nil })
		}); err != nil {
			t.Fatal(err)
		}
		return groups
	}
	// A summary marked with 99 groups in the round's transaction: read as is.
	if err := db.Update(ctx, func(btx bot.Tx) error {
		if err := btx.PutRound(rd); err != nil {
			return err
		}
		return btx.(*tx).setValue(roundSumKey("c", rd.ID), &bot.RoundSummary{ID: rd.ID, Groups: 99})
	}); err != nil {
		t.Fatal(err)
	}
	if g := marked(); g != 99 {
		t.Errorf("summary written with the round gives %d groups, want the stored 99 (no decoding)", g)
	}
	// The round rewritten without its summary: summarised from its groups.
	if err := db.Update(ctx, func(btx bot.Tx) error { return btx.(*tx).setValue(roundKey("c", rd.ID), rd) }); err != nil {
		t.Fatal(err)
	}
	if g := marked(); g != 1 {
		t.Errorf("round rewritten alone gives %d groups, want its 1", g)
	}
}
