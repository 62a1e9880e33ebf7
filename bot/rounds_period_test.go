package bot_test

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// rounds lists the community's stored rounds.
func (e *env) rounds() []*bot.Round {
	e.t.Helper()
	var out []*bot.Round
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		return tx.Rounds("labbit", func(r *bot.Round) error { out = append(out, r); return nil })
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// tick runs the scheduler once and returns the round it ran, if any.
func (e *env) tick() *bot.Round {
	e.t.Helper()
	r, err := e.bot.Tick(context.Background(), "labbit")
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func TestEmptyRoundKeepsThePeriod(t *testing.T) {
	e, f := fakeRoundEnv(t, 1)
	e.tick() // the next round: Monday 30 November 09:00 Rome
	e.must("mod", "round now", "Not enough active members for a round (available: 1); nothing was sent")
	if rs := e.rounds(); len(rs) != 0 {
		t.Fatalf("an empty round was stored: %+v", rs)
	}
	// The scheduled round finds one member too: it stores nothing and
	// tries again at the next round time.
	e.clock.Add(3*24*time.Hour - 2*time.Hour)
	if r := e.tick(); r != nil || len(e.rounds()) != 0 {
		t.Fatalf("scheduled empty round: %+v, %d stored", r, len(e.rounds()))
	}
	e.must("m00", "pairing", "Next round: Mon 7 Dec 2026, 09:00 CET")
	// A second member makes the period's round possible, by hand.
	e.clock.Add(24 * time.Hour)
	e.must("m01", "join", "Welcome")
	e.must("mod", "round now", "Round 1, the round of Mon 7 Dec 2026, 09:00 CET: 1 group;")
	e.deliver()
	for _, u := range []string{"m00", "m01"} {
		if n := len(f.texts(u)); n != 1 {
			t.Errorf("%s got %d messages, want the intro", u, n)
		}
	}
	// Blocks that rule out the only pair store nothing either.
	e.clock.Add(7 * 24 * time.Hour)
	e.must("m00", "block @m01", "blocked")
	e.must("mod", "round now", "No group could be formed (available: 2")
	if n := len(e.rounds()); n != 1 {
		t.Errorf("%d rounds stored, want 1", n)
	}
}

func TestRoundNowIsThePeriodsRound(t *testing.T) {
	e := roundEnv(t, 4, newFake())
	e.tick() // the next round: Monday 30 November 09:00 Rome
	e.must("mod", "round now", "Round 1, the round of Mon 30 Nov 2026, 09:00 CET: 2 groups")
	e.must("mod", "round now", "This period's round already ran on Fri 27 Nov 2026, 11:00 CET; the next round is on Mon 7 Dec 2026, 09:00 CET")
	e.must("m00", "pairing", "Next round: Mon 7 Dec 2026, 09:00 CET")
	// Setting the schedule again brings the period back; its round still
	// does not run twice.
	e.must("mod", "config pairing.schedule 0 9 * * MON", "is now")
	e.clock.Add(3*24*time.Hour - 2*time.Hour) // Monday 09:00 Rome
	if r := e.tick(); r != nil {
		t.Fatalf("the period's scheduled round ran after round now: %s", r.ID)
	}
	rs := e.rounds()
	if len(rs) != 1 || rs[0].ID != "20261130T0800Z-now" || !rs[0].Manual {
		t.Fatalf("rounds %+v, want the one by hand", rs)
	}
	e.clock.Add(7 * 24 * time.Hour)
	if r := e.tick(); r == nil || r.ID != "20261207T0800Z" || r.Number != 2 {
		t.Fatalf("next period's round: %+v", r)
	}
}

func TestFollowupAnswerFilesAgainstItsRound(t *testing.T) {
	e, f := fakeRoundEnv(t, 4)
	e.must("mod", "config pairing.schedule 0 9 * * TUE", "is now")
	e.must("mod", "config pairing.followup_after 6d", "is now")
	e.tick()
	// Saturday: a round by hand, the round of Tuesday 1 December.
	e.clock.Add(24 * time.Hour)
	e.must("mod", "round now", "the round of Tue 1 Dec 2026, 09:00 CET")
	e.deliver()
	e.clock.Add(6*24*time.Hour + time.Hour) // Friday 4: its follow-up
	e.deliver()
	followup := f.lastMessage("m01")
	if len(followup.Buttons) == 0 || !strings.HasPrefix(followup.PlainText(), "Did you meet") {
		t.Fatalf("follow-up: %q", followup.PlainText())
	}
	// Tuesday 8: the next scheduled round pairs m00 again.
	e.clock.Add(4*24*time.Hour - 3*time.Hour)
	if r := e.tick(); r == nil || r.ID != "20261208T0800Z" {
		t.Fatalf("Tuesday's round: %+v", r)
	}
	e.deliver()
	// Wednesday: m00 types an answer, m01 presses the first follow-up's button.
	e.clock.Add(24 * time.Hour)
	e.must("m00", "met yes", "Great")
	e.press("m01", followup.Buttons[0].Command)
	rs := e.rounds()
	if len(rs) != 2 {
		t.Fatalf("%d rounds", len(rs))
	}
	for i, r := range rs {
		for _, u := range []string{"m00", "m01"} {
			id := bot.MemberID{Platform: "test", Space: "S1", User: u}
			_, answered := r.Groups[r.GroupOf(id)].Answers[id.String()]
			if answered != (i == 0) {
				t.Errorf("round %s: %s answered=%v, want the answer on the first round only (%v)", r.ID, u, answered, r.Groups[r.GroupOf(id)].Answers)
			}
		}
	}
}

func TestRoundHeadersShowNoIds(t *testing.T) {
	e, f := fakeRoundEnv(t, 4)
	if got := e.must("mod", "round preview", "Preview of the round of Mon 30 Nov 2026, 09:00 CET"); strings.Contains(got, "seed") {
		t.Errorf("preview shows the seed: %s", got)
	}
	reply := e.must("mod", "round now", "Round 1, the round of Mon 30 Nov 2026, 09:00 CET: 2 groups")
	e.clock.Add(4 * 24 * time.Hour)
	e.deliver()
	r := e.rounds()[0]
	seed := strconv.FormatUint(r.Seed, 10)
	texts := append([]string{reply}, f.texts("m00")...)
	if len(texts) != 3 {
		t.Fatalf("m00 got %q, want an intro and a follow-up", texts[1:])
	}
	for _, txt := range texts {
		for _, internal := range []string{r.ID, seed, "seed", "T0800Z"} {
			if strings.Contains(txt, internal) {
				t.Errorf("%q shows %q", txt, internal)
			}
		}
	}
}

// TestPreviewIsTheScheduledRound: the preview shows exactly the groups the
// next scheduled round makes when nothing changes in between.
func TestPreviewIsTheScheduledRound(t *testing.T) {
	e := roundEnv(t, 9, newFake())
	e.tick() // sets the next round time
	preview, err := e.bot.RunRound(context.Background(), "labbit", bot.RoundOptions{Preview: true})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Add(4 * 24 * time.Hour) // past Mon 30 Nov 09:00
	r := e.tick()
	if r == nil {
		t.Fatal("the scheduled round did not run")
	}
	if preview.ID != r.ID || preview.Seed != r.Seed || !preview.Period.Equal(r.Period) {
		t.Errorf("preview %s (seed %d), scheduled %s (seed %d)", preview.ID, preview.Seed, r.ID, r.Seed)
	}
	var pg, rg [][]bot.MemberID
	for _, g := range preview.Groups {
		pg = append(pg, g.Members)
	}
	for _, g := range r.Groups {
		rg = append(rg, g.Members)
	}
	if !reflect.DeepEqual(pg, rg) {
		t.Errorf("preview groups %v, scheduled %v", pg, rg)
	}
}
