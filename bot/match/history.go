package match

// Outcome is what became of a past pairing, as answered in the mid-week
// follow-up.
type Outcome uint8

const (
	// OutcomeNoAnswer means nobody answered the follow-up (yet). It is the
	// zero value, so a pair recorded when the round runs starts here.
	OutcomeNoAnswer Outcome = iota
	// OutcomeMet means the pair met.
	OutcomeMet
	// OutcomeNotMet means the pair was introduced but did not meet.
	OutcomeNotMet
)

// String returns "no_answer", "met" or "not_met".
func (o Outcome) String() string {
	switch o {
	case OutcomeMet:
		return "met"
	case OutcomeNotMet:
		return "not_met"
	default:
		return "no_answer"
	}
}

// PairRecord is what the history knows about one pair of members.
type PairRecord struct {
	// Round is the latest round in which the two were grouped together.
	Round int
	// Outcome is the outcome of that latest round.
	Outcome Outcome
	// Times counts the distinct rounds in which they were grouped together.
	Times int
}

// History is the pair history a caller keeps across rounds: who was grouped
// with whom, when last, and how it went. Member IDs are interned to ints and
// pairs are looked up by an integer key, so planning a round reads the
// history in time linear in its size and never re-indexes it.
//
// The zero value is not usable; call NewHistory. A History is not safe for
// concurrent use: Plan only reads it, so a caller that records and plans from
// several goroutines must serialise those calls.
type History struct {
	index    map[string]int32
	ids      []string
	partners [][]partnerRef
	pairs    map[uint64]int32
	records  []PairRecord
	members  [][2]int32 // the interned pair of each record
}

type partnerRef struct {
	other  int32 // interned id of the partner
	record int32 // index into History.records
}

// NewHistory returns an empty history.
func NewHistory() *History {
	return &History{index: map[string]int32{}, pairs: map[uint64]int32{}}
}

func (h *History) intern(id string) int32 {
	if i, ok := h.index[id]; ok {
		return i
	}
	i := int32(len(h.ids))
	h.index[id] = i
	h.ids = append(h.ids, id)
	h.partners = append(h.partners, nil)
	return i
}

func pairKey(a, b int32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(uint32(a))<<32 | uint64(uint32(b))
}

// Record notes that a and b were grouped together in round with the given
// outcome. Recording the same pair and round again updates the outcome (the
// follow-up answer arriving); a later round moves the pair's latest round
// forward and counts one more meeting; an earlier round than the one stored
// is ignored. A pair of identical IDs is ignored.
func (h *History) Record(a, b string, round int, outcome Outcome) {
	if a == b {
		return
	}
	ia, ib := h.intern(a), h.intern(b)
	key := pairKey(ia, ib)
	if ri, ok := h.pairs[key]; ok {
		r := &h.records[ri]
		switch {
		case round > r.Round:
			r.Round, r.Outcome = round, outcome
			r.Times++
		case round == r.Round:
			r.Outcome = outcome
		}
		return
	}
	ri := int32(len(h.records))
	h.records = append(h.records, PairRecord{Round: round, Outcome: outcome, Times: 1})
	h.members = append(h.members, [2]int32{ia, ib})
	h.pairs[key] = ri
	h.partners[ia] = append(h.partners[ia], partnerRef{other: ib, record: ri})
	h.partners[ib] = append(h.partners[ib], partnerRef{other: ia, record: ri})
}

// RecordGroups records every pair within each group of a planned round with
// OutcomeNoAnswer, as a caller does when the round is sent out.
func (h *History) RecordGroups(round int, groups []Group) {
	for _, g := range groups {
		for i := range g.Members {
			for j := i + 1; j < len(g.Members); j++ {
				h.Record(g.Members[i], g.Members[j], round, OutcomeNoAnswer)
			}
		}
	}
}

// Lookup returns the record of the pair a, b, if they were ever grouped.
func (h *History) Lookup(a, b string) (PairRecord, bool) {
	if h == nil {
		return PairRecord{}, false
	}
	ia, ok := h.index[a]
	if !ok {
		return PairRecord{}, false
	}
	ib, ok := h.index[b]
	if !ok {
		return PairRecord{}, false
	}
	ri, ok := h.pairs[pairKey(ia, ib)]
	if !ok {
		return PairRecord{}, false
	}
	return h.records[ri], true
}

// Partners returns how many distinct members id was ever grouped with.
func (h *History) Partners(id string) int {
	if h == nil {
		return 0
	}
	i, ok := h.index[id]
	if !ok {
		return 0
	}
	return len(h.partners[i])
}

// Pairs returns the number of distinct pairs recorded.
func (h *History) Pairs() int {
	if h == nil {
		return 0
	}
	return len(h.records)
}

// Restore sets the record of the pair a, b as it is, as a caller does when
// loading a history it saved (see Each). A pair of identical IDs is ignored.
func (h *History) Restore(a, b string, r PairRecord) {
	if a == b {
		return
	}
	h.Record(a, b, r.Round, r.Outcome)
	ri := h.pairs[pairKey(h.index[a], h.index[b])]
	h.records[ri] = r
}

// Each calls fn for every recorded pair, in the order the pairs were first
// recorded; with Restore, a caller can save and load a history.
func (h *History) Each(fn func(a, b string, r PairRecord)) {
	if h == nil {
		return
	}
	for i, r := range h.records {
		p := h.members[i]
		fn(h.ids[p[0]], h.ids[p[1]], r)
	}
}

// lookupIdx returns the record index of the pair of interned ids, or -1.
func (h *History) lookupIdx(a, b int32) int32 {
	if ri, ok := h.pairs[pairKey(a, b)]; ok {
		return ri
	}
	return -1
}
