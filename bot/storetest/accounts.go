package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// testLinkedAccounts: a member's linked accounts find its record, by id,
// handle and membership, and go with it.
func testLinkedAccounts(t *testing.T, s bot.Store) {
	m := newMember("rome", "slack", "T1", "U1")
	tg := bot.MemberID{Platform: "telegram", Space: "-100", User: "42"}
	m.Accounts = []bot.Account{{ID: tg, Handle: "ada_tg"}}
	put(t, s, m)
	if got := get(t, s, "rome", tg); got.ID != m.ID {
		t.Errorf("the linked account finds %s, want %s", got.ID, m.ID)
	}
	view(t, s, func(tx bot.Tx) error {
		for _, h := range []string{"ada_tg", "42"} {
			got, err := tx.MemberByHandle("rome", h)
			if err != nil || got.ID != m.ID {
				t.Errorf("handle %s finds %v, %v", h, got, err)
			}
		}
		return nil
	})
	checkIDs(t, "memberships of the linked account", memberships(t, s, "telegram", "42"), []string{"rome telegram:-100:42"})
	checkNotFound(t, "linked account in another community", getErr(t, s, "milan", tg))
	// Unlinking drops the index entries.
	m.Accounts = nil
	put(t, s, m)
	checkNotFound(t, "unlinked account", getErr(t, s, "rome", tg))
	checkIDs(t, "memberships after unlink", memberships(t, s, "telegram", "42"), nil)
	// Deleting the member takes its accounts with it.
	m.Accounts = []bot.Account{{ID: tg}}
	put(t, s, m)
	update(t, s, func(tx bot.Tx) error { return tx.DeleteMember("rome", m.ID) })
	checkNotFound(t, "account of a deleted member", getErr(t, s, "rome", tg))
}

func testLinkCodes(t *testing.T, s bot.Store) {
	id := bot.MemberID{Platform: "slack", Space: "T1", User: "U1"}
	want := bot.LinkCode{Community: "rome", ID: id, Expires: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	update(t, s, func(tx bot.Tx) error { return tx.PutLinkCode("ABC234", &want, time.Minute) })
	view(t, s, func(tx bot.Tx) error {
		got, err := tx.LinkCode("ABC234")
		if err != nil || got.Community != want.Community || got.ID != want.ID || !got.Expires.Equal(want.Expires) {
			t.Errorf("LinkCode = %+v, %v; want %+v", got, err, want)
		}
		if _, err := tx.LinkCode("ABC235"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("another code: %v", err)
		}
		return nil
	})
	update(t, s, func(tx bot.Tx) error { return tx.DeleteLinkCode("ABC234") })
	view(t, s, func(tx bot.Tx) error {
		if _, err := tx.LinkCode("ABC234"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("a deleted code: %v", err)
		}
		return nil
	})
}

// testRenameMember: every record that named the old id names the new one.
func testRenameMember(t *testing.T, s bot.Store) {
	from := bot.MemberID{Platform: "telegram", Space: "-100", User: "42"}
	to := bot.MemberID{Platform: "slack", Space: "T1", User: "U1"}
	other := newMember("rome", "slack", "T1", "U2")
	other.Blocks = []bot.MemberID{from}
	put(t, s, other)
	r := newRound("rome", time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), false)
	r.Groups = []bot.RoundGroup{{Members: []bot.MemberID{from, other.ID}, Answers: map[string]string{from.String(): "yes"}}}
	putRound(t, s, r)
	e := newEntry("telegram", "intro/"+from.String())
	e.To = []bot.MemberID{from}
	enqueue(t, s, e)
	update(t, s, func(tx bot.Tx) error { return tx.RenameMember("rome", from, to) })
	if got := get(t, s, "rome", other.ID); len(got.Blocks) != 1 || got.Blocks[0] != to {
		t.Errorf("blocks %v, want %s", got.Blocks, to)
	}
	got, err := getRound(t, s, "rome", r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g := got.Groups[0]; g.Members[0] != to || g.Answers[to.String()] != "yes" {
		t.Errorf("group %+v, want %s in it", g, to)
	}
	checkIDs(t, "pending outbox", pendingIDs(t, s, "telegram"), []string{"intro/" + to.String()})
}

// testRenameMemberLongHistory: a member in more rounds than one
// transaction can rewrite is renamed group by group (RoundGroupOf and
// PutRoundGroup, a transaction each), then RenameMember renames what is
// left, here a round in parts stored meanwhile, in one transaction.
func testRenameMemberLongHistory(t *testing.T, s bot.Store) {
	from := bot.MemberID{Platform: "telegram", Space: "-100", User: "42"}
	to := bot.MemberID{Platform: "slack", Space: "T01", User: "U1"}
	base := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	var ids []string
	for n := range 40 {
		r := bigRound("long", base.AddDate(0, 0, 7*n), bot.RoundPart) // whole
		r.Groups[3].Members[0] = from
		putRound(t, s, r)
		ids = append(ids, r.ID)
	}
	for _, id := range ids {
		update(t, s, func(tx bot.Tx) error {
			i, g, err := tx.RoundGroupOf("long", id, from)
			if err != nil || i != 3 {
				return fmt.Errorf("RoundGroupOf %s: %d, %v", id, i, err)
			}
			g.Members[0] = to
			return tx.PutRoundGroup("long", id, i, g)
		})
	}
	big := bigRound("long", base.AddDate(0, 0, 7*40), 2*bot.RoundPart+5) // in parts
	big.Groups[bot.RoundPart+7].Members[1] = from
	stageRound(t, s, big)
	putRound(t, s, big)
	ids = append(ids, big.ID)
	update(t, s, func(tx bot.Tx) error { return tx.RenameMember("long", from, to) })
	view(t, s, func(tx bot.Tx) error {
		for _, id := range ids {
			if i, _, err := tx.RoundGroupOf("long", id, from); err != nil || i >= 0 {
				t.Errorf("round %s: %s in group %d (%v)", id, from, i, err)
			}
			if i, _, err := tx.RoundGroupOf("long", id, to); err != nil || i < 0 {
				t.Errorf("round %s: %s in no group (%v)", id, to, err)
			}
		}
		return nil
	})
}
