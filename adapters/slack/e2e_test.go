package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/slack/slackfake"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
	"github.com/rete-bot/rete/store"
)

// The end-to-end tests drive the real core over an in-memory store
// through the adapter, with requests built and signed as Slack builds
// them, and read what the fake Slack received.

const (
	e2eMod       = "U0MOD"      // a moderator from the config list
	e2eChannel   = "C0EVENTS"   // the community's announce channel
	e2eTimezone  = "UTC"        // the community's time zone
	e2eCommunity = "labbit-e2e" // the community id
	e2eDashboard = "https://rete.example.org"
)

// e2eNames are the members' Slack user names.
var e2eNames = map[string]string{"U0ANNA": "anna", "U0MARCO": "marco", "U0GIULIA": "giulia", "U0LUCA": "luca", e2eMod: "mod"}

// transport sends Slack's traffic to the adapter: signed webhooks, or
// Socket Mode envelopes.
type transport interface {
	// command sends a slash command with a fresh response URL hook and
	// returns Slack's immediate answer (nil when empty).
	command(t *testing.T, user, text, hook string) []byte
	// press presses a button of the message ts in channel and returns
	// the reply Slack received on the press's response URL.
	press(t *testing.T, user, channel, ts string, b bot.Button) slackfake.Call
	// submit submits the announce form and returns Slack's answer to the
	// submission ("null" for none: the modal closes).
	submit(t *testing.T, user string, fields map[string]string) json.RawMessage
}

// e2e is a real core wired to the adapter and the fake Slack.
type e2e struct {
	h   *harness
	b   *bot.Bot
	seq int
	transport
}

