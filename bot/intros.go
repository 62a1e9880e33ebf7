package bot

import (
	"slices"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot/match"
)

// IntroState is where an introduction request stands.
type IntroState string

// Introduction states.
const (
	IntroProposed IntroState = "proposed" // `intro SKILL`: waiting for the requester to confirm
	IntroPending  IntroState = "pending"  // sent to the target, waiting for an answer
	IntroAccepted IntroState = "accepted"
	IntroDeclined IntroState = "declined"
	IntroExpired  IntroState = "expired"
	IntroCanceled IntroState = "canceled"
	// IntroRefused: not sent (the target blocked the requester); the
	// requester sees it as "not possible right now".
	IntroRefused IntroState = "refused"
	// IntroNotPossible is how a declined, expired or refused request is
	// shown to its requester (export-me): never why.
	IntroNotPossible IntroState = "not_possible"
)

// Intro is a double-opt-in introduction request: From asks to meet To.
type Intro struct {
	Community string     `json:"community"`
	ID        string     `json:"id"` // a number, per community
	From      MemberID   `json:"from"`
	To        MemberID   `json:"to"`
	Why       string     `json:"why,omitempty"`   // the requester's reason, member text
	Skill     string     `json:"skill,omitempty"` // for `intro SKILL`
	State     IntroState `json:"state"`
	Created   time.Time  `json:"created"`
	Sent      time.Time  `json:"sent,omitzero"`     // when the target was asked
	Answered  time.Time  `json:"answered,omitzero"` // accepted, declined, expired or canceled
	Expires   time.Time  `json:"expires,omitzero"`
}

// Open reports whether the request still waits, as its requester sees it.
// A refused request (the target blocked the requester) looks pending to
// the requester until it expires.
func (i *Intro) Open() bool {
	return i.State == IntroProposed || i.State == IntroPending || i.State == IntroRefused && i.Answered.IsZero()
}

// waiting reports whether a sent request waits for its answer or expiry,
// as the requester sees it.
func (i *Intro) waiting() bool {
	return i.State == IntroPending || i.State == IntroRefused && i.Answered.IsZero()
}

// declinedApart is how long a declined or expired request keeps its two
// members apart in rounds, event intros and `intro SKILL` proposals: the
// target's "no" outlives the requester's cooldown. A block keeps them
// apart for good.
const declinedApart = 180 * 24 * time.Hour

// pairKey names an unordered pair of members.
type pairKey [2]MemberID

func pairOf(a, b MemberID) pairKey {
	if b.String() < a.String() {
		a, b = b, a
	}
	return pairKey{a, b}
}

// introPairs is what the introductions say about pairs of members.
type introPairs struct {
	// apart: not these two. A request waits for its answer (only the
	// target puts them in touch), or was declined or expired within
	// declinedApart and not accepted since.
	apart map[pairKey]bool
	// inTouch: an accepted introduction, the newest.
	inTouch map[pairKey]*Intro
}

// loadIntroPairs reads the introductions of a community as pair facts at
// now.
func loadIntroPairs(tx Tx, community string, now time.Time) (*introPairs, error) {
	no := map[pairKey]time.Time{} // newest decline or expiry
	p := &introPairs{apart: map[pairKey]bool{}, inTouch: map[pairKey]*Intro{}}
	err := tx.Intros(community, func(i *Intro) error {
		k := pairOf(i.From, i.To)
		switch {
		case i.waiting():
			p.apart[k] = true
		case i.State == IntroAccepted:
			if cur := p.inTouch[k]; cur == nil || i.Answered.After(cur.Answered) {
				p.inTouch[k] = i
			}
		case i.State == IntroDeclined || i.State == IntroExpired || i.State == IntroRefused:
			if i.Answered.After(no[k]) {
				no[k] = i.Answered
			}
		}
		return nil
	})
	for k, t := range no {
		if now.Sub(t) < declinedApart && (p.inTouch[k] == nil || p.inTouch[k].Answered.Before(t)) {
			p.apart[k] = true
		}
	}
	return p, err
}

// keptApart reports whether a and b must not be put together.
func (p *introPairs) keptApart(a, b MemberID) bool { return p.apart[pairOf(a, b)] }

// blocks are the pairs kept apart, as the matcher's hard constraints.
func (p *introPairs) blocks() []match.Block {
	out := make([]match.Block, 0, len(p.apart))
	for k := range p.apart {
		out = append(out, match.Block{A: k[0].String(), B: k[1].String()})
	}
	slices.SortFunc(out, func(x, y match.Block) int { return strings.Compare(x.A+"\x00"+x.B, y.A+"\x00"+y.B) })
	return out
}
