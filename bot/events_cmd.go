package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot/match"
)

// Outbox templates of events, rendered by [Bot.eventEntryMessage] when
// they are sent. Entry ids are "event/{community}/{id}/{what}/...", so
// each message is queued once.
const (
	tplEventPost     = "event_post"     // the announcement in a space's announce channel
	tplEventEdit     = "event_edit"     // the announcement as it is now, edited in place
	tplEventNotify   = "event_notify"   // the announcement by DM (`notify events on`)
	tplEventReminder = "event_reminder" // RemindBefore the start, to those going
	tplEventCanceled = "event_canceled" // to those going
	tplEventChanged  = "event_changed"  // to those going: Args field, old, new
	tplEventIntro    = "event_intro"    // `event intros`: Group is the group
)

// eventEntryPrefix is the id prefix of an event's outbox entries.
func eventEntryPrefix(community, id string) string { return outboxID("event", community, id) + "/" }

// EventPublicID is the id of an event in links and calendar files:
// "{community}-{id}", unique across communities (event ids are numbered
// per community).
func EventPublicID(community, id string) string { return community + "-" + id }

// calendarName is an event's calendar file name without ".ics":
// "{community}-{id}-{key}".
func calendarName(e *Event) string {
	if e.Key == "" {
		return EventPublicID(e.Community, e.ID)
	}
	return EventPublicID(e.Community, e.ID) + "-" + e.Key
}

// newEventKey returns a random key for a calendar link.
func newEventKey() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// eventICSURL is the link to an event's calendar file, or "" without a
// public URL.
func (b *Bot) eventICSURL(e *Event) string {
	if b.publicURL == "" {
		return ""
	}
	return b.publicURL + "/events/" + calendarName(e) + ".ics"
}

// getEvent reads an event named by a member ("3" or "#3").
func getEvent(tx Tx, community, ref string) (*Event, error) {
	id := strings.TrimPrefix(ref, "#")
	e, err := tx.Event(community, id)
	if errors.Is(err, ErrNotFound) {
		return nil, Errorf(ENOTFOUND, "err.event_unknown", Args{"id": ref})
	}
	if err != nil {
		return nil, fmt.Errorf("event %s/%s: %w", community, id, err)
	}
	return e, nil
}

// openEvent reads an event that can still change: not canceled, not over.
func openEvent(tx Tx, community, ref string, now time.Time) (*Event, error) {
	e, err := getEvent(tx, community, ref)
	if err != nil {
		return nil, err
	}
	if e.Canceled {
		return nil, Errorf(ECONFLICT, "err.event_canceled", Args{"id": e.ID, "title": e.Title})
	}
	if !now.Before(e.Start) {
		return nil, Errorf(ECONFLICT, "err.event_started", Args{"id": e.ID, "title": e.Title})
	}
	return e, nil
}

func runAnnounce(ctx context.Context, c *call) (Message, error) {
	now := c.now()
	parts := []string{c.arg("title"), c.arg("when"), c.arg("place")}
	if d := c.arg("details"); d != "" {
		parts = append(parts, d)
	}
	f, err := parseAnnounce(parts, now, c.comm.Settings.Location())
	if err != nil {
		return Message{}, err
	}
	ev := &Event{
		Community: c.comm.ID, Title: f.title, Start: f.start, TZ: f.tz, Duration: f.dur,
		Place: f.place, Details: f.details, By: c.req.Member(), Created: now, Rev: 1, Key: newEventKey(),
	}
	var posts int
	err = c.b.store.Update(ctx, func(tx Tx) error {
		n, err := tx.NextID(c.comm.ID, "event")
		if err != nil {
			return err
		}
		ev.ID = strconv.Itoa(n)
		if err := tx.PutEvent(ev); err != nil {
			return err
		}
		posts, err = c.b.enqueueAnnouncement(tx, c.comm, ev, now)
		return err
	})
	if err != nil {
		return Message{}, fmt.Errorf("announce: %w", err)
	}
	c.b.notifyOutbox()
	c.b.log.InfoContext(ctx, "event announced", "community", c.comm.ID, "event", ev.ID, "by", c.req.Member().String())
	msg := c.say("msg.event_announced", Args{"id": ev.ID, "title": ev.Title, "when": fmtEventWhen(c.lang, ev, ev.Location()), "posts": posts})
	if posts == 0 {
		msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t("msg.event_no_channel", Args{"prefix": c.req.Prefix})})
	}
	return msg, nil
}

