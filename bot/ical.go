package bot

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// EventCalendar returns the iCalendar file of an event named as in its
// link: "{community}-{id}-{key}". The key must match (compared in
// constant time), so ids cannot be counted to read every event. An
// unknown event or a wrong key gives [ErrNotFound].
func (b *Bot) EventCalendar(ctx context.Context, name string) ([]byte, error) {
	rest, key, ok := cutLast(name, '-')
	if !ok {
		return nil, ErrNotFound
	}
	community, id, ok := cutLast(rest, '-')
	if !ok {
		return nil, ErrNotFound
	}
	var ev *Event
	err := b.store.View(ctx, func(tx Tx) error {
		var err error
		ev, err = tx.Event(community, id)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("event calendar %s: %w", name, err)
	}
	if ev.Key == "" || subtle.ConstantTimeCompare([]byte(ev.Key), []byte(key)) != 1 {
		return nil, ErrNotFound
	}
	return ICS(ev, b.now()), nil
}

// cutLast splits s around the last sep.
func cutLast(s string, sep byte) (before, after string, found bool) {
	i := strings.LastIndexByte(s, sep)
	if i <= 0 || i == len(s)-1 {
		return "", "", false
	}
	return s[:i], s[i+1:], true
}

// ICS renders an event as an RFC 5545 calendar: one VEVENT with the
// VTIMEZONE of its zone (built from Go's zone data: the transitions in
// the year either side of the start; none for UTC), CRLF line endings,
// lines folded at 75 octets, TEXT values escaped. stamp is the DTSTAMP.
// URL is the place, when the place is a web link.
func ICS(ev *Event, stamp time.Time) []byte {
	var w icsWriter
	loc := ev.Location()
	utc := loc.String() == "UTC"
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	w.line("PRODID:-//rete//events//EN")
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:PUBLISH")
	if !utc {
		writeVTimezone(&w, loc, ev.Start)
	}
	w.line("BEGIN:VEVENT")
	w.line("UID:" + EventPublicID(ev.Community, ev.ID) + "@rete")
	w.line("DTSTAMP:" + stamp.UTC().Format("20060102T150405Z"))
	dt := func(name string, t time.Time) {
		if utc {
			w.line(name + ":" + t.UTC().Format("20060102T150405Z"))
		} else {
			w.line(name + ";TZID=" + loc.String() + ":" + t.In(loc).Format("20060102T150405"))
		}
	}
	dt("DTSTART", ev.Start)
	if ev.Duration > 0 {
		dt("DTEND", ev.End())
	}
	w.line("SEQUENCE:" + strconv.Itoa(ev.Edits))
	w.line("SUMMARY:" + icsText(ev.Title))
	if ev.Place != "" {
		w.line("LOCATION:" + icsText(ev.Place))
	}
	if ev.Details != "" {
		w.line("DESCRIPTION:" + icsText(ev.Details))
	}
	if u := ev.PlaceURL(); u != "" {
		w.line("URL:" + u)
	}
	if ev.Canceled {
		w.line("STATUS:CANCELLED")
	} else {
		w.line("STATUS:CONFIRMED")
	}
	w.line("END:VEVENT")
	w.line("END:VCALENDAR")
	return []byte(w.b.String())
}

// icsWriter writes content lines folded at 75 octets, ending in CRLF.
type icsWriter struct{ b strings.Builder }

func (w *icsWriter) line(s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.b.WriteString(s[:cut])
		w.b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // after the leading space
	}
	w.b.WriteString(s)
	w.b.WriteString("\r\n")
}

// icsText escapes a TEXT value: backslash, semicolon, comma, new line.
func icsText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// zoneTransition is a change of a zone's offset.
type zoneTransition struct {
	at       time.Time // the first instant of the new offset
	from, to int       // offsets in seconds east of UTC
	name     string    // abbreviation after the change
	dst      bool      // daylight saving time after the change
}

// zoneTransitions finds the offset changes of loc in (lo, hi]: it steps by
// a day and bisects to the second. Zone changes are months apart.
func zoneTransitions(loc *time.Location, lo, hi time.Time) []zoneTransition {
	var out []zoneTransition
	offAt := func(t time.Time) int { _, off := t.In(loc).Zone(); return off }
	prev := lo
	for t := lo.Add(24 * time.Hour); !prev.After(hi); t = t.Add(24 * time.Hour) {
		if a, b := offAt(prev), offAt(t); a != b {
			l, h := prev, t // offAt(l) == a, offAt(h) != a
			for h.Sub(l) > time.Second {
				m := l.Add(h.Sub(l) / 2).Truncate(time.Second)
				if offAt(m) == a {
					l = m
				} else {
					h = m
				}
			}
			name, off := h.In(loc).Zone()
			out = append(out, zoneTransition{at: h, from: a, to: off, name: name, dst: h.In(loc).IsDST()})
		}
		prev = t
	}
	return out
}

// writeVTimezone writes loc's VTIMEZONE: the observance in force a year
// before start when no change precedes start in that year, then every
// change from a year before to a year after start.
func writeVTimezone(w *icsWriter, loc *time.Location, start time.Time) {
	lo, hi := start.AddDate(-1, 0, 0).Truncate(time.Hour), start.AddDate(1, 0, 0)
	trs := zoneTransitions(loc, lo, hi)
	if len(trs) == 0 || trs[0].at.After(start) {
		name, off := lo.In(loc).Zone()
		base := zoneTransition{at: lo, from: off, to: off, name: name, dst: lo.In(loc).IsDST()}
		trs = append([]zoneTransition{base}, trs...)
	}
	w.line("BEGIN:VTIMEZONE")
	w.line("TZID:" + loc.String())
	for _, tr := range trs {
		kind := "STANDARD"
		if tr.dst {
			kind = "DAYLIGHT"
		}
		w.line("BEGIN:" + kind)
		// The onset is given in the local time in force before it.
		w.line("DTSTART:" + tr.at.UTC().Add(time.Duration(tr.from)*time.Second).Format("20060102T150405"))
		w.line("TZOFFSETFROM:" + icsOffset(tr.from))
		w.line("TZOFFSETTO:" + icsOffset(tr.to))
		if tr.name != "" {
			w.line("TZNAME:" + icsText(tr.name))
		}
		w.line("END:" + kind)
	}
	w.line("END:VTIMEZONE")
}

// icsOffset writes an offset as +HHMM (or +HHMMSS).
func icsOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
