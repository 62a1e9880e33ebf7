package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"
)

// pick presses "meet pick" for a slot of user's newest round.
func (e *env) pick(user string, slot string) string {
	e.t.Helper()
	return e.pressDM(user, "meet pick "+mustRoundID(e, user)+" "+slot)
}

func TestBlockerHearsNothingOfTheBlockedMembersButtons(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("mod", "round now", "1 group")
	e.deliver()
	e.must("m01", "block @M00", "blocked")
	e.pick("m00", "1")
	e.clock.Add(11 * time.Minute)
	e.pick("m00", "2")
	e.clock.Add(11 * time.Minute)
	// The presser is not told of the block: the reply names the others.
	if got := e.pressButton(f, "m00", "meet skip"); !strings.Contains(got, "M01") {
		t.Errorf("skip reply: %s", got)
	}
	e.clock.Add(time.Hour)
	e.deliver()
	if txt := f.texts("m01"); len(txt) != 1 {
		t.Errorf("the blocker got %d messages: %q", len(txt), txt[1:])
	}
}

func TestPickNoticesComeAtMostEveryTenMinutes(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("mod", "round now", "1 group")
	e.deliver()
	for i := range 8 {
		e.pick("m00", []string{"1", "2"}[i%2])
		e.deliver()
	}
	if txt := f.texts("m01"); len(txt) != 2 || !strings.Contains(txt[1], "picked Mon 30 Nov") {
		t.Fatalf("after a burst of picks: %q", txt[1:])
	}
	e.clock.Add(9 * time.Minute)
	e.deliver()
	if n := len(f.texts("m01")); n != 2 {
		t.Errorf("a second notice within ten minutes: %q", f.texts("m01")[2:])
	}
	e.clock.Add(time.Minute)
	e.deliver()
	// One notice for the seven later picks, of the latest: slot 2.
	if txt := f.texts("m01"); len(txt) != 3 || !strings.Contains(txt[2], "moved your call to Tue 1 Dec") {
		t.Errorf("after ten minutes: %q", txt[1:])
	}
	e.clock.Add(time.Hour)
	e.deliver()
	if n := len(f.texts("m01")); n != 3 {
		t.Errorf("more notices later: %q", f.texts("m01")[3:])
	}
}

func TestConfirmingThePickedTimeTellsNobody(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("mod", "round now", "1 group")
	e.deliver()
	e.pick("m00", "1")
	e.clock.Add(time.Hour)
	if got := e.pick("m01", "1"); !strings.Contains(got, "already your group's time") {
		t.Errorf("reply: %s", got)
	}
	e.clock.Add(time.Hour)
	e.deliver()
	if txt := f.texts("m00"); len(txt) != 1 {
		t.Errorf("the first picker was told of the same time: %q", txt[1:])
	}
	if _, g := e.latestGroup("m00"); g.Pick.By.User != "m00" || g.Pick.Seq != 1 {
		t.Errorf("stored pick %+v", g.Pick)
	}
}

func TestPastTimesAndOldRoundsCannotBePicked(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("mod", "round now", "1 group")
	e.deliver()
	old := mustRoundID(e, "m00")
	e.clock.Add(71 * time.Hour) // Mon 30 Nov 09:00 UTC: the first slot starts
	if got := e.pick("m00", "1"); !strings.Contains(got, "has already passed") {
		t.Errorf("picking a past time: %s", got)
	}
	if got := e.pick("m00", "2"); !strings.Contains(got, "Done: Tue 1 Dec") {
		t.Errorf("picking a later time: %s", got)
	}
	e.clock.Add(7 * 24 * time.Hour)
	e.must("mod", "round now", "1 group")
	e.deliver()
	before := len(f.texts("m01"))
	for _, cmd := range []string{"meet skip " + old, "meet cant " + old, "meet pick " + old + " 2"} {
		if got := e.do("m00", cmd); !strings.Contains(got, "is over") {
			t.Errorf("%s: %s", cmd, got)
		}
	}
	e.deliver()
	if n := len(f.texts("m01")); n != before {
		t.Errorf("the old round's buttons told m01: %q", f.texts("m01")[before:])
	}
	r, _ := e.latestGroup("m00")
	if r.ID == old {
		t.Fatal("no new round")
	}
	e.must("m00", "meet skip "+r.ID, "this week's call is off")
}

