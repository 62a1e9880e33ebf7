package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/slack/slackfake"

	"github.com/gorilla/websocket"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

// fakeSocket is Slack's Socket Mode websocket: it says hello, sends the
// envelopes, and records the acknowledgements.
type fakeSocket struct {
	srv       *httptest.Server
	envelopes [][]byte
	more      chan []byte // envelopes pushed later (push)

	mu   sync.Mutex
	acks map[string]json.RawMessage // envelope id → payload
}

func newFakeSocket(t *testing.T, hello []byte, envelopes ...[]byte) *fakeSocket {
	fs := &fakeSocket{envelopes: envelopes, more: make(chan []byte, 16), acks: map[string]json.RawMessage{}}
	up := websocket.Upgrader{CheckOrigin: func(r *http.Request) bool { return r.Header.Get("Origin") == "https://api.slack.com" }}
	fs.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		var wmu sync.Mutex
		send := func(b []byte) error {
			wmu.Lock()
			defer wmu.Unlock()
			return conn.WriteMessage(websocket.TextMessage, b)
		}
		if send(hello) != nil {
			return
		}
		go func() {
			for _, e := range fs.envelopes {
				if send(e) != nil {
					return
				}
			}
			for {
				select {
				case e := <-fs.more:
					if send(e) != nil {
						return
					}
				case <-r.Context().Done():
					return
				}
			}
		}()
		for {
			_, msg, err := conn.ReadMessage()
			if err != nil {
				return
			}
			var ack struct {
				EnvelopeID string          `json:"envelope_id"`
				Payload    json.RawMessage `json:"payload"`
			}
			if json.Unmarshal(msg, &ack) == nil && ack.EnvelopeID != "" {
				fs.mu.Lock()
				fs.acks[ack.EnvelopeID] = ack.Payload
				fs.mu.Unlock()
			}
		}
	}))
	t.Cleanup(fs.srv.Close)
	return fs
}

// push sends an envelope of the given type (slash_commands, interactive,
// events_api) carrying payload over the open connection and returns the
// payload of its acknowledgement ("null" when it carried none).
func (fs *fakeSocket) push(t *testing.T, id, typ string, payload any) json.RawMessage {
	t.Helper()
	env, err := json.Marshal(map[string]any{"envelope_id": id, "type": typ, "payload": payload, "accepts_response_payload": typ != "events_api"})
	if err != nil {
		t.Fatal(err)
	}
	fs.more <- env
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		fs.mu.Lock()
		ack, ok := fs.acks[id]
		fs.mu.Unlock()
		if ok {
			if len(ack) == 0 {
				ack = json.RawMessage("null")
			}
			return ack
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("envelope %s (%s) was not acknowledged", id, typ)
	return nil
}

func (fs *fakeSocket) url() string { return "ws" + strings.TrimPrefix(fs.srv.URL, "http") + "/link" }

func (fs *fakeSocket) waitAcks(t *testing.T, n int) map[string]json.RawMessage {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		fs.mu.Lock()
		if len(fs.acks) >= n {
			out := fs.acks
			fs.mu.Unlock()
			return out
		}
		fs.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	t.Fatalf("%d acks, want %d: %v", len(fs.acks), n, fs.acks)
	return nil
}

func TestSocketMode(t *testing.T) {
	rec := &bottest.Recorder{Reply: func(r *bot.Request) bot.Message {
		if r.Button {
			return bot.Message{} // nothing to the corpus's real response URL
		}
		return hello("ok: " + r.Text + " <!here>")
	}}
	h := newHarness(t, rec, func(c *Config) { c.AppToken = slackfake.AppToken })
	files := []string{
		"socket.slash_commands.json", "socket.interactive.block_actions.json", "socket.interactive.shortcut.json",
		"socket.events_api.app_mention.json", "socket.events_api.retry.json", "socket.events_api.message.json",
	}
	var envs [][]byte
	for _, f := range files {
		envs = append(envs, corpus(t, f))
	}
	fs := newFakeSocket(t, corpus(t, "socket.hello.json"), envs...)
	h.fake.SetSocketURL(fs.url())

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.a.RunSocketMode(ctx, rec) }()
	acks := fs.waitAcks(t, len(files))
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("RunSocketMode: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("RunSocketMode did not stop")
	}
	h.a.Shutdown(context.Background())

	var cmd struct {
		ResponseType string `json:"response_type"`
		Text         string `json:"text"`
		Blocks       any    `json:"blocks"`
	}
	if err := json.Unmarshal(acks["1d3c79ab-0ffb-41f3-a080-d19e85f53649"], &cmd); err != nil {
		t.Fatalf("slash command ack %s: %v", acks["1d3c79ab-0ffb-41f3-a080-d19e85f53649"], err)
	}
	if cmd.ResponseType != "ephemeral" || cmd.Text != "ok:  &lt;!here&gt;" || len(slackfake.Pings(slackfake.MrkdwnTexts(t, cmd.Blocks)...)) != 0 {
		t.Errorf("slash command answered with %+v", cmd)
	}
	reqs := rec.Requests()
	want := []bot.Request{
		{Platform: Platform, Space: "T111", User: "U111", Name: "testxyz", Private: true, CanDM: bot.ReachYes, Prefix: "/hello-socket-mode "},
		{Platform: Platform, Space: "T111", User: "U111", Name: "test-test-test", Text: "underlying", Button: true, CanDM: bot.ReachYes, Prefix: "/rete "},
	}
	if len(reqs) != 2 {
		t.Fatalf("requests %+v, want %+v", reqs, want)
	}
	for _, w := range want {
		found := false
		for _, r := range reqs {
			found = found || r == w
		}
		if !found {
			t.Errorf("no request %+v in %+v", w, reqs)
		}
	}
	if !strings.Contains(h.logs.String(), "duplicate event ignored") {
		t.Error("the retried event (same event_id) was not recognised")
	}
}

