package sim

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestRunValidation(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"members", Options{Members: 1, Weeks: 1}, "at least 2 members"},
		{"weeks", Options{Members: 10, Weeks: 0}, "at least 1 week"},
		{"churn", Options{Members: 10, Weeks: 1, Churn: 1}, "[0, 1)"},
		{"pause", Options{Members: 10, Weeks: 1, Pause: -0.1}, "[0, 1)"},
		{"blocks", Options{Members: 10, Weeks: 1, Blocks: 2}, "[0, 1)"},
		{"group size", Options{Members: 10, Weeks: 1, GroupSize: 7}, "group size 7"},
		{"algo", Options{Members: 10, Weeks: 1, Algo: "magic"}, `unknown algorithm "magic"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestRunHardRulesHold(t *testing.T) {
	for _, g := range []int{2, 3, 4} {
		opts := Options{Members: 61, Weeks: 10, Churn: 0.05, Pause: 0.1, Blocks: 0.05, GroupSize: g, Seed: 3}
		r, err := Run(opts)
		if err != nil {
			t.Fatal(err)
		}
		if r.Violations != 0 || r.SatOutTwice != 0 || r.TrioTwice != 0 {
			t.Fatalf("group size %d: %+v", g, r)
		}
		if g == 2 && (r.Repeats != 0 || r.FirstRepeatWeek != nil) {
			t.Fatalf("repeats within 10 weeks of 61 members: %+v", r)
		}
		if r.Members != 61 || r.Weeks != 10 || r.Algo != AlgoRete {
			t.Fatalf("header %+v", r)
		}
		if r.ComplementShare <= 0 || r.ComplementShare > 1 || r.MutualShare > r.ComplementShare {
			t.Fatalf("shares %+v", r)
		}
		if r.MeanOverlapHours <= 0 || r.MeanOverlapHours > 9 || r.PeakHeapMB <= 0 || r.RoundMsP95 < r.RoundMsP50 {
			t.Fatalf("measures %+v", r)
		}
	}
}

func TestRunBaselineRepeats(t *testing.T) {
	// Twelve members for thirty weeks: the baseline avoids only the last
	// twelve weeks, so pairs come back; rete also runs out of fresh
	// partners after eleven weeks but must beat the baseline on skills.
	random, err := Run(Options{Members: 12, Weeks: 30, Seed: 5, Algo: AlgoRandom})
	if err != nil {
		t.Fatal(err)
	}
	if random.Repeats == 0 || random.FirstRepeatWeek == nil || *random.FirstRepeatWeek > 30 {
		t.Fatalf("baseline %+v", random)
	}
	rete, err := Run(Options{Members: 12, Weeks: 30, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if rete.FirstRepeatWeek == nil || *rete.FirstRepeatWeek != 12 {
		t.Fatalf("rete should repeat first in week 12 (after 11 full rounds): %+v", rete)
	}
}

// With fixed membership pairs go repeat-free exactly up to the reported
// limit, odd counts (one trio a week) included; other scenarios report the
// bound of their starting size.
func TestRunReachesRepeatFreeLimit(t *testing.T) {
	tests := []struct {
		opts      Options
		limit     int
		reachable bool
	}{
		{Options{Members: 40}, 39, true},
		{Options{Members: 41}, 37, true},
		{Options{Members: 23}, 19, true},
		{Options{Members: 41, GroupSize: 3}, 18, false},
		{Options{Members: 41, GroupSize: 4}, 12, false},
		{Options{Members: 41, Churn: 0.05, Pause: 0.1}, 37, false},
	}
	for _, tc := range tests {
		o := tc.opts
		o.Weeks, o.Seed = tc.limit+1, 1
		if !tc.reachable {
			o.Weeks = 2
		}
		r, err := Run(o)
		if err != nil {
			t.Fatal(err)
		}
		if r.RepeatFreeLimit != tc.limit {
			t.Fatalf("%+v: repeat_free_limit %d, want %d", o, r.RepeatFreeLimit, tc.limit)
		}
		if !tc.reachable {
			continue
		}
		if r.FirstRepeatWeek == nil || *r.FirstRepeatWeek != tc.limit+1 || r.TrioTwice != 0 || r.Violations != 0 {
			t.Fatalf("%+v: want the first repeat in week %d, no trio twice: %+v", o, tc.limit+1, r)
		}
	}
}

// An odd count too large for the fixed rotation keeps the matcher's choice
// of pairs: skills count from the first weeks on, as with an even count.
func TestRunOddCountKeepsQuality(t *testing.T) {
	odd, err := Run(Options{Members: 101, Weeks: 10, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	even, err := Run(Options{Members: 100, Weeks: 10, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if odd.Repeats != 0 || odd.TrioTwice != 0 || odd.ComplementShare < 0.9*even.ComplementShare {
		t.Fatalf("odd %+v\neven %+v", odd, even)
	}
}

func TestRunBeatsBaseline(t *testing.T) {
	opts := Options{Members: 150, Weeks: 6, Pause: 0.1, Churn: 0.01, Company: true, Seed: 11}
	rete, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Algo = AlgoRandom
	random, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	if rete.ComplementShare < 2*random.ComplementShare {
		t.Fatalf("complement share %.3f, baseline %.3f", rete.ComplementShare, random.ComplementShare)
	}
	if rete.MeanOverlapHours <= random.MeanOverlapHours {
		t.Fatalf("overlap %.2f h, baseline %.2f h", rete.MeanOverlapHours, random.MeanOverlapHours)
	}
}

func TestRunDeterministic(t *testing.T) {
	opts := Options{Members: 50, Weeks: 6, Pause: 0.2, Churn: 0.1, Company: true, Blocks: 0.1, Seed: 8}
	a, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*Report{&a, &b} {
		r.RoundMsP50, r.RoundMsP95, r.PeakHeapMB = 0, 0, 0
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("same options, different reports:\n%+v\n%+v", a, b)
	}
}

func TestReportJSON(t *testing.T) {
	b, err := json.Marshal(Report{})
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(b, &fields); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"algo", "complement_share", "first_repeat_week", "mean_overlap_hours", "members", "mutual_share",
		"peak_heap_mb", "repeat_free_limit", "repeats", "round_ms_p50", "round_ms_p95", "sat_out_twice", "trio_twice", "violations", "weeks"}
	if !reflect.DeepEqual(keys, want) {
		t.Fatalf("JSON fields %v, want %v", keys, want)
	}
	if fields["first_repeat_week"] != nil {
		t.Fatalf("first_repeat_week = %v, want null", fields["first_repeat_week"])
	}
}

func TestMembers(t *testing.T) {
	a := Members(500, true, 1)
	if !reflect.DeepEqual(a, Members(500, true, 1)) {
		t.Fatal("Members is not deterministic")
	}
	ids := map[string]bool{}
	skills := map[string]int{}
	companies := 0
	for _, m := range a {
		if ids[m.ID] {
			t.Fatalf("duplicate ID %s", m.ID)
		}
		ids[m.ID] = true
		if len(m.Offers) == 0 || len(m.Seeks) == 0 {
			t.Fatalf("%s has no offers or seeks: %+v", m.ID, m)
		}
		for _, s := range m.Offers {
			if slices.Contains(m.Seeks, s) {
				t.Fatalf("%s offers and seeks %s", m.ID, s)
			}
			skills[s]++
		}
		if m.UTCOffsetMinutes < -14*60 || m.UTCOffsetMinutes > 14*60 {
			t.Fatalf("%s offset %d", m.ID, m.UTCOffsetMinutes)
		}
		if m.Company != "" {
			companies++
		}
	}
	// Skewed popularity: the most offered skill is far more common than
	// the median one.
	var counts []int
	for _, c := range skills {
		counts = append(counts, c)
	}
	slices.Sort(counts)
	if counts[len(counts)-1] < 4*counts[len(counts)/2] {
		t.Fatalf("skill popularity not skewed: %v", counts)
	}
	if companies < 300 || companies > 480 {
		t.Fatalf("%d of 500 members have a company", companies)
	}
	for _, m := range Members(50, false, 1) {
		if m.Company != "" {
			t.Fatalf("company without Company: %+v", m)
		}
	}
}
