// Package match is rete's pairing engine: given the active members of a
// community, their blocks and the pair history, it splits them into the
// groups of one weekly round and says, in structured form, why each group
// was put together.
//
// The package is pure: no I/O, no clock, no global state. The same Input
// (including Options.Seed) always gives the same Result.
//
// # What a round guarantees
//
// Hard rules, never broken: a blocked pair (in either direction) is never
// grouped; with AvoidSameCompany two members of the same company are never
// grouped; every member passed in is in exactly one group. Only when the hard
// rules make that impossible (say, a member who blocked everyone else) is a
// member left out, and then Result.SatOut names them.
//
// The caller passes only members who can take part: paused, departed,
// removed and unreachable members are simply left out of Input.Members.
//
// Then, in order: as many first-time pairs as possible (no repeat while a
// fresh partner exists; the engine looks ahead so that members with few fresh
// partners left get them first, and with fixed membership of n members it
// reaches the theoretical limit, RepeatFreeLimit: n-1 repeat-free rounds
// for n even, n-4 for n odd from 11 to 55 and within a week or two of it
// above); complementary skills (one
// offers what the other seeks, both ways counting more); overlapping working
// hours (09:00-18:00 local); novelty among repeats (a pair that did not meet
// is retried sooner than one that did); different companies.
//
// # Group sizes
//
// With GroupSize 2 and an odd number of members there is exactly one trio,
// not made of members who were in an oversized group in their previous
// round when that is avoidable (Input.LastOversized). With fixed membership
// the trio follows a plan (see Algorithms) so that the remaining fresh
// partners still split into full rounds. With GroupSize 3 or 4,
// members are first paired by the matcher; the k best pairs then seed k
// groups, the other pairs (GroupSize 4) or members (GroupSize 3) are
// assigned to seeds by weight, and the members left over join distinct
// groups. k is n/GroupSize rounded down when the remainder is at most k, so
// that groups have GroupSize or GroupSize+1 members; otherwise (say seven
// members in fours) k is rounded up and groups have GroupSize or
// GroupSize-1 members. Members who were in an oversized group last time are
// swapped out of this round's oversized groups where the rules allow. Only
// the hard rules (many members of one company, blocks) can force a smaller
// group. A local search then swaps members between groups until no pair
// repeats, when it finds such a round, looking ahead near the end of a
// rotation so that the rounds left can be repeat-free too (groups_search.go).
//
// # Algorithms
//
// Up to Options.ExactLimit members (DefaultExactLimit) the pairs come from
// an exact maximum-weight matching: Edmonds' blossom algorithm (a port of
// van Rantwijk's O(n³) mwmatching with integer weights) run on each member's
// best candidates, then certified optimal over all pairs with the
// linear-programming duals; pairs that fail the certificate are added and
// the matching rerun, warm-started from the previous matching and duals
// (from scratch should the warm result not prove optimal). With an odd
// number of members a dummy vertex takes the one left out, so that the
// matching is usually perfect. The weights rank matchings by number of
// pairs, then number of first-time pairs (plus a scarcity bonus for members
// with few fresh partners left), then quality.
//
// Above the limit, a sparse candidate graph of fresh pairs is built from a
// both-ways complement index, a one-way complement index, nearby timezones,
// random picks, and every fresh partner of members who have few left (about
// 26 candidates each up to 5,000 members, fewer above). Above 5,000 members
// each pick reads on from where the last reader of the same list stopped,
// which keeps the reads in the cache; above 20,000 the picks come mostly
// from the both-ways index, each member being listed under one offered and
// one sought skill drawn per round. It is matched greedily by weight; up to
// 5,000 members the number of complementary pairs is then maximised with
// augmenting paths and the result polished with 2- and 3-opt exchanges
// (above, one or two passes of 2-opt); augmenting paths finally reach
// maximum cardinality so that no repeat happens while a fresh matching
// exists (above 20,000 members the searches are bounded). Nothing on this
// path looks at all n² pairs, except the end-game and completion searches
// below 5,000 members, which run only when fresh partners are scarce.
//
// When every member has the same small number d ≤ 4 of fresh partners left
// (fixed membership at the end of a full rotation), the round is chosen so
// that what remains still splits into d perfect matchings (see factor.go):
// this is what makes n-1 repeat-free rounds reachable.
//
// With an odd number of members in pairs, a matching chosen round by round
// runs out of fresh trios well before the limit. Up to 55 members (a full
// rotation within a year), when the history shows that the members are
// exactly those of their first round together, that round is taken as week
// 0 of a 1-rotational design on n-4 points plus four fixed ones (odd.go),
// and each round is its unplayed week of best quality whose trio avoids
// last round's: n-4 repeat-free rounds for every odd n ≥ 11; skills then
// weigh only in the order of the weeks. Above 55 members the trios alone
// come from that design (trioplan.go): each round plays an unplayed one
// and the matcher pairs the others as usual, away from the planned trios'
// pairs, which keeps the quality of an even count and reaches within a
// week or two of the limit. Under churn or pauses the history no longer
// fits either and the matcher plans the round alone.
package match

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// DefaultExactLimit is the largest number of members for which AlgorithmAuto
// uses the exact matcher.
const DefaultExactLimit = 600

