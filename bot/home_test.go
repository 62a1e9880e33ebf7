package bot_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// home is user's home page.
func (e *env) home(user string) *bot.Home {
	e.t.Helper()
	h, err := e.bot.Home(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: user})
	if err != nil {
		e.t.Fatalf("home of %s: %v", user, err)
	}
	return h
}

// homeText is everything the page says; homeCommands its buttons.
func homeText(h *bot.Home) string {
	var b strings.Builder
	for _, p := range h.Parts {
		b.WriteString(bot.SpansText(p.Title) + "\n")
		for _, it := range p.Items {
			b.WriteString(bot.Message{Blocks: it.Blocks}.PlainText() + "\n")
		}
	}
	return b.String()
}

func homeCommands(h *bot.Home) []string {
	var out []string
	for _, p := range h.Parts {
		for _, it := range p.Items {
			for _, btn := range it.Buttons {
				out = append(out, btn.Command)
			}
		}
	}
	return out
}

func ids(ms []*bot.Member) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID.User)
	}
	return out
}

// TestHomeShowsEachReaderWhatConsentAllows: a member's page holds their
// profile, their pair's card and contact, the requests to and from them
// and the events with their answer, and nothing of the others they did
// not agree to share; a stranger is asked to join; a moderator gets the
// figures and a dashboard button, never the link itself.
func TestHomeShowsEachReaderWhatConsentAllows(t *testing.T) {
	e := newEnv(t)
	for _, u := range []string{"anna", "marco"} {
		e.must(u, "join", "Welcome")
	}
	e.must("anna", "offer add go", "go")
	e.must("anna", "bio I write *bold* <!channel> things", "")
	e.must("marco", "contact marco@pair.example", "")
	e.must("mod", "round now", "1 group")
	for _, u := range []string{"giulia", "luca"} {
		e.must(u, "join", "Welcome")
		e.must(u, "contact "+u+"@secret.example", "")
	}
	e.must("giulia", "intro @anna we both write Go", "Request")
	e.must("anna", "intro @luca", "Request")
	e.must("mod", "announce Aperitivo | 2026-12-10 18:30 | Bar Centrale", "Event 1 announced")
	e.must("anna", "rsvp 1 yes", "going")

	anna := e.home("anna")
	if anna.Me == nil || anna.Me.ID.User != "anna" || anna.Moderator || anna.Stats != nil {
		t.Fatalf("anna's home: me %v, moderator %v, stats %v", anna.Me, anna.Moderator, anna.Stats)
	}
	if got := ids(anna.Pairing); !slices.Equal(got, []string{"marco"}) {
		t.Errorf("anna's pairing %v, want marco", got)
	}
	if len(anna.IntrosIn) != 1 || anna.IntrosIn[0].From.User != "giulia" || len(anna.IntrosOut) != 1 || anna.IntrosOut[0].To.User != "luca" {
		t.Errorf("anna's intros: in %+v, out %+v", anna.IntrosIn, anna.IntrosOut)
	}
	if len(anna.Events) != 1 || anna.Events[0].ID != "1" {
		t.Errorf("anna's events %+v", anna.Events)
	}
	text, cmds := homeText(anna), homeCommands(anna)
	for _, want := range []string{"I write *bold* <!channel> things", "marco@pair.example", "we both write Go", "(you are going)"} {
		if !strings.Contains(text, want) {
			t.Errorf("anna's page lacks %q:\n%s", want, text)
		}
	}
	for _, secret := range []string{"giulia@secret.example", "luca@secret.example"} {
		if strings.Contains(text, secret) {
			t.Errorf("anna's page shows %q, the contact of someone she was neither paired nor introduced to", secret)
		}
	}
	in := anna.IntrosIn[0].ID
	for _, want := range []string{"pause", "intro accept " + in, "intro decline " + in, "intro cancel " + anna.IntrosOut[0].ID, "rsvp 1 no"} {
		if !slices.Contains(cmds, want) {
			t.Errorf("anna's buttons %v lack %q", cmds, want)
		}
	}
	for _, never := range []string{"join", "dashboard", "rsvp 1 yes"} {
		if slices.Contains(cmds, never) {
			t.Errorf("anna's buttons %v hold %q", cmds, never)
		}
	}

	// Whoever was asked sees who asks; the requester sees nothing of them.
	luca := e.home("luca")
	if len(luca.IntrosIn) != 1 || luca.IntrosIn[0].From.User != "anna" || len(luca.Pairing) != 0 {
		t.Errorf("luca's home: intros in %+v, pairing %v", luca.IntrosIn, ids(luca.Pairing))
	}

	stranger := e.home("zoe")
	if stranger.Me != nil || len(stranger.Pairing)+len(stranger.IntrosIn)+len(stranger.Events) != 0 {
		t.Errorf("a stranger's home shows member data: %+v", stranger)
	}
	if got := homeCommands(stranger); !slices.Equal(got, []string{"join"}) {
		t.Errorf("a stranger's buttons %v, want join", got)
	}

	mod := e.home("mod")
	if !mod.Moderator || mod.Stats == nil || mod.Stats.Status[bot.StatusActive] != 4 {
		t.Fatalf("moderator's home: moderator %v, stats %+v", mod.Moderator, mod.Stats)
	}
	if !slices.Contains(homeCommands(mod), "dashboard") {
		t.Errorf("moderator's buttons %v lack dashboard", homeCommands(mod))
	}
	if strings.Contains(homeText(mod), "token=") {
		t.Errorf("the moderator's page holds a sign-in link:\n%s", homeText(mod))
	}

	// Paused: resume instead of pause. In Italian once asked.
	e.must("anna", "pause", "Paused")
	e.must("anna", "lang it", "")
	anna = e.home("anna")
	if cmds := homeCommands(anna); !slices.Contains(cmds, "resume") || slices.Contains(cmds, "pause") {
		t.Errorf("a paused member's buttons %v, want resume and no pause", cmds)
	}
	if anna.Lang != bot.LangIT || !strings.Contains(homeText(anna), "Il tuo profilo") {
		t.Errorf("anna's page is not in Italian:\n%s", homeText(anna))
	}

	// A pair who blocked the member since shares nothing more.
	e.must("marco", "block @anna", "")
	if got := ids(e.home("anna").Pairing); len(got) != 0 {
		t.Errorf("anna's pairing %v after marco blocked her", got)
	}
}

