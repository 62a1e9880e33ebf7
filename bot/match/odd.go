package match

// Odd counts in pairs, up to rotationMaxMembers. With n odd every round has
// one trio, and a matching chosen round by round runs out of fresh trios
// around 80 % of the limit. For fixed membership the engine therefore
// follows a schedule that reaches the limit (RepeatFreeLimit):
//
//   - n ≥ 11: a 1-rotational design on Z_W ∪ {∞0..∞3}, W = n-4. Week w is
//     the base week shifted by w: ∞0-w, ∞1-(w-1), ∞2-(w+2), ∞3-(w-2), the
//     trio {w+1, w+3, w-3} and the pairs {w+j, w-j} for j = 4..(W-1)/2. The
//     base holds each difference ±d of Z_W exactly once (the trio takes 2,
//     4 and 6, the pairs 2j, and 2 is invertible mod W), and each ∞ meets
//     every point of Z_W once, so in W weeks every pair except the six
//     among the ∞ meets exactly once. Two weeks' trios share a member only
//     when the weeks differ by ±2, ±4 or ±6: from W = 9 on there is always
//     an order with no member in the trio twice in a row.
//   - n = 7 and 9: schedules found by exhaustive search (3 and 6 weeks).
//
// The engine keeps no state, so the schedule is recovered from the history
// each round: the earliest round the history holds among the members, when
// it grouped exactly them in pairs and one trio, is taken as week 0 (any
// partition can be, by relabelling), its groups fix the labelling (in ID
// order), and a week has been played when its marker pair met. Week 0 is
// thus the matcher's best round; after it the round is the unplayed week
// of best quality whose trio avoids last round's trio, checked pair by pair
// against the history and the hard rules. Whenever membership changes the
// first round no longer covers the members and the matcher takes over.

// rotationMaxMembers is the largest odd count that follows the rotation: up
// to it a full rotation lasts at most a year, so all members meet within it
// and the order of the weeks is what skills can still choose. Larger counts
// follow the trio plan (trioplan.go), which keeps the matcher's choice of
// pairs and stops short of the limit by a week or two.
const rotationMaxMembers = 55

// rotationEvalPairs bounds the pairs scored per round when choosing among
// the unplayed weeks (all of them up to about 360 members).
const rotationEvalPairs = 1 << 17

// rotationEndGame is the number of unplayed weeks from which the order of
// the rest is planned so that no trio member repeats in a row.
const rotationEndGame = 12

// rotWeek is one week of a rotation, in points 0..n-1.
type rotWeek struct {
	trio  [3]int32
	pairs [][2]int32
}

// rotation is a repeat-free schedule of weeks for an odd number of members
// in pairs and one trio.
type rotation struct {
	n, weeks int
	fixed    []rotWeek // the weeks for n = 7 and 9; nil for the cyclic design
}

// Found by exhaustive search: no schedule of 7 members has more than 3
// repeat-free weeks (the counting bound says 4), and 9 members reach the
// counting bound of 6 only in schedules whose trios cannot all avoid
// each other's members in consecutive weeks.
var (
	rotation7 = []rotWeek{
		{[3]int32{0, 1, 2}, [][2]int32{{3, 4}, {5, 6}}},
		{[3]int32{1, 4, 5}, [][2]int32{{0, 3}, {2, 6}}},
		{[3]int32{1, 3, 6}, [][2]int32{{0, 4}, {2, 5}}},
	}
	rotation9 = []rotWeek{
		{[3]int32{0, 1, 2}, [][2]int32{{3, 4}, {5, 6}, {7, 8}}},
		{[3]int32{2, 5, 7}, [][2]int32{{0, 3}, {1, 4}, {6, 8}}},
		{[3]int32{0, 4, 6}, [][2]int32{{1, 7}, {2, 8}, {3, 5}}},
		{[3]int32{1, 3, 8}, [][2]int32{{0, 5}, {2, 6}, {4, 7}}},
		{[3]int32{4, 5, 8}, [][2]int32{{0, 7}, {1, 6}, {2, 3}}},
		{[3]int32{3, 6, 7}, [][2]int32{{0, 8}, {1, 5}, {2, 4}}},
	}
)

