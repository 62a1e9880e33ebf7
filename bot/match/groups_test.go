package match_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/rete-bot/rete/bot/match"
	"github.com/rete-bot/rete/bot/match/sim"
)

func plainMembers(n int) []match.Member {
	out := make([]match.Member, n)
	for i := range out {
		out[i] = match.Member{ID: fmt.Sprintf("m%03d", i)}
	}
	return out
}

// affinePlane returns the q+1 parallel classes of the lines of the affine
// plane of order q (3 or 4), points numbered x*q+y: the rounds of a
// resolvable design with one pair each.
func affinePlane(q int) [][][]int {
	add := func(a, b int) int { return (a + b) % q }
	mul := func(a, b int) int { return a * b % q }
	if q == 4 { // GF(4): addition is xor, 2·2 = 3
		add = func(a, b int) int { return a ^ b }
		tab := [4][4]int{{0, 0, 0, 0}, {0, 1, 2, 3}, {0, 2, 3, 1}, {0, 3, 1, 2}}
		mul = func(a, b int) int { return tab[a][b] }
	}
	var classes [][][]int
	for m := range q {
		var class [][]int
		for b := range q {
			var line []int
			for x := range q {
				line = append(line, x*q+add(mul(m, x), b))
			}
			class = append(class, line)
		}
		classes = append(classes, class)
	}
	var vertical [][]int
	for x := range q {
		var line []int
		for y := range q {
			line = append(line, x*q+y)
		}
		vertical = append(vertical, line)
	}
	return append(classes, vertical)
}

// With all rounds of an affine plane but one in the history, the only
// repeat-free round is the one left: the search must find it, whichever
// it is.
func TestGroupsCompleteAffinePlane(t *testing.T) {
	for _, q := range []int{3, 4} {
		classes := affinePlane(q)
		members := plainMembers(q * q)
		for left := range classes {
			h := match.NewHistory()
			round := 0
			for c, class := range classes {
				if c == left {
					continue
				}
				round++
				for _, line := range class {
					for i, a := range line {
						for _, b := range line[i+1:] {
							h.Record(members[a].ID, members[b].ID, round, match.OutcomeMet)
						}
					}
				}
			}
			in := match.Input{Round: round + 1, Members: members, History: h, Options: match.Options{GroupSize: q, Seed: uint64(left)}}
			res, err := match.Plan(in)
			if err != nil {
				t.Fatal(err)
			}
			checkRound(t, in, res)
			if res.Repeats != 0 {
				t.Fatalf("q=%d, class %d left: %d repeats", q, left, res.Repeats)
			}
		}
	}
}

// freshPartition reports whether n members split into groups of g with no
// pair in met, by exhaustive search.
func freshPartition(n, g int, met [][]bool) bool {
	used := make([]bool, n)
	var place func() bool
	place = func() bool {
		first := slices.Index(used, false)
		if first < 0 {
			return true
		}
		used[first] = true
		group := []int{first}
		var extend func(from int) bool
		extend = func(from int) bool {
			if len(group) == g {
				return place()
			}
			for v := from; v < n; v++ {
				if used[v] || slices.ContainsFunc(group, func(u int) bool { return met[u][v] }) {
					continue
				}
				used[v] = true
				group = append(group, v)
				if extend(v + 1) {
					return true
				}
				group = group[:len(group)-1]
				used[v] = false
			}
			return false
		}
		ok := extend(first + 1)
		used[first] = false
		return ok
	}
	return place()
}

// On random histories of 12 members, the round is repeat-free whenever
// some grouping is (checked exhaustively).
func TestGroupsRepeatFreeWhenPossible(t *testing.T) {
	const n = 12
	members := plainMembers(n)
	r := rand.New(rand.NewPCG(5, 6))
	feasible := 0
	for trial := range 60 {
		g := 3 + trial%2
		density := 0.3 + 0.4*r.Float64()
		met := make([][]bool, n)
		for i := range met {
			met[i] = make([]bool, n)
		}
		h := match.NewHistory()
		for u := range n {
			for v := u + 1; v < n; v++ {
				if r.Float64() < density {
					met[u][v], met[v][u] = true, true
					h.Record(members[u].ID, members[v].ID, 1, match.OutcomeMet)
				}
			}
		}
		in := match.Input{Round: 2, Members: members, History: h, Options: match.Options{GroupSize: g, Seed: uint64(trial)}}
		res, err := match.Plan(in)
		if err != nil {
			t.Fatal(err)
		}
		checkRound(t, in, res)
		if freshPartition(n, g, met) {
			feasible++
			if res.Repeats != 0 {
				t.Fatalf("trial %d (groups of %d): %d repeats, but a repeat-free grouping exists", trial, g, res.Repeats)
			}
		}
	}
	if feasible < 10 {
		t.Fatalf("only %d feasible trials: the test checks too little", feasible)
	}
}

