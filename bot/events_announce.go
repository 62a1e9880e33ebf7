package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
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
		Place: f.place, Details: f.details, By: c.self(), Created: now, Rev: 1, Key: newEventKey(),
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
	c.b.log.InfoContext(ctx, "event announced", "community", c.comm.ID, "event", ev.ID, "by", c.self().String())
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
	posts, err := enqueuePosts(tx, comm, base+"post", tplEventPost, args, now)
	if err != nil {
		return 0, err
	}
	err = tx.Members(comm.ID, func(m *Member) error {
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

// enqueuePosts queues a post of template to every announce channel of the
// community, each with an id of base, platform and space. It returns how
// many posts it queued.
func enqueuePosts(tx Tx, comm Community, base, template string, args map[string]string, now time.Time) (int, error) {
	posts := 0
	for _, s := range comm.Spaces {
		if s.AnnounceChannel == "" {
			continue
		}
		_, err := tx.Enqueue(&OutboxEntry{
			ID: outboxID(base, s.Platform, s.ID), Platform: s.Platform, Community: comm.ID, Kind: OutboxPost,
			Space: s.ID, Channel: s.AnnounceChannel, Template: template, Args: args, Created: now, NotBefore: now,
		})
		if err != nil {
			return 0, err
		}
		posts++
	}
	return posts, nil
}
