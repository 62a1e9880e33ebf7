package slack

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/slack/slackfake"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
	"github.com/rete-bot/rete/store"
)

// retryEvent posts an Events API event as Slack does, retry 0 being the
// first attempt.
func retryEvent(t *testing.T, h *harness, eventID string, retry int) int {
	t.Helper()
	ev := []byte(`{"type":"event_callback","team_id":"` + testTeam + `","event_id":"` + eventID + `","event":{"type":"team_join","user":{"id":"U9"}}}`)
	hdr := map[string]string{}
	if retry > 0 {
		hdr["X-Slack-Retry-Num"] = strconv.Itoa(retry)
		hdr["X-Slack-Retry-Reason"] = "http_timeout"
	}
	resp, _ := h.send(t, "/slack/events", "application/json", ev, hdr)
	return resp.StatusCode
}

// pressAs presses a button with a given trigger_id and waits until the
// adapter has finished with it.
func pressAs(t *testing.T, h *harness, trigger, hook string) {
	t.Helper()
	body := h.pressWith("U0ANNA", "DU0ANNA", hook, trigger, bot.Button{Label: "Going", Command: "rsvp 1 yes"}, 0)
	if resp, out := h.send(t, "/slack/interactions", "application/x-www-form-urlencoded", body, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("press: %s %s", resp.Status, out)
	}
	if err := h.a.Shutdown(context.Background()); err != nil { // waits for the press
		t.Fatal(err)
	}
}

// openSeen opens the store in dir, to serve as the adapter's Seen.
func openSeen(t *testing.T, dir string) *store.DB {
	t.Helper()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// restart is a new process: it closes db, opens the store in dir again
// and returns a new adapter with it as Seen.
func restart(t *testing.T, db *store.DB, dir string, rec *bottest.Recorder) *harness {
	t.Helper()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openSeen(t, dir)
	t.Cleanup(func() { db.Close() })
	return newHarness(t, rec, func(c *Config) { c.Seen = db })
}

// TestDedupeSurvivesRestart: with the store as Seen, a retry after a
// restart is still recognised, for events and for button presses.
func TestDedupeSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	db := openSeen(t, dir)
	rec := &bottest.Recorder{Reply: func(*bot.Request) bot.Message { return bot.Message{} }}
	h := newHarness(t, rec, func(c *Config) { c.Seen = db })
	if code := retryEvent(t, h, "Ev0RESTART", 0); code != http.StatusOK {
		t.Fatalf("event: %d", code)
	}
	pressAs(t, h, "7.7.7", "")
	if n := strings.Count(h.logs.String(), "member joined; no message sent"); n != 1 {
		t.Fatalf("event handled %d times", n)
	}
	if n := len(rec.Requests()); n != 1 {
		t.Fatalf("%d presses handled", n)
	}
	h = restart(t, db, dir, rec)
	if code := retryEvent(t, h, "Ev0RESTART", 2); code != http.StatusOK {
		t.Fatalf("retried event: %d", code)
	}
	pressAs(t, h, "7.7.7", "")
	if strings.Contains(h.logs.String(), "member joined") || !strings.Contains(h.logs.String(), "duplicate event ignored") {
		t.Errorf("the retried event was handled again after a restart:\n%s", h.logs.String())
	}
	if reqs := rec.Requests(); len(reqs) != 0 {
		t.Errorf("the redelivered press was handled again after a restart: %+v", reqs)
	}
	// A new event and a new press are handled.
	retryEvent(t, h, "Ev0NEW", 0)
	pressAs(t, h, "7.7.8", "")
	if !strings.Contains(h.logs.String(), "member joined") || len(rec.Requests()) != 1 {
		t.Error("new deliveries were not handled")
	}
}

