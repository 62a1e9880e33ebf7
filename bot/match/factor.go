package match

// The end game of a full rotation. With fixed membership the fresh graph F
// (the allowed pairs that never met) is d-regular after n-1-d repeat-free
// rounds. Any perfect matching of F will do while d is large, but not at
// the end: a 2-regular remainder with an odd cycle has no perfect matching.
// The remainder can be finished repeat-free exactly when it splits into d
// perfect matchings. So for the last rounds the engine chooses the matching
// so that the remainder provably splits:
//
//   - d = 4: find a Hamiltonian cycle C whose complement R is a union of even
//     cycles; R splits into matchings R1, R2; use the better one. What
//     remains is C plus the other half of R: cubic with a Hamiltonian cycle.
//   - d = 3: find a Hamiltonian cycle C; with M = F - C, the three matchings
//     M, C1, C2 split F; use the best one. What remains is two matchings.
//   - d = 2: F is a union of cycles, all even; each cycle contributes the
//     better of its two halves. What remains is a perfect matching.
//   - d = 1: F is the matching.
//
// Hamiltonian cycles are found with Pósa's rotation-extension heuristic,
// which succeeds quickly on the random-like graphs left by the weighted
// rounds. When it fails, the round falls back to the weighted matcher.

// factorMaxMembers bounds the O(n²) scan that builds the fresh graph.
const factorMaxMembers = 5000

// factorPairs returns a perfect matching of fresh pairs chosen as above, or
// nil when the end-game conditions do not hold or no suitable split was found.
func (x *instance) factorPairs() []int32 {
	n := x.n
	if n%2 == 1 || n > factorMaxMembers {
		return nil
	}
	d := int(x.fresh[0])
	if d < 1 || d > 4 {
		return nil
	}
	for _, f := range x.fresh {
		if int(f) != d {
			return nil
		}
	}
	var edges []candEdge
	for u := range int32(n) {
		for v := u + 1; v < int32(n); v++ {
			if ok, rec := x.pairState(u, v); ok && rec < 0 {
				edges = append(edges, candEdge{u: u, v: v})
			}
		}
	}
	if len(edges) != n*d/2 {
		return nil
	}
	start, adj, _ := csr(n, edges)
	r := rng{s: x.seed ^ 0xfac7}
	score := func(u, v int32) int64 { return x.score(u, v, -1) }
	switch d {
	case 1:
		mate := make([]int32, n)
		for _, e := range edges {
			mate[e.u], mate[e.v] = e.v, e.u
		}
		return mate
	case 2:
		return evenCycleHalves(n, start, adj, score)
	case 3:
		cycle := hamiltonCycle(n, start, adj, &r, 40)
		if cycle == nil {
			return nil
		}
		return bestOfThree(n, start, adj, cycle, score)
	default: // 4
		for range 40 {
			cycle := hamiltonCycle(n, start, adj, &r, 10)
			if cycle == nil {
				continue
			}
			// R = F - C must be a union of even cycles.
			onCycle := cycleEdgeSet(cycle)
			var rest []candEdge
			for _, e := range edges {
				if !onCycle[pairKey(e.u, e.v)] {
					rest = append(rest, e)
				}
			}
			rs, ra, _ := csr(n, rest)
			if mate := evenCycleHalves(n, rs, ra, score); mate != nil {
				return mate
			}
		}
		return nil
	}
}

func cycleEdgeSet(cycle []int32) map[uint64]bool {
	on := make(map[uint64]bool, len(cycle))
	for i, v := range cycle {
		on[pairKey(v, cycle[(i+1)%len(cycle)])] = true
	}
	return on
}