// enqueueAnnouncement queues the event's post to every announce channel of
// the community and a DM to every member who asked for them. It returns
// how many posts it queued.
func (b *Bot) enqueueAnnouncement(tx Tx, comm Community, ev *Event, now time.Time) (int, error) {
	base := eventEntryPrefix(comm.ID, ev.ID)
	args := map[string]string{"event": ev.ID}
	posts := 0
	for _, s := range comm.Spaces {
		if s.AnnounceChannel == "" {
			continue
		}
		posts++
		_, err := tx.Enqueue(&OutboxEntry{
			ID: outboxID(base+"post", s.Platform, s.ID), Platform: s.Platform, Community: comm.ID, Kind: OutboxPost,
			Space: s.ID, Channel: s.AnnounceChannel, Template: tplEventPost, Args: args, Created: now, NotBefore: now,
		})
		if err != nil {
			return 0, err
		}
	}
	err := tx.Members(comm.ID, func(m *Member) error {
		if !m.NotifyEvents || (m.Status != StatusActive && m.Status != StatusPaused) {
			return nil
		}
		_, err := tx.Enqueue(&OutboxEntry{
			ID: outboxID(base+"notify", m.ID.String()), Platform: m.ID.Platform, Community: comm.ID, Kind: OutboxDM,
			To: []MemberID{m.ID}, Template: tplEventNotify, Args: args, Created: now, NotBefore: now,
		})
		return err
	})
	return posts, err
}

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

func runEvents(ctx context.Context, c *call) (Message, error) {
	now := c.now()
	var evs []*Event
	err := c.b.store.View(ctx, func(tx Tx) error {
		evs = evs[:0]
		return tx.Events(c.comm.ID, func(e *Event) error {
			if e.Upcoming(now) {
				evs = append(evs, e)
			}
			return nil
		})
	})
	if err != nil {
		return Message{}, fmt.Errorf("events: %w", err)
	}
	if len(evs) == 0 {
		return c.say("msg.events_none", nil), nil
	}
	slices.SortStableFunc(evs, func(a, b *Event) int { return a.Start.Compare(b.Start) })
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
	c.b.log.InfoContext(ctx, "event canceled", "community", c.comm.ID, "event", ev.ID, "by", c.req.Member().String())
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
		if ev, err = getEvent(tx, c.comm.ID, c.arg("event")); err == nil && ev.Canceled {
			err = Errorf(ECONFLICT, "err.event_canceled", Args{"id": ev.ID, "title": ev.Title})
		}
		return err
	})
	if err != nil {
		return Message{}, err
	}
	// What a weekly round reads (members, rounds, pair history), kept to
	// the attendees who take part in pairings now (a paused member is
	// left out).
	p, err := c.b.loadPlan(ctx, c.comm, now)
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
		cur.Groups, cur.IntrosAt = groups, now
		if err := tx.PutEvent(cur); err != nil {
			return err
		}
		ev = cur
		return c.b.enqueueEventIntros(tx, cur, now)
	})
	if err != nil {
		return Message{}, err
	}
	c.b.notifyOutbox()
	msg := c.say("msg.event_intros_ran", Args{"id": ev.ID, "title": ev.Title, "n": len(groups)})
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

