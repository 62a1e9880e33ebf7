package bot

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// errKey returns the catalog key of a member-facing error, or "".
func errKey(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

func TestParseDurationRefusesOverflow(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		in   string
		want time.Duration
		err  error
	}{
		{"2w", 14 * day, nil},
		{"10d", 10 * day, nil},
		{"3D", 3 * day, nil},
		{"72h", 72 * time.Hour, nil},
		{"90m", 90 * time.Minute, nil},
		{"1h30m", 90 * time.Minute, nil},
		{"1h30m0s", 90 * time.Minute, nil}, // what fmtDuration prints
		{"1d12h", 36 * time.Hour, nil},
		{"1.5d", 36 * time.Hour, nil},
		{".5h", 30 * time.Minute, nil},
		{" 2w ", 14 * day, nil},
		{"0d", 0, nil}, // a length; callers want a range
		{"", 0, errDurationSyntax},
		{"d", 0, errDurationSyntax},
		{"10", 0, errDurationSyntax},
		{"1.5", 0, errDurationSyntax},
		{"2 w", 14 * 24 * time.Hour, nil},
		{"2x", 0, errDurationSyntax},
		{"1ms", 0, errDurationSyntax},
		{"soon", 0, errDurationSyntax},
		{"-1d", 0, errDurationRange},
		{"-1h", 0, errDurationRange},
		{"281474976710657d", 0, errDurationRange},                         // wrapped to 1d before
		{"15250w", 15250 * 7 * day, nil}, {"15251w", 0, errDurationRange}, // time.Duration ends at about 15250w
		{"2562048h", 0, errDurationRange},
		{"9223372036854775807h", 0, errDurationRange},
		{"99999999999999999999999d", 0, errDurationRange},
		{"106751d106751d", 0, errDurationRange}, // each fits, the sum does not
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
	for _, in := range []string{"0d", "0h0m", "-2h", "59m", "7d1m"} {
		if _, err := durationIn(in, time.Hour, 7*day); !errors.Is(err, errDurationRange) {
			t.Errorf("durationIn(%q, 1h, 7d): %v, want out of range", in, err)
		}
	}
}

func TestConfigDurationsNameTheirRange(t *testing.T) {
	tests := []struct{ key, value, want string }{
		{"pairing.followup_after", "281474976710657d", "out of range; want a length from 1 hour to 6 days"},
		{"intros.expire_after", "-3d", "out of range; want a length from 1 hour to 30 days"},
		{"events.remind_before", "0h", "out of range; want a length from 1 hour to 1 week"},
		{"events.remind_before", "1 fortnight", `bad duration "1 fortnight"; want a length from 1 hour to 1 week`},
	}
	for _, tt := range tests {
		s := DefaultSettings()
		if err := s.Set(tt.key, tt.value); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Set(%s, %q): %v, want …%s…", tt.key, tt.value, err, tt.want)
		}
		if s.FollowupAfter != DefaultSettings().FollowupAfter {
			t.Errorf("Set(%s, %q) changed followup_after", tt.key, tt.value)
		}
	}
	s := DefaultSettings()
	if err := s.Set("intros.expire_after", "2w"); err != nil || s.IntroExpireAfter != 14*24*time.Hour {
		t.Errorf("intros.expire_after 2w: %v, %v", err, s.IntroExpireAfter)
	}
}

func TestParsePauseLengths(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	tests := []struct {
		in   string
		want time.Duration // after now
		key  string
	}{
		{"1w", 7 * day, ""},
		{"10d", 10 * day, ""},
		{"2w", 14 * day, ""},
		{"2W", 14 * day, ""},
		{"48h", 2 * day, ""},
		{"52w", 364 * day, ""},
		{"365d", 365 * day, ""},
		{"366d", 0, "err.pause_range"},
		{"53w", 0, "err.pause_range"},
		{"281474976710657d", 0, "err.pause_range"},
		{"0d", 0, "err.pause_range"},
		{"-3d", 0, "err.pause_range"},
		{"12h", 0, "err.pause_range"},
		{"soon", 0, "err.pause_bad"},
		{"1.5", 0, "err.pause_bad"},
	}
	for _, tt := range tests {
		got, err := parsePause(tt.in, now, time.UTC)
		if errKey(err) != tt.key || tt.key == "" && !got.Equal(now.Add(tt.want)) {
			t.Errorf("parsePause(%q) = %v, %v; want +%v, %q", tt.in, got, err, tt.want, tt.key)
		}
	}
	if _, err := parsePause("until 2028-01-01", now, time.UTC); errKey(err) != "err.pause_long" {
		t.Errorf("until more than a year ahead: %v", err)
	}
}

