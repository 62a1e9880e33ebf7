package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// WorkHours is a member's working day in their own zone, in minutes
// from local midnight: [Start, End).
type WorkHours struct{ Start, End int }

// DefaultWorkHours is the working day of a member who set none: 09–18,
// the day the matcher's overlap reason counts too.
var DefaultWorkHours = WorkHours{Start: 9 * 60, End: 18 * 60}

// SlotLength is how long a proposed meeting lasts.
const SlotLength = 30 * time.Minute

// slotSearch is how far ahead of a round meeting slots are looked for:
// the days of the week after the intro, and before the next round.
const slotSearch = 7 * 24 * time.Hour

// slotsUntil is when the slots of a round run at from must end: a week
// after the first one could start, or the next round if sooner, so that
// a call is not proposed on top of the next pairing (whose buttons end
// this one's). A late round close to the next may so get no slot.
func slotsUntil(from, next time.Time) time.Time {
	until := from.Add(slotLead + slotSearch)
	if !next.IsZero() && next.Before(until) {
		until = next
	}
	return until
}

// slotLead keeps the first slot off the day of the intro: members need
// a few hours to read it and plan.
const slotLead = 12 * time.Hour

// ParseWorkHours reads `hours 8-16`: whole or half hours ("8:30-17",
// "08:00-16:30"), between 0 and 24, the start before the end and at
// least one slot apart.
func ParseWorkHours(s string) (WorkHours, error) {
	a, b, ok := strings.Cut(strings.ReplaceAll(strings.TrimSpace(s), "–", "-"), "-")
	if !ok {
		return WorkHours{}, fmt.Errorf("working hours %q: want START-END", s)
	}
	start, err1 := parseWorkClock(a)
	end, err2 := parseWorkClock(b)
	switch {
	case err1 != nil || err2 != nil:
		return WorkHours{}, fmt.Errorf("working hours %q: want hours such as 8-16 or 8:30-17", s)
	case end-start < int(SlotLength/time.Minute):
		return WorkHours{}, fmt.Errorf("working hours %q: the day must end after it starts", s)
	}
	return WorkHours{Start: start, End: end}, nil
}

// parseWorkClock reads "8", "08", "8:30" or "24" as minutes from midnight, on
// the half hour.
func parseWorkClock(s string) (int, error) {
	hs, ms, _ := strings.Cut(strings.TrimSpace(s), ":")
	h, err := strconv.Atoi(hs)
	if err != nil || h < 0 || h > 24 || len(hs) > 2 {
		return 0, fmt.Errorf("bad hour %q", s)
	}
	m := 0
	if ms != "" {
		if m, err = strconv.Atoi(ms); err != nil || len(ms) != 2 || m%30 != 0 || m >= 60 {
			return 0, fmt.Errorf("bad minutes %q", s)
		}
	}
	if h == 24 && m != 0 {
		return 0, fmt.Errorf("bad hour %q", s)
	}
	return h*60 + m, nil
}

// String writes the hours as `hours` reads them: "8-16", "8:30-17".
func (h WorkHours) String() string {
	clock := func(m int) string {
		if m%60 == 0 {
			return strconv.Itoa(m / 60)
		}
		return fmt.Sprintf("%d:%02d", m/60, m%60)
	}
	return clock(h.Start) + "-" + clock(h.End)
}

// WorkHours returns the member's working hours, the default when unset.
func (m *Member) WorkHours() WorkHours {
	if h, err := ParseWorkHours(m.Profile.Hours); err == nil {
		return h
	}
	return DefaultWorkHours
}

// Workday is when one member can meet: their zone and working hours, on
// the working days of their zone ([weekendOf]).
type Workday struct {
	Loc   *time.Location
	Hours WorkHours
}

// fits reports whether a slot starting at t lies inside the working day,
// on a weekday, in the member's own zone: the zone's rules of that date,
// so a daylight saving change is counted where it happens.
func (w Workday) fits(t time.Time) bool {
	lo, hi := t.In(w.Loc), t.Add(SlotLength).In(w.Loc)
	if weekendOf(w.Loc).has(lo.Weekday()) {
		return false
	}
	start := lo.Hour()*60 + lo.Minute()
	end := hi.Hour()*60 + hi.Minute()
	if hi.YearDay() != lo.YearDay() {
		end += 24 * 60
	}
	return start >= w.Hours.Start && end <= w.Hours.End
}

// ProposeSlots returns up to two meeting times, SlotLength long, inside
// every member's working hours on working days, from slotLead after from
// until until: the first on the earliest day they share, the second on a
// later day that is another weekday for each of them. Within a day's shared
// hours a slot starts an hour in when the hours allow, not at the first
// minute. None when the members share no working time then.
func ProposeSlots(days []Workday, from, until time.Time) []time.Time {
	if len(days) == 0 {
		return nil
	}
	step := SlotLength
	t := from.Add(slotLead).Truncate(step)
	if t.Before(from.Add(slotLead)) {
		t = t.Add(step)
	}
	fitsAll := func(t time.Time) bool {
		for _, d := range days {
			if !d.fits(t) {
				return false
			}
		}
		return true
	}
	var out []time.Time
	for !t.Add(SlotLength).After(until) && len(out) < 2 {
		if !fitsAll(t) {
			t = t.Add(step)
			continue
		}
		// t opens a window of shared time: find where it closes.
		last := t
		for fitsAll(last.Add(step)) && !last.Add(step+SlotLength).After(until) {
			last = last.Add(step)
		}
		pick := t.Add(min(time.Hour, last.Sub(t)/2).Truncate(step))
		if len(out) == 0 || otherDay(days, out[0], pick) {
			out = append(out, pick)
		}
		t = last.Add(step)
	}
	return out
}

// otherDay reports whether b falls on another weekday than a for every
// member (within the week searched, another date too).
func otherDay(days []Workday, a, b time.Time) bool {
	for _, d := range days {
		if a.In(d.Loc).Weekday() == b.In(d.Loc).Weekday() {
			return false
		}
	}
	return true
}
