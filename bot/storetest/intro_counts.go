package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

var errIntroAborted = errors.New("aborted on purpose")

// testIntroCounts: none before a community's first intro; then, after
// every PutIntro (new requests, changes of state, several changes in one
// transaction, an aborted one), IntroCounts equals a count of the intros;
// RecountIntros stores a count, and may not run in View; communities are
// counted apart.
func testIntroCounts(t *testing.T, s bot.Store) {
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	a, b := bot.MemberID{Platform: "p", Space: "s", User: "a"}, bot.MemberID{Platform: "p", Space: "s", User: "b"}
	intro := func(community, id string, st bot.IntroState, sent bool) *bot.Intro {
		i := &bot.Intro{Community: community, ID: id, From: a, To: b, State: st, Created: at}
		if sent {
			i.Sent = at.Add(time.Minute)
		}
		return i
	}
	counts := func(community string) (bot.IntroCounts, error) {
		t.Helper()
		var c bot.IntroCounts
		var err error
		view(t, s, func(tx bot.Tx) error { c, err = tx.IntroCounts(community); return nil })
		return c, err
	}
	check := func(step, community string, want bot.IntroCounts) {
		t.Helper()
		got, err := counts(community)
		if err != nil {
			t.Fatalf("%s: IntroCounts(%s): %v", step, community, err)
		}
		var scanned bot.IntroCounts
		view(t, s, func(tx bot.Tx) error { scanned, err = bot.CountIntros(tx, community); return err })
		if got != want || scanned != want {
			t.Errorf("%s: IntroCounts(%s) = %+v, a count of the intros %+v, want %+v", step, community, got, scanned, want)
		}
	}
	put := func(is ...*bot.Intro) {
		t.Helper()
		update(t, s, func(tx bot.Tx) error {
			for _, i := range is {
				if err := tx.PutIntro(i); err != nil {
					return err
				}
			}
			return nil
		})
	}

	if _, err := counts("c1"); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("IntroCounts before any intro: %v, want ErrNotFound", err)
	}
	put(intro("c1", "1", bot.IntroProposed, false))
	check("proposed", "c1", bot.IntroCounts{})
	put(intro("c1", "1", bot.IntroPending, true), intro("c1", "2", bot.IntroPending, true), intro("c1", "3", bot.IntroPending, true))
	check("three sent", "c1", bot.IntroCounts{Requested: 3})
	put(intro("c1", "1", bot.IntroAccepted, true), intro("c1", "2", bot.IntroDeclined, true))
	check("accepted and declined", "c1", bot.IntroCounts{Requested: 3, Accepted: 1, Declined: 1})
	// One request changing twice in one transaction counts once.
	put(intro("c1", "3", bot.IntroExpired, true), intro("c1", "3", bot.IntroAccepted, true))
	check("changed twice", "c1", bot.IntroCounts{Requested: 3, Accepted: 2, Declined: 1})
	put(intro("c1", "4", bot.IntroRefused, false), intro("c1", "5", bot.IntroProposed, false))
	put(intro("c1", "5", bot.IntroCanceled, false), intro("c1", "2", bot.IntroCanceled, true))
	check("refused, canceled", "c1", bot.IntroCounts{Requested: 4, Accepted: 2})
	err := s.Update(t.Context(), func(tx bot.Tx) error {
		if err := tx.PutIntro(intro("c1", "6", bot.IntroExpired, true)); err != nil {
			return err
		}
		return errIntroAborted
	})
	if !errors.Is(err, errIntroAborted) {
		t.Fatalf("aborted update: %v", err)
	}
	check("aborted", "c1", bot.IntroCounts{Requested: 4, Accepted: 2})

	put(intro("c2", "1", bot.IntroExpired, true))
	check("other community", "c2", bot.IntroCounts{Requested: 1, Expired: 1})
	check("first community", "c1", bot.IntroCounts{Requested: 4, Accepted: 2})

	view(t, s, func(tx bot.Tx) error {
		if _, err := tx.RecountIntros("c3"); err == nil {
			t.Error("RecountIntros inside View succeeded")
		}
		return nil
	})
	var got bot.IntroCounts
	update(t, s, func(tx bot.Tx) error { got, err = tx.RecountIntros("c1"); return err })
	if want := (bot.IntroCounts{Requested: 4, Accepted: 2}); got != want {
		t.Errorf("RecountIntros(c1) = %+v, want %+v", got, want)
	}
	update(t, s, func(tx bot.Tx) error { _, err := tx.RecountIntros("c3"); return err })
	check("recounted, no intros", "c3", bot.IntroCounts{})
}
