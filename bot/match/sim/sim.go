// Package sim runs synthetic multi-week pairing rounds on a generated
// community and reports their quality and speed. It is pure apart from
// measuring time and heap (no I/O, no flags): the CLI's `rete simulate`
// parses options, calls Run and prints the Report as JSON.
package sim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"time"

	"github.com/rete-bot/rete/bot/match"
)

// Algorithms accepted in Options.Algo.
const (
	// AlgoRete is rete's engine (match.Plan).
	AlgoRete = "rete"
	// AlgoRandom is the baseline most bots use: members in random order,
	// each paired greedily with the first free member not met in the last
	// RandomAvoidWeeks weeks (blocks and, with Company, companies are
	// respected); an odd one out joins the last group.
	AlgoRandom = "random"
	// RandomAvoidWeeks is the baseline's repeat-avoidance window.
	RandomAvoidWeeks = 12
)

// Options configures a simulation.
type Options struct {
	// Members is the community size N (at least 2).
	Members int
	// Weeks is the number of weekly rounds W (at least 1).
	Weeks int
	// Churn is the fraction of members replaced by new ones each week
	// (after the first), in [0, 1).
	Churn float64
	// Pause is the fraction of members paused (left out) each week, in [0, 1).
	Pause float64
	// GroupSize is 2 (default when 0), 3 or 4.
	GroupSize int
	// Company gives members companies and turns AvoidSameCompany on.
	Company bool
	// Blocks is the fraction of members who block one random other member,
	// in [0, 1); 0 means no blocks.
	Blocks float64
	// Seed makes the run reproducible.
	Seed uint64
	// Algo is AlgoRete (default when empty) or AlgoRandom.
	Algo string
}

// Report is the outcome of a simulation. In every definition a "pair" is an
// unordered pair of members within one group of one round (a trio has three
// pairs, a group of four six).
type Report struct {
	// Members is the community size N.
	Members int `json:"members"`
	// Weeks is the number of rounds run.
	Weeks int `json:"weeks"`
	// Algo is the algorithm simulated.
	Algo string `json:"algo"`
	// FirstRepeatWeek is the first week (from 1) with a repeated pair, or
	// null if no pair ever repeated.
	FirstRepeatWeek *int `json:"first_repeat_week"`
	// RepeatFreeLimit is the most weeks that Members members in groups of
	// GroupSize can go without a repeated pair when all of them take part
	// every week (match.RepeatFreeLimit): a first repeat after it is no
	// failure. With churn or pauses membership is not fixed and no such
	// bound applies; the field still gives the fixed-membership bound of
	// the starting N, for comparison.
	RepeatFreeLimit int `json:"repeat_free_limit"`
	// Repeats counts pairs that had already been grouped in an earlier week.
	Repeats int `json:"repeats"`
	// ComplementShare is the share of pairs in which at least one member
	// offers a skill the other seeks.
	ComplementShare float64 `json:"complement_share"`
	// MutualShare is the share of pairs in which each member offers a skill
	// the other seeks.
	MutualShare float64 `json:"mutual_share"`
	// MeanOverlapHours is the mean, over pairs, of the hours the two members'
	// 09:00-18:00 local working days overlap.
	MeanOverlapHours float64 `json:"mean_overlap_hours"`
	// SatOutTwice counts member-weeks in which an active member was in no
	// group, having been in no group in their previous active week too.
	SatOutTwice int `json:"sat_out_twice"`
	// TrioTwice counts member-weeks in which a member was in an oversized
	// group (larger than the group size: the trio, with pairs), having been
	// in an oversized group in their previous active week too.
	TrioTwice int `json:"trio_twice"`
	// Violations counts broken hard rules: a blocked pair grouped, a
	// same-company pair grouped while companies are avoided, a member in two
	// groups, an inactive (paused or departed) member grouped, and an active
	// member left out of every group; each occurrence counts once.
	Violations int `json:"violations"`
	// RoundMsP50 and RoundMsP95 are the median and 95th-percentile wall time
	// of computing one round, in milliseconds.
	RoundMsP50 float64 `json:"round_ms_p50"`
	RoundMsP95 float64 `json:"round_ms_p95"`
	// PeakHeapMB is the largest live heap (runtime.MemStats.HeapAlloc)
	// sampled after each round, in MiB.
	PeakHeapMB float64 `json:"peak_heap_mb"`
}

type memberState struct {
	lastSatOut    bool
	lastOversized bool
	seen          bool
}

