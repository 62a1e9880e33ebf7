package slack

import (
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

// pairedHomes runs a round of anna and marco, with both Home tabs open,
// refreshed 10 ms after a change; it returns anna's page and the round's
// id.
func pairedHomes(t *testing.T, socket bool) (*e2e, bottest.Delivery, string) {
	t.Helper()
	e := newE2E(t, socket, nil)
	for _, u := range []string{"U0ANNA", "U0MARCO"} {
		e.must(t, u, "join", "Welcome")
	}
	e.must(t, e2eMod, "round now", "1 group")
	e.deliver(t)
	e.openHome(t, "U0MARCO")
	page := e.openHome(t, "U0ANNA")
	i := slices.IndexFunc(page.Buttons, func(b bot.Button) bool { return strings.HasPrefix(b.Command, "meet skip ") })
	if i < 0 {
		t.Fatalf("anna's page has no pairing buttons: %v\n%s", commands(page), page.Text)
	}
	round, _, _ := strings.Cut(strings.TrimPrefix(page.Buttons[i].Command, "meet skip "), " ") // "ROUND GROUP"
	return e, page, round
}

// TestHomeTabPickTellsThePartner: the pairing on the page carries the
// intro's buttons; a pick pressed there tells the partner, and both
// pages then show the time picked.
func TestHomeTabPickTellsThePartner(t *testing.T) {
	eachMode(t, func(t *testing.T, socket bool) {
		e, page, round := pairedHomes(t, socket)
		f := e.h.fake
		for _, cmd := range []string{"meet pick " + round + " 1", "meet pick " + round + " 2", "meet cant " + round} {
			button(t, page, cmd)
		}
		mark := f.Mark()
		page = e.pressHome(t, "U0ANNA", button(t, page, "meet pick "+round+" 1"))
		if !strings.Contains(page.Text, "Time picked") || !strings.Contains(page.Text, "Done: ") {
			t.Errorf("anna's page after her pick:\n%s", page.Text)
		}
		e.deliver(t)
		dms := f.Since(mark, "chat.postMessage")
		if len(dms) != 1 || dms[0].Channel != "DU0MARCO" || !strings.Contains(callText(t, dms[0]), "picked") {
			t.Fatalf("after the pick, posts %+v; want one DM to marco", dms)
		}
		// Marco's page follows the DM rete sent him.
		if got := f.Home(t, "U0MARCO", mark); !strings.Contains(got.Text, "Time picked") {
			t.Errorf("marco's page after anna's pick:\n%s", got.Text)
		}
	})
}

// TestHomeTabCallOffSaysSo: after "Can't make it" on the page, both
// pages say the call is off and offer no meeting button.
func TestHomeTabCallOffSaysSo(t *testing.T) {
	e, page, round := pairedHomes(t, false)
	f := e.h.fake
	mark := f.Mark()
	for _, tt := range []struct {
		user string
		page func() bottest.Delivery
	}{
		{"U0ANNA", func() bottest.Delivery { return e.pressHome(t, "U0ANNA", button(t, page, "meet cant "+round)) }},
		{"U0MARCO", func() bottest.Delivery { e.deliver(t); return f.Home(t, "U0MARCO", mark) }},
	} {
		user, d := tt.user, tt.page()
		if !strings.Contains(d.Text, "is off this week") || strings.Contains(d.Text, "here is who to meet") {
			t.Errorf("%s's page after the call-off:\n%s", user, d.Text)
		}
		if slices.ContainsFunc(commands(d), func(c string) bool { return strings.HasPrefix(c, "meet ") }) {
			t.Errorf("%s's page after the call-off has %v", user, commands(d))
		}
	}
}

// TestHomeTabForgetMeShowsAStranger: after forget-me by slash command,
// the page is published again and holds nothing of the member.
func TestHomeTabForgetMeShowsAStranger(t *testing.T) {
	e := newE2E(t, false, nil)
	f := e.h.fake
	e.must(t, "U0ANNA", "join", "Welcome")
	e.must(t, "U0ANNA", "bio Ten years of Go at Acme", "")
	if page := e.openHome(t, "U0ANNA"); !strings.Contains(page.Text, "Acme") {
		t.Fatalf("anna's page:\n%s", page.Text)
	}
	mark := f.Mark()
	e.must(t, "U0ANNA", "forget-me confirm", "")
	page := f.Home(t, "U0ANNA", mark)
	if strings.Contains(page.Text, "Acme") || strings.Contains(page.Text, "Your profile") || !slices.Equal(commands(page), []string{"join"}) {
		t.Errorf("anna's page after forget-me (buttons %v):\n%s", commands(page), page.Text)
	}
}

// TestHomeTabAcknowledgedBeforePublishing: Slack gets its 200 for
// app_home_opened before the adapter asks users.info or publishes, and
// the page follows.
func TestHomeTabAcknowledgedBeforePublishing(t *testing.T) {
	e := newE2E(t, false, nil)
	f := e.h.fake
	e.must(t, "U0ANNA", "join", "Welcome")
	acked := make(chan struct{})
	var early atomic.Bool
	f.Hold(func(method string) {
		if method != "views.publish" && method != "users.info" {
			return
		}
		select {
		case <-acked:
		case <-time.After(2 * time.Second):
			early.Store(true) // the event's answer waited for this call
		}
	})
	mark := f.Mark()
	f.OpenHome(t, e.h.srv.URL, testTeam, "U0ANNA") // returns with Slack's answer
	close(acked)
	if page := f.Home(t, "U0ANNA", mark); !strings.Contains(page.Text, "Your profile") {
		t.Errorf("anna's page:\n%s", page.Text)
	}
	if early.Load() {
		t.Error("the event was answered only after users.info or views.publish")
	}
}
