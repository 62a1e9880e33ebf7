package match_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rete-bot/rete/bot/match"
	"github.com/rete-bot/rete/bot/match/sim"
)

// checkRound verifies the hard rules and the reasons of a planned round and
// returns, per member, the size of their group.
func checkRound(t *testing.T, in match.Input, res match.Result) map[string]int {
	t.Helper()
	byID := map[string]match.Member{}
	for _, m := range in.Members {
		byID[m.ID] = m
	}
	blocked := map[[2]string]bool{}
	for _, b := range in.Blocks {
		blocked[[2]string{b.A, b.B}] = true
		blocked[[2]string{b.B, b.A}] = true
	}
	size := map[string]int{}
	g := max(in.Options.GroupSize, 2)
	for _, grp := range res.Groups {
		if !slices.IsSorted(grp.Members) {
			t.Fatalf("group members not sorted: %v", grp.Members)
		}
		// Group sizes are g or g+1 (g-1 or g when the remainder is larger
		// than the number of groups); with companies to avoid, the hard rule
		// may force smaller groups.
		n := len(in.Members)
		minSize := min(g, n)
		if n%g > n/g {
			minSize = g - 1
		}
		if (len(grp.Members) < minSize && !in.Options.AvoidSameCompany && in.Options.SamePlatform != match.PlatformRequire) || len(grp.Members) < 2 || len(grp.Members) > g+1 {
			t.Fatalf("group %v has %d members with group size %d", grp.Members, len(grp.Members), g)
		}
		member := map[string]bool{}
		for i, a := range grp.Members {
			if _, ok := byID[a]; !ok {
				t.Fatalf("group has unknown member %q", a)
			}
			if _, dup := size[a]; dup {
				t.Fatalf("member %q is in two groups", a)
			}
			size[a] = len(grp.Members)
			member[a] = true
			for _, b := range grp.Members[i+1:] {
				if blocked[[2]string{a, b}] {
					t.Fatalf("blocked pair %s-%s grouped", a, b)
				}
				ca, cb := byID[a].Company, byID[b].Company
				if in.Options.AvoidSameCompany && ca != "" && ca == cb {
					t.Fatalf("same-company pair %s-%s (%s) grouped", a, b, ca)
				}
				if in.Options.SamePlatform == match.PlatformRequire && byID[a].Platform != byID[b].Platform {
					t.Fatalf("pair %s-%s across platforms grouped", a, b)
				}
			}
		}
		for _, r := range grp.Reasons {
			switch r.Kind {
			case match.ReasonComplement:
				if !member[r.Giver] || !member[r.Taker] || !hasSkill(byID[r.Giver].Offers, r.Skill) || !hasSkill(byID[r.Taker].Seeks, r.Skill) {
					t.Fatalf("untrue complement reason %+v", r)
				}
			case match.ReasonMutual, match.ReasonOverlap, match.ReasonFresh, match.ReasonRepeat, match.ReasonOtherCompany:
				if !member[r.A] || !member[r.B] || r.A >= r.B {
					t.Fatalf("reason %+v names members outside the group or out of order", r)
				}
				if r.Kind == match.ReasonOverlap && (r.Hours <= 0 || r.Hours > 9) {
					t.Fatalf("overlap reason with %v hours", r.Hours)
				}
			default:
				t.Fatalf("unknown reason kind %q", r.Kind)
			}
		}
	}
	forbidden := func(a, b string) bool {
		ca, cb := byID[a].Company, byID[b].Company
		return blocked[[2]string{a, b}] || (in.Options.AvoidSameCompany && ca != "" && ca == cb) ||
			(in.Options.SamePlatform == match.PlatformRequire && byID[a].Platform != byID[b].Platform)
	}
	for i, id := range res.SatOut {
		if _, dup := size[id]; dup {
			t.Fatalf("member %q both grouped and sat out", id)
		}
		size[id] = 0
		// Sitting out must be forced: no group could take them, and no
		// other member who sat out could be their partner.
		for _, grp := range res.Groups {
			if !slices.ContainsFunc(grp.Members, func(m string) bool { return forbidden(id, m) }) && len(grp.Members) <= g {
				t.Fatalf("%s sat out but could join %v", id, grp.Members)
			}
		}
		for _, other := range res.SatOut[i+1:] {
			if !forbidden(id, other) {
				t.Fatalf("%s and %s both sat out but could meet", id, other)
			}
		}
	}
	if len(size) != len(in.Members) {
		t.Fatalf("%d members placed or sat out, want %d", len(size), len(in.Members))
	}
	return size
}

