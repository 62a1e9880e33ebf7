package bot

import (
	"context"
	"errors"
)

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
	p.Last = max(p.Last, q.Last)
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

// tallyBatch is how many members one transaction of tallyRound counts:
// a round's members are many more than one Badger transaction holds.
const tallyBatch = 200

// tallyRound counts a stored round in the Participation of its members,
// a batch of members per transaction after the round's own, so that the
// round's transaction grows by nothing. A member forgotten meanwhile is
// passed over.
func (b *Bot) tallyRound(ctx context.Context, community string, r *Round) error {
	var ids []MemberID
	for _, g := range r.Groups {
		ids = append(ids, g.Members...)
	}
	for start := 0; start < len(ids); start += tallyBatch {
		batch := ids[start:min(start+tallyBatch, len(ids))]
		err := b.store.Update(ctx, func(tx Tx) error {
			for _, id := range batch {
				m, err := tx.Member(community, id)
				if errors.Is(err, ErrNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				if m.Part.Last >= r.ID {
					continue
				}
				m.Part.Rounds++
				m.Part.Last = r.ID
				if err := tx.PutMember(m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
