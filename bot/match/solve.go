package match

import (
	"slices"
)

// repeatPenalty ranks a repeat inside a trio or larger group below any
// difference in quality, but above nothing that is a hard rule.
const repeatPenalty = 1 << 14

func (x *instance) useExact() bool {
	switch x.algo {
	case AlgorithmExact:
		return true
	case AlgorithmFast:
		return false
	default:
		return x.n <= x.exactMax
	}
}

// solve computes the groups (as member indices), the members who cannot be
// placed, and the method used.
func (x *instance) solve() (groups [][]int32, satOut []int32, method string) {
	if g := x.rotationGroups(); g != nil {
		return g, nil, "rotation"
	}
	if g := x.designGroups(); g != nil {
		return g, nil, "design"
	}
	if x.plan != nil {
		if g := x.trioPlanRound(); g != nil {
			if x.useExact() {
				return g, nil, "exact"
			}
			return g, nil, "fast"
		}
		x.plan.off = true
	}
	var mate []int32
	if x.groupSize == 2 {
		if m := x.factorPairs(); m != nil {
			mate, method = m, "factor"
		}
	}
	if mate == nil {
		if x.useExact() {
			all := make([]int32, x.n)
			for i := range all {
				all[i] = int32(i)
			}
			mate, method = x.exactMatch(all, false), "exact"
		} else {
			mate, method = x.fastPairs(), "fast"
		}
	}
	// Whoever is still free is paired among themselves, repeats allowed.
	if free := freeList(mate); len(free) > 1 {
		if len(free) <= 400 {
			sub := x.exactMatch(free, false)
			for i, j := range sub {
				if j >= 0 {
					mate[free[i]] = free[j]
				}
			}
		} else {
			for i, u := range free {
				for _, v := range free[i+1:] {
					if mate[u] == -1 && mate[v] == -1 {
						if ok, _ := x.lookup(u, v); ok {
							mate[u], mate[v] = v, u
							break
						}
					}
				}
			}
		}
	}
	// More members left over than parity requires: complete to maximum
	// cardinality over every allowed pair (repeats included).
	if free := freeList(mate); len(free) > x.n%2 && x.n <= factorMaxMembers {
		var all []candEdge
		for u := range int32(x.n) {
			for v := u + 1; v < int32(x.n); v++ {
				if ok, _ := x.pairState(u, v); ok {
					all = append(all, candEdge{u: u, v: v})
				}
			}
		}
		start, adj, _ := csr(x.n, all)
		aug := newCardAugmenter(x.n, start, adj, mate)
		for _, v := range free {
			if mate[v] == -1 {
				aug.augment(v)
			}
		}
	}
	// Pairs share one backing array; capacity 2 makes a pair that grows
	// (into a trio) move out of it rather than overwrite its neighbour.
	slab := make([]int32, 0, x.n)
	pairs := make([][]int32, 0, x.n/2)
	for u, v := range mate {
		if v > int32(u) {
			slab = append(slab, int32(u), v)
			pairs = append(pairs, slab[len(slab)-2:len(slab):len(slab)])
		}
	}
	free := freeList(mate)
	if x.groupSize == 2 {
		groups, satOut = x.placeExtras(pairs, free, 3)
	} else {
		groups, satOut = x.merge(pairs, free)
	}
	x.fixOversized(groups)
	if x.groupSize > 2 {
		groups = x.searchGroups(groups)
	}
	return groups, satOut, method
}

// fixOversized moves members who were in an oversized group last time out
// of this round's oversized groups, by swapping each with a member of a
// normal group who was not, when both fit where they land.
func (x *instance) fixOversized(groups [][]int32) {
	G := x.groupSize
	without := func(g []int32, i int) []int32 {
		out := make([]int32, 0, len(g)-1)
		return append(append(out, g[:i]...), g[i+1:]...)
	}
	for gi := range groups {
		if len(groups[gi]) <= G {
			continue
		}
		for p := range groups[gi] {
			g := groups[gi]
			m := g[p]
			if !x.oversized[m] {
				continue
			}
			gRest := without(g, p)
			best, bh, bq := int64(-1<<62), -1, -1
			for hi, h := range groups {
				if hi == gi || len(h) > G {
					continue
				}
				for q, z := range h {
					if x.oversized[z] {
						continue
					}
					v1, ok1 := x.joinValue([]int32{m}, without(h, q))
					if !ok1 {
						continue
					}
					v2, ok2 := x.joinValue([]int32{z}, gRest)
					if ok2 && v1+v2 > best {
						best, bh, bq = v1+v2, hi, q
					}
				}
			}
			if bh >= 0 {
				groups[gi][p], groups[bh][bq] = groups[bh][bq], m
			}
		}
	}
}

// pairValue scores u and v for sharing a group: -1 and false when the hard
// rules forbid it; repeats are penalised.
func (x *instance) pairValue(u, v int32) (int64, bool) {
	ok, rec := x.lookup(u, v)
	if !ok {
		return 0, false
	}
	s := x.score(u, v, rec)
	if rec >= 0 {
		s -= repeatPenalty
	}
	return s, true
}

