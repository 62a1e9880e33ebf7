package match

import (
	"math/bits"
	"slices"
)

// A schedule for 40 members in groups of 4 that lasts 13 weeks, the limit,
// taken from the projective space PG(3,3). Its 40 points are the
// one-dimensional subspaces of GF(3)^4 and its 130 lines the
// two-dimensional ones; two points lie on exactly one line, so a packing,
// a partition of the lines into 13 spreads of 10 disjoint lines, is a
// schedule where every pair meets exactly once.
//
// No packing of PG(3,3) is fixed by a collineation of order 13 (the test
// checks this), so the packing is not the orbit of one spread. It is found
// as an exact cover of the lines by spreads instead: always branch on the
// uncovered line in the fewest spreads still possible. Packings are so
// plentiful that the search backtracks only a handful of times.

// pg33 holds PG(3,3) as point and line numbers.
type pg33 struct {
	vecs    [][4]uint8 // normalised vector of each point
	index   [81]int32  // base-3 code of a normalised vector → point
	lines   [][4]int32 // sorted points of each line, in lexicographic order
	through [][]int    // lines through each point
}

// pg33Lines is a set of lines of PG(3,3), one bit per line.
type pg33Lines [3]uint64

func newPG33() *pg33 {
	s := &pg33{}
	for code := range 81 {
		v := pg33Vec(code)
		if v == pg33Normalise(v) && v != ([4]uint8{}) {
			s.index[code] = int32(len(s.vecs))
			s.vecs = append(s.vecs, v)
		}
	}
	n := len(s.vecs)
	s.through = make([][]int, n)
	covered := make([]bool, n*n)
	for a := range n {
		for b := a + 1; b < n; b++ {
			if covered[a*n+b] {
				continue
			}
			l := s.span(s.vecs[a], s.vecs[b])
			for _, p := range l {
				for _, q := range l {
					covered[int(p)*n+int(q)] = true
				}
				s.through[p] = append(s.through[p], len(s.lines))
			}
			s.lines = append(s.lines, l)
		}
	}
	return s
}

// pg33Vec decodes a number 0..80 into a vector, first coordinate most
// significant, so points are numbered in lexicographic order.
func pg33Vec(code int) [4]uint8 {
	var v [4]uint8
	for i := 3; i >= 0; i-- {
		v[i] = uint8(code % 3)
		code /= 3
	}
	return v
}

// pg33Normalise scales v so that its first nonzero coordinate is 1.
func pg33Normalise(v [4]uint8) [4]uint8 {
	for _, c := range v {
		if c == 0 {
			continue
		}
		if c == 2 {
			for i := range v {
				v[i] = v[i] * 2 % 3
			}
		}
		break
	}
	return v
}

// point returns the point of a nonzero vector.
func (s *pg33) point(v [4]uint8) int32 {
	v = pg33Normalise(v)
	return s.index[int(v[0])*27+int(v[1])*9+int(v[2])*3+int(v[3])]
}

// span returns the sorted points of the line through u and v: u, v, u+v
// and u+2v.
func (s *pg33) span(u, v [4]uint8) [4]int32 {
	var sum, diff [4]uint8
	for i := range u {
		sum[i] = (u[i] + v[i]) % 3
		diff[i] = (u[i] + 2*v[i]) % 3
	}
	l := [4]int32{s.point(u), s.point(v), s.point(sum), s.point(diff)}
	slices.Sort(l[:])
	return l
}

// pointMask returns the points of line l as a bit set.
func (s *pg33) pointMask(l int) uint64 {
	var m uint64
	for _, p := range s.lines[l] {
		m |= 1 << p
	}
	return m
}

// spreads returns every spread as its set of lines, each built by covering
// the lowest uncovered point with each line through it that fits.
func (s *pg33) spreads() []pg33Lines {
	all := uint64(1)<<len(s.vecs) - 1
	var spreads []pg33Lines
	var extend func(points uint64, lines pg33Lines)
	extend = func(points uint64, lines pg33Lines) {
		if points == all {
			spreads = append(spreads, lines)
			return
		}
		p := bits.TrailingZeros64(^points)
		for _, l := range s.through[p] {
			if m := s.pointMask(l); points&m == 0 {
				next := lines
				next[l/64] |= 1 << (l % 64)
				extend(points|m, next)
			}
		}
	}
	extend(0, pg33Lines{})
	return spreads
}

// packing returns spreads that partition the lines, in the order chosen.
func (s *pg33) packing() []pg33Lines {
	spreads := s.spreads()
	var chosen []pg33Lines
	var cover func(covered pg33Lines, alive []pg33Lines) bool
	cover = func(covered pg33Lines, alive []pg33Lines) bool {
		if len(alive) == 0 {
			return covered.len() == len(s.lines)
		}
		count := make([]int, len(s.lines))
		for _, sp := range alive {
			for l := range sp.all() {
				count[l]++
			}
		}
		best := -1
		for l := range s.lines {
			if !covered.has(l) && (best < 0 || count[l] < count[best]) {
				best = l
			}
		}
		var next []pg33Lines
		for _, sp := range alive {
			if !sp.has(best) {
				continue
			}
			c := covered.union(sp)
			next = next[:0]
			for _, other := range alive {
				if other.disjoint(c) {
					next = append(next, other)
				}
			}
			chosen = append(chosen, sp)
			if cover(c, next) {
				return true
			}
			chosen = chosen[:len(chosen)-1]
		}
		return false
	}
	if !cover(pg33Lines{}, spreads) {
		return nil
	}
	return chosen
}

func (a pg33Lines) has(l int) bool { return a[l/64]>>(l%64)&1 == 1 }

func (a pg33Lines) union(b pg33Lines) pg33Lines {
	return pg33Lines{a[0] | b[0], a[1] | b[1], a[2] | b[2]}
}

func (a pg33Lines) disjoint(b pg33Lines) bool {
	return a[0]&b[0] == 0 && a[1]&b[1] == 0 && a[2]&b[2] == 0
}

func (a pg33Lines) len() int {
	return bits.OnesCount64(a[0]) + bits.OnesCount64(a[1]) + bits.OnesCount64(a[2])
}

// all yields the lines of a in increasing order.
func (a pg33Lines) all() func(yield func(int) bool) {
	return func(yield func(int) bool) {
		for w, word := range a {
			for ; word != 0; word &= word - 1 {
				if !yield(w*64 + bits.TrailingZeros64(word)) {
					return
				}
			}
		}
	}
}

// pg33Packing returns 13 weekly classes for 40 points in groups of 4 in
// which every pair of points shares a group exactly once: classes[w][g]
// holds the sorted points of group g in week w, groups sorted by their
// first point.
func pg33Packing() [][][]int32 {
	s := newPG33()
	packing := s.packing()
	if packing == nil {
		panic("match: PG(3,3) has no packing")
	}
	classes := make([][][]int32, len(packing))
	for w, spread := range packing {
		for l := range spread.all() {
			classes[w] = append(classes[w], slices.Clone(s.lines[l][:]))
		}
		sortGroups(classes[w])
	}
	return classes
}
