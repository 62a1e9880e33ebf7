package bot

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// Schedule is a parsed five-field cron line: minute, hour, day of month,
// month, day of week. Fields accept *, numbers, ranges (1-5), lists (1,3),
// steps (*/15, 1-10/2) and the names JAN-DEC and SUN-SAT (MON, ...).
// As in cron, when both day fields are restricted a day matches either.
type Schedule struct {
	min, hour, dom, month, dow uint64
	domStar, dowStar           bool
}

var monthNames = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}
var dayNames = []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}

// ParseSchedule parses a cron line such as "0 9 * * MON".
func ParseSchedule(line string) (Schedule, error) {
	f := strings.Fields(line)
	if len(f) != 5 {
		return Schedule{}, fmt.Errorf("schedule %q: want 5 fields (minute hour day month weekday), e.g. \"0 9 * * MON\"", line)
	}
	var s Schedule
	var err error
	type field struct {
		dst      *uint64
		min, max int
		names    []string
		nameBase int
	}
	fields := []field{
		{&s.min, 0, 59, nil, 0},
		{&s.hour, 0, 23, nil, 0},
		{&s.dom, 1, 31, nil, 0},
		{&s.month, 1, 12, monthNames, 1},
		{&s.dow, 0, 7, dayNames, 0},
	}
	for i, fd := range fields {
		if *fd.dst, err = parseCronField(f[i], fd.min, fd.max, fd.names, fd.nameBase); err != nil {
			return Schedule{}, fmt.Errorf("schedule %q: field %d: %w", line, i+1, err)
		}
	}
	if s.dow&(1<<7) != 0 { // 7 is Sunday too
		s.dow |= 1
	}
	s.domStar = f[2] == "*"
	s.dowStar = f[4] == "*"
	if why := s.neverFires(); why != "" {
		return Schedule{}, &neverFiresError{line: line, why: why, day: bits.TrailingZeros64(s.dom)}
	}
	return s, nil
}

// neverFiresError is a schedule no day matches; `config` names the day in
// the reader's language.
type neverFiresError struct {
	line, why string
	day       int
}

func (e *neverFiresError) Error() string {
	return fmt.Sprintf("schedule %q never fires: %s", e.line, e.why)
}

// tooOftenError is a schedule that fires more than once a day. A round
// asks members to meet and answer a follow-up: more than one a day only
// spams them, and no community pairs that often.
type tooOftenError struct {
	line   string
	n      int  // firings a day
	digest bool // the digest's schedule, not the rounds'
}

func (e *tooOftenError) Error() string {
	what := "round"
	if e.digest {
		what = "digest"
	}
	return fmt.Sprintf("schedule %q fires %d times a day; at most one %s a day: give one minute and one hour, e.g. \"0 9 * * MON\"", e.line, e.n, what)
}

// perDay is how many times the schedule fires on a day it matches.
func (s Schedule) perDay() int { return bits.OnesCount64(s.min) * bits.OnesCount64(s.hour) }

// monthDays is the longest each month gets (February in a leap year).
var monthDays = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// neverFires says why no day ever matches ("February has no 31st"), or ""
// when one does. Only days of the month can be impossible: every month
// has every weekday, and when both day fields are set either one matches.
func (s Schedule) neverFires() string {
	if !s.dowStar || s.domStar {
		return ""
	}
	months := 0
	for m := 1; m <= 12; m++ {
		if s.month&(1<<uint(m)) == 0 {
			continue
		}
		months++
		if s.dom&(1<<uint(monthDays[m]+1)-1) != 0 {
			return ""
		}
	}
	first := bits.TrailingZeros64(s.dom)
	if months == 1 {
		m := bits.TrailingZeros64(s.month)
		return fmt.Sprintf("%s has no %s", time.Month(m), ordinal(first))
	}
	return fmt.Sprintf("none of its months has a %s", ordinal(first))
}

