package bot

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
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
// [Bot.eventPostSent]); an RSVP, a change or a cancellation then edits
// every recorded post on platforms whose messenger is an [Editor]. Edits
// are best effort (a failure is logged): the next change edits again.
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

// splitEventLine splits "TITLE | WHEN | PLACE [| DETAILS]" on '|', except
// inside <...> (Slack sends links as <url|label>).
func splitEventLine(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '<':
			depth++
		case '>':
			depth = max(0, depth-1)
		case '|':
			if depth == 0 {
				parts = append(parts, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(parts, strings.TrimSpace(s[start:]))
}

// parseAnnounce validates the argument of `announce`.
func parseAnnounce(arg string, now time.Time, def *time.Location) (*eventFields, error) {
	parts := splitEventLine(arg)
	if len(parts) < 3 || len(parts) > 4 {
		return nil, usageErr("err.event_fields", nil)
	}
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
// control characters, not too long; only details may be empty. A place
// given as a Slack link <url> or <url|label> becomes the url.
func checkEventText(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return "", usageErr("err.event_control", Args{"field": eventFieldTerms[field]})
		}
	}
	if field == "place" && strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") {
		link, _, _ := strings.Cut(s[1:len(s)-1], "|")
		if webLink(link) != "" {
			s = link
		}
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

// parseWhen reads WHEN: a date ("2026-12-10", "10/12/2026", "tomorrow",
// "domani", "today", "oggi") and a time ("18:30"), then optionally an IANA
// zone ("Europe/London"; default def) and a length ("for 2h", "per 90m").
// It refuses dates that do not exist (31/02), wall times that the zone
// skips (a DST gap) or repeats (the hour after clocks go back), times in
// the past or more than two years ahead.
func parseWhen(s string, now time.Time, def *time.Location) (time.Time, string, time.Duration, error) {
	words := strings.Fields(s)
	bad := usageErr("err.event_when", Args{"when": s})
	if len(words) < 2 {
		return time.Time{}, "", 0, bad
	}
	loc, rest := def, words[2:]
	if len(rest) > 0 && !isDurationWord(rest[0]) {
		z, err := ParseTimezone(fixZoneCase(rest[0]))
		if err != nil {
			return time.Time{}, "", 0, usageErr("err.event_zone", Args{"zone": rest[0]})
		}
		loc, _ = time.LoadLocation(z)
		rest = rest[1:]
	}
	var dur time.Duration
	if len(rest) > 0 {
		if len(rest) != 2 || !isDurationWord(rest[0]) {
			return time.Time{}, "", 0, bad
		}
		d, err := parseDuration(rest[1])
		if err != nil || d <= 0 || d > MaxEventDuration {
			return time.Time{}, "", 0, usageErr("err.event_duration", Args{"duration": rest[1]})
		}
		dur = d
	}
	y, mo, d, err := parseEventDate(words[0], now.In(loc))
	if err != nil {
		if e, ok := err.(*Error); ok && e.Key == "err.event_when" {
			return time.Time{}, "", 0, bad // name all of WHEN, not its first word
		}
		return time.Time{}, "", 0, err
	}
	hh, mm, ok := parseClock(words[1])
	if !ok {
		return time.Time{}, "", 0, bad
	}
	if t := time.Date(y, mo, d, 12, 0, 0, 0, time.UTC); t.Year() != y || t.Month() != mo || t.Day() != d {
		return time.Time{}, "", 0, usageErr("err.event_date", Args{"date": words[0]})
	}
	wall := fmt.Sprintf("%04d-%02d-%02d %02d:%02d", y, mo, d, hh, mm)
	start, n := wallTimes(y, mo, d, hh, mm, loc)
	switch {
	case n == 0:
		return time.Time{}, "", 0, usageErr("err.event_gap", Args{"when": wall, "zone": loc.String()})
	case n > 1:
		return time.Time{}, "", 0, usageErr("err.event_ambiguous", Args{"when": wall, "zone": loc.String()})
	case !start.After(now):
		return time.Time{}, "", 0, usageErr("err.event_past", Args{"when": wall + " " + loc.String()})
	case start.Sub(now) > MaxEventAhead:
		return time.Time{}, "", 0, usageErr("err.event_far", Args{"when": wall})
	}
	return start, loc.String(), dur, nil
}

// isDurationWord reports whether w introduces a length: "for" or "per".
func isDurationWord(w string) bool { return strings.EqualFold(w, "for") || strings.EqualFold(w, "per") }

// parseEventDate reads the date word; today is the date of now, in the
// event's zone.
func parseEventDate(w string, today time.Time) (int, time.Month, int, error) {
	switch strings.ToLower(w) {
	case "today", "oggi":
		y, m, d := today.Date()
		return y, m, d, nil
	case "tomorrow", "domani":
		y, m, d := today.AddDate(0, 0, 1).Date()
		return y, m, d, nil
	}
	if a, rest, found := strings.Cut(w, "-"); found {
		b, c, ok := strings.Cut(rest, "-")
		if ok && len(a) == 4 && len(b) <= 2 && len(c) <= 2 { // YYYY-MM-DD
			return dateNumbers(a, b, c, w)
		}
	} else if a, rest, found := strings.Cut(w, "/"); found {
		b, c, ok := strings.Cut(rest, "/")
		if ok && len(c) == 4 && len(a) <= 2 && len(b) <= 2 { // DD/MM/YYYY
			return dateNumbers(c, b, a, w)
		}
		if !ok || len(c) < 4 {
			return 0, 0, 0, usageErr("err.event_year", Args{"date": w})
		}
	}
	return 0, 0, 0, usageErr("err.event_when", Args{"when": w})
}

// dateNumbers parses year, month and day; the result may not be a real
// date (31/02), which the caller checks.
func dateNumbers(ys, ms, ds, w string) (int, time.Month, int, error) {
	y, e1 := strconv.Atoi(ys)
	m, e2 := strconv.Atoi(ms)
	d, e3 := strconv.Atoi(ds)
	if e1 != nil || e2 != nil || e3 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, 0, 0, usageErr("err.event_date", Args{"date": w})
	}
	return y, time.Month(m), d, nil
}

// parseClock reads "18:30" or "9:05".
func parseClock(w string) (int, int, bool) {
	hs, ms, ok := strings.Cut(w, ":")
	if !ok || len(hs) < 1 || len(hs) > 2 || len(ms) != 2 {
		return 0, 0, false
	}
	h, e1 := strconv.Atoi(hs)
	m, e2 := strconv.Atoi(ms)
	if e1 != nil || e2 != nil || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, 0, false
	}
	return h, m, true
}

