package dash_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rete-bot/rete/bot"
)

// memberStatus is a member's stored status, "" when there is none.
func (e *env) memberStatus(id bot.MemberID) bot.Status {
	e.t.Helper()
	var st bot.Status
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		m, err := tx.Member(comm, id)
		if err == nil {
			st = m.Status
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

// A remove acts on the member the form names, never on one whose handle
// is that member's user id.
func TestRemoveActsOnTheFormsMemberOnly(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.b.Handle(ctx, &bot.Request{Platform: "telegram", Space: "-100", User: "4242", Name: "Real Person", Private: true, Text: "join"})
	e.b.Handle(ctx, &bot.Request{Platform: "console", Space: "local", User: "imp", Name: "Impostor", Handle: "4242", Private: true, Text: "join"})
	c, csrf := e.signIn()
	target := bot.MemberID{Platform: "telegram", Space: "-100", User: "4242"}
	if code, _ := post(t, c, e.srv.URL+"/dash/members/act", url.Values{"csrf": {csrf}, "member": {target.String()}, "action": {"remove"}}); code != http.StatusOK {
		t.Fatalf("act: %d", code)
	}
	if got := e.memberStatus(target); got != bot.StatusRemoved {
		t.Errorf("target is %q, want removed", got)
	}
	if got := e.memberStatus(bot.MemberID{Platform: "console", Space: "local", User: "imp"}); got != bot.StatusActive {
		t.Errorf("impostor is %q, want active", got)
	}
}

// An action on a member forgotten since the page was shown says so on
// the members page.
func TestActOnForgottenMemberFlashes(t *testing.T) {
	e := newEnv(t)
	e.do("carl", "join")
	c, csrf := e.signIn()
	e.do("carl", "forget-me confirm")
	for _, a := range []string{"pause", "resume", "remove", "unremove"} {
		code, body := post(t, c, e.srv.URL+"/dash/members/confirm", url.Values{"csrf": {csrf}, "member": {"console:local:carl"}, "action": {a}})
		if code != http.StatusOK || !strings.Contains(body, "no longer in the community") {
			t.Errorf("confirming %s on a forgotten member: %d, no flash", a, code)
		}
		code, body = post(t, c, e.srv.URL+"/dash/members/act", url.Values{"csrf": {csrf}, "member": {"console:local:carl"}, "action": {a}})
		if code != http.StatusOK || !strings.Contains(body, "no longer in the community") {
			t.Errorf("%s on a forgotten member: %d, no flash", a, code)
		}
	}
}

// A flash the page did not sign is not shown.
func TestMembersFlashIsSigned(t *testing.T) {
	e := newEnv(t)
	c, _ := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/members?done=Send+your+password")
	if strings.Contains(body, "Send your password") {
		t.Error("the members page shows an unsigned flash")
	}
}

// asBoss sends text as boss, a platform admin when admin is set.
func (e *env) asBoss(admin bool, text string) bot.Message {
	return e.b.Handle(context.Background(), &bot.Request{Platform: "console", Space: "local", User: "boss", Name: "Boss", Admin: admin, Private: true, Text: text})
}

// A platform admin signed in who is no longer admin loses the dashboard
// at once, and so does a moderator taken off the list.
func TestDemotedModeratorLosesDashboard(t *testing.T) {
	e := newEnv(t)
	e.do("hannah", "join")
	link := signinLink(e.asBoss(true, "dashboard"))
	c := e.client()
	_, body, _ := open(t, c, link)
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("a platform admin cannot sign in")
	}
	if code, _, _ := get(t, c, e.srv.URL+"/dash/members"); code != http.StatusOK {
		t.Fatalf("members page for an admin: %d", code)
	}
	e.asBoss(false, "help") // the platform now says boss is no admin
	if code, _, _ := get(t, c, e.srv.URL+"/dash/members"); code != http.StatusForbidden {
		t.Errorf("members page for a demoted admin: %d, want 403", code)
	}
	post(t, c, e.srv.URL+"/dash/members/act", url.Values{"csrf": {m[1]}, "member": {"console:local:hannah"}, "action": {"remove"}})
	if got := e.status("hannah"); got != bot.StatusActive {
		t.Errorf("a demoted admin changed hannah to %q", got)
	}
}

// A link redeemed after its moderator was demoted signs nobody in.
func TestLinkOfDemotedAdminSignsNobodyIn(t *testing.T) {
	e := newEnv(t)
	link := signinLink(e.asBoss(true, "dashboard"))
	e.asBoss(false, "help")
	if code, _, _ := open(t, e.client(), link); code != http.StatusGone {
		t.Errorf("sign-in of a demoted admin: %d, want 410", code)
	}
}