// ordinal writes 29th, 30th, 31st.
func ordinal(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return fmt.Sprintf("%dth", n)
	case n%10 == 1:
		return fmt.Sprintf("%dst", n)
	case n%10 == 2:
		return fmt.Sprintf("%dnd", n)
	case n%10 == 3:
		return fmt.Sprintf("%drd", n)
	}
	return fmt.Sprintf("%dth", n)
}

func parseCronField(f string, min, max int, names []string, nameBase int) (uint64, error) {
	var set uint64
	num := func(v string) (int, error) {
		for i, n := range names {
			if strings.EqualFold(v, n) {
				return i + nameBase, nil
			}
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < min || n > max {
			return 0, fmt.Errorf("%q is not between %d and %d", v, min, max)
		}
		return n, nil
	}
	for _, part := range strings.Split(f, ",") {
		step := 1
		if i := strings.IndexByte(part, '/'); i >= 0 {
			n, err := strconv.Atoi(part[i+1:])
			if err != nil || n <= 0 {
				return 0, fmt.Errorf("bad step in %q", part)
			}
			step, part = n, part[:i]
		}
		lo, hi := min, max
		switch {
		case part == "*":
		case strings.Contains(part, "-"):
			a, b, _ := strings.Cut(part, "-")
			var err error
			if lo, err = num(a); err != nil {
				return 0, err
			}
			if hi, err = num(b); err != nil {
				return 0, err
			}
			if lo > hi {
				return 0, fmt.Errorf("empty range %q", part)
			}
		default:
			n, err := num(part)
			if err != nil {
				return 0, err
			}
			lo, hi = n, n
			if step > 1 {
				hi = max
			}
		}
		for v := lo; v <= hi; v += step {
			set |= 1 << uint(v)
		}
	}
	if set == 0 {
		return 0, fmt.Errorf("%q matches nothing", f)
	}
	return set, nil
}

func (s Schedule) dayMatches(t time.Time) bool {
	dom := s.dom&(1<<uint(t.Day())) != 0
	dow := s.dow&(1<<uint(t.Weekday())) != 0
	switch {
	case s.domStar && s.dowStar:
		return true
	case s.domStar:
		return dow
	case s.dowStar:
		return dom
	}
	return dom || dow
}

// Next returns the first time strictly after t that matches, in loc.
// A wall time that does not exist (a DST gap) is skipped; one that exists
// twice fires at its first occurrence. Next returns the zero time if nothing
// matches within five years (ParseSchedule refuses a day that never comes).
func (s Schedule) Next(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc).Truncate(time.Minute).Add(time.Minute)
	end := t.AddDate(5, 0, 0)
	// set moves t forward; a wall time in a DST gap may normalise backwards,
	// so never let t go back.
	set := func(n time.Time) {
		if !n.After(t) {
			n = t.Add(time.Hour).Truncate(time.Hour)
		}
		t = n
	}
	for t.Before(end) {
		if s.month&(1<<uint(t.Month())) == 0 {
			set(time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, loc))
			continue
		}
		if !s.dayMatches(t) {
			set(time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc))
			continue
		}
		if s.hour&(1<<uint(t.Hour())) == 0 {
			next := nextBit(s.hour, t.Hour())
			if next < 0 {
				set(time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc))
			} else {
				set(time.Date(t.Year(), t.Month(), t.Day(), next, 0, 0, 0, loc))
			}
			continue
		}
		if s.min&(1<<uint(t.Minute())) == 0 {
			next := nextBit(s.min, t.Minute())
			if next < 0 {
				set(time.Date(t.Year(), t.Month(), t.Day(), t.Hour()+1, 0, 0, 0, loc))
			} else {
				set(time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), next, 0, 0, loc))
			}
			continue
		}
		return t
	}
	return time.Time{}
}

// nextBit returns the lowest set bit above from, or -1.
func nextBit(set uint64, from int) int {
	rest := set &^ (1<<uint(from+1) - 1)
	if rest == 0 {
		return -1
	}
	return bits.TrailingZeros64(rest)
}
