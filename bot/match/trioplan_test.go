package match

import (
	"fmt"
	"testing"
)

// The plan keeps out of the pairs exactly the edges of the cyclic design's
// trios and the pairs among its fixed points, and names each edge's trio.
func TestTrioPlanIsTheDesignsTrios(t *testing.T) {
	for _, n := range []int{57, 59, 61, 101, 1001} {
		rot, _ := newRotation(n)
		p := &trioPlan{w: int32(n - 4)}
		want := map[[2]int32]int32{} // trio edge -> week
		for w := range rot.weeks {
			tr := p.trio(int32(w))
			if tr != rot.trio(w) {
				t.Fatalf("n=%d week %d: plan trio %v, design %v", n, w, tr, rot.trio(w))
			}
			for i := range 3 {
				a, b := min(tr[i], tr[(i+1)%3]), max(tr[i], tr[(i+1)%3])
				want[[2]int32{a, b}] = int32(w)
			}
		}
		for u := range int32(n) {
			kept := 0
			for v := u + 1; v < int32(n); v++ {
				week, planned := p.trioOf(u, v)
				wk, isTrio := want[[2]int32{u, v}]
				fixed := u >= p.w
				if planned != (isTrio || fixed) || (isTrio && week != wk) || (fixed && week != -1) {
					t.Fatalf("n=%d %d-%d: trioOf = %d, %v; want trio %v (week %d), fixed %v", n, u, v, week, planned, isTrio, wk, fixed)
				}
				if p.keeps(u, v) != planned || p.keeps(v, u) != planned {
					t.Fatalf("n=%d %d-%d: keeps disagrees with trioOf", n, u, v)
				}
			}
			for v := range int32(n) {
				if v != u && p.keeps(u, v) {
					kept++
				}
			}
			if got := len(p.planned(u)); got != kept {
				t.Fatalf("n=%d member %d: %d planned partners listed, %d kept", n, u, got, kept)
			}
		}
	}
}

// The plan holds over an empty history and one of whole trios, and lapses
// as soon as a planned pair met outside its trio.
func TestTrioPlanFollowsTheHistory(t *testing.T) {
	const n = 61
	members := make([]Member, n)
	for i := range members {
		members[i] = Member{ID: fmt.Sprintf("m%02d", i)}
	}
	id := func(v int32) string { return members[v].ID }
	h := NewHistory()
	planOn := func() bool { return newInstance(Input{Round: 9, Members: members, History: h}, 2).plan != nil }
	if !planOn() {
		t.Fatal("no plan over an empty history")
	}
	p := &trioPlan{w: n - 4}
	tr := p.trio(5)
	h.Record(id(tr[0]), id(tr[1]), 1, OutcomeMet)
	h.Record(id(tr[1]), id(tr[2]), 1, OutcomeMet)
	h.Record(id(tr[0]), id(tr[2]), 1, OutcomeMet)
	h.Record(id(0), id(1), 1, OutcomeMet) // difference 1: a pair outside the plan
	if !planOn() {
		t.Fatal("no plan over a whole trio and a free pair")
	}
	h.Record(id(10), id(12), 2, OutcomeMet) // an edge of week 9's trio alone
	if planOn() {
		t.Fatal("plan kept over a planned pair that met outside its trio")
	}
	if newInstance(Input{Round: 9, Members: members[:n-1], History: NewHistory()}, 2).plan != nil {
		t.Fatal("plan for an even count")
	}
}
