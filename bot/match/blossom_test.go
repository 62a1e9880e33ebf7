package match

import (
	"math/rand/v2"
	"testing"
)

// bruteForce returns the maximum total weight of a matching.
func bruteForce(n int, edges []wedge) int64 {
	w := make([][]int64, n)
	has := make([][]bool, n)
	for i := range w {
		w[i] = make([]int64, n)
		has[i] = make([]bool, n)
	}
	for _, e := range edges {
		w[e.I][e.J], w[e.J][e.I] = e.W, e.W
		has[e.I][e.J], has[e.J][e.I] = true, true
	}
	used := make([]bool, n)
	var rec func(i int) int64
	rec = func(i int) int64 {
		for i < n && used[i] {
			i++
		}
		if i >= n {
			return 0
		}
		used[i] = true
		best := rec(i + 1) // i stays unmatched
		for j := i + 1; j < n; j++ {
			if !used[j] && has[i][j] {
				used[j] = true
				if v := w[i][j] + rec(i+1); v > best {
					best = v
				}
				used[j] = false
			}
		}
		used[i] = false
		return best
	}
	return rec(0)
}

// checkMatching verifies that mate is a valid matching of edges and returns
// its weight.
func checkMatching(t *testing.T, n int, edges []wedge, mate []int32) int64 {
	t.Helper()
	weight := map[[2]int32]int64{}
	for _, e := range edges {
		weight[[2]int32{e.I, e.J}] = e.W
		weight[[2]int32{e.J, e.I}] = e.W
	}
	var total int64
	for v := range n {
		m := mate[v]
		if m < 0 {
			continue
		}
		if mate[m] != int32(v) {
			t.Fatalf("mate not symmetric at %d: %v", v, mate)
		}
		w, ok := weight[[2]int32{int32(v), m}]
		if !ok {
			t.Fatalf("matched pair %d-%d is not an edge", v, m)
		}
		if int32(v) < m {
			total += w
		}
	}
	return total
}

// checkDuals verifies the optimality certificate that exactMatch relies on:
// every edge has non-negative reduced cost, matched edges are tight.
func checkDuals(t *testing.T, s *blossomMatcher, edges []wedge, mate []int32) {
	t.Helper()
	if s == nil {
		return
	}
	c := s.certificate()
	for _, e := range edges {
		sl := c.slack(e.I, e.J, e.W)
		if sl < 0 {
			t.Fatalf("edge %v has negative slack %d", e, sl)
		}
		if mate[e.I] == e.J && sl != 0 {
			t.Fatalf("matched edge %v has slack %d", e, sl)
		}
	}
	for v, m := range mate {
		if m < 0 && s.dualvar[v] != 0 {
			t.Fatalf("free vertex %d has dual %d", v, s.dualvar[v])
		}
	}
}

