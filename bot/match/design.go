package match

import (
	"slices"
	"sync"
)

// Schedules for groups of 3 and 4. Like odd counts in pairs (odd.go),
// groups chosen round by round run out of fresh groups well before the
// limit, while combinatorial designs reach it or come close: the engine
// follows one whenever the community's size has one and its membership
// has not changed since it started. A schedule is a list of weeks, each a
// partition of the points 0..n-1 into the engine's group sizes, no pair of
// points sharing a group twice.
//
// The engine keeps no state, so the schedule is recovered from the history
// each round, as for the rotation: the earliest round the history holds
// among the members, when it grouped exactly them, is taken as week 0 (any
// partition can be, by relabelling), its groups in ID order fix the
// labelling, and a week has been played when its marker pair met. Week 0
// is thus the matcher's best round; after it the round is the unplayed week
// of best quality, preferring weeks whose larger group avoids last round's,
// checked pair by pair against the history and the hard rules. When
// members join or leave, the first round no longer groups exactly them and
// the matcher takes over (unless a whole first-round group left: the rest
// then follow the schedule for their count, whose weeks are checked against
// the history like any other); it does too once the schedule is played
// out.
//
// Schedules come from constructions for some sizes in fours (a packing of
// PG(3,3) for 40, design_pg33.go; 1-rotational designs for 16, 52, 64,
// 76 and 100, design_rotational.go; transversal designs for n = 4q, design_quads.go)
// and, for every size from golferMin, from a search for cyclic base weeks
// (design_golfer.go); the longest is followed. Building one takes up to
// five seconds, once per size and process.

// scheduleMaxWeeks bounds the schedules followed to those that last at most
// about a year and a half of weekly rounds: within that time every member
// meets every other anyway, and the order of the weeks is what skills can
// still choose. Larger communities keep the matcher, whose free choice
// serves skills better and which stays repeat-free for years.
const scheduleMaxWeeks = 78

// The searched schedules (golferSchedule) start from a week count they
// usually reach, climb a week at a time with a quarter of the budget while
// they succeed, and try the limit with a tenth: a week count out of reach
// costs the whole budget given to it, once per size and process. Below
// golferMin[g] members the matcher does as well as any schedule.
var golferMin = [5]int{3: 12, 4: 20}

// schedule is a list of weeks of groups over points 0..n-1.
type schedule [][][]int32

// sortGroups sorts each group and the groups by their first point.
func sortGroups(class [][]int32) [][]int32 {
	for _, g := range class {
		slices.Sort(g)
	}
	slices.SortFunc(class, func(a, b []int32) int { return int(a[0] - b[0]) })
	return class
}

// scheduleFor returns the schedule for n members in groups of g, or nil
// when there is none. Schedules are built once per size and shared.
func scheduleFor(n, g int) schedule {
	schedules.Lock()
	if schedules.m == nil {
		schedules.m = map[[2]int]*scheduleEntry{}
	}
	e := schedules.m[[2]int{n, g}]
	if e == nil {
		e = &scheduleEntry{}
		schedules.m[[2]int{n, g}] = e
	}
	schedules.Unlock()
	// Each size builds under its own Once, so a slow build holds up only
	// the rounds of that size, not those of sizes already built.
	e.once.Do(func() {
		if s := buildSchedule(n, g); len(s) >= 2 {
			e.s = s
		}
	})
	return e.s
}

// scheduleEntry is one size's schedule, built once.
type scheduleEntry struct {
	once sync.Once
	s    schedule
}

var schedules struct {
	sync.Mutex
	m map[[2]int]*scheduleEntry
}

// buildSchedule returns the longest schedule rete has for n members in
// groups of g: the constructions where the size has one, else or if longer
// the searched one; nil when the limit exceeds scheduleMaxWeeks.
func buildSchedule(n, g int) schedule {
	limit := RepeatFreeLimit(n, g)
	if g < 3 || limit > scheduleMaxWeeks {
		return nil
	}
	var best schedule
	keep := func(c [][][]int32, ok bool) {
		if ok && len(c) > len(best) {
			best = c
		}
	}
	if g == 4 {
		if n == 40 {
			return pg33Packing()
		}
		keep(rotationalSchedule(n))
		if len(best) < limit {
			keep(quadsSchedule(n))
		}
	}
	if len(best) < limit && n >= golferMin[g] {
		keep(golferClimb(n, g, limit, len(best)), true)
	}
	return best
}

// golferClimb returns the longest schedule of more than have weeks that
// golferSchedule finds for n members in groups of g (see golferMin).
func golferClimb(n, g, limit, have int) schedule {
	from := limit - 2
	if g == 4 {
		from = limit - limit/5
	}
	from = max(from, have+1)
	var best schedule
	w := from
	for ; w > have && best == nil; w-- {
		budget := 0
		if w == limit {
			budget = golferBudget / 10
		}
		if c, ok := golferSchedule(n, g, w, budget); ok {
			best = c
		}
	}
	for w = len(best) + 1; best != nil && w <= limit; w++ {
		budget := golferBudget / 4
		if w == limit {
			budget = golferBudget / 10
		}
		c, ok := golferSchedule(n, g, w, budget)
		if !ok {
			break
		}
		best = c
	}
	return best
}

