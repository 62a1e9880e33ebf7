package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

func testMemberRoundTrip(t *testing.T, s bot.Store) {
	full := newMember("rt", "slack", "T01", "U01")
	minimal := &bot.Member{
		ID:        bot.MemberID{Platform: "telegram", Space: "-100123", User: "42"},
		Community: "rt",
		Status:    bot.StatusActive,
	}
	put(t, s, full, minimal)
	for _, want := range []*bot.Member{full, minimal} {
		got := get(t, s, want.Community, want.ID)
		checkSame(t, got, want)
		if !got.Joined.Equal(want.Joined) || !got.Updated.Equal(want.Updated) || !got.PausedUntil.Equal(want.PausedUntil) {
			t.Errorf("%s: times changed: got %v %v %v", want.ID, got.Joined, got.Updated, got.PausedUntil)
		}
	}
	// A read-write transaction reads the same.
	err := s.Update(t.Context(), func(tx bot.Tx) error {
		got, err := tx.Member(full.Community, full.ID)
		if err != nil {
			return err
		}
		checkSame(t, got, full)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Replacing keeps only the new version.
	repl := newMember("rt", "slack", "T01", "U01")
	repl.Name, repl.Status, repl.PausedUntil, repl.Blocks = "Renamed", bot.StatusActive, time.Time{}, nil
	put(t, s, repl)
	checkSame(t, get(t, s, "rt", full.ID), repl)
}

func testNotFound(t *testing.T, s bot.Store) {
	id := bot.MemberID{Platform: "slack", Space: "T01", User: "U404"}
	checkNotFound(t, "Member on an empty store", getErr(t, s, "nf", id))
	_, err := byHandle(t, s, "nf", "nobody")
	checkNotFound(t, "MemberByHandle on an empty store", err)

	put(t, s, newMember("nf", "slack", "T01", "U01"))
	checkNotFound(t, "Member missing", getErr(t, s, "nf", id))
	checkNotFound(t, "Member of another community", getErr(t, s, "other", bot.MemberID{Platform: "slack", Space: "T01", User: "U01"}))
	_, err = byHandle(t, s, "nf", "nobody")
	checkNotFound(t, "MemberByHandle missing", err)
	_, err = byHandle(t, s, "nf", "h_u0") // a prefix of an existing handle
	checkNotFound(t, "MemberByHandle prefix of a handle", err)
}

func testMembersOrder(t *testing.T, s bot.Store) {
	users := []struct{ platform, space, user string }{
		{"slack", "T01", "U2"},
		{"discord", "G9", "1000"},
		{"slack", "T01", "U10"},
		{"telegram", "-100", "7"},
		{"slack", "T01", "U1"},
		{"console", "local", "zoe"},
		{"slack", "T02", "U1"},
		{"discord", "G9", "999"},
	}
	var want []string
	for _, u := range users {
		m := newMember("order", u.platform, u.space, u.user)
		put(t, s, m) // one by one, not in order
		want = append(want, m.ID.String())
	}
	slices.Sort(want)
	checkIDs(t, "Members", listIDs(t, s, "order"), want)
	checkIDs(t, "Members of an empty community", listIDs(t, s, "empty"), nil)

	// Every listed member is complete.
	view(t, s, func(tx bot.Tx) error {
		return tx.Members("order", func(m *bot.Member) error {
			checkSame(t, m, newMember("order", m.ID.Platform, m.ID.Space, m.ID.User))
			return nil
		})
	})
}

func testMembersEarlyStop(t *testing.T, s bot.Store) {
	for i := range 5 {
		put(t, s, newMember("stop", "slack", "T01", "U"+strconv.Itoa(i)))
	}
	stop := errors.New("enough")
	calls := 0
	err := s.View(t.Context(), func(tx bot.Tx) error {
		return tx.Members("stop", func(*bot.Member) error {
			calls++
			if calls == 3 {
				return stop
			}
			return nil
		})
	})
	if !errors.Is(err, stop) {
		t.Errorf("Members returned %v, want the error fn returned", err)
	}
	if calls != 3 {
		t.Errorf("fn called %d times after returning an error on call 3", calls)
	}
}

func testHandleLookup(t *testing.T, s bot.Store) {
	const c = "handles"
	anna := newMember(c, "slack", "T01", "U0ANNA")
	anna.Handle = "anna.b"
	nohandle := newMember(c, "telegram", "-100", "12345")
	nohandle.Handle = ""
	put(t, s, anna, nohandle)
	tests := []struct {
		handle string
		want   *bot.Member
	}{
		{"anna.b", anna},
		{"ANNA.B", anna},
		{"Anna.B", anna},
		{"U0ANNA", anna}, // user id
		{"u0anna", anna},
		{"12345", nohandle},
		{"anna", nil},
		{"anna.b2", nil},
		{"", nil},
	}
	for _, tc := range tests {
		got, err := byHandle(t, s, c, tc.handle)
		if tc.want == nil {
			checkNotFound(t, fmt.Sprintf("MemberByHandle(%q)", tc.handle), err)
			continue
		}
		if err != nil {
			t.Errorf("MemberByHandle(%q): %v", tc.handle, err)
			continue
		}
		checkSame(t, got, tc.want)
	}
}

func testHandleChange(t *testing.T, s bot.Store) {
	const c = "handles"
	m := newMember(c, "discord", "G1", "555")
	m.Handle = "old_name"
	put(t, s, m)
	m2 := newMember(c, "discord", "G1", "555")
	m2.Handle = "new_name"
	put(t, s, m2)
	_, err := byHandle(t, s, c, "old_name")
	checkNotFound(t, "old handle after a change", err)
	for _, h := range []string{"new_name", "NEW_NAME", "555"} {
		got, err := byHandle(t, s, c, h)
		if err != nil {
			t.Fatalf("MemberByHandle(%q) after a change: %v", h, err)
		}
		checkSame(t, got, m2)
	}
	// Someone else may take the old handle.
	m3 := newMember(c, "discord", "G1", "777")
	m3.Handle = "old_name"
	put(t, s, m3)
	got, err := byHandle(t, s, c, "old_name")
	if err != nil {
		t.Fatal(err)
	}
	checkSame(t, got, m3)
}

func testDeleteMember(t *testing.T, s bot.Store) {
	const c = "del"
	m := withSkills(newMember(c, "slack", "T01", "U01"), []string{"go"}, []string{"sales"})
	keep := withSkills(newMember(c, "slack", "T01", "U02"), []string{"go"}, []string{"sales"})
	put(t, s, m, keep)
	del := func(id bot.MemberID) {
		t.Helper()
		if err := s.Update(t.Context(), func(tx bot.Tx) error { return tx.DeleteMember(c, id) }); err != nil {
			t.Fatalf("DeleteMember(%s): %v", id, err)
		}
	}
	del(m.ID)
	checkNotFound(t, "Member after delete", getErr(t, s, c, m.ID))
	for _, h := range []string{m.Handle, m.ID.User} {
		_, err := byHandle(t, s, c, h)
		checkNotFound(t, fmt.Sprintf("MemberByHandle(%q) after delete", h), err)
	}
	checkIDs(t, "Members after delete", listIDs(t, s, c), []string{keep.ID.String()})
	checkIDs(t, "offers go after delete", withSkill(t, s, c, bot.Offers, "go"), []string{keep.ID.String()})
	checkIDs(t, "seeks sales after delete", withSkill(t, s, c, bot.Seeks, "sales"), []string{keep.ID.String()})
	checkSame(t, get(t, s, c, keep.ID), keep)

	del(m.ID)                                                        // again
	del(bot.MemberID{Platform: "slack", Space: "T01", User: "U404"}) // never existed
	checkIDs(t, "Members after deleting missing members", listIDs(t, s, c), []string{keep.ID.String()})
}

func testMemberCopied(t *testing.T, s bot.Store) {
	const c = "copy"
	m := withSkills(newMember(c, "slack", "T01", "U01"), []string{"go", "rust"}, []string{"sales"})
	want := withSkills(newMember(c, "slack", "T01", "U01"), []string{"go", "rust"}, []string{"sales"})
	mutate := func(m *bot.Member) {
		m.Name = "Mutated"
		m.Handle = "mutated"
		m.Profile.Offers[0] = "cobol"
		m.Profile.Seeks = append(m.Profile.Seeks[:0], "lisp")
		m.Profile.Links[0] = "https://mutated.example"
		m.Blocks[0].User = "mutated"
		m.Joined = m.Joined.Add(time.Hour)
	}
	// Mutated after PutMember, inside the same transaction.
	err := s.Update(t.Context(), func(tx bot.Tx) error {
		if err := tx.PutMember(m); err != nil {
			return err
		}
		mutate(m)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := get(t, s, c, want.ID)
	checkSame(t, got, want)
	checkIDs(t, "offers go", withSkill(t, s, c, bot.Offers, "go"), []string{want.ID.String()})
	checkIDs(t, "offers cobol", withSkill(t, s, c, bot.Offers, "cobol"), nil)

	// Mutating a member a Tx returned changes nothing stored.
	mutate(got)
	checkSame(t, get(t, s, c, want.ID), want)
	view(t, s, func(tx bot.Tx) error {
		return tx.Members(c, func(m *bot.Member) error { mutate(m); return nil })
	})
	checkSame(t, get(t, s, c, want.ID), want)
}
