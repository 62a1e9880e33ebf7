package match

import (
	"cmp"
	"slices"
)

// The trio plan: odd counts in pairs above rotationMaxMembers. A matcher
// that picks each round's pairs and trio freely runs out of fresh trios
// well before the limit, and a fixed rotation (odd.go) gives up the choice
// of pairs. So the trios alone are fixed in advance, those of the cyclic
// design of odd.go on the members in ID order (members 0..W-1 are Z_W, the
// last four the fixed points): week t's trio is {t+1, t+3, t-3}. Their
// edges (the differences ±2, ±4 and ±6 of Z_W) and the six pairs among the
// fixed points are kept out of the pairs. Each round plays an unplayed
// trio and lets the matcher pair everyone else over the remaining fresh
// pairs, with its usual weights and look-ahead: every member then has as
// many fresh partners left as weeks in which they will be in a pair, and
// the matcher keeps them regular enough to go on to about the limit.
//
// The plan holds while the history among the members fits it: every pair
// that met is outside the plan or part of a trio that met in full. Under
// churn the order of the members shifts and the history soon stops
// fitting; the plan then lapses and the matcher plans alone.

// trioPlanTries is how many unplayed trios a round tries, best first, before
// giving the round back to the matcher; fewer with the fast matcher, whose
// rounds cost more (failures come only at the end of a rotation).
const (
	trioPlanTries     = 8
	trioPlanTriesFast = 2
)

// trioPlan is the plan for a round; off suspends it (to read the history
// as it is, or once the round is handed back to the matcher).
type trioPlan struct {
	w   int32 // members 0..w-1 are Z_w, w..w+3 the fixed points
	off bool
	// trying marks the members of the trio being tried: the matcher pairs
	// the others.
	trying []bool
}

// setupTrioPlan turns the plan on when it applies to the members and their
// history (see above). It runs before the fresh counts are taken.
func (x *instance) setupTrioPlan() {
	if x.groupSize != 2 || x.n%2 == 0 || x.n <= rotationMaxMembers {
		return
	}
	p := &trioPlan{w: int32(x.n - 4)}
	if x.hist != nil && !x.historyFitsPlan(p) {
		return
	}
	x.plan = p
}

// historyFitsPlan reports whether every pair of members that met is
// outside the plan or part of a planned trio that met in full.
func (x *instance) historyFitsPlan(p *trioPlan) bool {
	met := func(a, b int32) bool { _, rec := x.lookup(a, b); return rec >= 0 }
	for u := range int32(x.n) {
		h := x.hid[u]
		if h < 0 {
			continue
		}
		for _, ref := range x.hist.partners[h] {
			v := x.hidToLocal[ref.other]
			if v <= u {
				continue
			}
			t, planned := p.trioOf(u, v)
			if !planned {
				continue
			}
			if t < 0 {
				return false // two fixed points
			}
			tr := p.trio(t)
			if !met(tr[0], tr[1]) || !met(tr[0], tr[2]) || !met(tr[1], tr[2]) {
				return false
			}
		}
	}
	return true
}

// trio returns week t's trio: that of the rotation on w+4 members.
func (p *trioPlan) trio(t int32) [3]int32 {
	return rotation{n: int(p.w) + 4, weeks: int(p.w)}.trio(int(t))
}

// trioOf says whether u-v (u < v) is kept out of the pairs, and for a trio
// edge the week of its trio (-1 for a pair of fixed points).
func (p *trioPlan) trioOf(u, v int32) (int32, bool) {
	W := p.w
	switch {
	case u >= W:
		return -1, true
	case v >= W:
		return 0, false
	}
	var t int32
	switch d := v - u; d {
	case 2: // {t+1, t+3}
		t = u - 1
	case W - 2:
		t = v - 1
	case 4, 6: // u = t-3
		t = u + 3
	case W - 4, W - 6:
		t = v + 3
	default:
		return 0, false
	}
	return (t%W + W) % W, true
}

// keeps reports whether the plan keeps u and v apart in this round's
// pairs: a planned trio edge, two fixed points, or a member of the trio
// being tried.
func (p *trioPlan) keeps(u, v int32) bool {
	if p.off {
		return false
	}
	if p.trying != nil && (p.trying[u] || p.trying[v]) {
		return true
	}
	if u > v {
		u, v = v, u
	}
	_, planned := p.trioOf(u, v)
	return planned
}

// planned lists u's partners that the plan keeps out of the pairs (for
// the fresh counts).
func (p *trioPlan) planned(u int32) []int32 {
	W := p.w
	if u >= W {
		out := make([]int32, 0, 3)
		for v := W; v < W+4; v++ {
			if v != u {
				out = append(out, v)
			}
		}
		return out
	}
	out := make([]int32, 0, 6)
	for _, d := range [...]int32{2, 4, 6} {
		out = append(out, (u+d)%W, (u+W-d)%W)
	}
	return out
}

// trioPlanRound plays the best unplayed trio (not one with a member of last
// round's trio, when avoidable) that lets the matcher pair all the others
// with fresh partners, or returns nil after trioPlanTries trios.
func (x *instance) trioPlanRound() [][]int32 {
	p := x.plan
	type cand struct {
		trio    [3]int32
		penalty int
		quality int64
	}
	var cands []cand
	p.off = true // trio edges are looked up as they are
	for t := range p.w {
		c := cand{trio: p.trio(t)}
		ok := true
		for i := range 3 {
			a, b := c.trio[i], c.trio[(i+1)%3]
			if allowed, rec := x.lookup(a, b); !allowed || rec >= 0 {
				ok = false
				break
			}
			c.quality += x.quality(a, b)
		}
		for _, v := range c.trio {
			if x.oversized[v] {
				c.penalty++
			}
		}
		if ok {
			cands = append(cands, c)
		}
	}
	p.off = false
	slices.SortStableFunc(cands, func(a, b cand) int {
		if a.penalty != b.penalty {
			return cmp.Compare(a.penalty, b.penalty)
		}
		return cmp.Compare(b.quality, a.quality)
	})
	tries := trioPlanTries
	if !x.useExact() {
		tries = trioPlanTriesFast
	}
	for _, c := range cands[:min(len(cands), tries)] {
		if g := x.pairAround(c.trio); g != nil {
			return g
		}
	}
	return nil
}

// pairAround pairs everyone but the trio with fresh partners outside the
// plan and returns the round, or nil when someone is left without one.
func (x *instance) pairAround(trio [3]int32) [][]int32 {
	p := x.plan
	p.trying = make([]bool, x.n)
	x.current = -1 // the stamp's lookups depend on the plan
	defer func() { p.trying, x.current = nil, -1 }()
	var rest []int32
	for _, v := range trio {
		p.trying[v] = true
	}
	for v := range int32(x.n) {
		if !p.trying[v] {
			rest = append(rest, v)
		}
	}
	var mate []int32
	if x.useExact() {
		mate = make([]int32, x.n)
		for i := range mate {
			mate[i] = -1
		}
		for i, j := range x.exactMatch(rest, true) {
			if j >= 0 {
				mate[rest[i]] = rest[j]
			}
		}
	} else {
		mate = x.fastPairs()
	}
	groups := make([][]int32, 0, 1+len(rest)/2)
	groups = append(groups, []int32{trio[0], trio[1], trio[2]})
	for _, u := range rest {
		v := mate[u]
		if v < 0 || p.trying[v] {
			return nil
		}
		if ok, rec := x.lookup(u, v); !ok || rec >= 0 {
			return nil
		}
		if u < v {
			groups = append(groups, []int32{u, v})
		}
	}
	return groups
}