// Fixed membership: rounds stay repeat-free close to the limit, whether a
// construction or a searched schedule serves the size (design.go).
func TestGroupsFixedMembershipRotation(t *testing.T) {
	for _, tc := range []struct {
		g     int
		sizes []int
		floor float64
	}{{3, []int{18, 26, 34}, 0.9}, {4, []int{20, 29, 38}, 0.8}} {
		for _, n := range tc.sizes {
			limit := match.RepeatFreeLimit(n, tc.g)
			h := match.NewHistory()
			members := sim.Members(n, false, uint64(n))
			free := 0
			for week := 1; week <= limit; week++ {
				in := match.Input{Round: week, Members: members, History: h, Options: match.Options{GroupSize: tc.g, Seed: uint64(week)}}
				res, err := match.Plan(in)
				if err != nil {
					t.Fatal(err)
				}
				checkRound(t, in, res)
				if res.Repeats > 0 {
					break
				}
				free++
				h.RecordGroups(week, res.Groups)
			}
			if float64(free) < tc.floor*float64(limit) {
				t.Errorf("groups of %d, %d members: %d repeat-free rounds, want at least %.0f%% of %d", tc.g, n, free, 100*tc.floor, limit)
			}
		}
	}
}

// With pauses, churn, companies and blocks, no repeat while fresh groups
// exist, no hard rule broken, and the same input gives the same round.
func TestGroupsChurnAndDeterminism(t *testing.T) {
	for _, g := range []int{3, 4} {
		r, err := sim.Run(sim.Options{Members: 300, Weeks: 20, Pause: 0.1, Churn: 0.01, GroupSize: g, Company: true, Blocks: 0.02, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		if r.Repeats != 0 || r.Violations != 0 {
			t.Fatalf("groups of %d: %d repeats, %d violations", g, r.Repeats, r.Violations)
		}
		members, blocks := community(90, 4, 6)
		h := match.NewHistory()
		for week := 1; week <= 12; week++ {
			in := match.Input{Round: week, Members: members, Blocks: blocks, History: h, Options: match.Options{GroupSize: g, AvoidSameCompany: true, Seed: uint64(week)}}
			first, err := match.Plan(in)
			if err != nil {
				t.Fatal(err)
			}
			checkRound(t, in, first)
			second, _ := match.Plan(in)
			if !reflect.DeepEqual(first, second) {
				t.Fatalf("groups of %d, week %d: same input, another result", g, week)
			}
			h.RecordGroups(week, first.Groups)
		}
	}
}

// A round found by random testing where leftovers the blocks kept out of
// every group were piled into one group of six: members, blocks and the
// history of round 10 of a 15-member community in groups of 4.
func TestLeftoversNeverOverflowAGroup(t *testing.T) {
	raw, err := os.ReadFile("testdata/overflow-15-in-4.json")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Iter, G, Round int
		Seed           uint64
		IDs            []string
		Blocks         []match.Block
		Hist           [][3]json.RawMessage
		Over           []string
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	h := match.NewHistory()
	for _, e := range c.Hist {
		var a, b string
		var rec match.PairRecord
		if json.Unmarshal(e[0], &a) != nil || json.Unmarshal(e[1], &b) != nil || json.Unmarshal(e[2], &rec) != nil {
			t.Fatalf("bad history entry %s", e)
		}
		h.Restore(a, b, rec)
	}
	var members []match.Member
	for _, m := range sim.Members(15, true, uint64(c.Iter)) {
		if slices.Contains(c.IDs, m.ID) {
			members = append(members, m)
		}
	}
	in := match.Input{Round: c.Round, Members: members, Blocks: c.Blocks, History: h, LastOversized: c.Over,
		Options: match.Options{GroupSize: c.G, Seed: c.Seed}}
	res, err := match.Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	if sizes := checkRound(t, in, res); len(sizes)+len(res.SatOut) != len(members) {
		t.Fatalf("%d grouped and %d sat out of %d", len(sizes), len(res.SatOut), len(members))
	}
}
