package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// whenDate is the date part of WHEN before it is pinned to a zone: a
// calendar date, a day and month (the next one to come), a day counted
// from today, or a weekday.
type whenDate struct {
	kind    whenKind
	y, d    int
	m       time.Month
	days    int          // whenRelative: days after today
	weekday time.Weekday // whenWeekday
	next    bool         // "next friday", "venerdì prossimo": not today
	word    string       // as written, for errors
}

// whenKind says which form a whenDate has.
type whenKind int

const (
	whenNone whenKind = iota
	whenFull
	whenDayMonth
	whenRelative
	whenWeekday
)

// errWhenUnread marks WHEN as a whole unreadable; parseWhen names all of
// it in the reply.
var errWhenUnread = errors.New("unreadable date")

// relativeDays are the words for today and the next days.
var relativeDays = map[string]int{"today": 0, "oggi": 0, "tomorrow": 1, "domani": 1, "dopodomani": 2}

// weekdayNames are weekdays in English and Italian, full and short.
var weekdayNames = map[string]time.Weekday{
	"sunday": time.Sunday, "sun": time.Sunday, "domenica": time.Sunday, "dom": time.Sunday,
	"monday": time.Monday, "mon": time.Monday, "lunedi": time.Monday, "lun": time.Monday,
	"tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday, "martedi": time.Tuesday, "mar": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday, "mercoledi": time.Wednesday, "mer": time.Wednesday,
	"thursday": time.Thursday, "thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "giovedi": time.Thursday, "gio": time.Thursday,
	"friday": time.Friday, "fri": time.Friday, "venerdi": time.Friday, "ven": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday, "sabato": time.Saturday, "sab": time.Saturday,
}

// whenFillers are words that only join the others: "at 6pm", "alle 18",
// "il 12/12", "on friday", "this friday".
var whenFillers = map[string]bool{"at": true, "on": true, "alle": true, "ore": true, "il": true, "this": true, "questo": true, "questa": true}

// whenNext are the words that make a weekday the one after today at the
// earliest.
var whenNext = map[string]bool{"next": true, "prossimo": true, "prossima": true}

