package match

import (
	"slices"
)

// The fast matcher works on a sparse candidate graph of fresh, allowed pairs
// and never looks at all n² pairs.

const (
	candMutual     = 8     // picks from the both-ways complement index
	candComplement = 8     // picks from the complement index
	candTimezone   = 6     // picks from the same or nearby timezones
	candRandom     = 4     // uniform picks
	largeN         = 20000 // above this, one swap pass and bounded augmenting searches
	layeredMaxN    = 5000  // up to this, all picks, complement layers and 3-opt; above, half the picks
	scarceAll      = 48    // members with at most this many fresh partners get all of them
	shortSkip      = 24    // up to this many blocked and past partners, a list beats a stamp
	scanBudget     = 40_000_000
	swapPasses     = 6
	keyMax         = qualityMax + 2*scarcityMax
)

// rng is a small deterministic generator (splitmix64 stream).
type rng struct{ s uint64 }

func (r *rng) next() uint64 { r.s += 0x9e3779b97f4a7c15; return splitmix(r.s) }

// intn returns a number in [0, n) by multiply-shift (no division).
func (r *rng) intn(n int) int { return int((r.next() >> 32) * uint64(n) >> 32) }

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
			if v == u {
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

// csr builds an undirected adjacency (with parallel keys) from edges.
func csr(n int, edges []candEdge) (start, adj, key []int32) {
	start = make([]int32, n+1)
	for _, e := range edges {
		start[e.u+1]++
		start[e.v+1]++
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	adj = make([]int32, start[n])
	key = make([]int32, start[n])
	fill := make([]int32, n)
	copy(fill, start[:n])
	for _, e := range edges {
		adj[fill[e.u]], key[fill[e.u]] = e.v, e.key
		fill[e.u]++
		adj[fill[e.v]], key[fill[e.v]] = e.u, e.key
		fill[e.v]++
	}
	return start, adj, key
}

// undirected builds the undirected adjacency of the union of the edge
// lists, without keys and without concatenating them.
func undirected(n int, lists ...[]candEdge) (start, adj []int32) {
	start = make([]int32, n+1)
	for _, edges := range lists {
		for _, e := range edges {
			start[e.u+1]++
			start[e.v+1]++
		}
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	adj = make([]int32, start[n])
	fill := slices.Clone(start[:n])
	for _, edges := range lists {
		for _, e := range edges {
			adj[fill[e.u]] = e.v
			fill[e.u]++
			adj[fill[e.v]] = e.u
			fill[e.v]++
		}
	}
	return start, adj
}

// forward indexes edges grouped by their u (as candidates returns them) as
// a directed adjacency.
func forward(n int, edges []candEdge) (start, adj, key []int32) {
	start = make([]int32, n+1)
	adj = make([]int32, len(edges))
	key = make([]int32, len(edges))
	for i, e := range edges {
		start[e.u+1] = int32(i + 1)
		adj[i], key[i] = e.v, e.key
	}
	for i := 1; i <= n; i++ {
		start[i] = max(start[i], start[i-1])
	}
	return start, adj, key
}

// greedy matches edges in descending key order. A counting sort on keys
// copies the edges into that order, so that the matching pass reads them
// sequentially.
func greedy(mate []int32, mkey []int32, edges []candEdge) {
	pos := make([]int32, keyMax+2)
	for _, e := range edges {
		pos[min(e.key, keyMax)]++
	}
	// Descending order: prefix sums from the top.
	var acc int32
	for k := keyMax; k >= 0; k-- {
		acc, pos[k] = acc+pos[k], acc
	}
	sorted := make([]candEdge, len(edges))
	for _, e := range edges {
		k := min(e.key, keyMax)
		sorted[pos[k]] = e
		pos[k]++
	}
	for _, e := range sorted {
		if mate[e.u] == -1 && mate[e.v] == -1 {
			mate[e.u], mate[e.v] = e.v, e.u
			mkey[e.u], mkey[e.v] = e.key, e.key
		}
	}
}

// improve raises the weight of a perfect matching by local moves along
// alternating cycles through candidate edges: 2-opt (a,b),(c,d) ->
// (a,c),(b,d) and, when deep is set, 3-opt (a,b),(c,d),(e,f) ->
// (a,c),(d,e),(f,b), accepting a move as soon as its total gain is positive
// and pruning any whose partial gain is not (the Lin-Kernighan criterion).
func (x *instance) improve(mate, mkey, start, adj, key []int32, passes int, deep bool) {
	for range passes {
		improved := 0
		for a := range int32(len(mate)) {
			b := mate[a]
			if b < 0 {
				continue
			}
		moves:
			for i := start[a]; i < start[a+1]; i++ {
				c := adj[i]
				d := mate[c]
				if c == b || d < 0 || d == a {
					continue
				}
				g1 := key[i] - mkey[a]
				if g1 <= 0 {
					continue
				}
				if g1+keyMax-mkey[c] > 0 {
					if wbd := x.freshKeyAbove(b, d, mkey[c]-g1); wbd >= 0 {
						mate[a], mate[c], mate[b], mate[d] = c, a, d, b
						mkey[a], mkey[c], mkey[b], mkey[d] = key[i], key[i], wbd, wbd
						improved++
						break
					}
				}
				if !deep {
					continue
				}
				g2base := g1 - mkey[c]
				for j := start[d]; j < start[d+1]; j++ {
					e := adj[j]
					f := mate[e]
					if f < 0 || e == a || e == b || e == c || f == a || f == b || f == c || f == d {
						continue
					}
					g2 := g2base + key[j]
					if g2 <= 0 || g2-mkey[e]+keyMax <= 0 {
						continue
					}
					wfb := x.freshKeyAbove(f, b, mkey[e]-g2)
					if wfb < 0 {
						continue
					}
					mate[a], mate[c] = c, a
					mate[d], mate[e] = e, d
					mate[f], mate[b] = b, f
					mkey[a], mkey[c] = key[i], key[i]
					mkey[d], mkey[e] = key[j], key[j]
					mkey[f], mkey[b] = wfb, wfb
					improved++
					break moves
				}
			}
		}
		if improved == 0 {
			return
		}
	}
}

// keyOf returns the candidate key of the pair v, w, or -1.
func keyOf(start, adj, key []int32, v, w int32) int32 {
	for i := start[v]; i < start[v+1]; i++ {
		if adj[i] == w {
			return key[i]
		}
	}
	return -1
}

// layerAugment maximises the number of matched pairs whose key is at least
// t (a pair with a complement, say), by augmenting paths in the subgraph of
// such candidate pairs. Members whose pair falls below t are exposed; those
// left exposed keep their old partner when that partner is exposed too, and
// are otherwise freed for refill.
func layerAugment(mate []int32, start, adj, key []int32, t int32) {
	n := len(mate)
	var sub []candEdge
	for v := range int32(n) {
		for i := start[v]; i < start[v+1]; i++ {
			if w := adj[i]; v < w && key[i] >= t {
				sub = append(sub, candEdge{u: v, v: w})
			}
		}
	}
	ss, sa, _ := csr(n, sub)
	mt := make([]int32, n)
	for v := range int32(n) {
		mt[v] = -1
		if w := mate[v]; w >= 0 && keyOf(start, adj, key, v, w) >= t {
			mt[v] = w
		}
	}
	aug := newCardAugmenter(n, ss, sa, mt)
	for v := range int32(n) {
		if mt[v] == -1 && ss[v+1] > ss[v] {
			aug.augment(v)
		}
	}
	old := slices.Clone(mate)
	for v := range int32(n) {
		switch {
		case mt[v] >= 0:
			mate[v] = mt[v]
		case old[v] >= 0 && mt[old[v]] == -1:
			mate[v] = old[v]
		default:
			mate[v] = -1
		}
	}
}

// refill pairs free members along candidate edges, best keys first, and
// recomputes every member's matched key.
func refill(mate, mkey, start, adj, key []int32) {
	var fe []candEdge
	for v := range int32(len(mate)) {
		if mate[v] != -1 {
			continue
		}
		for i := start[v]; i < start[v+1]; i++ {
			if w := adj[i]; v < w && mate[w] == -1 {
				fe = append(fe, candEdge{u: v, v: w, key: key[i]})
			}
		}
	}
	greedy(mate, mkey, fe)
	for v := range int32(len(mate)) {
		if w := mate[v]; w >= 0 {
			mkey[v] = keyOf(start, adj, key, v, w)
		}
	}
}

// freshKeyAbove is freshKey for pairs whose key exceeds floor, and -1 for
// the others: the key is computed first, since it is cheaper than looking
// the pair up.
func (x *instance) freshKeyAbove(u, v int32, floor int32) int32 {
	k := int32(x.quality(u, v) + x.scarcity(u) + x.scarcity(v))
	if k <= floor {
		return -1
	}
	if ok, rec := x.lookup(u, v); !ok || rec >= 0 {
		return -1
	}
	return k
}

// freshKey is the key of a fresh allowed pair, or -1.
func (x *instance) freshKey(u, v int32) int32 {
	ok, rec := x.lookup(u, v)
	if !ok || rec >= 0 {
		return -1
	}
	return int32(x.score(u, v, -1))
}

// fastPairs computes a maximum-cardinality matching of fresh pairs on the
// candidate graph with a high score, then completes it with repeats.
func (x *instance) fastPairs() []int32 {
	n := x.n
	mate := make([]int32, n)
	mkey := make([]int32, n)
	for i := range mate {
		mate[i] = -1
	}
	edges := x.candidates()
	greedy(mate, mkey, edges)
	var start, adj, key []int32
	if n > largeN {
		// Each member's own proposals only: the edges are already grouped
		// by proposer, so this costs O(n), and the local moves below need
		// no more.
		start, adj, key = forward(n, edges)
	} else {
		start, adj, key = csr(n, edges)
	}

	passes := swapPasses
	switch {
	case n > largeN:
		passes = 1
	case n > layeredMaxN:
		passes = 2
	}
	if n <= layeredMaxN {
		for _, t := range []int32{2*giveScore + mutualScore, giveScore} {
			layerAugment(mate, start, adj, key, t)
		}
		refill(mate, mkey, start, adj, key)
	}
	x.improve(mate, mkey, start, adj, key, passes, n <= layeredMaxN)

	// Short augmenting paths u-v=w-z with u and z free.
	for _, u := range freeList(mate) {
		if mate[u] != -1 {
			continue
		}
	search:
		for i := start[u]; i < start[u+1]; i++ {
			v := adj[i]
			w := mate[v]
			if w < 0 {
				if mate[v] == -1 && v != u {
					mate[u], mate[v] = v, u
					break
				}
				continue
			}
			for j := start[w]; j < start[w+1]; j++ {
				if z := adj[j]; mate[z] == -1 && z != u {
					mate[u], mate[v], mate[w], mate[z] = v, u, z, w
					break search
				}
			}
		}
	}

	// Pair the members left free among themselves with fresh pairs: many
	// by random picks, then the few left by an exact matching.
	free := freeList(mate)
	var extra []candEdge
	r := rng{s: x.seed ^ 0x51ed}
	for round := 0; round < 3 && (len(free) > 300 || (round > 0 && len(free) > 64)); round++ {
		var fe []candEdge
		for _, u := range free {
			for range 16 {
				v := free[r.intn(len(free))]
				if k := x.freshKey(u, v); k >= 0 {
					fe = append(fe, candEdge{u: u, v: v, key: k})
				}
			}
		}
		greedy(mate, mkey, fe)
		extra = append(extra, fe...)
		free = freeList(mate)
	}
	if len(free) > 1 && len(free) <= 300 {
		sub := x.exactMatch(free, true)
		for i, j := range sub {
			if j > int32(i) {
				u, v := free[i], free[j]
				mate[u], mate[v] = v, u
				extra = append(extra, candEdge{u: u, v: v})
			}
		}
	}

	// Augmenting paths over fresh candidate pairs: maximum cardinality on
	// the candidate graph (with a search budget on very large graphs).
	free = freeList(mate)
	if len(free) > n%2 {
		if len(extra) > 0 || n > largeN { // both directions of every pair
			start, adj = undirected(n, edges, extra)
		}
		aug := newCardAugmenter(n, start, adj, mate)
		if n > largeN {
			aug.budget = 5000
			free = free[:min(len(free), 32)]
		}
		for _, v := range free {
			if mate[v] == -1 {
				aug.augment(v)
			}
		}
	}
	// Still free: search the complete fresh graph when it is small enough,
	// so that no repeat happens while a fresh matching exists.
	if free = freeList(mate); len(free) > n%2 && n <= factorMaxMembers {
		var all []candEdge
		for u := range int32(n) {
			for v := u + 1; v < int32(n); v++ {
				if ok, rec := x.pairState(u, v); ok && rec < 0 {
					all = append(all, candEdge{u: u, v: v})
				}
			}
		}
		fs, fa, _ := csr(n, all)
		aug := newCardAugmenter(n, fs, fa, mate)
		for _, v := range free {
			if mate[v] == -1 {
				aug.augment(v)
			}
		}
	}
	return mate
}

func freeList(mate []int32) []int32 {
	var free []int32
	for v, m := range mate {
		if m == -1 {
			free = append(free, int32(v))
		}
	}
	return free
}
