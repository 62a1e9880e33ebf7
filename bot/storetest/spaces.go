package storetest

import (
	"fmt"
	"testing"

	"github.com/rete-bot/rete/bot"
)

// memberships returns "community id" for every membership of a person.
func memberships(t *testing.T, s bot.Store, platform, user string) []string {
	t.Helper()
	var got []string
	view(t, s, func(tx bot.Tx) error {
		return tx.Memberships(platform, user, func(c string, id bot.MemberID) error {
			got = append(got, c+" "+id.String())
			return nil
		})
	})
	return got
}

func testMemberships(t *testing.T, s bot.Store) {
	put(t, s,
		newMember("rome", "telegram", "-100", "42"),
		newMember("milan", "telegram", "-200", "42"),
		newMember("milan", "telegram", "-200", "43"),
		newMember("rome", "slack", "T1", "42"),
	)
	checkIDs(t, "memberships of telegram 42", memberships(t, s, "telegram", "42"),
		[]string{"milan telegram:-200:42", "rome telegram:-100:42"})
	checkIDs(t, "memberships of nobody", memberships(t, s, "telegram", "4"), nil)
	update(t, s, func(tx bot.Tx) error {
		return tx.DeleteMember("rome", bot.MemberID{Platform: "telegram", Space: "-100", User: "42"})
	})
	checkIDs(t, "memberships after delete", memberships(t, s, "telegram", "42"), []string{"milan telegram:-200:42"})
}

func testChoice(t *testing.T, s bot.Store) {
	choice := func() string {
		var c string
		view(t, s, func(tx bot.Tx) error {
			var err error
			c, err = tx.Choice("telegram", "42")
			return err
		})
		return c
	}
	if c := choice(); c != "" {
		t.Errorf("no choice yet: got %q", c)
	}
	put(t, s, newMember("rome", "telegram", "-100", "42"), newMember("milan", "telegram", "-200", "42"))
	update(t, s, func(tx bot.Tx) error { return tx.PutChoice("telegram", "42", "milan") })
	if c := choice(); c != "milan" {
		t.Errorf("choice %q, want milan", c)
	}
	update(t, s, func(tx bot.Tx) error {
		return tx.DeleteMember("rome", bot.MemberID{Platform: "telegram", Space: "-100", User: "42"})
	})
	if c := choice(); c != "milan" {
		t.Errorf("deleting another community's record dropped the choice: %q", c)
	}
	update(t, s, func(tx bot.Tx) error {
		return tx.DeleteMember("milan", bot.MemberID{Platform: "telegram", Space: "-200", User: "42"})
	})
	if c := choice(); c != "" {
		t.Errorf("the chosen community's record is gone but the choice %q stays", c)
	}
}

func testSpaces(t *testing.T, s bot.Store) {
	put(t, s, newMember("rome", "telegram", "-100", "42"), newMember("rome", "telegram", "-100", "43"), newMember("x", "slack", "T1", "U1"))
	update(t, s, func(tx bot.Tx) error {
		return tx.DeleteMember("x", bot.MemberID{Platform: "slack", Space: "T1", User: "U1"})
	})
	var got []string
	view(t, s, func(tx bot.Tx) error {
		return tx.Spaces(func(p, sp string) error {
			got = append(got, p+" "+sp)
			return nil
		})
	})
	checkIDs(t, "spaces", got, []string{"slack T1", "telegram -100"})
}

func testEmptySpaceRefused(t *testing.T, s bot.Store) {
	err := s.Update(t.Context(), func(tx bot.Tx) error { return tx.PutMember(newMember("rome", "telegram", "", "42")) })
	if err == nil {
		t.Fatal("a member without a space was stored")
	}
	checkIDs(t, "memberships", memberships(t, s, "telegram", "42"), nil)
}

func testMoveSpace(t *testing.T, s bot.Store) {
	old := func(u string) bot.MemberID { return bot.MemberID{Platform: "telegram", Space: "-100", User: u} }
	moved := func(u string) bot.MemberID { return bot.MemberID{Platform: "telegram", Space: "-200", User: u} }
	a, b := newMember("telegram--100", "telegram", "-100", "1"), newMember("telegram--100", "telegram", "-100", "2")
	b.Blocks = []bot.MemberID{old("1")}
	put(t, s, a, b)
	update(t, s, func(tx bot.Tx) error {
		if err := tx.PutChoice("telegram", "1", "telegram--100"); err != nil {
			return err
		}
		if err := tx.PutSettings("telegram--100", map[string]string{"group_size": "3"}); err != nil {
			return err
		}
		return nil
	})
	// One record a call: the move resumes until it is done.
	moveSpace(t, s, "telegram", "-100", "-200", "telegram--100", "telegram--200")
	checkIDs(t, "members of the old community", listIDs(t, s, "telegram--100"), nil)
	checkIDs(t, "members of the new community", listIDs(t, s, "telegram--200"), []string{moved("1").String(), moved("2").String()})
	if got := get(t, s, "telegram--200", moved("2")).Blocks; len(got) != 1 || got[0] != moved("1") {
		t.Errorf("blocks %v, want [%s]", got, moved("1"))
	}
	checkIDs(t, "memberships", memberships(t, s, "telegram", "1"), []string{"telegram--200 " + moved("1").String()})
	view(t, s, func(tx bot.Tx) error {
		c, err := tx.Choice("telegram", "1")
		if c != "telegram--200" {
			t.Errorf("choice %q, want telegram--200", c)
		}
		set, _ := tx.Settings("telegram--200")
		if set["group_size"] != "3" {
			t.Errorf("settings %v did not move", set)
		}
		old, _ := tx.Settings("telegram--100")
		if len(old) != 0 {
			t.Errorf("settings %v stay under the old community", old)
		}
		var spaces []string
		tx.Spaces(func(p, sp string) error { spaces = append(spaces, fmt.Sprint(p, " ", sp)); return nil })
		checkIDs(t, "spaces", spaces, []string{"telegram -200"})
		return err
	})
}

// moveSpace moves a space one record a call, calling MoveSpace until it
// reports done.
func moveSpace(t *testing.T, s bot.Store, platform, from, to, fromComm, toComm string) {
	t.Helper()
	for calls, done := 0, false; !done; calls++ {
		if calls > 10 {
			t.Fatal("MoveSpace never reports done")
		}
		update(t, s, func(tx bot.Tx) error {
			var err error
			done, err = tx.MoveSpace(platform, from, to, fromComm, toComm, 1)
			return err
		})
	}
}