// newRotation returns the rotation for n members, if there is one (odd n
// of at least 7).
func newRotation(n int) (rotation, bool) {
	switch {
	case n%2 == 0 || n < 7:
		return rotation{}, false
	case n == 7:
		return rotation{n: 7, weeks: 3, fixed: rotation7}, true
	case n == 9:
		return rotation{n: 9, weeks: 6, fixed: rotation9}, true
	}
	return rotation{n: n, weeks: n - 4}, true
}

// at is point i of Z_W shifted by week w.
func (r rotation) at(i, w int) int32 { return int32((i + w) % r.weeks) }

// trio returns week w's trio.
func (r rotation) trio(w int) [3]int32 {
	if r.fixed != nil {
		return r.fixed[w].trio
	}
	W := r.weeks
	return [3]int32{r.at(1, w), r.at(3, w), r.at(W-3, w)}
}

// marker returns a pair that meets in week w and in no other week.
func (r rotation) marker(w int) [2]int32 {
	if r.fixed != nil {
		return r.fixed[w].pairs[0]
	}
	return [2]int32{int32(r.weeks), r.at(0, w)}
}

// week returns week w, reusing buf for the pairs. The marker comes first.
func (r rotation) week(w int, buf [][2]int32) rotWeek {
	if r.fixed != nil {
		return r.fixed[w]
	}
	W := r.weeks
	inf := int32(W)
	pairs := append(buf[:0],
		[2]int32{inf, r.at(0, w)}, [2]int32{inf + 1, r.at(W-1, w)},
		[2]int32{inf + 2, r.at(2, w)}, [2]int32{inf + 3, r.at(W-2, w)})
	for j := 4; j <= (W-1)/2; j++ {
		pairs = append(pairs, [2]int32{r.at(j, w), r.at(W-j, w)})
	}
	return rotWeek{trio: r.trio(w), pairs: pairs}
}

// rotationGroups returns this round's groups from the rotation, or nil when
// the members are not following one (see above) or no unplayed week is
// repeat-free under the hard rules.
func (x *instance) rotationGroups() [][]int32 {
	if x.groupSize != 2 || x.hist == nil {
		return nil
	}
	if x.n > rotationMaxMembers {
		return nil
	}
	rot, ok := newRotation(x.n)
	if !ok {
		return nil
	}
	first, ok := x.firstRound()
	if !ok {
		return nil
	}
	// label maps points to members: week 0 onto the first round.
	label := make([]int32, x.n)
	w0 := rot.week(0, nil)
	for i, p := range w0.trio {
		label[p] = first.trio[i]
	}
	for i, p := range w0.pairs {
		label[p[0]], label[p[1]] = first.pairs[i][0], first.pairs[i][1]
	}
	var open []int
	for w := 1; w < rot.weeks; w++ {
		m := rot.marker(w)
		if ok, rec := x.lookup(label[m[0]], label[m[1]]); ok && rec < 0 {
			open = append(open, w)
		}
	}
	if len(open) == 0 {
		return nil
	}
	// Score the unplayed weeks (a window of them in large communities),
	// dropping those with a pair that met or that the rules forbid.
	budget := max(16, rotationEvalPairs/x.n)
	from := 0
	if len(open) > budget {
		from = int(x.seed % uint64(len(open)))
	}
	type cand struct {
		w         int
		quality   int64
		trioTwice bool
		orderable bool
	}
	var cands []cand
	var buf [][2]int32
	for k := range min(budget, len(open)) {
		w := open[(from+k)%len(open)]
		wk := rot.week(w, buf)
		buf = wk.pairs
		q, ok := x.rotationWeekValue(wk, label)
		if !ok {
			continue
		}
		c := cand{w: w, quality: q, orderable: true}
		for _, p := range wk.trio {
			c.trioTwice = c.trioTwice || x.oversized[label[p]]
		}
		if len(open) <= rotationEndGame {
			c.orderable = trioOrderable(rot, w, open)
		}
		cands = append(cands, c)
	}
	if len(cands) == 0 {
		return nil
	}
	better := func(a, b cand) bool {
		switch {
		case a.trioTwice != b.trioTwice:
			return !a.trioTwice
		case a.orderable != b.orderable:
			return a.orderable
		case a.quality != b.quality:
			return a.quality > b.quality
		}
		return a.w < b.w
	}
	best := cands[0]
	for _, c := range cands[1:] {
		if better(c, best) {
			best = c
		}
	}
	wk := rot.week(best.w, nil)
	groups := make([][]int32, 0, 1+len(wk.pairs))
	groups = append(groups, []int32{label[wk.trio[0]], label[wk.trio[1]], label[wk.trio[2]]})
	for _, p := range wk.pairs {
		groups = append(groups, []int32{label[p[0]], label[p[1]]})
	}
	return groups
}