func TestBlossomKnownStructures(t *testing.T) {
	// Cases from van Rantwijk's mwmatching test suite (vertices from 1),
	// each built to exercise blossom creation, relabelling and expansion.
	type e = [3]int64
	tests := []struct {
		name  string
		edges []e
		want  []int32
	}{
		{"single edge", []e{{0, 1, 1}}, []int32{1, 0}},
		{"two edges", []e{{1, 2, 10}, {2, 3, 11}}, []int32{-1, -1, 3, 2}},
		{"three edges", []e{{1, 2, 5}, {2, 3, 11}, {3, 4, 5}}, []int32{-1, -1, 3, 2, -1}},
		{"S-blossom", []e{{1, 2, 8}, {1, 3, 9}, {2, 3, 10}, {3, 4, 7}}, []int32{-1, 2, 1, 4, 3}},
		{"S-blossom, augment", []e{{1, 2, 8}, {1, 3, 9}, {2, 3, 10}, {3, 4, 7}, {1, 6, 5}, {4, 5, 6}}, []int32{-1, 6, 3, 2, 5, 4, 1}},
		{"T-blossom", []e{{1, 2, 9}, {1, 3, 8}, {2, 3, 10}, {1, 4, 5}, {4, 5, 4}, {1, 6, 3}}, []int32{-1, 6, 3, 2, 5, 4, 1}},
		{"T-blossom 2", []e{{1, 2, 9}, {1, 3, 8}, {2, 3, 10}, {1, 4, 5}, {4, 5, 3}, {1, 6, 4}}, []int32{-1, 6, 3, 2, 5, 4, 1}},
		{"T-blossom 3", []e{{1, 2, 9}, {1, 3, 8}, {2, 3, 10}, {1, 4, 5}, {4, 5, 3}, {3, 6, 4}}, []int32{-1, 2, 1, 6, 5, 4, 3}},
		{"nested S-blossom", []e{{1, 2, 9}, {1, 3, 9}, {2, 3, 10}, {2, 4, 8}, {3, 5, 8}, {4, 5, 10}, {5, 6, 6}}, []int32{-1, 3, 4, 1, 2, 6, 5}},
		{"nested S-blossom relabel", []e{{1, 2, 10}, {1, 7, 10}, {2, 3, 12}, {3, 4, 20}, {3, 5, 20}, {4, 5, 25}, {5, 6, 10}, {6, 7, 10}, {7, 8, 8}}, []int32{-1, 2, 1, 4, 3, 6, 5, 8, 7}},
		{"nested S-blossom expand", []e{{1, 2, 8}, {1, 3, 8}, {2, 3, 10}, {2, 4, 12}, {3, 5, 12}, {4, 5, 14}, {4, 6, 12}, {5, 7, 12}, {6, 7, 14}, {7, 8, 12}}, []int32{-1, 2, 1, 5, 6, 3, 4, 8, 7}},
		{"S-blossom, relabel as T, expand", []e{{1, 2, 23}, {1, 5, 22}, {1, 6, 15}, {2, 3, 25}, {3, 4, 22}, {4, 5, 25}, {4, 8, 14}, {5, 7, 13}}, []int32{-1, 6, 3, 2, 8, 7, 1, 5, 4}},
		{"nested S-blossom, relabel as T, expand", []e{{1, 2, 19}, {1, 3, 20}, {1, 8, 8}, {2, 3, 25}, {2, 4, 18}, {3, 5, 18}, {4, 5, 13}, {4, 7, 7}, {5, 6, 7}}, []int32{-1, 8, 3, 2, 7, 6, 5, 4, 1}},
		{"nasty T-blossom expand", []e{{1, 2, 45}, {1, 5, 45}, {2, 3, 50}, {3, 4, 45}, {4, 5, 50}, {1, 6, 30}, {3, 9, 35}, {4, 8, 35}, {5, 7, 26}, {9, 10, 5}}, []int32{-1, 6, 3, 2, 8, 7, 1, 5, 4, 10, 9}},
		{"nasty T-blossom expand 2", []e{{1, 2, 45}, {1, 5, 45}, {2, 3, 50}, {3, 4, 45}, {4, 5, 50}, {1, 6, 30}, {3, 9, 35}, {4, 8, 26}, {5, 7, 40}, {9, 10, 5}}, []int32{-1, 6, 3, 2, 8, 7, 1, 5, 4, 10, 9}},
		{"T-blossom expand, least slack", []e{{1, 2, 45}, {1, 5, 45}, {2, 3, 50}, {3, 4, 45}, {4, 5, 50}, {1, 6, 30}, {3, 9, 35}, {4, 8, 28}, {5, 7, 26}, {9, 10, 5}}, []int32{-1, 6, 3, 2, 8, 7, 1, 5, 4, 10, 9}},
		{"nested nasty T-blossom expand", []e{{1, 2, 45}, {1, 7, 45}, {2, 3, 50}, {3, 4, 45}, {4, 5, 95}, {4, 6, 94}, {5, 6, 94}, {6, 7, 50}, {1, 8, 30}, {3, 11, 35}, {5, 9, 36}, {7, 10, 26}, {11, 12, 5}}, []int32{-1, 8, 3, 2, 6, 9, 4, 10, 1, 5, 7, 12, 11}},
		{"nested S-blossom relabel expand", []e{{1, 2, 40}, {1, 3, 40}, {2, 3, 60}, {2, 4, 55}, {3, 5, 55}, {4, 5, 50}, {1, 8, 15}, {5, 7, 30}, {7, 6, 10}, {8, 10, 10}, {4, 9, 30}}, []int32{-1, 2, 1, 5, 9, 3, 7, 6, 10, 4, 8}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var edges []wedge
			for _, x := range tc.edges {
				edges = append(edges, wedge{I: int32(x[0]), J: int32(x[1]), W: x[2]})
			}
			n := len(tc.want)
			mate, s := maxWeightMatching(n, edges)
			got := checkMatching(t, n, edges, mate)
			if want := bruteForce(n, edges); got != want {
				t.Fatalf("weight %d, brute force %d", got, want)
			}
			checkDuals(t, s, edges, mate)
			for v := range n {
				if mate[v] != tc.want[v] {
					t.Fatalf("mate = %v, want %v", mate, tc.want)
				}
			}
		})
	}
}

