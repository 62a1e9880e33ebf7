package match

import (
	"math/bits"
	"slices"
)

// Groups of 3 and 4 without repeats: a local search per round.
//
// Pairs reach the n-1 repeat-free rounds through matchings; groups built
// from pairs do not, because a matching knows nothing of the third and
// fourth member. Choosing a round of groups with no repeated pair is the
// Social Golfer Problem one week at a time, and the method of its
// literature works well here (Dotú & Van Hentenryck 2005; Triska & Musliu
// 2012): start from the weighted grouping (merge), count the conflicting
// pairs (repeats; hard-rule pairs count far more), and swap a conflicting
// member with a member of another group, the swap that lowers the count
// most, with a tabu list so the search does not cycle and a perturbation
// from the best grouping when it stalls. Swaps keep every group's size, so
// sizes stay as merge made them.
//
// A round found this way leaves a remainder of fresh pairs that must itself
// split into groups, round after round. While fresh pairs are plentiful any
// repeat-free round will do; when they are scarce (see lookahead) the search
// also prefers groups whose pairs lie in few fresh triangles, which would
// otherwise be the first to become unusable, so that the remainder keeps
// splitting. Among repeat-free groupings the quality (skills, hours,
// company) is then raised with swaps that keep the round repeat-free.
//
// The budget is counted in moves, not time, so that the same Input gives the
// same Result on any machine.

const (
	hardCost     = 1 << 30 // a blocked or same-company pair
	repeatCost   = 1 << 10 // a pair that met before
	oversizeCost = 1       // a member oversized twice in a row
	// searchBitsetMax bounds the members for which the conflicting pairs are
	// held in an n×n bitset (12.5 MB at 10,000); above, pairs are looked up.
	searchBitsetMax = 12000
	// searchFullScan bounds the members for which a move looks at every
	// other member; above, at a sample of groups.
	searchFullScan = 2500
	searchSample   = 400 // groups sampled per move above searchFullScan
	polishSample   = 8   // groups sampled per member when polishing quality
	lookFullScan   = 400 // up to this many members the look-ahead tries every swap
	lookSample     = 12  // groups sampled per member by the look-ahead above
	// The look-ahead starts when the members have on average at most
	// lookaheadNum/lookaheadDen of the others left to meet.
	lookaheadNum, lookaheadDen = 3, 5
	lookaheadWeight            = 1 << 12
	oversizeFresh              = 1 // per fresh partner of a member in a larger group, in triangles
)

// groupSearch is the state of one round's search.
type groupSearch struct {
	x      *instance
	groups [][]int32
	where  []int32 // group index of each member, -1 when not grouped
	conf   []int64 // each member's pair cost within its group
	bad    []uint64
	words  int
	r      rng
	tabu   []int
}

// searchGroups lowers the repeats of groups (and keeps hard rules) by local
// search, then raises quality among the groupings with as few repeats. It
// returns groups unchanged when it finds nothing better.
func (x *instance) searchGroups(groups [][]int32) [][]int32 {
	if len(groups) < 2 {
		return groups
	}
	s := &groupSearch{x: x, r: rng{s: x.seed ^ 0x6a09e667f3bcc908}, groups: cloneGroups(groups)}
	s.where = make([]int32, x.n)
	for i := range s.where {
		s.where[i] = -1
	}
	for gi, g := range s.groups {
		for _, u := range g {
			s.where[u] = int32(gi)
		}
	}
	if x.n <= searchBitsetMax {
		s.buildBad()
	}
	s.conf = make([]int64, x.n)
	lambda := s.lookahead()
	if start := s.recount(); start > 0 {
		if s.minimise(start) >= start {
			return groups
		}
	} else if lambda == 0 {
		return groups
	}
	s.polish(lambda)
	return s.groups
}

// buildBad marks in a bitset every pair that may not be grouped fresh: past
// partners, blocks and forbidden companies or platforms.
func (s *groupSearch) buildBad() {
	x := s.x
	n := x.n
	s.words = (n + 63) / 64
	s.bad = make([]uint64, n*s.words)
	set := func(u, v int32) {
		s.bad[int(u)*s.words+int(v>>6)] |= 1 << (v & 63)
		s.bad[int(v)*s.words+int(u>>6)] |= 1 << (u & 63)
	}
	for u := range int32(n) {
		for _, v := range x.blocksOf(u) {
			set(u, v)
		}
		if h := x.hid[u]; h >= 0 {
			for _, p := range x.hist.partners[h] {
				if v := x.hidToLocal[p.other]; v >= 0 {
					set(u, v)
				}
			}
		}
	}
	if x.avoidSame || x.samePlat == PlatformRequire {
		for u := range int32(n) {
			for v := u + 1; v < int32(n); v++ {
				if x.forbidden(u, v) {
					set(u, v)
				}
			}
		}
	}
}

