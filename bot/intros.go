package bot

import "time"

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