// evenCycleHalves takes a 2-regular graph; if all its cycles are even it
// returns the perfect matching made of the better half of each cycle, else nil.
func evenCycleHalves(n int, start, adj []int32, score func(u, v int32) int64) []int32 {
	mate := make([]int32, n)
	seen := make([]bool, n)
	var cyc []int32
	for s := range int32(n) {
		if seen[s] {
			continue
		}
		if start[s+1]-start[s] != 2 {
			return nil
		}
		cyc = append(cyc[:0], s)
		seen[s] = true
		prev, v := s, adj[start[s]]
		for v != s {
			if seen[v] || start[v+1]-start[v] != 2 {
				return nil
			}
			seen[v] = true
			cyc = append(cyc, v)
			next := adj[start[v]]
			if next == prev {
				next = adj[start[v]+1]
			}
			prev, v = v, next
		}
		if len(cyc)%2 == 1 {
			return nil
		}
		var even, odd int64
		for i := 0; i < len(cyc); i += 2 {
			even += score(cyc[i], cyc[i+1])
			odd += score(cyc[i+1], cyc[(i+2)%len(cyc)])
		}
		off := 0
		if odd > even {
			off = 1
		}
		for i := off; i < len(cyc)+off; i += 2 {
			u, w := cyc[i%len(cyc)], cyc[(i+1)%len(cyc)]
			mate[u], mate[w] = w, u
		}
	}
	return mate
}

// bestOfThree splits a cubic graph with Hamiltonian cycle into the cycle's
// two alternate halves and the remaining perfect matching, and returns the
// best-scoring of the three.
func bestOfThree(n int, start, adj []int32, cycle []int32, score func(u, v int32) int64) []int32 {
	on := cycleEdgeSet(cycle)
	var halves [2]int64
	for i := range cycle {
		halves[i%2] += score(cycle[i], cycle[(i+1)%n])
	}
	rest := make([]int32, n)
	var restScore int64
	for v := range int32(n) {
		for _, w := range adj[start[v]:start[v+1]] {
			if !on[pairKey(v, w)] {
				rest[v] = w
				if v < w {
					restScore += score(v, w)
				}
			}
		}
	}
	if restScore >= halves[0] && restScore >= halves[1] {
		return rest
	}
	off := 0
	if halves[1] > halves[0] {
		off = 1
	}
	mate := make([]int32, n)
	for i := off; i < n; i += 2 {
		u, w := cycle[i], cycle[(i+1)%n]
		mate[u], mate[w] = w, u
	}
	return mate
}

// hamiltonCycle looks for a Hamiltonian cycle with Pósa's rotation-extension
// heuristic: extend the path from its end when possible, otherwise rotate it
// at a random neighbour of the end. It makes up to tries attempts of 40n
// steps each and returns the cycle's vertices in order, or nil.
func hamiltonCycle(n int, start, adj []int32, r *rng, tries int) []int32 {
	if n < 3 {
		return nil
	}
	pos := make([]int32, n)
	path := make([]int32, 0, n)
	for range tries {
		for i := range pos {
			pos[i] = -1
		}
		path = path[:0]
		v0 := int32(r.intn(n))
		path = append(path, v0)
		pos[v0] = 0
		for step := 0; step < 40*n; step++ {
			end := path[len(path)-1]
			nbrs := adj[start[end]:start[end+1]]
			if len(nbrs) == 0 {
				break
			}
			off := r.intn(len(nbrs))
			extended := false
			for i := range nbrs {
				w := nbrs[(off+i)%len(nbrs)]
				if pos[w] == -1 {
					pos[w] = int32(len(path))
					path = append(path, w)
					extended = true
					break
				}
			}
			if extended {
				continue
			}
			if len(path) == n {
				for _, w := range nbrs {
					if w == path[0] {
						return append([]int32(nil), path...)
					}
				}
			}
			if r.intn(16) == 0 { // turn around: rotate from the other end
				reverse32(path)
				for i, v := range path {
					pos[v] = int32(i)
				}
				continue
			}
			w := nbrs[r.intn(len(nbrs))]
			i := int(pos[w])
			if i >= len(path)-2 {
				continue
			}
			reverse32(path[i+1:])
			for j := i + 1; j < len(path); j++ {
				pos[path[j]] = int32(j)
			}
		}
	}
	return nil
}
