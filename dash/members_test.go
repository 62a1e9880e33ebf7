package dash_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn returns a signed-in client and its CSRF token.
func (e *env) signIn() (*http.Client, string) {
	e.t.Helper()
	c := e.client()
	_, body, _ := open(e.t, c, e.link("mod"))
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		e.t.Fatal("no CSRF token after sign-in")
	}
	return c, m[1]
}

func post(t *testing.T, c *http.Client, u string, v url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, readBody(t, resp)
}

func (e *env) status(user string) bot.Status {
	e.t.Helper()
	var st bot.Status
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		m, err := tx.Member(comm, bot.MemberID{Platform: "console", Space: "local", User: user})
		if err == nil {
			st = m.EffectiveStatus(e.now)
		}
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

func TestMemberNameIsEscaped(t *testing.T) {
	e := newEnv(t)
	e.b.Handle(context.Background(), &bot.Request{Platform: "console", Space: "local", User: "evil", Name: "<script>alert(1)</script>", Private: true, Text: "join"})
	c, _ := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/members")
	if strings.Contains(body, "<script>") {
		t.Fatal("a member's name reached the page unescaped")
	}
	if !strings.Contains(body, "&lt;script&gt;") {
		t.Error("the escaped name is missing from the members page")
	}
}

func TestPauseNeedsConfirmationAndCSRF(t *testing.T) {
	e := newEnv(t)
	e.do("anna", "join")
	c, csrf := e.signIn()
	form := url.Values{"csrf": {csrf}, "member": {"console:local:anna"}, "action": {"pause"}}
	if code, body := post(t, c, e.srv.URL+"/dash/members/confirm", form); code != http.StatusOK || !strings.Contains(body, "/dash/members/act") {
		t.Fatalf("confirmation page: %d", code)
	}
	if st := e.status("anna"); st != bot.StatusActive {
		t.Fatalf("asking for confirmation changed the status to %s", st)
	}
	bad := url.Values{"csrf": {"forged"}, "member": {"console:local:anna"}, "action": {"pause"}}
	if code, _ := post(t, c, e.srv.URL+"/dash/members/act", bad); code != http.StatusForbidden {
		t.Errorf("action with a forged CSRF token: %d, want 403", code)
	}
	if code, _ := post(t, c, e.srv.URL+"/dash/members/act", url.Values{"member": {"console:local:anna"}, "action": {"pause"}}); code != http.StatusForbidden {
		t.Errorf("action without a CSRF token: %d, want 403", code)
	}
	if st := e.status("anna"); st != bot.StatusActive {
		t.Fatalf("a refused action changed the status to %s", st)
	}
	if code, body := post(t, c, e.srv.URL+"/dash/members/act", form); code != http.StatusOK || !strings.Contains(body, "class=\"flash\"") {
		t.Fatalf("confirmed pause: %d", code)
	}
	if st := e.status("anna"); st != bot.StatusPaused {
		t.Errorf("after a confirmed pause anna is %s", st)
	}
	form.Set("action", "resume")
	post(t, c, e.srv.URL+"/dash/members/act", form)
	if st := e.status("anna"); st != bot.StatusActive {
		t.Errorf("after resume anna is %s", st)
	}
}

func TestRemoveAndUnremoveFromDashboard(t *testing.T) {
	e := newEnv(t)
	e.do("anna", "join")
	c, csrf := e.signIn()
	form := url.Values{"csrf": {csrf}, "member": {"console:local:anna"}, "action": {"remove"}}
	post(t, c, e.srv.URL+"/dash/members/act", form)
	if st := e.status("anna"); st != bot.StatusRemoved {
		t.Fatalf("after remove anna is %s", st)
	}
	form.Set("action", "unremove")
	post(t, c, e.srv.URL+"/dash/members/act", form)
	if st := e.status("anna"); st != bot.StatusLeft {
		t.Errorf("after unremove anna is %s, want left", st)
	}
}

func TestMembersCSVExport(t *testing.T) {
	e := newEnv(t)
	e.b.Handle(context.Background(), &bot.Request{Platform: "console", Space: "local", User: "zed", Name: "=HYPERLINK(1)", Handle: "-evil", Private: true, Text: "join"})
	five(e)
	if code, _, _ := get(t, e.client(), e.srv.URL+"/dash/members.csv"); code != http.StatusForbidden {
		t.Errorf("CSV without a session: %d, want 403", code)
	}
	c, _ := e.signIn()
	code, body, h := get(t, c, e.srv.URL+"/dash/members.csv")
	if code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %s", code, h.Get("Content-Type"))
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 7 {
		t.Fatalf("CSV has %d records, want a header and 6 members:\n%s", len(recs), body)
	}
	want := map[string]string{"id": "console:local:bruno", "name": "Bruno", "handle": "bru", "platforms": "console; slack", "status": "active",
		"seeks": "go", "last_activity": "2026-02-25 09:00", "rounds": "2", "answered": "2", "met": "2", "met_rate": "100%"}
	row := map[string]string{}
	for i, col := range recs[0] {
		row[col] = recs[2][i]
	}
	for col, v := range want {
		if row[col] != v {
			t.Errorf("bruno's %s: %q, want %q", col, row[col], v)
		}
	}
	if !strings.Contains(body, "'=HYPERLINK(1),'-evil") {
		t.Errorf("a name that is a formula is not quoted:\n%s", body)
	}
}

// The CSV's joined date is in the community's zone, as last_activity is.
func TestMembersCSVDatesInCommunityZone(t *testing.T) {
	e := newEnv(t)
	e.do("mod", "config timezone Pacific/Auckland") // UTC+13 in March
	late := e.now.Add(-12 * time.Hour)              // 21:00 UTC on March 1st: March 2nd in Auckland
	err := e.db.Update(context.Background(), func(tx bot.Tx) error {
		return tx.PutMember(&bot.Member{ID: bot.MemberID{Platform: "console", Space: "local", User: "kiri"}, Community: comm, Name: "Kiri",
			Status: bot.StatusActive, Joined: late, Seen: late})
	})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/members.csv")
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("CSV: %v\n%s", err, body)
	}
	row := map[string]string{}
	for i, col := range recs[0] {
		row[col] = recs[1][i]
	}
	if row["joined"] != "2026-03-02" || row["last_activity"] != "2026-03-02 10:00" {
		t.Errorf("joined %q, last_activity %q: want both in Auckland's zone", row["joined"], row["last_activity"])
	}
}
