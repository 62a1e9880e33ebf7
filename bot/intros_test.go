package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// press runs a button's command as user, as an adapter would.
func (e *env) press(user, command string) string {
	e.t.Helper()
	return e.bot.Handle(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: user, Private: true, Button: true, Text: command}).PlainText()
}

func last(f *fakeMessenger, user string) string {
	txt := f.texts(user)
	if len(txt) == 0 {
		return ""
	}
	return txt[len(txt)-1]
}

func TestIntroByNameAccepted(t *testing.T) {
	e, f := fakeRoundEnv(t, 3)
	e.must("m00", "intro @m01 I need help with go", "Request 1 sent to M01")
	e.deliver()
	req := last(f, "m01")
	for _, want := range []string{"M00 would like to meet you", "Why: I need help with go", "Only if you accept"} {
		if !strings.Contains(req, want) {
			t.Errorf("request DM lacks %q:\n%s", want, req)
		}
	}
	e.must("m01", "intros", "1: M00")
	e.must("m00", "intros", "1: to M01, waiting")
	e.must("m02", "intro accept 1", "Request 1 is not yours to answer")
	e.must("m00", "intro accept 1", "Request 1 is not yours to answer")
	if got := e.press("m01", "intro accept 1"); !strings.Contains(got, "you and M00 are now in touch") {
		t.Fatalf("accept: %s", got)
	}
	if got := e.press("m01", "intro accept 1"); !strings.Contains(got, "You already accepted") {
		t.Errorf("second accept: %s", got)
	}
	e.deliver()
	if got := last(f, "m00"); !strings.Contains(got, "You are in touch with @M01") {
		t.Errorf("requester DM: %s", got)
	}
	if got := last(f, "m01"); !strings.Contains(got, "You are in touch with @M00") {
		t.Errorf("target DM: %s", got)
	}
	e.must("mod", "stats", "Intros: 1 requested, 1 accepted (100% of those answered or expired)")
	// The accepted intro counts as met: the weekly round avoids the pair.
	e.must("mod", "round preview", "1 group. Nothing was sent or stored.")
	got := e.do("mod", "round preview")
	if strings.Contains(got, "M00 and @M01\n") {
		t.Errorf("round pairs an introduced pair again:\n%s", got)
	}
}

func TestIntroDeclinedAndExpired(t *testing.T) {
	e, f := fakeRoundEnv(t, 3)
	e.must("m00", "intro @m01", "Request 1 sent")
	e.must("m01", "intro decline 1", "M00 is told only that it is not possible right now")
	e.deliver()
	if got := last(f, "m00"); !strings.Contains(got, "not possible right now") || strings.Contains(strings.ToLower(got), "declin") {
		t.Errorf("requester told: %q", got)
	}
	// 30 days before the same target can be asked again: it looks sent, the
	// target never sees it, and it expires as "not possible right now".
	before := len(f.texts("m01"))
	e.must("m00", "intro @m01", "Request 2 sent to M01")
	e.must("m00", "intro @m02", "Request 3 sent")
	e.clock.Add(7*24*time.Hour + time.Minute)
	if _, err := e.bot.Tick(context.Background(), "labbit"); err != nil {
		t.Fatal(err)
	}
	e.deliver()
	if got := last(f, "m00"); !strings.Contains(got, "introduction to M02 is not possible right now") {
		t.Errorf("after expiry: %q", got)
	}
	if got := strings.Join(f.texts("m00"), "\n"); !strings.Contains(got, "introduction to M01 is not possible right now") {
		t.Errorf("the cooled-down request did not expire as not possible: %q", got)
	}
	e.deliver()
	if n := len(f.texts("m01")); n != before {
		t.Errorf("the target of a cooled-down request got %d new messages", n-before)
	}
	e.must("m02", "intro accept 3", "Request 3 is already closed")
	e.must("mod", "stats", "Intros: 3 requested, 0 accepted")
	// export-me never says declined, expired or refused.
	got := e.must("m00", "export-me", `"state": "not_possible"`)
	for _, w := range []string{"declined", "expired", "refused"} {
		if strings.Contains(got, w) {
			t.Errorf("the requester's export says %q:\n%s", w, got)
		}
	}
}

func TestIntroBySkill(t *testing.T) {
	f := newFake()
	e := roundEnv(t, 5, f) // m00 offers go, seeks ux design; m01 offers ux design ...
	got := e.must("m00", "intro ux", "The best match for ux design")
	if !strings.Contains(got, "@M01") || !strings.Contains(got, "Nothing is sent until you confirm") {
		t.Fatalf("proposal: %s", got)
	}
	if !strings.Contains(got, "Why M01:") || strings.Contains(got, "Why you:") {
		t.Errorf("the reasons are not headed by the proposed member: %s", got)
	}
	e.deliver()
	if len(f.texts("m01")) != 0 {
		t.Fatal("a proposal reached the target before confirming")
	}
	e.must("m00", "intros", "not sent until you confirm")
	if got := e.press("m00", "intro confirm 1"); !strings.Contains(got, "Request 1 sent to M01") {
		t.Fatalf("confirm: %s", got)
	}
	e.deliver()
	if got := last(f, "m01"); !strings.Contains(got, "Looking for: ux design") {
		t.Errorf("request: %s", got)
	}
	e.must("m00", "intro nothing-like-this", "Nobody active offers nothing like this")
}