func TestNoCallOffOnceTheGroupMet(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("mod", "round now", "1 group")
	e.deliver()
	e.pick("m00", "1")
	e.clock.Add(80 * time.Hour)
	e.deliver()
	e.must("m00", "met yes", "")
	before := len(f.texts("m00"))
	for _, cmd := range []string{"meet skip ", "meet cant "} {
		if got := e.do("m01", cmd+mustRoundID(e, "m01")); !strings.Contains(got, "already said you met") {
			t.Errorf("%s after met: %s", cmd, got)
		}
	}
	e.deliver()
	if n := len(f.texts("m00")); n != before {
		t.Errorf("m00 was told: %q", f.texts("m00")[before:])
	}
	if _, g := e.latestGroup("m00"); g.Ended != nil || !g.MetAtSlot() {
		t.Errorf("group %+v", g)
	}
}

func TestCalledOffGroupsNeverMeetAtTheirSlot(t *testing.T) {
	e, f := fakeRoundEnv(t, 4) // two pairs
	e.must("mod", "round now", "2 groups")
	e.deliver()
	_, g := e.latestGroup("m00")
	others, rest := othersOf(g, "m00", 4)
	e.pick("m00", "1")
	e.pressButton(f, "m00", "meet cant")
	e.pick(rest[0], "1")
	e.clock.Add(80 * time.Hour)
	e.deliver()
	for _, u := range []string{others[0], rest[0]} {
		e.must(u, "met yes", "")
	}
	st, err := e.bot.CommunityStats(context.Background(), "labbit")
	if err != nil || st.MetAtSlot != 1 || st.GroupsMet != 2 {
		t.Errorf("stats %+v, %v", st, err)
	}
	e.must("mod", "stats", "Met at a proposed time: 1 of 2 groups that met")
}

func TestMeetAndHoursArgumentsAreChecked(t *testing.T) {
	e, _ := fakeRoundEnv(t, 2)
	e.must("mod", "round now", "1 group")
	if got := e.pick("m00", "abc"); !strings.Contains(got, "no proposed time abc") || !strings.Contains(got, "meet pick ROUND TIME") {
		t.Errorf("meet pick abc: %s", got)
	}
	for _, in := range []string{"8 - 16", "8 -16", " 8-16 "} {
		e.must("m00", "hours "+in, "Working hours set to 8-16")
	}
	e.must("m00", "hours 8-16 extra", "are not working hours")
}

func TestFollowupWaitsForThePickedCall(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("m01", "tz America/New_York", "Time zone set")
	e.must("mod", "round now", "1 group") // Fri 27 Nov 10:00 UTC: follow-up Mon 30 Nov 10:00
	e.deliver()
	e.pick("m00", "2") // Tue 1 Dec 15:00 UTC
	e.pick("m01", "1") // Mon 30 Nov 15:00 UTC
	e.clock.Add(11 * time.Minute)
	e.pick("m00", "2")
	e.clock.Add(72 * time.Hour) // Mon 30 Nov 10:11: the round's follow-up time
	e.deliver()
	asked := func(user string) int {
		n := 0
		for _, txt := range f.texts(user) {
			if strings.Contains(txt, "Did you meet") {
				n++
			}
		}
		return n
	}
	if asked("m00")+asked("m01") != 0 {
		t.Fatalf("asked before the call: %q", f.texts("m00"))
	}
	e.clock.Add(32 * time.Hour) // Tue 1 Dec 18:11: the call is over, 2.5 hours ago
	e.deliver()
	if asked("m00")+asked("m01") != 0 {
		t.Fatalf("asked right after the call: %q", f.texts("m00"))
	}
	e.clock.Add(time.Hour)
	e.deliver()
	e.clock.Add(24 * time.Hour)
	e.deliver()
	if asked("m00") != 1 || asked("m01") != 1 {
		t.Errorf("asked %d and %d times after the call", asked("m00"), asked("m01"))
	}
}

