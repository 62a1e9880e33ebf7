package match

import "slices"

// Groups of 4 for n = 4q members, q a prime power with q ≡ 0 or 1 (mod 4):
// a resolvable transversal design plus weeks within its groups.
//
// The members form four columns of q, point (i, x) for column i and x in
// GF(q). Week b of the transversal design puts (0, a), (1, a+b),
// (2, a+2b), (3, a+3b) together for every a (2 and 3 standing for field
// elements distinct from 0 and 1): two points of different columns meet in
// exactly one week, the one with b = (y-x)/(j-i). Those q weeks cover every
// pair across columns, so the remaining weeks group members of the same
// column only. With q ≡ 0 (mod 4) a column splits into quads; with
// q ≡ 1 one point of each column is left over, and the four leftovers, the
// same x in every column, form a block of week b = 0 of the design, which
// is therefore kept back for them. The weeks within columns, the same in
// every column, are found by a small seeded search: sets of quads covering
// all but at most one point of a column, no pair twice. For 100 members
// (q = 25) this gives 24 + 8 = 32 weeks of the 33 the counting bound
// allows.

// quadsMaxColumn bounds q: a schedule longer than the weeks of a few years
// is of no use.
const quadsMaxColumn = 64

// quadsSchedule returns the schedule for n members in groups of 4, or false
// when n is not of the form above.
func quadsSchedule(n int) ([][][]int32, bool) {
	q := n / 4
	if n%4 != 0 || q < 4 || q > quadsMaxColumn || q%4 > 1 {
		return nil, false
	}
	f, ok := newField(q)
	if !ok {
		return nil, false
	}
	left := q % 4
	point := func(col int, x int32) int32 { return int32(col*q) + x }
	var classes [][][]int32
	for b := int32(left); b < int32(q); b++ {
		class := make([][]int32, 0, q)
		for a := range int32(q) {
			g := make([]int32, 4)
			for i := range 4 {
				g[i] = point(i, f.plus(a, f.times(b, int32(i))))
			}
			slices.Sort(g)
			class = append(class, g)
		}
		classes = append(classes, sortGroups(class))
	}
	for _, within := range columnWeeks(q, left) {
		class := make([][]int32, 0, q)
		for i := range 4 {
			for _, quad := range within.quads {
				class = append(class, []int32{point(i, quad[0]), point(i, quad[1]), point(i, quad[2]), point(i, quad[3])})
			}
		}
		if left == 1 {
			x := within.left
			class = append(class, []int32{point(0, x), point(1, x), point(2, x), point(3, x)})
		}
		classes = append(classes, sortGroups(class))
	}
	return classes, true
}

// columnWeek is one week within a column of q points: quads, and the point
// left over (when q ≡ 1 mod 4).
type columnWeek struct {
	quads [][4]int32
	left  int32
}

// columnWeeks' search budget, in nodes: in all, and for one week, since a
// week that is hard to complete is better given up for a fresh start.
const (
	columnWeekBudget  = 400_000
	columnWeekPerWeek = 2_000
)

// columnWeeks returns as many weeks within a column of q points as a seeded
// search finds: each week's quads cover every point but the week's leftover
// (left = 1; the leftovers all differ) or every point (left = 0), and no
// pair of points shares a quad twice. The count the pairs allow is
// ⌊q(q-1)/2 / (6(q-left)/4)⌋; the search stops there or when its budget
// runs out, keeping the longest run found.
func columnWeeks(q, left int) []columnWeek {
	maxWeeks := q * (q - 1) / 2 / (6 * (q - left) / 4)
	if left == 1 {
		maxWeeks = min(maxWeeks, q)
	}
	var best []columnWeek
	r := rng{s: uint64(q)*0x9e3779b97f4a7c15 + 1}
	nodes := 0
	for nodes < columnWeekBudget && len(best) < maxWeeks {
		used := make([]bool, q*q)
		var weeks []columnWeek
		order := make([]int32, q)
		for i := range order {
			order[i] = int32(i)
		}
		for len(weeks) < maxWeeks {
			shuffle(&r, order)
			wk := columnWeek{left: -1}
			if left == 1 {
				taken := func(v int32) bool {
					return slices.ContainsFunc(weeks, func(w columnWeek) bool { return w.left == v })
				}
				wk.left = order[len(weeks)%q]
				if taken(wk.left) {
					wk.left = -1
					for _, v := range order {
						if !taken(v) {
							wk.left = v
							break
						}
					}
				}
			}
			quads, ok := coverByQuads(q, wk.left, order, used, &nodes, nodes+columnWeekPerWeek)
			if !ok {
				break
			}
			wk.quads = quads
			for _, g := range quads {
				for i := range 4 {
					for j := i + 1; j < 4; j++ {
						used[int(g[i])*q+int(g[j])], used[int(g[j])*q+int(g[i])] = true, true
					}
				}
			}
			weeks = append(weeks, wk)
		}
		if len(weeks) > len(best) {
			best = weeks
		}
	}
	return best
}

// coverByQuads splits the q points but skip into quads of pairs not used,
// by depth-first search in the order given, counting nodes up to limit.
func coverByQuads(q int, skip int32, order []int32, used []bool, nodes *int, limit int) ([][4]int32, bool) {
	done := make([]bool, q)
	if skip >= 0 {
		done[skip] = true
	}
	var quads [][4]int32
	free := func(a, b int32) bool { return !used[int(a)*q+int(b)] }
	var dfs func() bool
	dfs = func() bool {
		if *nodes++; *nodes > limit {
			return false
		}
		u := int32(-1)
		for _, v := range order {
			if !done[v] {
				u = v
				break
			}
		}
		if u < 0 {
			return true
		}
		done[u] = true
		for i, a := range order {
			if done[a] || !free(u, a) {
				continue
			}
			done[a] = true
			for j := i + 1; j < len(order); j++ {
				b := order[j]
				if done[b] || !free(u, b) || !free(a, b) {
					continue
				}
				done[b] = true
				for _, c := range order[j+1:] {
					if done[c] || !free(u, c) || !free(a, c) || !free(b, c) {
						continue
					}
					done[c] = true
					quads = append(quads, [4]int32{u, a, b, c})
					if dfs() {
						return true
					}
					quads = quads[:len(quads)-1]
					done[c] = false
				}
				done[b] = false
			}
			done[a] = false
		}
		done[u] = false
		return false
	}
	if !dfs() {
		return nil, false
	}
	for i := range quads {
		slices.Sort(quads[i][:])
	}
	return quads, true
}