// enqueueEventIntros queues the intros of an event's groups: one group
// conversation where the platform has them and the group shares a space,
// else a DM to each member, like a round's.
func (b *Bot) enqueueEventIntros(tx Tx, ev *Event, now time.Time) error {
	for gi, g := range ev.Groups {
		entries := b.audience(outboxID("event", ev.Community, ev.ID, "intro", strconv.Itoa(gi)), g.Members)
		for _, e := range entries {
			e.Community, e.Group, e.Template, e.Created, e.NotBefore = ev.Community, gi, tplEventIntro, now, now
			e.Args = map[string]string{"event": ev.ID}
			if _, err := tx.Enqueue(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// eventMessage is an event as posted and sent: title, when (in loc),
// place, details, the going count, the calendar link and the RSVP buttons
// (none once canceled or started). Member-written fields are plain spans.
func (b *Bot) eventMessage(lang Lang, ev *Event, loc *time.Location, now time.Time, prefix string) Message {
	t := func(key string, args Args) []Span { return b.cat.Spans(lang, key, args) }
	head := []Span{Text(ev.Title)}
	if ev.Canceled {
		head = t("msg.event_post_canceled", Args{"title": ev.Title})
	}
	var place any = ev.Place
	if u := ev.PlaceURL(); u != "" {
		place = Span{Style: Link, Text: u, URL: u}
	}
	facts := t("msg.event_post_when", Args{"when": fmtEventWhen(lang, ev, loc)})
	facts = append(facts, Text("\n"))
	facts = append(facts, t("msg.event_post_where", Args{"place": place})...)
	msg := Message{Blocks: []Block{{Kind: Header, Spans: head}, {Kind: Para, Spans: mergeSpans(facts)}}}
	if ev.Details != "" {
		msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: []Span{Text(ev.Details)}})
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: t("msg.event_post_going", Args{"n": ev.Going()})})
	if u := b.eventICSURL(ev); u != "" {
		msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: t("msg.event_post_calendar", Args{"link": Span{Style: Link, Text: u, URL: u}})})
	}
	if ev.Canceled || !now.Before(ev.Start) {
		return msg
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: t("msg.event_post_hint", Args{"id": ev.ID, "prefix": prefix})})
	msg.Buttons = []Button{
		{Label: b.cat.String(lang, "btn.event_going", nil), Command: "rsvp " + ev.ID + " yes", Style: ButtonPrimary},
		{Label: b.cat.String(lang, "btn.event_not_going", nil), Command: "rsvp " + ev.ID + " no"},
	}
	return msg
}

// eventEntryMessage renders an event's outbox entry; skip when it no
// longer needs sending (canceled, no longer going, moved, over).
func (b *Bot) eventEntryMessage(tx Tx, comm Community, e *OutboxEntry) (Message, bool, error) {
	ev, err := tx.Event(comm.ID, e.Args["event"])
	if err != nil {
		return Message{}, false, err // ErrNotFound: skipped
	}
	now := b.now()
	if e.Template == tplEventPost || e.Template == tplEventEdit {
		if e.Template == tplEventPost && (ev.Canceled || !now.Before(ev.Start)) {
			return Message{}, true, nil
		}
		// The revision rendered: eventPostSent edits the post again if
		// the event changed while it was being sent.
		e.Args = map[string]string{"event": ev.ID, "rev": strconv.Itoa(ev.Rev)}
		return b.eventMessage(comm.Settings.Language, ev, ev.Location(), now, b.prefixFor(e.Platform)), false, nil
	}
	if e.Template == tplEventIntro {
		return b.eventIntroMessage(tx, comm, ev, e)
	}
	me, err := tx.Member(comm.ID, e.To[0])
	if err != nil {
		return Message{}, false, err
	}
	if me.Status == StatusLeft || me.Status == StatusRemoved {
		return Message{}, true, nil
	}
	lang := readerLang(comm, []*Member{me})
	loc := me.Location(ev.Location())
	t := func(key string, args Args) []Span { return b.cat.Spans(lang, key, args) }
	switch e.Template {
	case tplEventNotify:
		if ev.Canceled || !now.Before(ev.Start) {
			return Message{}, true, nil
		}
		msg := b.eventMessage(lang, ev, loc, now, b.prefixFor(e.Platform))
		intro := Block{Kind: Para, Spans: t("msg.event_dm_new", Args{"community": comm.Settings.Name})}
		msg.Blocks = append([]Block{intro}, msg.Blocks...)
		msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: t("msg.event_dm_notify_off", nil)})
		return msg, false, nil
	case tplEventReminder:
		if ev.Canceled || !ev.IsGoing(me.ID) || ev.Start.UTC().Format("20060102T1504Z") != e.Args["start"] || !now.Before(ev.Start) ||
			e.Args["before"] != "" && e.Args["before"] != comm.Settings.RemindBefore.String() {
			return Message{}, true, nil
		}
		msg := Message{Blocks: []Block{{Kind: Para, Spans: t("msg.event_dm_reminder", Args{"title": ev.Title, "when": fmtEventWhen(lang, ev, loc)})}}}
		ev2 := b.eventMessage(lang, ev, loc, now, b.prefixFor(e.Platform))
		msg.Blocks = append(msg.Blocks, ev2.Blocks[1:]...)
		if len(ev2.Buttons) == 2 {
			msg.Buttons = ev2.Buttons[1:] // "not going" only
		}
		return msg, false, nil
	case tplEventCanceled:
		return Message{Blocks: []Block{{Kind: Para, Spans: t("msg.event_dm_canceled", Args{"title": ev.Title, "when": fmtEventWhen(lang, ev, loc)})}}}, false, nil
	case tplEventChanged:
		if ev.Canceled || !ev.IsGoing(me.ID) {
			return Message{}, true, nil
		}
		oldV, newV := e.Args["old"], e.Args["new"]
		if start, err := time.Parse(time.RFC3339, e.Args["old_start"]); err == nil && e.Args["field"] == "when" {
			prev := *ev
			prev.Start, prev.TZ = start, e.Args["old_tz"]
			prev.Duration, _ = time.ParseDuration(e.Args["old_dur"])
			oldV, newV = fmtEventWhen(lang, &prev, loc), fmtEventWhen(lang, ev, loc)
		}
		if e.Args["field"] == "details" && newV == "" {
			return Message{Blocks: []Block{
				{Kind: Para, Spans: t("msg.event_dm_details_removed", Args{"title": ev.Title})},
				{Kind: List, Items: [][]Span{t("msg.event_dm_old", Args{"value": oldV})}},
			}}, false, nil
		}
		return Message{Blocks: []Block{
			{Kind: Para, Spans: t("msg.event_dm_changed", Args{"title": ev.Title, "field": eventFieldTerms[e.Args["field"]]})},
			{Kind: List, Items: [][]Span{t("msg.event_dm_old", Args{"value": oldV}), t("msg.event_dm_new_value", Args{"value": newV})}},
		}}, false, nil
	}
	return Message{}, false, fmt.Errorf("outbox: entry %s: unknown event template %q", e.ID, e.Template)
}

