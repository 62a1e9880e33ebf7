package bot

import "errors"

// Participation is a member's part in rounds, counted as rounds and
// follow-up answers are stored, so that a list of members (the
// dashboard's) shows it without reading every round. Records older than
// these counts start at zero.
type Participation struct {
	Rounds   int `json:"rounds,omitempty"`   // rounds the member was grouped in
	Answered int `json:"answered,omitempty"` // "did you meet?" questions answered
	Met      int `json:"met,omitempty"`      // of those, answered yes
	// Last is the id of the newest round counted in Rounds: counting a
	// round twice, after a crash in the middle of it, adds nothing.
	Last string `json:"last,omitempty"`
	// Group is 1 + the index of the member's group in round Last; 0 when
	// not known (counted by an older release).
	Group int `json:"group,omitempty"`
}

// group returns the index of the member's group in round id when the
// record knows it.
func (p Participation) group(id string) (int, bool) {
	return p.Group - 1, id != "" && id == p.Last && p.Group > 0
}

// MetRate is the share of answered follow-ups answered yes; ok is false
// when none is answered.
func (p Participation) MetRate() (rate float64, ok bool) {
	if p.Answered == 0 {
		return 0, false
	}
	return float64(p.Met) / float64(p.Answered), true
}

// plus adds q's counts to p's, for two accounts that become one person.
func (p Participation) plus(q Participation) Participation {
	p.Rounds += q.Rounds
	p.Answered += q.Answered
	p.Met += q.Met
	if q.Last > p.Last {
		p.Last, p.Group = q.Last, q.Group
	}
	return p
}

// answer counts a follow-up answer that replaces prev ("" when none).
func (p *Participation) answer(prev, answer string) {
	if prev == "" {
		p.Answered++
	}
	if prev == "yes" {
		p.Met--
	}
	if answer == "yes" {
		p.Met++
	}
}

// tallyMember counts round roundID in a member's Participation, with the
// index gi of their group, in the transaction that queues the member's
// intro (see queueBatch). A member
// forgotten meanwhile is passed over, and one whose Last is roundID
// already (a batch done twice) is not counted again.
func tallyMember(tx Tx, community string, id MemberID, roundID string, gi int) error {
	m, err := tx.Member(community, id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil || m.Part.Last >= roundID {
		return err
	}
	m.Part.Rounds++
	m.Part.Last, m.Part.Group = roundID, gi+1
	return tx.PutMember(m)
}