func TestSlotsFollowTheZonesWeekend(t *testing.T) {
	e, _ := fakeRoundEnv(t, 2)
	e.must("m00", "tz Asia/Jerusalem", "Time zone set")
	e.must("m01", "tz Asia/Riyadh", "Time zone set")
	e.clock.Add(5 * 24 * time.Hour) // Wednesday 2 Dec
	e.must("mod", "round now", "1 group")
	_, g := e.latestGroup("m00")
	if len(g.Slots) != 2 {
		t.Fatalf("slots %v", g.Slots)
	}
	jerusalem, _ := time.LoadLocation("Asia/Jerusalem")
	// Thursday, then Sunday: Friday and Saturday are the weekend there.
	for i, want := range []time.Weekday{time.Thursday, time.Sunday} {
		if d := g.Slots[i].In(jerusalem).Weekday(); d != want {
			t.Errorf("slot %d on %s, want %s", i+1, d, want)
		}
	}
}

func TestSharedHoursReasonCountsWorkingHours(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("m00", "hours 8-12", "Working hours set")
	e.must("m01", "hours 11-18", "Working hours set")
	e.must("mod", "round now", "1 group")
	e.deliver()
	if txt := f.texts("m00")[0]; !strings.Contains(txt, "1 hour of working time in common") {
		t.Errorf("intro reasons:\n%s", txt)
	}
	_, g := e.latestGroup("m00")
	if len(g.Slots) != 2 {
		t.Errorf("slots %v for the shared hour", g.Slots)
	}
}

func TestNoCallOffOnceTheWeekIsOver(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("mod", "round now", "1 group")
	e.deliver()
	e.clock.Add(73 * time.Hour) // the follow-up is due
	e.deliver()
	before := len(f.texts("m01"))
	if got := e.do("m00", "meet skip "+mustRoundID(e, "m00")); !strings.Contains(got, "can no longer be called off") || !strings.Contains(got, "met no") {
		t.Errorf("skip after the week: %s", got)
	}
	e.deliver()
	if n := len(f.texts("m01")); n != before {
		t.Errorf("m01 was told: %q", f.texts("m01")[before:])
	}
}

// Picks made before any notice went out read as a first pick: the others
// never heard of the earlier one, so nothing "moved" for them.
func TestPicksBeforeAnyNoticeReadAsAFirstPick(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("mod", "round now", "1 group")
	e.deliver()
	before := len(f.texts("m01"))
	e.pick("m00", "1")
	e.clock.Add(time.Minute)
	e.pick("m00", "2")
	e.clock.Add(pickGap)
	e.deliver()
	if txt := f.texts("m01")[before:]; len(txt) != 1 || !strings.Contains(txt[0], "M00 picked Tue 1 Dec") {
		t.Fatalf("m01 after two picks before any notice: %q", txt)
	}
	e.pick("m00", "1")
	e.clock.Add(pickGap)
	e.deliver()
	if txt := f.texts("m01")[before:]; len(txt) != 2 || !strings.Contains(txt[1], "moved your call to Mon 30 Nov") {
		t.Errorf("m01 after a pick once told: %q", txt)
	}
}

// pickGap is a little more than the gap between two pick notices.
const pickGap = 10*time.Minute + time.Second

// TestNoPickOnceTheGroupWasAsked: a time still ahead cannot be picked
// once the follow-up came, which would ask "did you meet?" a second time.
func TestNoPickOnceTheGroupWasAsked(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("m01", "tz America/New_York", "Time zone set")
	e.must("mod", "round now", "1 group") // Fri 27 Nov 10:00 UTC: follow-up Mon 30 Nov 10:00
	e.deliver()
	e.clock.Add(72*time.Hour + time.Minute)
	e.deliver()
	if got := e.pick("m00", "2"); !strings.Contains(got, "met") { // Tue 1 Dec 15:00 UTC, still ahead
		t.Errorf("a pick after the follow-up: %q, want it refused, pointing to met", got)
	}
	e.clock.Add(48 * time.Hour)
	e.deliver()
	for _, user := range []string{"m00", "m01"} {
		n := 0
		for _, txt := range f.texts(user) {
			if strings.Contains(txt, "Did you meet") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s asked %d times whether they met, want once", user, n)
		}
	}
}
