package match_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/rete-bot/rete/bot/match"
	"github.com/rete-bot/rete/bot/match/sim"
)

// oddWeeks plans weeks rounds for a fixed membership, recording each, and
// returns the results; LastOversized is the previous round's trio.
func oddWeeks(t *testing.T, members []match.Member, blocks []match.Block, avoid bool, weeks int) []match.Result {
	t.Helper()
	h := match.NewHistory()
	var last []string
	var out []match.Result
	for week := 1; week <= weeks; week++ {
		in := match.Input{Round: week, Members: members, Blocks: blocks, History: h, LastOversized: last,
			Options: match.Options{AvoidSameCompany: avoid, Seed: uint64(week)}}
		res, err := match.Plan(in)
		if err != nil {
			t.Fatal(err)
		}
		checkRound(t, in, res)
		last = nil
		for _, g := range res.Groups {
			if len(g.Members) > 2 {
				last = append(last, g.Members...)
			}
		}
		h.RecordGroups(week, res.Groups)
		out = append(out, res)
	}
	return out
}

// Every odd count from 5 to 55 with fixed membership: no repeat before the
// limit, the rotation from week 2 on, and nobody in the trio twice in a
// row wherever the schedule allows it (from 13 members on).
func TestPlanOddCountRepeatFreeToTheLimit(t *testing.T) {
	for n := 5; n <= 55; n += 2 {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			members, _ := community(n, uint64(n), 0)
			limit := match.RepeatFreeLimit(n, 2)
			results := oddWeeks(t, members, nil, false, limit+1)
			prevTrio := map[string]bool{}
			for i, res := range results[:limit] {
				if res.Repeats != 0 {
					t.Fatalf("week %d of %d: %d repeats", i+1, limit, res.Repeats)
				}
				if i > 0 && n >= 7 && res.Method != "rotation" {
					t.Fatalf("week %d: method %q", i+1, res.Method)
				}
				trio := map[string]bool{}
				for _, g := range res.Groups {
					if len(g.Members) == 3 {
						for _, id := range g.Members {
							trio[id] = true
							if prevTrio[id] && n >= 13 {
								t.Fatalf("week %d: %s in the trio twice in a row", i+1, id)
							}
						}
					}
				}
				if len(trio) != 3 {
					t.Fatalf("week %d: trio %v", i+1, trio)
				}
				prevTrio = trio
			}
			if results[limit].Repeats == 0 {
				t.Fatalf("week %d repeat-free: the limit %d is not one", limit+1, limit)
			}
		})
	}
}

// Above the rotation's sizes the trios are planned and the pairs matched:
// the first repeat comes within 5 % of the limit, and before it nobody is
// in the trio twice in a row.
func TestPlanOddCountTrioPlanGoesFar(t *testing.T) {
	for _, n := range []int{57, 101} {
		members, _ := community(n, uint64(n), 0)
		limit := match.RepeatFreeLimit(n, 2)
		results := oddWeeks(t, members, nil, false, limit)
		var prev []string
		for i, res := range results {
			week := i + 1
			if res.Repeats > 0 {
				if 100*week < 95*limit {
					t.Fatalf("n=%d: first repeat in week %d, limit %d", n, week, limit)
				}
				break
			}
			for _, g := range res.Groups {
				if len(g.Members) == 3 {
					for _, id := range g.Members {
						if slices.Contains(prev, id) {
							t.Fatalf("n=%d week %d: %s in the trio twice in a row", n, week, id)
						}
					}
					prev = g.Members
				}
			}
		}
	}
}

// Blocks and colleagues are never grouped, whatever the rotation says.
func TestPlanOddCountRotationKeepsHardRules(t *testing.T) {
	for _, n := range []int{9, 21, 41, 61} {
		members, blocks := community(n, uint64(n)+7, n/3)
		// checkRound fails the test on any broken rule.
		oddWeeks(t, members, blocks, true, match.RepeatFreeLimit(n, 2)+2)
	}
}

// A member replaced mid-rotation hands the round back to the matcher, which
// still repeats nobody; the same input always gives the same round.
func TestPlanOddCountRotationFallsBack(t *testing.T) {
	members, _ := community(31, 4, 0)
	h := match.NewHistory()
	plan := func(week int, ms []match.Member) match.Result {
		res, err := match.Plan(match.Input{Round: week, Members: ms, History: h, Options: match.Options{Seed: uint64(week)}})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	for week := 1; week <= 4; week++ {
		res := plan(week, members)
		if again := plan(week, members); !reflect.DeepEqual(res, again) {
			t.Fatalf("week %d: two plans of one input differ", week)
		}
		h.RecordGroups(week, res.Groups)
	}
	members[5] = match.Member{ID: "newcomer", Offers: []string{"go"}}
	res := plan(5, members)
	if res.Method == "rotation" || res.Repeats != 0 {
		t.Fatalf("after a change of membership: method %q, %d repeats", res.Method, res.Repeats)
	}
}

// Odd counts with fixed membership for as many weeks as the limit allows:
// every round must be repeat-free, the trio never twice in a row.
func BenchmarkOddFixedMembership(b *testing.B) {
	for _, n := range []int{41, 101, 1001} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				r := runSim(b, sim.Options{Members: n, Weeks: match.RepeatFreeLimit(n, 2), Seed: 1})
				reportSim(b, "", r)
				b.ReportMetric(float64(r.RepeatFreeLimit), "repeat_free_limit")
			}
		})
	}
}
