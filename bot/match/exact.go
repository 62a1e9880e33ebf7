package match

import (
	"slices"
)

// exactCandidates is how many best partners per member seed the exact
// matcher's edge set before the dual certificate checks all other pairs.
const exactCandidates = 6

// valueSlack widens the value test that adds pairs to the exact matcher's
// first edge set.
const valueSlack = 0

// exactMatch returns a maximum-weight matching (mate, indexed like vs, -1
// when unmatched) over all allowed pairs of the members vs. Weights rank
// matchings by number of pairs, then number of fresh pairs, then score.
// When freshOnly is set, pairs that met before are left out entirely.
//
// The matching is computed on each member's best exactCandidates partners;
// the blossom algorithm's optimal duals then certify it over every allowed
// pair. Pairs that violate the certificate are added and the matching is
// recomputed, so the result is exact for the complete graph.
func (x *instance) exactMatch(vs []int32, freshOnly bool) []int32 {
	m := len(vs)
	mate := make([]int32, m)
	for i := range mate {
		mate[i] = -1
	}
	if m < 2 {
		return mate
	}
	freshBonus, card := bonuses(m)
	// Pair weights, computed once: a triangular table (0 = not allowed).
	tri := func(a, b int) int { return b*(b-1)/2 + a } // a < b
	table := make([]int64, m*(m-1)/2)
	for a := range m {
		u := vs[a]
		for b := a + 1; b < m; b++ {
			v := vs[b]
			ok, rec := x.pairState(u, v)
			if !ok || (freshOnly && rec >= 0) {
				continue
			}
			w := card + x.score(u, v, rec)
			if rec < 0 {
				w += freshBonus
			}
			table[tri(a, b)] = w
		}
	}
	weight := func(a, b int) (int64, bool) {
		w := table[tri(a, b)]
		return w, w != 0
	}
	// Best partners per member, kept sorted by descending weight.
	k := min(exactCandidates, m-1)
	topW := make([]int64, m*k)
	topV := make([]int32, m*k)
	topN := make([]int32, m)
	push := func(a int, w int64, b int32) {
		base := a * k
		n := int(topN[a])
		if n == k && w <= topW[base+k-1] {
			return
		}
		if n < k {
			n++
			topN[a] = int32(n)
		}
		i := n - 1
		for i > 0 && topW[base+i-1] < w {
			topW[base+i] = topW[base+i-1]
			topV[base+i] = topV[base+i-1]
			i--
		}
		topW[base+i] = w
		topV[base+i] = b
	}
	for a := range m {
		for b := a + 1; b < m; b++ {
			if w, ok := weight(a, b); ok {
				push(a, w, int32(b))
				push(b, w, int32(a))
			}
		}
	}
	type key struct{ a, b int32 }
	set := make(map[key]int64, m*k)
	var edges []wedge
	add := func(a, b int32, w int64) {
		if a > b {
			a, b = b, a
		}
		if _, ok := set[key{a, b}]; ok {
			return
		}
		set[key{a, b}] = w
		edges = append(edges, wedge{I: a, J: b, W: w})
	}
	for a := range m {
		for i := range int(topN[a]) {
			add(int32(a), topV[a*k+i], topW[a*k+i])
		}
	}
	// A greedy matching on these edges values each member (c); the optimal
	// duals tend to be close to those values, so pairs worth at least the
	// mean of their members' values are likely to be needed by the
	// certificate: add them up front to save reruns.
	{
		sorted := slices.Clone(edges)
		slices.SortFunc(sorted, func(p, q wedge) int {
			switch {
			case p.W > q.W:
				return -1
			case p.W < q.W:
				return 1
			}
			return 0
		})
		c := make([]int64, m)
		gm := make([]bool, m)
		for _, e := range sorted {
			if !gm[e.I] && !gm[e.J] {
				gm[e.I], gm[e.J] = true, true
				c[e.I], c[e.J] = e.W, e.W
			}
		}
		for a := range m {
			for b := a + 1; b < m; b++ {
				if w, ok := weight(a, b); ok && 2*w >= c[a]+c[b]-2*valueSlack {
					add(int32(a), int32(b), w)
				}
			}
		}
	}
	println("edges", len(edges))
	for iter := 0; ; iter++ {
		println("iter", iter)
		slices.SortFunc(edges, func(p, q wedge) int {
			if p.I != q.I {
				return int(p.I - q.I)
			}
			return int(p.J - q.J)
		})
		got, solver := maxWeightMatching(m, edges)
		if solver == nil {
			return mate
		}
		var violators []wedge
		cert := solver.certificate()
		for a := range m {
			for b := a + 1; b < m; b++ {
				w, ok := weight(a, b)
				if !ok {
					continue
				}
				if cert.slack(int32(a), int32(b), w) < 0 {
					violators = append(violators, wedge{I: int32(a), J: int32(b), W: w})
				}
			}
		}
		if len(violators) == 0 {
			return got
		}
		x.certRetries++
		if iter >= 4 {
			// Give up on sparsity: every allowed pair.
			edges = edges[:0]
			clear(set)
			for a := range m {
				for b := a + 1; b < m; b++ {
					if w, ok := weight(a, b); ok {
						add(int32(a), int32(b), w)
					}
				}
			}
			got, _ = maxWeightMatching(m, edges)
			return got
		}
		for _, e := range violators {
			add(e.I, e.J, e.W)
		}
	}
}
