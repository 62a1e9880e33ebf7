package match

import (
	"math"
	"slices"
	"strings"
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
		d := defaultWorkday
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
