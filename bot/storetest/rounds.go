package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/match"
)

// newRound returns a round with every field set.
func newRound(community string, period time.Time, manual bool) *bot.Round {
	a := bot.MemberID{Platform: "slack", Space: "T01", User: "U01"}
	b := bot.MemberID{Platform: "slack", Space: "T01", User: "U02"}
	c := bot.MemberID{Platform: "discord", Space: "G1", User: "77"}
	return &bot.Round{
		Community: community,
		ID:        bot.RoundID(period, manual),
		Number:    3,
		Period:    period,
		Ran:       period.Add(1500 * time.Millisecond),
		Manual:    manual,
		Seed:      1<<63 + 12345, // above int64: must survive the encoding
		Method:    "greedy",
		Groups: []bot.RoundGroup{
			{
				Members: []bot.MemberID{a, b},
				Reasons: []match.Reason{{Kind: match.ReasonComplement, Giver: a.String(), Taker: b.String(), Skill: "go"}},
				Answers: map[string]string{a.String(): "yes"},
			},
			{Members: []bot.MemberID{c}},
		},
		FollowupAt: period.Add(72 * time.Hour),
	}
}

// canonicalRound returns a copy of r with its times in UTC.
func canonicalRound(r *bot.Round) bot.Round {
	c := *r
	c.Period, c.Ran, c.FollowupAt = c.Period.UTC(), c.Ran.UTC(), c.FollowupAt.UTC()
	return c
}

func getRound(t *testing.T, s bot.Store, community, id string) (*bot.Round, error) {
	t.Helper()
	var (
		r   *bot.Round
		err error
	)
	view(t, s, func(tx bot.Tx) error {
		r, err = tx.Round(community, id)
		return nil
	})
	return r, err
}

func putRound(t *testing.T, s bot.Store, r *bot.Round) {
	t.Helper()
	if err := s.Update(t.Context(), func(tx bot.Tx) error { return tx.PutRound(r) }); err != nil {
		t.Fatalf("PutRound: %v", err)
	}
}

func testRoundRoundTrip(t *testing.T, s bot.Store) {
	period := time.Date(2026, 11, 30, 9, 0, 0, 0, time.FixedZone("CET", 3600))
	r := newRound("rounds", period, false)
	putRound(t, s, r)
	got, err := getRound(t, s, "rounds", r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := canonicalRound(got), canonicalRound(r); !reflect.DeepEqual(g, w) {
		t.Errorf("round differs:\n got  %+v\n want %+v", g, w)
	}
	// Mutating the stored-from or returned round changes nothing stored.
	r.Groups[0].Answers["x"] = "no"
	got.Groups[0].Members[0].User = "mutated"
	again, err := getRound(t, s, "rounds", r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Groups[0].Answers) != 1 || again.Groups[0].Members[0].User != "U01" {
		t.Errorf("stored round changed through a pointer: %+v", again.Groups[0])
	}
	// Replacing keeps the new version.
	r2 := newRound("rounds", period, false)
	r2.Groups[1].Answers = map[string]string{"discord:G1:77": "notyet"}
	putRound(t, s, r2)
	if got, err := getRound(t, s, "rounds", r.ID); err != nil || got.Groups[1].Answers["discord:G1:77"] != "notyet" {
		t.Errorf("after replace: %+v, %v", got, err)
	}

	_, err = getRound(t, s, "rounds", bot.RoundID(period, true))
	checkNotFound(t, "Round of the manual id of a stored period", err)
	_, err = getRound(t, s, "other", r.ID)
	checkNotFound(t, "Round of another community", err)
}

func testRoundsOrder(t *testing.T, s bot.Store) {
	base := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	var want []string
	for _, i := range []int{3, 0, 11, 1, 10, 2} {
		manual := i%2 == 1
		r := newRound("order", base.Add(time.Duration(i)*7*24*time.Hour), manual)
		r.Number = i
		putRound(t, s, r)
		want = append(want, r.ID)
	}
	putRound(t, s, newRound("order-2", base, false))
	slices.Sort(want)
	var got []string
	view(t, s, func(tx bot.Tx) error {
		return tx.Rounds("order", func(r *bot.Round) error {
			got = append(got, r.ID)
			return nil
		})
	})
	checkIDs(t, "Rounds", got, want)

	stop := errors.New("enough")
	calls := 0
	err := s.View(t.Context(), func(tx bot.Tx) error {
		return tx.Rounds("order", func(*bot.Round) error {
			calls++
			if calls == 2 {
				return stop
			}
			return nil
		})
	})
	if !errors.Is(err, stop) || calls != 2 {
		t.Errorf("Rounds returned %v after %d calls, want the error fn returned on call 2", err, calls)
	}
	view(t, s, func(tx bot.Tx) error {
		return tx.Rounds("empty", func(r *bot.Round) error {
			t.Errorf("Rounds of a community without rounds gave %s", r.ID)
			return nil
		})
	})
}

func testState(t *testing.T, s bot.Store) {
	state := func(community string) *bot.State {
		t.Helper()
		var st *bot.State
		view(t, s, func(tx bot.Tx) error {
			var err error
			st, err = tx.State(community)
			return err
		})
		return st
	}
	if st := state("st"); st == nil || !reflect.DeepEqual(*st, bot.State{}) {
		t.Errorf("State of a new community = %+v, want a zero State", st)
	}
	want := bot.State{NextRound: time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC), Rounds: 4, Queue: &bot.RoundQueue{Round: "r4", Queued: 200}}
	for range 2 { // create, then replace
		if err := s.Update(t.Context(), func(tx bot.Tx) error { return tx.PutState("st", &want) }); err != nil {
			t.Fatal(err)
		}
		got := state("st")
		if got == nil || !got.NextRound.Equal(want.NextRound) || got.Rounds != want.Rounds || !reflect.DeepEqual(got.Queue, want.Queue) {
			t.Errorf("State = %+v, want %+v", got, want)
		}
		want.Rounds++
		want.NextRound = want.NextRound.Add(7 * 24 * time.Hour)
		want.Queue = nil
	}
	if st := state("st-2"); !reflect.DeepEqual(*st, bot.State{}) {
		t.Errorf("State of another community = %+v", st)
	}
}

