package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/rete-bot/rete/bot"
)

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
