package match

import (
	"math"
	"math/bits"
	"slices"
	"strings"
)

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
	dayMinutes      = 24 * 60
	oversizePenalty = 1 << 20
)

// instance is one round, with members indexed 0..n-1 in ID order.
type instance struct {
	n         int
	groupSize int
	round     int
	seed      uint64
	avoidSame bool
	algo      Algorithm
	exactMax  int

	ids        []string
	hist       *History
	hid        []int32 // interned history id, or -1
	hidToLocal []int32
	offers     [][]int32 // sorted skill ids
	seeks      [][]int32
	masks      bool         // at most 64 skills: hot holds skill bitsets
	hot        []hotProfile // what quality reads, packed per member
	skillNames []string
	tz         []int32   // UTC offset in minutes
	days       []workday // the distinct working days, in UTC minutes
	comp       []int32   // company id, 0 unknown
	plat       []int32   // platform id, 0 unknown; nil with PlatformIgnore
	samePlat   SamePlatform
	blocked    [][]int32 // sorted, per member; nil when nobody blocks (see blocksOf)
	oversized  []bool
	satOut     []bool
	fresh      []int32 // fresh allowed partners among active members
	// past[pastStart[u]:pastStart[u+1]] lists u's past partners among the
	// active members when u has at most shortSkip blocked and past partners
	// (shortPast[u]); it is empty for the others.
	past, pastStart []int32
	shortPast       []bool

	// plan, when set, keeps planned trios out of the pairs (trioplan.go).
	plan *trioPlan

	// Per-member scratch marks, valid while hot[v].stamp == gen: the
	// blocks and past partners of the member current.
	stampRec   []int32 // history record index, or -1 when only blocked
	stampBlock []bool
	current    int32
	gen        int32
}

// hotProfile packs what the pair score reads so that scoring a pair touches
// one cache line per member.
type hotProfile struct {
	offer, seek uint64 // skill bitsets (valid when instance.masks is set)
	comp        int32
	stamp       int32 // generation of the last stamp that marked this member
	hid         int32 // as instance.hid
	tz          int16 // index in instance.days: the working day in UTC
	fresh       int16 // as instance.fresh, capped at math.MaxInt16
}

