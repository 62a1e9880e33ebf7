package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/match"
)

// storeHistory stores rounds of the given sizes (in groups), oldest
// first, as the core does: a round of more than [bot.RoundPart] groups
// staged part by part, then stored. Group 0 of each is anna with a
// filler member, group 1 ada (on chat) with another; anna answered and
// picked a time.
func storeHistory(t *testing.T, db bot.Store, sizes []int) {
	t.Helper()
	ctx := context.Background()
	start := time.Date(2025, 1, 6, 8, 0, 0, 0, time.UTC)
	for n, size := range sizes {
		period := start.AddDate(0, 0, 7*n)
		r := &bot.Round{Community: "labbit", ID: bot.RoundID(period, false), Number: n + 1, Period: period, Ran: period, FollowupAt: period.AddDate(0, 0, 5)}
		for i := range size {
			a, b := uid(fmt.Sprintf("f%06d", 2*i)), uid(fmt.Sprintf("f%06d", 2*i+1))
			g := bot.RoundGroup{Members: []bot.MemberID{a, b}, Key: fmt.Sprintf("key%012d", i),
				Slots: []time.Time{period.Add(time.Hour), period.Add(25 * time.Hour), period.Add(49 * time.Hour)},
				Reasons: []match.Reason{
					{Kind: match.ReasonComplement, Giver: a.String(), Taker: b.String(), Skill: "product design"},
					{Kind: match.ReasonOverlap, A: a.String(), B: b.String(), Hours: 6},
				}}
			switch i {
			case 0:
				g.Members[0] = uid("anna")
				g.Reasons[0].Giver, g.Reasons[1].A = uid("anna").String(), uid("anna").String()
				g.Answers = map[string]string{uid("anna").String(): "yes"}
				g.Pick = &bot.SlotPick{By: uid("anna")}
			case 1:
				g.Members[0] = chatID("ada")
				g.Answers = map[string]string{chatID("ada").String(): "notyet"}
			}
			r.Groups = append(r.Groups, g)
		}
		if size > bot.RoundPart {
			for part := range (size + bot.RoundPart - 1) / bot.RoundPart {
				if err := db.Update(ctx, func(tx bot.Tx) error { return tx.StageRound(r, part) }); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := db.Update(ctx, func(tx bot.Tx) error { return tx.PutRound(r) }); err != nil {
			t.Fatalf("round %d: %v", n+1, err)
		}
	}
}

// roundsNaming returns the rounds whose stored form names id, and how many
// groups hold who.
func roundsNaming(t *testing.T, db bot.Store, id string, who bot.MemberID) (naming, holding int) {
	t.Helper()
	err := db.View(context.Background(), func(tx bot.Tx) error {
		return tx.Rounds("labbit", func(r *bot.Round) error {
			data, err := json.Marshal(r)
			if err != nil {
				return err
			}
			if strings.Contains(string(data), id) {
				naming++
			}
			for _, g := range r.Groups {
				if g.Has(who) {
					holding++
				}
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return naming, holding
}

// TestLinkAndForgetMeWithALongHistory: a member in more rounds than one
// transaction can rewrite (rounds in parts and whole ones) links an
// account that is in all of them too, then is forgotten: both succeed,
// the account's id is gone from every round after the link, the
// member's after forget-me.
func TestLinkAndForgetMeWithALongHistory(t *testing.T) {
	sizes := longHistory()
	if bigRounds {
		sizes = sizes[:0]
		for range 52 {
			sizes = append(sizes, 1100)
		}
	}
	tp := newTwoPlatforms(t)
	tp.must("anna", "join", "Welcome")
	tp.onMust("ada", "join", "Welcome")
	storeHistory(t, tp.db, sizes)

	code := tp.code("anna")
	tp.onMust("ada", "link "+code, "Linked")
	if naming, _ := roundsNaming(t, tp.db, chatID("ada").String(), chatID("ada")); naming != 0 {
		t.Errorf("%d rounds still name the linked account", naming)
	}
	if _, holding := roundsNaming(t, tp.db, uid("anna").String(), uid("anna")); holding != 2*len(sizes) {
		t.Errorf("anna is in %d groups after the link, want %d", holding, 2*len(sizes))
	}

	tp.must("anna", "forget-me confirm", "deleted")
	if naming, _ := roundsNaming(t, tp.db, uid("anna").String(), uid("anna")); naming != 0 {
		t.Errorf("%d rounds still name anna", naming)
	}
	if naming, _ := roundsNaming(t, tp.db, "forgotten:", bot.MemberID{}); naming != len(sizes) {
		t.Errorf("%d rounds name the stand-in, want %d", naming, len(sizes))
	}
	if tp.record(uid("anna")) != nil || tp.record(chatID("ada")) != nil {
		t.Error("a record of anna is left")
	}
	if due, err := tp.db.ScrubDue(); err != nil || !due {
		t.Errorf("scrub due after forget-me: %v, %v", due, err)
	}
}

// longHistory is 14 rounds in parts and 25 whole ones: rewriting a group
// of each in one transaction is too big.
func longHistory() []int {
	var sizes []int
	for range 14 {
		sizes = append(sizes, 1100) // 3 parts: one rewritten per round
	}
	for range 25 {
		sizes = append(sizes, 300) // whole: rewritten whole
	}
	return sizes
}

// TestForgetMeResumesAfterCrash: a forget-me that stops midway through
// the rounds keeps the member, and forget-me again finishes it.
func TestForgetMeResumesAfterCrash(t *testing.T) {
	e := newBigEnv(t, 2)
	ctx := context.Background()
	say := func(b *bot.Bot, text string) string {
		return b.Handle(ctx, dmRequest("test", "S1", "anna", text)).PlainText()
	}
	if got := say(e.bot, "join"); !strings.Contains(got, "Welcome") {
		t.Fatalf("join: %s", got)
	}
	sizes := longHistory()
	storeHistory(t, e.db, sizes)
	if got := say(e.newBot(&crashingStore{DB: e.db, crashAt: 20}), "forget-me confirm"); strings.Contains(got, "deleted") {
		t.Fatalf("forget-me with a crash: %s", got)
	}
	if naming, _ := roundsNaming(t, e.db, uid("anna").String(), uid("anna")); naming == 0 || naming == len(sizes) {
		t.Fatalf("after the crash %d of %d rounds name anna, want some", naming, len(sizes))
	}
	e.member("anna") // still stored
	if got := say(e.bot, "forget-me confirm"); !strings.Contains(got, "deleted") {
		t.Fatalf("forget-me again: %s", got)
	}
	if naming, _ := roundsNaming(t, e.db, uid("anna").String(), uid("anna")); naming != 0 {
		t.Errorf("%d rounds still name anna", naming)
	}
	if naming, _ := roundsNaming(t, e.db, "forgotten:", bot.MemberID{}); naming != len(sizes) {
		t.Errorf("%d rounds name a stand-in, want %d", naming, len(sizes))
	}
}

// TestUnlinkPrimaryWithALongHistory: unlinking the primary account moves
// a long history to the other account.
func TestUnlinkPrimaryWithALongHistory(t *testing.T) {
	sizes := longHistory()
	tp := newTwoPlatforms(t)
	tp.must("anna", "join", "Welcome")
	tp.onMust("ada", "join", "Welcome")
	storeHistory(t, tp.db, sizes)
	tp.onMust("ada", "link "+tp.code("anna"), "Linked")
	tp.must("anna", "unlink test", "copy of your profile")
	if naming, _ := roundsNaming(t, tp.db, uid("anna").String(), uid("anna")); naming != 0 {
		t.Errorf("%d rounds still name the unlinked account", naming)
	}
	if _, holding := roundsNaming(t, tp.db, chatID("ada").String(), chatID("ada")); holding != 2*len(sizes) {
		t.Errorf("ada is in %d groups after the unlink, want %d", holding, 2*len(sizes))
	}
}
