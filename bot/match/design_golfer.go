package match

import "slices"

// Schedules for groups of three or four: the Social Golfer Problem, solved
// for the whole schedule at once by a local search over a cyclic design.
//
// Choosing week by week commits to early weeks that later ones cannot live
// with. The local search of the literature (Dotú & Van Hentenryck 2005)
// repairs a whole schedule instead: among the members of pairs that meet
// twice, it swaps one with a member of another group of the same week, the
// swap that removes the most repeats, under a short tabu tenure, and
// restarts from the best schedule seen when it stalls. Near the limit that
// search still stalls a repeat or two short over all the weeks, so the
// schedule is given the symmetry designs have: the points are m residues
// on each of L levels plus f fixed points, and a base week stands for the
// m weeks that add s = 0..m-1 to every residue. The pairs then fall into
// orbits of m pairs (one level and residues ±d apart; two levels and
// residues d apart; a fixed point and a level), and the shifted weeks are
// repeat-free exactly when the base weeks hold every orbit at most once.
// The search runs on one or a few base weeks instead of every week: a far
// smaller problem whose solutions are still full schedules. It takes m·base
// ≥ weeks and drops the weeks beyond.
//
// Pairs that would repeat among the shifts are kept out by marking their
// orbit as already used: two fixed points, and for even m two points m/2
// apart on a level. A fixed point meets a whole level in a base week's
// shifts, so the other members of its group come from distinct levels it
// has not met yet, which the orbit counts enforce. It only joins groups of
// the size asked for: in a larger or smaller one it would be in every
// shift. With one larger group, in the first round of attempts, its
// members are kept from being one apart on a level, which costs like a
// repeat: then consecutive shifts share nobody in it. Later rounds drop
// that for the sizes it makes too hard, and with more larger groups it
// mostly is. The weeks are finally ordered so that, where possible, nobody
// is in a larger group two weeks in a row.

// Search parameters. The budget is counted in swaps examined, so that the
// schedule does not depend on the machine while the budget still tracks
// the time spent.
const (
	golferBudget = 20_000_000 // swaps examined over all attempts
	golferFirst  = 250_000    // swaps examined by a first attempt; each round doubles it
	golferTried  = 4          // shapes tried, in golferShapes' order
	golferTenure = 2          // moves a swapped member stays put, at least
	golferSpread = 3          // and at most this many more
	golferStall  = 500        // moves without a better schedule before a restart
	golferKick   = 5          // random swaps applied to the best schedule at a restart
	golferSample = 16         // conflicted members whose swaps a move examines, at most
	golferOrder  = 100_000    // steps of the search for a week order
)

// golferSchedule returns weeks repeat-free weeks of n members in groups of
// g = 3 or 4 (with the larger or smaller groups the engine forms, see
// golferSizes), or false when the search has examined budget swaps
// (golferBudget when 0) first. The schedule is classes[w][i], the points
// of group i in week w, each group sorted and groups sorted by first
// point. Since some shapes have no solution and others need luck, the
// attempts go round the best shapes with a new seed and twice the moves
// each round.
func golferSchedule(n, g, weeks, budget int) ([][][]int32, bool) {
	if g < 3 || g > 4 || n < g || weeks < 1 || weeks > groupsLimit(n, g) {
		return nil, false
	}
	oneLarger := n-len(golferSizes(n, g))*g == 1
	shapes := golferShapes(n, g, weeks)
	shapes = shapes[:min(len(shapes), golferTried)]
	if budget <= 0 {
		budget = golferBudget
	}
	for round := 0; len(shapes) > 0; round++ {
		for _, sh := range shapes {
			s := newGolferSearch(n, g, sh.m, sh.base, uint64(round+1), round == 0 && oneLarger)
			ok, used := s.search(min(budget, golferFirst<<round))
			if ok {
				return orderWeeks(s.classes()[:weeks], g), true
			}
			if budget -= used; budget <= 0 {
				return nil, false
			}
		}
	}
	return nil, false
}

// golferShape is a symmetry to search under: base weeks shifted m times.
type golferShape struct{ m, base int }

