package match

import (
	"math/bits"
	"slices"
)

// maxSkillReasons caps the complement reasons per direction of a pair.
const maxSkillReasons = 3

// maxReasons bounds the reasons describe gives a group of size members.
func maxReasons(size int) int {
	// Per pair: complements both ways, mutual, overlap, fresh or repeat,
	// other company.
	return size * (size - 1) / 2 * (2*maxSkillReasons + 4)
}

// describe turns a group of member indices into a Group, appending its
// reasons to slab and its member IDs to names (so that a round makes a few
// large allocations, not one per group) and adding the group's repeated
// pairs to *repeats. The caller makes sure that slab has room for
// maxReasons(len(g)) more reasons, so that Group.Reasons stays in slab.
func (x *instance) describe(g []int32, slab []Reason, names []string, repeats *int) (Group, []Reason, []string) {
	// Member indices follow ID order, so sorting indices sorts IDs.
	slices.Sort(g)
	start := len(names)
	for _, v := range g {
		names = append(names, x.ids[v])
	}
	out := Group{Members: names[start:len(names):len(names)]}
	from := len(slab)
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
			hu, hv := &x.hot[u], &x.hot[v]
			if m := x.overlap(hu.tz, hv.tz); m > 0 {
				slab = append(slab, Reason{Kind: ReasonOverlap, A: a, B: b, Hours: float64(m) / 60})
			}
			if rec := x.record(u, v); rec >= 0 {
				r := x.hist.records[rec]
				*repeats++
				slab = append(slab, Reason{Kind: ReasonRepeat, A: a, B: b, Round: r.Round, Outcome: r.Outcome})
			} else {
				slab = append(slab, Reason{Kind: ReasonFresh, A: a, B: b})
			}
			if hu.comp != 0 && hv.comp != 0 && hu.comp != hv.comp {
				slab = append(slab, Reason{Kind: ReasonOtherCompany, A: a, B: b})
			}
		}
	}
	out.Reasons = slab[from:len(slab):len(slab)]
	return out, slab, names
}

// complementReasons appends a reason per skill giver offers that taker
// seeks (at most maxSkillReasons, in skill id order).
func (x *instance) complementReasons(out []Reason, giver, taker int32) []Reason {
	if x.masks {
		common := x.hot[giver].offer & x.hot[taker].seek
		for k := 0; common != 0 && k < maxSkillReasons; k++ {
			s := bits.TrailingZeros64(common)
			common &= common - 1
			out = append(out, Reason{Kind: ReasonComplement, Giver: x.ids[giver], Taker: x.ids[taker], Skill: x.skillNames[s]})
		}
		return out
	}
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
