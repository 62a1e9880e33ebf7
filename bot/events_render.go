package bot

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

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
