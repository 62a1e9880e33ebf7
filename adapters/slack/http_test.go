package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/slack/slackfake"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

func corpus(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSpace(b)
}

// post sends body with exactly the given headers.
func post(t *testing.T, h *harness, path string, body []byte, hdr http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = hdr
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp, out
}

// TestSignedVector checks the verifier against Slack's published signed
// request: accepted with the clock at its time, refused with today's.
func TestSignedVector(t *testing.T) {
	var vec struct {
		Secret  string            `json:"signing_secret"`
		Headers map[string]string `json:"headers"`
	}
	if err := json.Unmarshal(corpus(t, "slash_command.signed.headers.json"), &vec); err != nil {
		t.Fatal(err)
	}
	body := corpus(t, "slash_command.signed.form")
	ts, _ := strconv.ParseInt(vec.Headers["X-Slack-Request-Timestamp"], 10, 64)
	hdr := http.Header{}
	for k, v := range vec.Headers {
		hdr.Set(k, v)
	}
	for _, tt := range []struct {
		name    string
		now     time.Time
		want    int
		handled bool
	}{
		{"at its time", time.Unix(ts, 0).Add(90 * time.Second), http.StatusOK, true},
		{"today", time.Now(), http.StatusUnauthorized, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := &bottest.Recorder{}
			h := newHarness(t, rec, func(c *Config) { c.SigningSecret = vec.Secret; c.Now = func() time.Time { return tt.now } })
			resp, out := post(t, h, "/slack/commands", body, hdr.Clone())
			if resp.StatusCode != tt.want {
				t.Fatalf("%s %s, want %d", resp.Status, out, tt.want)
			}
			reqs := rec.Requests()
			if !tt.handled {
				if len(reqs) != 0 {
					t.Errorf("refused request reached the handler: %+v", reqs)
				}
				return
			}
			want := bot.Request{Platform: Platform, Space: "T1DC2JH3J", User: "U2CERLKJA", Name: "roadrunner", Private: true, CanDM: bot.ReachYes, Prefix: "/webhook-collect "}
			if len(reqs) != 1 || reqs[0] != want {
				t.Errorf("requests %+v, want %+v", reqs, want)
			}
		})
	}
}

func TestRefusals(t *testing.T) {
	body := []byte(url.Values{"team_id": {testTeam}, "user_id": {"U0ANNA"}, "command": {"/rete"}, "text": {"join"}}.Encode())
	big := append(bytes.Repeat([]byte("a"), maxBody), '!')
	tests := []struct {
		name string
		path string
		body []byte
		hdr  func(now int64) http.Header
		want int
	}{
		{"wrong signature", "/slack/commands", body, func(now int64) http.Header {
			return header(now, slackfake.Sign("another-secret", now, body))
		}, http.StatusUnauthorized},
		{"six minutes old", "/slack/commands", body, func(now int64) http.Header {
			return header(now-360, slackfake.Sign(testSecret, now-360, body))
		}, http.StatusUnauthorized},
		{"six minutes ahead", "/slack/events", body, func(now int64) http.Header {
			return header(now+360, slackfake.Sign(testSecret, now+360, body))
		}, http.StatusUnauthorized},
		{"replayed with a new timestamp", "/slack/commands", body, func(now int64) http.Header {
			return header(now, slackfake.Sign(testSecret, now-60, body))
		}, http.StatusUnauthorized},
		{"body changed", "/slack/commands", append(bytes.Clone(body), '&', 'x'), func(now int64) http.Header {
			return header(now, slackfake.Sign(testSecret, now, body))
		}, http.StatusUnauthorized},
		{"no signature", "/slack/interactions", body, func(now int64) http.Header {
			h := header(now, "")
			h.Del("X-Slack-Signature")
			return h
		}, http.StatusUnauthorized},
		{"no timestamp", "/slack/commands", body, func(now int64) http.Header {
			h := header(now, slackfake.Sign(testSecret, now, body))
			h.Del("X-Slack-Request-Timestamp")
			return h
		}, http.StatusUnauthorized},
		{"bad timestamp", "/slack/commands", body, func(now int64) http.Header {
			h := header(now, slackfake.Sign(testSecret, now, body))
			h.Set("X-Slack-Request-Timestamp", "soon")
			return h
		}, http.StatusUnauthorized},
		{"not v0", "/slack/commands", body, func(now int64) http.Header {
			return header(now, strings.Replace(slackfake.Sign(testSecret, now, body), "v0=", "v1=", 1))
		}, http.StatusUnauthorized},
		{"too large, even signed", "/slack/commands", big, func(now int64) http.Header {
			return header(now, slackfake.Sign(testSecret, now, big))
		}, http.StatusRequestEntityTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &bottest.Recorder{}
			h := newHarness(t, rec)
			resp, out := post(t, h, tt.path, tt.body, tt.hdr(h.clock.Now().Unix()))
			if resp.StatusCode != tt.want {
				t.Errorf("%s %s, want %d", resp.Status, out, tt.want)
			}
			h.a.Shutdown(context.Background())
			if reqs := rec.Requests(); len(reqs) != 0 {
				t.Errorf("refused request reached the handler: %+v", reqs)
			}
			if calls := h.fake.Calls(); len(calls) != 0 {
				t.Errorf("refused request made Slack calls: %+v", calls)
			}
		})
	}
	t.Run("GET", func(t *testing.T) {
		h := newHarness(t, &bottest.Recorder{})
		resp, err := http.Get(h.srv.URL + "/slack/commands")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET: %s", resp.Status)
		}
	})
}

