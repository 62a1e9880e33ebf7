package bot

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// deliver sends one entry and records the outcome. It returns the time of
// the next try if the entry stays pending.
func (b *Bot) deliver(ctx context.Context, e *OutboxEntry) (time.Time, error) {
	m, ok := b.messengers[e.Platform]
	if !ok {
		return time.Time{}, nil // no adapter for it now: it waits
	}
	msg, skip, err := b.renderEntry(ctx, e)
	if _, ok := m.(Editor); e.Kind == OutboxEdit && !ok {
		skip = true // the platform cannot edit: the post keeps its first version
	}
	var ref MessageRef
	if err != nil {
		// Retried like a failed send, so one bad entry cannot hold up the
		// platform's queue.
		err = fmt.Errorf("render: %w", err)
	} else if !skip {
		ref, err = b.send(ctx, m, e, msg)
	}
	now := b.now()
	// The message may be out: record it even if ctx was canceled meanwhile,
	// or it would go out again on the next start.
	ctx = context.WithoutCancel(ctx)
	var retry *RetryError
	failingFor := time.Duration(0)
	if !e.FailingSince.IsZero() {
		failingFor = now.Sub(e.FailingSince)
	}
	b.observer.OnSend(e.Platform, sendResult(err, failingFor >= GiveUpAfter))
	switch {
	case err == nil:
		e.Sent, e.Ref = now, ref
		// again: an edit to send now, as the event changed while this
		// entry was out.
		var again bool
		err := b.store.Update(ctx, func(tx Tx) error {
			var err error
			if again, err = b.eventPostSent(tx, e, now); err != nil {
				return err
			}
			if !skip {
				if err := pickNoticeSent(tx, e); err != nil {
					return err
				}
			}
			if again && e.Kind == OutboxEdit {
				e.Sent, e.Attempts, e.LastError, e.FailingSince = time.Time{}, 0, "", time.Time{}
				return tx.PutPending(e)
			}
			return finish(tx, e)
		})
		if again {
			return now, err
		}
		return time.Time{}, err
	case errors.Is(err, ErrUnreachable):
		b.log.Info("outbox: member unreachable", "entry", e.ID, "err", err)
		e.Failed, e.LastError = true, err.Error()
		return time.Time{}, b.store.Update(ctx, func(tx Tx) error {
			if e.Kind == OutboxDM && e.Community != "" {
				if err := b.markUnreachable(tx, e.Community, e.To[0], now); err != nil {
					return err
				}
			}
			return finish(tx, e)
		})
	case errors.As(err, &retry):
		e.NotBefore, e.LastError = now.Add(retry.After), err.Error()
	default:
		e.Attempts++
		e.LastError = err.Error()
		if e.FailingSince.IsZero() {
			e.FailingSince = now
		}
		if now.Sub(e.FailingSince) >= GiveUpAfter {
			b.log.Error("outbox: giving up", "entry", e.ID, "attempts", e.Attempts, "failing_since", e.FailingSince, "err", err)
			e.Failed = true
			return time.Time{}, b.store.Update(ctx, func(tx Tx) error { return finish(tx, e) })
		}
		e.NotBefore = now.Add(backoff(e.Attempts))
		b.log.Warn("outbox: send failed, will retry", "entry", e.ID, "attempt", e.Attempts, "err", err)
	}
	return e.NotBefore, b.store.Update(ctx, func(tx Tx) error { return tx.PutPending(e) })
}

// finish takes a sent or abandoned entry out of the pending list. An
// entry is kept as done so that queueing its id again is a no-op, without
// its pre-rendered text (a private reply is nobody's business once out);
// an edit is removed instead, so that the next change queues a new one.
func finish(tx Tx, e *OutboxEntry) error {
	if e.Kind == OutboxEdit {
		return tx.RemoveEntry(e.Platform, e.ID)
	}
	e.Message = nil
	return tx.Complete(e)
}

// send hands one message to the adapter.
func (b *Bot) send(ctx context.Context, m Messenger, e *OutboxEntry, msg Message) (MessageRef, error) {
	msg = b.fitButtons(ctx, msg)
	switch e.Kind {
	case OutboxDM:
		return b.sendDM(ctx, e, msg)
	case OutboxGroup:
		if g, ok := m.(GroupMessenger); ok {
			return g.Group(ctx, e.To, msg)
		}
		return MessageRef{}, fmt.Errorf("outbox: %s cannot message groups", e.Platform)
	case OutboxPost:
		return m.Post(ctx, e.Space, e.Channel, msg)
	case OutboxEdit:
		return e.Edit, m.(Editor).Edit(ctx, e.Edit, msg)
	}
	return MessageRef{}, fmt.Errorf("outbox: entry %s: unknown kind %q", e.ID, e.Kind)
}

// markUnreachable leaves a member out of rounds until they interact again.
func (b *Bot) markUnreachable(tx Tx, community string, id MemberID, now time.Time) error {
	m, err := tx.Member(community, id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if m.Status != StatusActive {
		return nil // a paused member is out of rounds already, and keeps the pause
	}
	m.Status, m.PausedUntil, m.Updated = StatusUnreachable, time.Time{}, now
	return tx.PutMember(m)
}
