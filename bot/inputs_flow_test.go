package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// refused runs a command that must fail with want and the usage line.
func (e *env) refused(user, text, want string) {
	e.t.Helper()
	got := e.must(user, text, want)
	if !strings.Contains(got, "Usage: ") {
		e.t.Errorf("%q: no usage line in\n%s", text, got)
	}
}

// TestOutOfRangeInputIsRefusedWithItsRange: lengths that overflow, zones
// in any spelling and text that shows nothing, through the commands.
func TestOutOfRangeInputIsRefusedWithItsRange(t *testing.T) {
	e, _ := eventEnv(t, "anna", "marco")
	tests := []struct{ name, user, text, want string }{
		{"pause that overflows", "anna", "pause 281474976710657d", "'281474976710657d' is out of range: a pause lasts from 1 day to 365 days"},
		{"pause of 53 weeks", "anna", "pause 53w", "a pause lasts from 1 day to 365 days"},
		{"pause of nothing", "anna", "pause 0d", "a pause lasts from 1 day to 365 days"},
		{"followup that overflows", "mod", "config pairing.followup_after 281474976710657d", "which takes a length from 1 hour to 6 days"},
		{"expiry below the range", "mod", "config intros.expire_after 30m", "which takes a length from 1 hour to 30 days"},
		{"reminder that overflows", "mod", "config events.remind_before 9223372036854775807h", "which takes a length from 1 hour to 1 week"},
		{"schedule that never fires", "mod", "config pairing.schedule 0 0 31 2 *", "never fires: no month it names has a day 31"},
		{"event length that overflows", "mod", "announce Party | tomorrow 18:00 for 281474976710657d | Bar", "an event lasts from 1 minute to 1 week"},
		{"event when without a time", "mod", "announce Party | next friday | Bar", "Could not read the date 'next friday'; try 2026-12-10 18:30"},
		{"event when is not a zone", "mod", "announce Party | someday 19:00 | Bar", "Could not read the date 'someday 19:00'"},
		{"invisible bio", "anna", "bio \u200b\u200b\u200d", "That text shows nothing"},
		{"invisible company", "anna", "company \ufeff\u200b", "That text shows nothing"},
		{"invisible intro reason", "anna", "intro @marco \u200b\u2060", "That text shows nothing"},
		{"invisible title", "mod", "announce \u200b\u200c | tomorrow 18:00 | Bar", "Nothing shows in the event's title"},
		{"invisible details", "mod", "announce Party | tomorrow 18:00 | Bar | \u0301\u200b", "Nothing shows in the event's details"},
		{"invisible edit", "mod", "event edit 1 place \u2800", "Nothing shows in the event's place"},
		{"invisible community name", "mod", "config name \u200b\u3164", "does not fit name"},
	}
	e.must("mod", "announce First | 2026-12-10 18:30 | Bar", "Event 1 announced")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.t = t
			e.refused(tt.user, tt.text, tt.want)
		})
	}
	e.t = t
	if m := e.member("anna"); m.Status != bot.StatusActive || m.Profile.Bio != "" || m.Profile.Company != "" {
		t.Errorf("refused input changed anna: %+v", m)
	}
	if n, _ := e.counts(); n != 1 {
		t.Errorf("%d events, want 1", n)
	}
	e.must("anna", "intros", "No open introduction requests")
	e.must("mod", "config", "pairing.followup_after = 3d")
}