func TestParseTimezoneReadsEveryZoneOneWay(t *testing.T) {
	tests := []struct{ in, want string }{
		{"UTC", "UTC"},
		{"utc", "UTC"},
		{"Z", "UTC"},
		{"Etc/UTC", "UTC"},
		{"gmt", "GMT"},
		{"Europe/Rome", "Europe/Rome"},
		{"europe/rome", "Europe/Rome"},
		{"EUROPE/ROME", "Europe/Rome"},
		{" Europe/Rome ", "Europe/Rome"},
		{"america/new_york", "America/New_York"},
		{"america/port-au-prince", "America/Port-au-Prince"},
		{"america/port_of_spain", "America/Port_of_Spain"},
		{"africa/dar_es_salaam", "Africa/Dar_es_Salaam"},
		{"us/eastern", "US/Eastern"},
		{"etc/gmt+1", "Etc/GMT+1"},
		{"cet", "CET"},
		{"", ""},
		{"Local", ""},
		{"local", ""},
		{"Mars/Olympus", ""},
		{"19:00", ""},
		{"../../etc/passwd", ""},
	}
	for _, tt := range tests {
		got, err := ParseTimezone(tt.in)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("ParseTimezone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestParseWhen(t *testing.T) {
	rome, _ := time.LoadLocation("Europe/Rome")
	// Friday 27 November 2026, 11:00 in Rome.
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	at := func(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, rome) }
	tests := []struct {
		in   string
		want time.Time
		tz   string
		dur  time.Duration
		key  string
	}{
		{in: "2026-12-10 18:30", want: at(2026, 12, 10, 18, 30)},
		{in: "2026-12-10T18:30", want: at(2026, 12, 10, 18, 30)},
		{in: "10/12/2026 18:30", want: at(2026, 12, 10, 18, 30)},
		{in: "10.12.2026 18:30", want: at(2026, 12, 10, 18, 30)},
		{in: "12/12 18:30", want: at(2026, 12, 12, 18, 30)},
		{in: "1/3 9:05", want: at(2027, 3, 1, 9, 5)},
		{in: "27/11 10:00", want: at(2027, 11, 27, 10, 0)}, // today's has passed: next year's
		{in: "27/11 19:00", want: at(2026, 11, 27, 19, 0)},
		{in: "29/02 12:00", want: at(2028, 2, 29, 12, 0)},
		{in: "today 19:00", want: at(2026, 11, 27, 19, 0)},
		{in: "oggi alle 19", want: at(2026, 11, 27, 19, 0)},
		{in: "tomorrow 18:30", want: at(2026, 11, 28, 18, 30)},
		{in: "domani alle 18", want: at(2026, 11, 28, 18, 0)},
		{in: "domani 18.30", want: at(2026, 11, 28, 18, 30)},
		{in: "domani 18h30", want: at(2026, 11, 28, 18, 30)},
		{in: "dopodomani 9", want: at(2026, 11, 29, 9, 0)},
		{in: "tomorrow at 6pm", want: at(2026, 11, 28, 18, 0)},
		{in: "tomorrow 7:30 pm", want: at(2026, 11, 28, 19, 30)},
		{in: "tomorrow 12am", want: at(2026, 11, 28, 0, 0)},
		{in: "tomorrow noon", want: at(2026, 11, 28, 12, 0)},
		{in: "19:00 tomorrow", want: at(2026, 11, 28, 19, 0)},
		{in: "friday 19:00", want: at(2026, 11, 27, 19, 0)}, // today is Friday, 19:00 is ahead
		{in: "friday 10:00", want: at(2026, 12, 4, 10, 0)},  // today's 10:00 has passed
		{in: "next friday 19:00", want: at(2026, 12, 4, 19, 0)},
		{in: "Next Friday 7pm", want: at(2026, 12, 4, 19, 0)},
		{in: "venerdì 19:00", want: at(2026, 11, 27, 19, 0)},
		{in: "venerdi 19:00", want: at(2026, 11, 27, 19, 0)},
		{in: "Venerdì prossimo alle 19", want: at(2026, 12, 4, 19, 0)},
		{in: "prossimo venerdì alle 19", want: at(2026, 12, 4, 19, 0)},
		{in: "monday at 6pm", want: at(2026, 11, 30, 18, 0)},
		{in: "sat 9", want: at(2026, 11, 28, 9, 0)},
		{in: "mercoledì alle ore 18:30", want: at(2026, 12, 2, 18, 30)},
		{in: "tomorrow 10:00 UTC", want: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC), tz: "UTC"},
		{in: "tomorrow 10:00 utc", want: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC), tz: "UTC"},
		{in: "2026-12-10 18:30 europe/london", want: time.Date(2026, 12, 10, 18, 30, 0, 0, time.UTC), tz: "Europe/London"},
		{in: "tomorrow 18:00 for 2h", want: at(2026, 11, 28, 18, 0), dur: 2 * time.Hour},
		{in: "tomorrow 18:00 per 1h 30m", want: at(2026, 11, 28, 18, 0), dur: 90 * time.Minute},
		{in: "tomorrow 18:00 UTC for 1.5h", want: time.Date(2026, 11, 28, 18, 0, 0, 0, time.UTC), tz: "UTC", dur: 90 * time.Minute},

		{in: "next friday", key: "err.when_unread"},
		{in: "19:00", key: "err.when_unread"},
		{in: "someday 19:00", key: "err.when_unread"},
		{in: "tomorrow 25:00", key: "err.when_unread"},
		{in: "tomorrow 13pm", key: "err.when_unread"},
		{in: "tomorrow 18:61", key: "err.when_unread"},
		{in: "tomorrow today 19:00", key: "err.when_unread"},
		{in: "tomorrow 18:00 19:00", key: "err.when_unread"},
		{in: "tomorrow 18:00 UTC Europe/Rome", key: "err.when_unread"},
		{in: "Mars/Olympus tomorrow 19:00", key: "err.event_zone"},
		{in: "next tomorrow 19:00", key: "err.when_unread"},
		{in: "tomorrow 18:00 for", key: "err.when_unread"},
		{in: "", key: "err.when_unread"},
		{in: "tomorrow 19:00 Mars/Olympus", key: "err.event_zone"},
		{in: "tomorrow 19:00 Atlantis", key: "err.event_zone"},
		{in: "31/02/2027 18:30", key: "err.event_date"},
		{in: "31/02 18:30", key: "err.event_date"},
		{in: "29/02/2027 18:30", key: "err.event_date"},
		{in: "10/12/26 18:30", key: "err.event_year"},
		{in: "today 09:00", key: "err.event_past"},
		{in: "2026-11-26 18:30", key: "err.event_past"},
		{in: "2030-12-10 18:30", key: "err.event_far"},
		{in: "2027-03-28 02:30", key: "err.event_gap"},
		{in: "2027-10-31 02:30", key: "err.event_ambiguous"},
		{in: "tomorrow 18:00 for ever", key: "err.event_duration"},
		{in: "tomorrow 18:00 for 8d", key: "err.event_duration_range"},
		{in: "tomorrow 18:00 for 0m", key: "err.event_duration_range"},
		{in: "tomorrow 18:00 for 281474976710657d", key: "err.event_duration_range"},
	}
	for _, tt := range tests {
		start, tz, dur, err := parseWhen(tt.in, now, rome)
		if tt.key != "" {
			if errKey(err) != tt.key {
				t.Errorf("parseWhen(%q): %v, want %s", tt.in, err, tt.key)
			}
			continue
		}
		if tt.tz == "" {
			tt.tz = "Europe/Rome"
		}
		if err != nil || !start.Equal(tt.want) || tz != tt.tz || dur != tt.dur {
			t.Errorf("parseWhen(%q) = %v %s %v, %v; want %v %s %v", tt.in, start.In(rome), tz, dur, err, tt.want, tt.tz, tt.dur)
		}
	}
}

