package match

import (
	"cmp"
	"slices"
)

// This file holds an exact maximum-weight matching for general graphs:
// Edmonds' blossom algorithm with dual variables, ported from Joris van
// Rantwijk's public-domain "mwmatching" (O(n³)), with int64 weights so that no
// floating-point tolerance is needed. Names follow the original to keep the
// port reviewable against it.

// wedge is an undirected weighted edge between vertices I and J.
type wedge struct {
	I, J int32
	W    int64
}

// blossomMatcher is the state of one run of the weighted blossom algorithm.
type blossomMatcher struct {
	nv    int32
	edges []wedge
	// endpoint[p] is the vertex at endpoint p; edge k has endpoints 2k and 2k+1.
	endpoint []int32
	// neighbend lists, per vertex, the remote endpoints of its edges (CSR).
	nbStart []int32
	nb      []int32
	nbV     []int32 // nbV[i] = endpoint[nb[i]], the neighbour
	nbW     []int64 // nbW[i] = the weight of edge nb[i]/2

	mate          []int32 // per vertex: remote endpoint of its matched edge, or -1
	label         []int8  // per vertex/blossom: 0 free, 1 S, 2 T, -1 unused
	labelend      []int32
	inblossom     []int32
	blossomparent []int32
	blossomchilds [][]int32
	blossombase   []int32
	blossomendps  [][]int32
	bestedge      []int32
	bestedges     [][]int32 // blossombestedges; nil means "not computed"
	unused        []int32
	dualvar       []int64
	allowedge     []bool
	queue         []int32

	// byWeight lists the edges by decreasing weight; tightFrom is how far
	// matchTightFree has read it.
	byWeight  []int32
	tightFrom int
	// bestSlack caches the slack of bestedge[b] (edge bestSlackOf[b]) as of
	// dual epoch bestEpoch[b]; epoch advances whenever vertex duals change.
	bestSlack   []int64
	bestSlackOf []int32
	bestEpoch   []int32
	epoch       int32

	leafBuf  []int32
	pathBuf  []int32
	bestTo   []int32
	touchedB []int32
	live     []int32 // blossoms in use (ids >= nv), in creation order
}

// maxWeightMatching returns, for each of the nv vertices, its partner in a
// maximum-weight matching of the graph, or -1. Edges must have i != j; a pair
// may appear only once. It also returns the solver so that callers can read
// the optimal duals (see certificate).
func maxWeightMatching(nv int, edges []wedge) ([]int32, *blossomMatcher) {
	return solveMatching(nv, edges, nil, nil)
}

// maxWeightMatchingFrom is maxWeightMatching warm-started from a matching
// (partner per vertex, or -1) and vertex duals, typically those of an
// optimal solution on a subset of the edges: see warmStart. The result is
// optimal only if the solver's warmOptimal says so.
func maxWeightMatchingFrom(nv int, edges []wedge, mate []int32, dual []int64) ([]int32, *blossomMatcher) {
	return solveMatching(nv, edges, mate, dual)
}