func header(ts int64, sig string) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	h.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	h.Set("X-Slack-Signature", sig)
	return h
}

func TestCommandText(t *testing.T) {
	tests := map[string]string{
		"offer add go, ux":                                                   "offer add go, ux",
		"profile <@U0ANNA|anna>":                                             "profile @U0ANNA",
		"intro <@W0123> because &lt;reasons&gt; &amp; more":                  "intro @W0123 because <reasons> & more",
		"announce x <#C0123|events> <!here>":                                 "announce x #events @here",
		"<!subteam^S0123|@devs> <#C9>":                                       "@devs #C9",
		"links <https://ex.com/a?b=1&amp;c=2|ex.com/a> <mailto:a@b.c|a@b.c>": "links https://ex.com/a?b=1&c=2 mailto:a@b.c",
		"  join  ": "join",
	}
	for in, want := range tests {
		if got := commandText(in); got != want {
			t.Errorf("commandText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCorpusCommands routes the corpus's slash commands, signed now.
func TestCorpusCommands(t *testing.T) {
	tests := []struct {
		file string
		want bot.Request
	}{
		{"slash_command.docs_example.form", bot.Request{Platform: Platform, Space: "T0001", User: "U2147483697", Name: "Steve", Private: true, Text: "94070", CanDM: bot.ReachYes, Prefix: "/weather "}},
		{"slash_command.dm_full_fields.form", bot.Request{Platform: Platform, Space: "T0001", User: "U2147483697", Name: "Steve", Private: true, Text: "94070 @U0LAN0Z89 #general @here", CanDM: bot.ReachYes, Prefix: "/weather "}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rec := &bottest.Recorder{Reply: func(*bot.Request) bot.Message { return bot.Message{} }}
			h := newHarness(t, rec)
			resp, out := h.send(t, "/slack/commands", "application/x-www-form-urlencoded", corpus(t, tt.file), nil)
			if resp.StatusCode != http.StatusOK || len(out) != 0 {
				t.Fatalf("%s %q, want an empty 200 for an empty reply", resp.Status, out)
			}
			if reqs := rec.Requests(); len(reqs) != 1 || reqs[0] != tt.want {
				t.Errorf("requests %+v, want %+v", reqs, tt.want)
			}
		})
	}
}

func TestCommandReplyInResponse(t *testing.T) {
	rec := &bottest.Recorder{Reply: func(r *bot.Request) bot.Message {
		return bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("hi <!channel>"))}, Buttons: []bot.Button{{Label: "Join", Command: "join"}}}
	}}
	h := newHarness(t, rec)
	d := h.Command(t, 0, "help")
	if !strings.Contains(d.Text, "hi &lt;!channel&gt;") || len(d.Buttons) != 1 || d.Buttons[0].Command != "join" || len(d.Pings) != 0 {
		t.Errorf("reply %+v", d)
	}
	if len(h.fake.CallsOf("hook")) != 0 {
		t.Error("a fast reply also went to the response URL")
	}
}

