package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/match"
)

// testRoundGroupEdits checks RoundHead and PutRoundGroup on a round
// stored whole and on one in parts: the head is the round without its
// groups, and a group put alone reads back as PutRound of the changed
// round would, summary included, after a rename too (which rewrites the
// round otherwise than PutRound).
func testRoundGroupEdits(t *testing.T, s bot.Store) {
	period := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	small := newRound("edit", period, false)
	big := bigRound("edit", period.AddDate(0, 0, 7), 2*bot.RoundPart+3)
	putRound(t, s, small)
	stageRound(t, s, big)
	putRound(t, s, big)
	summary := func(id string) (sum bot.RoundSummary) {
		view(t, s, func(tx bot.Tx) error {
			return tx.RoundSummaries("edit", func(rs *bot.RoundSummary) error {
				if rs.ID == id {
					sum = *rs
				}
				return nil
			})
		})
		return sum
	}
	check := func(what string, want *bot.Round) {
		t.Helper()
		got, err := getRound(t, s, "edit", want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(canonicalRound(got), canonicalRound(want)) {
			t.Errorf("%s: Round differs from the round with the group changed", what)
		}
		if sum, w := summary(want.ID), want.Summary(); sum != w {
			t.Errorf("%s: summary %+v, want %+v", what, sum, w)
		}
		view(t, s, func(tx bot.Tx) error {
			head, err := tx.RoundHead("edit", want.ID)
			if err != nil {
				return err
			}
			w := canonicalRound(want)
			w.Groups = nil
			if !reflect.DeepEqual(canonicalRound(head), w) {
				t.Errorf("%s: RoundHead %+v, want %+v", what, head, w)
			}
			return nil
		})
	}
	check("as stored, whole", small)
	check("as stored, in parts", big)

	edit := func(r *bot.Round, i int, answer string) {
		t.Helper()
		g := r.Groups[i]
		g.Answers = map[string]string{g.Members[0].String(): answer}
		g.Pick = &bot.SlotPick{Slot: 0, By: g.Members[0], Seq: 1}
		g.Slots = []time.Time{period.Add(time.Hour)}
		r.Groups[i] = g
		if err := s.Update(t.Context(), func(tx bot.Tx) error { return tx.PutRoundGroup("edit", r.ID, i, &g) }); err != nil {
			t.Fatalf("PutRoundGroup %d: %v", i, err)
		}
	}
	edit(small, 1, "yes")
	check("a group of a round stored whole", small)
	last := len(big.Groups) - 1
	edit(big, bot.RoundPart+1, "yes")
	edit(big, last, "no")
	check("groups in two parts", big)
	edit(big, bot.RoundPart+1, "no") // a changed answer moves the figures back
	check("a group changed again", big)

	y := bot.MemberID{Platform: "slack", Space: "T01", User: "Y1"}
	update(t, s, func(tx bot.Tx) error { return tx.RenameMember("edit", big.Groups[0].Members[0], y) })
	big.Groups[0].Members[0] = y
	edit(big, 3, "yes")
	check("a group changed after a rename", big)

	for _, c := range []struct {
		id    string
		index int
	}{{small.ID, 2}, {big.ID, len(big.Groups)}, {big.ID, -1}, {big.ID, 9 * bot.RoundPart}, {"20990101T0000Z", 0}} {
		err := s.Update(t.Context(), func(tx bot.Tx) error {
			return tx.PutRoundGroup("edit", c.id, c.index, &bot.RoundGroup{})
		})
		if !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("PutRoundGroup(%s, %d): %v, want ErrNotFound", c.id, c.index, err)
		}
	}
	view(t, s, func(tx bot.Tx) error {
		if _, err := tx.RoundHead("edit", "20990101T0000Z"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("RoundHead of a missing round: %v, want ErrNotFound", err)
		}
		return nil
	})
	check("after refused edits", big)
}

// testRoundGroupOf checks that a member's group is found in a round
// stored whole and in one in parts, whatever the ids hold, and not where
// the member is only named (an answer, a reason) by another group.
func testRoundGroupOf(t *testing.T, s bot.Store) {
	period := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	id := func(u string) bot.MemberID { return bot.MemberID{Platform: "slack", Space: "T01", User: u} }
	tricky := []string{`a"]}b`, `c\`, `[{`, "é,\n<&>", `\"`}
	small := newRound("find", period, false)
	small.Groups = nil
	for i, u := range tricky {
		small.Groups = append(small.Groups, bot.RoundGroup{Members: []bot.MemberID{id(u), id(fmt.Sprint("p", i))}})
	}
	big := bigRound("find", period.AddDate(0, 0, 7), 2*bot.RoundPart+3)
	// Group 1 names the member of the last group in an answer and a
	// reason: found there, it is passed over.
	lastID := big.Groups[len(big.Groups)-1].Members[1]
	big.Groups[1].Answers = map[string]string{lastID.String(): "yes"}
	big.Groups[1].Reasons = []match.Reason{{Kind: match.ReasonFresh, A: lastID.String(), B: big.Groups[1].Members[0].String()}}
	putRound(t, s, small)
	stageRound(t, s, big)
	putRound(t, s, big)
	view(t, s, func(tx bot.Tx) error {
		for _, r := range []*bot.Round{small, big} {
			for _, gi := range []int{0, 1, len(r.Groups) / 2, len(r.Groups) - 1} {
				for _, m := range r.Groups[gi].Members {
					got, g, err := tx.RoundGroupOf("find", r.ID, m)
					if err != nil {
						return err
					}
					if got != gi || g == nil || !reflect.DeepEqual(*g, r.Groups[gi]) {
						t.Errorf("round of %d groups, member %s: group %d %+v, want %d", len(r.Groups), m, got, g, gi)
					}
				}
			}
			if got, g, err := tx.RoundGroupOf("find", r.ID, id("nobody")); err != nil || got != -1 || g != nil {
				t.Errorf("a member in no group: %d %+v %v", got, g, err)
			}
		}
		if _, _, err := tx.RoundGroupOf("find", "20990101T0000Z", id("p1")); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("a missing round: %v, want ErrNotFound", err)
		}
		return nil
	})
}