func solveMatching(nv int, edges []wedge, warmMate []int32, warmDual []int64) ([]int32, *blossomMatcher) {
	s := &blossomMatcher{nv: int32(nv), edges: edges}
	n := int32(nv)
	mateOut := make([]int32, nv)
	for i := range mateOut {
		mateOut[i] = -1
	}
	if len(edges) == 0 || nv < 2 {
		return mateOut, nil
	}
	ne := len(edges)
	var maxweight int64
	deg := make([]int32, nv+1)
	for _, e := range edges {
		if e.W > maxweight {
			maxweight = e.W
		}
		deg[e.I+1]++
		deg[e.J+1]++
	}
	for i := 1; i <= nv; i++ {
		deg[i] += deg[i-1]
	}
	s.nbStart = deg
	s.nb = make([]int32, 2*ne)
	fill := make([]int32, nv)
	copy(fill, deg[:nv])
	s.endpoint = make([]int32, 2*ne)
	s.nbV = make([]int32, 2*ne)
	s.nbW = make([]int64, 2*ne)
	for k, e := range edges {
		s.endpoint[2*k] = e.I
		s.endpoint[2*k+1] = e.J
		s.nb[fill[e.I]], s.nbV[fill[e.I]], s.nbW[fill[e.I]] = int32(2*k+1), e.J, e.W
		fill[e.I]++
		s.nb[fill[e.J]], s.nbV[fill[e.J]], s.nbW[fill[e.J]] = int32(2*k), e.I, e.W
		fill[e.J]++
	}
	s.mate = make([]int32, n)
	s.label = make([]int8, 2*n)
	s.labelend = make([]int32, 2*n)
	s.inblossom = make([]int32, n)
	s.blossomparent = make([]int32, 2*n)
	s.blossomchilds = make([][]int32, 2*n)
	s.blossombase = make([]int32, 2*n)
	s.blossomendps = make([][]int32, 2*n)
	s.bestedge = make([]int32, 2*n)
	s.bestedges = make([][]int32, 2*n)
	s.dualvar = make([]int64, 2*n)
	s.allowedge = make([]bool, ne)
	s.bestTo = make([]int32, 2*n)
	s.bestSlack = make([]int64, 2*n)
	s.bestSlackOf = make([]int32, 2*n)
	s.bestEpoch = make([]int32, 2*n) // all stale: epoch starts at 1
	s.epoch = 1
	s.byWeight = make([]int32, ne)
	for k := range s.byWeight {
		s.byWeight[k] = int32(k)
	}
	slices.SortStableFunc(s.byWeight, func(a, b int32) int { return cmp.Compare(edges[b].W, edges[a].W) })
	for i := int32(0); i < n; i++ {
		s.mate[i] = -1
		s.inblossom[i] = i
		s.blossombase[i] = i
		s.blossombase[n+i] = -1
		s.dualvar[i] = maxweight
	}
	for i := range s.blossomparent {
		s.blossomparent[i] = -1
		s.labelend[i] = -1
		s.bestTo[i] = -1
	}
	s.unused = make([]int32, 0, n)
	for b := 2*n - 1; b >= n; b-- {
		s.unused = append(s.unused, b)
	}
	if warmMate != nil {
		s.warmStart(warmMate, warmDual)
	}
	s.run()
	for v := int32(0); v < n; v++ {
		if s.mate[v] >= 0 {
			mateOut[v] = s.endpoint[s.mate[v]]
		}
	}
	return mateOut, s
}

func (s *blossomMatcher) slack(k int32) int64 {
	e := s.edges[k]
	return s.dualvar[e.I] + s.dualvar[e.J] - 2*e.W
}

func (s *blossomMatcher) assignLabel(w int32, t int8, p int32) {
	for {
		b := s.inblossom[w]
		s.label[w], s.label[b] = t, t
		s.labelend[w], s.labelend[b] = p, p
		s.bestedge[w], s.bestedge[b] = -1, -1
		if t == 1 {
			s.queue = s.leaves(b, s.queue)
			return
		}
		base := s.blossombase[b]
		m := s.mate[base]
		w, t, p = s.endpoint[m], 1, m^1
	}
}

// scanBlossom traces back from v and w to find a new blossom's base, or -1
// when the two paths reach different roots (an augmenting path).
func (s *blossomMatcher) scanBlossom(v, w int32) int32 {
	path := s.pathBuf[:0]
	base := int32(-1)
	for v != -1 || w != -1 {
		b := s.inblossom[v]
		if s.label[b]&4 != 0 {
			base = s.blossombase[b]
			break
		}
		path = append(path, b)
		s.label[b] = 5
		if s.labelend[b] == -1 {
			v = -1
		} else {
			v = s.endpoint[s.labelend[b]]
			b = s.inblossom[v]
			v = s.endpoint[s.labelend[b]]
		}
		if w != -1 {
			v, w = w, v
		}
	}
	for _, b := range path {
		s.label[b] = 1
	}
	s.pathBuf = path
	return base
}