// golferShapes lists the shapes that have enough orbits for weeks weeks,
// fewest base weeks first (the smallest search), then the most spare
// orbits. m = 1 is the plain search over every week.
func golferShapes(n, g, weeks int) []golferShape {
	pairs, fits := 0, 0 // pairs a week; groups a fixed point may join
	for _, size := range golferSizes(n, g) {
		pairs += size * (size - 1) / 2
		if size == g {
			fits++
		}
	}
	type ranked struct {
		golferShape
		spare int
	}
	var shapes []ranked
	for m := 1; m <= n; m++ {
		levels := n / m
		fixed := n - levels*m
		base := (weeks + m - 1) / m
		// Each fixed point sits in a group of g of every base week, with
		// g-1 levels it has not met yet.
		if fixed > fits || (fixed > 0 && (g-1)*base > levels) {
			continue
		}
		orbits := levels*((m-1)/2) + levels*(levels-1)/2*m + fixed*levels
		if spare := orbits - base*pairs; spare >= 0 {
			shapes = append(shapes, ranked{golferShape{m, base}, spare})
		}
	}
	slices.SortStableFunc(shapes, func(a, b ranked) int {
		if a.base != b.base {
			return a.base - b.base
		}
		return b.spare - a.spare
	})
	out := make([]golferShape, len(shapes))
	for i, sh := range shapes {
		out[i] = sh.golferShape
	}
	return out
}

// golferSizes returns the group sizes of a week of n members in groups of
// g as the engine forms them (see RepeatFreeLimit): k = n/g groups, rounded up
// when n mod g exceeds k, of which the first n-kg have g+1 members when
// that is positive and the last kg-n have g-1 when it is negative.
func golferSizes(n, g int) []int {
	k := n / g
	if n%g > k {
		k = (n + g - 1) / g
	}
	r := n - k*g
	sizes := make([]int, k)
	for i := range sizes {
		sizes[i] = g
		switch {
		case i < r:
			sizes[i] = g + 1
		case i >= k+r:
			sizes[i] = g - 1
		}
	}
	return sizes
}

// golferSearch is the state of the search for base weeks. Point x below
// m·levels is residue x mod m on level x / m; the points from m·levels on
// are fixed.
type golferSearch struct {
	n, m, levels int
	g            int         // the group size asked for
	sizes        []int       // golferSizes(n, g)
	base         int         // base weeks
	groups       [][][]int32 // groups[w][i], unsorted; sizes as sizes
	where        []int32     // where[w*n+x] is x's group in base week w
	large        []bool      // large[w*n+x]: x is in a group larger than g in base week w
	apart        bool        // whether neighbours in larger groups cost
	orbit        []int32     // orbit[x*n+y], symmetric
	count        []int32     // uses of each orbit
	cost         int         // orbits' uses beyond the first, and neighbours in larger groups
	tabu         []int       // tabu[w*n+x]: x stays in its group of base week w until then
	r            rng
}

func newGolferSearch(n, g, m, base int, seed uint64, apart bool) *golferSearch {
	s := &golferSearch{
		n: n, m: m, levels: n / m, g: g, sizes: golferSizes(n, g), base: base,
		apart:  apart,
		groups: make([][][]int32, base),
		where:  make([]int32, base*n),
		large:  make([]bool, base*n),
		orbit:  make([]int32, n*n),
		tabu:   make([]int, base*n),
		r:      rng{s: seed},
	}
	// Orbit 0 gathers the pairs no base week may hold, so it starts used.
	L, fixed := s.levels, n-s.levels*m
	half := m / 2 // same-level orbits per level, one per difference ±d
	cross := 1 + L*half
	withFixed := cross + L*L*m
	s.count = make([]int32, withFixed+fixed*L)
	s.count[0] = 1
	for x := range n {
		for y := range n {
			lx, ly := x/m, y/m
			var o int
			switch {
			case x == y || (lx >= L && ly >= L):
				o = 0
			case ly >= L:
				o = withFixed + (y-L*m)*L + lx
			case lx >= L:
				o = withFixed + (x-L*m)*L + ly
			case lx == ly:
				d := ((y-x)%m + m) % m
				if 2*d == m {
					o = 0
				} else {
					o = 1 + lx*half + min(d, m-d) - 1
				}
			case lx < ly:
				o = cross + (lx*L+ly)*m + ((y-x)%m+m)%m
			default:
				o = cross + (ly*L+lx)*m + ((x-y)%m+m)%m
			}
			s.orbit[x*n+y] = int32(o)
		}
	}
	for w := range base {
		s.greedyWeek(w)
	}
	return s
}

func (s *golferSearch) fixed(x int32) bool { return int(x) >= s.levels*s.m }

// use changes the uses of x,y's orbit by d (±1) and returns the change in
// cost.
func (s *golferSearch) use(x, y int32, d int) int {
	o := s.orbit[x*int32(s.n)+y]
	c := int(s.count[o])
	s.count[o] = int32(c + d)
	if (d > 0 && c >= 1) || (d < 0 && c >= 2) {
		return d
	}
	return 0
}

