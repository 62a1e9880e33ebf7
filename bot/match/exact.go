package match

import (
	"cmp"
	"slices"
)

// exactCandidates is how many best partners per member seed the exact
// matcher's edge set before the dual certificate checks all other pairs.
const exactCandidates = 10

// certMargin: when the first certificate fails, pairs whose reduced cost is
// below this margin (not only the negative ones) join the edge set, since
// the next solution's duals tend to make them violators too.
const certMargin = 500

type nearEdge struct {
	wedge
	slack int64
}

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
	// Rows are walked in table order (b outer, a < b inner) for locality.
	for b := 1; b < m; b++ {
		u := vs[b]
		row := table[tri(0, b):tri(b, b)]
		for a := range b {
			v := vs[a]
			ok, rec := x.pairState(u, v)
			if !ok || (freshOnly && rec >= 0) {
				continue
			}
			w := card + x.score(u, v, rec)
			if rec < 0 {
				w += freshBonus
			}
			row[a] = w
		}
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
	for b := 1; b < m; b++ {
		for a, w := range table[tri(0, b):tri(b, b)] {
			if w != 0 {
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
	// With an odd number of members, a dummy vertex joined to everyone
	// with the least weight takes the one left out: every maximum matching
	// with it is a maximum matching without it plus one dummy pair, and the
	// warm starts below, which need free vertices to end with zero dual,
	// then usually find a perfect matching.
	nv := m + m%2
	addDummy := func() {
		if nv > m {
			for a := range int32(m) {
				add(a, int32(m), 1)
			}
		}
	}
	addDummy()
	withoutDummy := func(got []int32) []int32 {
		got = got[:m]
		for v, u := range got {
			if u == int32(m) {
				got[v] = -1
			}
		}
		return got
	}
	var warmMate []int32 // the last solution and its duals, once there is one
	var warmDual []int64
	for iter := 0; ; iter++ {
		slices.SortFunc(edges, func(p, q wedge) int {
			if p.I != q.I {
				return int(p.I - q.I)
			}
			return int(p.J - q.J)
		})
		var got []int32
		var solver *blossomMatcher
		var cert *certificate
		if warmMate != nil {
			// Start from the last solution: only the pairs the new edges
			// disturb are solved again. Fall back to a cold start if the
			// result is not provably optimal on the edge set.
			got, solver = maxWeightMatchingFrom(nv, edges, warmMate, warmDual)
			if solver != nil {
				if cert = solver.certificate(); !solver.warmOptimal(cert) {
					solver = nil
				}
			}
		}
		if solver == nil {
			got, solver = maxWeightMatching(nv, edges)
			if solver == nil {
				return mate
			}
			cert = solver.certificate()
		}
		// Near pairs are added after the first run only: later runs just
		// settle ties.
		margin := int64(0)
		if iter == 0 {
			margin = certMargin
		}
		var violators []wedge
		var near []nearEdge
		violated := false
		for b := 1; b < m; b++ {
			db := cert.dual[b]
			for a, w := range table[tri(0, b):tri(b, b)] {
				// Quick accept before the blossom-aware slack.
				if w == 0 || cert.dual[a]+db >= 2*w+margin {
					continue
				}
				if sl := cert.slack(int32(a), int32(b), w); sl < 0 {
					violated = true
					violators = append(violators, wedge{I: int32(a), J: int32(b), W: w})
				} else if sl < margin {
					near = append(near, nearEdge{wedge{I: int32(a), J: int32(b), W: w}, sl})
				}
			}
		}
		if !violated {
			return withoutDummy(got)
		}
		if iter >= 4 {
			// Give up on sparsity: every allowed pair.
			edges = edges[:0]
			clear(set)
			for b := 1; b < m; b++ {
				for a, w := range table[tri(0, b):tri(b, b)] {
					if w != 0 {
						add(int32(a), int32(b), w)
					}
				}
			}
			addDummy()
			got, _ = maxWeightMatching(nv, edges)
			return withoutDummy(got)
		}
		// The near ones with the least slack first, at most as many as the
		// edge set already has, so that the set never balloons.
		slices.SortFunc(near, func(p, q nearEdge) int { return cmp.Compare(p.slack, q.slack) })
		for _, e := range near[:min(len(near), 2*len(edges))] {
			violators = append(violators, e.wedge)
		}
		for _, e := range violators {
			add(e.I, e.J, e.W)
		}
		warmMate, warmDual = got, cert.folded()
	}
}
