package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// inRound reports whether user is in one of the round's groups.
func inRound(r *bot.Round, user string) bool {
	return r.GroupOf(bot.MemberID{Platform: "test", Space: "S1", User: user}) >= 0
}

func TestSkipNextWeekButton(t *testing.T) {
	e, f := fakeRoundEnv(t, 5)
	e.tick()
	e.clock.Add(3*24*time.Hour - 2*time.Hour) // Monday 30 November, 09:00 Rome
	first := e.tick()
	if first == nil || !inRound(first, "m00") {
		t.Fatalf("first round: %+v", first)
	}
	for _, g := range first.Groups {
		for _, id := range g.Members {
			e.must(id.User, "met yes", "Great")
		}
	}
	e.deliver()
	intro := f.lastMessage("m00")
	var skip string
	for _, b := range intro.Buttons {
		if b.Label == "Skip the next round" {
			skip = b.Command
		}
	}
	if skip == "" {
		t.Fatalf("intro without a skip button: %+v", intro.Buttons)
	}
	e.clock.Add(2 * time.Hour)
	if got := e.press("m00", skip); !strings.Contains(got, "You skip the round of Mon 7 Dec 2026, 09:00 CET; your pairings start again on Tue 8 Dec 2026") {
		t.Fatalf("skip reply: %s", got)
	}
	if m := e.member("m00"); m.Status != bot.StatusPaused {
		t.Fatalf("m00 status %s", m.Status)
	}
	e.must("m00", "pairing", "You are paused until Tue 8 Dec 2026")
	// `pause 1w` on Tuesday 15 December skips the round of the 21st.
	want := map[string]bool{"20261207T0800Z": false, "20261214T0800Z": true, "20261221T0800Z": false, "20261228T0800Z": true}
	for range 28 {
		e.clock.Add(24 * time.Hour)
		if e.clock.Now().Format(time.DateOnly) == "2026-12-15" {
			e.must("m00", "pause 1w", "Paused until Tue 22 Dec 2026")
		}
		r := e.tick()
		if r == nil {
			continue
		}
		if in, ok := want[r.ID]; !ok || in != inRound(r, "m00") {
			t.Errorf("round %s: m00 in it: %v", r.ID, inRound(r, "m00"))
		}
		delete(want, r.ID)
		for _, g := range r.Groups { // answered, so that nobody is paused for silence
			for _, id := range g.Members {
				e.must(id.User, "met yes "+r.ID, "Great")
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("rounds that did not run: %v", want)
	}
}

// TestSkipHoldsWhenTheRoundRunsLate: the skipped round leaves the member
// out even when it runs after their pause has ended (the bot was down).
func TestSkipHoldsWhenTheRoundRunsLate(t *testing.T) {
	e, f := fakeRoundEnv(t, 5)
	e.tick()
	e.clock.Add(3*24*time.Hour - 2*time.Hour) // Monday 30 November, 09:00 Rome
	if r := e.tick(); r == nil {
		t.Fatal("no first round")
	}
	e.deliver()
	var skip string
	for _, b := range f.lastMessage("m00").Buttons {
		if b.Label == "Skip the next round" {
			skip = b.Command
		}
	}
	e.press("m00", skip)
	e.clock.Add(9 * 24 * time.Hour) // Wednesday 9 December: the round of the 7th runs late
	r := e.tick()
	if r == nil || r.ID != "20261207T0800Z" {
		t.Fatalf("late round: %+v", r)
	}
	if inRound(r, "m00") {
		t.Error("m00 is in the round they skipped")
	}
}

// TestPairingPassesOverSkippedDates: the next round shown is the one the
// scheduler holds, not a skipped date.
func TestPairingPassesOverSkippedDates(t *testing.T) {
	e := roundEnv(t, 3, newFake())
	e.tick()
	e.must("mod", "config pairing.skip 2026-11-30", "")
	got := e.must("m00", "pairing", "Mon 7 Dec 2026")
	if strings.Contains(got, "30 Nov") {
		t.Errorf("pairing names the skipped date: %s", got)
	}
}
