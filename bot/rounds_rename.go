package bot

import (
	"context"
	"errors"
	"slices"
)

// renameInRounds makes every group of the community's rounds that holds
// from hold to instead (answers, pick, call-off and reasons included),
// one group per transaction: a member of a long history is in many
// rounds, a part of each of them is rewritten, and all of them together
// are more than one transaction takes. A crash leaves some groups
// renamed, a consistent store; calling again renames the rest. A round
// stored meanwhile is left to the caller's final transaction, which
// renames what is left.
func (b *Bot) renameInRounds(ctx context.Context, community string, from, to MemberID) error {
	var ids []string
	if err := b.store.View(ctx, func(tx Tx) (err error) {
		ids, err = roundIDs(tx, community)
		return err
	}); err != nil {
		return err
	}
	for _, id := range ids {
		for more := true; more; {
			if err := b.store.Update(ctx, func(tx Tx) error {
				i, g, err := tx.RoundGroupOf(community, id, from)
				if more = err == nil && i >= 0; !more {
					if errors.Is(err, ErrNotFound) {
						return nil // removed meanwhile
					}
					return err
				}
				renameInGroup(g, from, to)
				return tx.PutRoundGroup(community, id, i, g)
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

// renameInGroup replaces from by to in a group, once in its members: two
// accounts that were paired together before they were linked are one
// person now.
func renameInGroup(g *RoundGroup, from, to MemberID) {
	seen := false
	g.Members = slices.DeleteFunc(g.Members, func(m MemberID) bool {
		if m != from && m != to {
			return false
		}
		dup := seen
		seen = true
		return dup
	})
	for i, m := range g.Members {
		if m == from {
			g.Members[i] = to
		}
	}
	if a, ok := g.Answers[from.String()]; ok {
		delete(g.Answers, from.String())
		if _, kept := g.Answers[to.String()]; !kept {
			g.Answers[to.String()] = a
		}
	}
	if g.Pick != nil && g.Pick.By == from {
		// The time stays the group's (its follow-up waits for it), by to.
		g.Pick.By = to
	}
	if g.Ended != nil && g.Ended.By == from {
		g.Ended.By = to
	}
	for i := range g.Reasons {
		rs := &g.Reasons[i]
		for _, f := range []*string{&rs.Giver, &rs.Taker, &rs.A, &rs.B} {
			if *f == from.String() {
				*f = to.String()
			}
		}
	}
}
