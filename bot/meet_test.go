package bot_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// press runs the command of the button of user's newest message whose
// command starts with prefix, as a button press, and returns the reply.
func (e *env) pressButton(f *fakeMessenger, user, prefix string) string {
	e.t.Helper()
	for _, btn := range f.lastMessage(user).Buttons {
		if strings.HasPrefix(btn.Command, prefix) {
			return e.pressDM(user, btn.Command)
		}
	}
	e.t.Fatalf("%s has no %q button: %+v", user, prefix, f.lastMessage(user).Buttons)
	return ""
}

// pressDM runs command as user's press of a button in a DM, and returns
// the reply.
func (e *env) pressDM(user, command string) string {
	e.t.Helper()
	req := dmRequest("test", "S1", user, command)
	req.Button = true
	return e.bot.Handle(context.Background(), req).PlainText()
}

// latestGroup is the group of user in the newest round.
func (e *env) latestGroup(user string) (*bot.Round, bot.RoundGroup) {
	e.t.Helper()
	rs := e.rounds()
	if len(rs) == 0 {
		e.t.Fatal("no round")
	}
	last := rs[len(rs)-1]
	gi := last.GroupOf(bot.MemberID{Platform: "test", Space: "S1", User: user})
	if gi < 0 {
		e.t.Fatalf("%s is in no group", user)
	}
	return last, last.Groups[gi]
}

// lateSlotGroup is user's group in the newest round, checked to propose
// its second time after the round's follow-up.
func (e *env) lateSlotGroup(user string) (*bot.Round, bot.RoundGroup) {
	e.t.Helper()
	r, g := e.latestGroup(user)
	if len(g.Slots) != 2 || !g.Slots[1].After(r.FollowupAt) {
		e.t.Fatalf("want time 2 after the round's follow-up %v: %v", r.FollowupAt, g.Slots)
	}
	return r, g
}

// othersOf are the users grouped with user, and everyone else.
func othersOf(g bot.RoundGroup, user string, all int) (others, rest []string) {
	for i := range all {
		u := "m0" + string(rune('0'+i))
		switch {
		case u == user:
		case g.Has(bot.MemberID{Platform: "test", Space: "S1", User: u}):
			others = append(others, u)
		default:
			rest = append(rest, u)
		}
	}
	return others, rest
}

// counts is how many messages each user received.
func counts(f *fakeMessenger, users []string) []int {
	out := make([]int, len(users))
	for i, u := range users {
		out[i] = len(f.texts(u))
	}
	return out
}

func TestIntroProposesTwoSlotsInTheReadersZone(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("m01", "tz America/New_York", "Time zone set")
	e.must("mod", "round now", "1 group") // Friday 27 Nov 2026, 11:00 in Rome
	e.deliver()
	_, g := e.latestGroup("m00")
	if len(g.Slots) != 2 || g.Key == "" {
		t.Fatalf("slots %v key %q", g.Slots, g.Key)
	}
	// Monday and Tuesday, 16:00 in Rome and 10:00 in New York.
	for i, want := range []string{"Mon 30 Nov 2026, 16:00 CET", "Tue 1 Dec 2026, 16:00 CET"} {
		if !strings.Contains(f.texts("m00")[0], want) {
			t.Errorf("Rome's intro lacks slot %d %q:\n%s", i+1, want, f.texts("m00")[0])
		}
	}
	if !strings.Contains(f.texts("m01")[0], "Mon 30 Nov 2026, 10:00 EST") {
		t.Errorf("New York's intro is not in its zone:\n%s", f.texts("m01")[0])
	}
	var cmds []string
	for _, b := range f.lastMessage("m01").Buttons {
		f := strings.Fields(b.Command)
		cmds = append(cmds, strings.Join(f[:min(2, len(f))], " "))
	}
	for _, want := range []string{"meet pick", "meet skip", "meet cant"} {
		if !slices.Contains(cmds, want) {
			t.Errorf("intro buttons %v lack %s", cmds, want)
		}
	}
}

func TestIntroWithoutSharedHoursProposesNone(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("m01", "tz America/Los_Angeles", "Time zone set")
	e.must("mod", "round now", "1 group")
	e.deliver()
	if _, g := e.latestGroup("m00"); len(g.Slots) != 0 {
		t.Fatalf("slots %v for Rome and Los Angeles", g.Slots)
	}
	if !strings.Contains(f.texts("m00")[0], "do not overlap") {
		t.Errorf("intro does not say there is no shared time:\n%s", f.texts("m00")[0])
	}
	// No time to pick: the footer asks them to agree on one.
	if txt := f.texts("m00")[0]; strings.Contains(txt, "Pick a time") || !strings.Contains(txt, "Agree on a time") {
		t.Errorf("intro footer without slots:\n%s", txt)
	}
	for _, b := range f.lastMessage("m00").Buttons {
		if strings.HasPrefix(b.Command, "meet pick") {
			t.Errorf("a pick button without slots: %+v", b)
		}
	}
}

