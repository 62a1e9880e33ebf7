package bot

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Event is a community event announced by a moderator.
//
// Announcements, reminders, cancellations and changes reach people through
// the outbox and are rendered when they are sent, from the event as it is
// then: a post queued before an RSVP shows the new count, a reminder for
// an event canceled meanwhile is not sent.
//
// Live counts: the outbox records the reference of each announcement post
// on the event, in the transaction that marks the post sent (see
// [Bot.eventPostSent]); an RSVP, a change or a cancellation then queues,
// in its own transaction, an edit of every recorded post ([OutboxEdit],
// sent where the messenger is an [Editor]). A pending edit is kept and
// renders the event as it is when sent, so a burst of RSVPs makes one.
type Event struct {
	Community string        `json:"community"`
	ID        string        `json:"id"` // a number, per community
	Title     string        `json:"title"`
	Start     time.Time     `json:"start"`
	TZ        string        `json:"tz"` // IANA zone the start was given in
	Duration  time.Duration `json:"duration,omitempty"`
	Place     string        `json:"place,omitempty"` // an address or a link
	Details   string        `json:"details,omitempty"`
	By        MemberID      `json:"by"`
	Created   time.Time     `json:"created"`
	// Key makes the calendar link unguessable: without it, counting ids
	// would list every event's place and details.
	Key      string `json:"key,omitempty"`
	Canceled bool   `json:"canceled,omitempty"`
	// RSVPs: member id → true (going) or false (not going).
	RSVPs map[string]bool `json:"rsvps,omitempty"`
	// Attended are the members a moderator marked as having come, among
	// those going (see [Bot.SetAttendance]); AttendanceAt is when it was
	// last recorded, zero while nobody has, so that "nobody came" and
	// "not recorded" differ.
	Attended     []MemberID `json:"attended,omitempty"`
	AttendanceAt time.Time  `json:"attendance_at,omitzero"`
	// Posts are the announcement messages, one per space, for live counts.
	Posts []MessageRef `json:"posts,omitempty"`
	// Rev counts every change (RSVPs included): a post rendered from an
	// older revision is edited once its reference is known.
	Rev int `json:"rev,omitempty"`
	// Edits counts `event edit`s (the calendar's SEQUENCE).
	Edits int `json:"edits,omitempty"`
	// Groups are the attendees' introductions (`event intros`), by the
	// weekly matcher; IntrosAt is when they were made.
	Groups   []RoundGroup `json:"groups,omitempty"`
	IntrosAt time.Time    `json:"intros_at,omitzero"`
	// IntrosLeft is how many groups, the last ones, still have their
	// intros to queue (see queueEventIntros).
	IntrosLeft int `json:"intros_left,omitempty"`
}

// Limits on what an event may hold.
const (
	MaxEventTitle   = 200
	MaxEventPlace   = 300
	MaxEventDetails = 1000
	// MaxEventAhead is how far ahead an event may be announced.
	MaxEventAhead = 2 * 365 * 24 * time.Hour
	// MaxEventDuration is the longest `for DURATION`.
	MaxEventDuration = 7 * 24 * time.Hour
)

// End is when the event ends: Start plus Duration (Start when no
// duration was given).
func (e *Event) End() time.Time { return e.Start.Add(e.Duration) }

// Location is the zone the event was announced in (UTC if unknown).
func (e *Event) Location() *time.Location {
	if loc, err := time.LoadLocation(e.TZ); err == nil && e.TZ != "" {
		return loc
	}
	return time.UTC
}

// Going counts the members who said yes.
func (e *Event) Going() int {
	n := 0
	for _, yes := range e.RSVPs {
		if yes {
			n++
		}
	}
	return n
}

// IsGoing reports whether a member said yes.
func (e *Event) IsGoing(id MemberID) bool { return e.RSVPs[id.String()] }

