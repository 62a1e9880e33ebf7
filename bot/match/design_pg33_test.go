package match

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestPG33PackingMeetsEveryPairOnce(t *testing.T) {
	// 13 weeks of 10 quads hold 780 pairs, all those of 40 points: with
	// none twice, every pair meets exactly once.
	checkSchedule(t, 40, 4, 13, pg33Packing())
}

// A packing fixed by a collineation g of order 13 would be the orbit of one
// of its spreads (no spread is fixed, 13 not dividing 10), so that spread
// would hold one line of each orbit of g. None does. As 13 divides the
// order of PGL(4,3) once, all its subgroups of order 13 are conjugate and
// this one g stands for all of them.
func TestPG33HasNoPackingFixedByAnOrder13Collineation(t *testing.T) {
	s := newPG33()
	if len(s.vecs) != 40 || len(s.lines) != 130 {
		t.Fatalf("got %d points and %d lines, want 40 and 130", len(s.vecs), len(s.lines))
	}
	// Multiplication by x in GF(3)[x]/(x³-x-1) on the first three
	// coordinates: (c0 + c1·x + c2·x²)·x = c2 + (c0+c2)·x + c1·x².
	g := make([]int32, 40)
	for p, v := range s.vecs {
		g[p] = s.point([4]uint8{v[2], (v[0] + v[2]) % 3, v[1], v[3]})
	}
	power := make([]int32, 40)
	for i := range power {
		power[i] = int32(i)
	}
	for k := 1; k <= 13; k++ {
		identity := true
		for i := range power {
			power[i] = g[power[i]]
			identity = identity && power[i] == int32(i)
		}
		if identity != (k == 13) {
			t.Fatalf("g^%d is the identity: %v, want g of order 13", k, identity)
		}
	}
	var fixed []int32
	for p, q := range g {
		if q == int32(p) {
			fixed = append(fixed, int32(p))
		}
	}
	if len(fixed) != 1 {
		t.Fatalf("g fixes points %v, want one", fixed)
	}

	lineOf := map[[4]int32]int{}
	for l, pts := range s.lines {
		lineOf[pts] = l
	}
	image := func(l int) int {
		var m [4]int32
		for i, p := range s.lines[l] {
			m[i] = g[p]
		}
		slices.Sort(m[:])
		return lineOf[m]
	}
	orbit := make([]int, len(s.lines))
	for i := range orbit {
		orbit[i] = -1
	}
	var sizes []int
	var throughFixed, inPlane int
	for l := range s.lines {
		if orbit[l] >= 0 {
			continue
		}
		size := 0
		for m := l; orbit[m] < 0; m = image(m) {
			orbit[m] = len(sizes)
			size++
		}
		sizes = append(sizes, size)
		if slices.Contains(s.lines[l][:], fixed[0]) {
			throughFixed++
		}
		planar := true // the plane fixed by g: fourth coordinate 0
		for _, p := range s.lines[l] {
			planar = planar && s.vecs[p][3] == 0
		}
		if planar {
			inPlane++
		}
	}
	if !slices.Equal(sizes, slices.Repeat([]int{13}, 10)) || throughFixed != 1 || inPlane != 1 {
		t.Fatalf("orbit sizes %v, %d through the fixed point, %d in the fixed plane; want 10 of 13, 1, 1",
			sizes, throughFixed, inPlane)
	}

	spreads := s.spreads()
	if len(spreads) != 8424 {
		t.Errorf("got %d spreads, want 8424", len(spreads))
	}
	for _, sp := range spreads {
		hit := make([]bool, len(sizes))
		for l := range sp.all() {
			hit[orbit[l]] = true
		}
		if !slices.Contains(hit, false) {
			t.Fatalf("spread %v meets every orbit of g once", sp)
		}
	}
}

func TestPG33PackingIsDeterministic(t *testing.T) {
	start := time.Now()
	a := pg33Packing()
	t.Logf("pg33Packing took %v", time.Since(start))
	if b := pg33Packing(); !reflect.DeepEqual(a, b) {
		t.Error("two calls returned different schedules")
	}
}

func BenchmarkPG33Packing(b *testing.B) {
	for b.Loop() {
		pg33Packing()
	}
}