// TestHomeCapsLongLists: a page lists at most a few events and says how
// many more there are.
func TestHomeCapsLongLists(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome")
	for _, day := range []string{"10", "11", "12", "13", "14", "15", "16"} {
		e.must("mod", "announce Talk "+day+" | 2026-12-"+day+" 18:30 | Bar", "announced")
	}
	h := e.home("anna")
	rsvps := 0
	for _, c := range homeCommands(h) {
		if strings.HasPrefix(c, "rsvp ") {
			rsvps++
		}
	}
	if len(h.Events) != 7 || rsvps != 5 || !strings.Contains(homeText(h), "2 more") {
		t.Errorf("%d events, %d RSVP buttons, page:\n%s", len(h.Events), rsvps, homeText(h))
	}
}

// pressHome runs the command of the button on user's page that starts
// with prefix, as a press; it fails when the page has none.
func (e *env) pressHome(user, prefix string) string {
	e.t.Helper()
	for _, c := range homeCommands(e.home(user)) {
		if strings.HasPrefix(c, prefix) {
			return e.pressDM(user, c)
		}
	}
	e.t.Fatalf("%s's page has no %q button: %v", user, prefix, homeCommands(e.home(user)))
	return ""
}

// TestHomePairingCarriesTheIntrosButtons: the pairing on a member's page
// has the intro's buttons (a pick per time still ahead, skip, can't make
// it) with the intro's commands; a pick shows the time and drops its
// button; once the follow-up is due the page asks it instead; a call
// called off says so and offers nothing.
func TestHomePairingCarriesTheIntrosButtons(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("mod", "round now", "1 group")
	e.deliver()
	r, g := e.latestGroup("m00")
	intro := map[string]bool{}
	for _, b := range f.lastMessage("m00").Buttons {
		intro[b.Command] = true
	}
	h := e.home("m00")
	if h.Round == nil || h.Round.ID != r.ID || h.Group == nil || len(h.Group.Slots) != 2 {
		t.Fatalf("home round %+v group %+v", h.Round, h.Group)
	}
	gi := " " + strconv.Itoa(r.GroupOf(g.Members[0])+1) // the buttons name the group
	want := []string{"meet pick " + r.ID + " 1" + gi, "meet pick " + r.ID + " 2" + gi, "meet skip " + r.ID + gi, "meet cant " + r.ID + gi}
	cmds := homeCommands(h)
	for _, w := range want {
		if !slices.Contains(cmds, w) || !intro[w] {
			t.Errorf("page %v / intro %v: want %q on both", cmds, intro, w)
		}
	}

	// A pick from the page tells the partner; the page shows the time.
	before := len(f.texts("m01"))
	e.pressHome("m00", "meet pick "+r.ID+" 1")
	e.deliver()
	if got := f.texts("m01"); len(got) != before+1 || !strings.Contains(got[len(got)-1], "picked") {
		t.Errorf("m01 after m00's pick: %q", got[before:])
	}
	h = e.home("m01")
	if text := homeText(h); !strings.Contains(text, "Time picked: Mon 30 Nov 2026") {
		t.Errorf("m01's page does not show the picked time:\n%s", text)
	}
	if cmds := homeCommands(h); slices.Contains(cmds, want[0]) || !slices.Contains(cmds, want[1]) {
		t.Errorf("after picking time 1, buttons %v", cmds)
	}

	// A time gone by loses its button.
	e.clock.Add(g.Slots[1].Sub(e.clock.Now()) + time.Minute)
	if cmds := homeCommands(e.home("m00")); slices.ContainsFunc(cmds, func(c string) bool { return strings.HasPrefix(c, "meet pick") }) {
		t.Errorf("a pick button for a time gone by: %v", cmds)
	}

	// The follow-up, due a few hours after the picked call, is due by
	// now: the page asks it, until answered.
	cmds = homeCommands(e.home("m00"))
	for _, w := range []string{"met yes " + r.ID, "met notyet " + r.ID, "met no " + r.ID} {
		if !slices.Contains(cmds, w) {
			t.Errorf("follow-up due: buttons %v lack %q", cmds, w)
		}
	}
	if slices.Contains(cmds, want[2]) {
		t.Errorf("follow-up due: still %q in %v", want[2], cmds)
	}
	e.pressHome("m00", "met yes")
	if cmds := homeCommands(e.home("m00")); slices.ContainsFunc(cmds, func(c string) bool { return strings.HasPrefix(c, "met ") }) {
		t.Errorf("answered: still %v", cmds)
	}
}

