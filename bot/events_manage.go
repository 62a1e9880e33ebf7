package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot/match"
)

func runEventCancel(ctx context.Context, c *call) (Message, error) {
	now := c.now()
	var ev *Event
	var told int
	err := c.b.store.Update(ctx, func(tx Tx) error {
		var err error
		if ev, err = openEvent(tx, c.comm.ID, c.arg("event"), now); err != nil {
			return err
		}
		ev.Canceled = true
		ev.Rev++
		if err := tx.PutEvent(ev); err != nil {
			return err
		}
		if err := enqueuePostEdits(tx, ev, now); err != nil {
			return err
		}
		told, err = enqueueGoing(tx, ev, "canceled", tplEventCanceled, map[string]string{"event": ev.ID}, now)
		return err
	})
	if err != nil {
		return Message{}, err
	}
	c.b.notifyOutbox()
	c.b.log.InfoContext(ctx, "event canceled", "community", c.comm.ID, "event", ev.ID, "by", c.self().String())
	return c.say("msg.event_canceled_done", Args{"id": ev.ID, "title": ev.Title, "n": told}), nil
}

func runEventEdit(ctx context.Context, c *call) (Message, error) {
	now := c.now()
	field, value := c.arg("field"), c.arg("value")
	// Validate before reading the event, so bad input changes nothing.
	var text string
	var when *eventFields
	var err error
	switch {
	case field == "when":
		when = &eventFields{}
		if when.start, when.tz, when.dur, err = parseWhen(value, now, c.comm.Settings.Location()); err != nil {
			return Message{}, err
		}
	case field == "details" && isClear(value):
		// "-" clears the details, as for a bio; text stays "".
	case value == "-":
		return Message{}, usageErr("err.event_field_required", Args{"field": eventFieldTerms[field]})
	default:
		if text, err = checkEventText(field, value); err != nil {
			return Message{}, err
		}
	}
	lang := c.comm.Settings.Language
	var ev *Event
	var oldV, newV string
	var oldWhen map[string]string
	var before Event // the event as it was, to show its old time to the moderator
	var told int
	err = c.b.store.Update(ctx, func(tx Tx) error {
		if ev, err = openEvent(tx, c.comm.ID, c.arg("event"), now); err != nil {
			return err
		}
		switch field {
		case "title":
			oldV, ev.Title = ev.Title, text
		case "place":
			oldV, ev.Place = ev.Place, text
		case "details":
			oldV, ev.Details = ev.Details, text
		case "when":
			before = *ev
			oldV = fmtEventWhen(lang, ev, ev.Location())
			oldWhen = map[string]string{"old_start": ev.Start.Format(time.RFC3339), "old_tz": ev.TZ, "old_dur": ev.Duration.String()}
			ev.Start, ev.TZ, ev.Duration = when.start, when.tz, when.dur
		}
		newV = text
		if field == "when" {
			newV = fmtEventWhen(lang, ev, ev.Location())
		}
		if oldV == newV {
			return Errorf(ECONFLICT, "err.event_unchanged", Args{"field": eventFieldTerms[field]})
		}
		ev.Edits++
		ev.Rev++
		if err := tx.PutEvent(ev); err != nil {
			return err
		}
		if err := enqueuePostEdits(tx, ev, now); err != nil {
			return err
		}
		args := map[string]string{"event": ev.ID, "field": field, "old": oldV, "new": newV}
		for k, v := range oldWhen { // times are shown in each reader's language and zone
			args[k] = v
		}
		if told, err = enqueueGoing(tx, ev, "edit/"+strconv.Itoa(ev.Edits), tplEventChanged, args, now); err != nil {
			return err
		}
		if field != "when" {
			return nil
		}
		for key, going := range ev.RSVPs {
			id, err := ParseMemberID(key)
			if err != nil || !going {
				continue
			}
			if _, err := c.b.enqueueReminder(tx, c.comm, ev, id, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Message{}, err
	}
	c.b.notifyOutbox()
	if field == "details" && newV == "" {
		return c.say("msg.event_details_removed", Args{"id": ev.ID, "old": oldV, "n": told}), nil
	}
	if field == "when" { // in the moderator's language, not the community's
		oldV, newV = fmtEventWhen(c.lang, &before, ev.Location()), fmtEventWhen(c.lang, ev, ev.Location())
	}
	return c.say("msg.event_edited", Args{"id": ev.ID, "field": eventFieldTerms[field], "old": oldV, "new": newV, "n": told}), nil
}

func runEventIntros(ctx context.Context, c *call) (Message, error) {
	now := c.now()
	var ev *Event
	err := c.b.store.View(ctx, func(tx Tx) error {
		var err error
		// Usually run after the event: only a canceled one is refused.
		switch ev, err = getEvent(tx, c.comm.ID, c.arg("event")); {
		case err != nil:
		case ev.Canceled:
			err = Errorf(ECONFLICT, "err.event_canceled", Args{"id": ev.ID, "title": ev.Title})
		case now.Before(ev.Start): // attendees may still change their mind
			err = Errorf(ECONFLICT, "err.event_intros_early", Args{"id": ev.ID, "when": fmtEventWhen(c.lang, ev, ev.Location())})
		}
		return err
	})
	if err != nil {
		return Message{}, err
	}
	// What a weekly round reads (members, rounds, pair history), kept to
	// the attendees who take part in pairings now (a paused member is
	// left out).
	p, err := c.b.loadPlan(ctx, c.comm, now, time.Time{}) // no round: a skipped round does not count
	if err != nil {
		return Message{}, err
	}
	var attendees []*Member
	for _, m := range slices.Concat(p.members, p.unanswered) {
		if ev.IsGoing(m.ID) {
			attendees = append(attendees, m)
		}
	}
	slices.SortFunc(attendees, func(a, b *Member) int { return strings.Compare(a.ID.String(), b.ID.String()) })
	p.members, p.unanswered = attendees, nil
	if len(ev.Groups) > 0 {
		return Message{}, Errorf(ECONFLICT, "err.event_intros_done", Args{"id": ev.ID})
	}
	if len(p.members) < 2 {
		return Message{}, Errorf(ECONFLICT, "err.event_intros_few", Args{"id": ev.ID, "n": len(p.members)})
	}
	// The weekly matcher, with the weekly rounds as history: attendees
	// grouped recently are not grouped again while a fresh partner exists.
	res, err := match.Plan(matchInput(c.comm, p, ev.Start, roundSeed(c.comm.ID, "event-"+ev.ID), p.state.Rounds+1))
	if err != nil {
		return Message{}, fmt.Errorf("event %s intros: %w", ev.ID, err)
	}
	var groups []RoundGroup
	for _, g := range res.Groups {
		rg := RoundGroup{Reasons: g.Reasons}
		for _, id := range g.Members {
			mid, err := ParseMemberID(id)
			if err != nil {
				return Message{}, err
			}
			rg.Members = append(rg.Members, mid)
		}
		groups = append(groups, rg)
	}
	err = c.b.store.Update(ctx, func(tx Tx) error {
		cur, err := getEvent(tx, c.comm.ID, ev.ID)
		if err != nil {
			return err
		}
		if cur.Canceled {
			return Errorf(ECONFLICT, "err.event_canceled", Args{"id": cur.ID, "title": cur.Title})
		}
		if len(cur.Groups) > 0 {
			return Errorf(ECONFLICT, "err.event_intros_done", Args{"id": ev.ID})
		}
		cur.Groups, cur.IntrosAt, cur.IntrosLeft = groups, now, len(groups)
		if err := c.b.queueEventIntros(tx, cur); err != nil {
			return err
		}
		if err := tx.PutEvent(cur); err != nil {
			return err
		}
		ev = cur
		return nil
	})
	if err != nil {
		return Message{}, err
	}
	c.b.notifyOutbox()
	if err := c.b.finishEventIntros(ctx, c.comm.ID, ev.ID); err != nil {
		return Message{}, err
	}
	msg := c.say("msg.event_intros_ran", Args{"id": ev.ID, "title": ev.Title, "n": len(groups)})
	// Only how many are left out (paused, kept apart, no fit), never who
	// or why: a list would show a decline or a block.
	grouped := 0
	for _, g := range groups {
		grouped += len(g.Members)
	}
	if out := ev.Going() - grouped; out > 0 {
		msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: c.t("msg.event_intros_left_out", Args{"n": out})})
	}
	err = c.b.store.View(ctx, func(tx Tx) error {
		var items [][]Span
		for _, g := range groups {
			ms, err := groupMembers(tx, c.comm.ID, g)
			if err != nil {
				return err
			}
			items = append(items, c.b.joinNames(c.lang, ms))
		}
		if len(items) > 0 {
			msg.Blocks = append(msg.Blocks, Block{Kind: List, Items: items})
		}
		return nil
	})
	return msg, err
}
