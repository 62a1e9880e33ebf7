package bot

import "time"

// enqueueReminder queues the reminder of a member going to ev, due
// RemindBefore the start, unless that time has passed. The id holds the
// start and the lead time, so moving the event or changing
// events.remind_before queues a new reminder and the old one renders as
// skipped.
func (b *Bot) enqueueReminder(tx Tx, comm Community, ev *Event, id MemberID, now time.Time) (bool, error) {
	at := ev.Start.Add(-comm.Settings.RemindBefore)
	if !now.Before(at) {
		return false, nil
	}
	return true, enqueueReminderAt(tx, comm, ev, id, at, now)
}

func enqueueReminderAt(tx Tx, comm Community, ev *Event, id MemberID, at, now time.Time) error {
	start, before := ev.Start.UTC().Format("20060102T1504Z"), comm.Settings.RemindBefore.String()
	_, err := tx.Enqueue(&OutboxEntry{
		ID: outboxID(eventEntryPrefix(comm.ID, ev.ID)+"remind", start, before, id.String()), Platform: id.Platform,
		Community: comm.ID, Kind: OutboxDM, To: []MemberID{id}, Template: tplEventReminder,
		Args: map[string]string{"event": ev.ID, "start": start, "before": before}, Created: now, NotBefore: at,
	})
	return err
}

// moveReminders queues the reminders of upcoming events again after
// events.remind_before changed from old to comm's: those not yet due
// under the old lead time are now due under the new one (at once if that
// time has passed); the old ones render as skipped.
func (b *Bot) moveReminders(tx Tx, comm Community, old time.Duration, now time.Time) error {
	return tx.Events(comm.ID, func(ev *Event) error {
		if ev.Canceled || !now.Before(ev.Start.Add(-old)) {
			return nil
		}
		at := ev.Start.Add(-comm.Settings.RemindBefore)
		if at.Before(now) {
			at = now
		}
		going, err := ev.GoingIDs()
		if err != nil {
			return err
		}
		for _, id := range going {
			if err := enqueueReminderAt(tx, comm, ev, id, at, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// enqueueGoing queues one DM per member going to ev.
func enqueueGoing(tx Tx, ev *Event, what, template string, args map[string]string, now time.Time) (int, error) {
	going, err := ev.GoingIDs()
	if err != nil {
		return 0, err
	}
	for _, id := range going {
		if _, err := tx.Enqueue(&OutboxEntry{
			ID: outboxID(eventEntryPrefix(ev.Community, ev.ID)+what, id.String()), Platform: id.Platform, Community: ev.Community,
			Kind: OutboxDM, To: []MemberID{id}, Template: template, Args: args, Created: now, NotBefore: now,
		}); err != nil {
			return 0, err
		}
	}
	return len(going), nil
}
