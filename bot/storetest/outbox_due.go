package storetest

import (
	"cmp"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// dueT0 is the time the Due cases call now.
var dueT0 = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// dueEntry is an entry on platform falling due at dueT0+in.
func dueEntry(platform, id string, in time.Duration) *bot.OutboxEntry {
	e := newEntry(platform, id)
	e.NotBefore = dueT0.Add(in)
	return e
}

// due returns the ids Due passes and the time it returns.
func due(t *testing.T, s bot.Store, platform string, now time.Time, after bot.DuePos, limit int) ([]string, time.Time) {
	t.Helper()
	var ids []string
	var next time.Time
	view(t, s, func(tx bot.Tx) error {
		var err error
		next, err = tx.Due(platform, now, after, limit, func(e *bot.OutboxEntry) error {
			ids = append(ids, e.ID)
			return nil
		})
		return err
	})
	return ids, next
}

// checkDueIndex checks that Due, far in the future, passes every pending
// entry of platform exactly once, in due order: the order Due reads is
// kept by every write.
func checkDueIndex(t *testing.T, s bot.Store, platform string) {
	t.Helper()
	es := pending(t, s, platform)
	slices.SortFunc(es, func(a, b *bot.OutboxEntry) int {
		return cmp.Or(a.NotBefore.Compare(b.NotBefore), cmp.Compare(a.ID, b.ID))
	})
	var want []string
	for _, e := range es {
		want = append(want, e.ID)
	}
	got, next := due(t, s, platform, dueT0.Add(1000*time.Hour), bot.DuePos{}, 0)
	checkIDs(t, "Due(all) against Pending", got, want)
	if !next.IsZero() {
		t.Errorf("Due(all) returned next %v, want zero", next)
	}
}

func testOutboxDue(t *testing.T, s bot.Store) {
	for _, e := range []*bot.OutboxEntry{
		dueEntry("slack", "a/1", time.Minute), // not due yet
		dueEntry("slack", "b/1", -time.Hour),
		dueEntry("slack", "c/1", -time.Hour), // same time: id order
		dueEntry("slack", "a/2", -2*time.Hour),
		dueEntry("slack", "d/1", 0), // due exactly now
		dueEntry("slack", "e/1", 48*time.Hour),
		dueEntry("discord", "b/0", -3*time.Hour),
	} {
		enqueue(t, s, e)
	}
	checkDueIndex(t, s, "slack")
	checkDueIndex(t, s, "discord")

	ids, next := due(t, s, "slack", dueT0, bot.DuePos{}, 0)
	checkIDs(t, "Due(now)", ids, []string{"a/2", "b/1", "c/1", "d/1"})
	if !next.Equal(dueT0.Add(time.Minute)) {
		t.Errorf("Due(now) returned %v, want when a/1 falls due", next)
	}
	// A limit cuts the list; the position of the last resumes it.
	ids, next = due(t, s, "slack", dueT0, bot.DuePos{}, 2)
	checkIDs(t, "Due(now, limit 2)", ids, []string{"a/2", "b/1"})
	if !next.Equal(dueT0.Add(-time.Hour)) {
		t.Errorf("Due(now, limit 2) returned %v, want c/1's NotBefore", next)
	}
	ids, next = due(t, s, "slack", dueT0, bot.DuePos{NotBefore: dueT0.Add(-time.Hour), ID: "b/1"}, 2)
	checkIDs(t, "Due(now) after b/1", ids, []string{"c/1", "d/1"})
	if !next.Equal(dueT0.Add(time.Minute)) {
		t.Errorf("Due(now) after b/1 returned %v, want when a/1 falls due", next)
	}
	ids, next = due(t, s, "telegram", dueT0, bot.DuePos{}, 0)
	if len(ids) != 0 || !next.IsZero() {
		t.Errorf("Due of an empty platform = %q, %v", ids, next)
	}

	stop := errors.New("stop")
	calls := 0
	err := s.View(t.Context(), func(tx bot.Tx) error {
		_, err := tx.Due("slack", dueT0, bot.DuePos{}, 0, func(*bot.OutboxEntry) error {
			if calls++; calls == 2 {
				return stop
			}
			return nil
		})
		return err
	})
	if !errors.Is(err, stop) || calls != 2 {
		t.Errorf("Due returned %v after %d calls, want the error fn returned on call 2", err, calls)
	}
}

func testOutboxDueFollowsWrites(t *testing.T, s bot.Store) {
	for _, e := range []*bot.OutboxEntry{
		dueEntry("slack", "a/1", -time.Hour),
		dueEntry("slack", "b/1", -time.Minute),
		dueEntry("slack", "c/1", time.Hour),
		dueEntry("slack", "d/1", -time.Minute),
	} {
		enqueue(t, s, e)
	}
	// A retry moves an entry later; an earlier NotBefore brings one in.
	update(t, s, func(tx bot.Tx) error {
		if err := tx.PutPending(dueEntry("slack", "a/1", 10*time.Minute)); err != nil {
			return err
		}
		return tx.PutPending(dueEntry("slack", "c/1", -2*time.Hour))
	})
	checkDueIndex(t, s, "slack")
	ids, next := due(t, s, "slack", dueT0, bot.DuePos{}, 0)
	checkIDs(t, "Due after PutPending", ids, []string{"c/1", "b/1", "d/1"})
	if !next.Equal(dueT0.Add(10 * time.Minute)) {
		t.Errorf("Due after PutPending returned %v, want a/1's retry", next)
	}
	// Done, removed, or brought back by a late retry or a second Enqueue:
	// gone from Due for good.
	update(t, s, func(tx bot.Tx) error {
		if err := tx.Complete(dueEntry("slack", "c/1", -2*time.Hour)); err != nil {
			return err
		}
		return tx.RemoveEntry("slack", "b/1")
	})
	_ = s.Update(t.Context(), func(tx bot.Tx) error { return tx.PutPending(dueEntry("slack", "c/1", -time.Hour)) })
	enqueue(t, s, dueEntry("slack", "c/1", -3*time.Hour))
	checkDueIndex(t, s, "slack")
	ids, _ = due(t, s, "slack", dueT0, bot.DuePos{}, 0)
	checkIDs(t, "Due after Complete and RemoveEntry", ids, []string{"d/1"})
	// A failed Update writes nothing.
	_ = s.Update(t.Context(), func(tx bot.Tx) error {
		if _, err := tx.Enqueue(dueEntry("slack", "z/1", -time.Hour)); err != nil {
			return err
		}
		if err := tx.PutPending(dueEntry("slack", "d/1", time.Hour)); err != nil {
			return err
		}
		return errors.New("rolled back")
	})
	checkDueIndex(t, s, "slack")
	ids, _ = due(t, s, "slack", dueT0, bot.DuePos{}, 0)
	checkIDs(t, "Due after a failed Update", ids, []string{"d/1"})
}

func testOutboxDueMoves(t *testing.T, s bot.Store) {
	old := bot.MemberID{Platform: "telegram", Space: "-100", User: "1"}
	moved := bot.MemberID{Platform: "telegram", Space: "-200", User: "1"}
	for i, id := range []string{"intro/" + old.String(), "followup/" + old.String(), "other/x"} {
		e := dueEntry("telegram", id, time.Duration(i-1)*time.Hour)
		e.Community, e.To, e.Space = "telegram--100", []bot.MemberID{old}, "-100"
		enqueue(t, s, e)
	}
	moveSpace(t, s, "telegram", "-100", "-200", "telegram--100", "telegram--200")
	checkDueIndex(t, s, "telegram")
	ids, _ := due(t, s, "telegram", dueT0, bot.DuePos{}, 0)
	checkIDs(t, "Due after MoveSpace", ids, []string{"intro/" + moved.String(), "followup/" + moved.String()})

	linked := bot.MemberID{Platform: "slack", Space: "T1", User: "U1"}
	update(t, s, func(tx bot.Tx) error { return tx.RenameMember("telegram--200", moved, linked) })
	checkDueIndex(t, s, "telegram")
	ids, _ = due(t, s, "telegram", dueT0.Add(time.Hour), bot.DuePos{}, 0)
	checkIDs(t, "Due after RenameMember", ids, []string{"intro/" + linked.String(), "followup/" + linked.String(), "other/x"})
}
