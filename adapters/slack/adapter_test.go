package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/slack/slackfake"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
	"github.com/slack-go/slack"
)

const (
	testSecret = "test-signing-secret"
	testTeam   = "T0TEAM"
)

var testUsers = []string{"U0ANNA", "U0MARCO", "U0GIULIA"}

// testClock is a clock tests move by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// harness wires an Adapter to a fakeSlack and serves its routes.
type harness struct {
	fake  *slackfake.Server
	a     *Adapter
	srv   *httptest.Server
	rec   *bottest.Recorder
	clock *testClock
	logs  *bottest.SyncBuffer
	hooks sync.Map // hook name → user
	seq   int
	mu    sync.Mutex
}

func newHarness(t *testing.T, rec *bottest.Recorder, mod ...func(*Config)) *harness {
	t.Helper()
	h := &harness{fake: slackfake.New(t), rec: rec, clock: &testClock{t: time.Now()}, logs: &bottest.SyncBuffer{}}
	h.fake.SetUnreachable("U0GONE", "user_not_found")
	cfg := Config{
		BotToken: slackfake.BotToken, SigningSecret: testSecret, APIURL: h.fake.URL(),
		Logger: slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:    h.clock.Now,
	}
	for _, m := range mod {
		m(&cfg)
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.a = a
	mux := http.NewServeMux()
	if err := a.Routes(mux, rec); err != nil {
		t.Fatal(err)
	}
	h.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := a.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		h.srv.Close()
		for _, secret := range []string{slackfake.BotToken, testSecret} {
			if strings.Contains(h.logs.String(), secret) {
				t.Errorf("a token or secret was logged:\n%s", h.logs.String())
			}
		}
	})
	return h
}

func (h *harness) Messenger() bot.Messenger { return h.a }
func (h *harness) Member(n int) bot.MemberID {
	return bot.MemberID{Platform: Platform, Space: testTeam, User: testUsers[n]}
}
func (h *harness) Unreachable() (bot.MemberID, bool) {
	return bot.MemberID{Platform: Platform, Space: testTeam, User: "U0GONE"}, true
}
func (h *harness) Channel() (string, string)                  { return testTeam, "C0EVENTS" }
func (h *harness) Deliveries(t *testing.T) []bottest.Delivery { return h.fake.Deliveries(t) }

// Limit implements bottest.Limited: Slack limits each section's text.
func (h *harness) Limit() int { return maxSectionText }

// newHook returns a fresh response URL name for a reply to user.
func (h *harness) newHook(kind, user string) string {
	h.mu.Lock()
	h.seq++
	name := kind + strconv.Itoa(h.seq)
	h.mu.Unlock()
	h.hooks.Store(name, user)
	return name
}