// newEntry returns an outbox entry with every field set.
func newEntry(platform, id string) *bot.OutboxEntry {
	now := time.Date(2026, 11, 30, 9, 0, 1, 500, time.UTC)
	to := bot.MemberID{Platform: platform, Space: "S1", User: "U1"}
	return &bot.OutboxEntry{
		ID:        id,
		Platform:  platform,
		Community: "out",
		Kind:      bot.OutboxDM,
		To:        []bot.MemberID{to},
		Space:     "S1",
		Channel:   "C1",
		Template:  "msg.test",
		Args:      map[string]string{"name": "Anna", "n": "3"},
		Round:     "20261130T0900Z",
		Group:     2,
		Edit:      bot.MessageRef{Platform: platform, Channel: "C1", ID: "1700000000.000100"},
		// A private reply: plain text (no member) and a mention.
		Message: &bot.Message{
			Blocks:  []bot.Block{{Kind: bot.Para, Spans: []bot.Span{bot.Text("Hi "), {Style: bot.Mention, Text: "Anna", Member: to}}}},
			Buttons: []bot.Button{{Label: "Yes", Command: "met yes", Style: bot.ButtonPrimary}},
		},
		Created:   now,
		NotBefore: now.Add(time.Minute),
		Attempts:  1,
		LastError: "timeout",
	}
}

func canonicalEntry(e *bot.OutboxEntry) bot.OutboxEntry {
	c := *e
	c.Created, c.NotBefore, c.Sent = c.Created.UTC(), c.NotBefore.UTC(), c.Sent.UTC()
	return c
}

// pending returns the pending entries of a platform, in order.
func pending(t *testing.T, s bot.Store, platform string) []*bot.OutboxEntry {
	t.Helper()
	var out []*bot.OutboxEntry
	view(t, s, func(tx bot.Tx) error {
		return tx.Pending(platform, func(e *bot.OutboxEntry) error {
			out = append(out, e)
			return nil
		})
	})
	return out
}

func pendingIDs(t *testing.T, s bot.Store, platform string) []string {
	t.Helper()
	var ids []string
	for _, e := range pending(t, s, platform) {
		ids = append(ids, e.ID)
	}
	return ids
}

