package match

import "slices"

type candEdge struct {
	u, v int32
	key  int32
}

// candEntry is one member in a candidate list, carrying what scoring and
// filtering read, so that reading a run of a list touches no other memory
// (the member arrays, indexed by random members, would cost a cache miss
// per candidate on large communities).
type candEntry struct {
	offer, seek uint64 // skill bitsets (valid when instance.masks is set)
	v, comp     int32  // member index and company
	tz, sc      int16  // UTC offset and scarcity bonus
}

// tzBuckets is the number of one-hour UTC offset buckets (-14 h to +14 h).
const tzBuckets = 29

// candLists is the index the fast matcher samples candidates from: per
// skill the members offering it and those seeking it; per ordered pair of
// skills (o, s) the members offering o and seeking s; per hour of UTC
// offset its members. All lists share one slab and keep member order.
// List ids: the offerers of each skill, then the seekers, then the
// timezone buckets, then the skill pairs.
type candLists struct {
	start   []int32 // list i is entries[start[i]:start[i+1]]
	entries []candEntry
	nSkills int
	mutual  map[uint64]int32 // list ids of skill pairs, above 256 skills
}

// list returns list i, or nil when i is -1.
func (c *candLists) list(i int) []candEntry {
	if i < 0 {
		return nil
	}
	return c.entries[c.start[i]:c.start[i+1]]
}

// mutualID is the id of the list of members offering o and seeking s, or
// -1 when there is none.
func (c *candLists) mutualID(o, s int32) int {
	if c.mutual == nil {
		return 2*c.nSkills + tzBuckets + int(o)*c.nSkills + int(s)
	}
	if id, ok := c.mutual[uint64(o)<<32|uint64(s)]; ok {
		return int(id)
	}
	return -1
}

// entry returns member v's candidate entry.
func (x *instance) entry(v int32) candEntry {
	h := &x.hot[v]
	return candEntry{offer: h.offer, seek: h.seek, v: v, comp: h.comp, tz: h.tz, sc: int16(x.scarcity(v))}
}

func tzBucketOf(offset int32) int { return int((offset + 14*60) / 60) }

// candLists builds the candidate index in two passes over the members
// (count, then fill), so that it is one allocation. When thin is set (very
// large communities, where the lists are long anyway), each member joins
// the lists of one offered and one sought skill, drawn per round, instead of
// all of them, and the timezone lists stay empty: a third of the entries to
// build.
func (x *instance) candLists(thin bool) *candLists {
	S := len(x.skillNames)
	c := &candLists{nSkills: S}
	nLists := 2*S + tzBuckets
	if S <= 256 {
		nLists += S * S
	} else {
		c.mutual = map[uint64]int32{}
	}
	var pairID func(o, s int32) int
	if c.mutual == nil {
		pairID = func(o, s int32) int { return 2*S + tzBuckets + int(o)*S + int(s) }
	} else {
		pairID = func(o, s int32) int { return int(c.mutual[uint64(o)<<32|uint64(s)]) }
		for u := range x.n {
			for _, o := range x.offers[u] {
				for _, s := range x.seeks[u] {
					k := uint64(o)<<32 | uint64(s)
					if _, ok := c.mutual[k]; !ok {
						c.mutual[k] = int32(nLists)
						nLists++
					}
				}
			}
		}
	}
	c.start = make([]int32, nLists+1)
	each := func(u int, visit func(list int)) {
		offers, seeks := x.offers[u], x.seeks[u]
		if thin && len(offers)+len(seeks) > 2 {
			// One skill of each kind, drawn per member and round.
			r := rng{s: x.seed ^ uint64(u)*0x9e3779b97f4a7c15 ^ 0x7417}
			if len(offers) > 1 {
				k := r.intn(len(offers))
				offers = offers[k : k+1]
			}
			if len(seeks) > 1 {
				k := r.intn(len(seeks))
				seeks = seeks[k : k+1]
			}
		}
		for _, o := range offers {
			visit(int(o))
		}
		for _, s := range seeks {
			visit(S + int(s))
		}
		if !thin { // thin lists serve picks from the skill indexes only
			visit(2*S + tzBucketOf(x.tz[u]))
		}
		for _, o := range offers {
			for _, s := range seeks {
				visit(pairID(o, s))
			}
		}
	}
	for u := range x.n {
		each(u, func(l int) { c.start[l+1]++ })
	}
	for i := 1; i <= nLists; i++ {
		c.start[i] += c.start[i-1]
	}
	c.entries = make([]candEntry, c.start[nLists])
	fill := slices.Clone(c.start[:nLists])
	for u := range x.n {
		e := x.entry(int32(u))
		each(u, func(l int) {
			c.entries[fill[l]] = e
			fill[l]++
		})
	}
	return c
}