func hasSkill(list []string, skill string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(strings.TrimSpace(s), skill) })
}

func TestPlanValidation(t *testing.T) {
	ok := []match.Member{{ID: "a"}, {ID: "b"}}
	tests := []struct {
		name string
		in   match.Input
		want string
	}{
		{"empty ID", match.Input{Members: []match.Member{{ID: ""}}}, "empty ID"},
		{"duplicate", match.Input{Members: []match.Member{{ID: "a"}, {ID: "b"}, {ID: "a"}}}, `duplicate member "a"`},
		{"group size 5", match.Input{Members: ok, Options: match.Options{GroupSize: 5}}, "group size 5"},
		{"group size 1", match.Input{Members: ok, Options: match.Options{GroupSize: 1}}, "group size 1"},
		{"offset", match.Input{Members: []match.Member{{ID: "a", UTCOffsetMinutes: 15 * 60}}}, "out of range"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := match.Plan(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestPlanTiny(t *testing.T) {
	res, err := match.Plan(match.Input{})
	if err != nil || len(res.Groups) != 0 || len(res.SatOut) != 0 {
		t.Fatalf("no members: %+v, %v", res, err)
	}
	res, err = match.Plan(match.Input{Members: []match.Member{{ID: "solo"}}})
	if err != nil || len(res.Groups) != 0 || !reflect.DeepEqual(res.SatOut, []string{"solo"}) {
		t.Fatalf("one member: %+v, %v", res, err)
	}
	res, err = match.Plan(match.Input{Members: []match.Member{{ID: "b"}, {ID: "a"}}})
	if err != nil || len(res.Groups) != 1 || !reflect.DeepEqual(res.Groups[0].Members, []string{"a", "b"}) {
		t.Fatalf("two members: %+v, %v", res, err)
	}
}

// A hand-made community where the complementary pairs are obvious.
func TestPlanPrefersComplementAndReasons(t *testing.T) {
	members := []match.Member{
		{ID: "anna", Offers: []string{"UX design"}, Seeks: []string{"go"}, UTCOffsetMinutes: 60},
		{ID: "marco", Offers: []string{"go"}, Seeks: []string{"ux design"}, UTCOffsetMinutes: 60},
		{ID: "lena", Offers: []string{"contracts"}, Seeks: []string{"seo"}, UTCOffsetMinutes: 60},
		{ID: "omar", Offers: []string{"seo"}, Seeks: []string{"accounting"}, UTCOffsetMinutes: -300},
		{ID: "zoe", Offers: []string{"pitching"}, Seeks: []string{"branding"}, UTCOffsetMinutes: 60},
		{ID: "yuki", Offers: []string{"branding"}, Seeks: []string{"pitching"}, UTCOffsetMinutes: 540},
	}
	for _, algo := range []match.Algorithm{match.AlgorithmExact, match.AlgorithmFast} {
		in := match.Input{Round: 1, Members: members, Options: match.Options{Algorithm: algo}}
		res, err := match.Plan(in)
		if err != nil {
			t.Fatal(err)
		}
		checkRound(t, in, res)
		var pairs []string
		for _, g := range res.Groups {
			pairs = append(pairs, strings.Join(g.Members, "+"))
		}
		want := []string{"anna+marco", "lena+omar", "yuki+zoe"}
		if !reflect.DeepEqual(pairs, want) {
			t.Fatalf("algo %d: pairs %v, want %v", algo, pairs, want)
		}
		r := res.Groups[0].Reasons
		wantReasons := []match.Reason{
			{Kind: match.ReasonComplement, Giver: "anna", Taker: "marco", Skill: "UX design"},
			{Kind: match.ReasonComplement, Giver: "marco", Taker: "anna", Skill: "go"},
			{Kind: match.ReasonMutual, A: "anna", B: "marco"},
			{Kind: match.ReasonOverlap, A: "anna", B: "marco", Hours: 9},
			{Kind: match.ReasonFresh, A: "anna", B: "marco"},
		}
		if !reflect.DeepEqual(r, wantReasons) {
			t.Fatalf("reasons %+v\nwant %+v", r, wantReasons)
		}
		if res.Repeats != 0 || res.Quality <= 0 {
			t.Fatalf("repeats %d quality %d", res.Repeats, res.Quality)
		}
	}
}

func community(n int, seed uint64, blocks int) ([]match.Member, []match.Block) {
	members := sim.Members(n, true, seed)
	r := rand.New(rand.NewPCG(seed, 99))
	var bl []match.Block
	for range blocks {
		a, b := members[r.IntN(n)].ID, members[r.IntN(n)].ID
		if a != b {
			bl = append(bl, match.Block{A: a, B: b})
		}
	}
	return members, bl
}

// Hard rules on realistic communities, for every algorithm and group size,
// over several weeks of history.
func TestPlanHardRules(t *testing.T) {
	for _, algo := range []match.Algorithm{match.AlgorithmExact, match.AlgorithmFast} {
		for _, g := range []int{2, 3, 4} {
			for _, n := range []int{7, 31, 80} {
				for _, avoid := range []bool{false, true} {
					t.Run(fmt.Sprintf("algo=%d/g=%d/n=%d/avoid=%v", algo, g, n, avoid), func(t *testing.T) {
						members, blocks := community(n, uint64(n*g), n/5)
						h := match.NewHistory()
						var lastOversized []string
						for week := 1; week <= 4; week++ {
							in := match.Input{Round: week, Members: members, Blocks: blocks, History: h,
								LastOversized: lastOversized,
								Options:       match.Options{GroupSize: g, AvoidSameCompany: avoid, Seed: uint64(week), Algorithm: algo}}
							res, err := match.Plan(in)
							if err != nil {
								t.Fatal(err)
							}
							size := checkRound(t, in, res)
							if len(res.SatOut) > 0 && !avoid {
								t.Fatalf("week %d: %v sat out", week, res.SatOut)
							}
							lastOversized = lastOversized[:0]
							for id, s := range size {
								if s > g {
									lastOversized = append(lastOversized, id)
								}
							}
							h.RecordGroups(week, res.Groups)
						}
					})
				}
			}
		}
	}
}

// An odd count makes exactly one trio, and not with last round's trio.
func TestPlanOddCountTrio(t *testing.T) {
	for _, algo := range []match.Algorithm{match.AlgorithmExact, match.AlgorithmFast} {
		members, _ := community(41, 5, 0)
		h := match.NewHistory()
		var last []string
		for week := 1; week <= 12; week++ {
			in := match.Input{Round: week, Members: members, History: h, LastOversized: last,
				Options: match.Options{Seed: uint64(week), Algorithm: algo}}
			res, err := match.Plan(in)
			if err != nil {
				t.Fatal(err)
			}
			checkRound(t, in, res)
			var trios [][]string
			for _, g := range res.Groups {
				if len(g.Members) == 3 {
					trios = append(trios, g.Members)
				}
			}
			if len(trios) != 1 {
				t.Fatalf("week %d: %d trios", week, len(trios))
			}
			for _, id := range trios[0] {
				if slices.Contains(last, id) {
					t.Fatalf("week %d: %s in the trio twice in a row (%v after %v)", week, id, trios[0], last)
				}
			}
			if res.Repeats != 0 {
				t.Fatalf("week %d: %d repeats", week, res.Repeats)
			}
			last = trios[0]
			h.RecordGroups(week, res.Groups)
		}
	}
}

// Even a member who was in the trio last time and is the natural odd one
// out is swapped into a pair.
func TestPlanTrioSwap(t *testing.T) {
	members := []match.Member{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}, {ID: "e"}}
	// e blocked nobody but everyone else prefers each other.
	for i := range 4 {
		members[i].Offers, members[i].Seeks = []string{"go"}, []string{"go"}
	}
	in := match.Input{Members: members, LastOversized: []string{"e"}}
	res, err := match.Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range checkRoundGroups(t, in, res) {
		if len(g.Members) == 3 && slices.Contains(g.Members, "e") {
			t.Fatalf("e in the trio again: %+v", res.Groups)
		}
	}
}

func checkRoundGroups(t *testing.T, in match.Input, res match.Result) []match.Group {
	checkRound(t, in, res)
	return res.Groups
}

func TestPlanBlockedEveryone(t *testing.T) {
	members := []match.Member{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "grumpy"}, {ID: "d"}}
	var blocks []match.Block
	for _, m := range members[:3] {
		blocks = append(blocks, match.Block{A: "grumpy", B: m.ID})
	}
	blocks = append(blocks, match.Block{A: "d", B: "grumpy"}, match.Block{A: "ghost", B: "a"})
	in := match.Input{Members: members, Blocks: blocks}
	res, err := match.Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	checkRound(t, in, res)
	if !reflect.DeepEqual(res.SatOut, []string{"grumpy"}) {
		t.Fatalf("sat out %v, want [grumpy]", res.SatOut)
	}
}

func TestPlanSameCompany(t *testing.T) {
	// Two companies of three: with the option on, every pair crosses them.
	var members []match.Member
	for i := range 6 {
		members = append(members, match.Member{ID: fmt.Sprint("m", i), Company: []string{"acme", "initech"}[i%2]})
	}
	for _, avoid := range []bool{true, false} {
		in := match.Input{Members: members, Options: match.Options{AvoidSameCompany: avoid}}
		res, err := match.Plan(in)
		if err != nil {
			t.Fatal(err)
		}
		checkRound(t, in, res)
		if !avoid {
			continue
		}
		for _, g := range res.Groups {
			if len(g.Members) != 2 {
				t.Fatalf("groups %+v", res.Groups)
			}
		}
	}
}

// When everyone met everyone, the pair that did not meet is retried first.
func TestPlanRepeatPrefersNotMet(t *testing.T) {
	members := []match.Member{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}}
	h := match.NewHistory()
	h.Record("a", "b", 1, match.OutcomeMet)
	h.Record("c", "d", 1, match.OutcomeMet)
	h.Record("a", "c", 2, match.OutcomeMet)
	h.Record("b", "d", 2, match.OutcomeMet)
	h.Record("a", "d", 3, match.OutcomeNotMet)
	h.Record("b", "c", 3, match.OutcomeMet)
	for _, algo := range []match.Algorithm{match.AlgorithmExact, match.AlgorithmFast} {
		in := match.Input{Round: 4, Members: members, History: h, Options: match.Options{Algorithm: algo}}
		res, err := match.Plan(in)
		if err != nil {
			t.Fatal(err)
		}
		checkRound(t, in, res)
		if len(res.Groups) != 2 || !reflect.DeepEqual(res.Groups[0].Members, []string{"a", "d"}) {
			t.Fatalf("algo %d: groups %+v, want a+d first", algo, res.Groups)
		}
		if res.Repeats != 2 {
			t.Fatalf("repeats %d, want 2", res.Repeats)
		}
		var repeat *match.Reason
		for i, r := range res.Groups[0].Reasons {
			if r.Kind == match.ReasonRepeat {
				repeat = &res.Groups[0].Reasons[i]
			}
		}
		if repeat == nil || repeat.Round != 3 || repeat.Outcome != match.OutcomeNotMet {
			t.Fatalf("repeat reason %+v", repeat)
		}
	}
}

func TestPlanDeterministic(t *testing.T) {
	members, blocks := community(100, 9, 8)
	h := match.NewHistory()
	for week := 1; week <= 3; week++ {
		res, err := match.Plan(match.Input{Round: week, Members: members, History: h, Blocks: blocks, Options: match.Options{Seed: uint64(week)}})
		if err != nil {
			t.Fatal(err)
		}
		h.RecordGroups(week, res.Groups)
	}
	for _, algo := range []match.Algorithm{match.AlgorithmExact, match.AlgorithmFast} {
		in := match.Input{Round: 4, Members: members, History: h, Blocks: blocks, Options: match.Options{Seed: 42, Algorithm: algo, GroupSize: 2}}
		first, err := match.Plan(in)
		if err != nil {
			t.Fatal(err)
		}
		shuffled := slices.Clone(members)
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		in.Members = shuffled
		second, err := match.Plan(in)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first, second) {
			t.Fatalf("algo %d: same input in another order gave another result", algo)
		}
	}
}

