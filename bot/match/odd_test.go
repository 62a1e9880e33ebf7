package match

import (
	"fmt"
	"testing"
)

// Every rotation, checked exhaustively: each week splits all n points into
// one trio and pairs, no pair meets twice, the schedule lasts exactly
// RepeatFreeLimit weeks, each marker meets in its week only, and from
// n = 11 on the pairs never met are the six among the four fixed points.
func TestRotationIsRepeatFreeToTheLimit(t *testing.T) {
	var sizes []int
	for n := 7; n <= 41; n += 2 {
		sizes = append(sizes, n)
	}
	sizes = append(sizes, 101, 1001)
	for _, n := range sizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			rot, ok := newRotation(n)
			if !ok {
				t.Fatal("no rotation")
			}
			if rot.weeks != RepeatFreeLimit(n, 2) {
				t.Fatalf("%d weeks, limit %d", rot.weeks, RepeatFreeLimit(n, 2))
			}
			met := make([]int, n*n) // week+1 of the meeting
			meet := func(a, b int32, w int) {
				if a == b || a < 0 || b < 0 || int(a) >= n || int(b) >= n {
					t.Fatalf("week %d: bad pair %d-%d", w, a, b)
				}
				if prev := met[int(a)*n+int(b)]; prev != 0 {
					t.Fatalf("pair %d-%d meets in weeks %d and %d", a, b, prev-1, w)
				}
				met[int(a)*n+int(b)], met[int(b)*n+int(a)] = w+1, w+1
			}
			for w := range rot.weeks {
				wk := rot.week(w, nil)
				seen := make([]bool, n)
				for _, p := range append(wk.trio[:], flatten(wk.pairs)...) {
					if seen[p] {
						t.Fatalf("week %d: point %d twice", w, p)
					}
					seen[p] = true
				}
				if 3+2*len(wk.pairs) != n {
					t.Fatalf("week %d: %d pairs and a trio for %d points", w, len(wk.pairs), n)
				}
				if rot.trio(w) != wk.trio || rot.marker(w) != wk.pairs[0] {
					t.Fatalf("week %d: trio or marker differs from the week", w)
				}
				tr := wk.trio
				meet(tr[0], tr[1], w)
				meet(tr[0], tr[2], w)
				meet(tr[1], tr[2], w)
				for _, p := range wk.pairs {
					meet(p[0], p[1], w)
				}
			}
			if n < 11 {
				return
			}
			for a := range n {
				for b := a + 1; b < n; b++ {
					if inf := a >= rot.weeks && b >= rot.weeks; (met[a*n+b] == 0) != inf {
						t.Fatalf("pair %d-%d met in week %d", a, b, met[a*n+b]-1)
					}
				}
			}
		})
	}
}

// From W = 9 weeks on, consecutive weeks of the cyclic design have disjoint
// trios, so an order with nobody in the trio twice in a row exists; every
// finite point is in the trio three times and the fixed points never.
func TestRotationTrioRotates(t *testing.T) {
	for n := 13; n <= 41; n += 2 {
		rot, _ := newRotation(n)
		times := make([]int, n)
		for w := range rot.weeks {
			for _, p := range rot.trio(w) {
				times[p]++
				for _, q := range rot.trio((w + 1) % rot.weeks) {
					if p == q {
						t.Fatalf("n=%d: %d in the trios of weeks %d and %d", n, p, w, w+1)
					}
				}
			}
		}
		for p, k := range times {
			if want := 3 * btoi(p < rot.weeks); k != want {
				t.Fatalf("n=%d: point %d in %d trios, want %d", n, p, k, want)
			}
		}
	}
	// Seven members cannot avoid a repeated trio member at all; nine can
	// only over part of the schedule, which the end-game planning handles.
	rot, _ := newRotation(13)
	open := []int{1, 2, 3, 4, 5, 6, 7, 8}
	if !trioOrderable(rot, 1, open) {
		t.Fatal("weeks 1..8 of 13 members are orderable in sequence")
	}
	if trioOrderable(rot, 1, []int{1, 3}) {
		t.Fatal("weeks 1 and 3 share a trio member")
	}
}

func TestRepeatFreeLimit(t *testing.T) {
	tests := []struct{ n, g, want int }{
		{1, 2, 0}, {2, 2, 1}, {3, 2, 1}, {5, 2, 1}, {7, 2, 3}, {9, 2, 6}, {11, 2, 7},
		{40, 2, 39}, {41, 2, 37}, {101, 2, 97}, {1000, 2, 999}, {1001, 2, 997},
		{1001, 0, 997},
		// Groups: the engine's sizes (one group of 4 among trios of 100).
		{9, 3, 4}, {15, 3, 7}, {40, 3, 18}, {100, 3, 48}, {1000, 3, 498},
		{16, 4, 5}, {7, 4, 2}, {40, 4, 13}, {100, 4, 33}, {1000, 4, 333},
	}
	for _, tc := range tests {
		if got := RepeatFreeLimit(tc.n, tc.g); got != tc.want {
			t.Errorf("RepeatFreeLimit(%d, %d) = %d, want %d", tc.n, tc.g, got, tc.want)
		}
	}
	// The counting bound n(n-1)/(n+3) is the limit from 11 on.
	for n := 11; n <= 2001; n += 2 {
		if got := RepeatFreeLimit(n, 2); got != n*(n-1)/(n+3) {
			t.Fatalf("n=%d: %d, counting bound %d", n, got, n*(n-1)/(n+3))
		}
	}
}

func flatten(pairs [][2]int32) []int32 {
	out := make([]int32, 0, 2*len(pairs))
	for _, p := range pairs {
		out = append(out, p[0], p[1])
	}
	return out
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
