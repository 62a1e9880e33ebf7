package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// roundBatch is how many members one transaction after a round's commit
// handles: their intros and follow-ups queued and the round counted in
// their Participation, or their pause. About two outbox entries and one
// member record each keep a batch near 300 KB, well below Badger's
// transaction limit (about 1.2 MB with the store's 8 MB memtables).
const roundBatch = 200

// RoundQueue is the work a stored round still owes, kept in [State] so
// that a crash in the middle of it resumes where the last batch ended.
type RoundQueue struct {
	Round string `json:"round"` // the round's id
	// Queued is how many of its groups have their messages queued and
	// their members counted; the members with three silent follow-ups
	// are paused after the last group.
	Queued int `json:"queued,omitempty"`
}

// storeRound stores a round that matching just made, and queues its
// messages. A round is stored in three steps, so that one of 100,000
// members fits Badger's transactions:
//
//  1. a round of more than RoundPart groups is staged, a part per
//     transaction, where no reader sees it;
//  2. one transaction, the commit point, stores the round (its record;
//     the staged parts are not written again), moves State on and sets
//     State.Queue; for a small round it also does all of step 3;
//  3. each further transaction queues the intros and follow-ups of the
//     next groups and counts their members' Participation, moving the
//     cursor in State.Queue with them, then pauses the silent members.
//
// A crash before the commit leaves no round and the period still due:
// the next Tick runs it again, with the same seed. A crash after it
// leaves State.Queue, which the next Tick or round resumes (finishRound);
// outbox ids are per round, group and member, so a batch queued twice
// adds nothing, and Participation.Last counts a round once.
func (b *Bot) storeRound(ctx context.Context, comm Community, r *Round, commit func(Tx, *State) error, silent []*Member) error {
	parts := 0
	if len(r.Groups) > RoundPart {
		parts = (len(r.Groups) + RoundPart - 1) / RoundPart
	}
	for part := range parts {
		if err := b.store.Update(ctx, func(tx Tx) error { return tx.StageRound(r, part) }); err != nil {
			return err
		}
	}
	var left []*Member
	err := b.store.Update(ctx, func(tx Tx) error {
		st, err := tx.State(comm.ID)
		if err != nil {
			return err
		}
		if st.Queue != nil {
			return fmt.Errorf("round %s: round %s is still being queued; try again", r.ID, st.Queue.Round)
		}
		if err := commit(tx, st); err != nil {
			return err
		}
		if err := tx.PutRound(r); err != nil {
			return err
		}
		st.Queue = &RoundQueue{Round: r.ID}
		if left, err = b.queueBatch(tx, comm, r, st.Queue, silent); err != nil {
			return err
		}
		if st.Queue.Queued == len(r.Groups) && len(left) == 0 {
			st.Queue = nil
		}
		return tx.PutState(comm.ID, st)
	})
	if err != nil {
		return err
	}
	b.notifyOutbox()
	return b.queueRest(ctx, comm, r, left)
}

// queueRest runs the transactions of step 3 of storeRound until
// State.Queue is done with r.
func (b *Bot) queueRest(ctx context.Context, comm Community, r *Round, silent []*Member) error {
	for more := true; more; {
		var left []*Member
		err := b.store.Update(ctx, func(tx Tx) error {
			st, err := tx.State(comm.ID)
			if err != nil {
				return err
			}
			if more = st.Queue != nil && st.Queue.Round == r.ID; !more {
				return nil
			}
			if left, err = b.queueBatch(tx, comm, r, st.Queue, silent); err != nil {
				return err
			}
			if st.Queue.Queued == len(r.Groups) && len(left) == 0 {
				st.Queue, more = nil, false
			}
			return tx.PutState(comm.ID, st)
		})
		if err != nil {
			return err
		}
		silent = left
		b.notifyOutbox()
	}
	return nil
}

// queueBatch does, in tx, the next roundBatch members' worth of the work
// q says r still owes, and moves q on; it returns the silent members
// still to pause.
func (b *Bot) queueBatch(tx Tx, comm Community, r *Round, q *RoundQueue, silent []*Member) ([]*Member, error) {
	budget := roundBatch
	for ; q.Queued < len(r.Groups) && budget > 0; q.Queued++ {
		if err := b.enqueueGroup(tx, comm, r, q.Queued); err != nil {
			return nil, err
		}
		for _, id := range r.Groups[q.Queued].Members {
			if err := tallyMember(tx, comm.ID, id, r.ID, q.Queued); err != nil {
				return nil, err
			}
		}
		budget -= len(r.Groups[q.Queued].Members)
	}
	for ; len(silent) > 0 && budget > 0; silent = silent[1:] {
		if err := b.pauseUnanswered(tx, comm, silent[0], r.Ran); err != nil {
			return nil, err
		}
		budget--
	}
	return silent, nil
}