// matchTightFree matches free vertices (outside blossoms) joined by a tight
// edge, before a stage labels them. This is what the stage would do, one
// augmentation at a time: the duals are untouched, the new matched edges
// are tight and the free vertices keep their common dual, so the invariants
// hold. Ties in the weights make such edges common, and each saves a stage.
//
// All free vertices share one dual d, so a tight edge between two of them
// weighs exactly d. An edge heavier than d cannot join two free vertices
// outside a common blossom (its slack would be negative), and d only
// decreases while matched vertices stay matched, so such an edge never
// qualifies again: the edges are read once, by decreasing weight, over all
// stages.
func (s *blossomMatcher) matchTightFree() {
	d := int64(-1)
	for v := range s.nv {
		if s.mate[v] == -1 {
			d = s.dualvar[v]
			break
		}
	}
	if d < 0 {
		return
	}
	for ; s.tightFrom < len(s.byWeight); s.tightFrom++ {
		k := s.byWeight[s.tightFrom]
		e := s.edges[k]
		if e.W < d {
			return
		}
		v, w := e.I, e.J
		if s.mate[v] == -1 && s.mate[w] == -1 && s.inblossom[v] == v && s.inblossom[w] == w &&
			s.dualvar[v]+s.dualvar[w] == 2*e.W {
			s.mate[v], s.mate[w] = 2*k+1, 2*k // remote endpoints
		}
	}
}

// bestSlackOfB returns the slack of bestedge[b], cached until the duals
// change.
func (s *blossomMatcher) bestSlackOfB(b int32) int64 {
	k := s.bestedge[b]
	if s.bestEpoch[b] == s.epoch && s.bestSlackOf[b] == k {
		return s.bestSlack[b]
	}
	sl := s.slack(k)
	s.bestSlack[b], s.bestSlackOf[b], s.bestEpoch[b] = sl, k, s.epoch
	return sl
}

// setBest makes k, of slack sl, the best edge of b.
func (s *blossomMatcher) setBest(b, k int32, sl int64) {
	s.bestedge[b] = k
	s.bestSlack[b], s.bestSlackOf[b], s.bestEpoch[b] = sl, k, s.epoch
}

