// Package storetest is the conformance suite for [bot.Store]
// implementations. A store package runs it from its own tests:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) bot.Store {
//			db := openTestDB(t) // closed with t.Cleanup
//			return db
//		})
//	}
//
// Each subtest checks one clause of the contract documented on [bot.Store]
// and [bot.Tx], on a fresh empty store. Where the contract says "id order",
// the suite expects the byte order of [bot.MemberID.String] for members and
// of the ids themselves for rounds and outbox entries.
package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// Run runs the conformance suite. open must return a new, empty store for
// each call and release it when t ends (t.Cleanup).
func Run(t *testing.T, open func(t *testing.T) bot.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s bot.Store)
	}{
		{"MemberRoundTrip", testMemberRoundTrip},
		{"NotFound", testNotFound},
		{"MembersOrder", testMembersOrder},
		{"MembersEarlyStop", testMembersEarlyStop},
		{"MembersWithSkill", testMembersWithSkill},
		{"MembersWithSkillEarlyStop", testMembersWithSkillEarlyStop},
		{"Skills", testSkills},
		{"SkillIndexFollowsUpdates", testSkillIndexFollowsUpdates},
		{"SkillIndexReadModifyWrite", testSkillIndexReadModifyWrite},
		{"HandleLookup", testHandleLookup},
		{"HandleChange", testHandleChange},
		{"DeleteMember", testDeleteMember},
		{"Settings", testSettings},
		{"CommunitiesIsolated", testCommunitiesIsolated},
		{"UpdateFnError", testUpdateFnError},
		{"UpdateReadsOwnWrites", testUpdateReadsOwnWrites},
		{"WritesInsideViewFail", testWritesInsideViewFail},
		{"ViewSnapshot", testViewSnapshot},
		{"ConcurrentUpdates", testConcurrentUpdates},
		{"MemberCopied", testMemberCopied},
		{"RoundRoundTrip", testRoundRoundTrip},
		{"RoundsOrder", testRoundsOrder},
		{"State", testState},
		{"OutboxRoundTrip", testOutboxRoundTrip},
		{"OutboxLifecycle", testOutboxLifecycle},
		{"OutboxAtomic", testOutboxAtomic},
		{"OutboxRemoveEntry", testOutboxRemoveEntry},
		{"RoundAndOutboxWritesInsideViewFail", testRoundAndOutboxWritesInsideViewFail},
		{"EventRoundTrip", testEventRoundTrip},
		{"EventsOrder", testEventsOrder},
		{"EventByID", testEventByID},
		{"IntroRoundTrip", testIntroRoundTrip},
		{"NextID", testNextID},
		{"Memberships", testMemberships},
		{"Choice", testChoice},
		{"Spaces", testSpaces},
		{"EmptySpaceRefused", testEmptySpaceRefused},
		{"MoveSpace", testMoveSpace},
		{"Tokens", testTokens},
		{"LinkedAccounts", testLinkedAccounts},
		{"LinkCodes", testLinkCodes},
		{"RenameMember", testRenameMember},
		{"Snapshots", testSnapshots},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// Fixture helpers.

// newMember returns a member with every field set.
func newMember(community, platform, space, user string) *bot.Member {
	rome := time.FixedZone("CET", 3600)
	joined := time.Date(2024, 3, 14, 9, 26, 53, 589793238, rome)
	return &bot.Member{
		ID:          bot.MemberID{Platform: platform, Space: space, User: user},
		Community:   community,
		Name:        "Name of " + user,
		Handle:      "h_" + user,
		Status:      bot.StatusPaused,
		PausedUntil: time.Date(2030, 1, 2, 3, 4, 5, 6, time.UTC),
		Profile: bot.Profile{
			Bio:     "Bio of " + user + ": à la carte, 100% \"quoted\" <b>not html</b>",
			Links:   []string{"https://example.com/" + user, "https://example.org/x?y=1&z=2"},
			TZ:      "Europe/Rome",
			Lang:    bot.LangIT,
			Company: "Acme S.p.A.",
			Offers:  []string{"go", "c++"},
			Seeks:   []string{"ux design"},
		},
		Blocks:  []bot.MemberID{{Platform: platform, Space: space, User: "blocked1"}, {Platform: "discord", Space: "g1", User: "99"}},
		Joined:  joined,
		Updated: joined.Add(36*time.Hour + 17*time.Nanosecond),
		Seen:    joined.Add(48 * time.Hour),
	}
}

// withSkills sets a member's skill lists.
func withSkills(m *bot.Member, offers, seeks []string) *bot.Member {
	m.Profile.Offers, m.Profile.Seeks = offers, seeks
	return m
}

// canonical returns a copy of m with its times in UTC, so that members
// compare with reflect.DeepEqual whatever zone a store hands back.
func canonical(m *bot.Member) bot.Member {
	c := *m
	c.PausedUntil = c.PausedUntil.UTC()
	c.Joined = c.Joined.UTC()
	c.Updated = c.Updated.UTC()
	c.Seen = c.Seen.UTC()
	return c
}

func checkSame(t *testing.T, got, want *bot.Member) {
	t.Helper()
	if got == nil {
		t.Fatalf("got nil member, want %+v", *want)
	}
	if g, w := canonical(got), canonical(want); !reflect.DeepEqual(g, w) {
		t.Errorf("member differs:\n got  %+v\n want %+v", g, w)
	}
}

func put(t *testing.T, s bot.Store, ms ...*bot.Member) {
	t.Helper()
	err := s.Update(t.Context(), func(tx bot.Tx) error {
		for _, m := range ms {
			if err := tx.PutMember(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("put: %v", err)
	}
}

func view(t *testing.T, s bot.Store, fn func(tx bot.Tx) error) {
	t.Helper()
	if err := s.View(t.Context(), fn); err != nil {
		t.Fatalf("view: %v", err)
	}
}

func get(t *testing.T, s bot.Store, community string, id bot.MemberID) *bot.Member {
	t.Helper()
	var m *bot.Member
	view(t, s, func(tx bot.Tx) error {
		var err error
		m, err = tx.Member(community, id)
		return err
	})
	return m
}

// getErr returns the error of looking a member up.
func getErr(t *testing.T, s bot.Store, community string, id bot.MemberID) error {
	t.Helper()
	var err error
	view(t, s, func(tx bot.Tx) error {
		_, err = tx.Member(community, id)
		return nil
	})
	return err
}

func byHandle(t *testing.T, s bot.Store, community, handle string) (*bot.Member, error) {
	t.Helper()
	var (
		m   *bot.Member
		err error
	)
	view(t, s, func(tx bot.Tx) error {
		m, err = tx.MemberByHandle(community, handle)
		return nil
	})
	return m, err
}

// listIDs returns the ids Members lists, in its order.
func listIDs(t *testing.T, s bot.Store, community string) []string {
	t.Helper()
	var ids []string
	view(t, s, func(tx bot.Tx) error {
		return tx.Members(community, func(m *bot.Member) error {
			if m.Community != community {
				t.Errorf("Members(%q) gave a member of %q", community, m.Community)
			}
			ids = append(ids, m.ID.String())
			return nil
		})
	})
	return ids
}

// withSkill returns the ids MembersWithSkill lists, in its order.
func withSkill(t *testing.T, s bot.Store, community string, kind bot.SkillKind, skill string) []string {
	t.Helper()
	var ids []string
	view(t, s, func(tx bot.Tx) error {
		return tx.MembersWithSkill(community, kind, skill, func(id bot.MemberID) error {
			ids = append(ids, id.String())
			return nil
		})
	})
	return ids
}

func checkIDs(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func checkNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("%s: err = %v, want bot.ErrNotFound", what, err)
	}
}

// The tests.

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

func testMembersWithSkill(t *testing.T, s bot.Store) {
	const c = "skills"
	a := withSkills(newMember(c, "slack", "T01", "A"), []string{"go", "c++", "ci/cd"}, []string{"machine learning"})
	b := withSkills(newMember(c, "slack", "T01", "B"), []string{"c", "c#", "node.js"}, []string{"go"})
	d := withSkills(newMember(c, "discord", "G1", "D"), []string{"go", "machine learning"}, nil)
	e := withSkills(newMember(c, "slack", "T01", "E"), nil, nil)
	put(t, s, d, b, e, a)
	ids := func(ms ...*bot.Member) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.ID.String())
		}
		slices.Sort(out)
		return out
	}
	tests := []struct {
		kind  bot.SkillKind
		skill string
		want  []string
	}{
		{bot.Offers, "go", ids(a, d)},
		{bot.Seeks, "go", ids(b)},
		{bot.Offers, "c", ids(b)},
		{bot.Offers, "c++", ids(a)},
		{bot.Offers, "c#", ids(b)},
		{bot.Offers, "ci/cd", ids(a)},
		{bot.Offers, "ci", nil},
		{bot.Offers, "node.js", ids(b)},
		{bot.Offers, "node", nil},
		{bot.Offers, "machine learning", ids(d)},
		{bot.Seeks, "machine learning", ids(a)},
		{bot.Offers, "machine", nil},
		{bot.Offers, "g", nil},
		{bot.Offers, "rust", nil},
		{bot.Seeks, "c++", nil},
	}
	for _, tc := range tests {
		checkIDs(t, fmt.Sprintf("MembersWithSkill(%s, %q)", tc.kind, tc.skill), withSkill(t, s, c, tc.kind, tc.skill), tc.want)
	}
	checkIDs(t, "MembersWithSkill in another community", withSkill(t, s, "other", bot.Offers, "go"), nil)
}