// TestSlowCommand: a handler slower than AckAfter gets an empty 200 at
// once and its reply through response_url.
func TestSlowCommand(t *testing.T) {
	release := make(chan struct{})
	rec := &bottest.Recorder{Reply: func(r *bot.Request) bot.Message {
		<-release
		return hello("done: " + r.Text)
	}}
	h := newHarness(t, rec, func(c *Config) { c.AckAfter = 50 * time.Millisecond })
	hook := h.newHook("slow", "U0ANNA")
	start := time.Now()
	resp, out := h.send(t, "/slack/commands", "application/x-www-form-urlencoded", []byte(h.commandForm("U0ANNA", "round preview", hook).Encode()), nil)
	if resp.StatusCode != http.StatusOK || len(out) != 0 {
		t.Fatalf("%s %q, want an empty 200", resp.Status, out)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("answered after %s", d)
	}
	close(release)
	c := h.fake.Hook(t, hook)
	if c.Text != "done: round preview" || c.ResponseType != "ephemeral" || c.Replace {
		t.Errorf("late reply %+v", c)
	}
}

func TestButtonReplies(t *testing.T) {
	for _, replace := range []bool{false, true} {
		t.Run("replace="+strconv.FormatBool(replace), func(t *testing.T) {
			rec := &bottest.Recorder{Reply: func(r *bot.Request) bot.Message {
				m := hello("Accepted")
				m.Replace = replace
				return m
			}}
			h := newHarness(t, rec)
			hook := h.newHook("press", "U0ANNA")
			resp, _ := h.send(t, "/slack/interactions", "application/x-www-form-urlencoded", h.blockActions("U0ANNA", "C0GENERAL", hook, bot.Button{Label: "Accept", Command: "intro accept 7"}, 0), nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatal(resp.Status)
			}
			c := h.fake.Hook(t, hook)
			if c.Replace != replace || (c.ResponseType == "ephemeral") == replace || c.Text != "Accepted" {
				t.Errorf("reply %+v", c)
			}
			reqs := rec.Requests()
			if len(reqs) != 1 || reqs[0].Private || !reqs[0].Button || reqs[0].Text != "intro accept 7" || reqs[0].Space != testTeam {
				t.Errorf("requests %+v: want a button press, not private in a channel", reqs)
			}
		})
	}
}

// TestCorpusInteractions routes the corpus's interaction payloads.
func TestCorpusInteractions(t *testing.T) {
	tests := []struct {
		file string
		want *bot.Request // nil: ignored
	}{
		{"block_actions.channel.form", &bot.Request{Platform: Platform, Space: "T111", User: "U111", Name: "test-test-test", Text: "underlying", Button: true, CanDM: bot.ReachYes, Prefix: "/rete "}},
		{"block_actions.channel.slash_escaped.form", &bot.Request{Platform: Platform, Space: "T111", User: "U111", Name: "test-test-test", Text: "underlying", Button: true, CanDM: bot.ReachYes, Prefix: "/rete "}},
		{"block_actions.dm.form", &bot.Request{Platform: Platform, Space: "T111", User: "U111", Name: "test-test-test", Private: true, Text: "underlying", Button: true, CanDM: bot.ReachYes, Prefix: "/rete "}},
		{"block_actions.channel.docs_example.form", &bot.Request{Platform: Platform, Space: "T9TK3CUKW", User: "UA8RXUSPL", Name: "jtorrance", Text: "click_me_123", Button: true, CanDM: bot.ReachYes, Prefix: "/rete "}},
		{"view_submission.form", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			// An empty reply: nothing goes to the corpus's real response URLs.
			rec := &bottest.Recorder{Reply: func(*bot.Request) bot.Message { return bot.Message{} }}
			h := newHarness(t, rec)
			resp, out := h.send(t, "/slack/interactions", "application/x-www-form-urlencoded", corpus(t, tt.file), nil)
			if resp.StatusCode != http.StatusOK || len(out) != 0 {
				t.Fatalf("%s %q", resp.Status, out)
			}
			h.a.Shutdown(context.Background())
			reqs := rec.Requests()
			switch {
			case tt.want == nil && len(reqs) != 0:
				t.Errorf("requests %+v, want none", reqs)
			case tt.want != nil && (len(reqs) != 1 || reqs[0] != *tt.want):
				t.Errorf("requests %+v, want %+v", reqs, *tt.want)
			}
		})
	}
	t.Run("workflow click without response_url", func(t *testing.T) {
		rec := &bottest.Recorder{}
		h := newHarness(t, rec)
		form := url.Values{"payload": {string(corpus(t, "block_actions.dm.workflow_function.json"))}}
		resp, _ := h.send(t, "/slack/interactions", "application/x-www-form-urlencoded", []byte(form.Encode()), nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatal(resp.Status)
		}
		h.a.Shutdown(context.Background())
		eph := h.fake.CallsOf("chat.postEphemeral")
		if len(eph) != 1 || eph[0].Channel != "D065ZJQQQAE" || eph[0].Form.Get("user") != "U03E94MK0" || eph[0].Text != "ok: clicked" {
			t.Errorf("ephemeral replies %+v", eph)
		}
	})
}

