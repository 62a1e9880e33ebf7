package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"testing"

	"github.com/rete-bot/rete/bot"
)

func testSettings(t *testing.T, s bot.Store) {
	settings := func(community string) map[string]string {
		t.Helper()
		var got map[string]string
		view(t, s, func(tx bot.Tx) error {
			var err error
			got, err = tx.Settings(community)
			return err
		})
		return got
	}
	putSettings := func(community string, m map[string]string) {
		t.Helper()
		if err := s.Update(t.Context(), func(tx bot.Tx) error { return tx.PutSettings(community, m) }); err != nil {
			t.Fatalf("PutSettings: %v", err)
		}
	}
	if got := settings("set"); got == nil || len(got) != 0 {
		t.Errorf("Settings of an unconfigured community = %#v, want an empty map", got)
	}
	first := map[string]string{"pairing.group_size": "3", "name": "Rete Milano — \"dev\"", "timezone": "Europe/Rome"}
	putSettings("set", first)
	if got := settings("set"); !reflect.DeepEqual(got, first) {
		t.Errorf("Settings = %v, want %v", got, first)
	}
	// The returned map belongs to the caller.
	settings("set")["name"] = "changed"
	first["name"] = "changed too"
	if got := settings("set"); got["name"] != "Rete Milano — \"dev\"" {
		t.Errorf("Settings changed through a map: name = %q", got["name"])
	}
	second := map[string]string{"language": "it"}
	putSettings("set", second)
	if got := settings("set"); !reflect.DeepEqual(got, second) {
		t.Errorf("Settings after replace = %v, want %v (old keys dropped)", got, second)
	}
	putSettings("set", nil)
	if got := settings("set"); got == nil || len(got) != 0 {
		t.Errorf("Settings after PutSettings(nil) = %#v, want an empty map", got)
	}
}

func testCommunitiesIsolated(t *testing.T, s bot.Store) {
	// "alpha" is a prefix of "alpha-2": a store must not mix them up.
	a := withSkills(newMember("alpha", "slack", "T01", "U01"), []string{"go"}, []string{"sales"})
	a.Handle, a.Name = "shared", "In alpha"
	a2 := withSkills(newMember("alpha-2", "slack", "T01", "U02"), []string{"go"}, nil)
	a2.Handle = "only_alpha2"
	b := withSkills(newMember("beta", "slack", "T01", "U01"), []string{"rust"}, nil) // same id as a
	b.Handle, b.Name = "only_beta", "In beta"
	put(t, s, a, a2, b)
	if err := s.Update(t.Context(), func(tx bot.Tx) error { return tx.PutSettings("beta", map[string]string{"name": "Beta"}) }); err != nil {
		t.Fatal(err)
	}

	checkIDs(t, "Members(alpha)", listIDs(t, s, "alpha"), []string{a.ID.String()})
	checkIDs(t, "Members(alpha-2)", listIDs(t, s, "alpha-2"), []string{a2.ID.String()})
	checkSame(t, get(t, s, "alpha", a.ID), a)
	checkSame(t, get(t, s, "beta", b.ID), b)
	checkIDs(t, "alpha offers go", withSkill(t, s, "alpha", bot.Offers, "go"), []string{a.ID.String()})
	checkIDs(t, "alpha offers rust", withSkill(t, s, "alpha", bot.Offers, "rust"), nil)
	checkIDs(t, "beta offers go", withSkill(t, s, "beta", bot.Offers, "go"), nil)
	for _, h := range []string{"only_beta", "only_alpha2"} {
		_, err := byHandle(t, s, "alpha", h)
		checkNotFound(t, fmt.Sprintf("MemberByHandle(alpha, %q)", h), err)
	}
	if got, err := byHandle(t, s, "beta", "u01"); err != nil || got.Name != "In beta" {
		t.Errorf("MemberByHandle(beta, u01) = %v, %v; want the beta member", got, err)
	}
	view(t, s, func(tx bot.Tx) error {
		if got, err := tx.Settings("alpha"); err != nil || len(got) != 0 {
			t.Errorf("Settings(alpha) = %v, %v; want none", got, err)
		}
		return nil
	})

	if err := s.Update(t.Context(), func(tx bot.Tx) error { return tx.DeleteMember("alpha", a.ID) }); err != nil {
		t.Fatal(err)
	}
	checkSame(t, get(t, s, "beta", b.ID), b)
	checkIDs(t, "Members(beta) after deleting the same id in alpha", listIDs(t, s, "beta"), []string{b.ID.String()})
	checkIDs(t, "beta offers rust after deleting in alpha", withSkill(t, s, "beta", bot.Offers, "rust"), []string{b.ID.String()})
}

