package match_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/rete-bot/rete/bot/match"
)

// pairsOf lists a round's groups as "a+b" strings.
func pairsOf(res match.Result) []string {
	var out []string
	for _, g := range res.Groups {
		out = append(out, fmt.Sprint(g.Members))
	}
	slices.Sort(out)
	return out
}

func TestSamePlatform(t *testing.T) {
	// a and b are on Slack, c and d on Telegram; a offers what c seeks.
	members := []match.Member{
		{ID: "a", Platform: "slack", Offers: []string{"go"}},
		{ID: "b", Platform: "slack"},
		{ID: "c", Platform: "telegram", Seeks: []string{"go"}},
		{ID: "d", Platform: "telegram"},
	}
	plain := []match.Member{
		{ID: "a", Platform: "slack"}, {ID: "b", Platform: "slack"},
		{ID: "c", Platform: "telegram"}, {ID: "d", Platform: "telegram"},
	}
	tests := []struct {
		name    string
		members []match.Member
		mode    match.SamePlatform
		want    []string
	}{
		{"require keeps platforms apart despite skills", members, match.PlatformRequire, []string{"[a b]", "[c d]"}},
		{"prefer lets skills cross platforms", members, match.PlatformPrefer, []string{"[a c]", "[b d]"}},
		{"ignore lets skills cross platforms", members, match.PlatformIgnore, []string{"[a c]", "[b d]"}},
		{"prefer groups by platform when nothing else counts", plain, match.PlatformPrefer, []string{"[a b]", "[c d]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for seed := range uint64(8) {
				in := match.Input{Round: 1, Members: tt.members, Options: match.Options{SamePlatform: tt.mode, Seed: seed}}
				res, err := match.Plan(in)
				if err != nil {
					t.Fatal(err)
				}
				checkRound(t, in, res)
				if got := pairsOf(res); !slices.Equal(got, tt.want) {
					t.Fatalf("seed %d: groups %v, want %v", seed, got, tt.want)
				}
			}
		})
	}
}

func TestSamePlatformRequireSitsOutTheOddOne(t *testing.T) {
	in := match.Input{Round: 1, Members: []match.Member{
		{ID: "a", Platform: "slack"}, {ID: "b", Platform: "slack"}, {ID: "c", Platform: "telegram"},
	}, Options: match.Options{SamePlatform: match.PlatformRequire}}
	res, err := match.Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	checkRound(t, in, res)
	if !slices.Equal(res.SatOut, []string{"c"}) {
		t.Fatalf("sat out %v, want [c]", res.SatOut)
	}
}