// Algorithm selects how pairs are computed.
type Algorithm uint8

const (
	// AlgorithmAuto uses the exact matcher up to Options.ExactLimit members
	// and the fast sparse matcher above it.
	AlgorithmAuto Algorithm = iota
	// AlgorithmExact always uses the exact maximum-weight matching.
	AlgorithmExact
	// AlgorithmFast always uses the sparse candidate-graph matcher.
	AlgorithmFast
)

// Member is one active member as the engine sees them.
type Member struct {
	// ID identifies the member; it must be unique and non-empty.
	ID string
	// Offers lists the skills the member offers, Seeks the ones they look for.
	// Skills are compared case-insensitively after trimming spaces; the
	// caller normalises aliases.
	Offers, Seeks []string
	// UTCOffsetMinutes is the member's current offset from UTC (for example
	// 60 for Rome in winter, -300 for New York), between -14 h and +14 h.
	UTCOffsetMinutes int
	// WorkStartMin and WorkEndMin are the member's working day in local
	// minutes from midnight, [start, end), which the shared working time
	// counts; both zero mean 09:00–18:00.
	WorkStartMin, WorkEndMin int
	// Company is the member's company or team; empty means unknown, which
	// never conflicts with anyone.
	Company string
	// Platform is where the member is reached ("slack", "telegram"); it
	// matters only with Options.SamePlatform.
	Platform string
}

// Block is a pair never to be grouped: A blocked B, or B declined to meet
// A. Blocks apply in both directions.
type Block struct {
	A, B string
}

// Options tunes a round.
type Options struct {
	// GroupSize is 2 (the default when 0), 3 or 4.
	GroupSize int
	// AvoidSameCompany forbids groups with two members of the same company.
	AvoidSameCompany bool
	// SamePlatform says how much members on one platform belong together.
	SamePlatform SamePlatform
	// Seed makes tie-breaking and sampling reproducible; use a different
	// seed per round for variety.
	Seed uint64
	// Algorithm selects the matcher; the zero value is AlgorithmAuto.
	Algorithm Algorithm
	// ExactLimit overrides DefaultExactLimit when positive.
	ExactLimit int
}

// SamePlatform weighs groups whose members are on different platforms.
type SamePlatform uint8

const (
	// PlatformIgnore: the platform plays no part.
	PlatformIgnore SamePlatform = iota
	// PlatformPrefer: members on one platform score a little higher, about
	// as much as working for different companies, so that skills and
	// first meetings still come first.
	PlatformPrefer
	// PlatformRequire: members on different platforms are never grouped
	// (a hard rule, like a block).
	PlatformRequire
)

// Input is everything a round is planned from.
type Input struct {
	// Round is the number of the round being planned. It is compared with
	// the rounds in History to tell how long ago a pair met.
	Round int
	// Members are the members taking part (only active ones; see the
	// package documentation).
	Members []Member
	// Blocks lists blocks; those naming members not in Members are ignored.
	Blocks []Block
	// History is the pair history; nil means nobody met anybody yet.
	History *History
	// LastOversized names the members whose previous group was larger than
	// the group size (the trio, with GroupSize 2): they are kept out of this
	// round's oversized groups when possible.
	LastOversized []string
	// LastSatOut names the members who sat out their previous round; should
	// the hard rules leave someone out again, they are placed first.
	LastSatOut []string
	// Options tunes the round.
	Options Options
}

// ReasonKind says what a Reason is about.
type ReasonKind string

const (
	// ReasonComplement: Giver offers Skill, which Taker seeks.
	ReasonComplement ReasonKind = "complement"
	// ReasonMutual: A and B each offer something the other seeks.
	ReasonMutual ReasonKind = "mutual"
	// ReasonOverlap: A and B share Hours of their 09:00-18:00 working days.
	ReasonOverlap ReasonKind = "overlap"
	// ReasonFresh: A and B were never grouped before.
	ReasonFresh ReasonKind = "fresh"
	// ReasonRepeat: A and B were grouped before, last in Round, with Outcome.
	ReasonRepeat ReasonKind = "repeat"
	// ReasonOtherCompany: A and B work for different (known) companies.
	ReasonOtherCompany ReasonKind = "other_company"
)