func TestEvents(t *testing.T) {
	rec := &bottest.Recorder{}
	h := newHarness(t, rec)
	resp, out := h.send(t, "/slack/events", "application/json", corpus(t, "events.url_verification.json"), nil)
	if resp.StatusCode != http.StatusOK || string(out) != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification: %s %q", resp.Status, out)
	}
	for _, f := range []string{"events.member_joined_channel.json", "events.team_join.json", "events.app_mention.json"} {
		resp, _ := h.send(t, "/slack/events", "application/json", corpus(t, f), nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %s", f, resp.Status)
		}
	}
	if !strings.Contains(h.logs.String(), "member joined; no message sent") {
		t.Error("joins were not logged")
	}
	// A retry reuses the event_id; the corpus's three share Ev123ABC456.
	ev := []byte(`{"type":"event_callback","team_id":"T1","event_id":"Ev0RETRY","event":{"type":"team_join","user":{"id":"U9"}}}`)
	for i := range 3 {
		hdr := map[string]string{}
		if i > 0 {
			hdr["X-Slack-Retry-Num"] = strconv.Itoa(i)
			hdr["X-Slack-Retry-Reason"] = "http_timeout"
		}
		if resp, _ := h.send(t, "/slack/events", "application/json", ev, hdr); resp.StatusCode != http.StatusOK {
			t.Errorf("retry %d: %s", i, resp.Status)
		}
	}
	if n := strings.Count(h.logs.String(), "event_id=Ev0RETRY retry=2"); n != 1 {
		t.Errorf("second retry not recognised as a duplicate:\n%s", h.logs.String())
	}
	if reqs := rec.Requests(); len(reqs) != 0 {
		t.Errorf("events made requests: %+v", reqs)
	}
	if calls := h.fake.Calls(); len(calls) != 0 {
		t.Errorf("events made Slack calls (surprise DMs?): %+v", calls)
	}
	if resp, _ := h.send(t, "/slack/events", "application/json", []byte("{"), nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad JSON: %s", resp.Status)
	}
}

func TestAdmin(t *testing.T) {
	rec := &bottest.Recorder{}
	h := newHarness(t, rec)
	h.fake.SetAdmin("U0MARCO")
	h.Command(t, 1, "stats")
	h.Command(t, 1, "stats")
	h.Command(t, 0, "stats")
	reqs := rec.Requests()
	if len(reqs) != 3 || !reqs[0].Admin || !reqs[1].Admin || reqs[2].Admin {
		t.Errorf("admin flags %+v", reqs)
	}
	if n := len(h.fake.CallsOf("users.info")); n != 2 {
		t.Errorf("%d users.info calls, want 2 (cached)", n)
	}
	h.clock.Advance(11 * time.Minute)
	h.Command(t, 1, "stats")
	if n := len(h.fake.CallsOf("users.info")); n != 3 {
		t.Errorf("%d users.info calls, want the cache expired after 10 minutes", n)
	}
	h.fake.Fail("users.info", "", 5)
	h.clock.Advance(11 * time.Minute)
	h.Command(t, 1, "stats")
	if reqs := rec.Requests(); len(reqs) != 2 || reqs[1].Admin {
		t.Errorf("a failed lookup gave admin: %+v", reqs)
	}
}

// TestReplayedCommandRefused: the same signed command sent twice within
// the time window runs once.
func TestReplayedCommandRefused(t *testing.T) {
	rec := &bottest.Recorder{}
	h := newHarness(t, rec)
	body := []byte(h.commandForm("U0ANNA", "forget-me confirm", h.newHook("replay", "U0ANNA")).Encode())
	resp, _ := h.send(t, "/slack/commands", "application/x-www-form-urlencoded", body, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("first: %s", resp.Status)
	}
	resp, _ = h.send(t, "/slack/commands", "application/x-www-form-urlencoded", body, nil)
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("replay: %s, want 409", resp.Status)
	}
	if n := len(rec.Requests()); n != 1 {
		t.Errorf("%d requests reached the core, want 1", n)
	}
}