// joinValue scores adding the members of unit to group g.
func (x *instance) joinValue(unit, g []int32) (int64, bool) {
	var total int64
	for _, u := range unit {
		for _, v := range g {
			s, ok := x.pairValue(u, v)
			if !ok {
				return 0, false
			}
			total += s
		}
	}
	return total, true
}

func (x *instance) oversizedIn(g []int32) int64 {
	var c int64
	for _, v := range g {
		if x.oversized[v] {
			c++
		}
	}
	return c
}

// placeExtras adds each leftover member to a distinct group (of fewer than
// maxSize members) and returns those it could not place, preferring groups without members who were in an
// oversized group last time. With pairs, a leftover who was in the trio last
// time first swaps places with a member of a pair who was not.
func (x *instance) placeExtras(groups [][]int32, extras []int32, maxSize int) ([][]int32, []int32) {
	if len(extras) == 1 && x.oversized[extras[0]] && maxSize == 3 {
		y := extras[0]
		best, bestGroup, bestSlot := int64(-1<<62), -1, -1
		for gi, g := range groups {
			if len(g) != 2 || x.oversizedIn(g) > 0 {
				continue
			}
			for slot := range 2 {
				keep, out := g[1-slot], g[slot]
				sNew, ok := x.pairValue(y, keep)
				if !ok {
					continue
				}
				sOld, _ := x.pairValue(out, keep)
				if v := sNew - sOld; v > best {
					best, bestGroup, bestSlot = v, gi, slot
				}
			}
		}
		if bestGroup >= 0 {
			g := groups[bestGroup]
			out := g[bestSlot]
			g[bestSlot] = y
			extras = []int32{out}
		}
	}
	// Who sat out last time goes first, should not everyone fit.
	extras = slices.Clone(extras)
	slices.SortStableFunc(extras, func(a, b int32) int {
		switch {
		case x.satOut[a] && !x.satOut[b]:
			return -1
		case x.satOut[b] && !x.satOut[a]:
			return 1
		}
		return 0
	})
	// Each pass adds at most one extra per group, up to maxSize members;
	// with pairs a later pass (more extras than groups, or hard rules in
	// the way) allows one more member per group. Groups of 3 and 4 never
	// grow past maxSize: whoever is left is swapped in or regrouped.
	for pass := 0; len(extras) > 0 && pass < 4; pass++ {
		grown := make([]bool, len(groups))
		var next []int32
		limit := maxSize + pass
		if x.groupSize > 2 {
			limit = maxSize
		}
		for _, y := range extras {
			best, bestGroup := int64(-1<<62), -1
			for gi, g := range groups {
				if grown[gi] || len(g) >= limit {
					continue
				}
				v, ok := x.joinValue([]int32{y}, g)
				if !ok {
					continue
				}
				v -= oversizePenalty * (x.oversizedIn(g) + x.oversizedIn([]int32{y}))
				if v > best {
					best, bestGroup = v, gi
				}
			}
			if bestGroup < 0 {
				next = append(next, y)
				continue
			}
			groups[bestGroup] = append(groups[bestGroup], y)
			grown[bestGroup] = true
		}
		extras = next
	}
	// Still unplaced: let y take the place of a member of some group, who
	// then joins another group.
	var satOut []int32
	for _, y := range extras {
		if !x.swapIn(groups, y, maxSize) {
			satOut = append(satOut, y)
		}
	}
	return groups, satOut
}

// swapIn places y by replacing a member out of a group g (y must fit with
// the rest of g) and moving out into another group with room (fewer than
// maxSize members). It reports whether it found such a move.
func (x *instance) swapIn(groups [][]int32, y int32, maxSize int) bool {
	for gi, g := range groups {
		for slot, out := range g {
			rest := make([]int32, 0, len(g)-1)
			rest = append(append(rest, g[:slot]...), g[slot+1:]...)
			if _, ok := x.joinValue([]int32{y}, rest); !ok {
				continue
			}
			for hi, h := range groups {
				if hi == gi || len(h) >= maxSize {
					continue
				}
				if _, ok := x.joinValue([]int32{out}, h); ok {
					g[slot] = y
					groups[hi] = append(h, out)
					return true
				}
			}
		}
	}
	return false
}