func enqueue(t *testing.T, s bot.Store, e *bot.OutboxEntry) bool {
	t.Helper()
	var added bool
	err := s.Update(t.Context(), func(tx bot.Tx) error {
		var err error
		added, err = tx.Enqueue(e)
		return err
	})
	if err != nil {
		t.Fatalf("Enqueue(%s): %v", e.ID, err)
	}
	return added
}

func testOutboxRoundTrip(t *testing.T, s bot.Store) {
	e := newEntry("slack", "round/out/20261130T0900Z/0/slack:S1:U1")
	if !enqueue(t, s, e) {
		t.Fatal("Enqueue of a new entry reported false")
	}
	got := pending(t, s, "slack")
	if len(got) != 1 {
		t.Fatalf("%d pending entries, want 1", len(got))
	}
	if g, w := canonicalEntry(got[0]), canonicalEntry(e); !reflect.DeepEqual(g, w) {
		t.Errorf("entry differs:\n got  %+v\n want %+v", g, w)
	}
	// Mutating the enqueued or returned entry changes nothing stored.
	e.Args["name"] = "mutated"
	got[0].To[0].User = "mutated"
	if again := pending(t, s, "slack"); again[0].Args["name"] != "Anna" || again[0].To[0].User != "U1" {
		t.Errorf("stored entry changed through a pointer: %+v", again[0])
	}
}

func testOutboxLifecycle(t *testing.T, s bot.Store) {
	ids := []string{"b/2", "a/1", "c/3", "a/10"}
	for _, id := range ids {
		if !enqueue(t, s, newEntry("slack", id)) {
			t.Errorf("Enqueue(%s) of a new entry reported false", id)
		}
	}
	enqueue(t, s, newEntry("discord", "a/1")) // another platform's queue
	sorted := slices.Sorted(slices.Values(ids))
	checkIDs(t, "Pending(slack)", pendingIDs(t, s, "slack"), sorted)
	checkIDs(t, "Pending(discord)", pendingIDs(t, s, "discord"), []string{"a/1"})
	checkIDs(t, "Pending(telegram)", pendingIDs(t, s, "telegram"), nil)

	// Enqueueing a pending ID again is a no-op.
	dup := newEntry("slack", "a/1")
	dup.Template = "changed"
	if enqueue(t, s, dup) {
		t.Error("Enqueue of a pending ID reported true")
	}
	if p := pending(t, s, "slack"); p[0].Template != "msg.test" {
		t.Errorf("Enqueue of a pending ID replaced it: template %q", p[0].Template)
	}

	// A retry updates the pending entry.
	retry := newEntry("slack", "b/2")
	retry.Attempts, retry.NotBefore, retry.LastError = 2, retry.NotBefore.Add(time.Hour), "rate limited"
	if err := s.Update(t.Context(), func(tx bot.Tx) error { return tx.PutPending(retry) }); err != nil {
		t.Fatalf("PutPending: %v", err)
	}
	for _, e := range pending(t, s, "slack") {
		if e.ID == "b/2" && (e.Attempts != 2 || e.LastError != "rate limited" || !e.NotBefore.Equal(retry.NotBefore)) {
			t.Errorf("after PutPending: %+v", e)
		}
	}

	// Completing removes it from Pending for good.
	done := newEntry("slack", "b/2")
	done.Sent = done.Created.Add(time.Second)
	if err := s.Update(t.Context(), func(tx bot.Tx) error { return tx.Complete(done) }); err != nil {
		t.Fatalf("Complete: %v", err)
	}
	checkIDs(t, "Pending after Complete", pendingIDs(t, s, "slack"), []string{"a/1", "a/10", "c/3"})
	if enqueue(t, s, newEntry("slack", "b/2")) {
		t.Error("Enqueue of a completed ID reported true")
	}
	_ = s.Update(t.Context(), func(tx bot.Tx) error { return tx.PutPending(newEntry("slack", "b/2")) })
	checkIDs(t, "Pending after re-enqueueing and retrying a completed entry", pendingIDs(t, s, "slack"), []string{"a/1", "a/10", "c/3"})
	checkIDs(t, "Pending(discord) after completing slack's b/2", pendingIDs(t, s, "discord"), []string{"a/1"})

	// Early stop.
	stop := errors.New("enough")
	calls := 0
	err := s.View(t.Context(), func(tx bot.Tx) error {
		return tx.Pending("slack", func(*bot.OutboxEntry) error {
			calls++
			if calls == 2 {
				return stop
			}
			return nil
		})
	})
	if !errors.Is(err, stop) || calls != 2 {
		t.Errorf("Pending returned %v after %d calls, want the error fn returned on call 2", err, calls)
	}
}