func TestDatesZonesAndLengthsAreReadEverywhereAlike(t *testing.T) {
	e, _ := eventEnv(t, "anna")
	// Friday 27 November 2026, 11:00 in Rome.
	e.must("anna", "pause 1w", "Paused until Fri 4 Dec 2026")
	if m := e.member("anna"); !m.PausedUntil.Equal(e.clock.Now().Add(7 * 24 * time.Hour)) {
		t.Errorf("pause 1w: until %v", m.PausedUntil)
	}
	e.must("anna", "pause 10d", "Paused until Mon 7 Dec 2026")
	e.must("anna", "pause 2w", "Paused until Fri 11 Dec 2026")
	e.must("anna", "tz utc", "Time zone set to UTC")
	if tz := e.member("anna").Profile.TZ; tz != "UTC" {
		t.Errorf("tz utc stored %q", tz)
	}
	e.must("anna", "tz america/new_york", "America/New_York")
	e.must("mod", "config timezone europe/rome", "timezone is now Europe/Rome")
	tests := []struct{ when, want, tz string }{
		{"tomorrow 10:00 UTC", "Sat 28 Nov 2026, 10:00 UTC", "UTC"},
		{"next friday 19:00", "Fri 4 Dec 2026, 19:00 CET", "Europe/Rome"},
		{"domani alle 18", "Sat 28 Nov 2026, 18:00 CET", "Europe/Rome"},
		{"venerdì 19:00", "Fri 27 Nov 2026, 19:00 CET", "Europe/Rome"},
		{"12/12 18:30", "Sat 12 Dec 2026, 18:30 CET", "Europe/Rome"},
		{"saturday at 6pm europe/london for 2h", "Sat 28 Nov 2026, 18:00 GMT (2h)", "Europe/London"},
	}
	for i, tt := range tests {
		e.must("mod", "announce Party | "+tt.when+" | Bar", "Party, "+tt.want)
		if ev := e.event(fmt.Sprint(i + 1)); ev.TZ != tt.tz {
			t.Errorf("%q: zone %q, want %q", tt.when, ev.TZ, tt.tz)
		}
	}
	e.must("mod", "event edit 1 when domani alle 20 gmt", "Sat 28 Nov 2026, 20:00 GMT")
	e.must("mod", "config pairing.followup_after 2w", `which takes a length from 1 hour to 6 days`)
	e.must("mod", "config intros.expire_after 2w", "intros.expire_after is now 14d")
}

func TestMemberTextLosesBidiControls(t *testing.T) {
	e := newEnv(t)
	e.bot.Handle(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: "U1", Name: "\u202e\u200b", Private: true, Text: "join"})
	e.bot.Handle(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: "U2", Name: "Ann\u202ea", Private: true, Text: "join"})
	if n := e.member("U1").Name; n != "U1" {
		t.Errorf("invisible display name stored as %q, want the user id", n)
	}
	if n := e.member("U2").Name; n != "Anna" {
		t.Errorf("display name stored as %q", n)
	}
	e.must("anna", "join", "Welcome")
	e.must("anna", "bio Designer \u202egpj.exe\u202c in Rome", "Bio saved")
	e.must("anna", "company \u2066Studio\u2069 Nodo", "Studio Nodo")
	if p := e.member("anna").Profile; p.Bio != "Designer gpj.exe in Rome" || p.Company != "Studio Nodo" {
		t.Errorf("stored %q, %q", p.Bio, p.Company)
	}
}

// TestInvisibleTextDoesNotClear: a bio or company of bidi controls only is
// refused and leaves the field as it was; only "-" clears.
func TestInvisibleTextDoesNotClear(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome")
	e.must("anna", "bio Designer", "Bio")
	e.must("anna", "company Nodo", "Nodo")
	e.refused("anna", "bio \u2067\u2069", "invisible characters")
	e.refused("anna", "company \u202e", "invisible characters")
	if p := e.member("anna").Profile; p.Bio != "Designer" || p.Company != "Nodo" {
		t.Errorf("after invisible text: bio %q, company %q", p.Bio, p.Company)
	}
	e.must("anna", "bio -", "cleared")
	e.must("anna", "company -", "cleared")
	if p := e.member("anna").Profile; p.Bio != "" || p.Company != "" {
		t.Errorf("after -: bio %q, company %q", p.Bio, p.Company)
	}
}

// TestLinksDashClears: "links -" empties the links and says so, like "bio -".
func TestLinksDashClears(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome")
	e.must("anna", "links https://example.com", "(1)")
	e.must("anna", "links -", "cleared")
	if p := e.member("anna").Profile; len(p.Links) != 0 {
		t.Errorf("links after -: %v", p.Links)
	}
}