// send posts a body to one of the adapter's routes, signed now.
func (h *harness) send(t *testing.T, path, contentType string, body []byte, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	ts := h.clock.Now().Unix()
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Slack-Signature", slackfake.Sign(testSecret, ts, body))
	for k, v := range hdr {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp, out
}

// commandForm is a slash command as Slack sends it.
func (h *harness) commandForm(user, text, hook string) url.Values {
	return url.Values{
		"token": {"legacy-verification-token"}, "team_id": {testTeam}, "team_domain": {"labbit"},
		"channel_id": {"C0GENERAL"}, "channel_name": {"general"}, "user_id": {user}, "user_name": {strings.ToLower(user)},
		"command": {"/rete"}, "text": {text}, "api_app_id": {"A0RETE"}, "is_enterprise_install": {"false"},
		"response_url": {h.fake.HookURL(hook)}, "trigger_id": {"1.2." + hook}, // unique, as Slack's
	}
}

func (h *harness) Command(t *testing.T, n int, text string) bottest.Delivery {
	t.Helper()
	user := testUsers[n]
	hook := h.newHook("cmd", user)
	resp, body := h.send(t, "/slack/commands", "application/x-www-form-urlencoded", []byte(h.commandForm(user, text, hook).Encode()), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("command: %s %s", resp.Status, body)
	}
	return replyDelivery(t, h, user, hook, body)
}

// blockActions is a button press as Slack sends it (see the corpus's
// block_actions.dm.json), with a fresh trigger_id.
func (h *harness) blockActions(user, channel, hook string, b bot.Button, i int) []byte {
	h.mu.Lock()
	h.seq++
	trigger := "1.2." + strconv.Itoa(h.seq)
	h.mu.Unlock()
	return h.pressWith(user, channel, hook, trigger, b, i)
}

// pressWith is a button press with the given trigger_id: Slack's
// redelivery of a press carries the same one.
func (h *harness) pressWith(user, channel, hook, trigger string, b bot.Button, i int) []byte {
	p := map[string]any{
		"type":       "block_actions",
		"user":       map[string]any{"id": user, "username": strings.ToLower(user), "name": strings.ToLower(user), "team_id": testTeam},
		"api_app_id": "A0RETE", "token": "legacy", "trigger_id": trigger,
		"container": map[string]any{"type": "message", "message_ts": "1700000000.000001", "channel_id": channel, "is_ephemeral": false},
		"team":      map[string]any{"id": testTeam, "domain": "labbit"},
		"channel":   map[string]any{"id": channel, "name": "directmessage"},
		"message":   map[string]any{"type": "message", "text": "x", "ts": "1700000000.000001"},
		"actions": []any{map[string]any{
			"action_id": actionPrefix + strconv.Itoa(i), "block_id": "b", "type": "button", "value": b.Command,
			"text": map[string]any{"type": "plain_text", "text": b.Label}, "action_ts": "1700000001.000001",
		}},
	}
	if hook != "" {
		p["response_url"] = h.fake.HookURL(hook)
	}
	raw, _ := json.Marshal(p)
	return []byte(url.Values{"payload": {string(raw)}}.Encode())
}

func (h *harness) Press(t *testing.T, n int, d bottest.Delivery, button int) bottest.Delivery {
	t.Helper()
	user := testUsers[n]
	hook := h.newHook("press", user)
	resp, body := h.send(t, "/slack/interactions", "application/x-www-form-urlencoded", h.blockActions(user, "D"+user, hook, d.Buttons[button], button), nil)
	if resp.StatusCode != http.StatusOK || len(body) != 0 {
		t.Fatalf("press: %s %q, want an empty 200", resp.Status, body)
	}
	c := h.fake.Hook(t, hook)
	return slackfake.Delivery(t, []string{user}, c.Text, c.Blocks)
}

func TestConformance(t *testing.T) {
	bottest.Run(t, func(t *testing.T, rec *bottest.Recorder) bottest.Harness { return newHarness(t, rec) })
}

func hello(s string) bot.Message { return bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text(s))}} }

func TestDMOpensOnce(t *testing.T) {
	h := newHarness(t, &bottest.Recorder{})
	ctx := context.Background()
	for range 3 {
		ref, err := h.a.DM(ctx, h.Member(0), hello("hi"))
		if err != nil {
			t.Fatal(err)
		}
		if ref != (bot.MessageRef{Platform: Platform, Channel: "DU0ANNA", ID: ref.ID}) || ref.ID == "" {
			t.Errorf("ref %+v", ref)
		}
	}
	if n := len(h.fake.CallsOf("conversations.open")); n != 1 {
		t.Errorf("%d conversations.open calls, want 1", n)
	}
	posts := h.fake.CallsOf("chat.postMessage")
	if len(posts) != 3 || !posts[0].Token || posts[0].Form.Get("text") != "hi" || posts[0].Blocks == nil {
		t.Errorf("posts %+v", posts)
	}
	if _, err := h.a.DM(ctx, bot.MemberID{Platform: "telegram", User: "1"}, hello("x")); err == nil {
		t.Error("DM to a telegram member accepted")
	}
}

