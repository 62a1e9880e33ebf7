package bot

import (
	"strconv"
	"strings"
	"time"
)

// Durations members type and read. Typed: a count and a unit of days or
// weeks, short or spelled out in English or Italian ("10d", "10g", "2w",
// "10 days", "1 giorno", "2 settimane"). "2s" is not weeks: Go reads it
// as seconds, so Italian weeks are spelled out. Read: whole words in the
// reader's language, with the right plural ("1 day", "3 giorni").

const (
	day  = 24 * time.Hour
	week = 7 * day
)

// dayUnits maps each accepted unit to its length.
var dayUnits = map[string]time.Duration{
	"d": day, "day": day, "days": day, "g": day, "giorno": day, "giorni": day,
	"w": week, "week": week, "weeks": week, "settimana": week, "settimane": week,
}

// parseDays reads a positive count of days or weeks: "10d", "2 weeks",
// "3 giorni".
func parseDays(v string) (time.Duration, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	i := strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' })
	if i <= 0 {
		return 0, false
	}
	n, err := strconv.Atoi(v[:i])
	unit, ok := dayUnits[strings.TrimSpace(v[i:])]
	if err != nil || !ok || n <= 0 || n > 10000 {
		return 0, false
	}
	return time.Duration(n) * unit, true
}

// sayDuration says d in words: "2 weeks", "3 giorni", "1 hour", "90
// minutes". Lengths of two days or more are rounded to whole days. A
// time.Duration in [Args] is rendered so.
func (c *Catalog) sayDuration(lang Lang, d time.Duration) string {
	say := func(key string, unit time.Duration) string {
		return c.String(lang, key, Args{"n": int((d + unit/2) / unit)})
	}
	switch {
	case d >= week && d%week == 0:
		return say("msg.weeks", week)
	case d%day == 0 && d > 0 || d >= 2*day:
		return say("msg.days", day)
	case d%time.Hour == 0 && d > 0 || d >= 2*time.Hour:
		return say("msg.hours", time.Hour)
	}
	return say("msg.minutes", time.Minute)
}
