package storetest

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

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
