package bot

import (
	"context"
	"time"
)

// UpcomingRounds returns a community's next n round times, skipped dates
// passed over, for the dashboard's schedule; none when it has no
// schedule.
func (b *Bot) UpcomingRounds(ctx context.Context, comm Community, n int) ([]time.Time, error) {
	rt, err := comm.Settings.RoundTimes()
	if err != nil {
		return nil, nil
	}
	var st *State
	if err := b.store.View(ctx, func(tx Tx) error {
		var err error
		st, err = tx.State(comm.ID)
		return err
	}); err != nil {
		return nil, err
	}
	var out []time.Time
	for at := upcomingRound(comm.Settings, rt, st, b.now()); !at.IsZero() && len(out) < n; {
		out = append(out, at)
		at = upcomingRound(comm.Settings, rt, &State{NextRound: rt.Next(at)}, b.now())
	}
	return out, nil
}
