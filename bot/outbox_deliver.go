package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// outboxWake wakes the outbox workers when something is queued, and lets
// one sender at a time work on a platform's outbox.
type outboxWake struct {
	mu      sync.Mutex
	ch      map[string]chan struct{}
	senders map[string]*sync.Mutex
}

func (w *outboxWake) chanFor(platform string) chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ch == nil {
		w.ch = map[string]chan struct{}{}
	}
	c, ok := w.ch[platform]
	if !ok {
		c = make(chan struct{}, 1)
		w.ch[platform] = c
	}
	return c
}

// sender returns the lock that makes one caller at a time send a
// platform's outbox: RunOutbox and DeliverDue (the console's after each
// line, under serve both run) would otherwise both send an entry listed
// before either recorded it.
func (w *outboxWake) sender(platform string) *sync.Mutex {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.senders == nil {
		w.senders = map[string]*sync.Mutex{}
	}
	m, ok := w.senders[platform]
	if !ok {
		m = &sync.Mutex{}
		w.senders[platform] = m
	}
	return m
}

func (b *Bot) notifyOutbox() {
	for p := range b.messengers {
		select {
		case b.wake.chanFor(p) <- struct{}{}:
		default:
		}
	}
}

// RunOutbox sends a platform's queued messages under lim until ctx is
// done: what is due now, then again when the next entry falls due, a
// destination's wait is over, or something new is queued.
func (b *Bot) RunOutbox(ctx context.Context, platform string, lim Limit) {
	l := NewLimiter(lim)
	wake := b.wake.chanFor(platform)
	for {
		next, err := b.DeliverLimited(ctx, platform, l)
		if err != nil && ctx.Err() == nil {
			b.log.Error("outbox", "platform", platform, "err", err)
			next = b.now().Add(5 * time.Second)
		}
		wait := time.Minute
		if !next.IsZero() {
			wait = min(wait, max(next.Sub(b.now()), 10*time.Millisecond))
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-time.After(wait):
		}
	}
}

// DeliverDue sends every entry of the platform that is due now, without a
// rate limit (for the console and tests).
func (b *Bot) DeliverDue(ctx context.Context, platform string) error {
	_, err := b.DeliverLimited(ctx, platform, nil)
	return err
}

// DeliverLimited sends the platform's entries that are due now and that l
// lets through at the bot's clock, and returns when to look again (zero
// if nothing waits). It reads the due entries in due order ([OutboxTx.Due])
// a batch at a time, so a pass costs what it sends, not the queue. An
// entry whose destination must wait stays pending while other
// destinations go on; the platform's overall limit ends the pass, unless
// its wait is short (paceWithin) and is slept in the pass. A nil l limits
// nothing.
func (b *Bot) DeliverLimited(ctx context.Context, platform string, l *Limiter) (time.Time, error) {
	one := b.wake.sender(platform)
	one.Lock()
	defer one.Unlock()
	now := b.now()
	if w, ok := b.store.(Writable); ok && w.Writable() != nil {
		// A message sent now could not be recorded as sent, and would go
		// out again: wait for the store.
		return now.Add(time.Minute), nil
	}
	passStart := now
	var next time.Time
	// Once an entry to a destination waits, the later ones to it wait too,
	// so that a destination gets its messages in order.
	waiting := map[string]bool{}
	// seen keeps an entry retried at once (a zero retry_after) from being
	// read again in the same pass.
	seen := map[string]bool{}
	var pos DuePos
	for {
		var due []*OutboxEntry
		var rest time.Time
		err := b.store.View(ctx, func(tx Tx) error {
			due = due[:0]
			var err error
			rest, err = tx.Due(platform, passStart, pos, l.batch(), func(e *OutboxEntry) error {
				due = append(due, e)
				return nil
			})
			return err
		})
		if err != nil {
			return time.Time{}, fmt.Errorf("outbox: list %s: %w", platform, err)
		}
		if len(due) > 0 {
			last := due[len(due)-1]
			pos = DuePos{NotBefore: last.NotBefore, ID: last.ID}
		}
		for i := 0; i < len(due); i++ { // a split group adds its DMs to due
			e := due[i]
			if err := ctx.Err(); err != nil {
				return next, err
			}
			if seen[e.ID] {
				continue
			}
			seen[e.ID] = true
			if dms, split, err := b.splitGroup(ctx, e); err != nil {
				return next, err
			} else if split {
				due = append(due, dms...)
				continue
			}
			dest := destination(e)
			if waiting[dest] {
				continue
			}
			now := b.now()
			if at := l.held(e, now); !at.IsZero() {
				next = earliest(next, at)
				continue
			}
			wait, all := l.take(dest, now)
			if all && wait > 0 && wait <= paceWithin {
				// A fast platform's pace (Telegram: 33 ms): wait here rather
				// than end the pass for every message. A clock that did not
				// move (a test's) ends the pass as a long wait does.
				t := time.NewTimer(wait)
				select {
				case <-ctx.Done():
					t.Stop()
					return next, ctx.Err()
				case <-t.C:
				}
				now = b.now()
				if now.Sub(passStart) >= time.Second {
					// Read again, so that what was queued meanwhile (a
					// private reply) takes its turn.
					return earliest(next, now), nil
				}
				wait, all = l.take(dest, now)
			}
			if wait > 0 {
				next = earliest(next, now.Add(wait))
				if all {
					return next, nil
				}
				waiting[dest] = true
				continue
			}
			retryAt, err := b.deliver(ctx, e)
			if err != nil {
				return next, err
			}
			if !retryAt.IsZero() {
				next = earliest(next, retryAt)
			}
		}
		if rest.IsZero() || rest.After(passStart) {
			return earliest(next, rest), nil
		}
	}
}

// paceWithin is the longest overall wait DeliverLimited sleeps through
// within a pass instead of ending it.
const paceWithin = 250 * time.Millisecond

// splitGroup replaces a group entry with one DM entry per member when the
// platform's messenger cannot message groups. [Bot.audience] decides at
// enqueue time only when it knows the messenger: `rete round now` from the
// command line has none and queues a group, which the platform that sends
// it may not support. The DMs get the ids audience would have given them.
func (b *Bot) splitGroup(ctx context.Context, e *OutboxEntry) ([]*OutboxEntry, bool, error) {
	m, ok := b.messengers[e.Platform]
	if e.Kind != OutboxGroup || !ok || len(e.To) == 0 || canGroup(m, e.To[0].Space) {
		return nil, false, nil
	}
	base := strings.TrimSuffix(e.ID, "/group")
	var dms []*OutboxEntry
	err := b.store.Update(ctx, func(tx Tx) error {
		dms = dms[:0]
		for _, id := range e.To {
			dm := *e
			dm.ID, dm.Kind, dm.To = outboxID(base, id.String()), OutboxDM, []MemberID{id}
			dm.Attempts, dm.LastError = 0, ""
			added, err := tx.Enqueue(&dm)
			if err != nil {
				return err
			}
			if added {
				dms = append(dms, &dm)
			}
		}
		done := *e
		done.Sent, done.LastError = b.now(), "sent as direct messages: the platform has no group conversations"
		return finish(tx, &done)
	})
	if err != nil {
		return nil, false, fmt.Errorf("outbox: split %s: %w", e.ID, err)
	}
	return dms, true, nil
}

// earliest is the earlier of two times, a zero one meaning none.
func earliest(a, b time.Time) time.Time {
	if a.IsZero() || !b.IsZero() && b.Before(a) {
		return b
	}
	return a
}