func (s *blossomMatcher) run() {
	n := s.nv
	for range n {
		s.matchTightFree()
		for i := range s.label {
			s.label[i] = 0
			s.bestedge[i] = -1
		}
		for _, b := range s.live {
			s.bestedges[b] = nil
		}
		clear(s.allowedge)
		s.queue = s.queue[:0]
		for v := int32(0); v < n; v++ {
			if s.mate[v] == -1 && s.label[s.inblossom[v]] == 0 {
				s.assignLabel(v, 1, -1)
			}
		}
		augmented := false
		for {
			for len(s.queue) > 0 && !augmented {
				v := s.queue[len(s.queue)-1]
				s.queue = s.queue[:len(s.queue)-1]
				// v's dual is constant while scanning; its blossom is not (a
				// new blossom may absorb it).
				dv := s.dualvar[v]
				for i := s.nbStart[v]; i < s.nbStart[v+1]; i++ {
					p := s.nb[i]
					w := s.nbV[i]
					if s.inblossom[v] == s.inblossom[w] {
						continue
					}
					k := p / 2
					var kslack int64
					if !s.allowedge[k] {
						kslack = dv + s.dualvar[w] - 2*s.nbW[i]
						if kslack <= 0 {
							s.allowedge[k] = true
						}
					}
					if s.allowedge[k] {
						switch {
						case s.label[s.inblossom[w]] == 0:
							s.assignLabel(w, 2, p^1)
						case s.label[s.inblossom[w]] == 1:
							base := s.scanBlossom(v, w)
							if base >= 0 {
								s.addBlossom(base, k)
							} else {
								s.augmentMatching(k)
								augmented = true
							}
						case s.label[w] == 0:
							s.label[w] = 2
							s.labelend[w] = p ^ 1
						}
						if augmented {
							break
						}
					} else if s.label[s.inblossom[w]] == 1 {
						b := s.inblossom[v]
						if s.bestedge[b] == -1 || kslack < s.bestSlackOfB(b) {
							s.setBest(b, k, kslack)
						}
					} else if s.label[w] == 0 {
						if s.bestedge[w] == -1 || kslack < s.bestSlackOfB(w) {
							s.setBest(w, k, kslack)
						}
					}
				}
			}
			if augmented {
				break
			}
			// No augmenting path with tight edges: update the duals. One
			// pass over the vertices finds the smallest vertex dual (type 1),
			// the least slack from an S-vertex to a free vertex (type 2) and
			// between S-vertices outside blossoms (type 3); the blossoms in
			// use are checked for type 3 and type 4 separately.
			deltatype := 1
			delta := s.dualvar[0]
			d2, e2 := int64(0), int32(-1)
			d3, e3 := int64(0), int32(-1)
			for v := int32(0); v < n; v++ {
				if s.dualvar[v] < delta {
					delta = s.dualvar[v]
				}
				be := s.bestedge[v]
				if be == -1 {
					continue
				}
				if s.label[s.inblossom[v]] == 0 {
					if d := s.slack(be); e2 == -1 || d < d2 {
						d2, e2 = d, be
					}
				} else if s.blossomparent[v] == -1 && s.label[v] == 1 {
					if d := s.slack(be) / 2; e3 == -1 || d < d3 {
						d3, e3 = d, be
					}
				}
			}
			deltaedge, deltablossom := int32(-1), int32(-1)
			if e2 != -1 && d2 < delta {
				delta, deltatype, deltaedge = d2, 2, e2
			}
			for _, b := range s.live {
				if s.blossomparent[b] == -1 && s.label[b] == 1 && s.bestedge[b] != -1 {
					if d := s.slack(s.bestedge[b]) / 2; e3 == -1 || d < d3 {
						d3, e3 = d, s.bestedge[b]
					}
				}
			}
			if e3 != -1 && d3 < delta {
				delta, deltatype, deltaedge = d3, 3, e3
			}
			for _, b := range s.live {
				if s.blossomparent[b] == -1 && s.label[b] == 2 && s.dualvar[b] < delta {
					delta, deltatype, deltablossom = s.dualvar[b], 4, b
				}
			}
			s.epoch++ // the duals change: cached slacks expire
			for v := int32(0); v < n; v++ {
				switch s.label[s.inblossom[v]] {
				case 1:
					s.dualvar[v] -= delta
				case 2:
					s.dualvar[v] += delta
				}
			}
			for _, b := range s.live {
				if s.blossomparent[b] == -1 {
					switch s.label[b] {
					case 1:
						s.dualvar[b] += delta
					case 2:
						s.dualvar[b] -= delta
					}
				}
			}
			if deltatype == 1 {
				break
			}
			switch deltatype {
			case 2:
				s.allowedge[deltaedge] = true
				i, j := s.edges[deltaedge].I, s.edges[deltaedge].J
				if s.label[s.inblossom[i]] == 0 {
					i, j = j, i
				}
				_ = j
				s.queue = append(s.queue, i)
			case 3:
				s.allowedge[deltaedge] = true
				s.queue = append(s.queue, s.edges[deltaedge].I)
			case 4:
				s.expandBlossom(deltablossom, false)
			}
		}
		if !augmented {
			break
		}
		for _, b := range slices.Clone(s.live) {
			if s.blossomparent[b] == -1 && s.blossombase[b] >= 0 && s.label[b] == 1 && s.dualvar[b] == 0 {
				s.expandBlossom(b, true)
			}
		}
	}
}