// place puts base week w's groups in and counts their pairs.
func (s *golferSearch) place(w int, groups [][]int32) {
	s.groups[w] = groups
	for g, grp := range groups {
		for i, x := range grp {
			s.where[w*s.n+int(x)] = int32(g)
			if len(grp) > s.g {
				s.cost += s.neighbours(w, x)
				s.large[w*s.n+int(x)] = true
			}
			for _, y := range grp[:i] {
				s.cost += s.use(x, y, 1)
			}
		}
	}
}

// neighbours counts the points one apart from x on its level that are in
// a larger group of base week w, when they cost.
func (s *golferSearch) neighbours(w int, x int32) int {
	if !s.apart || s.m < 3 || s.fixed(x) {
		return 0
	}
	m := int32(s.m)
	c := 0
	for _, d := range [2]int32{1, m - 1} {
		if s.large[w*s.n+int(x-x%m+(x%m+d)%m)] {
			c++
		}
	}
	return c
}

// largeDelta is the change in neighbours in larger groups if x and y
// swapped groups in base week w.
func (s *golferSearch) largeDelta(w int, x, y int32) int {
	lx, ly := s.large[w*s.n+int(x)], s.large[w*s.n+int(y)]
	if lx == ly {
		return 0
	}
	if ly {
		x, y = y, x
	}
	s.large[w*s.n+int(x)] = false
	d := s.neighbours(w, y) - s.neighbours(w, x)
	s.large[w*s.n+int(x)] = true
	return d
}

// greedyWeek builds base week w group by group, each grown by the member
// whose pairs with the group use the fewest orbits already used (ties at
// random). The fixed points start groups of g of their own, since two of
// them must never meet.
func (s *golferSearch) greedyWeek(w int) {
	n := int32(s.n)
	var free []int32
	for x := range n {
		if !s.fixed(x) {
			free = append(free, x)
		}
	}
	next := int32(s.levels * s.m)
	var groups [][]int32
	for _, size := range s.sizes {
		grp := make([]int32, 0, size)
		if size == s.g && next < n {
			grp = append(grp, next)
			next++
		}
		for len(grp) < size {
			best, bestKey := -1, 0
			for i, y := range free {
				clash := 0
				for _, a := range grp {
					clash += int(s.count[s.orbit[y*n+a]])
				}
				if key := clash<<16 | s.r.intn(1<<16); best < 0 || key < bestKey {
					best, bestKey = i, key
				}
			}
			grp = append(grp, free[best])
			free = slices.Delete(free, best, best+1)
		}
		groups = append(groups, grp)
	}
	s.place(w, groups)
}

// move takes x out of grp and puts y in its place (d = 1), or undoes that
// (d = -1), in the orbit counts only, and returns the change in cost.
func (s *golferSearch) move(grp []int32, x, y int32, d int) int {
	delta := 0
	for _, a := range grp {
		if a != x {
			delta += s.use(x, a, -d) + s.use(y, a, d)
		}
	}
	return delta
}

// swapDelta is the change in cost if x and y, in different groups of base
// week w, swapped groups. The orbits of the pairs removed and added may
// coincide, so the swap is made in the counts and undone.
func (s *golferSearch) swapDelta(w int, x, y int32) int {
	gx := s.groups[w][s.where[w*s.n+int(x)]]
	gy := s.groups[w][s.where[w*s.n+int(y)]]
	d := s.move(gx, x, y, 1) + s.move(gy, y, x, 1) + s.largeDelta(w, x, y)
	s.move(gy, y, x, -1)
	s.move(gx, x, y, -1)
	return d
}

// canSwap reports whether x and y may swap groups in base week w: they are
// in different groups and no fixed point would join a group of another
// size than g.
func (s *golferSearch) canSwap(w int, x, y int32) bool {
	gx, gy := s.where[w*s.n+int(x)], s.where[w*s.n+int(y)]
	if gx == gy {
		return false
	}
	return !(s.fixed(x) && len(s.groups[w][gy]) != s.g) && !(s.fixed(y) && len(s.groups[w][gx]) != s.g)
}

// swap exchanges x and y between their groups of base week w.
func (s *golferSearch) swap(w int, x, y int32) {
	ix, iy := s.where[w*s.n+int(x)], s.where[w*s.n+int(y)]
	gx, gy := s.groups[w][ix], s.groups[w][iy]
	s.cost += s.move(gx, x, y, 1) + s.move(gy, y, x, 1) + s.largeDelta(w, x, y)
	lx, ly := &s.large[w*s.n+int(x)], &s.large[w*s.n+int(y)]
	*lx, *ly = *ly, *lx
	gx[slices.Index(gx, x)] = y
	gy[slices.Index(gy, y)] = x
	s.where[w*s.n+int(x)], s.where[w*s.n+int(y)] = iy, ix
}

