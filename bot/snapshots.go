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
	Day       string         `json:"day"` // YYYY-MM-DD, in the community's time zone
	Members   map[Status]int `json:"members"`
	// The intro and round figures are totals up to that day: a day's
	// count is the difference from the snapshot before, which stays right
	// when the scheduler missed a day.
	IntrosRequested int `json:"intros_requested"`
	IntrosAccepted  int `json:"intros_accepted"`
	IntrosExpired   int `json:"intros_expired"`
	Rounds          int `json:"rounds"`
	// The skill figures are the day's top [snapshotSkills] of each list
	// among members not left or removed, so that a snapshot stays small
	// however many skills members write. Snapshots older than them have
	// none.
	Offers []SkillCount `json:"offers,omitempty"`
	Seeks  []SkillCount `json:"seeks,omitempty"`
	Unmet  []SkillCount `json:"unmet,omitempty"` // sought, offered by nobody
}

// snapshotSkills is how many skills of each list a snapshot keeps.
const snapshotSkills = 20

// snapshotDaily stores today's snapshot of a community unless it has one;
// today in the community's time zone, so that the charts' days are its
// moderators' days. It scans the members, once a day.
func (b *Bot) snapshotDaily(ctx context.Context, comm Community) error {
	community := comm.ID
	now := b.now()
	day := now.In(comm.Settings.Location()).Format(time.DateOnly)
	done := false
	s := &Snapshot{Community: community, Day: day, Members: map[Status]int{}}
	var t tally
	err := b.store.View(ctx, func(tx Tx) error {
		_, err := tx.Snapshot(community, day)
		if err == nil {
			done = true
			return nil
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		if t, err = tallyMembers(tx, community, now); err != nil {
			return err
		}
		return tx.RoundSummaries(community, func(*RoundSummary) error { s.Rounds++; return nil })
	})
	if err != nil || done {
		return err
	}
	is, err := b.introCounts(ctx, community)
	if err != nil {
		return err
	}
	s.IntrosRequested, s.IntrosAccepted, s.IntrosExpired = is.Requested, is.Accepted, is.Expired
	for st, n := range t.status {
		if st != StatusGuest {
			s.Members[st] = n
		}
	}
	s.Offers, s.Seeks, s.Unmet = t.top(snapshotSkills)
	return b.store.Update(ctx, func(tx Tx) error { return tx.PutSnapshot(s) })
}
