package match

// leaves appends the vertices contained in blossom b to out.
func (s *blossomMatcher) leaves(b int32, out []int32) []int32 {
	if b < s.nv {
		return append(out, b)
	}
	for _, t := range s.blossomchilds[b] {
		if t < s.nv {
			out = append(out, t)
		} else {
			out = s.leaves(t, out)
		}
	}
	return out
}

func reverse32(a []int32) {
	for i, j := 0, len(a)-1; i < j; i, j = i+1, j-1 {
		a[i], a[j] = a[j], a[i]
	}
}

func (s *blossomMatcher) addBlossom(base, k int32) {
	v, w := s.edges[k].I, s.edges[k].J
	bb := s.inblossom[base]
	bv := s.inblossom[v]
	bw := s.inblossom[w]
	b := s.unused[len(s.unused)-1]
	s.unused = s.unused[:len(s.unused)-1]
	s.live = append(s.live, b)
	s.blossombase[b] = base
	s.blossomparent[b] = -1
	s.blossomparent[bb] = b
	var path, endps []int32
	for bv != bb {
		s.blossomparent[bv] = b
		path = append(path, bv)
		endps = append(endps, s.labelend[bv])
		v = s.endpoint[s.labelend[bv]]
		bv = s.inblossom[v]
	}
	path = append(path, bb)
	reverse32(path)
	reverse32(endps)
	endps = append(endps, 2*k)
	for bw != bb {
		s.blossomparent[bw] = b
		path = append(path, bw)
		endps = append(endps, s.labelend[bw]^1)
		w = s.endpoint[s.labelend[bw]]
		bw = s.inblossom[w]
	}
	s.blossomchilds[b] = path
	s.blossomendps[b] = endps
	s.label[b] = 1
	s.labelend[b] = s.labelend[bb]
	s.dualvar[b] = 0
	s.leafBuf = s.leaves(b, s.leafBuf[:0])
	for _, lv := range s.leafBuf {
		if s.label[s.inblossom[lv]] == 2 {
			s.queue = append(s.queue, lv)
		}
		s.inblossom[lv] = b
	}
	touched := s.touchedB[:0]
	consider := func(k int32) {
		i, j := s.edges[k].I, s.edges[k].J
		if s.inblossom[j] == b {
			i, j = j, i
		}
		_ = i
		bj := s.inblossom[j]
		if bj != b && s.label[bj] == 1 {
			cur := s.bestTo[bj]
			if cur == -1 {
				touched = append(touched, bj)
				s.bestTo[bj] = k
			} else if s.slack(k) < s.slack(cur) {
				s.bestTo[bj] = k
			}
		}
	}
	for _, cb := range path {
		if s.bestedges[cb] == nil {
			s.leafBuf = s.leaves(cb, s.leafBuf[:0])
			for _, lv := range s.leafBuf {
				for _, p := range s.nb[s.nbStart[lv]:s.nbStart[lv+1]] {
					consider(p / 2)
				}
			}
		} else {
			for _, k := range s.bestedges[cb] {
				consider(k)
			}
		}
		s.bestedges[cb] = nil
		s.bestedge[cb] = -1
	}
	list := make([]int32, 0, len(touched))
	for _, bj := range touched {
		list = append(list, s.bestTo[bj])
		s.bestTo[bj] = -1
	}
	s.touchedB = touched
	s.bestedges[b] = list
	s.bestedge[b] = -1
	for _, k := range list {
		if s.bestedge[b] == -1 || s.slack(k) < s.slack(s.bestedge[b]) {
			s.bestedge[b] = k
		}
	}
}

func wrapIndex(j, n int) int {
	j %= n
	if j < 0 {
		j += n
	}
	return j
}

func indexOf(a []int32, x int32) int {
	for i, y := range a {
		if y == x {
			return i
		}
	}
	return -1
}