// enqueueGroup queues the intro messages and follow-ups of one group.
func (b *Bot) enqueueGroup(tx Tx, comm Community, r *Round, gi int) error {
	g := r.Groups[gi]
	base := outboxID("round", comm.ID, r.ID, strconv.Itoa(gi))
	entries := b.audience(base, g.Members)
	for _, id := range g.Members {
		entries = append(entries, &OutboxEntry{ID: outboxID(base, "followup", id.String()), Platform: id.Platform, Kind: OutboxDM,
			To: []MemberID{id}, Template: "followup", NotBefore: r.FollowupAt})
	}
	for _, e := range entries {
		e.Community, e.Round, e.Group, e.Created = comm.ID, r.ID, gi, r.Ran
		if e.Template == "" {
			e.Template = "intro"
		}
		if e.NotBefore.IsZero() {
			e.NotBefore = r.Ran
		}
		if _, err := tx.Enqueue(e); err != nil {
			return err
		}
	}
	return nil
}

// finishRound resumes the work a stored round still owes after a crash
// (State.Queue), so that a round's messages are all queued before the
// next round runs. The silent members to pause are found again as
// matching found them.
func (b *Bot) finishRound(ctx context.Context, comm Community) error {
	var q *RoundQueue
	var r *Round
	err := b.store.View(ctx, func(tx Tx) error {
		st, err := tx.State(comm.ID)
		if err != nil || st.Queue == nil {
			q, r = nil, nil
			return err
		}
		q = st.Queue
		r, err = tx.Round(comm.ID, q.Round)
		return err
	})
	switch {
	case errors.Is(err, ErrNotFound):
		// Forgotten meanwhile (not expected): nothing is owed.
		return b.store.Update(ctx, func(tx Tx) error {
			st, err := tx.State(comm.ID)
			if err != nil || st.Queue == nil || st.Queue.Round != q.Round {
				return err
			}
			st.Queue = nil
			return tx.PutState(comm.ID, st)
		})
	case err != nil:
		return fmt.Errorf("round: resume queueing of %s: %w", comm.ID, err)
	case q == nil:
		return nil
	}
	p, err := b.loadPlan(ctx, comm, b.now(), r.Period)
	if err != nil {
		return err
	}
	b.log.Info("round: resuming its queueing", "community", comm.ID, "round", r.ID, "queued", q.Queued, "groups", len(r.Groups))
	return b.queueRest(ctx, comm, r, p.unanswered)
}

// periodRound returns the head of the round of a period (Groups nil),
// scheduled or by hand.
func periodRound(tx Tx, community string, period time.Time) (*Round, error) {
	r, err := tx.RoundHead(community, RoundID(period, false))
	if errors.Is(err, ErrNotFound) {
		return tx.RoundHead(community, RoundID(period, true))
	}
	return r, err
}

// editRounds calls edit for every round of a community and stores the
// rounds it reports changed, after the walk, so that no round is written
// while tx.Rounds is still reading them.
func editRounds(tx Tx, community string, edit func(r *Round) (changed bool)) error {
	var changed []*Round
	err := tx.Rounds(community, func(r *Round) error {
		if edit(r) {
			changed = append(changed, r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range changed {
		if err := tx.PutRound(r); err != nil {
			return err
		}
	}
	return nil
}

// pauseUnanswered pauses a member who left three follow-ups unanswered and
// tells them kindly how to come back.
func (b *Bot) pauseUnanswered(tx Tx, comm Community, m *Member, now time.Time) error {
	cur, err := tx.Member(comm.ID, m.ID)
	if errors.Is(err, ErrNotFound) {
		return nil // forgotten meanwhile
	}
	if err != nil {
		return err
	}
	if !cur.ActiveAt(now) {
		return nil // left, removed or paused meanwhile
	}
	cur.Status, cur.PausedUntil, cur.Updated = StatusPaused, time.Time{}, now
	if err := tx.PutMember(cur); err != nil {
		return err
	}
	_, err = tx.Enqueue(&OutboxEntry{
		ID: outboxID("pause", comm.ID, m.ID.String(), now.UTC().Format("20060102")), Platform: m.ID.Platform,
		Community: comm.ID, Kind: OutboxDM, To: []MemberID{m.ID}, Template: "msg.auto_paused", Created: now, NotBefore: now,
	})
	return err
}
