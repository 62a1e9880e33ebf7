package match

import "math/bits"

// Scales of the pair score. Quality (skills, hours, company, noise) stays
// below qualityMax, the scarcity bonus of a fresh pair below 2*scarcityMax
// and the novelty score of a repeat below repeatMax. The exact matcher adds
// a fresh bonus larger than any sum of those over a matching, and a
// cardinality bonus larger than any sum of fresh bonuses, so that it
// maximises, in order: pairs, fresh pairs, then quality.
const (
	giveScore       = 300 // one offers something the other seeks
	giveExtra       = 30  // per further matching skill, up to 2
	mutualScore     = 200 // both ways
	hourScore       = 25  // per shared working hour
	otherCompany    = 40
	samePlatform    = 40
	noiseMax        = 16
	qualityMax      = 2*(giveScore+2*giveExtra) + mutualScore + 9*hourScore + otherCompany + samePlatform + noiseMax
	scarcityFrom    = 64 // members with at most this many fresh partners are scarce
	scarcityStep    = 16
	scarcityMax     = scarcityStep * (scarcityFrom + 1)
	repeatAgeStep   = 8
	repeatAgeCap    = 52
	repeatNotMet    = 300
	repeatMax       = repeatAgeStep*repeatAgeCap + repeatNotMet
	workdayMinutes  = 9 * 60
	oversizePenalty = 1 << 20
)

func countCommon(a, b []int32) int {
	c, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			c++
			i++
			j++
		}
	}
	return c
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// quality scores a pair ignoring history: skills, hours, company and a
// small seeded tie-breaking noise. It is symmetric.
func (x *instance) quality(u, v int32) int64 {
	hu, hv := &x.hot[u], &x.hot[v]
	return x.qualityOf(u, v, hu.offer, hu.seek, hv.offer, hv.seek, hu.tz, hv.tz, hu.comp, hv.comp)
}

// qualityOf is quality with the members' skill bitsets, offsets and
// companies passed in (the bitsets are ignored when there are more than 64
// skills), so that callers holding copies of them read no other memory.
func (x *instance) qualityOf(u, v int32, offerU, seekU, offerV, seekV uint64, tzU, tzV int16, compU, compV int32) int64 {
	var q int64
	var gu, gv int
	if x.masks {
		gu = bits.OnesCount64(offerU & seekV)
		gv = bits.OnesCount64(offerV & seekU)
	} else {
		gu = countCommon(x.offers[u], x.seeks[v])
		gv = countCommon(x.offers[v], x.seeks[u])
	}
	if gu > 0 {
		q += giveScore + giveExtra*int64(min(gu-1, 2))
	}
	if gv > 0 {
		q += giveScore + giveExtra*int64(min(gv-1, 2))
	}
	if gu > 0 && gv > 0 {
		q += mutualScore
	}
	// A default day's hours at most, which qualityMax counts.
	q += hourScore * int64(min(x.overlap(tzU, tzV), workdayMinutes)) / 60
	if compU != 0 && compV != 0 && compU != compV {
		q += otherCompany
	}
	if x.samePlat == PlatformPrefer && x.plat[u] == x.plat[v] {
		q += samePlatform
	}
	if u > v {
		u, v = v, u
	}
	q += int64(splitmix(x.seed^(uint64(u)<<32|uint64(v))) % noiseMax)
	return q
}

func (x *instance) scarcity(u int32) int64 {
	f := int32(x.hot[u].fresh)
	if f > scarcityFrom {
		return 0
	}
	if f < 0 {
		f = 0
	}
	return scarcityStep * int64(scarcityFrom+1-f)
}

// repeatScore rates an old pair for a repeat: older and not-met pairs first.
func (x *instance) repeatScore(rec int32) int64 {
	r := x.hist.records[rec]
	age := int64(x.round - r.Round)
	age = max(0, min(age, repeatAgeCap))
	s := age * repeatAgeStep
	if r.Outcome != OutcomeMet {
		s += repeatNotMet
	}
	return s
}

// score is the pair's value below the fresh bonus: quality plus scarcity
// for a fresh pair, quality plus novelty for a repeat.
func (x *instance) score(u, v int32, rec int32) int64 {
	q := x.quality(u, v)
	if rec < 0 {
		return q + x.scarcity(u) + x.scarcity(v)
	}
	return q + x.repeatScore(rec)
}

// bonuses returns the fresh bonus and the cardinality bonus for the exact
// matcher, sized for n vertices.
func bonuses(n int) (fresh, card int64) {
	half := int64(n/2 + 2)
	fresh = (qualityMax + 2*scarcityMax + repeatMax + 1) * half
	card = (fresh + qualityMax + 2*scarcityMax + repeatMax + 1) * half
	return fresh, card
}
