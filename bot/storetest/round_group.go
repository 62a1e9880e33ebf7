package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
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
	if err := s.Update(t.Context(), func(tx bot.Tx) error { return tx.RenameMember("edit", big.Groups[0].Members[0], y) }); err != nil {
		t.Fatal(err)
	}
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
