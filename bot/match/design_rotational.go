package match

import "slices"

// Groups of 4 for n ≡ 4 (mod 12) members: a 1-rotational resolvable
// design, which reaches the limit of (n-1)/3 weeks when the search below
// finds its base.
//
// One member is ∞ and the others are Z_N, N = n-1, with u = N/3 and
// H = {0, u, 2u}. A base week P holds {∞, x, x+u, x+2u} and, for b =
// (n-4)/12 base blocks B_i, the three blocks B_i + h, h in H; week w is P
// with w added to every member but ∞, for w = 0..u-1 (P + u is P again).
// P is a partition when x and the members of the B_i are distinct mod u,
// so the search places a permutation of Z_u (x and 4b block slots) and
// lifts each slot by 0, u or 2u. No pair meets twice when the differences
// within the B_i, ±d, together with ±u (which the ∞ block's three members
// cover), hit every non-zero d of Z_N once: 12b + 2 = N - 1 differences
// for N - 1 places, so nothing is spare. ∞ meets x + w + H in week w,
// everybody once. The search is a tabu search like golferSearch's, with
// two moves (lift a slot, swap two slots' residues), and restarts from the
// best base seen when it stalls. Its luck varies with the seed, so each
// size starts from the seed that was seen to solve it fastest among the
// first few (up to 30 for n = 100); sizes not listed are not tried.

// Search parameters, in moves examined as in golferSearch.
const (
	rotationalBudget  = 12_000_000 // in all
	rotationalAttempt = 6_000_000  // for one seed
	rotationalTenure  = 2          // moves a changed slot stays put, at least
	rotationalSpread  = 5          // and at most this many more
	rotationalStall   = 300        // moves without a better base before a restart
	rotationalKick    = 3          // random moves applied to the best base at a restart
)

// rotationalSeeds maps the sizes the search solves to their first seed.
var rotationalSeeds = map[int]uint64{16: 6, 40: 7, 52: 3, 64: 3, 76: 10, 100: 10}

// rotationalSchedule returns the (n-1)/3 weeks for the n in
// rotationalSeeds, or false for other n or when the search's budget runs
// out.
func rotationalSchedule(n int) ([][][]int32, bool) {
	first, ok := rotationalSeeds[n]
	if !ok {
		return nil, false
	}
	for seed, left := first, rotationalBudget; left > 0; seed++ {
		s := newRotationalSearch(n, seed)
		ok, used := s.search(min(left, rotationalAttempt))
		if ok {
			return s.classes(), true
		}
		left -= used
	}
	return nil, false
}

// rotationalSearch is the state of the search for a base week. Slot 0 is
// x, slots 1+4i..4+4i are B_i.
type rotationalSearch struct {
	N, u  int
	res   []int32 // res[p]: slot p's residue mod u, a permutation
	lift  []int32 // lift[p]: 0, 1 or 2
	count []int32 // count[d]: pairs within blocks d or N-d apart, d ≤ N/2
	cost  int     // the sum over d of count[d] beyond the first
	tabu  []int
	r     rng
}

func newRotationalSearch(n int, seed uint64) *rotationalSearch {
	N := n - 1
	s := &rotationalSearch{
		N: N, u: N / 3,
		res:   make([]int32, N/3),
		lift:  make([]int32, N/3),
		count: make([]int32, N/2+1),
		tabu:  make([]int, N/3),
		r:     rng{s: seed},
	}
	for p := range s.res {
		s.res[p] = int32(p)
	}
	shuffle(&s.r, s.res)
	for p := 1; p < s.u; p++ {
		s.lift[p] = int32(s.r.intn(3))
	}
	s.recount()
	return s
}

func (s *rotationalSearch) elem(p int) int { return int(s.res[p]) + s.u*int(s.lift[p]) }

// class is the difference class of a and b: their distance in Z_N.
func (s *rotationalSearch) class(a, b int) int {
	d := ((a-b)%s.N + s.N) % s.N
	return min(d, s.N-d)
}

// recount sets count and cost from the slots; ±u starts used by ∞'s block.
func (s *rotationalSearch) recount() {
	clear(s.count)
	s.count[s.u] = 1
	s.cost = 0
	for first := 1; first < s.u; first += 4 {
		for p := first; p < first+4; p++ {
			for q := first; q < p; q++ {
				c := &s.count[s.class(s.elem(p), s.elem(q))]
				if *c >= 1 {
					s.cost++
				}
				*c++
			}
		}
	}
}

