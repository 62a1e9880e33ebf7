package match_test

import (
	"fmt"
	"testing"

	"github.com/rete-bot/rete/bot/match"
	"github.com/rete-bot/rete/bot/match/sim"
)

// playFixed plays rounds for the same members until the first repeat (or
// weeks rounds) and returns the repeat-free rounds and the methods used.
func playFixed(t *testing.T, members []match.Member, blocks []match.Block, g, weeks int) (int, map[string]int) {
	t.Helper()
	h := match.NewHistory()
	methods := map[string]int{}
	for week := 1; week <= weeks; week++ {
		in := match.Input{Round: week, Members: members, Blocks: blocks, History: h, Options: match.Options{GroupSize: g, Seed: uint64(week)}}
		res, err := match.Plan(in)
		if err != nil {
			t.Fatal(err)
		}
		checkRound(t, in, res)
		if res.Repeats > 0 {
			return week - 1, methods
		}
		methods[res.Method]++
		h.RecordGroups(week, res.Groups)
	}
	return weeks, methods
}

// With fixed membership the engine follows the schedule for the size from
// the second round on and stays repeat-free as long as it lasts.
func TestFollowScheduleToItsEnd(t *testing.T) {
	for _, tc := range []struct{ n, g, want int }{
		{16, 4, 5}, {20, 4, 5}, {40, 4, 13}, {41, 4, 10}, {64, 4, 21}, {100, 4, 33},
		{40, 3, 18}, {41, 3, 17}, {100, 3, 47},
	} {
		t.Run(fmt.Sprintf("%d-in-%d", tc.n, tc.g), func(t *testing.T) {
			members := sim.Members(tc.n, false, uint64(tc.n))
			free, methods := playFixed(t, members, nil, tc.g, tc.want)
			if free < tc.want {
				t.Fatalf("%d repeat-free rounds, want %d (methods %v)", free, tc.want, methods)
			}
			if methods["design"] != tc.want-1 {
				t.Fatalf("methods %v: want every round after the first from the schedule", methods)
			}
		})
	}
}

// A blocked pair is never grouped: the weeks that would group it are
// skipped, the matcher fills in, and no round breaks the rule (checkRound).
func TestScheduleKeepsHardRules(t *testing.T) {
	members := sim.Members(64, false, 7)
	blocks := []match.Block{{A: members[0].ID, B: members[1].ID}, {A: members[5].ID, B: members[40].ID}}
	free, methods := playFixed(t, members, blocks, 4, 21)
	if free < 15 || methods["design"] == 0 {
		t.Fatalf("%d repeat-free rounds, methods %v", free, methods)
	}
}

// When a member leaves, the first round no longer covers the members and
// the matcher takes over, still without repeats while fresh groups exist.
func TestScheduleStopsWhenMembershipChanges(t *testing.T) {
	members := sim.Members(64, false, 3)
	h := match.NewHistory()
	for week := 1; week <= 12; week++ {
		in := match.Input{Round: week, Members: members, History: h, Options: match.Options{GroupSize: 4, Seed: uint64(week)}}
		if week > 6 {
			in.Members = members[1:]
		}
		res, err := match.Plan(in)
		if err != nil {
			t.Fatal(err)
		}
		checkRound(t, in, res)
		if res.Repeats > 0 {
			t.Fatalf("week %d: %d repeats", week, res.Repeats)
		}
		if design := res.Method == "design"; design != (week > 1 && week <= 6) {
			t.Fatalf("week %d: method %s", week, res.Method)
		}
		h.RecordGroups(week, res.Groups)
	}
}
