package bot

import (
	"fmt"
	"time"
)

// Day is a calendar day shown to a member, as an [Args] value: "Fri 11
// Dec 2026", "venerdì 11 dicembre 2026". Convert it to the reader's zone
// first. Italian names the weekday, so templates say "fino a {date}" and
// need no article ("fino all'11").
type Day time.Time

// Moment is a day and a time with its zone, as an [Args] value: "Mon 30
// Nov 2026, 09:00 UTC", "lunedì 30 novembre 2026, 09:00 UTC". Convert it
// to the reader's zone first.
type Moment time.Time

var (
	itWeekdays = [...]string{"domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"}
	itMonths   = [...]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"}
)

// sayDay writes the day of t in lang: the one date format of each
// language, used wherever a member reads a date.
func sayDay(lang Lang, t time.Time) string {
	if lang == LangIT {
		return fmt.Sprintf("%s %d %s %d", itWeekdays[t.Weekday()], t.Day(), itMonths[t.Month()-1], t.Year())
	}
	return t.Format("Mon 2 Jan 2006")
}

// sayMoment writes the day, time and zone of t in lang.
func sayMoment(lang Lang, t time.Time) string {
	zone, _ := t.Zone()
	return sayDay(lang, t) + ", " + t.Format("15:04") + " " + zone
}

// SayMoment is [Moment] in lang for readers outside the catalog's
// sentences (the dashboard's tables).
func SayMoment(lang Lang, t time.Time) string { return sayMoment(lang, t) }
