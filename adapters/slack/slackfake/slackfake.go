// Package slackfake is a fake of Slack's API for tests, speaking the real
// wire format: the Web API the adapter calls (form or JSON bodies, the
// bot token, Slack's error codes and 429s), response URLs, and the
// signed slash commands, button presses and App Home events Slack sends
// to the adapter.
// It records every call so a test can read what Slack's people would see.
//
// It imports no adapter, so the slack package's own tests and tests
// wiring several platforms share this one fake.
package slackfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

// The credentials the fake accepts: give them to the adapter's Config.
const (
	BotToken      = "xoxb-test-token"
	AppToken      = "xapp-test-token"
	SigningSecret = "test-signing-secret"
)

// Server is a Slack Web API over httptest: conversations.open,
// chat.postMessage, chat.update, chat.postEphemeral, users.info,
// views.open and views.publish, plus response URLs under /hooks/. It
// records every call.
type Server struct {
	srv *httptest.Server

	mu          sync.Mutex
	calls       []Call
	read        int                 // calls already returned by Deliveries
	convs       map[string][]string // channel id → members
	ts          int
	admins      map[string]bool
	bots        map[string]bool
	unreachable map[string]string // user → error code of conversations.open
	failures    map[string][]failure
	wsURL       string // what apps.connections.open answers
	seq         int    // response URLs and trigger ids of inbound requests

	// hold, when set, runs before a Web API call is answered (outside mu).
	hold atomic.Pointer[func(method string)]
}

// Call is one request the fake received.
type Call struct {
	Method       string         // "chat.postMessage"…, or "hook" for a response URL
	Hook         string         // the response URL's name
	Form         url.Values     // Web API calls
	Token        bool           // the bot token came with the call
	Channel      string         // Web API calls
	Text         string         // the message's text
	Blocks       any            // the message's blocks, decoded JSON
	ResponseType string         // response URL: ephemeral or in_channel
	Replace      bool           // response URL: replace_original
	JSON         map[string]any // JSON calls (views.open, views.publish): the body
	TS           string         // chat.postMessage: the ts it answered
}

// failure is a programmed failure of a method.
type failure struct {
	code       string // a Slack error, or "" for a 429
	retryAfter int    // seconds, with the 429
}

