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

// candidates builds the directed candidate edges of every member.
func (x *instance) candidates() []candEdge {
	n := x.n
	nSkills := len(x.skillNames)
	offerers := make([][]int32, nSkills)
	seekers := make([][]int32, nSkills)
	const buckets = 29
	tzBucket := make([][]int32, buckets)
	// mutualOf(offer, seek) lists the members offering offer and seeking
	// seek: a dense table for up to 256 skills, else a map.
	var mutualDense [][]int32
	mutualMap := map[uint64][]int32{}
	if nSkills <= 256 {
		mutualDense = make([][]int32, nSkills*nSkills)
	}
	mutualOf := func(o, s int32) *[]int32 {
		if mutualDense != nil {
			return &mutualDense[int(o)*nSkills+int(s)]
		}
		k := uint64(o)<<32 | uint64(s)
		l := mutualMap[k]
		return &l
	}
	for u := range n {
		for _, s := range x.offers[u] {
			offerers[s] = append(offerers[s], int32(u))
		}
		for _, s := range x.seeks[u] {
			seekers[s] = append(seekers[s], int32(u))
		}
		b := (x.tz[u] + 14*60) / 60
		tzBucket[b] = append(tzBucket[b], int32(u))
		for _, o := range x.offers[u] {
			for _, s := range x.seeks[u] {
				if mutualDense != nil {
					l := mutualOf(o, s)
					*l = append(*l, int32(u))
				} else {
					k := uint64(o)<<32 | uint64(s)
					mutualMap[k] = append(mutualMap[k], int32(u))
				}
			}
		}
	}
	scans := 0
	var skip []int32
	nMut, nComp, nTZ, nRand := candMutual, candComplement, candTimezone, candRandom
	switch {
	case n > largeN:
		nMut, nComp, nTZ, nRand = 2, 2, 1, 1
	case n > layeredMaxN:
		nMut, nComp, nTZ, nRand = candMutual/2, candComplement/2, candTimezone/2, candRandom/2
	}
	edges := make([]candEdge, 0, n*(nMut+nComp+nTZ+nRand))
	runs := n > largeN
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
		if h := x.hid[u]; scarce || (h >= 0 && len(x.hist.partners[h])+len(x.blocked[u]) > shortSkip) {
			useStamp = true
		} else {
			skip = append(skip, x.blocked[u]...)
			if h >= 0 {
				for _, p := range x.hist.partners[h] {
					if v := x.hidToLocal[p.other]; v >= 0 {
						skip = append(skip, v)
					}
				}
			}
		}
		owner := int32(0)
		if useStamp {
			x.stamp(u)
			owner = x.gen
		}
		cu := int32(0)
		if x.avoidSame {
			cu = x.comp[u]
		}
		su := x.scarcity(u)
		// add keeps v when u and v may meet, never met, and v is new.
		add := func(v int32) bool {
			if v == u {
				return false
			}
			hv := &x.hot[v]
			if useStamp {
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
			if cu != 0 && hv.comp == cu {
				return false
			}
			edges = append(edges, candEdge{u: u, v: v, key: int32(x.quality(u, v) + su + x.scarcity(v))})
			return true
		}
		if scarce {
			scans += n
			for v := range int32(n) {
				add(v)
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
		b := int((x.tz[u] + 14*60) / 60)
		pick := func(src int) []int32 {
			switch src {
			case 0:
				if len(offers) > 0 && len(seeks) > 0 {
					o, s := offers[r.intn(len(offers))], seeks[r.intn(len(seeks))]
					return *mutualOf(s, o) // offer what u seeks, seek what u offers
				}
			case 1:
				if k := r.intn(len(offers) + len(seeks) + 1); k < len(offers) {
					return seekers[offers[k]]
				} else if k < len(offers)+len(seeks) {
					return offerers[seeks[k-len(offers)]]
				}
			case 2:
				if bb := b + tzStep(r.intn(6)); bb >= 0 && bb < buckets {
					return tzBucket[bb]
				}
			}
			return nil
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
				var v int32
				if l := pick(src); len(l) > 0 {
					v = l[r.intn(len(l))]
				} else {
					v = int32(r.intn(n))
				}
				if add(v) {
					found++
				}
			}
			continue
		}
		// Large communities: each source reads a run of consecutive entries
		// from a random point of one list, kinder to the cache than
		// scattered reads (the lists are long, so runs stay random).
		for pass := 0; pass < 2 && found < want && tries < want+want/2; pass++ {
			for src, count := range [4]int{nMut, nComp, nTZ, nRand} {
				if pass == 1 {
					count = (count + 1) / 2
				}
				l := pick(src)
				pos := 0
				if len(l) > 0 {
					pos = r.intn(len(l))
				}
				for range count {
					if found >= want {
						break
					}
					tries++
					var v int32
					if len(l) > 0 {
						if pos == len(l) {
							pos = 0
						}
						v = l[pos]
						pos++
					} else {
						v = int32(r.intn(n))
					}
					if add(v) {
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

// greedy matches edges in descending key order (counting sort on keys).
func greedy(mate []int32, mkey []int32, edges []candEdge) {
	count := make([]int32, keyMax+2)
	for _, e := range edges {
		count[min(e.key, keyMax)]++
	}
	// Descending order: prefix sums from the top.
	pos := make([]int32, keyMax+2)
	var acc int32
	for k := keyMax; k >= 0; k-- {
		pos[k] = acc
		acc += count[k]
	}
	order := make([]int32, len(edges))
	for i, e := range edges {
		k := min(e.key, keyMax)
		order[pos[k]] = int32(i)
		pos[k]++
	}
	for _, i := range order {
		e := edges[i]
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
					if wbd := x.freshKey(b, d); wbd >= 0 && g1+wbd-mkey[c] > 0 {
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
					wfb := x.freshKey(f, b)
					if wfb < 0 || g2-mkey[e]+wfb <= 0 {
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

	// Pair the members left free among themselves with fresh pairs.
	free := freeList(mate)
	var extra []candEdge
	if len(free) > 1 && len(free) <= 300 {
		sub := x.exactMatch(free, true)
		for i, j := range sub {
			if j > int32(i) {
				u, v := free[i], free[j]
				mate[u], mate[v] = v, u
				extra = append(extra, candEdge{u: u, v: v})
			}
		}
	} else if len(free) > 300 {
		r := rng{s: x.seed ^ 0x51ed}
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
		extra = fe
	}

	// Augmenting paths over fresh candidate pairs: maximum cardinality on
	// the candidate graph (with a search budget on very large graphs).
	free = freeList(mate)
	if len(free) > n%2 {
		if len(extra) > 0 || n > largeN { // both directions of every pair
			start, adj, _ = csr(n, append(edges, extra...))
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
