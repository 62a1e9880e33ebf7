package bot

import (
	"errors"
	"testing"
	"time"
)

// The fuzz targets of the core's parsers: whatever a member or an
// operator types, a parser returns a value or a member-facing *Error, and
// never panics or loops. `go test` runs their seeds (here and under
// testdata/fuzz); scripts/fuzz searches further.

// parserOnly is a Store the parsers never touch: bot.New wants one.
type parserOnly struct{ Store }

// memberError fails t unless err is nil or carries an *Error.
func memberError(t *testing.T, in string, err error) {
	t.Helper()
	var e *Error
	if err != nil && !errors.As(err, &e) {
		t.Fatalf("%q: error %v is not a member-facing *Error", in, err)
	}
}

func FuzzParseLine(f *testing.F) {
	for _, s := range []string{"help", "join", "bio Go developer in Rome", "offer add go, ux", "seek remove 1",
		"find go", "intro @U123 because we both do Go", "event Cena | 2026-12-10 19:00 | Trattoria",
		"announce Cena | domani 19 | qui", "pairing pause 2w", "config pairing.every 2w", "/HELP", "rsvp 1 yes",
		"members inpausa", "round now", "lang it", "", "   ", "\x00", "bio \"unterminated", "offer add " + string(make([]byte, 300))} {
		f.Add(s)
	}
	b, err := New(Config{Store: parserOnly{}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string) {
		for _, lang := range []Lang{"en", "it"} {
			p, err := b.parseLine(line, lang)
			memberError(t, line, err)
			if err == nil && (p == nil || p.cmd == nil || p.leaf() == nil) {
				t.Fatalf("%q: parsed without a command", line)
			}
		}
	})
}

func FuzzParseWhen(f *testing.F) {
	for _, s := range []string{"2026-12-10 19:00", "10/12/2026 19:00", "10/12 7pm", "tomorrow 19", "domani alle 19.30",
		"next friday 8:30 pm", "venerdì prossimo 19", "2026-03-29 02:30 Europe/Rome", "2026-10-25 02:30 Europe/Rome",
		"31/02 10:00", "today 23:59 for 2h", "oggi 20 per 90m", "19:00 2026-12-10 UTC", "25:00", "at", ""} {
		f.Add(s)
	}
	rome, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		at, _, dur, err := parseWhen(s, now, rome)
		memberError(t, s, err)
		if err == nil && (at.Before(now) || at.After(now.AddDate(2, 0, 1)) || dur < 0) {
			t.Fatalf("%q: %v for %v, out of range", s, at, dur)
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"2w", "10d", "72h", "1h30m", "1.5d", "2 weeks", "3 giorni", "90m", "-1h", "1e9w",
		"99999999999999999999h", "0", "h", ".5h", "1..5h", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s) // callers wrap its sentinel errors
		if err == nil && d < 0 {
			t.Fatalf("%q: negative %v", s, d)
		}
	})
}

func FuzzParseSchedule(f *testing.F) {
	for _, s := range []string{"0 9 * * MON", "30 8 * * 1-5", "0 9 1 * *", "0 9 29 2 *", "0 9 31 4 *", "*/15 * * * *",
		"0 9 * * SUN,SAT", "0 9 1-7 * MON", "60 9 * * *", "0 9 * * 8", "a b c d e", "", "0 0 0 0 0"} {
		f.Add(s)
	}
	from := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		sched, err := ParseSchedule(s) // an operator's input: a plain error is fine
		if err != nil {
			return
		}
		if next := sched.Next(from, time.UTC); !next.IsZero() && !next.After(from) {
			t.Fatalf("%q: next run %v is not after %v", s, next, from)
		}
	})
}

func FuzzParseCadence(f *testing.F) {
	for _, s := range []string{"1w", "2w", "weekly", "monthly", "2w from 2026-12-07", "4w", "9w", "0w", "2w from 2026-02-30", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCadence(s) // an operator's input: a plain error is fine
		if err != nil {
			return
		}
		if again, err := ParseCadence(c.String()); err != nil || again != c {
			t.Fatalf("%q → %q → %+v, %v: String does not read back", s, c.String(), again, err)
		}
	})
}

func FuzzSkillList(f *testing.F) {
	for _, s := range []string{"go, ux", "Go; k8s; C++", "a,,b", ",", "contabilità, SEO", "go go go", ""} {
		f.Add(s)
	}
	n := newSkillNormalizer()
	f.Fuzz(func(t *testing.T, raw string) {
		list, err := n.List(raw)
		memberError(t, raw, err)
		for _, s := range list {
			if again, err := n.Normalize(s); err != nil || again != s {
				t.Fatalf("List(%q) holds %q, which normalises to %q, %v", raw, s, again, err)
			}
		}
	})
}
