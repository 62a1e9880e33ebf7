package bot

import (
	"context"
	"errors"
	"slices"
	"strconv"
)

// queueEventIntros queues, in tx, the intros of the next groups of an
// event (`event intros`), roundBatch members' worth, and counts them off
// ev.IntrosLeft; the caller stores ev in the same transaction. One group
// conversation where the platform has them and the group shares a space,
// else a DM to each member, like a round's. An event of thousands of
// attendees is more than one transaction holds: the first batch goes
// with the groups, and the rest follow (finishEventIntros), each
// transaction moving IntrosLeft on, so that a crash resumes where the
// last one stopped and no intro is queued twice (ids are per group).
func (b *Bot) queueEventIntros(tx Tx, ev *Event) error {
	for budget := roundBatch; ev.IntrosLeft > 0 && budget > 0; ev.IntrosLeft-- {
		gi := len(ev.Groups) - ev.IntrosLeft
		g := ev.Groups[gi]
		for _, e := range b.audience(outboxID("event", ev.Community, ev.ID, "intro", strconv.Itoa(gi)), g.Members) {
			e.Community, e.Group, e.Template, e.Created, e.NotBefore = ev.Community, gi, tplEventIntro, ev.IntrosAt, ev.IntrosAt
			e.Args = map[string]string{"event": ev.ID}
			if _, err := tx.Enqueue(e); err != nil {
				return err
			}
		}
		budget -= len(g.Members)
	}
	if ev.IntrosLeft == 0 {
		return nil
	}
	// More transactions follow: State lists the event, so that the next
	// Tick finishes it if the process stops first.
	st, err := tx.State(ev.Community)
	if err != nil || slices.Contains(st.EventIntros, ev.ID) {
		return err
	}
	st.EventIntros = append(st.EventIntros, ev.ID)
	return tx.PutState(ev.Community, st)
}

// finishEventIntros queues the intros of an event still left, a batch a
// transaction, and takes the event off State.EventIntros.
func (b *Bot) finishEventIntros(ctx context.Context, community, id string) error {
	for more := true; more; {
		err := b.store.Update(ctx, func(tx Tx) error {
			ev, err := tx.Event(community, id)
			switch {
			case errors.Is(err, ErrNotFound):
				ev = &Event{} // gone (not expected): nothing left to queue
			case err != nil:
				return err
			case ev.IntrosLeft > 0:
				if err := b.queueEventIntros(tx, ev); err != nil {
					return err
				}
				if err := tx.PutEvent(ev); err != nil {
					return err
				}
			}
			if more = ev.IntrosLeft > 0; more {
				return nil
			}
			st, err := tx.State(community)
			if err != nil || !slices.Contains(st.EventIntros, id) {
				return err
			}
			st.EventIntros = slices.DeleteFunc(st.EventIntros, func(e string) bool { return e == id })
			return tx.PutState(community, st)
		})
		if err != nil {
			return err
		}
		b.notifyOutbox()
	}
	return nil
}

// resumeEventIntros finishes the event intros a stopped process left
// half queued (State.EventIntros).
func (b *Bot) resumeEventIntros(ctx context.Context, comm Community, st *State) error {
	for _, id := range st.EventIntros {
		if err := b.finishEventIntros(ctx, comm.ID, id); err != nil {
			return err
		}
	}
	return nil
}