// designGroups returns this round's groups from the schedule for the
// members' count, or nil when there is none, the members are not following
// it (see above), or no unplayed week is repeat-free under the hard rules.
func (x *instance) designGroups() [][]int32 {
	if x.groupSize < 3 || x.hist == nil || RepeatFreeLimit(x.n, x.groupSize) > scheduleMaxWeeks {
		return nil
	}
	// The history is checked first: a schedule may take a second to build,
	// worth it only for members who are following one.
	first, ok := x.firstPartition()
	if !ok || !sameSizes(first, golferSizes(x.n, x.groupSize)) {
		return nil
	}
	sched := scheduleFor(x.n, x.groupSize)
	if sched == nil {
		return nil
	}
	label, ok := labelling(sched[0], first, x.n)
	if !ok {
		return nil
	}
	best, bestQ, bestTwice := -1, int64(0), false
	for w := 1; w < len(sched); w++ {
		// designWeekValue checks the marker pair (the first of the week)
		// first, so a played week costs one lookup.
		q, ok := x.designWeekValue(sched[w], label)
		if !ok {
			continue
		}
		twice := false
		for _, g := range sched[w] {
			if len(g) > x.groupSize {
				for _, p := range g {
					twice = twice || x.oversized[label[p]]
				}
			}
		}
		if best < 0 || (!twice && bestTwice) || (twice == bestTwice && q > bestQ) {
			best, bestQ, bestTwice = w, q, twice
		}
	}
	if best < 0 {
		return nil
	}
	groups := make([][]int32, len(sched[best]))
	for i, g := range sched[best] {
		groups[i] = make([]int32, len(g))
		for j, p := range g {
			groups[i][j] = label[p]
		}
	}
	return groups
}

// designWeekValue sums the quality of a week's pairs, or reports false when
// one of them met before or is forbidden.
func (x *instance) designWeekValue(week [][]int32, label []int32) (int64, bool) {
	var total int64
	for _, g := range week {
		for i, a := range g {
			for _, b := range g[i+1:] {
				u, v := label[a], label[b]
				if ok, rec := x.lookup(u, v); !ok || rec >= 0 {
					return 0, false
				}
				total += x.quality(u, v)
			}
		}
	}
	return total, true
}

// sameSizes reports whether groups have the sizes given, in any order: a
// first round with other sizes was made for other members.
func sameSizes(groups [][]int32, sizes []int) bool {
	if len(groups) != len(sizes) {
		return false
	}
	count := map[int]int{}
	for i, g := range groups {
		count[len(g)]++
		count[sizes[i]]--
	}
	for _, c := range count {
		if c != 0 {
			return false
		}
	}
	return true
}

// labelling maps the points of week 0 onto the members of the first round,
// group by group of the same size, in order; false when the sizes differ.
func labelling(week0, first [][]int32, n int) ([]int32, bool) {
	if len(week0) != len(first) {
		return nil, false
	}
	label := make([]int32, n)
	used := make([]bool, len(first))
	for _, g := range week0 {
		i := -1
		for j, f := range first {
			if !used[j] && len(f) == len(g) {
				i = j
				break
			}
		}
		if i < 0 {
			return nil, false
		}
		used[i] = true
		for k, p := range g {
			label[p] = first[i][k]
		}
	}
	return label, true
}

// firstPartition returns the groups of the earliest round the history holds
// among the members, each sorted and in order of their first member, when
// that round grouped every one of them. Pairs met again later count in
// their latest round, which leaves the earliest round incomplete: by then
// the schedule is over.
func (x *instance) firstPartition() ([][]int32, bool) {
	group := make([][]int32, x.n)
	r0 := -1
	for u := range int32(x.n) {
		h := x.hid[u]
		if h < 0 {
			return nil, false
		}
		first := -1
		g := []int32{u}
		for _, p := range x.hist.partners[h] {
			v := x.hidToLocal[p.other]
			if v < 0 {
				continue
			}
			switch r := x.hist.records[p.record].Round; {
			case first < 0 || r < first:
				first = r
				g = append(g[:1], v)
			case r == first:
				g = append(g, v)
			}
		}
		if first < 0 || (r0 >= 0 && first != r0) || len(g) > x.groupSize+1 {
			return nil, false
		}
		r0 = first
		slices.Sort(g)
		group[u] = g
	}
	var out [][]int32
	for u := range int32(x.n) {
		g := group[u]
		for _, v := range g {
			if !slices.Equal(group[v], g) {
				return nil, false
			}
		}
		if g[0] == u {
			out = append(out, g)
		}
	}
	return out, true
}