// GoingIDs returns the members going, in id order.
func (e *Event) GoingIDs() ([]MemberID, error) {
	var ids []MemberID
	for _, key := range slices.Sorted(maps.Keys(e.RSVPs)) {
		if !e.RSVPs[key] {
			continue
		}
		id, err := ParseMemberID(key)
		if err != nil {
			return nil, fmt.Errorf("event %s: rsvp %q: %w", e.ID, key, err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// Upcoming reports whether the event is neither canceled nor over at t
// (an event without a length is over when it starts).
func (e *Event) Upcoming(t time.Time) bool {
	return !e.Canceled && t.Before(e.End())
}

// PlaceURL returns the place when it is a web link, else "".
func (e *Event) PlaceURL() string { return webLink(e.Place) }

// webLink returns s if it is one http(s) link, else "".
func webLink(s string) string {
	if strings.ContainsAny(s, " \t\"'<>") {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return s
}

// eventFields are the validated parts of `announce` and `event edit`.
type eventFields struct {
	title, place, details string
	start                 time.Time
	tz                    string
	dur                   time.Duration
}

// splitEventLine splits "TITLE | WHEN | PLACE [| DETAILS]" on '|'.
// Adapters hand over links as bare URLs, so no '|' hides inside one.
func splitEventLine(s string) []string {
	parts := strings.Split(s, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// announceLine maps the typed `announce TITLE | WHEN | PLACE [| DETAILS]`
// onto announce's fields.
func announceLine(args map[string]string) (string, map[string]string, error) {
	parts := splitEventLine(args["event"])
	if len(parts) < 3 || len(parts) > 4 {
		return "", nil, usageErr("err.event_fields", nil)
	}
	f := map[string]string{"title": parts[0], "when": parts[1], "place": parts[2]}
	if len(parts) == 4 {
		f["details"] = parts[3]
	}
	return "", f, nil
}

// parseAnnounce validates the fields of `announce`: parts are the title,
// when, place and, optionally, details.
func parseAnnounce(parts []string, now time.Time, def *time.Location) (*eventFields, error) {
	f := &eventFields{}
	var err error
	if f.title, err = checkEventText("title", parts[0]); err != nil {
		return nil, err
	}
	if f.start, f.tz, f.dur, err = parseWhen(parts[1], now, def); err != nil {
		return nil, err
	}
	if f.place, err = checkEventText("place", parts[2]); err != nil {
		return nil, err
	}
	if len(parts) == 4 {
		if f.details, err = checkEventText("details", parts[3]); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// eventFieldTerms name an event's fields in the reader's language.
var eventFieldTerms = map[string]Term{"title": "msg.event_field_title", "when": "msg.event_field_when", "place": "msg.event_field_place", "details": "msg.event_field_details"}

// checkEventText validates one text field of an event: one line, no
// control characters, not too long; only details may be empty.
func checkEventText(field, s string) (string, error) {
	typed := strings.TrimSpace(s) != ""
	s = strings.TrimSpace(stripBidi(s))
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return "", usageErr("err.event_control", Args{"field": eventFieldTerms[field]})
		}
	}
	if typed && showsNothing(s) {
		return "", usageErr("err.event_invisible", Args{"field": field})
	}
	limit := map[string]int{"title": MaxEventTitle, "place": MaxEventPlace, "details": MaxEventDetails}[field]
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && field != "details":
		return "", usageErr("err.event_empty", Args{"field": eventFieldTerms[field]})
	case n > limit:
		return "", usageErr("err.event_long", Args{"field": eventFieldTerms[field], "n": n, "max": limit})
	}
	return s, nil
}

// fmtEventTime shows a time in loc: "Thu 10 Dec 2026, 18:30 CET" or
// "giovedì 10 dicembre 2026, 18:30 CET".
func fmtEventTime(lang Lang, t time.Time, loc *time.Location) string {
	return sayMoment(lang, t.In(loc))
}

// fmtEventWhen is the start and, if known, the length: "…, 18:30 CET (2h)".
func fmtEventWhen(lang Lang, e *Event, loc *time.Location) string {
	s := fmtEventTime(lang, e.Start, loc)
	if e.Duration > 0 {
		s += " (" + fmtLength(e.Duration) + ")"
	}
	return s
}

// fmtLength shows a length as "2h", "1h30m", "45m" or "2d".
func fmtLength(d time.Duration) string {
	d = d.Round(time.Minute)
	if d%(24*time.Hour) == 0 {
		return fmtDuration(d)
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%02dm", h, m)
}
