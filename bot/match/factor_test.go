package match

import (
	"math/rand/v2"
	"testing"
)

// hamiltonianGraph returns a random d-regular graph (d = 3 or 4) on n
// vertices built as a Hamiltonian cycle plus d-2 edge-disjoint perfect
// matchings.
func hamiltonianGraph(r *rand.Rand, n, d int) []candEdge {
	for {
		perm := r.Perm(n)
		used := map[uint64]bool{}
		var edges []candEdge
		add := func(a, b int) bool {
			k := pairKey(int32(a), int32(b))
			if a == b || used[k] {
				return false
			}
			used[k] = true
			edges = append(edges, candEdge{u: int32(a), v: int32(b)})
			return true
		}
		for i := range n {
			add(perm[i], perm[(i+1)%n])
		}
		ok := true
		for range d - 2 {
			m := r.Perm(n)
			for i := 0; i < n && ok; i += 2 {
				ok = add(m[i], m[i+1])
			}
		}
		if ok {
			return edges
		}
	}
}

func TestHamiltonCycle(t *testing.T) {
	for _, tc := range []struct{ n, d int }{{10, 3}, {100, 3}, {1000, 3}, {100, 4}, {1000, 4}} {
		r := rand.New(rand.NewPCG(uint64(tc.n), uint64(tc.d)))
		edges := hamiltonianGraph(r, tc.n, tc.d)
		start, adj, _ := csr(tc.n, edges)
		g := rng{s: 1}
		cycle := hamiltonCycle(tc.n, start, adj, &g, 40)
		if cycle == nil {
			t.Fatalf("n=%d d=%d: no Hamiltonian cycle found", tc.n, tc.d)
		}
		seen := make([]bool, tc.n)
		for i, v := range cycle {
			if seen[v] {
				t.Fatalf("vertex %d twice", v)
			}
			seen[v] = true
			w := cycle[(i+1)%len(cycle)]
			if keyOf(start, adj, make([]int32, len(adj)), v, w) < 0 {
				t.Fatalf("%d-%d is not an edge", v, w)
			}
		}
		if len(cycle) != tc.n {
			t.Fatalf("cycle of %d, want %d", len(cycle), tc.n)
		}
		if tc.d == 3 {
			mate := bestOfThree(tc.n, start, adj, cycle, func(u, v int32) int64 { return int64(u ^ v) })
			checkPerfect(t, tc.n, start, adj, mate)
		}
	}
}

func checkPerfect(t *testing.T, n int, start, adj, mate []int32) {
	t.Helper()
	if mate == nil {
		t.Fatal("no matching")
	}
	for v := range int32(n) {
		w := mate[v]
		if w < 0 || mate[w] != v || keyOf(start, adj, make([]int32, len(adj)), v, w) < 0 {
			t.Fatalf("not a perfect matching of the graph at %d", v)
		}
	}
}

func TestEvenCycleHalves(t *testing.T) {
	cycles := func(lengths ...int) (int, []candEdge) {
		var edges []candEdge
		n := 0
		for _, l := range lengths {
			for i := range l {
				edges = append(edges, candEdge{u: int32(n + i), v: int32(n + (i+1)%l)})
			}
			n += l
		}
		return n, edges
	}
	// Scores favour the odd-indexed half of the first cycle.
	score := func(u, v int32) int64 {
		if min(u, v)%2 == 1 {
			return 10
		}
		return 1
	}
	n, edges := cycles(4, 6, 8)
	start, adj, _ := csr(n, edges)
	mate := evenCycleHalves(n, start, adj, score)
	checkPerfect(t, n, start, adj, mate)
	if mate[1] != 2 || mate[3] != 0 {
		t.Fatalf("did not take the better half: %v", mate)
	}
	n, edges = cycles(4, 5, 3)
	start, adj, _ = csr(n, edges)
	if evenCycleHalves(n, start, adj, score) != nil {
		t.Fatal("odd cycles have no perfect matching")
	}
}