func testOutboxAtomic(t *testing.T, s bot.Store) {
	// Entries enqueued in a failed Update are not queued.
	fail := errors.New("fail")
	err := s.Update(t.Context(), func(tx bot.Tx) error {
		for i := range 3 {
			if _, err := tx.Enqueue(newEntry("slack", fmt.Sprint("x/", i))); err != nil {
				return err
			}
		}
		return fail
	})
	if err != fail {
		t.Fatalf("Update returned %v, want fn's error", err)
	}
	checkIDs(t, "Pending after a failed Update", pendingIDs(t, s, "slack"), nil)
	// An Update that enqueues the same ID twice adds it once.
	var first, second bool
	err = s.Update(t.Context(), func(tx bot.Tx) error {
		var err error
		if first, err = tx.Enqueue(newEntry("slack", "y")); err != nil {
			return err
		}
		second, err = tx.Enqueue(newEntry("slack", "y"))
		return err
	})
	if err != nil || !first || second {
		t.Errorf("Enqueue twice in one Update = %v, %v, %v; want true, false, nil", first, second, err)
	}
}

func testRoundAndOutboxWritesInsideViewFail(t *testing.T, s bot.Store) {
	r := newRound("ro", time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), false)
	putRound(t, s, r)
	e := newEntry("slack", "e/1")
	enqueue(t, s, e)
	_ = s.View(t.Context(), func(tx bot.Tx) error {
		writes := map[string]func() error{
			"PutRound": func() error { return tx.PutRound(newRound("ro", time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC), false)) },
			"PutState": func() error { return tx.PutState("ro", &bot.State{Rounds: 9}) },
			"StageRound": func() error {
				return tx.StageRound(bigRound("ro", time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC), bot.RoundPart+1), 0)
			},
			"Enqueue":    func() error { _, err := tx.Enqueue(newEntry("slack", "e/2")); return err },
			"PutPending": func() error { return tx.PutPending(e) },
			"Complete":   func() error { return tx.Complete(e) },
		}
		for name, w := range writes {
			if err := w(); err == nil {
				t.Errorf("%s inside View succeeded", name)
			}
		}
		return nil
	})
	var n int
	view(t, s, func(tx bot.Tx) error {
		st, err := tx.State("ro")
		if err == nil && st.Rounds != 0 {
			t.Errorf("State after PutState inside View = %+v", st)
		}
		err = tx.Rounds("ro", func(*bot.Round) error { n++; return nil })
		return err
	})
	if n != 1 {
		t.Errorf("%d rounds after PutRound inside View, want 1", n)
	}
	checkIDs(t, "Pending after writes inside View", pendingIDs(t, s, "slack"), []string{"e/1"})
}

// testOutboxRemoveEntry checks Done and RemoveEntry, which forget-me uses.
func testOutboxRemoveEntry(t *testing.T, s bot.Store) {
	for _, id := range []string{"a", "b", "c"} {
		enqueue(t, s, newEntry("slack", id))
	}
	update(t, s, func(tx bot.Tx) error {
		if err := tx.Complete(newEntry("slack", "b")); err != nil {
			return err
		}
		return tx.Complete(newEntry("slack", "c"))
	})
	done := func() []string {
		var ids []string
		view(t, s, func(tx bot.Tx) error {
			return tx.Done("slack", func(e *bot.OutboxEntry) error {
				ids = append(ids, e.ID)
				return nil
			})
		})
		return ids
	}
	checkIDs(t, "done", done(), []string{"b", "c"})
	update(t, s, func(tx bot.Tx) error {
		for _, id := range []string{"a", "b", "missing"} {
			if err := tx.RemoveEntry("slack", id); err != nil {
				return err
			}
		}
		return nil
	})
	checkIDs(t, "pending after RemoveEntry", pendingIDs(t, s, "slack"), nil)
	checkIDs(t, "done after RemoveEntry", done(), []string{"c"})
	// A removed entry can be enqueued again.
	if !enqueue(t, s, newEntry("slack", "b")) {
		t.Error("Enqueue after RemoveEntry reported false")
	}
}