// candidates builds the directed candidate edges of every member.
func (x *instance) candidates() []candEdge {
	n := x.n
	lists := x.candLists(n > largeN)
	scans := 0
	var skip []int32
	nMut, nComp, nTZ, nRand := candMutual, candComplement, candTimezone, candRandom
	switch {
	case n > largeN:
		// Runs of the both-ways complement index make the best candidates
		// for their cost; the other sources serve as a fallback (second
		// pass) for members whose picks hit past partners.
		nMut, nComp, nTZ, nRand = 3, 1, 0, 0
	case n > layeredMaxN:
		nMut, nComp, nTZ, nRand = candMutual/2, candComplement/2, candTimezone/2, candRandom/2
	}
	edges := make([]candEdge, 0, n*(nMut+nComp+nTZ+nRand))
	runs := n > layeredMaxN
	var cursor []int32
	var shift [2]int
	if runs {
		r := rng{s: x.seed ^ 0xc0de}
		cursor = make([]int32, len(lists.start)-1)
		for i := range cursor {
			if k := lists.start[i+1] - lists.start[i]; k > 0 {
				cursor[i] = int32(r.intn(int(k)))
			}
		}
		shift = [2]int{1 + r.intn(n-1), 1 + r.intn(n-1)}
	}
	for u32 := range int32(n) {
		u := u32
		r := rng{s: x.seed ^ (uint64(u)+1)*0x2545f4914f6cdd1d}
		// Members u must skip: its blocked and past partners, and those
		// already picked. With few of them a short list is cheaper than
		// stamping (random writes); otherwise the stamp marks them, and add
		// marks picks with the same generation (the stamp is invalidated
		// when candidates returns).
		skip = skip[:0]
		useStamp := false
		scarce := x.fresh[u] <= scarceAll && scans+n <= scanBudget
		if scarce || !x.shortPast[u] {
			useStamp = true
		} else {
			skip = append(skip, x.blocksOf(u)...)
			skip = append(skip, x.pastOf(u)...)
		}
		owner := int32(0)
		if useStamp {
			x.stamp(u)
			owner = x.gen
		}
		hu := x.hot[u]
		cu := int32(0)
		if x.avoidSame {
			cu = hu.comp
		}
		su := x.scarcity(u)
		// add keeps e when u and e.v may meet, never met, and e.v is new.
		add := func(e *candEntry) bool {
			v := e.v
			if v == u || (x.plan != nil && x.plan.keeps(u, v)) {
				return false
			}
			if useStamp {
				hv := &x.hot[v]
				if hv.stamp == owner {
					return false
				}
				hv.stamp = owner
			} else {
				if slices.Contains(skip, v) {
					return false
				}
				skip = append(skip, v)
			}
			if cu != 0 && e.comp == cu {
				return false
			}
			q := x.qualityOf(u, v, hu.offer, hu.seek, e.offer, e.seek, hu.tz, e.tz, hu.comp, e.comp)
			edges = append(edges, candEdge{u: u, v: v, key: int32(q + su + int64(e.sc))})
			return true
		}
		if scarce {
			scans += n
			for v := range int32(n) {
				e := x.entry(v)
				add(&e)
			}
			continue
		}
		// Sample until want fresh candidates are found or 1.5*want tries are
		// spent (late in a rotation most samples hit members already met).
		// The sources, nMut, nComp, nTZ and nRand tries each, are: the
		// both-ways complement index, the one-way complement index, nearby
		// timezones, and anyone.
		want := nMut + nComp + nTZ + nRand
		offers, seeks := x.offers[u], x.seeks[u]
		b := tzBucketOf(x.tz[u])
		// pick chooses the list of source src, by its id (-1 for anyone).
		pick := func(src int) int {
			switch src {
			case 0:
				if len(offers) > 0 && len(seeks) > 0 {
					o, s := offers[r.intn(len(offers))], seeks[r.intn(len(seeks))]
					return lists.mutualID(s, o) // offer what u seeks, seek what u offers
				}
			case 1:
				if k := r.intn(len(offers) + len(seeks) + 1); k < len(offers) {
					return lists.nSkills + int(offers[k]) // seekers
				} else if k < len(offers)+len(seeks) {
					return int(seeks[k-len(offers)]) // offerers
				}
			case 2:
				if bb := b + tzStep(r.intn(6)); bb >= 0 && bb < tzBuckets {
					return 2*lists.nSkills + bb
				}
			}
			return -1
		}
		found, tries := 0, 0
		if !runs {
			// Every try picks a list and a random entry in it.
			for try := 0; try < want+want/2 && found < want; try++ {
				slot := try % want
				src := 3
				switch {
				case slot < nMut:
					src = 0
				case slot < nMut+nComp:
					src = 1
				case slot < nMut+nComp+nTZ:
					src = 2
				}
				var ok bool
				if l := lists.list(pick(src)); len(l) > 0 {
					ok = add(&l[r.intn(len(l))])
				} else {
					e := x.entry(int32(r.intn(n)))
					ok = add(&e)
				}
				if ok {
					found++
				}
			}
			continue
		}
		// Above layeredMaxN members: each source reads a run of consecutive entries
		// of one list from that list's cursor, which then moves past the
		// run, so that successive readers of a list read on where the last
		// one stopped: the cursors and the entries they point at stay in
		// the cache, where scattered reads would each miss it. The cursors
		// start at random points, and the members reading a list are spread
		// over the whole community (they are in ID order, the list is not
		// ordered by anything a reader shares), so the picks stay random.
		// "Anyone" reads at a random but fixed distance, again in order.
		for pass := 0; pass < 2 && found < want && tries < want+want/2; pass++ {
			for src, count := range [4]int{nMut, nComp, nTZ, nRand} {
				if pass == 1 {
					count = 1
				}
				id := pick(src)
				l := lists.list(id)
				for range count {
					if found >= want {
						break
					}
					tries++
					var ok bool
					if len(l) > 0 {
						pos := cursor[id]
						if int(pos) >= len(l) {
							pos = 0
						}
						ok = add(&l[pos])
						cursor[id] = pos + 1
					} else {
						v := int(u) + shift[pass]
						if v >= n {
							v -= n
						}
						e := x.entry(int32(v))
						ok = add(&e)
					}
					if ok {
						found++
					}
				}
			}
		}
	}
	x.current = -1 // the seen marks above are not a stamp
	return edges
}

// tzStep is the bucket offset of the t-th timezone pick: same, same, +1,
// -1, +2, -2 hours.
func tzStep(t int) int {
	switch t % 6 {
	case 2:
		return 1
	case 3:
		return -1
	case 4:
		return 2
	case 5:
		return -2
	}
	return 0
}