func TestGroup(t *testing.T) {
	h := newHarness(t, &bottest.Recorder{})
	ctx := context.Background()
	three := []bot.MemberID{h.Member(2), h.Member(0), h.Member(1)}
	for range 2 {
		if _, err := h.a.Group(ctx, three, hello("meet")); err != nil {
			t.Fatal(err)
		}
	}
	opens := h.fake.CallsOf("conversations.open")
	if len(opens) != 1 || opens[0].Form.Get("users") != "U0ANNA,U0GIULIA,U0MARCO" {
		t.Errorf("opens %+v, want one for the three", opens)
	}
	bad := [][]bot.MemberID{
		{h.Member(0)},
		{h.Member(0), {Platform: "discord", Space: testTeam, User: "1"}},
		{h.Member(0), {Platform: Platform, Space: "T0OTHER", User: "U0X"}},
		make([]bot.MemberID, 9),
	}
	for _, ms := range bad {
		if _, err := h.a.Group(ctx, ms, hello("x")); err == nil {
			t.Errorf("group of %v accepted", ms)
		}
	}
}

func TestEdit(t *testing.T) {
	h := newHarness(t, &bottest.Recorder{})
	ctx := context.Background()
	ref, err := h.a.DM(ctx, h.Member(0), hello("3 going"))
	if err != nil {
		t.Fatal(err)
	}
	if err := h.a.Edit(ctx, ref, hello("4 going")); err != nil {
		t.Fatal(err)
	}
	up := h.fake.CallsOf("chat.update")
	if len(up) != 1 || up[0].Channel != ref.Channel || up[0].Form.Get("ts") != ref.ID || up[0].Text != "4 going" {
		t.Errorf("updates %+v for ref %+v", up, ref)
	}
	if err := h.a.Edit(ctx, bot.MessageRef{Platform: "console", ID: "1"}, hello("x")); err == nil {
		t.Error("edit of a console ref accepted")
	}
}

func TestSendErrors(t *testing.T) {
	tests := []struct {
		name        string
		method      string // the failing call
		code        string // "" for a 429
		send        string // dm, post, group, edit
		unreachable bool
		retry       time.Duration
	}{
		{"rate limited post", "chat.postMessage", "", "post", false, 7 * time.Second},
		{"rate limited open", "conversations.open", "", "dm", false, 30 * time.Second},
		{"rate limited edit", "chat.update", "", "edit", false, 2 * time.Second},
		{"user not found", "conversations.open", "user_not_found", "dm", true, 0},
		{"cannot dm bot", "conversations.open", "cannot_dm_bot", "dm", true, 0},
		{"user disabled", "conversations.open", "user_disabled", "group", true, 0},
		{"account inactive: the bot's token, not the member", "chat.postMessage", "account_inactive", "dm", false, 10 * time.Minute},
		{"token revoked", "chat.postMessage", "token_revoked", "post", false, 10 * time.Minute},
		{"messages tab disabled", "chat.postMessage", "messages_tab_disabled", "dm", true, 0},
		{"dm channel gone", "chat.postMessage", "channel_not_found", "dm", true, 0},
		{"not in channel", "chat.postMessage", "not_in_channel", "post", false, 0},
		{"archived", "chat.postMessage", "is_archived", "post", false, 0},
		{"post to a missing channel", "chat.postMessage", "channel_not_found", "post", false, 0},
		{"internal error", "chat.postMessage", "internal_error", "dm", false, 0},
		{"edit of a deleted message", "chat.update", "message_not_found", "edit", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, &bottest.Recorder{})
			ctx := context.Background()
			h.fake.Fail(tt.method, tt.code, int(tt.retry/time.Second))
			var err error
			switch tt.send {
			case "dm":
				_, err = h.a.DM(ctx, h.Member(0), hello("x"))
			case "post":
				_, err = h.a.Post(ctx, testTeam, "C0EVENTS", hello("x"))
			case "group":
				_, err = h.a.Group(ctx, []bot.MemberID{h.Member(0), h.Member(1)}, hello("x"))
			case "edit":
				err = h.a.Edit(ctx, bot.MessageRef{Platform: Platform, Channel: "C0EVENTS", ID: "1.2"}, hello("x"))
			}
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), "slack: "+tt.send+": ") {
				t.Errorf("error %q lacks its context", err)
			}
			if got := errors.Is(err, bot.ErrUnreachable); got != tt.unreachable {
				t.Errorf("unreachable = %v, want %v: %v", got, tt.unreachable, err)
			}
			var re *bot.RetryError
			if got := errors.As(err, &re); got != (tt.retry > 0) || (got && re.After != tt.retry) {
				t.Errorf("retry error %+v from %v, want after %s", re, err, tt.retry)
			}
			var se slack.SlackErrorResponse
			if tt.code != "" && (!errors.As(err, &se) || se.Err != tt.code) {
				t.Errorf("the Slack error %q is lost in %v", tt.code, err)
			}
		})
	}
}

