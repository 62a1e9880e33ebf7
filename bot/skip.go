package bot

import (
	"context"
	"time"
)

// runSkipNext leaves the member out of the next round the scheduler
// holds, and pauses them until the day after it, so that they miss that
// round and nothing more. The intro DM's button runs it.
func runSkipNext(ctx context.Context, c *call) (Message, error) {
	rt, err := c.comm.Settings.RoundTimes()
	if err != nil {
		return Message{}, err
	}
	now := c.now()
	var next time.Time
	if err := c.b.store.View(ctx, func(tx Tx) error {
		st, err := tx.State(c.comm.ID)
		if err == nil {
			next = st.NextRound
		}
		return err
	}); err != nil {
		return Message{}, err
	}
	next = upcomingRound(c.comm.Settings, rt, &State{NextRound: next}, now)
	if next.IsZero() {
		return Message{}, Errorf(ECONFLICT, "err.no_schedule", Args{"prefix": c.req.Prefix})
	}
	until := dayAfter(next, c.comm.Settings.Location())
	if c.me.Status == StatusPaused && (c.me.PausedUntil.IsZero() || !c.me.PausedUntil.Before(until)) {
		return pausedReply(c), nil // already paused past that round
	}
	// The pause shows the skip in pairing and members; SkipRound keeps
	// them out of that round even if it runs after the pause ends.
	if c.me, err = c.updateMe(ctx, func(m *Member) error {
		m.Status, m.PausedUntil, m.SkipRound = StatusPaused, until, next
		return nil
	}); err != nil {
		return Message{}, err
	}
	return c.say("msg.skip_next", Args{"round": fmtRoundTime(next, c.loc()), "date": Day(until.In(c.loc())), "prefix": c.req.Prefix}), nil
}

// dayAfter is the start of the day after t, in loc: a pause that ends then
// covers a round that runs late on its day.
func dayAfter(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
}

// pausedReply tells a paused member until when.
func pausedReply(c *call) Message {
	if c.me.PausedUntil.IsZero() {
		return c.say("msg.paused", Args{"prefix": c.req.Prefix})
	}
	return c.say("msg.paused_until", Args{"date": Day(c.me.PausedUntil.In(c.loc())), "prefix": c.req.Prefix})
}
