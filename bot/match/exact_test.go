package match

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"testing"
)

func randomInput(r *rand.Rand, n int) Input {
	skills := []string{"go", "ux design", "seo", "contracts", "accounting", "sales", "react", "branding"}
	zones := []int{-480, -300, 0, 60, 120, 330, 540}
	in := Input{Round: 10, History: NewHistory(), Options: Options{AvoidSameCompany: r.IntN(2) == 0, Seed: r.Uint64()}}
	for i := range n {
		m := Member{ID: fmt.Sprintf("m%03d", i), UTCOffsetMinutes: zones[r.IntN(len(zones))]}
		for range 1 + r.IntN(2) {
			m.Offers = append(m.Offers, skills[r.IntN(len(skills))])
			m.Seeks = append(m.Seeks, skills[r.IntN(len(skills))])
		}
		if r.IntN(3) > 0 {
			m.Company = fmt.Sprint("c", r.IntN(4))
		}
		in.Members = append(in.Members, m)
	}
	for range n / 4 {
		in.Blocks = append(in.Blocks, Block{A: in.Members[r.IntN(n)].ID, B: in.Members[r.IntN(n)].ID})
	}
	for range n * 2 {
		a, b := in.Members[r.IntN(n)].ID, in.Members[r.IntN(n)].ID
		in.History.Record(a, b, 1+r.IntN(9), Outcome(r.IntN(3)))
	}
	return in
}

// exactMatch works on a sparse edge set certified by duals; its result must
// weigh exactly as much as the blossom algorithm run on every allowed pair.
func TestExactMatchEqualsFullGraph(t *testing.T) {
	for seed := range 30 {
		r := rand.New(rand.NewPCG(uint64(seed), 77))
		n := 2 + r.IntN(60)
		if seed%5 == 4 {
			n = 150 + r.IntN(100) // large enough for the certificate to fail and add pairs
		}
		x := newInstance(randomInput(r, n), 2)
		vs := make([]int32, n)
		for i := range vs {
			vs[i] = int32(i)
		}
		freshOnly := seed%3 == 0
		freshBonus, card := bonuses(n)
		weight := func(u, v int32) (int64, bool) {
			ok, rec := x.lookup(u, v)
			if !ok || (freshOnly && rec >= 0) {
				return 0, false
			}
			w := card + x.score(u, v, rec)
			if rec < 0 {
				w += freshBonus
			}
			return w, true
		}
		var all []wedge
		for u := range int32(n) {
			for v := u + 1; v < int32(n); v++ {
				if w, ok := weight(u, v); ok {
					all = append(all, wedge{I: u, J: v, W: w})
				}
			}
		}
		full, _ := maxWeightMatching(n, all)
		got := x.exactMatch(vs, freshOnly)
		if len(got) != n {
			t.Fatalf("seed %d: %d mates for %d members", seed, len(got), n)
		}
		for u, v := range got {
			if v >= int32(n) || (v >= 0 && got[v] != int32(u)) {
				t.Fatalf("seed %d n=%d: not a matching at %d (mate %d)", seed, n, u, v)
			}
		}
		total := func(mate []int32) int64 {
			var s int64
			for u, v := range mate {
				if v > int32(u) {
					w, ok := weight(int32(u), v)
					if !ok {
						t.Fatalf("seed %d: matched a forbidden pair %d-%d", seed, u, v)
					}
					s += w
				}
			}
			return s
		}
		if a, b := total(got), total(full); a != b {
			t.Fatalf("seed %d n=%d: exactMatch weight %d, full blossom %d", seed, n, a, b)
		}
	}
}

// reasonCount is how many reasons describe appends for the pair u, v,
// worked out independently of it.
func (x *instance) reasonCount(u, v int32) int {
	var gu, gv int
	hu, hv := &x.hot[u], &x.hot[v]
	if x.masks {
		gu = bits.OnesCount64(hu.offer & hv.seek)
		gv = bits.OnesCount64(hv.offer & hu.seek)
	} else {
		gu = countCommon(x.offers[u], x.seeks[v])
		gv = countCommon(x.offers[v], x.seeks[u])
	}
	c := min(gu, maxSkillReasons) + min(gv, maxSkillReasons) + 1 // + fresh or repeat
	if gu > 0 && gv > 0 {
		c++
	}
	if x.overlap(hu.tz, hv.tz) > 0 {
		c++
	}
	if hu.comp != 0 && hv.comp != 0 && hu.comp != hv.comp {
		c++
	}
	return c
}

// Every group's reasons must be exactly those reasonCount predicts, within
// the bound Plan reserves room for, and not share room with another group's.
func TestReasonCount(t *testing.T) {
	for seed := range 10 {
		r := rand.New(rand.NewPCG(uint64(seed), 5))
		in := randomInput(r, 30+r.IntN(30))
		in.Options.GroupSize = 2 + seed%3
		res, err := Plan(in)
		if err != nil {
			t.Fatal(err)
		}
		x := newInstance(in, in.Options.GroupSize)
		for _, g := range res.Groups {
			want := 0
			for i, a := range g.Members {
				for _, b := range g.Members[i+1:] {
					u, _ := x.local(a)
					v, _ := x.local(b)
					want += x.reasonCount(u, v)
				}
			}
			if len(g.Reasons) != want {
				t.Fatalf("seed %d: group %v has %d reasons, reasonCount says %d", seed, g.Members, len(g.Reasons), want)
			}
			if want > maxReasons(len(g.Members)) {
				t.Fatalf("seed %d: group %v has %d reasons, more than maxReasons %d", seed, g.Members, want, maxReasons(len(g.Members)))
			}
			if cap(g.Reasons) != len(g.Reasons) {
				t.Fatalf("seed %d: group %v: reasons have spare capacity %d, appending would overwrite another group's", seed, g.Members, cap(g.Reasons)-len(g.Reasons))
			}
		}
	}
}
