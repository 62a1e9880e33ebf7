package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Cadence says which firings of a community's schedule hold a round:
// every firing (weekly with a weekly cron line), the firings of every n-th
// week counted from an anchor week, or the first firing of each month.
// Weeks are counted on calendar dates, so a restart or a change of time
// zone never shifts them.
type Cadence struct {
	Weeks   int       // 1: every firing; n > 1: the firings of every n-th week
	From    time.Time // a day of the anchor week (a date at UTC midnight); zero: the week of Monday 5 January 1970
	Monthly bool      // only the first firing of each calendar month
}

// maxCadenceWeeks bounds `pairing.every`: longer gaps are better served by
// a monthly cadence.
const maxCadenceWeeks = 8

// ParseCadence reads "1w", "2w", "2w from 2026-12-07", "4w" or "monthly"
// ("weekly" is 1w).
func ParseCadence(v string) (Cadence, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	switch v {
	case "monthly":
		return Cadence{Monthly: true}, nil
	case "weekly", "":
		return Cadence{Weeks: 1}, nil
	}
	w, from, hasFrom := strings.Cut(v, " from ")
	w = strings.TrimSpace(w)
	n, err := strconv.Atoi(strings.TrimSuffix(w, "w"))
	if !strings.HasSuffix(w, "w") || err != nil || n < 1 || n > maxCadenceWeeks {
		return Cadence{}, fmt.Errorf("bad cadence %q", v)
	}
	c := Cadence{Weeks: n}
	if hasFrom {
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(from))
		if err != nil {
			return Cadence{}, fmt.Errorf("bad date %q", strings.TrimSpace(from))
		}
		if n > 1 {
			c.From = d
		}
	}
	return c, nil
}

// String is the form ParseCadence reads.
func (c Cadence) String() string {
	switch {
	case c.Monthly:
		return "monthly"
	case c.Weeks <= 1:
		return "1w"
	case c.From.IsZero():
		return fmt.Sprintf("%dw", c.Weeks)
	}
	return fmt.Sprintf("%dw from %s", c.Weeks, c.From.Format(time.DateOnly))
}

// weekIndex numbers the Monday-to-Sunday week holding the calendar date of
// t in its own location; week 0 starts on Monday 5 January 1970.
func weekIndex(t time.Time) int64 {
	days := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400
	d := days - 4 // 1970-01-05 is day 4
	if d < 0 {
		return (d - 6) / 7
	}
	return d / 7
}

// RoundTimes are the times a community's rounds are due: its schedule,
// thinned by its cadence, in its time zone.
type RoundTimes struct {
	sched Schedule
	every Cadence
	loc   *time.Location
}

// RoundTimes parses the schedule and cadence of the settings.
func (s Settings) RoundTimes() (RoundTimes, error) {
	sched, err := ParseSchedule(s.Schedule)
	if err != nil {
		return RoundTimes{}, err
	}
	every, err := ParseCadence(s.Every)
	if err != nil {
		return RoundTimes{}, err
	}
	return RoundTimes{sched: sched, every: every, loc: s.Location()}, nil
}

// holds reports whether a firing of the schedule holds a round.
func (rt RoundTimes) holds(t time.Time) bool {
	switch {
	case rt.every.Monthly:
		first := rt.sched.Next(time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, rt.loc).Add(-time.Minute), rt.loc)
		return first.Equal(t)
	case rt.every.Weeks > 1:
		var anchor int64
		if !rt.every.From.IsZero() {
			anchor = weekIndex(rt.every.From)
		}
		d := (weekIndex(t) - anchor) % int64(rt.every.Weeks)
		return d == 0
	}
	return true
}

// Next returns the first round time strictly after t, or the zero time if
// none comes within five years.
func (rt RoundTimes) Next(t time.Time) time.Time {
	end := t.AddDate(5, 0, 0)
	for n := rt.sched.Next(t, rt.loc); !n.IsZero() && n.Before(end); n = rt.sched.Next(n, rt.loc) {
		if rt.holds(n) {
			return n
		}
		// Jump to the next week or month that can hold one, so that a
		// cron line firing often does not make this loop long.
		switch {
		case rt.every.Monthly:
			n = time.Date(n.Year(), n.Month()+1, 1, 0, 0, 0, 0, rt.loc).Add(-time.Minute)
		case rt.every.Weeks > 1:
			wd := (int(n.Weekday()) + 6) % 7 // days since Monday
			n = time.Date(n.Year(), n.Month(), n.Day()-wd+7, 0, 0, 0, 0, rt.loc).Add(-time.Minute)
		}
	}
	return time.Time{}
}

// Period returns the round time a round run at t counts for: the first one
// at or after t's minute.
func (rt RoundTimes) Period(t time.Time) time.Time {
	return rt.Next(t.Truncate(time.Minute).Add(-time.Minute))
}
