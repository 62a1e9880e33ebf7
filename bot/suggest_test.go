package bot_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/rete-bot/rete/bot"
)

// spacedGroups is a messenger that can group members only in the spaces
// it says (a Discord server with a group channel).
type spacedGroups struct {
	groupFake
	spaces []string
}

func (s spacedGroups) CanGroup(space string) bool { return slices.Contains(s.spaces, space) }

// TestGroupSpacerWithoutChannelDMsEach: a platform whose groups need
// something the space lacks gets a DM per member instead of a group.
func TestGroupSpacerWithoutChannelDMsEach(t *testing.T) {
	for _, tc := range []struct {
		spaces []string
		groups int
	}{{[]string{"S1"}, 2}, {nil, 0}} {
		f := newFake()
		e := roundEnv(t, 4, spacedGroups{groupFake{f}, tc.spaces})
		e.must("mod", "round now", "2 groups")
		e.deliver()
		if len(f.groups) != tc.groups {
			t.Errorf("CanGroup in %v: %d group conversations, want %d", tc.spaces, len(f.groups), tc.groups)
		}
		if tc.groups == 0 && len(f.texts("m00")) != 1 {
			t.Errorf("without a group, m00 got %q, want one DM", f.texts("m00"))
		}
	}
}

// TestSuggestSkills: suggestions complete a word of the community's own
// skills first, then known skills and their aliases, at most limit.
func TestSuggestSkills(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome")
	e.must("anna", "offer add product design, go", "")
	e.must("marco", "join", "Welcome")
	e.must("marco", "seek add prolog", "")
	req := &bot.Request{Platform: "test", Space: "S1", User: "marco"}
	ctx := context.Background()
	for _, tc := range []struct {
		prefix string
		want   []string // in this order, at the start
	}{
		{"pro", []string{"product design", "prolog"}},
		{"DES", []string{"product design"}},
		{"go, k8", []string{"kubernetes"}}, // the last item of a list, by alias
		{"golang", []string{"go"}},
	} {
		got := e.bot.SuggestSkills(ctx, req, tc.prefix, 25)
		if len(got) < len(tc.want) || !slices.Equal(got[:len(tc.want)], tc.want) {
			t.Errorf("%q suggests %q, want %q first", tc.prefix, got, tc.want)
		}
	}
	if got := e.bot.SuggestSkills(ctx, req, "", 3); len(got) != 3 {
		t.Errorf("limit 3 gave %q", got)
	}
	// A DM has no space: the member's community is used.
	dm := &bot.Request{Platform: "test", User: "marco"}
	if got := e.bot.SuggestSkills(ctx, dm, "prol", 25); len(got) == 0 || got[0] != "prolog" {
		t.Errorf("from a DM %q suggests %q", "prol", got)
	}
	for _, s := range e.bot.SuggestSkills(ctx, req, "", 25) {
		if strings.TrimSpace(s) == "" {
			t.Errorf("empty suggestion")
		}
	}
}
