package match

// warmStart replaces the initial state (empty matching, every dual at the
// largest weight) with the given matching and vertex duals, without
// blossoms. Duals below zero are raised to zero and, where an edge has
// negative slack, one of its ends is raised until it has none (the duals
// become feasible); then matched pairs whose edge is missing or not tight
// are unmatched. The stages that follow only have to match the vertices
// left free, and keep the duals feasible and matched edges tight; but free
// vertices may start with different duals, which the optimality argument
// of a cold start assumes equal, so warmOptimal must check the result.
func (s *blossomMatcher) warmStart(mate []int32, dual []int64) {
	for v := range s.nv {
		s.dualvar[v] = max(dual[v], 0)
	}
	for _, e := range s.edges {
		if sl := s.dualvar[e.I] + s.dualvar[e.J] - 2*e.W; sl < 0 {
			if mate[e.I] == -1 {
				s.dualvar[e.I] -= sl
			} else {
				s.dualvar[e.J] -= sl
			}
		}
	}
	for v := range s.nv {
		w := mate[v]
		if w <= v {
			continue
		}
		for i := s.nbStart[v]; i < s.nbStart[v+1]; i++ {
			if s.nbV[i] == w && s.dualvar[v]+s.dualvar[w] == 2*s.nbW[i] {
				p := s.nb[i] // w's endpoint of the edge
				s.mate[v], s.mate[w] = p, p^1
				break
			}
		}
	}
	// Integer duals stay exact (delta3 halves the slack between two
	// S-vertices) only if every free vertex has a dual of the same parity:
	// the vertices of an alternating tree share their root's, through tight
	// edges. Raising a free vertex's dual keeps the duals feasible.
	for v := range s.nv {
		if s.mate[v] == -1 && s.dualvar[v]%2 != 0 {
			s.dualvar[v]++
		}
	}
}

// warmOptimal reports whether the final state satisfies the optimality
// conditions that a cold start guarantees by construction and that
// certificate does not check: non-negative duals, tight matched edges
// (counting the duals of the blossoms around them) and free vertices with
// zero dual. Together with non-negative slack on every edge, they prove
// the matching optimal.
func (s *blossomMatcher) warmOptimal(c *certificate) bool {
	for v := range s.nv {
		if s.dualvar[v] < 0 {
			return false
		}
		p := s.mate[v]
		if p == -1 {
			if s.dualvar[v] != 0 {
				return false
			}
			continue
		}
		if e := s.edges[p/2]; c.slack(e.I, e.J, e.W) != 0 {
			return false
		}
	}
	for _, b := range s.live {
		if s.dualvar[b] < 0 {
			return false
		}
	}
	return true
}

// certificate holds, per vertex, the chain of blossoms containing it (from
// the outermost) with running sums of twice their duals, so that the reduced
// cost of any pair can be computed after the run.
type certificate struct {
	dual  []int64   // vertex duals
	chain [][]int32 // outermost first; nil for a vertex in no blossom
	zsum  [][]int64 // zsum[v][k] = 2 * sum of duals of chain[v][0..k]
}

func (s *blossomMatcher) certificate() *certificate {
	c := &certificate{dual: s.dualvar[:s.nv], chain: make([][]int32, s.nv), zsum: make([][]int64, s.nv)}
	for v := range s.nv {
		if s.blossomparent[v] == -1 {
			continue
		}
		var ch []int32
		for b := s.blossomparent[v]; b != -1; b = s.blossomparent[b] {
			ch = append(ch, b)
		}
		reverse32(ch)
		z := make([]int64, len(ch))
		var acc int64
		for k, b := range ch {
			acc += 2 * s.dualvar[b]
			z[k] = acc
		}
		c.chain[v], c.zsum[v] = ch, z
	}
	return c
}

// folded returns vertex duals that are feasible without blossoms: each
// vertex's dual plus the duals of the blossoms containing it. The slack of
// any pair under them is at least its slack under the certificate, and the
// same for a pair whose ends share all their blossoms (the matched pairs of
// a blossom with one level, for instance).
func (c *certificate) folded() []int64 {
	y := make([]int64, len(c.dual))
	for v, d := range c.dual {
		y[v] = d
		if z := c.zsum[v]; len(z) > 0 {
			y[v] += z[len(z)-1] / 2
		}
	}
	return y
}

// slack returns the reduced cost of the pair (i, j) with weight w under the
// final duals: dual(i)+dual(j)-2w plus twice the duals of the blossoms
// containing both. A matching is optimal over a larger edge set if this is
// non-negative for every edge of that set.
func (c *certificate) slack(i, j int32, w int64) int64 {
	sl := c.dual[i] + c.dual[j] - 2*w
	ci, cj := c.chain[i], c.chain[j]
	if len(ci) == 0 || len(cj) == 0 || ci[0] != cj[0] {
		return sl
	}
	k := 0
	for k < len(ci) && k < len(cj) && ci[k] == cj[k] {
		k++
	}
	return sl + c.zsum[i][k-1]
}