// pairCost is 0 for a fresh allowed pair, repeatCost for a repeat and
// hardCost for a pair the hard rules forbid.
func (s *groupSearch) pairCost(u, v int32) int64 {
	if s.bad != nil {
		if s.bad[int(u)*s.words+int(v>>6)]>>(v&63)&1 == 0 {
			return 0
		}
		if s.x.forbidden(u, v) {
			return hardCost
		}
		if b := s.x.blocksOf(u); len(b) > 0 {
			if _, found := slices.BinarySearch(b, v); found {
				return hardCost
			}
		}
		return repeatCost
	}
	ok, rec := s.x.lookup(u, v)
	switch {
	case !ok:
		return hardCost
	case rec >= 0:
		return repeatCost
	}
	return 0
}

// over is the cost of member u sitting in a group of size members.
func (s *groupSearch) over(u int32, size int) int64 {
	if size > s.x.groupSize && s.x.oversized[u] {
		return oversizeCost
	}
	return 0
}

// costIn is u's pair cost with the members of g other than u and skip.
func (s *groupSearch) costIn(u int32, g []int32, skip int32) int64 {
	var c int64
	for _, w := range g {
		if w != u && w != skip {
			c += s.pairCost(u, w)
		}
	}
	return c
}

// recount sets conf for every member and returns the total cost.
func (s *groupSearch) recount() int64 {
	var total int64
	for _, g := range s.groups {
		total += s.recountGroup(g)
	}
	return total
}

func (s *groupSearch) recountGroup(g []int32) int64 {
	var total int64
	for _, u := range g {
		s.conf[u] = s.costIn(u, g, -1)
		total += s.conf[u] + 2*s.over(u, len(g))
	}
	return total / 2
}

// swap exchanges u and v (in different groups) and updates conf.
func (s *groupSearch) swap(u, v int32) {
	a, b := s.where[u], s.where[v]
	ga, gb := s.groups[a], s.groups[b]
	ga[slices.Index(ga, u)] = v
	gb[slices.Index(gb, v)] = u
	s.where[u], s.where[v] = b, a
	s.recountGroup(ga)
	s.recountGroup(gb)
}

// delta is the change of total cost if u and v swapped groups.
func (s *groupSearch) delta(u, v int32, uInB int64) int64 {
	a, b := s.groups[s.where[u]], s.groups[s.where[v]]
	d := uInB + s.costIn(v, a, u) - s.conf[u] - s.conf[v]
	return d + s.over(u, len(b)) + s.over(v, len(a)) - s.over(u, len(a)) - s.over(v, len(b))
}

// minimise runs the tabu search from the current groups, whose cost is
// start, and leaves the best groups found in s.groups; it returns their cost.
func (s *groupSearch) minimise(start int64) int64 {
	x := s.x
	n := x.n
	cur, best := start, start
	bestGroups := cloneGroups(s.groups)
	s.tabu = make([]int, n)
	budget := 8*n + 4000
	if s.hopeless() {
		budget = n + 1000 // still fewer repeats, but no repeat-free round to find
	}
	stall, lastBest, lastGain := 0, 0, 0
	var conflicted []int32
	for it := 1; it <= budget && best > 0; it++ {
		conflicted = conflicted[:0]
		for u := range int32(n) {
			if s.where[u] >= 0 && (s.conf[u] > 0 || s.over(u, len(s.groups[s.where[u]])) > 0) {
				conflicted = append(conflicted, u)
			}
		}
		if len(conflicted) == 0 {
			break
		}
		u := conflicted[s.r.intn(len(conflicted))]
		bu, bv, bd, ties := int32(-1), int32(-1), int64(1<<62), 0
		try := func(gb int) {
			g := s.groups[gb]
			var cu int64
			for _, w := range g {
				cu += s.pairCost(u, w)
			}
			for _, v := range g {
				d := s.delta(u, v, cu-s.pairCost(u, v))
				if (s.tabu[u] > it || s.tabu[v] > it) && cur+d >= best {
					continue
				}
				switch {
				case d < bd:
					bu, bv, bd, ties = u, v, d, 1
				case d == bd:
					ties++
					if s.r.intn(ties) == 0 {
						bu, bv = u, v
					}
				}
			}
		}
		s.otherGroups(int(s.where[u]), n <= searchFullScan, searchSample, try)
		if bv < 0 {
			continue
		}
		s.swap(bu, bv)
		cur += bd
		tenure := 4 + s.r.intn(8)
		s.tabu[bu], s.tabu[bv] = it+tenure, it+tenure
		if cur < best {
			best, lastBest, lastGain = cur, it, it
			copyGroups(bestGroups, s.groups)
			continue
		}
		if it-lastGain > 8*(200+n/4) {
			break // eight restarts without a gain: most likely no better round
		}
		if stall = it - lastBest; stall > 200+n/4 {
			// Stalled: restart from the best grouping, shaken by a few
			// random swaps among conflicting members.
			s.restore(bestGroups)
			cur = best
			lastBest = it
			for range 2 + s.r.intn(4) {
				u := conflicted[s.r.intn(len(conflicted))]
				if s.where[u] < 0 {
					continue
				}
				gb := s.r.intn(len(s.groups))
				if gb == int(s.where[u]) {
					continue
				}
				g := s.groups[gb]
				v := g[s.r.intn(len(g))]
				if d := s.delta(u, v, s.costIn(u, g, v)); d < hardCost/2 {
					s.swap(u, v)
					cur += d
				}
			}
		}
	}
	s.restore(bestGroups)
	return best
}