// Run simulates opts.Weeks weekly rounds and reports on them.
func Run(opts Options) (Report, error) {
	if opts.Algo == "" {
		opts.Algo = AlgoRete
	}
	if opts.GroupSize == 0 {
		opts.GroupSize = 2
	}
	switch {
	case opts.Members < 2:
		return Report{}, errors.New("sim: need at least 2 members")
	case opts.Weeks < 1:
		return Report{}, errors.New("sim: need at least 1 week")
	case opts.Churn < 0 || opts.Churn >= 1, opts.Pause < 0 || opts.Pause >= 1, opts.Blocks < 0 || opts.Blocks >= 1:
		return Report{}, errors.New("sim: churn, pause and blocks must be in [0, 1)")
	case opts.GroupSize < 2 || opts.GroupSize > 4:
		return Report{}, fmt.Errorf("sim: group size %d not supported", opts.GroupSize)
	case opts.Algo != AlgoRete && opts.Algo != AlgoRandom:
		return Report{}, fmt.Errorf("sim: unknown algorithm %q", opts.Algo)
	}
	r := rand.New(rand.NewPCG(opts.Seed, 0x517))
	gen := newGenerator(opts.Members, opts.Company, opts.Seed)
	members := make([]match.Member, opts.Members)
	for i := range members {
		members[i] = gen.member()
	}
	blocked := map[[2]string]bool{}
	var blocks []match.Block
	addBlocks := func(from []match.Member) {
		for _, m := range from {
			if r.Float64() < opts.Blocks {
				o := members[r.IntN(len(members))]
				if o.ID != m.ID {
					blocks = append(blocks, match.Block{A: m.ID, B: o.ID})
					blocked[[2]string{m.ID, o.ID}] = true
					blocked[[2]string{o.ID, m.ID}] = true
				}
			}
		}
	}
	addBlocks(members)

	h := match.NewHistory()
	state := map[string]*memberState{}
	rep := Report{Members: opts.Members, Weeks: opts.Weeks, Algo: opts.Algo,
		RepeatFreeLimit: match.RepeatFreeLimit(opts.Members, opts.GroupSize)}
	var pairs, complement, mutual int
	var overlapSum float64
	var durations []time.Duration
	var peak uint64
	var ms runtime.MemStats
	var lastOversized, lastSatOut []string

	for week := 1; week <= opts.Weeks; week++ {
		if week > 1 && opts.Churn > 0 {
			for range int(opts.Churn*float64(opts.Members) + 0.5) {
				i := r.IntN(len(members))
				members[i] = gen.member()
				addBlocks(members[i : i+1])
			}
		}
		active := make([]match.Member, 0, len(members))
		paused := map[string]bool{}
		nPause := int(opts.Pause*float64(len(members)) + 0.5)
		for _, i := range r.Perm(len(members))[:nPause] {
			paused[members[i].ID] = true
		}
		for _, m := range members {
			if !paused[m.ID] {
				active = append(active, m)
			}
		}

		// The engine is told who was oversized or sat out in their own
		// previous active week.
		lastOversized, lastSatOut = lastOversized[:0], lastSatOut[:0]
		for _, m := range active {
			if st := state[m.ID]; st != nil {
				if st.lastOversized {
					lastOversized = append(lastOversized, m.ID)
				}
				if st.lastSatOut {
					lastSatOut = append(lastSatOut, m.ID)
				}
			}
		}
		var groups [][]string
		start := time.Now()
		if opts.Algo == AlgoRete {
			res, err := match.Plan(match.Input{
				Round: week, Members: active, Blocks: blocks, History: h,
				LastOversized: lastOversized, LastSatOut: lastSatOut,
				Options: match.Options{GroupSize: opts.GroupSize, AvoidSameCompany: opts.Company,
					Seed: opts.Seed ^ uint64(week)*0x9e3779b97f4a7c15},
			})
			if err != nil {
				return Report{}, err
			}
			for _, g := range res.Groups {
				groups = append(groups, g.Members)
			}
		} else {
			groups = randomRound(r, active, opts, week, h, blocked)
		}
		durations = append(durations, time.Since(start))
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc)

		// Check and score the round.
		isActive := make(map[string]match.Member, len(active))
		for _, m := range active {
			isActive[m.ID] = m
		}
		placed := map[string]int{}
		for _, g := range groups {
			oversized := len(g) > opts.GroupSize
			for i, a := range g {
				placed[a]++
				if placed[a] == 2 {
					rep.Violations++ // in two groups
				}
				ma, ok := isActive[a]
				if !ok {
					rep.Violations++ // inactive member grouped
				}
				st := state[a]
				if st == nil {
					st = &memberState{}
					state[a] = st
				}
				if oversized {
					if st.seen && st.lastOversized {
						rep.TrioTwice++
					}
				}
				st.lastOversized, st.lastSatOut, st.seen = oversized, false, true
				for _, b := range g[i+1:] {
					mb := isActive[b]
					pairs++
					if blocked[[2]string{a, b}] {
						rep.Violations++
					}
					if opts.Company && ma.Company != "" && ma.Company == mb.Company {
						rep.Violations++
					}
					if _, met := h.Lookup(a, b); met {
						rep.Repeats++
						if rep.FirstRepeatWeek == nil {
							w := week
							rep.FirstRepeatWeek = &w
						}
					}
					ab, ba := gives(ma, mb), gives(mb, ma)
					if ab || ba {
						complement++
					}
					if ab && ba {
						mutual++
					}
					overlapSum += overlapHours(ma.UTCOffsetMinutes, mb.UTCOffsetMinutes)
				}
			}
		}
		for _, m := range active {
			if placed[m.ID] > 0 {
				continue
			}
			rep.Violations++ // left out
			st := state[m.ID]
			if st == nil {
				st = &memberState{}
				state[m.ID] = st
			}
			if st.seen && st.lastSatOut {
				rep.SatOutTwice++
			}
			st.lastSatOut, st.lastOversized, st.seen = true, false, true
		}
		// Record the round and the follow-up answers: 70 % met, 20 % did
		// not, 10 % no answer.
		for _, g := range groups {
			for i, a := range g {
				for _, b := range g[i+1:] {
					o := match.OutcomeMet
					switch x := r.Float64(); {
					case x >= 0.9:
						o = match.OutcomeNoAnswer
					case x >= 0.7:
						o = match.OutcomeNotMet
					}
					h.Record(a, b, week, o)
				}
			}
		}
	}
	if pairs > 0 {
		rep.ComplementShare = float64(complement) / float64(pairs)
		rep.MutualShare = float64(mutual) / float64(pairs)
		rep.MeanOverlapHours = overlapSum / float64(pairs)
	}
	slices.Sort(durations)
	rep.RoundMsP50 = ms2(durations[len(durations)/2])
	rep.RoundMsP95 = ms2(durations[min(len(durations)-1, len(durations)*95/100)])
	rep.PeakHeapMB = float64(peak) / (1 << 20)
	return rep, nil
}