func randomGraph(r *rand.Rand, n int, density float64, maxW int64) []wedge {
	var edges []wedge
	for i := range n {
		for j := i + 1; j < n; j++ {
			if r.Float64() < density {
				edges = append(edges, wedge{I: int32(i), J: int32(j), W: 1 + r.Int64N(maxW)})
			}
		}
	}
	return edges
}

func TestBlossomAgainstBruteForce(t *testing.T) {
	seeds := 400
	if testing.Short() {
		seeds = 100
	}
	for n := 1; n <= 8; n++ {
		for _, maxW := range []int64{1, 3, 20, 1_000_000} {
			for seed := range seeds {
				r := rand.New(rand.NewPCG(uint64(n), uint64(seed)*31+uint64(maxW)))
				edges := randomGraph(r, n, 0.2+0.8*r.Float64(), maxW)
				mate, s := maxWeightMatching(n, edges)
				got := checkMatching(t, n, edges, mate)
				if want := bruteForce(n, edges); got != want {
					t.Fatalf("n=%d maxW=%d seed=%d: weight %d, brute force %d; edges %v", n, maxW, seed, got, want, edges)
				}
				checkDuals(t, s, edges, mate)
			}
		}
	}
}

// Every graph on 5 vertices (all 1024 edge sets), with random weights.
func TestBlossomAllGraphsFiveVertices(t *testing.T) {
	const n = 5
	var pairs [][2]int32
	for i := range int32(n) {
		for j := i + 1; j < n; j++ {
			pairs = append(pairs, [2]int32{i, j})
		}
	}
	r := rand.New(rand.NewPCG(5, 5))
	for mask := range 1 << len(pairs) {
		for range 3 {
			var edges []wedge
			for k, p := range pairs {
				if mask&(1<<k) != 0 {
					edges = append(edges, wedge{I: p[0], J: p[1], W: 1 + r.Int64N(12)})
				}
			}
			mate, s := maxWeightMatching(n, edges)
			if got, want := checkMatching(t, n, edges, mate), bruteForce(n, edges); got != want {
				t.Fatalf("mask %b: weight %d, brute force %d", mask, got, want)
			}
			checkDuals(t, s, edges, mate)
		}
	}
}

func TestBlossomLargerAgainstBruteForce(t *testing.T) {
	for seed := range 60 {
		r := rand.New(rand.NewPCG(12, uint64(seed)))
		n := 9 + r.IntN(4)
		edges := randomGraph(r, n, 0.5, 50)
		mate, s := maxWeightMatching(n, edges)
		if got, want := checkMatching(t, n, edges, mate), bruteForce(n, edges); got != want {
			t.Fatalf("seed %d n=%d: weight %d, brute force %d", seed, n, got, want)
		}
		checkDuals(t, s, edges, mate)
	}
}