// Reason is one structured reason why members were grouped, for the caller
// to render in any language ("Anna offers UX design, which Marco seeks").
// Only the fields that the Kind documents are set.
type Reason struct {
	Kind ReasonKind
	// Giver, Taker and Skill are set for ReasonComplement.
	Giver, Taker, Skill string
	// A and B are set for the pair kinds (mutual, overlap, fresh, repeat,
	// other_company), with A < B.
	A, B string
	// Hours is the shared working time for ReasonOverlap, in hours
	// (fractional for half-hour offsets).
	Hours float64
	// Round and Outcome describe the previous meeting for ReasonRepeat.
	Round   int
	Outcome Outcome
}

// Group is one group of a round.
type Group struct {
	// Members are the member IDs, sorted.
	Members []string
	// Reasons are the structured reasons, pair by pair.
	Reasons []Reason
}

// Result is a planned round.
type Result struct {
	// Groups lists the groups, sorted by their first member.
	Groups []Group
	// SatOut names members who could not be placed without breaking a hard
	// rule (blocks, same company); normally empty.
	SatOut []string
	// Repeats counts the pairs within groups that were grouped before.
	Repeats int
	// Quality is the sum over the pairs within groups of their quality
	// score (skills, shared hours, company), the part of the objective that
	// history does not affect: a yardstick for comparing algorithms.
	Quality int64
	// Method says how the pairs were computed, for diagnostics: "exact",
	// "fast", "factor" (the end game of a full rotation), "rotation" (the
	// schedule for up to 55 members in pairs, see odd.go), "design" (a
	// schedule of groups of 3 or 4, see design.go) or "none" (fewer than
	// two members).
	Method string
}

// Plan computes one round. It returns an error only for invalid input:
// empty or duplicate member IDs, an unsupported group size or an offset
// outside ±14 h.
func Plan(in Input) (Result, error) {
	g := in.Options.GroupSize
	if g == 0 {
		g = 2
	}
	if g < 2 || g > 4 {
		return Result{}, fmt.Errorf("match: group size %d not supported (2, 3 or 4)", in.Options.GroupSize)
	}
	for _, m := range in.Members {
		if m.ID == "" {
			return Result{}, errors.New("match: member with empty ID")
		}
		if m.UTCOffsetMinutes < -14*60 || m.UTCOffsetMinutes > 14*60 {
			return Result{}, fmt.Errorf("match: member %q: UTC offset %d min out of range", m.ID, m.UTCOffsetMinutes)
		}
		if (m.WorkStartMin != 0 || m.WorkEndMin != 0) && (m.WorkStartMin < 0 || m.WorkEndMin > dayMinutes || m.WorkStartMin >= m.WorkEndMin) {
			return Result{}, fmt.Errorf("match: member %q: working day %d-%d min out of range", m.ID, m.WorkStartMin, m.WorkEndMin)
		}
	}
	x := newInstance(in, g)
	if id, dup := x.duplicate(); dup {
		return Result{}, fmt.Errorf("match: duplicate member %q", id)
	}
	switch x.n {
	case 0:
		return Result{Method: "none"}, nil
	case 1:
		return Result{SatOut: []string{x.ids[0]}, Method: "none"}, nil
	}
	groups, satOut, method := x.solve()
	res := Result{Method: method}
	res.Groups = make([]Group, 0, len(groups))
	// Reasons go into shared chunks (a few large allocations, not one per
	// group), each group's reasons contiguous in one chunk.
	chunk := min(8192, 3*x.n)
	var slab []Reason
	names := make([]string, 0, x.n)
	for _, grp := range groups {
		if need := maxReasons(len(grp)); cap(slab)-len(slab) < need {
			slab = make([]Reason, 0, max(chunk, need))
		}
		var g Group
		g, slab, names = x.describe(grp, slab, names, &res.Repeats)
		res.Groups = append(res.Groups, g)
		for i, u := range grp {
			for _, v := range grp[i+1:] {
				res.Quality += x.quality(u, v)
			}
		}
	}
	slices.SortFunc(res.Groups, func(a, b Group) int { return strings.Compare(a.Members[0], b.Members[0]) })
	for _, v := range satOut {
		res.SatOut = append(res.SatOut, x.ids[v])
	}
	slices.Sort(res.SatOut)
	return res, nil
}
