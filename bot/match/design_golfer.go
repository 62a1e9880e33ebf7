package match

import "slices"

// Schedules for groups of three: the Social Golfer Problem, solved for the
// whole schedule at once by a local search over a cyclic design.
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
// apart on a level. A fixed point never joins a group of four, where it
// would be in every shift; the weeks are finally ordered so that, where
// possible, nobody is in a group of four two weeks in a row.

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
// three (and n mod 3 groups of four, as the engine forms them), or false
// when the search has examined budget swaps (golferBudget when 0) first. The schedule is classes[w][g],
// the points of group g in week w, each group sorted and groups sorted by
// first point. Since some shapes have no solution and others need luck,
// the attempts go round the best shapes with a new seed and twice the
// moves each round.
func golferSchedule(n, weeks, budget int) ([][][]int32, bool) {
	if n < 3 || n%3 > n/3 || weeks < 1 {
		return nil, false
	}
	shapes := golferShapes(n, weeks)
	shapes = shapes[:min(len(shapes), golferTried)]
	if budget <= 0 {
		budget = golferBudget
	}
	for round := 0; len(shapes) > 0; round++ {
		for _, sh := range shapes {
			s := newGolferSearch(n, sh.m, sh.base, uint64(round+1))
			ok, used := s.search(min(budget, golferFirst<<round))
			if ok {
				return orderWeeks(s.classes()[:weeks]), true
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
func golferShapes(n, weeks int) []golferShape {
	sizes := golferSizes(n)
	pairs, quads := 0, 0
	for _, size := range sizes {
		pairs += size * (size - 1) / 2
		if size == 4 {
			quads++
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
		// Each fixed point sits in a triple of every base week, with two
		// levels it has not met yet.
		if fixed > len(sizes)-quads || (fixed > 0 && 2*base > levels) {
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
// three as the engine forms them: n/3 groups, the first n mod 3 of four.
func golferSizes(n int) []int {
	sizes := make([]int, n/3)
	for i := range sizes {
		sizes[i] = 3
		if i < n%3 {
			sizes[i] = 4
		}
	}
	return sizes
}

// golferSearch is the state of the search for base weeks. Point x below
// m·levels is residue x mod m on level x / m; the points from m·levels on
// are fixed.
type golferSearch struct {
	n, m, levels int
	base         int         // base weeks
	groups       [][][]int32 // groups[w][g], unsorted; sizes as golferSizes
	where        []int32     // where[w*n+x] is x's group in base week w
	orbit        []int32     // orbit[x*n+y], symmetric
	count        []int32     // uses of each orbit
	cost         int         // the sum over orbits of their uses beyond the first
	tabu         []int       // tabu[w*n+x]: x stays in its group of base week w until then
	r            rng
}

func newGolferSearch(n, m, base int, seed uint64) *golferSearch {
	s := &golferSearch{
		n: n, m: m, levels: n / m, base: base,
		groups: make([][][]int32, base),
		where:  make([]int32, base*n),
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
			for _, y := range grp[:i] {
				s.cost += s.use(x, y, 1)
			}
		}
	}
}

// greedyWeek builds base week w group by group, each grown by the member
// whose pairs with the group use the fewest orbits already used (ties at
// random). The fixed points start triples of their own, since two of them
// must never meet.
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
	for _, size := range golferSizes(s.n) {
		grp := make([]int32, 0, size)
		if size == 3 && next < n {
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
	d := s.move(gx, x, y, 1) + s.move(gy, y, x, 1)
	s.move(gy, y, x, -1)
	s.move(gx, x, y, -1)
	return d
}

// canSwap reports whether x and y may swap groups in base week w: they are
// in different groups and no fixed point would join a group of four.
func (s *golferSearch) canSwap(w int, x, y int32) bool {
	gx, gy := s.where[w*s.n+int(x)], s.where[w*s.n+int(y)]
	if gx == gy {
		return false
	}
	return !(s.fixed(x) && len(s.groups[w][gy]) == 4) && !(s.fixed(y) && len(s.groups[w][gx]) == 4)
}

// swap exchanges x and y between their groups of base week w.
func (s *golferSearch) swap(w int, x, y int32) {
	ix, iy := s.where[w*s.n+int(x)], s.where[w*s.n+int(y)]
	gx, gy := s.groups[w][ix], s.groups[w][iy]
	s.cost += s.move(gx, x, y, 1) + s.move(gy, y, x, 1)
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
		// The members of base weeks' pairs whose orbit is used twice.
		conflicted = conflicted[:0]
		for w, groups := range s.groups {
			for _, grp := range groups {
				for i, x := range grp {
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
		out[w] = make([][]int32, len(groups))
		for g, grp := range groups {
			out[w][g] = slices.Clone(grp)
		}
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
	for w, groups := range snap {
		c := make([][]int32, len(groups))
		for g, grp := range groups {
			c[g] = slices.Clone(grp)
		}
		s.place(w, c)
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
				slices.Sort(h)
				week[g] = h
			}
			slices.SortFunc(week, func(a, b []int32) int { return int(a[0] - b[0]) })
			out = append(out, week)
		}
	}
	return out
}

// orderWeeks orders the weeks so that no member is in a group of four two
// weeks in a row, by a depth-first search from the first week; when its
// steps run out it returns the weeks as they are.
func orderWeeks(weeks [][][]int32) [][][]int32 {
	quads := make([][]int32, len(weeks))
	for w, week := range weeks {
		for _, g := range week {
			if len(g) == 4 {
				quads[w] = append(quads[w], g...)
			}
		}
	}
	if len(quads[0]) == 0 {
		return weeks
	}
	apart := func(a, b int) bool {
		for _, x := range quads[a] {
			if slices.Contains(quads[b], x) {
				return false
			}
		}
		return true
	}
	order := []int{0}
	used := make([]bool, len(weeks))
	used[0] = true
	steps := golferOrder
	var extend func() bool
	extend = func() bool {
		if len(order) == len(weeks) {
			return true
		}
		last := order[len(order)-1]
		for w := range weeks {
			if steps--; steps < 0 {
				return false
			}
			if used[w] || !apart(last, w) {
				continue
			}
			used[w] = true
			order = append(order, w)
			if extend() {
				return true
			}
			order = order[:len(order)-1]
			used[w] = false
		}
		return false
	}
	if !extend() {
		return weeks
	}
	out := make([][][]int32, len(weeks))
	for i, w := range order {
		out[i] = weeks[w]
	}
	return out
}