func TestInvisibleTextIsRefusedAndBidiRemoved(t *testing.T) {
	tests := []struct {
		in        string
		nothing   bool   // showsNothing
		stripped  string // after stripBidi
		textError string // cleanText's error key
	}{
		{"hello", false, "hello", ""},
		{"\u200b", true, "\u200b", "err.text_invisible"},
		{"\u200b\u200c\u200d\u200e\u200f", true, "\u200b\u200c\u200d\u200e\u200f", "err.text_invisible"},
		{"\u202a\u202b\u202c\u202d\u202e", true, "", "err.text_invisible"}, // only bidi controls: not a way to clear
		{"\u2066\u2067\u2068\u2069", true, "", "err.text_invisible"},
		{"\ufeff \u2060", true, "\ufeff \u2060", "err.text_invisible"},
		{"\u0301\u0308", true, "\u0301\u0308", "err.text_invisible"}, // combining marks alone
		{"\u3164\u2800", true, "\u3164\u2800", "err.text_invisible"}, // Hangul filler, braille blank
		{"\u00a0\u2003", true, "\u00a0\u2003", ""},                   // spaces only: trimmed away
		{"e\u0301", false, "e\u0301", ""},
		{"\u200bAnna", false, "\u200bAnna", ""},
		{"evil\u202egpj.exe", false, "evilgpj.exe", ""},
		{"\u2067مرحبا\u2069 hi", false, "مرحبا hi", ""},
		{"🎉", false, "🎉", ""},
		{"\u202e\u200b", true, "\u200b", "err.text_invisible"},
	}
	for _, tt := range tests {
		if got := showsNothing(tt.in); got != tt.nothing {
			t.Errorf("showsNothing(%q) = %v", tt.in, got)
		}
		if got := stripBidi(tt.in); got != tt.stripped {
			t.Errorf("stripBidi(%q) = %q, want %q", tt.in, got, tt.stripped)
		}
		got, err := cleanText(tt.in)
		if errKey(err) != tt.textError {
			t.Errorf("cleanText(%q): %v, want %q", tt.in, err, tt.textError)
		}
		if err == nil && strings.ContainsFunc(got, isBidiControl) {
			t.Errorf("cleanText(%q) = %q keeps a bidi control", tt.in, got)
		}
	}
	if got := cleanName("\u202e\u200b", "U123"); got != "U123" {
		t.Errorf("an invisible display name: %q, want the fallback", got)
	}
	if got := cleanName("An\u202ena", "U123"); got != "Anna" {
		t.Errorf("cleanName kept a bidi control: %q", got)
	}
	for _, field := range []string{"title", "place", "details"} {
		if _, err := checkEventText(field, "\u200b\u200d"); errKey(err) != "err.event_invisible" {
			t.Errorf("invisible %s: %v", field, err)
		}
		if got, err := checkEventText(field, "Par\u202ety"); err != nil || got != "Party" {
			t.Errorf("%s with a bidi override: %q, %v", field, got, err)
		}
	}
	s := DefaultSettings()
	if err := s.Set("name", "\u200b\u200b"); err == nil {
		t.Errorf("config name of zero-width spaces accepted")
	}
}

