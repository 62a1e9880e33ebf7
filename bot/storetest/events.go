package storetest

import (
	"errors"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// newEvent returns an event with every field set.
func newEvent(community, id string) *bot.Event {
	rome, _ := time.LoadLocation("Europe/Rome")
	start := time.Date(2026, 12, 10, 18, 30, 0, 0, rome)
	a := bot.MemberID{Platform: "slack", Space: "T1", User: "U1"}
	return &bot.Event{
		Community: community, ID: id, Title: "Aperitivo @everyone; \"quoted\"", Start: start, TZ: "Europe/Rome",
		Duration: 2 * time.Hour, Place: "https://meet.example/x?a=1&b=2", Details: "Bring cards\nand friends",
		By: a, Created: start.Add(-72 * time.Hour), Canceled: true,
		RSVPs: map[string]bool{a.String(): true, "slack:T1:U2": false},
		Posts: []bot.MessageRef{{Platform: "slack", Channel: "C1", ID: "1700000000.1"}}, Rev: 3, Edits: 1,
		Groups:   []bot.RoundGroup{{Members: []bot.MemberID{a, {Platform: "slack", Space: "T1", User: "U2"}}}},
		IntrosAt: start.Add(-time.Hour),
	}
}

// canonicalEvent returns a copy of e with its times in UTC.
func canonicalEvent(e *bot.Event) bot.Event {
	c := *e
	c.Start, c.Created, c.IntrosAt = c.Start.UTC(), c.Created.UTC(), c.IntrosAt.UTC()
	return c
}

func testEventRoundTrip(t *testing.T, s bot.Store) {
	want := newEvent("c1", "7")
	update(t, s, func(tx bot.Tx) error { return tx.PutEvent(want) })
	var got *bot.Event
	view(t, s, func(tx bot.Tx) error {
		var err error
		got, err = tx.Event("c1", "7")
		return err
	})
	if g, w := canonicalEvent(got), canonicalEvent(want); !reflect.DeepEqual(g, w) {
		t.Errorf("event differs:\n got  %+v\n want %+v", g, w)
	}
	view(t, s, func(tx bot.Tx) error {
		for _, c := range [][2]string{{"c1", "8"}, {"c2", "7"}, {"c1", "x"}, {"", "7"}, {"c1", ""}} {
			_, err := tx.Event(c[0], c[1])
			checkNotFound(t, "event "+c[0]+"/"+c[1], err)
		}
		return nil
	})
}

// testEventsOrder: numeric id order (10 after 9), per community.
func testEventsOrder(t *testing.T, s bot.Store) {
	update(t, s, func(tx bot.Tx) error {
		for _, id := range []int{10, 2, 9, 1, 100} {
			if err := tx.PutEvent(newEvent("c1", strconv.Itoa(id))); err != nil {
				return err
			}
		}
		return tx.PutEvent(newEvent("c2", "5"))
	})
	var ids []string
	view(t, s, func(tx bot.Tx) error {
		return tx.Events("c1", func(e *bot.Event) error { ids = append(ids, e.ID); return nil })
	})
	checkIDs(t, "events", ids, []string{"1", "2", "9", "10", "100"})
	stop := errors.New("stop")
	n := 0
	var err error
	view(t, s, func(tx bot.Tx) error {
		err = tx.Events("c1", func(*bot.Event) error { n++; return stop })
		return nil
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("early stop: %v after %d", err, n)
	}
}

// testEventByID: found in any community; missing ids are not found.
func testEventByID(t *testing.T, s bot.Store) {
	update(t, s, func(tx bot.Tx) error { return tx.PutEvent(newEvent("c2", "3")) })
	view(t, s, func(tx bot.Tx) error {
		e, err := tx.EventByID("3")
		if err != nil || e.Community != "c2" || e.ID != "3" {
			t.Errorf("EventByID(3) = %+v, %v", e, err)
		}
		for _, id := range []string{"4", "", "x", "03"} {
			_, err := tx.EventByID(id)
			checkNotFound(t, "EventByID "+id, err)
		}
		return nil
	})
}

func testIntroRoundTrip(t *testing.T, s bot.Store) {
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	mk := func(id string) *bot.Intro {
		return &bot.Intro{Community: "c1", ID: id, From: bot.MemberID{Platform: "p", Space: "s", User: "a"},
			To: bot.MemberID{Platform: "p", Space: "s", User: "b"}, Why: "go, \"why\"", Skill: "go", State: bot.IntroPending,
			Created: at, Sent: at.Add(time.Minute), Expires: at.Add(7 * 24 * time.Hour)}
	}
	update(t, s, func(tx bot.Tx) error {
		for _, id := range []string{"11", "2", "1"} {
			if err := tx.PutIntro(mk(id)); err != nil {
				return err
			}
		}
		return nil
	})
	var ids []string
	view(t, s, func(tx bot.Tx) error {
		got, err := tx.Intro("c1", "2")
		if err != nil {
			return err
		}
		if want := mk("2"); !got.Created.Equal(want.Created) || got.Why != want.Why || got.To != want.To || got.State != want.State || !got.Expires.Equal(want.Expires) {
			t.Errorf("intro differs:\n got  %+v\n want %+v", got, want)
		}
		_, err = tx.Intro("c1", "3")
		checkNotFound(t, "intro 3", err)
		_, err = tx.Intro("c2", "2")
		checkNotFound(t, "intro of another community", err)
		return tx.Intros("c1", func(i *bot.Intro) error { ids = append(ids, i.ID); return nil })
	})
	checkIDs(t, "intros", ids, []string{"1", "2", "11"})
}

// testNextID: 1, 2, 3 per community and sequence; an aborted transaction
// does not hand a number out twice to later ones; View may not take one.
func testNextID(t *testing.T, s bot.Store) {
	next := func(community, seq string) int {
		t.Helper()
		var n int
		update(t, s, func(tx bot.Tx) error {
			var err error
			n, err = tx.NextID(community, seq)
			return err
		})
		return n
	}
	for want := 1; want <= 3; want++ {
		if got := next("c1", "event"); got != want {
			t.Errorf("NextID(c1, event) = %d, want %d", got, want)
		}
	}
	if got := next("c1", "intro"); got != 1 {
		t.Errorf("NextID(c1, intro) = %d, want 1", got)
	}
	if got := next("c2", "event"); got != 1 {
		t.Errorf("NextID(c2, event) = %d, want 1", got)
	}
	boom := errors.New("boom")
	err := s.Update(t.Context(), func(tx bot.Tx) error {
		if _, err := tx.NextID("c1", "event"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("update: %v", err)
	}
	if got := next("c1", "event"); got <= 3 {
		t.Errorf("NextID after an aborted transaction = %d, want more than 3", got)
	}
	if err := s.View(t.Context(), func(tx bot.Tx) error { _, err := tx.NextID("c1", "event"); return err }); err == nil {
		t.Error("NextID inside View succeeded")
	}
}

// update runs fn in an Update and fails the test on error.
func update(t *testing.T, s bot.Store, fn func(tx bot.Tx) error) {
	t.Helper()
	if err := s.Update(t.Context(), fn); err != nil {
		t.Fatalf("update: %v", err)
	}
}