// New starts a fake Slack, closed when the test ends.
func New(t testing.TB) *Server {
	f := &Server{convs: map[string][]string{}, admins: map[string]bool{}, bots: map[string]bool{}, unreachable: map[string]string{}, failures: map[string][]failure{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the Web API's base, the adapter's APIURL.
func (f *Server) URL() string { return f.srv.URL }

// Close stops the server, as when Slack cannot be reached.
func (f *Server) Close() { f.srv.Close() }

// Fail makes the next call of method fail: with a Slack error code, or
// with a 429 and Retry-After if code is empty.
func (f *Server) Fail(method, code string, retryAfter int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[method] = append(f.failures[method], failure{code: code, retryAfter: retryAfter})
}

// SetAdmin makes users.info report user as a workspace admin.
func (f *Server) SetAdmin(user string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.admins[user] = true
}

// SetBot makes users.info report user as a bot.
func (f *Server) SetBot(user string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.bots[user] = true
}

// SetUnreachable makes conversations.open with user fail with code.
func (f *Server) SetUnreachable(user, code string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.unreachable[user] = code
}

// SetSocketURL is what apps.connections.open answers.
func (f *Server) SetSocketURL(u string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.wsURL = u
}

// Hold runs hold before each Web API call is answered: a test can make
// a call slow.
func (f *Server) Hold(hold func(method string)) { f.hold.Store(&hold) }

// HookURL is the response URL named name.
func (f *Server) HookURL(name string) string { return f.srv.URL + "/hooks/" + name }

func (f *Server) serve(w http.ResponseWriter, r *http.Request) {
	if hold := f.hold.Load(); hold != nil {
		(*hold)(strings.TrimPrefix(r.URL.Path, "/api/"))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	answer := func(v map[string]any) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(v)
	}
	if name, ok := strings.CutPrefix(r.URL.Path, "/hooks/"); ok {
		var body struct {
			ResponseType    string `json:"response_type"`
			Text            string `json:"text"`
			Blocks          any    `json:"blocks"`
			ReplaceOriginal bool   `json:"replace_original"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		f.calls = append(f.calls, Call{Method: "hook", Hook: name, Text: body.Text, Blocks: body.Blocks, ResponseType: body.ResponseType, Replace: body.ReplaceOriginal})
		answer(map[string]any{"ok": true})
		return
	}
	method, ok := strings.CutPrefix(r.URL.Path, "/api/")
	if !ok || r.ParseForm() != nil {
		http.NotFound(w, r)
		return
	}
	c := Call{Method: method, Form: r.PostForm, Channel: r.PostForm.Get("channel"), Text: r.PostForm.Get("text"),
		Token: r.PostForm.Get("token") == BotToken || r.Header.Get("Authorization") == "Bearer "+BotToken}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		if err := json.NewDecoder(r.Body).Decode(&c.JSON); err != nil && err != io.EOF {
			http.Error(w, "json: "+err.Error(), http.StatusBadRequest)
			return
		}
	}
	if b := r.PostForm.Get("blocks"); b != "" {
		if err := json.Unmarshal([]byte(b), &c.Blocks); err != nil {
			http.Error(w, "blocks: "+err.Error(), http.StatusBadRequest)
			return
		}
	}
	fail := func(code string) { answer(map[string]any{"ok": false, "error": code}) }
	if method == "apps.connections.open" {
		if r.Header.Get("Authorization") != "Bearer "+AppToken {
			fail("invalid_auth")
			return
		}
		answer(map[string]any{"ok": true, "url": f.wsURL})
		return
	}
	f.calls = append(f.calls, c)
	if !c.Token {
		fail("not_authed")
		return
	}
	if fs := f.failures[method]; len(fs) > 0 {
		f.failures[method] = fs[1:]
		if fs[0].code == "" {
			w.Header().Set("Retry-After", strconv.Itoa(fs[0].retryAfter))
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		fail(fs[0].code)
		return
	}
	switch method {
	case "conversations.open":
		users := strings.Split(r.PostForm.Get("users"), ",")
		for _, u := range users {
			if code, ok := f.unreachable[u]; ok {
				fail(code)
				return
			}
		}
		id := "D" + users[0]
		if len(users) > 1 {
			id = "G" + strings.Join(users, "")
		}
		f.convs[id] = users
		answer(map[string]any{"ok": true, "channel": map[string]any{"id": id}})
	case "chat.postMessage", "chat.update":
		if _, ok := f.convs[c.Channel]; !ok && !strings.HasPrefix(c.Channel, "C") {
			fail("channel_not_found")
			return
		}
		ts := r.PostForm.Get("ts")
		if method == "chat.postMessage" {
			f.ts++
			ts = fmt.Sprintf("1700000000.%06d", f.ts)
			f.calls[len(f.calls)-1].TS = ts
		}
		answer(map[string]any{"ok": true, "channel": c.Channel, "ts": ts})
	case "chat.postEphemeral":
		f.ts++
		answer(map[string]any{"ok": true, "message_ts": fmt.Sprintf("1700000000.%06d", f.ts)})
	case "views.open":
		if c.JSON["trigger_id"] == nil || c.JSON["trigger_id"] == "" {
			fail("invalid_arguments")
			return
		}
		answer(map[string]any{"ok": true, "view": map[string]any{"id": "V" + strconv.Itoa(len(f.calls))}})
	case "views.publish":
		if code := checkHomeView(c.JSON); code != "" {
			fail(code)
			return
		}
		answer(map[string]any{"ok": true, "view": map[string]any{"id": "VHOME" + fmt.Sprint(c.JSON["user_id"]), "type": "home"}})
	case "users.info":
		u := r.PostForm.Get("user")
		answer(map[string]any{"ok": true, "user": map[string]any{"id": u, "name": strings.ToLower(u), "is_admin": f.admins[u], "is_bot": f.bots[u]}})
	default:
		fail("unknown_method")
	}
}

// Calls returns a copy of every recorded call.
func (f *Server) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls...)
}

// CallsOf returns the recorded calls of method.
func (f *Server) CallsOf(method string) []Call { return f.Since(0, method) }

// Mark returns the number of calls the fake has received, for Since.
func (f *Server) Mark() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

// Since returns the calls of method from call number from on.
func (f *Server) Since(from int, method string) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Call
	for _, c := range f.calls[min(from, len(f.calls)):] {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Deliveries returns the messages posted or updated since the last call:
// To is the conversation's members, or "#channel".
func (f *Server) Deliveries(t testing.TB) []bottest.Delivery {
	t.Helper()
	f.mu.Lock()
	from, to := f.read, len(f.calls)
	f.read = to
	f.mu.Unlock()
	return f.Delivered(t, from, to)
}

// Delivered returns the messages posted or updated by calls from to to
// (Mark), as Deliveries reads them.
func (f *Server) Delivered(t testing.TB, from, to int) []bottest.Delivery {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	var ds []bottest.Delivery
	for _, c := range f.calls[min(from, len(f.calls)):min(to, len(f.calls))] {
		var to []string
		switch c.Method {
		case "chat.postMessage", "chat.update":
			if users, ok := f.convs[c.Channel]; ok {
				to = users
			} else {
				to = []string{"#" + c.Channel}
			}
		default: // replies to response URLs are read with Hook
			continue
		}
		ds = append(ds, Delivery(t, to, c.Text, c.Blocks))
	}
	return ds
}

// Hook waits for the reply sent to the response URL name.
func (f *Server) Hook(t testing.TB, name string) Call {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, c := range f.CallsOf("hook") {
			if c.Hook == name {
				return c
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no reply reached response URL %q", name)
	return Call{}
}

// Delivery reads a message back as a reader would see it.
func Delivery(t testing.TB, to []string, text string, blocks any) bottest.Delivery {
	t.Helper()
	sections := MrkdwnTexts(t, blocks)
	size := 0
	for _, s := range sections {
		size = max(size, utf8.RuneCountInString(s))
	}
	texts := append([]string{text}, sections...)
	return bottest.Delivery{To: to, Text: strings.Join(texts, "\n"), Buttons: Buttons(blocks), Pings: Pings(texts...), Size: size}
}

// Buttons finds the buttons in decoded blocks.
func Buttons(blocks any) []bot.Button {
	var out []bot.Button
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["type"] == "button" {
				b := bot.Button{}
				b.Command, _ = v["value"].(string)
				b.URL, _ = v["url"].(string)
				if txt, ok := v["text"].(map[string]any); ok {
					b.Label = fmt.Sprint(txt["text"])
				}
				switch v["style"] {
				case "primary":
					b.Style = bot.ButtonPrimary
				case "danger":
					b.Style = bot.ButtonDanger
				}
				out = append(out, b)
				return
			}
			for _, k := range []string{"elements", "accessory"} {
				walk(v[k])
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(blocks)
	return out
}
