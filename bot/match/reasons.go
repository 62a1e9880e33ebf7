package match

import (
	"math/bits"
	"slices"
)

// maxSkillReasons caps the complement reasons per direction of a pair.
const maxSkillReasons = 3

// describe turns a group of member indices into a Group, appending its
// reasons to slab and its member IDs to names (so that a round makes a few
// large allocations, not one per group) and adding the group's repeated
// pairs to *repeats. The caller sets Group.Reasons from the slab.
func (x *instance) describe(g []int32, slab []Reason, names []string, repeats *int) (Group, []Reason, []string) {
	// Member indices follow ID order, so sorting indices sorts IDs.
	slices.Sort(g)
	start := len(names)
	for _, v := range g {
		names = append(names, x.ids[v])
	}
	out := Group{Members: names[start:len(names):len(names)]}
	for i, u := range g {
		for _, v := range g[i+1:] {
			a, b := x.ids[u], x.ids[v]
			n0 := len(slab)
			slab = x.complementReasons(slab, u, v)
			n1 := len(slab)
			slab = x.complementReasons(slab, v, u)
			if n1 > n0 && len(slab) > n1 {
				slab = append(slab, Reason{Kind: ReasonMutual, A: a, B: b})
			}
			if m := overlapMinutes(x.tz[u], x.tz[v]); m > 0 {
				slab = append(slab, Reason{Kind: ReasonOverlap, A: a, B: b, Hours: float64(m) / 60})
			}
			if _, rec := x.lookup(u, v); rec >= 0 {
				r := x.hist.records[rec]
				*repeats++
				slab = append(slab, Reason{Kind: ReasonRepeat, A: a, B: b, Round: r.Round, Outcome: r.Outcome})
			} else {
				slab = append(slab, Reason{Kind: ReasonFresh, A: a, B: b})
			}
			if x.comp[u] != 0 && x.comp[v] != 0 && x.comp[u] != x.comp[v] {
				slab = append(slab, Reason{Kind: ReasonOtherCompany, A: a, B: b})
			}
		}
	}
	return out, slab, names
}

// reasonCount is how many reasons describe appends for the pair u, v.
func (x *instance) reasonCount(u, v int32) int {
	var gu, gv int
	if x.offerMask != nil {
		gu = bits.OnesCount64(x.offerMask[u] & x.seekMask[v])
		gv = bits.OnesCount64(x.offerMask[v] & x.seekMask[u])
	} else {
		gu = countCommon(x.offers[u], x.seeks[v])
		gv = countCommon(x.offers[v], x.seeks[u])
	}
	c := min(gu, maxSkillReasons) + min(gv, maxSkillReasons) + 1 // + fresh or repeat
	if gu > 0 && gv > 0 {
		c++
	}
	if overlapMinutes(x.tz[u], x.tz[v]) > 0 {
		c++
	}
	if x.comp[u] != 0 && x.comp[v] != 0 && x.comp[u] != x.comp[v] {
		c++
	}
	return c
}

// complementReasons appends a reason per skill giver offers that taker seeks.
func (x *instance) complementReasons(out []Reason, giver, taker int32) []Reason {
	a, b := x.offers[giver], x.seeks[taker]
	for i, j, k := 0, 0, 0; i < len(a) && j < len(b) && k < maxSkillReasons; {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, Reason{Kind: ReasonComplement, Giver: x.ids[giver], Taker: x.ids[taker], Skill: x.skillNames[a[i]]})
			k++
			i++
			j++
		}
	}
	return out
}
