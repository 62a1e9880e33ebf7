package bot

import (
	"context"
	"errors"
	"slices"
	"strings"
)

// SetAttendance records who came to a past event, from the dashboard: ids
// replace what was recorded. Only members who said they would go can have
// come, so an id that did not RSVP yes is refused, as are an event not
// started yet and a canceled one; nothing changes then. It returns the
// sentence that reports it, or an error wrapping [ErrNotFound] (no such
// event) or [ErrNotModerator] (u no longer moderates).
func (b *Bot) SetAttendance(ctx context.Context, u DashboardUser, eventID string, ids []MemberID) (string, error) {
	if err := b.DashboardModerator(ctx, u); err != nil {
		return "", err
	}
	now := b.now()
	var title string
	var n int
	err := b.store.Update(ctx, func(tx Tx) error {
		e, err := tx.Event(u.Community, eventID)
		if err != nil {
			return err
		}
		switch {
		case e.Canceled:
			return Errorf(ECONFLICT, "err.attend_canceled", nil)
		case now.Before(e.Start):
			return Errorf(ECONFLICT, "err.attend_future", nil)
		}
		var came []MemberID
		for _, id := range ids {
			if slices.Contains(came, id) {
				continue
			}
			if !e.IsGoing(id) {
				return Errorf(EINVALID, "err.attend_not_going", nil)
			}
			if _, err := tx.Member(u.Community, id); errors.Is(err, ErrNotFound) {
				continue // forgotten meanwhile: nobody to record
			} else if err != nil {
				return err
			}
			came = append(came, id)
		}
		slices.SortFunc(came, func(a, b MemberID) int { return strings.Compare(a.String(), b.String()) })
		e.Attended, e.AttendanceAt, title, n = came, now, e.Title, len(came)
		return tx.PutEvent(e)
	})
	if err != nil {
		return "", err
	}
	b.log.InfoContext(ctx, "attendance recorded from the dashboard", "community", u.Community, "event", eventID, "by", u.ID.String(), "attended", n)
	return b.cat.String(u.Lang, "msg.attendance_saved", Args{"event": title, "n": n}), nil
}

// Attends reports whether the member's attendance is recorded.
func (e *Event) Attends(id MemberID) bool { return slices.Contains(e.Attended, id) }
