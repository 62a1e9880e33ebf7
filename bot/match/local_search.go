package match

import "slices"

// csr builds an undirected adjacency (with parallel keys) from edges.
func csr(n int, edges []candEdge) (start, adj, key []int32) {
	start = make([]int32, n+1)
	for _, e := range edges {
		start[e.u+1]++
		start[e.v+1]++
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	adj = make([]int32, start[n])
	key = make([]int32, start[n])
	fill := make([]int32, n)
	copy(fill, start[:n])
	for _, e := range edges {
		adj[fill[e.u]], key[fill[e.u]] = e.v, e.key
		fill[e.u]++
		adj[fill[e.v]], key[fill[e.v]] = e.u, e.key
		fill[e.v]++
	}
	return start, adj, key
}

// undirected builds the undirected adjacency of the union of the edge
// lists, without keys and without concatenating them.
func undirected(n int, lists ...[]candEdge) (start, adj []int32) {
	start = make([]int32, n+1)
	for _, edges := range lists {
		for _, e := range edges {
			start[e.u+1]++
			start[e.v+1]++
		}
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	adj = make([]int32, start[n])
	fill := slices.Clone(start[:n])
	for _, edges := range lists {
		for _, e := range edges {
			adj[fill[e.u]] = e.v
			fill[e.u]++
			adj[fill[e.v]] = e.u
			fill[e.v]++
		}
	}
	return start, adj
}

// forward indexes edges grouped by their u (as candidates returns them) as
// a directed adjacency.
func forward(n int, edges []candEdge) (start, adj, key []int32) {
	start = make([]int32, n+1)
	adj = make([]int32, len(edges))
	key = make([]int32, len(edges))
	for i, e := range edges {
		start[e.u+1] = int32(i + 1)
		adj[i], key[i] = e.v, e.key
	}
	for i := 1; i <= n; i++ {
		start[i] = max(start[i], start[i-1])
	}
	return start, adj, key
}

// greedy matches edges in descending key order. A counting sort on keys
// copies the edges into that order, so that the matching pass reads them
// sequentially.
func greedy(mate []int32, mkey []int32, edges []candEdge) {
	pos := make([]int32, keyMax+2)
	for _, e := range edges {
		pos[min(e.key, keyMax)]++
	}
	// Descending order: prefix sums from the top.
	var acc int32
	for k := keyMax; k >= 0; k-- {
		acc, pos[k] = acc+pos[k], acc
	}
	sorted := make([]candEdge, len(edges))
	for _, e := range edges {
		k := min(e.key, keyMax)
		sorted[pos[k]] = e
		pos[k]++
	}
	for _, e := range sorted {
		if mate[e.u] == -1 && mate[e.v] == -1 {
			mate[e.u], mate[e.v] = e.v, e.u
			mkey[e.u], mkey[e.v] = e.key, e.key
		}
	}
}

// improve raises the weight of a perfect matching by local moves along
// alternating cycles through candidate edges: 2-opt (a,b),(c,d) ->
// (a,c),(b,d) and, when deep is set, 3-opt (a,b),(c,d),(e,f) ->
// (a,c),(d,e),(f,b), accepting a move as soon as its total gain is positive
// and pruning any whose partial gain is not (the Lin-Kernighan criterion).
func (x *instance) improve(mate, mkey, start, adj, key []int32, passes int, deep bool) {
	for range passes {
		improved := 0
		for a := range int32(len(mate)) {
			b := mate[a]
			if b < 0 {
				continue
			}
		moves:
			for i := start[a]; i < start[a+1]; i++ {
				c := adj[i]
				d := mate[c]
				if c == b || d < 0 || d == a {
					continue
				}
				g1 := key[i] - mkey[a]
				if g1 <= 0 {
					continue
				}
				if g1+keyMax-mkey[c] > 0 {
					if wbd := x.freshKeyAbove(b, d, mkey[c]-g1); wbd >= 0 {
						mate[a], mate[c], mate[b], mate[d] = c, a, d, b
						mkey[a], mkey[c], mkey[b], mkey[d] = key[i], key[i], wbd, wbd
						improved++
						break
					}
				}
				if !deep {
					continue
				}
				g2base := g1 - mkey[c]
				for j := start[d]; j < start[d+1]; j++ {
					e := adj[j]
					f := mate[e]
					if f < 0 || e == a || e == b || e == c || f == a || f == b || f == c || f == d {
						continue
					}
					g2 := g2base + key[j]
					if g2 <= 0 || g2-mkey[e]+keyMax <= 0 {
						continue
					}
					wfb := x.freshKeyAbove(f, b, mkey[e]-g2)
					if wfb < 0 {
						continue
					}
					mate[a], mate[c] = c, a
					mate[d], mate[e] = e, d
					mate[f], mate[b] = b, f
					mkey[a], mkey[c] = key[i], key[i]
					mkey[d], mkey[e] = key[j], key[j]
					mkey[f], mkey[b] = wfb, wfb
					improved++
					break moves
				}
			}
		}
		if improved == 0 {
			return
		}
	}
}

// keyOf returns the candidate key of the pair v, w, or -1.
func keyOf(start, adj, key []int32, v, w int32) int32 {
	for i := start[v]; i < start[v+1]; i++ {
		if adj[i] == w {
			return key[i]
		}
	}
	return -1
}

// layerAugment maximises the number of matched pairs whose key is at least
// t (a pair with a complement, say), by augmenting paths in the subgraph of
// such candidate pairs. Members whose pair falls below t are exposed; those
// left exposed keep their old partner when that partner is exposed too, and
// are otherwise freed for refill.
func layerAugment(mate []int32, start, adj, key []int32, t int32) {
	n := len(mate)
	var sub []candEdge
	for v := range int32(n) {
		for i := start[v]; i < start[v+1]; i++ {
			if w := adj[i]; v < w && key[i] >= t {
				sub = append(sub, candEdge{u: v, v: w})
			}
		}
	}
	ss, sa, _ := csr(n, sub)
	mt := make([]int32, n)
	for v := range int32(n) {
		mt[v] = -1
		if w := mate[v]; w >= 0 && keyOf(start, adj, key, v, w) >= t {
			mt[v] = w
		}
	}
	aug := newCardAugmenter(n, ss, sa, mt)
	for v := range int32(n) {
		if mt[v] == -1 && ss[v+1] > ss[v] {
			aug.augment(v)
		}
	}
	old := slices.Clone(mate)
	for v := range int32(n) {
		switch {
		case mt[v] >= 0:
			mate[v] = mt[v]
		case old[v] >= 0 && mt[old[v]] == -1:
			mate[v] = old[v]
		default:
			mate[v] = -1
		}
	}
}

// refill pairs free members along candidate edges, best keys first, and
// recomputes every member's matched key.
func refill(mate, mkey, start, adj, key []int32) {
	var fe []candEdge
	for v := range int32(len(mate)) {
		if mate[v] != -1 {
			continue
		}
		for i := start[v]; i < start[v+1]; i++ {
			if w := adj[i]; v < w && mate[w] == -1 {
				fe = append(fe, candEdge{u: v, v: w, key: key[i]})
			}
		}
	}
	greedy(mate, mkey, fe)
	for v := range int32(len(mate)) {
		if w := mate[v]; w >= 0 {
			mkey[v] = keyOf(start, adj, key, v, w)
		}
	}
}