// newE2E builds the core over an in-memory store, with handler h in
// front of it when h is not nil (to see the requests), served over HTTP
// or Socket Mode.
func newE2E(t *testing.T, socket bool, wrap func(bot.Handler) bot.Handler) *e2e {
	t.Helper()
	db, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	h := &harness{fake: slackfake.New(t), clock: &testClock{t: time.Now()}, logs: &bottest.SyncBuffer{}}
	a, err := New(Config{
		BotToken: slackfake.BotToken, SigningSecret: testSecret, AppToken: slackfake.AppToken, APIURL: h.fake.URL(),
		Logger: slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:    h.clock.Now, HomeRefreshAfter: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	h.a = a
	s := bot.DefaultSettings()
	s.Name, s.Timezone = "Labbit", e2eTimezone
	b, err := bot.New(bot.Config{
		Store: db, Now: h.clock.Now, Messengers: []bot.Messenger{a}, DashboardURL: e2eDashboard,
		Communities: []bot.Community{{
			ID: e2eCommunity, Moderators: []string{Platform + ":" + e2eMod},
			Spaces:   []bot.Space{{Platform: Platform, ID: testTeam, AnnounceChannel: e2eChannel}},
			Settings: s,
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var handler bot.Handler = b
	if wrap != nil {
		handler = wrap(b)
	}
	e := &e2e{h: h, b: b}
	if !socket {
		mux := http.NewServeMux()
		if err := a.Routes(mux, handler); err != nil {
			t.Fatal(err)
		}
		h.srv = httptest.NewServer(mux)
		t.Cleanup(h.srv.Close)
		e.transport = &httpTransport{e: e}
	} else {
		fs := newFakeSocket(t, corpus(t, "socket.hello.json"))
		h.fake.SetSocketURL(fs.url())
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- a.RunSocketMode(ctx, handler) }()
		t.Cleanup(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("RunSocketMode: %v", err)
				}
			case <-time.After(5 * time.Second):
				t.Error("RunSocketMode did not stop")
			}
		})
		e.transport = &socketTransport{e: e, fs: fs}
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := a.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		for _, secret := range []string{slackfake.BotToken, testSecret, slackfake.AppToken} {
			if strings.Contains(h.logs.String(), secret) {
				t.Errorf("a token or secret was logged")
			}
		}
	})
	return e
}

// next returns a fresh number for trigger ids, hooks and envelopes.
func (e *e2e) next() int {
	e.h.mu.Lock()
	defer e.h.mu.Unlock()
	e.h.seq++
	return e.h.seq
}

// deliver sends the core's outbox for Slack.
func (e *e2e) deliver(t *testing.T) {
	t.Helper()
	if err := e.b.DeliverDue(context.Background(), Platform); err != nil {
		t.Fatal(err)
	}
}

// must sends a command and checks the reply contains want.
func (e *e2e) must(t *testing.T, user, text, want string) bottest.Delivery {
	t.Helper()
	hook := fmt.Sprintf("cmd%d", e.next())
	d := replyDelivery(t, e.h, user, hook, e.command(t, user, text, hook))
	if !strings.Contains(d.Text, want) {
		t.Fatalf("%s: /rete %s\nreply %q\nwant it to contain %q", e2eNames[user], text, d.Text, want)
	}
	return d
}

// slashCommand is a slash command's fields as Slack sends them.
func (e *e2e) slashCommand(user, text, hook string) map[string]string {
	return map[string]string{
		"token": "legacy-verification-token", "team_id": testTeam, "team_domain": "labbit",
		"channel_id": "C0GENERAL", "channel_name": "general", "user_id": user, "user_name": e2eNames[user],
		"command": "/rete", "text": text, "api_app_id": "A0RETE",
		"response_url": e.h.fake.HookURL(hook), "trigger_id": fmt.Sprintf("%d.4242.%x", e.next(), user),
	}
}

// blockActions is a button press as Slack sends it.
func (e *e2e) blockActions(user, channel, ts, hook string, b bot.Button) map[string]any {
	return map[string]any{
		"type":       "block_actions",
		"user":       map[string]any{"id": user, "username": e2eNames[user], "name": e2eNames[user], "team_id": testTeam},
		"api_app_id": "A0RETE", "token": "legacy", "trigger_id": fmt.Sprintf("%d.4242.press", e.next()),
		"container":    map[string]any{"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": false},
		"team":         map[string]any{"id": testTeam, "domain": "labbit"},
		"channel":      map[string]any{"id": channel, "name": "x"},
		"message":      map[string]any{"type": "message", "text": "x", "ts": ts},
		"response_url": e.h.fake.HookURL(hook),
		"actions": []any{map[string]any{
			"action_id": actionPrefix + "0", "block_id": "b", "type": "button", "value": b.Command,
			"text": map[string]any{"type": "plain_text", "text": b.Label}, "action_ts": "1700000001.000001",
		}},
	}
}

// viewSubmission is the announce form submitted, as Slack sends it.
func (e *e2e) viewSubmission(user string, fields map[string]string) map[string]any {
	values := map[string]any{}
	for block, v := range fields {
		el := map[string]any{"type": "plain_text_input", "value": v}
		switch block {
		case blockDate:
			el = map[string]any{"type": "datepicker", "selected_date": v}
		case blockTime:
			el = map[string]any{"type": "timepicker", "selected_time": v}
		}
		values[block] = map[string]any{inputAction: el}
	}
	return map[string]any{
		"type":       "view_submission",
		"team":       map[string]any{"id": testTeam, "domain": "labbit"},
		"user":       map[string]any{"id": user, "username": e2eNames[user], "name": e2eNames[user], "team_id": testTeam},
		"api_app_id": "A0RETE", "token": "legacy", "trigger_id": fmt.Sprintf("%d.4242.submit", e.next()),
		"view": map[string]any{
			"id": "V0FORM", "team_id": testTeam, "type": "modal", "callback_id": announceCallback,
			"state": map[string]any{"values": values},
		},
		"response_urls": []any{},
	}
}

// httpTransport signs and posts Slack's webhooks.
type httpTransport struct{ e *e2e }

func (x *httpTransport) command(t *testing.T, user, text, hook string) []byte {
	t.Helper()
	form := url.Values{}
	for k, v := range x.e.slashCommand(user, text, hook) {
		form.Set(k, v)
	}
	resp, body := x.e.h.send(t, "/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("command: %s %s", resp.Status, body)
	}
	return body
}

func (x *httpTransport) press(t *testing.T, user, channel, ts string, b bot.Button) slackfake.Call {
	t.Helper()
	hook := fmt.Sprintf("press%d", x.e.next())
	payload, _ := json.Marshal(x.e.blockActions(user, channel, ts, hook, b))
	resp, body := x.e.h.send(t, "/slack/interactions", "application/x-www-form-urlencoded", []byte(url.Values{"payload": {string(payload)}}.Encode()), nil)
	if resp.StatusCode != http.StatusOK || len(body) != 0 {
		t.Fatalf("press: %s %q, want an empty 200", resp.Status, body)
	}
	return x.e.h.fake.Hook(t, hook)
}

func (x *httpTransport) submit(t *testing.T, user string, fields map[string]string) json.RawMessage {
	t.Helper()
	payload, _ := json.Marshal(x.e.viewSubmission(user, fields))
	resp, body := x.e.h.send(t, "/slack/interactions", "application/x-www-form-urlencoded", []byte(url.Values{"payload": {string(payload)}}.Encode()), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("submit: %s %q", resp.Status, body)
	}
	if len(body) == 0 {
		return json.RawMessage("null")
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("submission answered with %q, want JSON", ct)
	}
	return body
}

// socketTransport sends Socket Mode envelopes over the fake websocket.
type socketTransport struct {
	e  *e2e
	fs *fakeSocket
}

func (x *socketTransport) command(t *testing.T, user, text, hook string) []byte {
	t.Helper()
	ack := x.fs.push(t, fmt.Sprintf("env-%d", x.e.next()), "slash_commands", x.e.slashCommand(user, text, hook))
	if string(ack) == "null" {
		return nil
	}
	return ack
}

func (x *socketTransport) press(t *testing.T, user, channel, ts string, b bot.Button) slackfake.Call {
	t.Helper()
	hook := fmt.Sprintf("press%d", x.e.next())
	if ack := x.fs.push(t, fmt.Sprintf("env-%d", x.e.next()), "interactive", x.e.blockActions(user, channel, ts, hook, b)); string(ack) != "null" {
		t.Errorf("press acknowledged with %s, want no payload", ack)
	}
	return x.e.h.fake.Hook(t, hook)
}

func (x *socketTransport) submit(t *testing.T, user string, fields map[string]string) json.RawMessage {
	t.Helper()
	return x.fs.push(t, fmt.Sprintf("env-%d", x.e.next()), "interactive", x.e.viewSubmission(user, fields))
}

// replyDelivery reads a slash command's reply: the JSON answer, or, when
// it was empty, what reached the response URL.
func replyDelivery(t *testing.T, h *harness, user, hook string, body []byte) bottest.Delivery {
	t.Helper()
	if len(body) == 0 {
		c := h.fake.Hook(t, hook)
		return slackfake.Delivery(t, []string{user}, c.Text, c.Blocks)
	}
	var r struct {
		ResponseType string `json:"response_type"`
		Text         string `json:"text"`
		Blocks       any    `json:"blocks"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("command reply %s: %v", body, err)
	}
	if r.ResponseType != "ephemeral" {
		t.Errorf("command reply is %q, want ephemeral", r.ResponseType)
	}
	return slackfake.Delivery(t, []string{user}, r.Text, r.Blocks)
}

// callText is what a reader sees of a recorded message.
func callText(t *testing.T, c slackfake.Call) string {
	t.Helper()
	return slackfake.Delivery(t, nil, c.Text, c.Blocks).Text
}

func TestEndToEnd(t *testing.T) {
	eachMode(t, runEndToEnd)
}

// eachMode runs test over both of Slack's transports: HTTP webhooks and
// Socket Mode.
func eachMode(t *testing.T, test func(t *testing.T, socket bool)) {
	for _, tr := range []struct {
		name   string
		socket bool
	}{{"HTTP", false}, {"SocketMode", true}} {
		t.Run(tr.name, func(t *testing.T) { test(t, tr.socket) })
	}
}

func runEndToEnd(t *testing.T, socket bool) {
	e := newE2E(t, socket, nil)
	f := e.h.fake
	ctx := context.Background()

	// Members join and say what they offer and seek.
	for _, u := range []string{"U0ANNA", "U0MARCO", "U0GIULIA", "U0LUCA"} {
		e.must(t, u, "join", "Welcome to *Labbit*")
	}
	e.must(t, "U0ANNA", "offer add go, kubernetes", "go")
	e.must(t, "U0ANNA", "seek add ux design", "ux design")
	e.must(t, "U0MARCO", "offer add ux design", "ux design")
	e.must(t, "U0MARCO", "seek add go", "go")
	e.must(t, "U0GIULIA", "offer add go", "go")
	e.must(t, "U0LUCA", "offer add product", "product")
	found := e.must(t, "U0MARCO", "find go", "members offer *go*")
	for _, name := range []string{"<@U0ANNA>", "<@U0GIULIA>"} {
		if !strings.Contains(found.Text, name) {
			t.Errorf("find go lacks %s:\n%s", name, found.Text)
		}
	}
	if strings.Contains(found.Text, "U0LUCA") {
		t.Errorf("find go lists luca:\n%s", found.Text)
	}

	// An intro by name: the mention arrives escaped, as Slack sends it.
	mark := f.Mark()
	e.must(t, "U0ANNA", "intro <@U0MARCO|marco> I need help with ux &amp; research", "Request 1 sent to marco")
	e.deliver(t)
	opens := f.Since(mark, "conversations.open")
	posts := f.Since(mark, "chat.postMessage")
	if len(opens) != 1 || opens[0].Form.Get("users") != "U0MARCO" || len(posts) != 1 || posts[0].Channel != "DU0MARCO" {
		t.Fatalf("the request did not reach marco's DM: opens %+v, posts %+v", opens, posts)
	}
	req := slackfake.Delivery(t, []string{"U0MARCO"}, posts[0].Text, posts[0].Blocks)
	if !strings.Contains(req.Text, "<@U0ANNA> would like to meet you") || !strings.Contains(req.Text, "I need help with ux &amp; research") {
		t.Errorf("request DM:\n%s", req.Text)
	}
	accept := slices.IndexFunc(req.Buttons, func(b bot.Button) bool { return b.Command == "intro accept 1" })
	if accept < 0 {
		t.Fatalf("request DM has no Accept button: %+v", req.Buttons)
	}
	mark = f.Mark()
	reply := e.press(t, "U0MARCO", "DU0MARCO", posts[0].TS, req.Buttons[accept])
	if !reply.Replace || !strings.Contains(reply.Text, "you and anna are now in touch") {
		t.Errorf("accept did not replace the request DM: %+v", reply)
	}
	e.deliver(t)
	opens = f.Since(mark, "conversations.open")
	posts = f.Since(mark, "chat.postMessage")
	if len(opens) != 1 || opens[0].Form.Get("users") != "U0ANNA,U0MARCO" {
		t.Fatalf("want one group DM of anna and marco, opened %+v", opens)
	}
	if len(posts) != 1 || posts[0].Channel != "GU0ANNAU0MARCO" || !strings.Contains(posts[0].Text, "<@U0ANNA>") || !strings.Contains(posts[0].Text, "<@U0MARCO>") {
		t.Errorf("in-touch message %+v", posts)
	}

	// A round by a moderator from the config list (no workspace admin).
	e.must(t, "U0ANNA", "round now", "Only moderators")
	mark = f.Mark()
	e.must(t, e2eMod, "round now", "2 groups")
	e.deliver(t)
	opens = f.Since(mark, "conversations.open")
	var paired []string
	for _, o := range opens {
		users := strings.Split(o.Form.Get("users"), ",")
		if len(users) != 2 {
			t.Errorf("round group DM of %v, want 2 members", users)
		}
		if o.Form.Get("users") == "U0ANNA,U0MARCO" {
			t.Error("the round paired anna and marco, who were just introduced")
		}
		paired = append(paired, users...)
	}
	slices.Sort(paired)
	if want := []string{"U0ANNA", "U0GIULIA", "U0LUCA", "U0MARCO"}; !slices.Equal(paired, want) {
		t.Errorf("the round's group DMs cover %v, want %v", paired, want)
	}
	for _, p := range f.Since(mark, "chat.postMessage") {
		if !strings.HasPrefix(p.Channel, "G") {
			t.Errorf("round message to %s, want group DMs only", p.Channel)
		}
	}

	// An announcement through the modal.
	mark = f.Mark()
	if ans := e.command(t, e2eMod, "announce", "announce"); len(ans) != 0 {
		t.Errorf("/rete announce answered %s; want the modal only", ans)
	}
	views := f.Since(mark, "views.open")
	if len(views) != 1 || views[0].JSON["trigger_id"] == "" {
		t.Fatalf("views.open calls %+v", views)
	}
	checkAnnounceView(t, views[0].JSON["view"])
	when := e.h.clock.Now().In(time.UTC).AddDate(0, 0, 10)
	fields := map[string]string{
		blockTitle: "Aperitivo | rete", blockDate: when.Format("2006-01-02"), blockTime: "18:30",
		blockPlace: "Bar Centrale, Roma", blockDetails: "Bring cards\nand <!channel> friends",
	}
	// A member who is no moderator: the core refuses, and the refusal
	// shows on the form's title field.
	mark = f.Mark()
	if ans := string(e.submit(t, "U0ANNA", fields)); !strings.Contains(ans, `"response_action":"errors"`) || !strings.Contains(ans, "Only moderators can use 'announce'") {
		t.Errorf("submission by a member answered %s, want the refusal on the form", ans)
	}
	if n := len(f.Since(mark, "chat.postMessage")); n != 0 {
		t.Errorf("a refused announcement posted %d messages", n)
	}
	mark = f.Mark()
	if ans := e.submit(t, e2eMod, fields); string(ans) != "null" {
		t.Errorf("submission answered %s, want the modal closed", ans)
	}
	eph := waitCalls(t, f, mark, "chat.postEphemeral", 1)
	if eph[0].Channel != "D"+e2eMod || !strings.Contains(eph[0].Text, "Event 1 announced: Aperitivo / rete") {
		t.Errorf("confirmation %+v", eph[0])
	}
	mark = f.Mark()
	e.deliver(t)
	posts = f.Since(mark, "chat.postMessage")
	if len(posts) != 1 || posts[0].Channel != e2eChannel {
		t.Fatalf("announcement posts %+v", posts)
	}
	post := slackfake.Delivery(t, []string{"#" + e2eChannel}, posts[0].Text, posts[0].Blocks)
	for _, want := range []string{"Aperitivo / rete", "18:30", "Bar Centrale, Roma", "Bring cards and &lt;!channel&gt; friends", "Going: 0"} {
		if !strings.Contains(post.Text, want) {
			t.Errorf("announcement lacks %q:\n%s", want, post.Text)
		}
	}
	if len(post.Pings) != 0 {
		t.Errorf("announcement pings %v", post.Pings)
	}
	going := slices.IndexFunc(post.Buttons, func(b bot.Button) bool { return b.Command == "rsvp 1 yes" })
	if going < 0 {
		t.Fatalf("announcement buttons %+v", post.Buttons)
	}
	for i, u := range []string{"U0GIULIA", "U0LUCA"} {
		mark = f.Mark()
		reply := e.press(t, u, e2eChannel, posts[0].TS, post.Buttons[going])
		if reply.Replace || reply.ResponseType != "ephemeral" || !strings.Contains(reply.Text, "You are going to Aperitivo / rete") {
			t.Errorf("rsvp reply %+v", reply)
		}
		e.deliver(t) // the edit goes through the outbox
		up := waitCalls(t, f, mark, "chat.update", 1)
		if up[0].Channel != e2eChannel || up[0].Form.Get("ts") != posts[0].TS || !strings.Contains(callText(t, up[0]), fmt.Sprintf("Going: %d", i+1)) {
			t.Errorf("post after rsvp %d: %+v\n%s", i+1, up[0], callText(t, up[0]))
		}
	}
	e.must(t, "U0ANNA", "events", "2 going")

	if err := e.h.a.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range f.CallsOf("chat.postMessage") {
		if !c.Token {
			t.Errorf("a call without the bot token: %+v", c)
		}
	}
}

// waitCalls waits until the fake received n calls of method since mark.
func waitCalls(t *testing.T, f *slackfake.Server, mark int, method string, n int) []slackfake.Call {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		cs := f.Since(mark, method)
		if len(cs) >= n {
			return cs
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d %s calls, want %d", len(cs), method, n)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// checkAnnounceView checks the modal sent to views.open.
func checkAnnounceView(t *testing.T, v any) {
	t.Helper()
	view, _ := v.(map[string]any)
	if view["type"] != "modal" || view["callback_id"] != announceCallback {
		t.Fatalf("view %v", view)
	}
	want := map[string]string{blockTitle: "plain_text_input", blockDate: "datepicker", blockTime: "timepicker", blockPlace: "plain_text_input", blockDetails: "plain_text_input"}
	blocks, _ := view["blocks"].([]any)
	got := map[string]string{}
	for _, b := range blocks {
		b, _ := b.(map[string]any)
		el, _ := b["element"].(map[string]any)
		if b["type"] != "input" || el["action_id"] != inputAction {
			t.Errorf("block %v", b)
		}
		got[fmt.Sprint(b["block_id"])] = fmt.Sprint(el["type"])
		if opt, _ := b["optional"].(bool); opt != (b["block_id"] == blockDetails) {
			t.Errorf("block %v: only the description is optional", b["block_id"])
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("view inputs %v, want %v", got, want)
	}
}

// TestSlackLinksReachTheCoreUnwrapped: Slack sends links typed in a
// command as <url|label>; the adapter hands the core the bare URL, so
// links, bios and event places store the address, not Slack's markup.
func TestSlackLinksReachTheCoreUnwrapped(t *testing.T) {
	eachMode(t, func(t *testing.T, socket bool) {
		e := newE2E(t, socket, nil)
		e.must(t, "U0ANNA", "join", "Welcome")
		e.must(t, "U0ANNA", "links <https://ex.com/a?b=1&amp;c=2|ex.com/a> <https://b.org>", "(2)")
		e.must(t, "U0ANNA", "bio I write at <https://blog.example|my blog>", "")
		prof := e.must(t, "U0ANNA", "profile", "https://b.org")
		for _, want := range []string{"https://ex.com/a?b=1&amp;c=2", "https://blog.example"} {
			if !strings.Contains(prof.Text, want) {
				t.Errorf("profile lacks %s:\n%s", want, prof.Text)
			}
		}
		if strings.Contains(prof.Text, "|ex.com") || strings.Contains(prof.Text, "my blog") {
			t.Errorf("profile kept Slack's link markup:\n%s", prof.Text)
		}
		e.must(t, e2eMod, "join", "Welcome")
		e.must(t, e2eMod, "announce Meetup | tomorrow 19:00 | <https://meet.example/x|Join the call> | Slides: <https://ex.com/s>", "")
		evs := e.must(t, "U0ANNA", "events", "https://meet.example/x")
		if strings.Contains(evs.Text, "Join the call") {
			t.Errorf("the event's place kept Slack's label:\n%s", evs.Text)
		}
	})
}
