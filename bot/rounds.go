package bot

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/rete-bot/rete/bot/match"
)

// Round is one weekly pairing of a community.
type Round struct {
	Community string       `json:"community"`
	ID        string       `json:"id"`     // RoundID(Period, Manual): sorts by time
	Number    int          `json:"number"` // 1 for the community's first round
	Period    time.Time    `json:"period"` // the round time it is the round of (for `round now`: the next one)
	Ran       time.Time    `json:"ran"`
	Manual    bool         `json:"manual,omitempty"` // started with `round now`
	Seed      uint64       `json:"seed"`             // the matcher's seed: the same input gives the same groups
	Method    string       `json:"method,omitempty"` // how the matcher paired
	Groups    []RoundGroup `json:"groups"`
	// FollowupAt is when members are asked whether they met.
	FollowupAt time.Time `json:"followup_at"`
	// names are, in memory only, the names of the members a round just
	// made was matched from, so that rendering it reads no member again.
	names map[MemberID]string
}

// RoundGroup is one group of a round.
type RoundGroup struct {
	Members []MemberID     `json:"members"`
	Reasons []match.Reason `json:"reasons,omitempty"`
	// Answers are the follow-up answers: member id → "yes", "notyet", "no".
	Answers map[string]string `json:"answers,omitempty"`
	// Slots are the meeting times the intro proposes (see meet.go), none
	// when the members share no working hours; Key, random, makes their
	// calendar links unguessable. Rounds older than slots have no Key.
	Slots []time.Time `json:"slots,omitempty"`
	Key   string      `json:"key,omitempty"`
	// NoTimeLeft says why there are no Slots: the next round starts
	// before the members' shared working time, not that they share none.
	NoTimeLeft bool `json:"no_time_left,omitempty"`
	// Pick is the proposed slot the group chose, kept with the answers so
	// that stats can tell how often groups meet at a proposed time.
	Pick *SlotPick `json:"pick,omitempty"`
	// FirstPickTold is the Seq of the first pick whose notice went out:
	// a later pick's notice says the call moved, and one before it, or
	// the first sent, says a time was picked.
	FirstPickTold int `json:"first_pick_told,omitempty"`
	// Ended is a member calling the week's meeting off: nothing more is
	// sent about the group, follow-up included.
	Ended *PairingEnd `json:"ended,omitempty"`
}

// State is a community's scheduler state.
type State struct {
	NextRound time.Time `json:"next_round"` // the next scheduled period
	Rounds    int       `json:"rounds"`     // rounds so far
	// LastDigest is when the last weekly digest was decided (queued, or
	// found empty or off), and DigestRound the rounds so far then: the
	// digest of a firing of digest.schedule before LastDigest, or of a
	// round up to DigestRound, is done (see digest_tick.go).
	LastDigest  time.Time `json:"last_digest,omitzero"`
	DigestRound int       `json:"digest_round,omitempty"`
	// Queue is the work the last round still owes, nil when none.
	Queue *RoundQueue `json:"queue,omitempty"`
	// EventIntros are the events whose intros are being queued.
	EventIntros []string `json:"event_intros,omitempty"`
}

// RoundID names the round of a period: "20261130T0800Z", with "-now"
// appended for one started by hand. A period has one round, scheduled or
// by hand, so IDs sort by time.
func RoundID(period time.Time, manual bool) string {
	id := period.UTC().Format("20060102T1504Z")
	if manual {
		id += "-now"
	}
	return id
}

// Has reports whether the group holds a member.
func (g *RoundGroup) Has(id MemberID) bool { return slices.Contains(g.Members, id) }

// GroupOf returns the index of the member's group, or -1.
func (r *Round) GroupOf(id MemberID) int {
	for i := range r.Groups {
		if r.Groups[i].Has(id) {
			return i
		}
	}
	return -1
}

// outcome is what the answers of a group say about whether it met.
func (g *RoundGroup) outcome() match.Outcome {
	o := match.OutcomeNoAnswer
	for _, a := range g.Answers {
		switch a {
		case "yes":
			return match.OutcomeMet
		case "no":
			o = match.OutcomeNotMet
		}
	}
	return o
}

// ErrRoundExists is returned when a period's round has already run.
var ErrRoundExists = errors.New("the round of this period already ran")

// NotEnoughError is returned when a round can form no group: nothing is
// stored or sent, and the period stays open for a later try.
type NotEnoughError struct {
	Available int // members who could have been paired
}

func (e *NotEnoughError) Error() string {
	return fmt.Sprintf("not enough members for a round: %d available; nothing was sent", e.Available)
}

// RoundOptions say how to run a round.
type RoundOptions struct {
	// Period is the scheduled time; zero: a round by hand, which counts as
	// the round of the next round time.
	Period  time.Time
	Preview bool // compute and return the groups, store and send nothing
	// NextRound, if set, becomes the community's next scheduled period in
	// the same transaction that stores the round.
	NextRound time.Time
}
