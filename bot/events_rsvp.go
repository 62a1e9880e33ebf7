package bot

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// upcomingEvents returns a community's events still to come, soonest
// first.
func (b *Bot) upcomingEvents(ctx context.Context, community string, now time.Time) ([]*Event, error) {
	var evs []*Event
	err := b.store.View(ctx, func(tx Tx) error {
		evs = evs[:0]
		return tx.Events(community, func(e *Event) error {
			if e.Upcoming(now) {
				evs = append(evs, e)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	slices.SortStableFunc(evs, func(a, b *Event) int { return a.Start.Compare(b.Start) })
	return evs, nil
}

func runEvents(ctx context.Context, c *call) (Message, error) {
	evs, err := c.b.upcomingEvents(ctx, c.comm.ID, c.now())
	if err != nil {
		return Message{}, err
	}
	if len(evs) == 0 {
		return c.say("msg.events_none", nil), nil
	}
	var items [][]Span
	for _, e := range evs {
		item := c.t("msg.events_item", Args{"id": e.ID, "title": e.Title, "when": fmtEventWhen(c.lang, e, c.loc()), "place": e.Place, "going": e.Going()})
		if c.me != nil && e.IsGoing(c.me.ID) {
			item = append(item, c.t("msg.events_you_go", nil)...)
		}
		items = append(items, item)
	}
	return Message{Blocks: []Block{
		{Kind: Header, Spans: c.t("msg.events_title", Args{"n": len(evs)})},
		{Kind: List, Items: items},
		{Kind: Context, Spans: c.t("msg.events_hint", Args{"prefix": c.req.Prefix})},
	}}, nil
}

func runRSVP(ctx context.Context, c *call) (Message, error) {
	yes := c.arg("answer") == "yes"
	now := c.now()
	var ev *Event
	var remind bool
	err := c.b.store.Update(ctx, func(tx Tx) error {
		var err error
		if ev, err = openEvent(tx, c.comm.ID, c.arg("event"), now); err != nil {
			return err
		}
		if ev.RSVPs == nil {
			ev.RSVPs = map[string]bool{}
		}
		ev.RSVPs[c.me.ID.String()] = yes
		ev.Rev++
		if err := tx.PutEvent(ev); err != nil {
			return err
		}
		if err := enqueuePostEdits(tx, ev, now); err != nil {
			return err
		}
		remind = false
		if yes {
			remind, err = c.b.enqueueReminder(tx, c.comm, ev, c.me.ID, now)
		}
		return err
	})
	if err != nil {
		return Message{}, err
	}
	c.b.notifyOutbox()
	var msg Message
	if yes {
		msg = c.say("msg.rsvp_yes", Args{"title": ev.Title, "when": fmtEventWhen(c.lang, ev, c.loc()), "going": ev.Going()})
		if remind {
			msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t("msg.rsvp_remind", Args{"before": c.comm.Settings.RemindBefore})})
		}
	} else {
		msg = c.say("msg.rsvp_no", Args{"title": ev.Title})
	}
	// A button pressed in a private conversation (the DM of `notify
	// events on`) replaces that message; the shared post keeps its
	// buttons and gets the new count by an edit instead.
	msg.Replace = c.req.Button && c.req.Private
	return msg, nil
}

func runNotify(ctx context.Context, c *call) (Message, error) {
	on := c.arg("onoff") == "on"
	if _, err := c.updateMe(ctx, func(m *Member) error { m.NotifyEvents = on; return nil }); err != nil {
		return Message{}, err
	}
	if on {
		return c.say("msg.notify_events_on", Args{"prefix": c.req.Prefix}), nil
	}
	return c.say("msg.notify_events_off", nil), nil
}

// withdrawRSVPs drops a member's yes to upcoming events when they leave,
// are removed or are forgotten, so that only members count as going, and
// queues the edits of their posts. It returns the events changed: the
// caller wakes the outbox once the transaction is done.
func withdrawRSVPs(tx Tx, community string, id MemberID, now time.Time) ([]string, error) {
	var changed []*Event
	err := tx.Events(community, func(e *Event) error {
		if e.Upcoming(now) && e.IsGoing(id) {
			changed = append(changed, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(changed))
	for _, e := range changed {
		delete(e.RSVPs, id.String())
		e.Rev++
		if err := tx.PutEvent(e); err != nil {
			return nil, err
		}
		if err := enqueuePostEdits(tx, e, now); err != nil {
			return nil, err
		}
		ids = append(ids, e.ID)
	}
	return ids, nil
}