// merge turns pairs into groups of x.groupSize: the best pairs seed the
// groups, the other pairs (group size 4) or members (group size 3) are
// assigned to seeds by weight, and what is left joins distinct groups.
func (x *instance) merge(pairs [][]int32, free []int32) ([][]int32, []int32) {
	G := x.groupSize
	// k groups of G or G+1 members when the remainder allows, else of G or
	// G-1 (seven members in groups of four: 4+3, not one group of seven).
	k, minSize := max(1, x.n/G), G
	if x.n%G > k {
		k, minSize = (x.n+G-1)/G, G-1
	}
	val := make([]int64, len(pairs))
	for i, p := range pairs {
		val[i], _ = x.pairValue(p[0], p[1])
	}
	order := make([]int, len(pairs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case val[a] > val[b]:
			return -1
		case val[a] < val[b]:
			return 1
		}
		return 0
	})
	k = min(k, len(pairs))
	if k == 0 {
		return nil, free
	}
	groups := make([][]int32, k)
	for i := range k {
		groups[i] = slices.Clone(pairs[order[i]])
	}
	var units [][]int32
	singles := slices.Clone(free)
	for _, i := range order[k:] {
		if G == 4 {
			units = append(units, pairs[i])
		} else {
			singles = append(singles, pairs[i]...)
		}
	}
	if G == 4 {
		singles = append(singles, x.assign(groups, units, G)...)
	}
	var one [][]int32
	for _, s := range singles {
		one = append(one, []int32{s})
	}
	rest := x.assign(groups, one, G)
	groups, satOut := x.placeExtras(groups, rest, G+1)
	groups, satOut = x.regroup(groups, satOut)
	return x.repairUndersized(groups, minSize), satOut
}

// regroup gives members that fit in no group (the hard rules) a group of
// their own: with each other, or with a member taken from a group that can
// spare one. It returns the groups and whoever still fits nowhere.
func (x *instance) regroup(groups [][]int32, left []int32) ([][]int32, []int32) {
	var still []int32
	for _, y := range left {
		placed := false
		for i, z := range still { // another leftover
			if ok, _ := x.lookup(y, z); ok {
				groups = append(groups, []int32{y, z})
				still = append(still[:i], still[i+1:]...)
				placed = true
				break
			}
		}
		for gi := 0; gi < len(groups) && !placed; gi++ {
			g := groups[gi]
			if len(g) <= 2 {
				continue
			}
			for p, z := range g {
				if ok, _ := x.lookup(y, z); ok {
					groups[gi] = append(g[:p:p], g[p+1:]...)
					groups = append(groups, []int32{y, z})
					placed = true
					break
				}
			}
		}
		if !placed {
			still = append(still, y)
		}
	}
	// Groups made above may take those who fit nowhere before.
	var out []int32
	for _, y := range still {
		placed := false
		for gi, g := range groups {
			if len(g) <= x.groupSize {
				if _, ok := x.joinValue([]int32{y}, g); ok {
					groups[gi] = append(g, y)
					placed = true
					break
				}
			}
		}
		if !placed {
			out = append(out, y)
		}
	}
	return groups, out
}

// repairUndersized fixes groups left smaller than minSize by the hard rules:
// it moves in a member from a group larger than minSize, or merges two
// small groups, when the rules allow.
func (x *instance) repairUndersized(groups [][]int32, minSize int) [][]int32 {
	G := x.groupSize
	for gi := range groups {
		for len(groups[gi]) < minSize {
			best, from, pos := int64(-1<<62), -1, -1
			for hi, h := range groups {
				if hi == gi || len(h) <= minSize {
					continue
				}
				for p, y := range h {
					if v, ok := x.joinValue([]int32{y}, groups[gi]); ok && v > best {
						best, from, pos = v, hi, p
					}
				}
			}
			if from < 0 {
				break
			}
			h := groups[from]
			y := h[pos]
			groups[from] = append(h[:pos:pos], h[pos+1:]...)
			groups[gi] = append(groups[gi], y)
		}
	}
	for gi := range groups {
		for hi := gi + 1; hi < len(groups) && len(groups[gi]) > 0 && len(groups[gi]) < G; hi++ {
			h := groups[hi]
			if len(h) == 0 || len(h) >= G || len(h)+len(groups[gi]) > G+1 {
				continue
			}
			if _, ok := x.joinValue(h, groups[gi]); ok {
				groups[gi] = append(groups[gi], h...)
				groups[hi] = nil
			}
		}
	}
	out := groups[:0]
	for _, g := range groups {
		if len(g) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// assign adds units to groups (up to size limit each) greedily by join
// value and returns the members of units it could not place.
func (x *instance) assign(groups [][]int32, units [][]int32, limit int) []int32 {
	type cand struct {
		unit, group int32
		v           int64
	}
	var cands []cand
	full := len(units)*len(groups) <= 2_000_000
	r := rng{s: x.seed ^ 0xa551}
	for ui, u := range units {
		try := func(gi int) {
			if v, ok := x.joinValue(u, groups[gi]); ok {
				cands = append(cands, cand{int32(ui), int32(gi), v})
			}
		}
		if full {
			for gi := range groups {
				try(gi)
			}
		} else {
			for range 48 {
				try(r.intn(len(groups)))
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		switch {
		case a.v > b.v:
			return -1
		case a.v < b.v:
			return 1
		}
		return 0
	})
	placed := make([]bool, len(units))
	for _, c := range cands {
		g := groups[c.group]
		if placed[c.unit] || len(g)+len(units[c.unit]) > limit {
			continue
		}
		// The group may have grown since the value was computed.
		if _, ok := x.joinValue(units[c.unit], g); !ok {
			continue
		}
		groups[c.group] = append(g, units[c.unit]...)
		placed[c.unit] = true
	}
	var rest []int32
	for ui, u := range units {
		if !placed[ui] {
			rest = append(rest, u...)
		}
	}
	return rest
}