// wallTimes returns how many instants show the wall clock y-mo-d hh:mm in
// loc (0 in a DST gap, 2 in the repeated hour) and the first of them.
func wallTimes(y int, mo time.Month, d, hh, mm int, loc *time.Location) (time.Time, int) {
	naive := time.Date(y, mo, d, hh, mm, 0, 0, time.UTC)
	var found []time.Time
	// Offsets in force a day either side cover any transition near the
	// wall time; each candidate instant must show the wall clock back.
	for _, probe := range []time.Duration{-26 * time.Hour, 0, 26 * time.Hour} {
		_, off := naive.Add(probe).In(loc).Zone()
		t := naive.Add(-time.Duration(off) * time.Second).In(loc)
		if t.Year() == y && t.Month() == mo && t.Day() == d && t.Hour() == hh && t.Minute() == mm {
			dup := false
			for _, f := range found {
				dup = dup || f.Equal(t)
			}
			if !dup {
				found = append(found, t)
			}
		}
	}
	if len(found) == 0 {
		return time.Time{}, 0
	}
	first := found[0]
	for _, f := range found[1:] {
		if f.Before(first) {
			first = f
		}
	}
	return first, len(found)
}

// fmtEventTime shows a time in loc: "Thu 10 Dec 2026, 18:30 CET" or
// "gio 10 dic 2026, 18:30 CET".
func fmtEventTime(lang Lang, t time.Time, loc *time.Location) string {
	t = t.In(loc)
	zone, _ := t.Zone()
	if lang == LangIT {
		weekdays := [...]string{"dom", "lun", "mar", "mer", "gio", "ven", "sab"}
		months := [...]string{"gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"}
		return fmt.Sprintf("%s %d %s %d, %s %s", weekdays[t.Weekday()], t.Day(), months[t.Month()-1], t.Year(), t.Format("15:04"), zone)
	}
	return t.Format("Mon 2 Jan 2006, 15:04 ") + zone
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