func testMembersWithSkillEarlyStop(t *testing.T, s bot.Store) {
	for i := range 4 {
		put(t, s, withSkills(newMember("stop", "slack", "T01", "U"+strconv.Itoa(i)), []string{"go"}, nil))
	}
	stop := errors.New("enough")
	calls := 0
	err := s.View(t.Context(), func(tx bot.Tx) error {
		return tx.MembersWithSkill("stop", bot.Offers, "go", func(bot.MemberID) error {
			calls++
			if calls == 2 {
				return stop
			}
			return nil
		})
	})
	if !errors.Is(err, stop) || calls != 2 {
		t.Errorf("MembersWithSkill returned %v after %d calls, want the error fn returned on call 2", err, calls)
	}
}

func testSkills(t *testing.T, s bot.Store) {
	const c = "distinct"
	a := withSkills(newMember(c, "slack", "T01", "A"), []string{"go", "c++", "ci/cd"}, []string{"machine learning"})
	b := withSkills(newMember(c, "slack", "T01", "B"), []string{"c", "go", "node.js", "go lang"}, []string{"go"})
	d := withSkills(newMember(c, "discord", "G1", "D"), []string{"go", "ux design"}, nil)
	put(t, s, a, b, d, withSkills(newMember("other", "slack", "T01", "Z"), []string{"rust"}, nil))
	list := func(community string, kind bot.SkillKind) []string {
		var out []string
		view(t, s, func(tx bot.Tx) error {
			return tx.Skills(community, kind, func(skill string) error { out = append(out, skill); return nil })
		})
		return out
	}
	checkIDs(t, "Skills(offers)", list(c, bot.Offers), []string{"c", "c++", "ci/cd", "go", "go lang", "node.js", "ux design"})
	checkIDs(t, "Skills(seeks)", list(c, bot.Seeks), []string{"go", "machine learning"})
	checkIDs(t, "Skills of an empty community", list("empty", bot.Offers), nil)
	// A skill nobody lists any more is gone from the list.
	put(t, s, withSkills(d, []string{"go"}, nil))
	checkIDs(t, "Skills after an update", list(c, bot.Offers), []string{"c", "c++", "ci/cd", "go", "go lang", "node.js"})
	stop := errors.New("enough")
	calls := 0
	err := s.View(t.Context(), func(tx bot.Tx) error {
		return tx.Skills(c, bot.Offers, func(string) error {
			calls++
			if calls == 2 {
				return stop
			}
			return nil
		})
	})
	if !errors.Is(err, stop) || calls != 2 {
		t.Errorf("Skills returned %v after %d calls, want the error fn returned on call 2", err, calls)
	}
}