// Fixed membership: n-1 repeat-free rounds, the theoretical limit.
func TestPlanFullRotation(t *testing.T) {
	sizes := []int{100}
	if os.Getenv("RETE_LONG_TESTS") != "" && !testing.Short() {
		sizes = append(sizes, 1000) // about a minute; also BenchmarkFixedMembership
	}
	for _, n := range sizes {
		t.Run(fmt.Sprint("n=", n), func(t *testing.T) {
			members := sim.Members(n, false, uint64(n))
			h := match.NewHistory()
			for week := 1; week < n; week++ {
				in := match.Input{Round: week, Members: members, History: h, Options: match.Options{Seed: uint64(week)}}
				res, err := match.Plan(in)
				if err != nil {
					t.Fatal(err)
				}
				if res.Repeats != 0 || len(res.SatOut) != 0 || len(res.Groups) != n/2 {
					t.Fatalf("week %d (%s): %d repeats, %d sat out, %d groups", week, res.Method, res.Repeats, len(res.SatOut), len(res.Groups))
				}
				h.RecordGroups(week, res.Groups)
				// The last rounds must come from the end game.
				if week == n-1 && res.Method != "factor" {
					t.Fatalf("last round by %q, want the factor end game", res.Method)
				}
			}
			// Everyone has now met everyone.
			for _, m := range members {
				if got := h.Partners(m.ID); got != n-1 {
					t.Fatalf("%s met %d members, want %d", m.ID, got, n-1)
				}
			}
		})
	}
}

