package match

// cardAugmenter grows a matching by augmenting paths in an unweighted graph
// (Edmonds' algorithm with blossom contraction). It is used to turn a greedy
// matching of the candidate graph into a maximum-cardinality one: a vertex
// from which no augmenting path exists never gets one later, so one search
// per free vertex suffices. Its scratch arrays are reset through the list of
// vertices each search touched, so a search costs O(size of its tree), not O(n).
type cardAugmenter struct {
	start, adj []int32 // CSR adjacency
	mate       []int32
	base, par  []int32
	used, blos []bool
	mark       []int32 // lca marks by generation
	gen        int32
	queue      []int32
	tree       []int32
	budget     int // when positive, a search gives up after touching this many vertices
}

func newCardAugmenter(n int, start, adj []int32, mate []int32) *cardAugmenter {
	c := &cardAugmenter{start: start, adj: adj, mate: mate,
		base: make([]int32, n), par: make([]int32, n),
		used: make([]bool, n), blos: make([]bool, n), mark: make([]int32, n)}
	for i := range c.base {
		c.base[i] = int32(i)
		c.par[i] = -1
	}
	return c
}

func (c *cardAugmenter) touch(v int32) {
	if !c.used[v] && c.par[v] == -1 {
		c.tree = append(c.tree, v)
	}
}

func (c *cardAugmenter) lca(a, b int32) int32 {
	c.gen++
	for {
		a = c.base[a]
		c.mark[a] = c.gen
		if c.mate[a] == -1 {
			break
		}
		a = c.par[c.mate[a]]
	}
	for {
		b = c.base[b]
		if c.mark[b] == c.gen {
			return b
		}
		b = c.par[c.mate[b]]
	}
}

func (c *cardAugmenter) markPath(v, b, child int32) {
	for c.base[v] != b {
		c.blos[c.base[v]] = true
		c.blos[c.base[c.mate[v]]] = true
		c.par[v] = child
		child = c.mate[v]
		v = c.par[c.mate[v]]
	}
}

// augment searches an augmenting path from the free vertex root and applies
// it. It reports whether the matching grew.
func (c *cardAugmenter) augment(root int32) bool {
	defer c.reset()
	c.touch(root)
	c.used[root] = true
	c.queue = append(c.queue[:0], root)
	for qi := 0; qi < len(c.queue); qi++ {
		if c.budget > 0 && len(c.tree) > c.budget {
			return false
		}
		v := c.queue[qi]
		for _, to := range c.adj[c.start[v]:c.start[v+1]] {
			if c.base[v] == c.base[to] || c.mate[v] == to {
				continue
			}
			if to == root || (c.mate[to] != -1 && c.par[c.mate[to]] != -1) {
				cur := c.lca(v, to)
				c.markPath(v, cur, to)
				c.markPath(to, cur, v)
				for _, i := range c.tree {
					if c.blos[c.base[i]] {
						c.base[i] = cur
						if !c.used[i] {
							c.used[i] = true
							c.queue = append(c.queue, i)
						}
					}
				}
				for _, i := range c.tree {
					c.blos[i] = false
				}
			} else if c.par[to] == -1 {
				c.touch(to)
				c.par[to] = v
				if c.mate[to] == -1 {
					// Flip the path root ... v -> to.
					for u := to; u != -1; {
						pv := c.par[u]
						nx := c.mate[pv]
						c.mate[u] = pv
						c.mate[pv] = u
						u = nx
					}
					return true
				}
				m := c.mate[to]
				c.touch(m)
				c.used[m] = true
				c.queue = append(c.queue, m)
			}
		}
	}
	return false
}

func (c *cardAugmenter) reset() {
	for _, v := range c.tree {
		c.base[v] = v
		c.par[v] = -1
		c.used[v] = false
		c.blos[v] = false
	}
	c.tree = c.tree[:0]
}
