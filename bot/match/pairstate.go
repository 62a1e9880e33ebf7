package match

import "slices"

// countFresh computes every member's number of allowed, never-met partners.
func (x *instance) countFresh(companies map[string]int32) {
	compCount := make([]int32, len(companies)+1)
	for _, c := range x.comp {
		compCount[c]++
	}
	x.pastStart = make([]int32, x.n+1)
	x.shortPast = make([]bool, x.n)
	for u := range x.n {
		x.pastStart[u] = int32(len(x.past))
		f := int32(x.n - 1)
		if x.avoidSame && x.comp[u] != 0 {
			f -= compCount[x.comp[u]] - 1
		}
		blocks := len(x.blocksOf(int32(u))) > 0
		if blocks { // only to tell past partners who are also blocked
			x.stamp(int32(u))
		}
		for _, v := range x.blocksOf(int32(u)) {
			if !x.forbidden(int32(u), v) {
				f--
			}
		}
		x.shortPast[u] = len(x.blocksOf(int32(u))) <= shortSkip
		if h := x.hid[u]; h >= 0 {
			keep := len(x.hist.partners[h])+len(x.blocksOf(int32(u))) <= shortSkip
			x.shortPast[u] = keep
			for _, p := range x.hist.partners[h] {
				v := x.hidToLocal[p.other]
				if v < 0 {
					continue
				}
				if keep {
					x.past = append(x.past, v)
				}
				if !(blocks && x.hot[v].stamp == x.gen && x.stampBlock[v]) && !x.forbidden(int32(u), v) {
					f--
				}
			}
		}
		if x.plan != nil { // planned partners are skipped above
			for _, v := range x.plan.planned(int32(u)) {
				if !x.forbiddenByRules(int32(u), v) {
					f--
				}
			}
		}
		x.fresh[u] = f
	}
	x.pastStart[x.n] = int32(len(x.past))
}

// pastOf returns u's past partners among the active members when u has at
// most shortSkip blocked and past partners, else nothing.
func (x *instance) pastOf(u int32) []int32 {
	return x.past[x.pastStart[u]:x.pastStart[u+1]]
}

// stamp marks the history and blocks of u so that pair lookups from u are
// O(1) until the next stamp.
func (x *instance) stamp(u int32) {
	if x.current == u {
		return
	}
	x.current = u
	x.gen++
	g := x.gen
	for _, v := range x.blocksOf(u) {
		x.hot[v].stamp = g
		x.stampRec[v] = -1
		x.stampBlock[v] = true
	}
	if h := x.hid[u]; h >= 0 {
		for _, p := range x.hist.partners[h] {
			v := x.hidToLocal[p.other]
			if v < 0 {
				continue
			}
			if x.hot[v].stamp != g {
				x.hot[v].stamp = g
				x.stampBlock[v] = false
			}
			x.stampRec[v] = p.record
		}
	}
}

// pairState describes a pair for the current stamp owner u: whether it may
// be grouped at all, and the history record index (-1 when fresh).
func (x *instance) pairState(u, v int32) (allowed bool, rec int32) {
	x.stamp(u)
	if u == v || x.forbidden(u, v) {
		return false, -1
	}
	if x.hot[v].stamp == x.gen {
		if x.stampBlock[v] {
			return false, -1
		}
		return true, x.stampRec[v]
	}
	return true, -1
}

// lookup is pairState without disturbing the stamp: for occasional pairs.
func (x *instance) lookup(u, v int32) (allowed bool, rec int32) {
	if u == v || x.forbidden(u, v) {
		return false, -1
	}
	if x.current == u {
		return x.pairState(u, v)
	}
	if x.current == v {
		return x.pairState(v, u)
	}
	if b := x.blocksOf(u); len(b) > 0 {
		if _, found := slices.BinarySearch(b, v); found {
			return false, -1
		}
	}
	return true, x.record(u, v)
}

// record returns the history record index of the pair u, v, or -1 when
// they never met. Short partner lists (up to 64: more than a year of
// weekly rounds) are scanned, which is cheaper than hashing into the
// history's pair map, a cache miss once it holds millions of pairs.
func (x *instance) record(u, v int32) int32 {
	hu, hv := x.hot[u].hid, x.hot[v].hid
	if hu < 0 || hv < 0 {
		return -1
	}
	if ps := x.hist.partners[hu]; len(ps) <= 64 {
		for _, p := range ps {
			if p.other == hv {
				return p.record
			}
		}
		return -1
	}
	return x.hist.lookupIdx(hu, hv)
}
