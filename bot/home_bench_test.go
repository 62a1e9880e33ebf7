package bot_test

import (
	"context"
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/match"
	"github.com/rete-bot/rete/store"
)

var home100k = flag.Bool("home100k", false, "measure building the Home page in a community of 100k members")

// TestHomeTimes100k measures building the home page of a moderator who
// is paired in the latest of several rounds of a community of 100,000
// members: the first build counts the figures, the next reuse them.
// Run with -home100k.
func TestHomeTimes100k(t *testing.T) {
	if !*home100k {
		t.Skip("run with -home100k")
	}
	const n, rounds = 100_000, 8
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	importMembers(t, db, n, 50, "go", "ux design")
	id := func(i int) bot.MemberID {
		return bot.MemberID{Platform: "test", Space: "S1", User: fmt.Sprintf("u%06d", i)}
	}
	start := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	var last string
	for k := range rounds {
		period := start.AddDate(0, 0, 7*k)
		r := &bot.Round{Community: "labbit", ID: bot.RoundID(period, false), Number: k + 1, Period: period, Ran: period, FollowupAt: period.AddDate(0, 0, 7)}
		for i := 0; i < n; i += 2 {
			r.Groups = append(r.Groups, bot.RoundGroup{Members: []bot.MemberID{id(i), id(i + 1)},
				Reasons: []match.Reason{{Kind: match.ReasonFresh, A: id(i).String(), B: id(i + 1).String()}},
				Slots:   []time.Time{period.Add(30 * time.Hour), period.Add(54 * time.Hour)}, Key: "k"})
		}
		for part := range (len(r.Groups) + bot.RoundPart - 1) / bot.RoundPart { // as the core stores a big round
			if err := db.Update(context.Background(), func(tx bot.Tx) error { return tx.StageRound(r, part) }); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Update(context.Background(), func(tx bot.Tx) error { return tx.PutRound(r) }); err != nil {
			t.Fatal(err)
		}
		last = r.ID
	}
	err = db.Update(context.Background(), func(tx bot.Tx) error {
		if err := tx.PutState("labbit", &bot.State{Rounds: rounds}); err != nil {
			return err
		}
		for _, i := range []int{0, 1} {
			m, err := tx.Member("labbit", id(i))
			if err != nil {
				return err
			}
			m.Part = bot.Participation{Rounds: rounds, Last: last}
			if err := tx.PutMember(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s := bot.DefaultSettings()
	bt, err := bot.New(bot.Config{Store: db, Now: func() time.Time { return start.AddDate(0, 0, 7*rounds-6) },
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{"test:u000001"}, Spaces: []bot.Space{{Platform: "test", ID: "S1"}}, Settings: s}}})
	if err != nil {
		t.Fatal(err)
	}
	build := func(user string) time.Duration {
		t0 := time.Now()
		h, err := bt.Home(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: user})
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Pairing) != 1 {
			t.Fatalf("%s: pairing %v", user, h.Pairing)
		}
		return time.Since(t0)
	}
	build("u000000")
	member := build("u000000")
	cold := build("u000001")
	var warm time.Duration
	for range 5 {
		warm += build("u000001")
	}
	t0 := time.Now()
	if _, err := bt.CommunityStats(context.Background(), "labbit"); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d members, %d rounds: member's home %v; moderator's home %v counting the figures, %v with the figures counted; CommunityStats alone %v",
		n, rounds, member.Round(time.Millisecond), cold.Round(time.Millisecond), (warm / 5).Round(time.Millisecond), time.Since(t0).Round(time.Millisecond))
}