// with changes the counts of slot p's pairs in its block by d and returns
// the change in cost.
func (s *rotationalSearch) with(p, d int) int {
	if p == 0 {
		return 0
	}
	delta := 0
	first := 1 + (p-1)/4*4
	for q := first; q < first+4; q++ {
		if q == p {
			continue
		}
		c := &s.count[s.class(s.elem(p), s.elem(q))]
		if (d > 0 && *c >= 1) || (d < 0 && *c >= 2) {
			delta += d
		}
		*c += int32(d)
	}
	return delta
}

// relift gives slot p lift l and returns the change in cost.
func (s *rotationalSearch) relift(p int, l int32) int {
	d := s.with(p, -1)
	s.lift[p] = l
	return d + s.with(p, 1)
}

// exchange swaps the residues of slots p and q, in different blocks, and
// returns the change in cost.
func (s *rotationalSearch) exchange(p, q int) int {
	d := s.with(p, -1) + s.with(q, -1)
	s.res[p], s.res[q] = s.res[q], s.res[p]
	return d + s.with(p, 1) + s.with(q, 1)
}

func (s *rotationalSearch) sameBlock(p, q int) bool {
	return p > 0 && q > 0 && (p-1)/4 == (q-1)/4
}

// search improves the base, examining at most about budget moves, and
// reports whether it became repeat-free, and the moves it examined.
func (s *rotationalSearch) search(budget int) (bool, int) {
	type move struct{ p, q, l int } // q < 0: relift p to l
	best, bestAt := s.cost, 0
	bestRes, bestLift := slices.Clone(s.res), slices.Clone(s.lift)
	var cands []move
	var conflicted []int
	examined := 0
	for it := 1; examined < budget; it++ {
		if s.cost == 0 {
			return true, examined
		}
		if it-bestAt > rotationalStall {
			copy(s.res, bestRes)
			copy(s.lift, bestLift)
			for range rotationalKick {
				p, q := 1+s.r.intn(s.u-1), s.r.intn(s.u)
				if s.r.intn(2) == 0 {
					s.lift[p] = int32(s.r.intn(3))
				} else if !s.sameBlock(p, q) {
					s.res[p], s.res[q] = s.res[q], s.res[p]
				}
			}
			s.recount()
			bestAt = it
		}
		conflicted = conflicted[:0]
		for p := 1; p < s.u; p++ {
			first := 1 + (p-1)/4*4
			for q := first; q < first+4; q++ {
				if q != p && s.count[s.class(s.elem(p), s.elem(q))] >= 2 {
					conflicted = append(conflicted, p)
					break
				}
			}
		}
		bestD := 0
		cands = cands[:0]
		consider := func(m move, d int, tabu bool) {
			examined++
			if (tabu && s.cost+d >= best) || (len(cands) > 0 && d > bestD) {
				return
			}
			if len(cands) == 0 || d < bestD {
				bestD = d
				cands = cands[:0]
			}
			cands = append(cands, m)
		}
		for _, p := range conflicted {
			for l := range int32(3) {
				if l == s.lift[p] {
					continue
				}
				old := s.lift[p]
				d := s.relift(p, l)
				s.relift(p, old)
				consider(move{p, -1, int(l)}, d, s.tabu[p] > it)
			}
			for q := range s.u {
				if q == p || s.sameBlock(p, q) {
					continue
				}
				d := s.exchange(p, q)
				s.exchange(p, q)
				consider(move{p, q, 0}, d, s.tabu[p] > it || s.tabu[q] > it)
			}
		}
		if len(cands) == 0 {
			continue
		}
		m := cands[s.r.intn(len(cands))]
		if m.q < 0 {
			s.cost += s.relift(m.p, int32(m.l))
		} else {
			s.cost += s.exchange(m.p, m.q)
			s.tabu[m.q] = it + rotationalTenure + s.r.intn(rotationalSpread)
		}
		s.tabu[m.p] = it + rotationalTenure + s.r.intn(rotationalSpread)
		if s.cost < best {
			best, bestAt = s.cost, it
			copy(bestRes, s.res)
			copy(bestLift, s.lift)
		}
	}
	return s.cost == 0, examined
}

// classes develops the base week into its u weeks, in the published form.
func (s *rotationalSearch) classes() [][][]int32 {
	inf := int32(s.N)
	out := make([][][]int32, s.u)
	for w := range s.u {
		at := func(e int) int32 { return int32((e + w) % s.N) }
		x := s.elem(0)
		week := [][]int32{{inf, at(x), at(x + s.u), at(x + 2*s.u)}}
		for first := 1; first < s.u; first += 4 {
			for h := range 3 {
				g := make([]int32, 4)
				for i := range 4 {
					g[i] = at(s.elem(first+i) + h*s.u)
				}
				week = append(week, g)
			}
		}
		out[w] = sortGroups(week)
	}
	return out
}