func ms2(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func gives(a, b match.Member) bool {
	for _, o := range a.Offers {
		if slices.Contains(b.Seeks, o) {
			return true
		}
	}
	return false
}

func overlapHours(a, b int) float64 {
	d := (a - b) % (24 * 60)
	if d < 0 {
		d = -d
	}
	d = min(d, 24*60-d)
	return float64(max(0, 9*60-d)) / 60
}

// randomRound is the AlgoRandom baseline.
func randomRound(r *rand.Rand, active []match.Member, opts Options, week int, h *match.History, blocked map[[2]string]bool) [][]string {
	order := r.Perm(len(active))
	allowed := func(a, b match.Member) bool {
		if blocked[[2]string{a.ID, b.ID}] {
			return false
		}
		return !opts.Company || a.Company == "" || a.Company != b.Company
	}
	recent := func(a, b match.Member) bool {
		rec, ok := h.Lookup(a.ID, b.ID)
		return ok && week-rec.Round <= RandomAvoidWeeks
	}
	var groups [][]string
	used := make([]bool, len(active))
	var left []match.Member
	if opts.GroupSize == 2 {
		for i, oi := range order {
			if used[oi] {
				continue
			}
			a := active[oi]
			used[oi] = true
			pick := -1
			for _, oj := range order[i+1:] {
				if !used[oj] && allowed(a, active[oj]) {
					if !recent(a, active[oj]) {
						pick = oj
						break
					}
					if pick == -1 {
						pick = oj // fallback: a recent partner
					}
				}
			}
			if pick == -1 {
				left = append(left, a)
				continue
			}
			used[pick] = true
			groups = append(groups, []string{a.ID, active[pick].ID})
		}
	} else {
		for i := 0; i+opts.GroupSize <= len(order); i += opts.GroupSize {
			var g []string
			for _, oi := range order[i : i+opts.GroupSize] {
				g = append(g, active[oi].ID)
				used[oi] = true
			}
			groups = append(groups, g)
		}
		for _, oi := range order {
			if !used[oi] {
				left = append(left, active[oi])
			}
		}
	}
	// Leftovers join the last groups, one each.
	for i, m := range left {
		if i < len(groups) {
			g := &groups[len(groups)-1-i]
			*g = append(*g, m.ID)
		}
	}
	return groups
}