func TestAllowedResponseURL(t *testing.T) {
	a := &Adapter{apiHost: "127.0.0.1:9999"}
	for raw, want := range map[string]bool{
		"https://hooks.slack.com/commands/T1/2/abc": true,
		"http://hooks.slack.com/commands/T1/2/abc":  false,
		"https://evil.example/commands":             false,
		"https://hooks.slack.com.evil.example/x":    false,
		"http://127.0.0.1:9999/hook/1":              true,
		"http://169.254.169.254/latest/meta-data":   false,
	} {
		if got := a.allowedResponseURL(raw); got != want {
			t.Errorf("allowedResponseURL(%q) = %v, want %v", raw, got, want)
		}
	}
}

// TestCorpusCommandLinksUnwrapped: a corpus slash command whose text
// carries Slack's link markup reaches the core with bare URLs.
func TestCorpusCommandLinksUnwrapped(t *testing.T) {
	form, err := url.ParseQuery(string(corpus(t, "slash_command.dm_full_fields.form")))
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"links <https://ex.com/a?b=1&amp;c=2|ex.com/a> <https://b.org>":                                    "links https://ex.com/a?b=1&c=2 https://b.org",
		"bio see <https://blog.example|my blog>":                                                           "bio see https://blog.example",
		"announce Meetup | tomorrow 19:00 | <https://meet.example/x|Meet> | Bring <https://ex.com|slides>": "announce Meetup | tomorrow 19:00 | https://meet.example/x | Bring https://ex.com",
	} {
		rec := &bottest.Recorder{Reply: func(*bot.Request) bot.Message { return bot.Message{} }}
		h := newHarness(t, rec)
		form.Set("text", text)
		if resp, _ := h.send(t, "/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()), nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("%q: %s", text, resp.Status)
		}
		if reqs := rec.Requests(); len(reqs) != 1 || reqs[0].Text != want {
			t.Errorf("%q reached the core as %+v, want text %q", text, reqs, want)
		}
	}
}

// TestLongCommandReplyArrivesInParts: an answer too long for one message
// is not cut or truncated: its parts go through response_url in order,
// each within Slack's limits, the buttons with the last.
func TestLongCommandReplyArrivesInParts(t *testing.T) {
	var items [][]bot.Span
	for i := range 400 {
		items = append(items, []bot.Span{bot.Text(fmt.Sprintf("member%03d <&> ", i)), {Style: bot.Link, Text: "profile", URL: fmt.Sprintf("https://example.com/%d", i)}})
	}
	rec := &bottest.Recorder{Reply: func(r *bot.Request) bot.Message {
		return bot.Message{Blocks: []bot.Block{{Kind: bot.List, Items: items}}, Buttons: []bot.Button{{Label: "More", Command: "members page 2"}}}
	}}
	h := newHarness(t, rec)
	user := testUsers[0]
	hook := h.newHook("cmd", user)
	resp, body := h.send(t, "/slack/commands", "application/x-www-form-urlencoded", []byte(h.commandForm(user, "members", hook).Encode()), nil)
	if resp.StatusCode != http.StatusOK || len(body) != 0 {
		t.Fatalf("command answered %s %q, want an empty 200", resp.Status, body)
	}
	h.fake.Hook(t, hook)
	h.a.Shutdown(context.Background()) // waits for the parts still on their way
	var parts []slackfake.Call
	for _, c := range h.fake.CallsOf("hook") {
		if c.Hook == hook {
			parts = append(parts, c)
		}
	}
	if len(parts) < 2 {
		t.Fatalf("%d parts, want several", len(parts))
	}
	var all strings.Builder
	for i, p := range parts {
		d := slackfake.Delivery(t, []string{user}, p.Text, p.Blocks)
		if d.Size > maxSectionText {
			t.Errorf("part %d has a section of %d characters", i, d.Size)
		}
		if (len(d.Buttons) > 0) != (i == len(parts)-1) {
			t.Errorf("part %d of %d has %d buttons", i, len(parts), len(d.Buttons))
		}
		all.WriteString(strings.Join(slackfake.MrkdwnTexts(t, p.Blocks), "\n"))
	}
	for i := range 400 {
		if !strings.Contains(all.String(), fmt.Sprintf("member%03d &lt;&amp;&gt; <https://example.com/%d|profile>", i, i)) {
			t.Fatalf("item %d lost or cut", i)
		}
	}
}