func testUpdateFnError(t *testing.T, s bot.Store) {
	const c = "fail"
	m := withSkills(newMember(c, "slack", "T01", "U01"), []string{"go"}, nil)
	gone := newMember(c, "slack", "T01", "U02")
	put(t, s, m, gone)

	sentinel := errors.New("changed my mind")
	botErr := bot.Errorf(bot.ECONFLICT, "err.test", nil)
	for _, fnErr := range []error{sentinel, botErr, fmt.Errorf("wrapped: %w", sentinel)} {
		err := s.Update(t.Context(), func(tx bot.Tx) error {
			changed := withSkills(newMember(c, "slack", "T01", "U01"), []string{"rust"}, nil)
			changed.Name = "Changed"
			if err := tx.PutMember(changed); err != nil {
				return err
			}
			if err := tx.PutMember(newMember(c, "slack", "T01", "U03")); err != nil {
				return err
			}
			if err := tx.DeleteMember(c, gone.ID); err != nil {
				return err
			}
			if err := tx.PutSettings(c, map[string]string{"name": "x"}); err != nil {
				return err
			}
			return fnErr
		})
		if err != fnErr { // the contract says unchanged, not merely wrapping it
			t.Errorf("Update returned %v, want fn's error %v unchanged", err, fnErr)
		}
		var be *bot.Error
		if fnErr == botErr && (!errors.As(err, &be) || be != botErr) {
			t.Errorf("errors.As(%v, *bot.Error) lost the error", err)
		}
		checkSame(t, get(t, s, c, m.ID), m)
		checkSame(t, get(t, s, c, gone.ID), gone)
		checkIDs(t, "Members after a failed Update", listIDs(t, s, c), []string{m.ID.String(), gone.ID.String()})
		checkIDs(t, "offers rust after a failed Update", withSkill(t, s, c, bot.Offers, "rust"), nil)
		checkIDs(t, "offers go after a failed Update", withSkill(t, s, c, bot.Offers, "go"), []string{m.ID.String(), gone.ID.String()})
		view(t, s, func(tx bot.Tx) error {
			if got, err := tx.Settings(c); err != nil || len(got) != 0 {
				t.Errorf("Settings after a failed Update = %v, %v", got, err)
			}
			return nil
		})
	}
}

func testUpdateReadsOwnWrites(t *testing.T, s bot.Store) {
	const c = "own"
	old := withSkills(newMember(c, "slack", "T01", "U01"), []string{"go"}, nil)
	put(t, s, old)
	m := withSkills(newMember(c, "slack", "T01", "U02"), []string{"go"}, nil)
	err := s.Update(t.Context(), func(tx bot.Tx) error {
		if err := tx.PutMember(m); err != nil {
			return err
		}
		if err := tx.DeleteMember(c, old.ID); err != nil {
			return err
		}
		got, err := tx.Member(c, m.ID)
		if err != nil {
			return fmt.Errorf("Member after PutMember in the same Update: %w", err)
		}
		checkSame(t, got, m)
		if _, err := tx.Member(c, old.ID); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Member after DeleteMember in the same Update: err = %v", err)
		}
		var ids []string
		err = tx.MembersWithSkill(c, bot.Offers, "go", func(id bot.MemberID) error {
			ids = append(ids, id.String())
			return nil
		})
		checkIDs(t, "MembersWithSkill in the same Update", ids, []string{m.ID.String()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testWritesInsideViewFail(t *testing.T, s bot.Store) {
	const c = "ro"
	m := newMember(c, "slack", "T01", "U01")
	put(t, s, m)
	_ = s.View(t.Context(), func(tx bot.Tx) error {
		changed := newMember(c, "slack", "T01", "U01")
		changed.Name = "Changed"
		if err := tx.PutMember(changed); err == nil {
			t.Error("PutMember inside View succeeded")
		}
		if err := tx.PutMember(newMember(c, "slack", "T01", "U02")); err == nil {
			t.Error("PutMember of a new member inside View succeeded")
		}
		if err := tx.DeleteMember(c, m.ID); err == nil {
			t.Error("DeleteMember inside View succeeded")
		}
		if err := tx.PutSettings(c, map[string]string{"name": "x"}); err == nil {
			t.Error("PutSettings inside View succeeded")
		}
		return nil
	})
	checkSame(t, get(t, s, c, m.ID), m)
	checkIDs(t, "Members after writes inside View", listIDs(t, s, c), []string{m.ID.String()})
}

func testViewSnapshot(t *testing.T, s bot.Store) {
	const c = "snap"
	m := newMember(c, "slack", "T01", "U01")
	put(t, s, m)
	read := make(chan struct{})
	written := make(chan error, 1)
	go func() {
		select {
		case <-read:
		case <-t.Context().Done():
			written <- t.Context().Err()
			return
		}
		changed := newMember(c, "slack", "T01", "U01")
		changed.Name = "Changed"
		written <- s.Update(t.Context(), func(tx bot.Tx) error {
			if err := tx.PutMember(changed); err != nil {
				return err
			}
			return tx.PutMember(newMember(c, "slack", "T01", "U02"))
		})
	}()
	view(t, s, func(tx bot.Tx) error {
		if _, err := tx.Member(c, m.ID); err != nil {
			return err
		}
		close(read)
		if err := <-written; err != nil {
			t.Errorf("concurrent Update: %v", err)
		}
		again, err := tx.Member(c, m.ID)
		if err != nil {
			return err
		}
		if again.Name != m.Name {
			t.Errorf("View saw a change committed after it started: name %q", again.Name)
		}
		n := 0
		err = tx.Members(c, func(*bot.Member) error { n++; return nil })
		if n != 1 {
			t.Errorf("View saw %d members, want the 1 of its snapshot", n)
		}
		return err
	})
	if got := get(t, s, c, m.ID); got.Name != "Changed" {
		t.Errorf("a new View does not see the committed change: name %q", got.Name)
	}
}

func testConcurrentUpdates(t *testing.T, s bot.Store) {
	const (
		c       = "count"
		workers = 4
		each    = 15
	)
	m := newMember(c, "slack", "T01", "U01")
	m.Profile.Bio = "0"
	put(t, s, m)
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for range workers {
		wg.Go(func() {
			for range each {
				errs <- s.Update(t.Context(), func(tx bot.Tx) error {
					cur, err := tx.Member(c, m.ID)
					if err != nil {
						return err
					}
					n, err := strconv.Atoi(cur.Profile.Bio)
					if err != nil {
						return err
					}
					cur.Profile.Bio = strconv.Itoa(n + 1)
					return tx.PutMember(cur)
				})
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent Update: %v", err)
		}
	}
	if got := get(t, s, c, m.ID).Profile.Bio; got != strconv.Itoa(workers*each) {
		t.Errorf("counter = %s after %d increments: some Updates were lost", got, workers*each)
	}
}