func TestHoursShapeTheSlots(t *testing.T) {
	e, _ := fakeRoundEnv(t, 2)
	e.must("m00", "hours 8-16", "Working hours set to 8-16 (Europe/Rome)")
	e.must("m01", "hours 14:30-20", "Working hours set to 14:30-20")
	e.must("m00", "hours", "Your working hours: 8-16")
	for _, bad := range []string{"16-8", "8", "9-25", "nine-five"} {
		got := e.must("m00", "hours "+bad, "are not working hours")
		if !strings.Contains(got, "hours [START-END]") {
			t.Errorf("hours %s: no usage line: %s", bad, got)
		}
	}
	e.must("mod", "round now", "1 group")
	_, g := e.latestGroup("m00")
	rome, _ := time.LoadLocation("Europe/Rome")
	for _, s := range g.Slots {
		if l := s.In(rome); l.Hour()*60+l.Minute() < 14*60+30 || l.Hour() >= 16 {
			t.Errorf("slot %v outside 14:30-16", l)
		}
	}
	if len(g.Slots) != 2 {
		t.Errorf("slots %v", g.Slots)
	}
}

func TestPickTellsTheOthersAndRepickTellsAgain(t *testing.T) {
	e, f := fakeRoundEnv(t, 5) // a pair and a trio
	e.must("mod", "round now", "2 groups")
	e.deliver()
	_, g := e.latestGroup("m00")
	others, rest := othersOf(g, "m00", 5)
	before, beforeRest := counts(f, others), counts(f, rest)

	if got := e.pressButton(f, "m00", "meet pick"); !strings.Contains(got, "Done: Mon 30 Nov 2026, 10:00 CET") {
		t.Errorf("pick reply: %s", got)
	}
	e.deliver()
	for i, u := range others {
		txt := f.texts(u)
		if len(txt) != before[i]+1 || !strings.Contains(txt[len(txt)-1], "M00 picked Mon 30 Nov 2026, 10:00 CET") {
			t.Errorf("%s after the pick: %q", u, txt[before[i]:])
		}
	}
	if got := counts(f, rest); !slices.Equal(got, beforeRest) {
		t.Errorf("other groups were told: %v, before %v", got, beforeRest)
	}
	// The same press again tells nobody; another slot tells them again.
	e.pressButton(f, "m00", "meet pick")
	e.deliver()
	if got := e.pressDM(others[0], "meet pick "+mustRoundID(e, "m00")+" 2"); !strings.Contains(got, "Done: Tue 1 Dec 2026") {
		t.Errorf("re-pick reply: %s", got)
	}
	e.clock.Add(10 * time.Minute) // a pick notice comes at most every ten minutes
	e.deliver()
	tellees := append([]string{"m00"}, others[1:]...)
	for _, u := range tellees {
		txt := f.texts(u)
		if last := txt[len(txt)-1]; !strings.Contains(last, "moved your call to Tue 1 Dec 2026") {
			t.Errorf("%s was not told of the new pick: %q", u, last)
		}
	}
	if n := len(f.texts(others[0])); n != before[0]+1 {
		t.Errorf("the re-picker was told of their own pick: %d messages", n-before[0])
	}
	if _, g := e.latestGroup("m00"); g.Pick == nil || g.Pick.Slot != 1 || g.Pick.Seq != 2 || g.Pick.By.User != others[0] {
		t.Errorf("stored pick %+v", g.Pick)
	}
}

func mustRoundID(e *env, user string) string {
	r, _ := e.latestGroup(user)
	return r.ID
}