func TestSocketModeRefusals(t *testing.T) {
	h := newHarness(t, &bottest.Recorder{})
	if err := h.a.RunSocketMode(context.Background(), &bottest.Recorder{}); err == nil {
		t.Error("socket mode without an app token started")
	}
	h = newHarness(t, &bottest.Recorder{}, func(c *Config) { c.AppToken = "xapp-wrong" })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.a.RunSocketMode(ctx, &bottest.Recorder{}); err == nil || ctx.Err() != nil {
		t.Errorf("socket mode with a refused token: %v", err)
	}
}

// TestSocketModeStopsAfterItsCommands: a command Socket Mode took is
// handled to the end, and counted, before RunSocketMode returns, so that
// Shutdown afterwards waits for it (serve closes the store only then).
// The command here is "/rete announce", which first waits for views.open.
func TestSocketModeStopsAfterItsCommands(t *testing.T) {
	var handled atomic.Bool
	rec := &bottest.Recorder{Reply: func(*bot.Request) bot.Message {
		handled.Store(true)
		return hello("Usage: announce TITLE | WHEN | PLACE")
	}}
	h := newHarness(t, rec, func(c *Config) { c.AppToken = slackfake.AppToken })
	fs := newFakeSocket(t, corpus(t, "socket.hello.json"))
	h.fake.SetSocketURL(fs.url())
	opening, release := make(chan struct{}), make(chan struct{})
	var releaseOnce sync.Once
	unhold := func() { releaseOnce.Do(func() { close(release) }) }
	defer unhold() // the fake server cannot close while a call is held
	hold := func(method string) {
		if method == "views.open" {
			close(opening)
			<-release
		}
	}
	h.fake.Hold(hold)
	h.fake.Fail("views.open", "internal_error", 0) // then answered through response_url
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.a.RunSocketMode(ctx, rec) }()

	late := h.newHook("late", "U0ANNA")
	env, err := json.Marshal(map[string]any{"envelope_id": "env-slow", "type": "slash_commands", "accepts_response_payload": true,
		"payload": map[string]any{"team_id": testTeam, "user_id": "U0ANNA", "user_name": "anna", "command": "/rete",
			"text": "announce", "response_url": h.fake.HookURL(late), "trigger_id": "8.8.8"}})
	if err != nil {
		t.Fatal(err)
	}
	fs.more <- env
	select {
	case <-opening:
	case <-time.After(5 * time.Second):
		t.Fatal("views.open was not called")
	}
	cancel() // Socket Mode stops while the command waits for views.open
	select {
	case err := <-done:
		t.Fatalf("RunSocketMode returned (%v) while a command it took was running", err)
	case <-time.After(100 * time.Millisecond):
	}
	unhold()
	if err := <-done; err != nil {
		t.Fatalf("RunSocketMode: %v", err)
	}
	if err := h.a.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !handled.Load() {
		t.Error("the command was dropped at shutdown")
	}
	if c := h.fake.Hook(t, late); !strings.Contains(c.Text, "Usage: announce") {
		t.Errorf("late answer %+v", c)
	}
}