// otherGroups calls try with every group but a when full, else with
// sample random draws, skipping a.
func (s *groupSearch) otherGroups(a int, full bool, sample int, try func(gb int)) {
	if full {
		for gb := range s.groups {
			if gb != a {
				try(gb)
			}
		}
		return
	}
	for range sample {
		if gb := s.r.intn(len(s.groups)); gb != a {
			try(gb)
		}
	}
}

// hopeless reports whether some member has fewer fresh partners left than
// the smallest group needs, so that no round can be repeat-free.
func (s *groupSearch) hopeless() bool {
	smallest := s.x.n
	for _, g := range s.groups {
		smallest = min(smallest, len(g))
	}
	for u, f := range s.x.fresh {
		if s.where[u] >= 0 && int(f) < smallest-1 {
			return true
		}
	}
	return false
}

// restore sets the groups to saved (same shape) and recounts.
func (s *groupSearch) restore(saved [][]int32) {
	copyGroups(s.groups, saved)
	for gi, g := range s.groups {
		for _, u := range g {
			s.where[u] = int32(gi)
		}
	}
	s.recount()
}

func cloneGroups(groups [][]int32) [][]int32 {
	out := make([][]int32, len(groups))
	for i, g := range groups {
		out[i] = slices.Clone(g)
	}
	return out
}

func copyGroups(dst, src [][]int32) {
	for i := range src {
		copy(dst[i], src[i])
	}
}

// lookahead says how much the look-ahead weighs against quality: 0 while
// fresh pairs are plentiful (the mean member has more than lookaheadFrom of
// the others left to meet), then lookaheadWeight per triangle.
func (s *groupSearch) lookahead() int64 {
	x := s.x
	if s.bad == nil {
		return 0
	}
	var sum int64
	for _, f := range x.fresh {
		sum += int64(f)
	}
	if sum*lookaheadDen > int64(x.n)*int64(x.n-1)*lookaheadNum {
		return 0
	}
	return lookaheadWeight
}

// triangles counts the members who met neither u nor w: how many groups of
// three the pair u, w could still seed.
func (s *groupSearch) triangles(u, w int32) int64 {
	ru := s.bad[int(u)*s.words : int(u+1)*s.words]
	rw := s.bad[int(w)*s.words : int(w+1)*s.words]
	t := 0
	for i := range ru {
		t += bits.OnesCount64(^(ru[i] | rw[i]))
	}
	return int64(t)
}

// polish raises the value of the groups with swaps that add no cost. The
// value is the quality and, when fresh pairs are scarce, the look-ahead:
// groups whose pairs lie in few fresh triangles are preferred (those pairs
// would soon fit in no group), and the larger groups go to members with
// the most fresh partners left, so that nobody runs out before the others.
func (s *groupSearch) polish(lambda int64) {
	x := s.x
	order := make([]int32, 0, x.n)
	for u := range int32(x.n) {
		if s.where[u] >= 0 {
			order = append(order, u)
		}
	}
	if lambda != 0 {
		// Members are no fresh partners of themselves, nor are the bits
		// past the last member.
		for i := range x.n {
			s.bad[i*s.words+i>>6] |= 1 << (i & 63)
		}
		if r := x.n & 63; r != 0 {
			for i := range x.n {
				s.bad[i*s.words+s.words-1] |= ^uint64(0) << r
			}
		}
	}
	big := x.groupSize
	val := func(u, w int32) int64 {
		v := x.quality(u, w)
		if lambda != 0 {
			v -= lambda * s.triangles(u, w)
		}
		return v
	}
	vIn := func(u int32, g []int32, skip int32) int64 {
		var q int64
		for _, w := range g {
			if w != u && w != skip {
				q += val(u, w)
			}
		}
		if lambda != 0 && len(g) > big {
			q += lambda * oversizeFresh * int64(x.fresh[u])
		}
		return q
	}
	full := lambda != 0 && x.n <= lookFullScan
	sample := polishSample
	if lambda != 0 {
		sample = lookSample
	}
	for range 3 {
		for _, u := range order {
			a := s.groups[s.where[u]]
			qa := vIn(u, a, -1)
			bv, bq := int32(-1), int64(0)
			try := func(gb int) {
				g := s.groups[gb]
				for _, v := range g {
					if s.costIn(u, g, v) > 0 || s.costIn(v, a, u) > 0 || s.over(u, len(g))+s.over(v, len(a)) > s.over(u, len(a))+s.over(v, len(g)) {
						continue
					}
					if q := vIn(u, g, v) + vIn(v, a, u) - qa - vIn(v, g, -1); q > bq {
						bv, bq = v, q
					}
				}
			}
			s.otherGroups(int(s.where[u]), full, sample, try)
			if bv >= 0 {
				s.swap(u, bv)
			}
		}
	}
}