func TestIntroLimitsAndBadInput(t *testing.T) {
	e, f := fakeRoundEnv(t, 8)
	e.must("m07", "block @m00", "blocked")
	e.must("m05", "pause 2w", "Paused")
	e.must("mod", "remove @m06", "removed")
	tests := []struct{ user, text, want string }{
		{"m00", "intro @m00", "You cannot ask to meet yourself"},
		{"m00", "intro @nobody", "No member @nobody here"},
		{"m00", "intro @m06", "No member"},
		{"m00", "intro @m05", "M05 is not available right now"},
		{"m00", "intro @m07 hi", "Request 1 sent to M07"}, // blocked by the target: looks sent, never delivered
		{"m00", "intro @m07 again", "You already asked to meet M07"},
		{"m00", "intro @m01", "Request"},
		{"m00", "intro @m01", "You already asked to meet M01"},
		{"m00", "intro @m02", "Request"},
		{"m00", "intro @m03", "You have 3 requests waiting for an answer, the limit"},
		{"m00", "intro cancel 99", "No introduction request 99"},
		{"m00", "intro cancel x", "'x' is not a request number"},
		{"m00", "intro @m04 " + strings.Repeat("x", 301), "The reason is 301 characters"},
		{"m01", "intro", "Missing"},
	}
	for _, tt := range tests {
		e.must(tt.user, tt.text, tt.want)
	}
	e.deliver()
	if len(f.texts("m07")) != 0 {
		t.Error("a member who blocked the requester got the request")
	}
	// Per-week limit: cancel to free pending slots, then ask again.
	for _, id := range []string{"1", "2", "3"} {
		e.must("m00", "intro cancel "+id, "canceled")
	}
	e.must("m00", "intro @m03", "Request")
	e.must("m00", "intro @m04", "Request")
	e.must("m00", "intro @m01", "You asked for 5 introductions this week, the limit")
}

func TestExportAndForgetCoverIntrosAndEvents(t *testing.T) {
	e := roundEnv(t, 2, newFake())
	e.must("m00", "intro @m01 let's talk go", "Request 1 sent")
	e.must("mod", "announce Aperitivo | tomorrow 18:30 | Bar Centrale", "")
	e.must("m00", "rsvp 1 yes", "")
	got := e.must("m00", "export-me", `"why": "let's talk go"`)
	if !strings.Contains(got, `"rsvps": {`) {
		t.Errorf("export lacks the RSVP:\n%s", got)
	}
	e.must("m00", "forget-me confirm", "deleted")
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		in, err := tx.Intro("labbit", "1")
		if err != nil {
			return err
		}
		if in.From.User == "m00" || in.Why != "" || in.State != bot.IntroCanceled {
			t.Errorf("intro after forget-me: %+v", in)
		}
		ev, err := tx.Event("labbit", "1")
		if err != nil {
			return err
		}
		if len(ev.RSVPs) != 0 {
			t.Errorf("RSVPs after forget-me: %v", ev.RSVPs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRemovalClosesIntrosAndForgetKeepsRemoval(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("m00", "intro @m01 hello", "Request 1 sent")
	e.must("mod", "remove @m00", "removed")
	e.must("m01", "intro accept 1", "Request 1 is already closed")
	e.deliver()
	for _, txt := range f.texts("m01") {
		if strings.Contains(txt, "would like to meet you") {
			t.Errorf("the request of a removed member was delivered: %q", txt)
		}
	}
	// forget-me does not undo a removal.
	e.must("m00", "forget-me confirm", "deleted")
	e.must("m00", "join", "A moderator removed you")
}

// TestCancelAndAskAgainCoolsDown: canceling a sent request and asking the
// same member again does not DM them again before the cooldown.
func TestCancelAndAskAgainCoolsDown(t *testing.T) {
	e, f := fakeRoundEnv(t, 3)
	for i, why := range []string{"one", "two", "three"} {
		if i > 0 {
			e.must("m00", "intro cancel "+strconv.Itoa(i), "canceled")
		}
		e.must("m00", "intro @m01 "+why, "Request "+strconv.Itoa(i+1)+" sent to M01")
		e.deliver()
	}
	if got := f.texts("m01"); len(got) != 1 {
		t.Errorf("m01 got %d request DMs, want 1: %q", len(got), got)
	}
	e.must("m00", "intros", "3: to M01, waiting")
}

// TestRequesterBlockOrLeaveWithdrawsRequests: a requester who blocks the
// target, or leaves, withdraws their open requests as intro cancel does.
func TestRequesterBlockOrLeaveWithdrawsRequests(t *testing.T) {
	for _, tc := range []struct{ name, cmd, accept string }{
		{"cancel", "intro cancel 1", "already closed"},
		{"block", "block @m01", "already closed"},
		{"leave", "leave", "already closed"},
		{"forget", "forget-me confirm", "No introduction request 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := roundEnv(t, 3, newFake())
			e.must("m00", "intro @m01 hi", "Request 1 sent to M01")
			e.must("m01", "intros", "1: M00")
			e.do("m00", tc.cmd)
			if got := e.do("m01", "intros"); strings.Contains(got, "1: ") {
				t.Errorf("the target still lists the request: %s", got)
			}
			e.must("m01", "intro accept 1", tc.accept)
		})
	}
}