// TestRetryOfFailedAttempt: a retry whose first attempt did not get
// through is handled.
func TestRetryOfFailedAttempt(t *testing.T) {
	t.Run("first attempt refused", func(t *testing.T) {
		h := newHarness(t, &bottest.Recorder{})
		ev := []byte(`{"type":"event_callback","team_id":"T1","event_id":"Ev0LOST","event":{"type":"team_join","user":{"id":"U9"}}}`)
		now := h.clock.Now().Unix()
		// The first attempt arrives with a clock six minutes off: refused
		// before it is read.
		if resp, _ := post(t, h, "/slack/events", ev, header(now-360, slackfake.Sign(testSecret, now-360, ev))); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("stale attempt: %s", resp.Status)
		}
		if code := retryEvent(t, h, "Ev0LOST", 1); code != http.StatusOK {
			t.Fatal(code)
		}
		if !strings.Contains(h.logs.String(), "member joined") {
			t.Error("the retry of a refused attempt was not handled")
		}
	})
	t.Run("first handling panicked", func(t *testing.T) {
		var calls atomic.Int32
		rec := &bottest.Recorder{Reply: func(r *bot.Request) bot.Message {
			if calls.Add(1) == 1 {
				panic("store on fire")
			}
			return hello("You are going")
		}}
		h := newHarness(t, rec)
		pressAs(t, h, "9.9.9", h.newHook("first", "U0ANNA"))
		if !strings.Contains(h.logs.String(), "button press failed; a retry will be handled") || !strings.Contains(h.logs.String(), "store on fire") {
			t.Fatalf("the panic was not reported:\n%s", h.logs.String())
		}
		hook := h.newHook("retry", "U0ANNA")
		pressAs(t, h, "9.9.9", hook)
		if c := h.fake.Hook(t, hook); c.Text != "You are going" {
			t.Errorf("retry answered %+v", c)
		}
		pressAs(t, h, "9.9.9", h.newHook("third", "U0ANNA"))
		if n := calls.Load(); n != 2 {
			t.Errorf("handled %d times, want 2 (the failed attempt and its retry, not the third delivery)", n)
		}
	})
	t.Run("retry while the first is running", func(t *testing.T) {
		release := make(chan struct{})
		var calls atomic.Int32
		rec := &bottest.Recorder{Reply: func(r *bot.Request) bot.Message {
			calls.Add(1)
			<-release
			return bot.Message{}
		}}
		h := newHarness(t, rec)
		for range 2 {
			body := h.pressWith("U0ANNA", "DU0ANNA", "", "5.5.5", bot.Button{Label: "Going", Command: "rsvp 1 yes"}, 0)
			if resp, _ := h.send(t, "/slack/interactions", "application/x-www-form-urlencoded", body, nil); resp.StatusCode != http.StatusOK {
				t.Fatal(resp.Status)
			}
		}
		deadline := time.Now().Add(2 * time.Second)
		for !strings.Contains(h.logs.String(), "duplicate button press ignored") && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		close(release)
		h.a.Shutdown(context.Background())
		if n := calls.Load(); n != 1 {
			t.Errorf("handled %d times, want once", n)
		}
	})
	t.Run("the process died while handling", func(t *testing.T) {
		rec := &bottest.Recorder{}
		h := newHarness(t, rec)
		// A previous process claimed the press and died before handling
		// it (with the store as Seen, the claim survives the restart).
		if first, err := h.a.dedupe.Seen.SeenOnce(context.Background(), triggerKey("6.6.6"), claimTTL); err != nil || !first {
			t.Fatal(first, err)
		}
		h.clock.Advance(time.Minute) // Slack's retry after 1 minute
		pressAs(t, h, "6.6.6", "")
		if n := len(rec.Requests()); n != 0 {
			t.Fatalf("the retry ran while the claim held (%d)", n)
		}
		h.clock.Advance(4 * time.Minute) // the retry after 5 minutes
		pressAs(t, h, "6.6.6", "")
		if n := len(rec.Requests()); n != 1 {
			t.Fatalf("the last retry of a delivery lost in a crash: handled %d times, want 1", n)
		}
		h.clock.Advance(5 * time.Minute) // handled: remembered for dedupeTTL
		pressAs(t, h, "6.6.6", "")
		if n := len(rec.Requests()); n != 0 {
			t.Errorf("a handled press ran again %v later", 5*time.Minute)
		}
	})
	t.Run("de-duplication unavailable", func(t *testing.T) {
		h := newHarness(t, &bottest.Recorder{}, func(c *Config) { c.Seen = brokenSeen{} })
		for i := range 2 {
			if code := retryEvent(t, h, "Ev0BROKEN", i); code != http.StatusOK {
				t.Fatal(code)
			}
		}
		if n := strings.Count(h.logs.String(), "member joined"); n != 2 {
			t.Errorf("handled %d times; without de-duplication every delivery is handled", n)
		}
		if !strings.Contains(h.logs.String(), "de-duplication unavailable") {
			t.Error("the failing store was not logged")
		}
	})
}

// brokenSeen is a Seen whose store is down.
type brokenSeen struct{}

func (brokenSeen) SeenOnce(context.Context, string, time.Duration) (bool, error) {
	return false, errors.New("disk on fire")
}
func (brokenSeen) Keep(context.Context, string, time.Duration) error {
	return errors.New("disk on fire")
}
func (brokenSeen) Forget(context.Context, string) error { return errors.New("disk on fire") }

// TestReplayedCommandRefusedAfterRestart: with the store as Seen, a
// captured signed slash command replayed after a restart, within its
// signature's window, is still refused.
func TestReplayedCommandRefusedAfterRestart(t *testing.T) {
	dir := t.TempDir()
	db := openSeen(t, dir)
	rec := &bottest.Recorder{}
	h := newHarness(t, rec, func(c *Config) { c.Seen = db })
	body := []byte(h.commandForm("U0ANNA", "forget-me confirm", h.newHook("replay", "U0ANNA")).Encode())
	if resp, _ := h.send(t, "/slack/commands", "application/x-www-form-urlencoded", body, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("first: %s", resp.Status)
	}
	if err := h.a.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	h2 := restart(t, db, dir, rec)
	h2.clock.t = h.clock.Now() // the same signed request, sent again
	if resp, _ := h2.send(t, "/slack/commands", "application/x-www-form-urlencoded", body, nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("replay after a restart: %s, want 409", resp.Status)
	}
	if n := len(rec.Requests()); n != 1 {
		t.Errorf("%d requests reached the core, want 1", n)
	}
}
