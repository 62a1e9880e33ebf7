package match

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

// shuffle permutes s in place (Fisher-Yates) with r; the schedule
// searches use it.
func shuffle(r *rng, s []int32) {
	for i := len(s) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		s[i], s[j] = s[j], s[i]
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