// search repairs the base weeks, examining at most about budget swaps, and
// reports whether they became repeat-free, and the swaps it examined.
func (s *golferSearch) search(budget int) (bool, int) {
	n := int32(s.n)
	best, bestAt := s.cost, 0
	bestGroups := s.snapshot()
	type swapMove struct {
		w    int
		x, y int32
	}
	var cands []swapMove
	type member struct {
		w int
		x int32
	}
	var conflicted []member
	seen := make([]int, len(s.where))
	examined := 0
	for it := 1; examined < budget; it++ {
		if s.cost == 0 {
			return true, examined
		}
		if it-bestAt > golferStall {
			s.restore(bestGroups)
			for range golferKick {
				w := s.r.intn(s.base)
				x, y := int32(s.r.intn(s.n)), int32(s.r.intn(s.n))
				if s.canSwap(w, x, y) {
					s.swap(w, x, y)
				}
			}
			bestAt = it
		}
		// The members of base weeks' pairs whose orbit is used twice, and
		// of larger groups with a neighbour in one.
		conflicted = conflicted[:0]
		for w, groups := range s.groups {
			for _, grp := range groups {
				for i, x := range grp {
					if len(grp) > s.g && s.neighbours(w, x) > 0 && seen[w*s.n+int(x)] != it {
						seen[w*s.n+int(x)] = it
						conflicted = append(conflicted, member{w, x})
					}
					for _, y := range grp[:i] {
						if s.count[s.orbit[x*n+y]] < 2 {
							continue
						}
						for _, z := range [2]int32{x, y} {
							if seen[w*s.n+int(z)] != it {
								seen[w*s.n+int(z)] = it
								conflicted = append(conflicted, member{w, z})
							}
						}
					}
				}
			}
		}
		// The best swap of a conflicted member (of a sample, when many are),
		// tabu ones only when they beat the best schedule.
		for i := range min(len(conflicted), golferSample) {
			j := i + s.r.intn(len(conflicted)-i)
			conflicted[i], conflicted[j] = conflicted[j], conflicted[i]
		}
		bestD := 0
		cands = cands[:0]
		for _, c := range conflicted[:min(len(conflicted), golferSample)] {
			for y := range n {
				if !s.canSwap(c.w, c.x, y) {
					continue
				}
				d := s.swapDelta(c.w, c.x, y)
				examined++
				tabu := s.tabu[c.w*s.n+int(c.x)] > it || s.tabu[c.w*s.n+int(y)] > it
				if (tabu && s.cost+d >= best) || (len(cands) > 0 && d > bestD) {
					continue
				}
				if len(cands) == 0 || d < bestD {
					bestD = d
					cands = cands[:0]
				}
				cands = append(cands, swapMove{c.w, c.x, y})
			}
		}
		if len(cands) == 0 {
			continue
		}
		m := cands[s.r.intn(len(cands))]
		s.swap(m.w, m.x, m.y)
		s.tabu[m.w*s.n+int(m.x)] = it + golferTenure + s.r.intn(golferSpread)
		s.tabu[m.w*s.n+int(m.y)] = it + golferTenure + s.r.intn(golferSpread)
		if s.cost < best {
			best, bestAt = s.cost, it
			bestGroups = s.snapshot()
		}
	}
	return s.cost == 0, examined
}

// snapshot copies the base weeks.
func (s *golferSearch) snapshot() [][][]int32 {
	out := make([][][]int32, s.base)
	for w, groups := range s.groups {
		out[w] = cloneGroups(groups)
	}
	return out
}

// restore replaces the base weeks with a snapshot.
func (s *golferSearch) restore(snap [][][]int32) {
	for _, groups := range s.groups {
		for _, grp := range groups {
			for i, x := range grp {
				for _, y := range grp[:i] {
					s.use(x, y, -1)
				}
			}
		}
	}
	s.cost = 0
	clear(s.large)
	for w, groups := range snap {
		s.place(w, cloneGroups(groups))
	}
}

// classes develops the base weeks into their m shifts each, in the
// published form.
func (s *golferSearch) classes() [][][]int32 {
	m := int32(s.m)
	var out [][][]int32
	for _, groups := range s.groups {
		for shift := range m {
			week := make([][]int32, len(groups))
			for g, grp := range groups {
				h := make([]int32, len(grp))
				for i, x := range grp {
					h[i] = x
					if !s.fixed(x) {
						h[i] = x - x%m + (x%m+shift)%m
					}
				}
				week[g] = h
			}
			out = append(out, sortGroups(week))
		}
	}
	return out
}