func TestScheduleThatNeverFiresIsRefused(t *testing.T) {
	tests := []struct{ line, want string }{
		{"0 0 31 2 *", "never fires: February has no 31st"},
		{"0 0 30 2 *", "never fires: February has no 30th"},
		{"0 9 30-31 FEB *", "never fires: February has no 30th"},
		{"0 0 31 4,6,9,11 *", "never fires: none of its months has a 31st"},
		{"0 0 29 2 *", ""},   // every four years
		{"0 0 31 2 MON", ""}, // Mondays in February
		{"0 0 31 * *", ""},
		{"0 0 30,31 2,3 *", ""},
	}
	for _, tt := range tests {
		_, err := ParseSchedule(tt.line)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("ParseSchedule(%q): %v, want …%s…", tt.line, err, tt.want)
		}
		s := DefaultSettings()
		if err := s.Set("pairing.schedule", tt.line); (err == nil) != (tt.want == "") {
			t.Errorf("config pairing.schedule %q: %v", tt.line, err)
		}
	}
}

// TestFmtDurationRoundTrips: lengths are shown as typed and read back the same.
func TestFmtDurationRoundTrips(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{2 * time.Hour, "2h"},
		{90 * time.Minute, "1h30m"},
		{3 * 24 * time.Hour, "3d"},
		{14 * 24 * time.Hour, "14d"},
		{36 * time.Hour, "1d12h"},
		{45 * time.Second, "45s"},
		{time.Hour + time.Second, "1h1s"},
	}
	for _, tt := range tests {
		got := fmtDuration(tt.d)
		if got != tt.want {
			t.Errorf("fmtDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
		if back, err := ParseDuration(got); err != nil || back != tt.d {
			t.Errorf("ParseDuration(fmtDuration(%v)) = %v, %v", tt.d, back, err)
		}
	}
}

// TestScheduleMoreThanDailyIsRefused: at most one round a day, in `config`
// (and so in the config file, which sets through the same Settings.Set).
func TestScheduleMoreThanDailyIsRefused(t *testing.T) {
	for line, ok := range map[string]bool{
		"* * * * *":    false,
		"*/15 9 * * *": false,
		"0 9,18 * * *": false,
		"0 * * * MON":  false,
		"0 9 * * *":    true,
		"0 9 * * MON":  true,
		"30 18 1 * *":  true,
	} {
		s := DefaultSettings()
		err := s.Set("pairing.schedule", line)
		if (err == nil) != ok {
			t.Errorf("Set(pairing.schedule, %q): %v, want ok=%v", line, err, ok)
		}
		if !ok && !strings.Contains(fmt.Sprint(err), "at most one round a day") {
			t.Errorf("Set(pairing.schedule, %q): %v, want the reason", line, err)
		}
	}
}
