package bot

import "time"

// Durations members read: whole words in the reader's language, with the
// right plural ("1 day", "3 giorni"). [ParseDuration] reads what they type.

const (
	day  = 24 * time.Hour
	week = 7 * day
)

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
