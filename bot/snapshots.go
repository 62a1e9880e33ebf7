package bot

import (
	"context"
	"errors"
	"time"
)

// Snapshot is one day's counts of a community, written once a day by the
// scheduler, so that the dashboard charts time without scanning members.
type Snapshot struct {
	Community string         `json:"community"`
	Day       string         `json:"day"` // YYYY-MM-DD, UTC
	Members   map[Status]int `json:"members"`
	// The intro and round figures are totals up to that day: a day's
	// count is the difference from the snapshot before, which stays right
	// when the scheduler missed a day.
	IntrosRequested int `json:"intros_requested"`
	IntrosAccepted  int `json:"intros_accepted"`
	IntrosExpired   int `json:"intros_expired"`
	Rounds          int `json:"rounds"`
}

// snapshotDaily stores today's snapshot of a community unless it has one.
// It scans the members, once a day.
func (b *Bot) snapshotDaily(ctx context.Context, community string) error {
	now := b.now()
	day := now.UTC().Format(time.DateOnly)
	done := false
	s := &Snapshot{Community: community, Day: day, Members: map[Status]int{}}
	err := b.store.View(ctx, func(tx Tx) error {
		_, err := tx.Snapshot(community, day)
		if err == nil {
			done = true
			return nil
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		if err := tx.Members(community, func(m *Member) error {
			if st := m.EffectiveStatus(now); st != StatusGuest {
				s.Members[st]++
			}
			return nil
		}); err != nil {
			return err
		}
		return tx.Rounds(community, func(*Round) error { s.Rounds++; return nil })
	})
	if err != nil || done {
		return err
	}
	is, err := b.introStats(ctx, community)
	if err != nil {
		return err
	}
	s.IntrosRequested, s.IntrosAccepted, s.IntrosExpired = is.Requested, is.Accepted, is.Expired
	return b.store.Update(ctx, func(tx Tx) error { return tx.PutSnapshot(s) })
}