func TestHomeSaysACalledOffCallIsOff(t *testing.T) {
	for _, button := range []string{"meet skip", "meet cant"} {
		t.Run(button, func(t *testing.T) {
			e, _ := fakeRoundEnv(t, 2)
			e.must("mod", "round now", "1 group")
			e.pressHome("m01", button)
			for _, u := range []string{"m00", "m01"} {
				h := e.home(u)
				text := homeText(h)
				if !strings.Contains(text, "is off this week") || strings.Contains(text, "here is who to meet") {
					t.Errorf("%s's page after %s:\n%s", u, button, text)
				}
				if cmds := homeCommands(h); slices.ContainsFunc(cmds, func(c string) bool { return strings.HasPrefix(c, "meet ") || strings.HasPrefix(c, "met ") }) {
					t.Errorf("%s's page after %s has %v", u, button, cmds)
				}
			}
		})
	}
}

// A pick later than the round's follow-up moves the group's: until then
// the page keeps the pick, skip and can't buttons and asks nothing.
func TestHomeAsksDidYouMeetOnlyAfterThePickedCall(t *testing.T) {
	e, _ := fakeRoundEnv(t, 2)
	e.must("mod", "round now", "1 group")
	e.deliver()
	r, g := e.lateSlotGroup("m00")
	e.pressHome("m00", "meet pick "+r.ID+" 2")
	e.clock.Add(r.FollowupAt.Sub(e.clock.Now()) + time.Minute)
	cmds := homeCommands(e.home("m00"))
	if slices.ContainsFunc(cmds, func(c string) bool { return strings.HasPrefix(c, "met ") }) {
		t.Errorf("the page asks whether they met before the picked call: %v", cmds)
	}
	if !slices.ContainsFunc(cmds, func(c string) bool { return strings.HasPrefix(c, "meet skip "+r.ID) }) ||
		!slices.ContainsFunc(cmds, func(c string) bool { return strings.HasPrefix(c, "meet cant "+r.ID) }) {
		t.Errorf("before the picked call the page lacks skip and can't: %v", cmds)
	}
	e.clock.Add(g.Slots[1].Add(bot.SlotLength + 3*time.Hour).Sub(e.clock.Now()))
	if cmds := homeCommands(e.home("m00")); !slices.Contains(cmds, "met yes "+r.ID) {
		t.Errorf("after the picked call the page does not ask: %v", cmds)
	}
}