func normSkill(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func newInstance(in Input, groupSize int) *instance {
	n := len(in.Members)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	if !slices.IsSortedFunc(in.Members, func(a, b Member) int { return strings.Compare(a.ID, b.ID) }) {
		slices.SortFunc(order, func(a, b int32) int { return strings.Compare(in.Members[a].ID, in.Members[b].ID) })
	}
	x := &instance{
		n: n, groupSize: groupSize, round: in.Round, seed: in.Options.Seed,
		avoidSame: in.Options.AvoidSameCompany, samePlat: in.Options.SamePlatform, algo: in.Options.Algorithm,
		exactMax: in.Options.ExactLimit, hist: in.History,
		ids: make([]string, n), hid: make([]int32, n),
		offers: make([][]int32, n), seeks: make([][]int32, n),
		tz: make([]int32, n), comp: make([]int32, n),
		oversized: make([]bool, n), satOut: make([]bool, n), fresh: make([]int32, n),
		stampRec: make([]int32, n), stampBlock: make([]bool, n),
		current: -1,
	}
	if x.exactMax <= 0 {
		x.exactMax = DefaultExactLimit
	}
	skills := map[string]int32{}
	companies := map[string]int32{}
	// All members' skill lists share one backing array.
	total := 0
	for i := range in.Members {
		total += len(in.Members[i].Offers) + len(in.Members[i].Seeks)
	}
	arena := make([]int32, 0, total)
	// Members mostly share a few spellings of each skill, and many share a
	// company: small caches of recent strings save most map lookups.
	var skillCache, companyCache stringCache
	intern := func(list []string) []int32 {
		start := len(arena)
		for _, s := range list {
			if id, ok := skillCache.get(s); ok {
				arena = append(arena, id)
				continue
			}
			if id, ok := skills[s]; ok { // the common case: already normalised
				arena = append(arena, id)
				skillCache.put(s, id)
				continue
			}
			k := normSkill(s)
			if k == "" {
				continue
			}
			id, ok := skills[k]
			if !ok {
				id = int32(len(x.skillNames))
				skills[k] = id
				x.skillNames = append(x.skillNames, strings.TrimSpace(s))
			}
			if k != s {
				skills[s] = id // remember the raw spelling too
			}
			arena = append(arena, id)
		}
		out := arena[start:len(arena):len(arena)]
		slices.Sort(out)
		out = slices.Compact(out)
		return out[:len(out):len(out)]
	}
	for i, oi := range order {
		m := &in.Members[oi]
		x.ids[i] = m.ID
		x.offers[i] = intern(m.Offers)
		x.seeks[i] = intern(m.Seeks)
		x.tz[i] = int32(m.UTCOffsetMinutes)
		if id, ok := companyCache.get(m.Company); ok {
			x.comp[i] = id
		} else if c := strings.TrimSpace(m.Company); c != "" {
			id, ok := companies[c]
			if !ok {
				id = int32(len(companies) + 1)
				companies[c] = id
			}
			x.comp[i] = id
			companyCache.put(m.Company, id)
		}
	}
	if x.samePlat != PlatformIgnore {
		x.plat = make([]int32, n)
		platforms := map[string]int32{}
		for i, oi := range order {
			if p := in.Members[oi].Platform; p != "" {
				if _, ok := platforms[p]; !ok {
					platforms[p] = int32(len(platforms) + 1)
				}
				x.plat[i] = platforms[p]
			}
		}
	}
	x.masks = len(x.skillNames) <= 64
	if len(in.Blocks) > 0 {
		x.blocked = make([][]int32, n)
	}
	for _, b := range in.Blocks {
		a, okA := x.local(b.A)
		c, okB := x.local(b.B)
		if !okA || !okB || a == c {
			continue
		}
		x.blocked[a] = append(x.blocked[a], c)
		x.blocked[c] = append(x.blocked[c], a)
	}
	for i := range x.blocked {
		slices.Sort(x.blocked[i])
		x.blocked[i] = slices.Compact(x.blocked[i])
	}
	for _, id := range in.LastOversized {
		if v, ok := x.local(id); ok {
			x.oversized[v] = true
		}
	}
	for _, id := range in.LastSatOut {
		if v, ok := x.local(id); ok {
			x.satOut[v] = true
		}
	}
	if x.hist != nil {
		x.hidToLocal = make([]int32, len(x.hist.ids))
		for i := range x.hidToLocal {
			x.hidToLocal[i] = -1
		}
	}
	for i := range x.hid {
		x.hid[i] = -1
		if x.hist != nil {
			if h, ok := x.hist.index[x.ids[i]]; ok {
				x.hid[i] = h
				x.hidToLocal[h] = int32(i)
			}
		}
	}
	x.hot = make([]hotProfile, n)
	for i := range n {
		h := &x.hot[i]
		if x.masks {
			for _, k := range x.offers[i] {
				h.offer |= 1 << k
			}
			for _, k := range x.seeks[i] {
				h.seek |= 1 << k
			}
		}
		h.comp, h.hid = x.comp[i], x.hid[i]
	}
	dayIndex := map[workday]int16{}
	for i, oi := range order {
		m := &in.Members[oi]
		d := workday{start: 9 * 60, end: 18 * 60}
		if m.WorkStartMin != 0 || m.WorkEndMin != 0 {
			d = workday{start: int32(m.WorkStartMin), end: int32(m.WorkEndMin)}
		}
		d = d.utc(x.tz[i])
		k, ok := dayIndex[d]
		if !ok && len(x.days) < math.MaxInt16 { // more (never seen) share the first
			k = int16(len(x.days))
			dayIndex[d] = k
			x.days = append(x.days, d)
		}
		x.hot[i].tz = k
	}
	x.setupTrioPlan()
	x.countFresh(companies)
	for i := range n {
		x.hot[i].fresh = int16(min(x.fresh[i], math.MaxInt16))
	}
	return x
}

// blocksOf returns the members u blocked or was blocked by, sorted.
func (x *instance) blocksOf(u int32) []int32 {
	if x.blocked == nil {
		return nil
	}
	return x.blocked[u]
}

// stringCache is a small direct-mapped cache from strings to ids, in front
// of a map: one probe and one comparison on a hit.
type stringCache struct {
	slots [256]struct {
		s  string
		id int32
	}
}

func (c *stringCache) slot(s string) int {
	h := uint(len(s))*0x9e37 ^ uint(s[0])*0x85eb ^ uint(s[len(s)/2])*0xc2b3 ^ uint(s[len(s)-1])*0x27d5
	return int((h ^ h>>8) & 255)
}

// get returns the id cached for s, if any (never for the empty string).
func (c *stringCache) get(s string) (int32, bool) {
	if s == "" {
		return 0, false
	}
	e := &c.slots[c.slot(s)]
	return e.id, e.s == s
}

// put caches id for the non-empty string s.
func (c *stringCache) put(s string, id int32) {
	if s != "" {
		e := &c.slots[c.slot(s)]
		e.s, e.id = s, id
	}
}

// local returns the index of the member with the given ID.
func (x *instance) local(id string) (int32, bool) {
	i, ok := slices.BinarySearch(x.ids, id)
	return int32(i), ok
}

// duplicate returns an ID that occurs twice, if any (ids are sorted).
func (x *instance) duplicate() (string, bool) {
	for i := 1; i < len(x.ids); i++ {
		if x.ids[i] == x.ids[i-1] {
			return x.ids[i], true
		}
	}
	return "", false
}

// countFresh computes every member's number of allowed, never-met partners.
func (x *instance) countFresh(companies map[string]int32) {
	compCount := make([]int32, len(companies)+1)
	for _, c := range x.comp {
		compCount[c]++
	}
	x.pastStart = make([]int32, x.n+1)
	x.shortPast = make([]bool, x.n)
	for u := range x.n {
		x.pastStart[u] = int32(len(x.past))
		f := int32(x.n - 1)
		if x.avoidSame && x.comp[u] != 0 {
			f -= compCount[x.comp[u]] - 1
		}
		blocks := len(x.blocksOf(int32(u))) > 0
		if blocks { // only to tell past partners who are also blocked
			x.stamp(int32(u))
		}
		for _, v := range x.blocksOf(int32(u)) {
			if !x.forbidden(int32(u), v) {
				f--
			}
		}
		x.shortPast[u] = len(x.blocksOf(int32(u))) <= shortSkip
		if h := x.hid[u]; h >= 0 {
			keep := len(x.hist.partners[h])+len(x.blocksOf(int32(u))) <= shortSkip
			x.shortPast[u] = keep
			for _, p := range x.hist.partners[h] {
				v := x.hidToLocal[p.other]
				if v < 0 {
					continue
				}
				if keep {
					x.past = append(x.past, v)
				}
				if !(blocks && x.hot[v].stamp == x.gen && x.stampBlock[v]) && !x.forbidden(int32(u), v) {
					f--
				}
			}
		}
		if x.plan != nil { // planned partners are skipped above
			for _, v := range x.plan.planned(int32(u)) {
				if !x.forbiddenByRules(int32(u), v) {
					f--
				}
			}
		}
		x.fresh[u] = f
	}
	x.pastStart[x.n] = int32(len(x.past))
}

// pastOf returns u's past partners among the active members when u has at
// most shortSkip blocked and past partners, else nothing.
func (x *instance) pastOf(u int32) []int32 {
	return x.past[x.pastStart[u]:x.pastStart[u+1]]
}

// forbidden reports whether u and v may not be grouped: the options forbid
// it (forbiddenByRules) or the trio plan keeps them apart.
func (x *instance) forbidden(u, v int32) bool {
	return x.forbiddenByRules(u, v) || (x.plan != nil && x.plan.keeps(u, v))
}

// forbiddenByRules reports whether the options forbid grouping u and v: the
// same company with AvoidSameCompany, different platforms with
// PlatformRequire.
func (x *instance) forbiddenByRules(u, v int32) bool {
	if x.samePlat == PlatformRequire && x.plat[u] != x.plat[v] {
		return true
	}
	if !x.avoidSame {
		return false
	}
	c := x.comp[u]
	return c != 0 && c == x.comp[v]
}

// stamp marks the history and blocks of u so that pair lookups from u are
// O(1) until the next stamp.
func (x *instance) stamp(u int32) {
	if x.current == u {
		return
	}
	x.current = u
	x.gen++
	g := x.gen
	for _, v := range x.blocksOf(u) {
		x.hot[v].stamp = g
		x.stampRec[v] = -1
		x.stampBlock[v] = true
	}
	if h := x.hid[u]; h >= 0 {
		for _, p := range x.hist.partners[h] {
			v := x.hidToLocal[p.other]
			if v < 0 {
				continue
			}
			if x.hot[v].stamp != g {
				x.hot[v].stamp = g
				x.stampBlock[v] = false
			}
			x.stampRec[v] = p.record
		}
	}
}

// pairState describes a pair for the current stamp owner u: whether it may
// be grouped at all, and the history record index (-1 when fresh).
func (x *instance) pairState(u, v int32) (allowed bool, rec int32) {
	x.stamp(u)
	if u == v || x.forbidden(u, v) {
		return false, -1
	}
	if x.hot[v].stamp == x.gen {
		if x.stampBlock[v] {
			return false, -1
		}
		return true, x.stampRec[v]
	}
	return true, -1
}

// lookup is pairState without disturbing the stamp: for occasional pairs.
func (x *instance) lookup(u, v int32) (allowed bool, rec int32) {
	if u == v || x.forbidden(u, v) {
		return false, -1
	}
	if x.current == u {
		return x.pairState(u, v)
	}
	if x.current == v {
		return x.pairState(v, u)
	}
	if b := x.blocksOf(u); len(b) > 0 {
		if _, found := slices.BinarySearch(b, v); found {
			return false, -1
		}
	}
	return true, x.record(u, v)
}

// record returns the history record index of the pair u, v, or -1 when
// they never met. Short partner lists (up to 64: more than a year of
// weekly rounds) are scanned, which is cheaper than hashing into the
// history's pair map, a cache miss once it holds millions of pairs.
func (x *instance) record(u, v int32) int32 {
	hu, hv := x.hot[u].hid, x.hot[v].hid
	if hu < 0 || hv < 0 {
		return -1
	}
	if ps := x.hist.partners[hu]; len(ps) <= 64 {
		for _, p := range ps {
			if p.other == hv {
				return p.record
			}
		}
		return -1
	}
	return x.hist.lookupIdx(hu, hv)
}

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

// workday is a working day in minutes from midnight: [start, end).
type workday struct{ start, end int32 }

// utc moves a local working day to UTC, its start within [0, dayMinutes).
func (d workday) utc(offset int32) workday {
	s := ((d.start-offset)%dayMinutes + dayMinutes) % dayMinutes
	return workday{start: s, end: s + d.end - d.start}
}

// dayOverlap is the time two working days in UTC share each day: one
// ending past midnight meets the other's day before or after too.
func dayOverlap(a, b workday) int32 {
	var m int32
	for k := int32(-1); k <= 1; k++ {
		m += max(0, min(a.end, b.end+k*dayMinutes)-max(a.start, b.start+k*dayMinutes))
	}
	return m
}

// overlap is the shared working time of two members' days (hotProfile.tz).
func (x *instance) overlap(a, b int16) int32 { return dayOverlap(x.days[a], x.days[b]) }

// overlapMinutes is the shared time of two 09:00-18:00 local working days
// at UTC offsets a and b.
func overlapMinutes(a, b int32) int32 {
	d := workday{start: 9 * 60, end: 18 * 60}
	return dayOverlap(d.utc(a), d.utc(b))
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
