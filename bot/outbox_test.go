package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// announcedToTen is a community of ten members, u0 to u9, and an event
// whose announcement post is already sent.
func announcedToTen(t *testing.T) (*env, *postFake, []string) {
	t.Helper()
	var users []string
	for i := range 10 {
		users = append(users, fmt.Sprintf("u%d", i))
	}
	e, f := eventEnv(t, users...)
	e.must("mod", "announce Cena | 2026-12-10 19:00 | Trattoria", "Event 1 announced")
	e.deliver()
	return e, f, users
}

// TestTenRSVPsMakeOneEdit: RSVPs queue an edit of the announcement post;
// one still pending is kept and renders the latest count when sent.
func TestTenRSVPsMakeOneEdit(t *testing.T) {
	e, f, users := announcedToTen(t)
	for _, u := range users {
		e.must(u, "rsvp 1 yes", "You are going")
	}
	if f.nedit != 0 {
		t.Fatalf("%d edits before delivery: the outbox is the way out", f.nedit)
	}
	e.deliver()
	if f.nedit != 1 || !strings.Contains(f.post(1), "Going: 10") {
		t.Fatalf("%d edits, post:\n%s", f.nedit, f.post(1))
	}
	// Once sent, the next change queues a new edit.
	e.must("u0", "rsvp 1 no", "not going")
	e.deliver()
	if f.nedit != 2 || !strings.Contains(f.post(1), "Going: 9") {
		t.Fatalf("%d edits, post:\n%s", f.nedit, f.post(1))
	}
	err := e.db.View(t.Context(), func(tx bot.Tx) error {
		return tx.Pending("test", func(p *bot.OutboxEntry) error {
			if p.Kind == bot.OutboxEdit {
				t.Errorf("edit %s still pending", p.ID)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPrivateReplyGoesThroughTheOutbox: a private reply asked for in a
// channel is queued, sent by the outbox, and its text is not kept once
// sent.
func TestPrivateReplyGoesThroughTheOutbox(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome")
	pub := e.bot.Handle(t.Context(), &bot.Request{Platform: "test", Space: "S1", User: "anna", Text: "export-me"}).PlainText()
	if !strings.Contains(pub, "direct message") || len(e.dms.dms) != 0 {
		t.Fatalf("reply %q, dms before delivery %q", pub, e.dms.dms)
	}
	e.deliver()
	if len(e.dms.dms) != 1 || !strings.HasPrefix(e.dms.dms[0], "anna: ") {
		t.Fatalf("dms: %q", e.dms.dms)
	}
	err := e.db.View(t.Context(), func(tx bot.Tx) error {
		return tx.Done("test", func(d *bot.OutboxEntry) error {
			if strings.HasPrefix(d.ID, "reply/") && (d.Message != nil || d.Sent.IsZero()) {
				t.Errorf("done reply %s: sent %v, keeps its text: %v", d.ID, d.Sent, d.Message != nil)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestWaitingDestinationDoesNotHoldOthers: with one message a second per
// destination, anna's second DM waits a second while marco's goes out.
func TestWaitingDestinationDoesNotHoldOthers(t *testing.T) {
	for _, tc := range []struct {
		name      string
		lim       bot.Limit
		first     []string // DMs out at once
		wait      time.Duration
		afterWait int // DMs out in all after the wait
	}{
		{"per destination", bot.Limit{PerDestination: 1}, []string{"anna", "marco"}, time.Second, 3},
		{"overall", bot.Limit{Rate: 1, Burst: 1}, []string{"anna"}, time.Second, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			for _, u := range []string{"anna", "marco"} {
				e.must(u, "join", "Welcome")
			}
			for _, u := range []string{"anna", "anna", "marco"} {
				e.bot.Handle(t.Context(), &bot.Request{Platform: "test", Space: "S1", User: u, Text: "export-me"})
			}
			l := bot.NewLimiter(tc.lim)
			t0 := e.clock.Now()
			next, err := e.bot.DeliverLimited(t.Context(), "test", l)
			if err != nil {
				t.Fatal(err)
			}
			if got := recipients(e.dms.dms); strings.Join(got, " ") != strings.Join(tc.first, " ") {
				t.Fatalf("out at once: %v, want %v", got, tc.first)
			}
			if !next.Equal(t0.Add(tc.wait)) {
				t.Errorf("next look at %v, want %v", next, t0.Add(tc.wait))
			}
			e.clock.Add(tc.wait)
			if _, err := e.bot.DeliverLimited(t.Context(), "test", l); err != nil {
				t.Fatal(err)
			}
			if got := recipients(e.dms.dms); len(got) != tc.afterWait {
				t.Errorf("out after the wait: %v, want %d", got, tc.afterWait)
			}
		})
	}
}

// recipients lists who each recorded DM went to.
func recipients(dms []string) []string {
	var out []string
	for _, d := range dms {
		user, _, _ := strings.Cut(d, ":")
		out = append(out, user)
	}
	return out
}

// editHook is a postFake that runs hook during its first Edit, as if
// someone answered while the edit was on its way.
type editHook struct {
	*postFake
	hook func()
}

func (h *editHook) Edit(ctx context.Context, ref bot.MessageRef, m bot.Message) error {
	if hook := h.hook; hook != nil {
		h.hook = nil
		hook()
	}
	return h.postFake.Edit(ctx, ref, m)
}

// TestEditCatchesUpWithAChangeWhileSent: an RSVP that arrives while the
// post's edit is being sent finds it pending and keeps it; the edit is
// then sent again with the new count instead of being dropped.
func TestEditCatchesUpWithAChangeWhileSent(t *testing.T) {
	f := &editHook{postFake: newPostFake()}
	e := &env{t: t, db: openDB(t), clock: &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}}
	e.bot = eventBot(t, e, f)
	for _, u := range []string{"anna", "marco"} {
		e.must(u, "join", "Welcome")
	}
	e.must("mod", "announce Cena | 2026-12-10 19:00 | Trattoria", "Event 1 announced")
	e.deliver()
	e.must("anna", "rsvp 1 yes", "You are going")
	f.hook = func() { e.must("marco", "rsvp 1 yes", "You are going") }
	e.deliver()
	if !strings.Contains(f.post(1), "Going: 1") {
		t.Fatalf("first edit:\n%s", f.post(1))
	}
	e.deliver()
	if f.nedit != 2 || !strings.Contains(f.post(1), "Going: 2") {
		t.Fatalf("%d edits, post:\n%s", f.nedit, f.post(1))
	}
}

// TestRSVPBurstMakesOneEditUnderTheWorker: with the worker's limits, ten
// RSVPs in a second, each followed by a delivery pass, make one edit, a
// second after the first RSVP, with the final count.
func TestRSVPBurstMakesOneEditUnderTheWorker(t *testing.T) {
	e, f, users := announcedToTen(t)
	l := bot.NewLimiter(bot.Limit{Rate: 1, Burst: 3, PerDestination: 1, Coalesce: time.Second})
	pass := func() time.Time {
		t.Helper()
		next, err := e.bot.DeliverLimited(t.Context(), "test", l)
		if err != nil {
			t.Fatal(err)
		}
		return next
	}
	t0 := e.clock.Now()
	for _, u := range users {
		e.must(u, "rsvp 1 yes", "You are going")
		pass()
		e.clock.Add(90 * time.Millisecond)
	}
	if f.nedit != 0 {
		t.Fatalf("%d edits within the second", f.nedit)
	}
	e.clock.t = t0.Add(time.Second)
	pass()
	if f.nedit != 1 || !strings.Contains(f.post(1), "Going: 10") {
		t.Fatalf("%d edits, post:\n%s", f.nedit, f.post(1))
	}
}
