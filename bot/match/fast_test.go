package match

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// Every list of the candidate index holds exactly the members it is for,
// in member order, each entry a faithful copy of its member; thin lists
// hold every member once per kind, under one of their own skills.
func TestCandLists(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	in := randomInput(r, 300)
	x := newInstance(in, 2)
	for _, thin := range []bool{false, true} {
		c := x.candLists(thin)
		S := len(x.skillNames)
		offerLists, seekLists := make([]int, x.n), make([]int, x.n)
		for id := range len(c.start) - 1 {
			l := c.list(id)
			if !slices.IsSortedFunc(l, func(a, b candEntry) int { return int(a.v - b.v) }) {
				t.Fatalf("thin=%v: list %d not in member order", thin, id)
			}
			for _, e := range l {
				if want := x.entry(e.v); e != want {
					t.Fatalf("thin=%v: list %d: entry %+v, member has %+v", thin, id, e, want)
				}
				offers, seeks := x.offers[e.v], x.seeks[e.v]
				var ok bool
				switch {
				case id < S:
					ok = slices.Contains(offers, int32(id))
					offerLists[e.v]++
				case id < 2*S:
					ok = slices.Contains(seeks, int32(id-S))
					seekLists[e.v]++
				case id < 2*S+tzBuckets:
					ok = !thin && tzBucketOf(x.tz[e.v]) == id-2*S
				default:
					k := id - 2*S - tzBuckets
					ok = slices.Contains(offers, int32(k/S)) && slices.Contains(seeks, int32(k%S))
				}
				if !ok {
					t.Fatalf("thin=%v: member %d does not belong to list %d", thin, e.v, id)
				}
			}
		}
		for v := range x.n {
			wantO, wantS := len(x.offers[v]), len(x.seeks[v])
			if thin && wantO+wantS > 2 {
				wantO, wantS = min(wantO, 1), min(wantS, 1)
			}
			if offerLists[v] != wantO || seekLists[v] != wantS {
				t.Fatalf("thin=%v: member %d in %d offer and %d seek lists, want %d and %d", thin, v, offerLists[v], seekLists[v], wantO, wantS)
			}
		}
	}
}

// record must agree with the history's pair map, for short partner lists
// (scanned) and long ones (looked up).
func TestRecordMatchesHistory(t *testing.T) {
	members := make([]Member, 60)
	for i := range members {
		members[i] = Member{ID: fmt.Sprintf("m%02d", i), Offers: []string{"go"}, Seeks: []string{"seo"}}
	}
	h := NewHistory()
	r := rand.New(rand.NewPCG(9, 9))
	for round := 1; round <= 40; round++ {
		for range 20 {
			// The first ten meet many, the others at most ten.
			a, b := members[r.IntN(10)].ID, members[r.IntN(len(members))].ID
			h.Record(a, b, round, OutcomeMet)
		}
	}
	x := newInstance(Input{Round: 41, Members: members, History: h}, 2)
	short, long := 0, 0
	for u := range int32(x.n) {
		if hu := x.hid[u]; hu >= 0 && len(h.partners[hu]) > 16 {
			long++
		} else {
			short++
		}
		for v := range int32(x.n) {
			want := int32(-1)
			if u != v && x.hid[u] >= 0 && x.hid[v] >= 0 {
				want = h.lookupIdx(x.hid[u], x.hid[v])
			}
			if got := x.record(u, v); u != v && got != want {
				t.Fatalf("record(%d, %d) = %d, history says %d", u, v, got, want)
			}
		}
	}
	if short == 0 || long == 0 {
		t.Fatalf("%d short and %d long partner lists: both paths must be tested", short, long)
	}
}

// stringCache returns what was put for a string until a string sharing its
// slot replaces it, and never answers for another string.
func TestStringCache(t *testing.T) {
	var c stringCache
	if _, ok := c.get(""); ok {
		t.Fatal("empty string found")
	}
	c.put("go", 7)
	if id, ok := c.get("go"); !ok || id != 7 {
		t.Fatalf("get(go) = %d, %v", id, ok)
	}
	other := ""
	for i := 0; other == ""; i++ {
		if s := fmt.Sprint("skill", i); c.slot(s) == c.slot("go") {
			other = s
		}
	}
	if _, ok := c.get(other); ok {
		t.Fatalf("%q found in the slot of go", other)
	}
	c.put(other, 9)
	if _, ok := c.get("go"); ok {
		t.Fatal("go still found after its slot was taken")
	}
	if id, ok := c.get(other); !ok || id != 9 {
		t.Fatalf("get(%q) = %d, %v", other, id, ok)
	}
}
