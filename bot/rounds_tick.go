package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// upcomingRound is the period of the next round the scheduler holds: the
// stored next period, even when overdue (the scheduler runs it late),
// passing over the skipped dates; the schedule's next time if none is
// stored yet. Every "next round" shown to people comes from here.
func upcomingRound(s Settings, rt RoundTimes, st *State, now time.Time) time.Time {
	next := st.NextRound
	if next.IsZero() {
		next = rt.Next(now)
	}
	for !next.IsZero() && slices.Contains(s.Skip, next.In(s.Location()).Format(time.DateOnly)) {
		next = rt.Next(next)
	}
	return next
}

// scheduledPeriod is the period of the next round the scheduler will run
// ([Bot.Tick]): the stored next round time, passing over skipped dates and
// a period whose round already ran by hand.
func (b *Bot) scheduledPeriod(ctx context.Context, comm Community, now time.Time) (time.Time, error) {
	rt, err := comm.Settings.RoundTimes()
	if err != nil {
		return time.Time{}, err
	}
	var st *State
	var ran []time.Time
	err = b.store.View(ctx, func(tx Tx) error {
		if st, err = tx.State(comm.ID); err != nil {
			return err
		}
		ran = ran[:0]
		return tx.RoundSummaries(comm.ID, func(r *RoundSummary) error { ran = append(ran, r.Period); return nil })
	})
	if err != nil {
		return time.Time{}, err
	}
	period := st.NextRound
	if period.IsZero() {
		period = rt.Next(now)
	}
	loc := comm.Settings.Location()
	for range 100 { // skip dates are few; a bound keeps a bad list from looping
		skipped := slices.Contains(comm.Settings.Skip, period.In(loc).Format(time.DateOnly))
		if period.IsZero() || !skipped && !slices.ContainsFunc(ran, period.Equal) {
			break
		}
		period = rt.Next(later(now, period))
	}
	if period.IsZero() { // a schedule that never fires: as a round by hand
		period = now.Truncate(time.Minute)
	}
	return period, nil
}

// later is the later of two times.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Tick runs the community's scheduled round if it is due, then its weekly
// digest if that is due ([Bot.tickDigest]). On first start it only sets
// the next period; a round missed while the bot was down runs once, and
// the next period is then computed from now.
func (b *Bot) Tick(ctx context.Context, communityID string) (*Round, error) {
	comm, err := b.CommunityByID(ctx, communityID)
	if err != nil {
		return nil, err
	}
	return b.tick(ctx, comm)
}

// tick is [Bot.Tick] for a community read with its overrides, which its
// round and digest parts share.
func (b *Bot) tick(ctx context.Context, comm Community) (*Round, error) {
	r, err := b.tickRound(ctx, comm)
	if ctx.Err() != nil {
		return r, err
	}
	return r, errors.Join(err, b.tickDigest(ctx, comm))
}

// tickRound is the round part of [Bot.Tick].
func (b *Bot) tickRound(ctx context.Context, comm Community) (*Round, error) {
	if err := b.expireIntros(ctx, comm); err != nil {
		return nil, fmt.Errorf("expire intros of %s: %w", comm.ID, err)
	}
	if err := b.finishRound(ctx, comm); err != nil {
		return nil, err
	}
	if err := b.remindEmptyProfiles(ctx, comm); err != nil && ctx.Err() == nil {
		b.log.Error("welcome reminders", "community", comm.ID, "err", err) // the round still runs
	}
	b.notifyOutbox()
	rt, err := comm.Settings.RoundTimes()
	if err != nil {
		return nil, err
	}
	loc := comm.Settings.Location()
	now := b.now()
	var st *State
	if err := b.store.View(ctx, func(tx Tx) error {
		st, err = tx.State(comm.ID)
		return err
	}); err != nil {
		return nil, err
	}
	if err := b.resumeEventIntros(ctx, comm, st); err != nil {
		return nil, fmt.Errorf("event intros of %s: %w", comm.ID, err)
	}
	setNext := func(next time.Time) error {
		return b.store.Update(ctx, func(tx Tx) error {
			cur, err := tx.State(comm.ID)
			if err != nil {
				return err
			}
			cur.NextRound = next
			return tx.PutState(comm.ID, cur)
		})
	}
	if st.NextRound.IsZero() {
		return nil, setNext(rt.Next(now))
	}
	if now.Before(st.NextRound) {
		return nil, nil
	}
	period := st.NextRound
	next := rt.Next(now)
	if slices.Contains(comm.Settings.Skip, period.In(loc).Format(time.DateOnly)) {
		b.log.Info("round skipped", "community", comm.ID, "period", period)
		return nil, setNext(next)
	}
	r, err := b.runRound(ctx, comm, RoundOptions{Period: period, NextRound: next})
	var few *NotEnoughError
	switch {
	case errors.Is(err, ErrRoundExists): // `round now` was this period's round
		return nil, setNext(next)
	case errors.As(err, &few):
		// Nothing stored: the next round time tries again.
		b.log.Info("round not run: too few members", "community", comm.ID, "period", period, "available", few.Available)
		return nil, setNext(next)
	}
	return r, err
}

// RunScheduler ticks every community it knows ([Bot.TickAll]) every
// interval until ctx is done.
func (b *Bot) RunScheduler(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := b.TickAll(ctx); err != nil && ctx.Err() == nil {
			b.log.Error("scheduler", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