// The cardinality augmenter must reach the maximum cardinality that the
// weighted matcher finds with unit weights, from any starting matching.
func TestCardAugmenterReachesMaximum(t *testing.T) {
	for seed := range 300 {
		r := rand.New(rand.NewPCG(7, uint64(seed)))
		n := 2 + r.IntN(40)
		edges := randomGraph(r, n, 0.02+0.3*r.Float64(), 1)
		want, _ := maxWeightMatching(n, edges)
		wantCard := 0
		for _, m := range want {
			if m >= 0 {
				wantCard++
			}
		}
		var ce []candEdge
		for _, e := range edges {
			ce = append(ce, candEdge{u: e.I, v: e.J})
		}
		start, adj, _ := csr(n, ce)
		mate := make([]int32, n)
		for i := range mate {
			mate[i] = -1
		}
		// A random greedy start.
		for _, i := range r.Perm(len(edges)) {
			e := edges[i]
			if mate[e.I] == -1 && mate[e.J] == -1 {
				mate[e.I], mate[e.J] = e.J, e.I
			}
		}
		a := newCardAugmenter(n, start, adj, mate)
		for v := range int32(n) {
			if mate[v] == -1 {
				a.augment(v)
			}
		}
		got := checkMatching(t, n, edges, mate)
		if int(got)*2 != wantCard {
			t.Fatalf("seed %d: cardinality %d, want %d", seed, got, wantCard/2)
		}
	}
}

// A warm start, from the optimum on a subset of the edges (as exactMatch
// does) or from an arbitrary matching and duals, must give an optimal
// matching whenever warmOptimal accepts it, and be accepted often from a
// previous optimum.
func TestBlossomWarmStart(t *testing.T) {
	accepted, fromOptimum := 0, 0
	for seed := range 600 {
		r := rand.New(rand.NewPCG(77, uint64(seed)))
		n := 2 + r.IntN(9)
		maxW := []int64{3, 20, 1000}[seed%3]
		edges := randomGraph(r, n, 0.3+0.7*r.Float64(), maxW)
		want := bruteForce(n, edges)
		var mate0 []int32
		var dual0 []int64
		if seed%4 == 3 {
			// Arbitrary start: a greedy matching and random duals.
			mate0 = make([]int32, n)
			for i := range mate0 {
				mate0[i] = -1
			}
			for _, e := range edges {
				if mate0[e.I] == -1 && mate0[e.J] == -1 && r.IntN(2) == 0 {
					mate0[e.I], mate0[e.J] = e.J, e.I
				}
			}
			dual0 = make([]int64, n)
			for i := range dual0 {
				dual0[i] = r.Int64N(2*maxW+2) - 1
			}
		} else {
			var sub []wedge
			for _, e := range edges {
				if r.IntN(3) > 0 {
					sub = append(sub, e)
				}
			}
			m, s := maxWeightMatching(n, sub)
			if s == nil {
				continue
			}
			fromOptimum++
			mate0, dual0 = m, s.certificate().folded()
		}
		mate, s := maxWeightMatchingFrom(n, edges, mate0, dual0)
		if s == nil || !s.warmOptimal(s.certificate()) {
			continue
		}
		if seed%4 != 3 {
			accepted++
		}
		if got := checkMatching(t, n, edges, mate); got != want {
			t.Fatalf("seed %d n=%d: warm start accepted with weight %d, brute force %d; edges %v", seed, n, got, want, edges)
		}
		checkDuals(t, s, edges, mate)
	}
	if accepted < fromOptimum/4 {
		t.Fatalf("warm start from a previous optimum accepted %d times out of %d", accepted, fromOptimum)
	}
	t.Logf("warm start accepted %d of %d times from a previous optimum", accepted, fromOptimum)
}