func (s *blossomMatcher) expandBlossom(b int32, endstage bool) {
	for _, sb := range s.blossomchilds[b] {
		s.blossomparent[sb] = -1
		if sb < s.nv {
			s.inblossom[sb] = sb
		} else if endstage && s.dualvar[sb] == 0 {
			s.expandBlossom(sb, endstage)
		} else {
			var buf []int32
			for _, v := range s.leaves(sb, buf) {
				s.inblossom[v] = sb
			}
		}
	}
	if !endstage && s.label[b] == 2 {
		childs := s.blossomchilds[b]
		endps := s.blossomendps[b]
		L := len(childs)
		entrychild := s.inblossom[s.endpoint[s.labelend[b]^1]]
		j, jstep, endptrick := walkDirection(indexOf(childs, entrychild), L)
		et := int32(endptrick)
		p := s.labelend[b]
		for j != 0 {
			s.label[s.endpoint[p^1]] = 0
			s.label[s.endpoint[endps[wrapIndex(j-endptrick, L)]^et^1]] = 0
			s.assignLabel(s.endpoint[p^1], 2, p)
			s.allowedge[endps[wrapIndex(j-endptrick, L)]/2] = true
			j += jstep
			p = endps[wrapIndex(j-endptrick, L)] ^ et
			s.allowedge[p/2] = true
			j += jstep
		}
		bv := childs[wrapIndex(j, L)]
		s.label[s.endpoint[p^1]] = 2
		s.label[bv] = 2
		s.labelend[s.endpoint[p^1]] = p
		s.labelend[bv] = p
		s.bestedge[bv] = -1
		j += jstep
		for childs[wrapIndex(j, L)] != entrychild {
			bv = childs[wrapIndex(j, L)]
			if s.label[bv] == 1 {
				j += jstep
				continue
			}
			var buf []int32
			found := int32(-1)
			for _, v := range s.leaves(bv, buf) {
				if s.label[v] != 0 {
					found = v
					break
				}
			}
			if found >= 0 {
				v := found
				s.label[v] = 0
				s.label[s.endpoint[s.mate[s.blossombase[bv]]]] = 0
				s.assignLabel(v, 2, s.labelend[v])
			}
			j += jstep
		}
	}
	s.label[b] = -1
	s.labelend[b] = -1
	s.blossomchilds[b] = nil
	s.blossomendps[b] = nil
	s.blossombase[b] = -1
	s.bestedges[b] = nil
	s.bestedge[b] = -1
	s.unused = append(s.unused, b)
	if i := indexOf(s.live, b); i >= 0 {
		s.live = append(s.live[:i], s.live[i+1:]...)
	}
}

func (s *blossomMatcher) augmentBlossom(b, v int32) {
	t := v
	for s.blossomparent[t] != b {
		t = s.blossomparent[t]
	}
	if t >= s.nv {
		s.augmentBlossom(t, v)
	}
	childs := s.blossomchilds[b]
	endps := s.blossomendps[b]
	L := len(childs)
	i := indexOf(childs, t)
	j, jstep, endptrick := walkDirection(i, L)
	et := int32(endptrick)
	for j != 0 {
		j += jstep
		t = childs[wrapIndex(j, L)]
		p := endps[wrapIndex(j-endptrick, L)] ^ et
		if t >= s.nv {
			s.augmentBlossom(t, s.endpoint[p])
		}
		j += jstep
		t = childs[wrapIndex(j, L)]
		if t >= s.nv {
			s.augmentBlossom(t, s.endpoint[p^1])
		}
		s.mate[s.endpoint[p]] = p ^ 1
		s.mate[s.endpoint[p^1]] = p
	}
	nc := make([]int32, 0, L)
	nc = append(append(nc, childs[i:]...), childs[:i]...)
	ne := make([]int32, 0, L)
	ne = append(append(ne, endps[i:]...), endps[:i]...)
	s.blossomchilds[b] = nc
	s.blossomendps[b] = ne
	s.blossombase[b] = s.blossombase[nc[0]]
}

func (s *blossomMatcher) augmentMatching(k int32) {
	e := s.edges[k]
	starts := [2][2]int32{{e.I, 2*k + 1}, {e.J, 2 * k}}
	for _, sp := range starts {
		sv, p := sp[0], sp[1]
		for {
			bs := s.inblossom[sv]
			if bs >= s.nv {
				s.augmentBlossom(bs, sv)
			}
			s.mate[sv] = p
			if s.labelend[bs] == -1 {
				break
			}
			t := s.endpoint[s.labelend[bs]]
			bt := s.inblossom[t]
			sv = s.endpoint[s.labelend[bt]]
			j := s.endpoint[s.labelend[bt]^1]
			if bt >= s.nv {
				s.augmentBlossom(bt, j)
			}
			s.mate[j] = s.labelend[bt]
			p = s.labelend[bt] ^ 1
		}
	}
}

// walkDirection picks which way round a blossom of L sub-blossoms to walk
// from sub-blossom j to the base (index 0) along an even-length path: it
// returns the start index (made negative to walk forwards), the step and
// the endpoint trick of van Rantwijk's algorithm.
func walkDirection(j, L int) (start, step, endptrick int) {
	if j&1 != 0 {
		return j - L, 1, 0
	}
	return j, -1, 1
}
