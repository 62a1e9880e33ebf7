package bot

import (
	"context"
	"errors"
	"sync"
	"time"
)

// A member whose profile has no offers, seeks or bio a week after `join`
// (what rounds and `find` match on: links, company or time zone alone do
// not count) gets one reminder DM. [Member.Reminded], written in the transaction that queues
// it, makes it once, across restarts too.
const (
	remindAfter = 7 * 24 * time.Hour
	// remindWithin is how long after remindAfter the reminder may still
	// go: members who joined long before (before rete had reminders, or
	// while it was down for weeks) are not nudged about an old join.
	remindWithin = 7 * 24 * time.Hour
	// remindScanEvery is how often the scheduler reads a community's
	// members for reminders: an hour late is still a week after join.
	remindScanEvery = time.Hour
)

// empty reports whether the profile says nothing others match on.
func (p Profile) empty() bool { return len(p.Offers) == 0 && len(p.Seeks) == 0 && p.Bio == "" }

// needsReminder reports whether m is due the empty-profile reminder at now:
// active (not left, paused, removed or unreachable), joined a week ago,
// never reminded, and with nothing in their profile.
func needsReminder(m *Member, now time.Time) bool {
	since := now.Sub(m.Joined)
	return m.ActiveAt(now) && !m.Joined.IsZero() && m.Reminded.IsZero() && m.Profile.empty() &&
		since >= remindAfter && since < remindAfter+remindWithin
}

// scanTimes remembers when each community was last scanned, in memory:
// after a restart the first tick scans again, which Member.Reminded
// makes harmless.
type scanTimes struct {
	mu   sync.Mutex
	last map[string]time.Time
}

// due reports whether community is due a scan at now, and if so counts
// it as scanned.
func (s *scanTimes) due(community string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.last[community]; ok && now.Sub(t) < remindScanEvery && !now.Before(t) {
		return false
	}
	if s.last == nil {
		s.last = map[string]time.Time{}
	}
	s.last[community] = now
	return true
}

// remindEmptyProfiles queues the reminder of every member of a community
// due one. While the moderators have welcomes off, a reminder that falls
// due is marked done without being queued: `welcome on` later does not
// send it.
func (b *Bot) remindEmptyProfiles(ctx context.Context, comm Community) error {
	now := b.now()
	if !b.reminderScans.due(comm.ID, now) {
		return nil
	}
	var due []MemberID
	if err := b.store.View(ctx, func(tx Tx) error {
		due = due[:0]
		return tx.Members(comm.ID, func(m *Member) error {
			if needsReminder(m, now) {
				due = append(due, m.ID)
			}
			return nil
		})
	}); err != nil {
		return err
	}
	for _, id := range due {
		if err := b.store.Update(ctx, func(tx Tx) error {
			m, err := tx.Member(comm.ID, id)
			if errors.Is(err, ErrNotFound) {
				return nil
			}
			if err != nil || !needsReminder(m, now) {
				return err
			}
			m.Reminded = now
			if err := tx.PutMember(m); err != nil || !comm.Settings.Welcome {
				return err
			}
			_, err = tx.Enqueue(&OutboxEntry{
				ID: outboxID("welcome", comm.ID, m.ID.String(), "reminder"), Platform: m.ID.Platform, Community: comm.ID,
				Kind: OutboxDM, To: []MemberID{m.ID}, Template: tplWelcomeReminder, Created: now, NotBefore: now,
			})
			return err
		}); err != nil {
			return err
		}
	}
	if len(due) > 0 && comm.Settings.Welcome {
		b.notifyOutbox()
	}
	return nil
}