// parseWhen reads an event's WHEN: a date and a time, in either order,
// then optionally a time zone (default def) and a length ("for 2h", "per
// 90m"). Dates: 2026-12-10, 10/12/2026, 10/12 (day first; the next one to
// come), today, tomorrow, oggi, domani, weekdays in English or Italian
// (friday, next friday, venerdì, venerdì prossimo: the next one to come,
// today if its time is still ahead, never today after "next"). Times: 19:00,
// 19.00, 19, 7pm, 7:30 pm, after "at" or "alle" if one likes. It refuses
// dates that do not exist (31/02), wall times that the zone skips (a DST
// gap) or repeats (the hour after clocks go back), times in the past or
// more than two years ahead.
func parseWhen(s string, now time.Time, def *time.Location) (time.Time, string, time.Duration, error) {
	unread := usageErr("err.when_unread", Args{"when": s})
	words := strings.Fields(s)
	var dur time.Duration
	for i, w := range words {
		if !strings.EqualFold(w, "for") && !strings.EqualFold(w, "per") {
			continue
		}
		length := strings.Join(words[i+1:], "") // "for 1h 30m"
		d, err := durationIn(length, time.Minute, MaxEventDuration)
		switch {
		case length == "":
			return time.Time{}, "", 0, unread
		case errors.Is(err, errDurationRange):
			return time.Time{}, "", 0, usageErr("err.event_duration_range", Args{"duration": length, "min": time.Minute, "max": MaxEventDuration})
		case err != nil:
			return time.Time{}, "", 0, usageErr("err.event_duration", Args{"duration": length})
		}
		dur, words = d, words[:i]
		break
	}
	date, hh, mm, loc, err := readWhenWords(words, def)
	if errors.Is(err, errWhenUnread) {
		return time.Time{}, "", 0, unread
	}
	if err != nil {
		return time.Time{}, "", 0, err
	}
	y, mo, d, err := date.resolve(now, hh, mm, loc)
	if err != nil {
		return time.Time{}, "", 0, err
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

// readWhenWords sorts the words of WHEN (without its length) into a date,
// a time and a zone. A word that is none of them is a bad zone once date
// and time are known or when it looks like one (Mars/Olympus); otherwise
// WHEN as a whole is unreadable.
func readWhenWords(words []string, def *time.Location) (date whenDate, hh, mm int, loc *time.Location, err error) {
	loc = def
	clock, zone, next := false, false, false
	words = splitWhenWords(words)
	for _, orig := range words {
		w := foldAccents(strings.ToLower(orig))
		if whenFillers[w] {
			continue
		}
		if whenNext[w] {
			next = true
			continue
		}
		dt, err := readDate(w)
		if err != nil {
			return whenDate{}, 0, 0, nil, err
		}
		if dt.kind != whenNone {
			if date.kind != whenNone {
				return whenDate{}, 0, 0, nil, errWhenUnread
			}
			date = dt
			continue
		}
		if h, m, ok := parseClock(w); ok {
			if clock {
				return whenDate{}, 0, 0, nil, errWhenUnread
			}
			hh, mm, clock = h, m, true
			continue
		}
		if z, zerr := readZone(orig); zerr == nil {
			if zone {
				return whenDate{}, 0, 0, nil, errWhenUnread
			}
			loc, zone = z, true
			continue
		}
		if date.kind != whenNone && clock || strings.ContainsRune(w, '/') && strings.ContainsFunc(w, isASCIILetter) {
			return whenDate{}, 0, 0, nil, usageErr("err.event_zone", Args{"zone": orig})
		}
		return whenDate{}, 0, 0, nil, errWhenUnread
	}
	if date.kind == whenNone || !clock || next && date.kind != whenWeekday {
		return whenDate{}, 0, 0, nil, errWhenUnread
	}
	date.next = next
	return date, hh, mm, loc, nil
}

// splitWhenWords joins "7 pm" into one word and splits
// "2026-12-10T18:30" into two.
func splitWhenWords(words []string) []string {
	var out []string
	for _, w := range words {
		lw := strings.ToLower(w)
		if n := len(out); n > 0 && (lw == "am" || lw == "pm") {
			out[n-1] += lw
			continue
		}
		if d, t, ok := strings.Cut(w, "T"); ok && len(d) == 10 && strings.Count(d, "-") == 2 && isDigits(d[:4]) && t != "" {
			out = append(out, d, t)
			continue
		}
		out = append(out, w)
	}
	return out
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// foldAccents drops the accents Italian weekdays carry (venerdì, venerdí).
func foldAccents(s string) string {
	return strings.NewReplacer("ì", "i", "í", "i", "è", "e", "é", "e").Replace(s)
}

// readDate reads one word as a date; kind whenNone when it is not one.
// A word shaped like a date but wrong is an *Error.
func readDate(w string) (whenDate, error) {
	if n, ok := relativeDays[w]; ok {
		return whenDate{kind: whenRelative, days: n}, nil
	}
	if wd, ok := weekdayNames[w]; ok {
		return whenDate{kind: whenWeekday, weekday: wd}, nil
	}
	if a, rest, found := strings.Cut(w, "-"); found {
		b, c, ok := strings.Cut(rest, "-")
		if ok && len(a) == 4 && len(b) <= 2 && len(c) <= 2 { // YYYY-MM-DD
			return dateNumbers(a, b, c, w)
		}
		return whenDate{}, nil
	}
	sep := "/"
	if strings.Count(w, ".") == 2 { // 10.12.2026; one dot is a time
		sep = "."
	}
	a, rest, found := strings.Cut(w, sep)
	if !found {
		return whenDate{}, nil
	}
	if !isDigits(a) || len(a) > 2 {
		return whenDate{}, nil
	}
	b, c, ok := strings.Cut(rest, sep)
	switch {
	case !ok: // DD/MM: the next one to come
		dt, err := dateNumbers("0", b, a, w)
		dt.kind = whenDayMonth
		return dt, err
	case len(c) == 4 && len(b) <= 2: // DD/MM/YYYY
		return dateNumbers(c, b, a, w)
	}
	return whenDate{}, usageErr("err.event_year", Args{"date": w})
}

func isDigits(s string) bool {
	d, rest := cutDigits(s)
	return d != "" && rest == ""
}

// dateNumbers parses year, month and day (the day may not exist in that
// month: 31/02 is refused, 29/02 waits for its year).
func dateNumbers(ys, ms, ds, w string) (whenDate, error) {
	y, e1 := strconv.Atoi(ys)
	m, e2 := strconv.Atoi(ms)
	d, e3 := strconv.Atoi(ds)
	if e1 != nil || e2 != nil || e3 != nil || m < 1 || m > 12 || d < 1 || d > monthDays[m] {
		return whenDate{}, usageErr("err.event_date", Args{"date": w})
	}
	return whenDate{kind: whenFull, y: y, m: time.Month(m), d: d, word: w}, nil
}

// resolve pins the date down in loc, given the time of day.
func (wd whenDate) resolve(now time.Time, hh, mm int, loc *time.Location) (int, time.Month, int, error) {
	today := now.In(loc)
	ahead := func(y int, m time.Month, d int) bool { // the wall time comes after now
		return time.Date(y, m, d, hh, mm, 0, 0, loc).After(now)
	}
	switch wd.kind {
	case whenRelative:
		y, m, d := today.AddDate(0, 0, wd.days).Date()
		return y, m, d, nil
	case whenWeekday:
		for i := 0; i < 8; i++ {
			y, m, d := today.AddDate(0, 0, i).Date()
			if time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Weekday() == wd.weekday && (i > 0 || !wd.next && ahead(y, m, d)) {
				return y, m, d, nil
			}
		}
	case whenDayMonth:
		for y := today.Year(); y <= today.Year()+4; y++ { // 29/02 may wait for a leap year
			if realDate(y, wd.m, wd.d) && ahead(y, wd.m, wd.d) {
				return y, wd.m, wd.d, nil
			}
		}
	}
	if !realDate(wd.y, wd.m, wd.d) {
		return 0, 0, 0, usageErr("err.event_date", Args{"date": wd.word})
	}
	return wd.y, wd.m, wd.d, nil
}

// realDate reports whether y-m-d is on the calendar.
func realDate(y int, m time.Month, d int) bool {
	t := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	return t.Year() == y && t.Month() == m && t.Day() == d
}

// parseClock reads a time of day: "18:30", "9:05", "18.30", "18", "18h30",
// "7pm", "7:30pm", "12am" (midnight), "noon", "mezzogiorno".
func parseClock(w string) (int, int, bool) {
	switch w {
	case "noon", "mezzogiorno":
		return 12, 0, true
	case "midnight", "mezzanotte":
		return 0, 0, true
	}
	half := ""
	if rest, ok := strings.CutSuffix(w, "am"); ok {
		w, half = rest, "am"
	} else if rest, ok := strings.CutSuffix(w, "pm"); ok {
		w, half = rest, "pm"
	}
	hs, ms := w, "00"
	if i := strings.IndexAny(w, ":.h"); i >= 0 {
		hs, ms = w[:i], w[i+1:]
		if ms == "" && w[i] == 'h' { // 18h
			ms = "00"
		}
	}
	if len(hs) < 1 || len(hs) > 2 || len(ms) != 2 || !isDigits(hs) || !isDigits(ms) {
		return 0, 0, false
	}
	h, _ := strconv.Atoi(hs)
	m, _ := strconv.Atoi(ms)
	if m > 59 {
		return 0, 0, false
	}
	switch {
	case half == "" && h <= 23:
		return h, m, true
	case half != "" && h >= 1 && h <= 12:
		h %= 12
		if half == "pm" {
			h += 12
		}
		return h, m, true
	}
	return 0, 0, false
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