// rotationWeekValue sums the quality of a week's pairs (the trio's three
// included), or reports false when one of them met before or is forbidden.
func (x *instance) rotationWeekValue(wk rotWeek, label []int32) (int64, bool) {
	var total int64
	add := func(a, b int32) bool {
		u, v := label[a], label[b]
		if ok, rec := x.lookup(u, v); !ok || rec >= 0 {
			return false
		}
		total += x.quality(u, v)
		return true
	}
	t := wk.trio
	if !add(t[0], t[1]) || !add(t[0], t[2]) || !add(t[1], t[2]) {
		return 0, false
	}
	for _, p := range wk.pairs {
		if !add(p[0], p[1]) {
			return 0, false
		}
	}
	return total, true
}

// trioOrderable reports whether the unplayed weeks open can be played
// starting with week w so that no two consecutive trios share a member.
// The search is small (at most rotationEndGame weeks) and bounded; when the
// bound runs out the answer is yes, so that it never vetoes a week wrongly
// for long.
func trioOrderable(rot rotation, w int, open []int) bool {
	rest := make([]int, 0, len(open))
	for _, o := range open {
		if o != w {
			rest = append(rest, o)
		}
	}
	meets := func(a, b int) bool {
		ta, tb := rot.trio(a), rot.trio(b)
		for _, u := range ta {
			for _, v := range tb {
				if u == v {
					return true
				}
			}
		}
		return false
	}
	used := make([]bool, len(rest))
	steps := 0
	var dfs func(last, left int) bool
	dfs = func(last, left int) bool {
		if left == 0 {
			return true
		}
		if steps++; steps > 20_000 {
			return true
		}
		for i, o := range rest {
			if !used[i] && !meets(last, o) {
				used[i] = true
				if dfs(o, left-1) {
					return true
				}
				used[i] = false
			}
		}
		return false
	}
	return dfs(w, len(rest))
}

// firstGroups are the groups of a round of pairs and one trio.
type firstGroups struct {
	trio  [3]int32
	pairs [][2]int32 // each sorted, in order of their first member
}

// firstRound returns the groups of the earliest round the history holds
// among the members, when that round grouped every member in pairs and one
// trio (see firstPartition).
func (x *instance) firstRound() (firstGroups, bool) {
	var g firstGroups
	groups, ok := x.firstPartition()
	if !ok {
		return g, false
	}
	trios := 0
	for _, grp := range groups {
		switch len(grp) {
		case 2:
			g.pairs = append(g.pairs, [2]int32{grp[0], grp[1]})
		case 3:
			g.trio = [3]int32(grp)
			trios++
		default:
			return g, false
		}
	}
	return g, trios == 1
}