func testSkillIndexFollowsUpdates(t *testing.T, s bot.Store) {
	const c = "upd"
	m := withSkills(newMember(c, "slack", "T01", "U01"), []string{"go", "rust"}, []string{"sales"})
	other := withSkills(newMember(c, "slack", "T01", "U02"), []string{"go"}, nil)
	put(t, s, m, other)
	id, oid := m.ID.String(), other.ID.String()

	type query struct {
		kind  bot.SkillKind
		skill string
		want  []string
	}
	steps := []struct {
		name          string
		offers, seeks []string
		queries       []query
	}{
		{"drop go, add python, seek go", []string{"rust", "python"}, []string{"go"}, []query{
			{bot.Offers, "go", []string{oid}}, {bot.Offers, "rust", []string{id}}, {bot.Offers, "python", []string{id}},
			{bot.Seeks, "go", []string{id}}, {bot.Seeks, "sales", nil},
		}},
		{"same skills again", []string{"rust", "python"}, []string{"go"}, []query{
			{bot.Offers, "rust", []string{id}}, {bot.Offers, "python", []string{id}}, {bot.Seeks, "go", []string{id}},
		}},
		{"no skills", nil, nil, []query{
			{bot.Offers, "go", []string{oid}}, {bot.Offers, "rust", nil}, {bot.Offers, "python", nil}, {bot.Seeks, "go", nil},
		}},
		{"skills back", []string{"go"}, []string{"sales"}, []query{
			{bot.Offers, "go", []string{id, oid}}, {bot.Seeks, "sales", []string{id}},
		}},
	}
	for _, step := range steps {
		put(t, s, withSkills(newMember(c, "slack", "T01", "U01"), step.offers, step.seeks))
		for _, q := range step.queries {
			checkIDs(t, fmt.Sprintf("after %q: MembersWithSkill(%s, %q)", step.name, q.kind, q.skill),
				withSkill(t, s, c, q.kind, q.skill), q.want)
		}
	}
}

