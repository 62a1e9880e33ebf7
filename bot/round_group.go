package bot

import "slices"

// A round of 100,000 members takes some 200 ms to decode whole, so what
// concerns one group (an intro or follow-up being sent, an answer, a
// pick, a member's current pairing) reads the round's head and that
// group only. An outbox entry carries its group's index; a member's
// Participation carries the index of their group in the newest round
// counted for them.

// groupAt reads the head of round id (Groups nil) and its group gi; g is
// nil when the round has no such group.
func groupAt(tx Tx, community, id string, gi int) (r *Round, g *RoundGroup, err error) {
	if r, err = tx.RoundHead(community, id); err != nil {
		return nil, nil, err
	}
	if gi < 0 {
		return r, nil, nil
	}
	gs, err := tx.RoundGroups(community, id, gi, gi+1)
	if err != nil || len(gs) == 0 {
		return r, nil, err
	}
	return r, &gs[0], nil
}

// memberGroup returns the head of round id, the index of m's group in it
// (-1 when it has none) and that group. When m's Participation names
// their group in that round it reads that group; otherwise (a round not
// counted for m yet, one counted by an older release) it searches the
// round for m (RoundGroupOf).
func memberGroup(tx Tx, community string, m *Member, id string) (*Round, int, *RoundGroup, error) {
	if gi, ok := m.Part.group(id); ok {
		r, g, err := groupAt(tx, community, id, gi)
		if err != nil {
			return nil, -1, nil, err
		}
		if g != nil && slices.Contains(g.Members, m.ID) {
			return r, gi, g, nil
		}
	}
	r, err := tx.RoundHead(community, id)
	if err != nil {
		return nil, -1, nil, err
	}
	gi, g, err := tx.RoundGroupOf(community, id, m.ID)
	if err != nil {
		return nil, -1, nil, err
	}
	return r, gi, g, nil
}

// roundsWith calls fn with the head of every round of the community that
// grouped member, newest first, the index of their group and the group,
// until fn returns false or an error (which it returns). Each round costs
// a search of its stored groups, not their decoding.
func roundsWith(tx Tx, community string, member MemberID, fn func(r *Round, gi int, g *RoundGroup) (bool, error)) error {
	ids, err := roundIDs(tx, community)
	if err != nil {
		return err
	}
	for i := len(ids) - 1; i >= 0; i-- {
		gi, g, err := tx.RoundGroupOf(community, ids[i], member)
		if err != nil {
			return err
		}
		if gi < 0 {
			continue
		}
		r, err := tx.RoundHead(community, ids[i])
		if err != nil {
			return err
		}
		if more, err := fn(r, gi, g); err != nil || !more {
			return err
		}
	}
	return nil
}

// roundIDs are the ids of the community's rounds, oldest first; it reads
// round summaries, no round.
func roundIDs(tx Tx, community string) ([]string, error) {
	var ids []string
	err := tx.RoundSummaries(community, func(s *RoundSummary) error { ids = append(ids, s.ID); return nil })
	return ids, err
}

// lastRoundID is the id of the community's newest round, "" when it has
// none; it reads round summaries, no round.
func lastRoundID(tx Tx, community string) (string, error) {
	last := ""
	err := tx.RoundSummaries(community, func(s *RoundSummary) error { last = s.ID; return nil })
	return last, err
}

// roundCounted reports whether round id is counted in the Participation
// of all its members (its queueing is done): then a member whose Last is
// another round is in none of its groups. An error reads as false.
func roundCounted(tx Tx, community, id string) bool {
	st, err := tx.State(community)
	return err == nil && (st.Queue == nil || st.Queue.Round != id)
}