func TestDMRetriesOpenAfterFailure(t *testing.T) {
	h := newHarness(t, &bottest.Recorder{})
	ctx := context.Background()
	if _, err := h.a.DM(ctx, h.Member(0), hello("1")); err != nil {
		t.Fatal(err)
	}
	h.fake.Fail("chat.postMessage", "channel_not_found", 0)
	if _, err := h.a.DM(ctx, h.Member(0), hello("2")); !errors.Is(err, bot.ErrUnreachable) {
		t.Fatalf("err %v", err)
	}
	if _, err := h.a.DM(ctx, h.Member(0), hello("3")); err != nil {
		t.Fatal(err)
	}
	if n := len(h.fake.CallsOf("conversations.open")); n != 2 {
		t.Errorf("%d opens, want the cached channel forgotten after a failure", n)
	}
}

func TestNew(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Error("New without a token succeeded")
	}
	a, err := New(Config{BotToken: slackfake.BotToken})
	if err != nil {
		t.Fatal(err)
	}
	if a.Command() != "/rete" || a.Platform() != "slack" {
		t.Errorf("defaults: %q %q", a.Command(), a.Platform())
	}
	if err := a.Routes(http.NewServeMux(), &bottest.Recorder{}); err == nil {
		t.Error("Routes without a signing secret succeeded")
	}
	for in, want := range map[string]string{"http://x": "http://x/api/", "http://x/": "http://x/api/", "http://x/api/": "http://x/api/", "https://gw/slack/api": "https://gw/slack/api/"} {
		if got := apiURL(in); got != want {
			t.Errorf("apiURL(%q) = %q, want %q", in, got, want)
		}
	}
}

var (
	_ kit.Adapter = (*Adapter)(nil)
	_ kit.Runner  = (*Adapter)(nil)
	_ kit.Router  = (*Adapter)(nil)
)

// TestLifecycleFollowsConfig: webhooks only with a signing secret, a
// Socket Mode loop only with an app token.
func TestLifecycleFollowsConfig(t *testing.T) {
	socketOnly, err := New(Config{BotToken: slackfake.BotToken, AppToken: "xapp-1"})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	if err := socketOnly.Routes(mux, &bottest.Recorder{}); err != nil {
		t.Fatalf("Routes under Socket Mode: %v", err)
	}
	if _, pattern := mux.Handler(httptest.NewRequest(http.MethodPost, "/slack/commands", nil)); pattern != "" {
		t.Errorf("Socket Mode only, yet %q is routed", pattern)
	}
	webhooks, err := New(Config{BotToken: slackfake.BotToken, SigningSecret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	if err := webhooks.Run(context.Background(), &bottest.Recorder{}); err != nil {
		t.Errorf("Run without an app token: %v, want nil at once", err)
	}
}
