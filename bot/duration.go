package bot

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// Why a length was refused: callers name the allowed range for both.
var (
	errDurationSyntax = errors.New("not a length")
	errDurationRange  = errors.New("length out of range")
)

// durationUnits are the units a length may use, short or spelled out in
// English or Italian, in nanoseconds. "s" stays seconds as in Go, so
// Italian weeks are spelled out ("2 settimane").
var durationUnits = map[string]int64{
	"w": int64(week), "week": int64(week), "weeks": int64(week), "settimana": int64(week), "settimane": int64(week),
	"d": int64(day), "day": int64(day), "days": int64(day), "g": int64(day), "giorno": int64(day), "giorni": int64(day),
	"h": int64(time.Hour), "hour": int64(time.Hour), "hours": int64(time.Hour), "ora": int64(time.Hour), "ore": int64(time.Hour),
	"m": int64(time.Minute), "min": int64(time.Minute), "minute": int64(time.Minute), "minutes": int64(time.Minute), "minuto": int64(time.Minute), "minuti": int64(time.Minute),
	"s": int64(time.Second),
}

// ParseDuration is the one reader of lengths, in the bot and its adapters:
// numbers with a unit w, d, h, m or s, one or more in a row ("2w", "10d",
// "72h", "1h30m", "1.5d"), the units also spelled out ("2 weeks", "3
// giorni"; spaces are ignored). A sign is errDurationRange, like a length too
// large for a time.Duration: counting on would wrap around to a small,
// wrong length.
func ParseDuration(v string) (time.Duration, error) {
	s := strings.ToLower(strings.Join(strings.Fields(v), ""))
	if strings.HasPrefix(s, "-") {
		return 0, errDurationRange
	}
	s = strings.TrimPrefix(s, "+")
	if s == "" {
		return 0, errDurationSyntax
	}
	var total int64
	for s != "" {
		whole, rest := cutDigits(s)
		var frac string
		if strings.HasPrefix(rest, ".") {
			frac, rest = cutDigits(rest[1:])
		}
		if whole == "" && frac == "" {
			return 0, errDurationSyntax
		}
		i := strings.IndexFunc(rest, func(r rune) bool { return r < 'a' || r > 'z' })
		if i < 0 {
			i = len(rest)
		}
		unit, ok := durationUnits[rest[:i]]
		if !ok {
			return 0, errDurationSyntax
		}
		s = rest[i:]
		n := int64(0)
		if whole != "" {
			var err error
			if n, err = strconv.ParseInt(whole, 10, 64); err != nil {
				return 0, errDurationRange // only digits: too many of them
			}
		}
		if n > math.MaxInt64/unit {
			return 0, errDurationRange
		}
		d := n * unit
		if frac != "" {
			f, _ := strconv.ParseFloat("0."+frac, 64)
			d += int64(f * float64(unit)) // less than one unit: fits
		}
		if d > math.MaxInt64-total {
			return 0, errDurationRange
		}
		total += d
	}
	return time.Duration(total), nil
}

// cutDigits splits the leading ASCII digits off s.
func cutDigits(s string) (digits, rest string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i], s[i:]
}

// durationIn reads a length that must lie within [lo, hi]; zero, negative
// and huge lengths are errDurationRange.
func durationIn(v string, lo, hi time.Duration) (time.Duration, error) {
	d, err := ParseDuration(v)
	if err != nil {
		return 0, err
	}
	if d <= 0 || d < lo || d > hi {
		return 0, errDurationRange
	}
	return d, nil
}

// fmtDuration prints d as a moderator would type it: "3d", "2h", "1h30m",
// "90s"; what it prints reads back with ParseDuration. Weeks stay days
// ("14d") so the setting reads the same way it is usually typed.
func fmtDuration(d time.Duration) string {
	if d < time.Second {
		return "0m"
	}
	var b strings.Builder
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{day, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := d / u.unit; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10) + u.name)
			d -= n * u.unit
		}
	}
	return b.String() // below a second is dropped: no setting is that fine

}