func TestCallingTheWeekOffIsPoliteAndFinal(t *testing.T) {
	for _, tt := range []struct{ button, reply, told string }{
		{"meet skip", "this week's call is off", "has to skip this week's call"},
		{"meet cant", "this week's call is off", "can't make it this week"},
	} {
		t.Run(tt.button, func(t *testing.T) {
			e, f := fakeRoundEnv(t, 3) // one trio
			e.must("mod", "round now", "1 group")
			e.deliver()
			_, g := e.latestGroup("m00")
			others, _ := othersOf(g, "m00", 3)
			if got := e.pressButton(f, "m00", tt.button); !strings.Contains(got, tt.reply) {
				t.Errorf("reply: %s", got)
			}
			e.deliver()
			for _, u := range others {
				if txt := f.texts(u); len(txt) != 2 || !strings.Contains(txt[1], "M00 "+tt.told) {
					t.Errorf("%s got %q", u, txt)
				}
			}
			// Pressing again, or picking, sends nothing more; nor does the
			// follow-up come.
			e.pressButton(f, "m00", tt.button)
			if got := e.do(others[0], "meet pick "+mustRoundID(e, "m00")+" 1"); !strings.Contains(got, "already off") {
				t.Errorf("pick after the call-off: %s", got)
			}
			e.clock.Add(80 * time.Hour)
			e.deliver()
			for _, u := range append(others, "m00") {
				if n := len(f.texts(u)); n != 1+btoi(u != "m00") {
					t.Errorf("%s: %d messages: %q", u, n, f.texts(u))
				}
			}
			if _, g := e.latestGroup("m00"); g.Ended == nil || g.Ended.By.User != "m00" {
				t.Errorf("stored end %+v", g.Ended)
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestPickIsRecordedWithTheMetAnswer(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("mod", "round now", "1 group")
	e.deliver()
	e.pressButton(f, "m00", "meet pick")
	e.clock.Add(76 * time.Hour) // after the picked call
	e.deliver()
	e.pressButton(f, "m01", "met yes")
	_, g := e.latestGroup("m00")
	if g.Pick == nil || g.Answers["test:S1:m01"] != "yes" || !g.MetAtSlot() {
		t.Fatalf("group %+v", g)
	}
	st, err := e.bot.CommunityStats(context.Background(), "labbit")
	if err != nil || st.MetAtSlot != 1 {
		t.Errorf("stats %+v, %v", st, err)
	}
	e.must("mod", "stats", "Met at a proposed time: 1 of 1 group that met")
}

func TestForgetMeLeavesTheGroupItsTime(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("mod", "round now", "1 group")
	e.deliver()
	e.pressButton(f, "m00", "meet pick")
	e.must("m00", "export-me", `"picked": "2026-11-30T09:00:00Z"`)
	e.pressButton(f, "m00", "meet cant")
	e.must("m00", "export-me", `"called_off": {
        "why": "cant",`)
	e.must("m00", "forget-me confirm", "")
	_, g := e.latestGroup("m01")
	if g.Pick == nil || g.Pick.By.Platform != "forgotten" || g.Ended.By.Platform != "forgotten" {
		t.Errorf("the forgotten member's pick %+v or call-off %+v", g.Pick, g.Ended)
	}
}

func TestForgetMeKeepsTheFollowupAfterTheCall(t *testing.T) {
	e, f := fakeRoundEnv(t, 3) // a trio: two remain to be asked
	e.must("m01", "tz America/New_York", "Time zone set")
	e.must("mod", "round now", "1 group")
	e.deliver()
	e.pick("m00", "2") // Tue 1 Dec 15:00 UTC, after the round's follow-up time
	e.clock.Add(73 * time.Hour)
	e.deliver()
	e.must("m00", "forget-me confirm", "")
	e.clock.Add(2 * 24 * time.Hour)
	e.deliver()
	if last := f.texts("m01"); !strings.Contains(last[len(last)-1], "Did you meet") {
		t.Errorf("m01 was not asked after the call: %q", last)
	}
}

// A round run late, close to the next one, proposes no time after the
// next round starts (its buttons would be over), and says why.
func TestLateRoundProposesNoTimeAfterTheNextRound(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.tickAll() // the scheduler holds Monday's round...
	e.clock.Add(9*24*time.Hour + 10*time.Hour)
	e.tickAll() // ...and runs it late, on the Sunday evening before the next
	r, g := e.latestGroup("m00")
	if !r.Ran.After(r.Period.Add(24 * time.Hour)) {
		t.Fatalf("round of %v ran %v: not late", r.Period, r.Ran)
	}
	if len(g.Slots) != 0 || !g.NoTimeLeft {
		t.Fatalf("slots %v (no time left %v) for a round run %v", g.Slots, g.NoTimeLeft, r.Ran)
	}
	if txt := f.texts("m00"); len(txt) == 0 || !strings.Contains(txt[len(txt)-1], "no working time left before the next round") {
		t.Errorf("intro does not say the next round leaves no time: %q", txt)
	}
}
