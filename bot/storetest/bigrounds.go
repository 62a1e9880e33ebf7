package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// bigRound returns a round of groups groups of two, with every field set.
func bigRound(community string, period time.Time, groups int) *bot.Round {
	r := newRound(community, period, false)
	r.Groups = nil
	for i := range groups {
		a := bot.MemberID{Platform: "slack", Space: "T01", User: fmt.Sprintf("U%06da", i)}
		b := bot.MemberID{Platform: "slack", Space: "T01", User: fmt.Sprintf("U%06db", i)}
		r.Groups = append(r.Groups, bot.RoundGroup{Members: []bot.MemberID{a, b}, Key: fmt.Sprint(i)})
	}
	return r
}

// stageRound stages every part of r, one transaction each.
func stageRound(t *testing.T, s bot.Store, r *bot.Round) {
	t.Helper()
	for part := 0; part*bot.RoundPart < len(r.Groups); part++ {
		if err := s.Update(t.Context(), func(tx bot.Tx) error { return tx.StageRound(r, part) }); err != nil {
			t.Fatalf("StageRound part %d: %v", part, err)
		}
	}
}

// roundIDs returns the ids of a community's rounds and checks that each
// equals want's round of its id, when there is one.
func roundIDs(t *testing.T, s bot.Store, community string, want map[string]*bot.Round) []string {
	t.Helper()
	var ids []string
	view(t, s, func(tx bot.Tx) error {
		return tx.Rounds(community, func(r *bot.Round) error {
			ids = append(ids, r.ID)
			if w := want[r.ID]; w != nil && !reflect.DeepEqual(canonicalRound(r), canonicalRound(w)) {
				t.Errorf("Rounds: round %s differs (%d groups, want %d)", r.ID, len(r.Groups), len(w.Groups))
			}
			return nil
		})
	})
	return ids
}

// testBigRoundStaged checks the contract of a round of more than
// RoundPart groups: staged parts stay invisible until PutRound, which
// shows the round whole, among the others, once.
func testBigRoundStaged(t *testing.T, s bot.Store) {
	base := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	before, after := newRound("big", base.Add(-7*24*time.Hour), false), newRound("big", base.Add(7*24*time.Hour), false)
	putRound(t, s, before)
	putRound(t, s, after)
	r := bigRound("big", base, 3*bot.RoundPart+5)
	stageRound(t, s, r)
	if _, err := getRound(t, s, "big", r.ID); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("Round of a staged round: %v, want ErrNotFound", err)
	}
	checkIDs(t, "Rounds with a staged round", roundIDs(t, s, "big", nil), []string{before.ID, after.ID})
	putRound(t, s, r)
	got, err := getRound(t, s, "big", r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(canonicalRound(got), canonicalRound(r)) {
		t.Errorf("Round gives %d groups, want %d as stored", len(got.Groups), len(r.Groups))
	}
	want := map[string]*bot.Round{before.ID: before, r.ID: r, after.ID: after}
	checkIDs(t, "Rounds", roundIDs(t, s, "big", want), []string{before.ID, r.ID, after.ID})

	err = s.Update(t.Context(), func(tx bot.Tx) error { return tx.StageRound(r, 0) })
	if !errors.Is(err, bot.ErrRoundExists) {
		t.Errorf("StageRound of a stored round: %v, want ErrRoundExists", err)
	}
}

// testBigRoundEdits checks that a round in parts is replaced whole by
// PutRound: one group changed, fewer parts, a round staged with other
// groups than it is stored with.
func testBigRoundEdits(t *testing.T, s bot.Store) {
	base := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	r := bigRound("edits", base, 2*bot.RoundPart+1)
	stageRound(t, s, r)
	putRound(t, s, r)
	check := func(what string) {
		t.Helper()
		got, err := getRound(t, s, "edits", r.ID)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if !reflect.DeepEqual(canonicalRound(got), canonicalRound(r)) {
			t.Errorf("%s: Round gives %d groups, want %d as stored", what, len(got.Groups), len(r.Groups))
		}
		checkIDs(t, what, roundIDs(t, s, "edits", map[string]*bot.Round{r.ID: r}), []string{r.ID})
	}

	r.Groups[bot.RoundPart+3].Answers = map[string]string{r.Groups[bot.RoundPart+3].Members[0].String(): "yes"}
	putRound(t, s, r)
	check("one group answered")

	r.Groups = r.Groups[:bot.RoundPart+2]
	putRound(t, s, r)
	check("fewer parts")

	r.Groups = r.Groups[:2]
	putRound(t, s, r)
	check("stored whole")

	// Parts staged by an attempt that never stored its round are replaced
	// by those of the round stored under its id, or dropped.
	next := bigRound("edits", base.Add(7*24*time.Hour), 3*bot.RoundPart)
	stageRound(t, s, next)
	next = bigRound("edits", next.Period, bot.RoundPart+1)
	next.Method = "again"
	putRound(t, s, next)
	got, err := getRound(t, s, "edits", next.ID)
	if err != nil || !reflect.DeepEqual(canonicalRound(got), canonicalRound(next)) {
		t.Errorf("round stored over other staged parts: %v, %d groups, want %d", err, len(got.Groups), len(next.Groups))
	}
}

// testMoveSpaceBigRound: a bounded MoveSpace to another community moves
// a round in parts whole or not at all, and replaces a longer round of
// the same id there, at every call.
func testMoveSpaceBigRound(t *testing.T, s bot.Store) {
	base := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	moving, there := bigRound("src", base, 3*bot.RoundPart+5), bigRound("dst", base, 5*bot.RoundPart+1)
	stageRound(t, s, moving)
	putRound(t, s, moving)
	stageRound(t, s, there)
	putRound(t, s, there)
	// in reports whether every member of r is in space.
	in := func(r *bot.Round, space string) bool {
		for _, g := range r.Groups {
			for _, m := range g.Members {
				if m.Space != space {
					return false
				}
			}
		}
		return true
	}
	var src, dst *bot.Round
	for calls, done := 0, false; !done; calls++ {
		if calls > 50 {
			t.Fatal("MoveSpace never reports done")
		}
		update(t, s, func(tx bot.Tx) error {
			var err error
			done, err = tx.MoveSpace("slack", "T01", "T02", "src", "dst", 2)
			return err
		})
		var err error
		if src, err = getRound(t, s, "src", moving.ID); err == nil && (len(src.Groups) != len(moving.Groups) || !in(src, "T01")) {
			t.Fatalf("call %d: the old community's round has %d groups, want it whole, unmoved", calls, len(src.Groups))
		}
		switch dst, err = getRound(t, s, "dst", moving.ID); {
		case err != nil:
		case len(dst.Groups) == len(there.Groups):
			if src == nil {
				t.Fatalf("call %d: the round is in neither community", calls)
			}
		case len(dst.Groups) != len(moving.Groups) || !in(dst, "T02"):
			t.Fatalf("call %d: the new community's round has %d groups, want %d moved", calls, len(dst.Groups), len(moving.Groups))
		case src != nil:
			t.Fatalf("call %d: the round is in both communities", calls)
		}
	}
	if src != nil || dst == nil || len(dst.Groups) != len(moving.Groups) {
		t.Fatalf("after the move: old %v, new %v", src != nil, dst != nil)
	}
	view(t, s, func(tx bot.Tx) error {
		gs, err := tx.RoundGroups("dst", moving.ID, len(moving.Groups), len(there.Groups))
		if err != nil || len(gs) != 0 {
			t.Errorf("groups past the moved round's: %d, %v", len(gs), err)
		}
		return nil
	})
}