// testSkillIndexReadModifyWrite changes members the way the bot does, by
// reading, changing and writing back in one transaction, including a
// delete or a second write in between.
func testSkillIndexReadModifyWrite(t *testing.T, s bot.Store) {
	const c = "rmw"
	m := withSkills(newMember(c, "slack", "T01", "U01"), []string{"go"}, []string{"sales"})
	put(t, s, m)
	id := m.ID.String()
	steps := []struct {
		name string
		fn   func(tx bot.Tx) error
		// offered (and sought) skills and who must be found under each
		want map[string][]string
	}{
		{"read, change, write", func(tx bot.Tx) error {
			got, err := tx.Member(c, m.ID)
			if err != nil {
				return err
			}
			got.Profile.Offers = []string{"rust"}
			return tx.PutMember(got)
		}, map[string][]string{"go": nil, "rust": {id}}},
		{"read, delete, write back", func(tx bot.Tx) error {
			got, err := tx.Member(c, m.ID)
			if err != nil {
				return err
			}
			if err := tx.DeleteMember(c, m.ID); err != nil {
				return err
			}
			return tx.PutMember(got)
		}, map[string][]string{"go": nil, "rust": {id}}},
		{"read, write twice", func(tx bot.Tx) error {
			got, err := tx.Member(c, m.ID)
			if err != nil {
				return err
			}
			got.Profile.Offers = []string{"python"}
			if err := tx.PutMember(got); err != nil {
				return err
			}
			got.Profile.Offers = []string{"go"}
			return tx.PutMember(got)
		}, map[string][]string{"go": {id}, "rust": nil, "python": nil}},
		{"read twice, write the first", func(tx bot.Tx) error {
			first, err := tx.Member(c, m.ID)
			if err != nil {
				return err
			}
			second, err := tx.Member(c, m.ID)
			if err != nil {
				return err
			}
			second.Profile.Offers = []string{"java"}
			if err := tx.PutMember(second); err != nil {
				return err
			}
			first.Profile.Offers = []string{"c"}
			return tx.PutMember(first)
		}, map[string][]string{"go": nil, "java": nil, "c": {id}}},
	}
	for _, step := range steps {
		if err := s.Update(t.Context(), step.fn); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		for skill, want := range step.want {
			checkIDs(t, fmt.Sprintf("after %q: offers %q", step.name, skill), withSkill(t, s, c, bot.Offers, skill), want)
		}
		checkIDs(t, fmt.Sprintf("after %q: seeks sales", step.name), withSkill(t, s, c, bot.Seeks, "sales"), []string{id})
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