// The fast matcher on a large community (the thin, cursor-read candidate
// lists) must pair everyone with fresh partners, over two rounds.
func TestFastLargeCommunity(t *testing.T) {
	if testing.Short() {
		t.Skip("large community")
	}
	const n = 22001 // above the large-community threshold (20,000); odd: one trio
	members := sim.Members(n, true, 5)
	h := match.NewHistory()
	for week := 1; week <= 2; week++ {
		res, err := match.Plan(match.Input{Round: week, Members: members, History: h,
			Options: match.Options{AvoidSameCompany: true, Seed: uint64(week)}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Method != "fast" || res.Repeats != 0 || len(res.SatOut) != 0 || len(res.Groups) != n/2 {
			t.Fatalf("week %d: method %s, %d repeats, %d sat out, %d groups", week, res.Method, res.Repeats, len(res.SatOut), len(res.Groups))
		}
		h.RecordGroups(week, res.Groups)
	}
}

// The cursor-read candidate lists (above 5,000 members) with more than 256
// skills (skill bitsets and the dense skill-pair table give way to lists and
// a map), members who offer or seek nothing, blocks and companies: the hard
// rules hold and nobody repeats.
func TestFastManySkills(t *testing.T) {
	if testing.Short() {
		t.Skip("large community")
	}
	const n = 6001
	r := rand.New(rand.NewPCG(6, 6))
	members := make([]match.Member, n)
	for i := range members {
		m := match.Member{ID: fmt.Sprintf("m%05d", i), UTCOffsetMinutes: 60 * (r.IntN(25) - 12)}
		for range r.IntN(3) {
			m.Offers = append(m.Offers, fmt.Sprint("skill ", r.IntN(300)))
		}
		for range r.IntN(3) {
			m.Seeks = append(m.Seeks, fmt.Sprint("Skill ", r.IntN(300))) // case differs
		}
		if r.IntN(4) > 0 {
			m.Company = fmt.Sprint("company ", r.IntN(500))
		}
		members[i] = m
	}
	var blocks []match.Block
	for range n / 10 {
		blocks = append(blocks, match.Block{A: members[r.IntN(n)].ID, B: members[r.IntN(n)].ID})
	}
	h := match.NewHistory()
	for week := 1; week <= 2; week++ {
		in := match.Input{Round: week, Members: members, Blocks: blocks, History: h,
			Options: match.Options{AvoidSameCompany: true, Seed: uint64(week), Algorithm: match.AlgorithmFast}}
		res, err := match.Plan(in)
		if err != nil {
			t.Fatal(err)
		}
		checkRound(t, in, res)
		if res.Repeats != 0 || len(res.SatOut) != 0 {
			t.Fatalf("week %d: %d repeats, %v sat out", week, res.Repeats, res.SatOut)
		}
		h.RecordGroups(week, res.Groups)
	}
}