// eventIntroMessage renders the intro of a group of an event's attendees,
// like a round's intro: why they were grouped, their profiles, an opener.
func (b *Bot) eventIntroMessage(tx Tx, comm Community, ev *Event, e *OutboxEntry) (Message, bool, error) {
	if e.Group >= len(ev.Groups) || ev.Canceled {
		return Message{}, true, nil
	}
	return b.groupIntro(tx, comm, e, ev.Groups[e.Group], "msg.event_intro_title", Args{"title": ev.Title}, nil)
}

// eventPostSent runs in the transaction that marks an outbox entry sent.
// For an event's announcement post it records the post's reference on the
// event, for live counts; for a post or an edit it reports whether the
// event changed since the entry was rendered, and queues the edit that
// catches up (for an edit: the caller keeps the entry pending).
func (b *Bot) eventPostSent(tx Tx, e *OutboxEntry, now time.Time) (bool, error) {
	if e.Template != tplEventPost && e.Template != tplEventEdit || e.Ref == (MessageRef{}) {
		return false, nil
	}
	ev, err := tx.Event(e.Community, e.Args["event"])
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	stale := e.Args["rev"] != strconv.Itoa(ev.Rev)
	if e.Template == tplEventEdit {
		return stale, nil
	}
	if !slices.Contains(ev.Posts, e.Ref) {
		ev.Posts = append(ev.Posts, e.Ref)
		if err := tx.PutEvent(ev); err != nil {
			return false, err
		}
	}
	if stale {
		return true, enqueuePostEdit(tx, ev, e.Ref, now)
	}
	return false, nil
}

// enqueuePostEdits queues an edit of each of the event's announcement
// posts, to show it as it is now. An edit already pending for a post is
// kept: it renders the event when it is sent, so a burst of RSVPs makes
// one edit per post.
func enqueuePostEdits(tx Tx, ev *Event, now time.Time) error {
	for _, ref := range ev.Posts {
		if err := enqueuePostEdit(tx, ev, ref, now); err != nil {
			return err
		}
	}
	return nil
}

func enqueuePostEdit(tx Tx, ev *Event, ref MessageRef, now time.Time) error {
	_, err := tx.Enqueue(&OutboxEntry{
		ID: outboxID(eventEntryPrefix(ev.Community, ev.ID)+"edit", ref.Platform, ref.Channel, ref.ID), Platform: ref.Platform,
		Community: ev.Community, Kind: OutboxEdit, Edit: ref, Template: tplEventEdit,
		Args: map[string]string{"event": ev.ID}, Created: now, NotBefore: now,
	})
	return err
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
