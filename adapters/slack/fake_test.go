package slack

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

const (
	testToken    = "xoxb-test-token"
	testAppToken = "xapp-test-token"
)

// fakeSlack is a Slack Web API over httptest: conversations.open,
// chat.postMessage, chat.update, chat.postEphemeral, users.info and
// views.open, plus response URLs under /hooks/. It records every call.
type fakeSlack struct {
	srv *httptest.Server

	mu          sync.Mutex
	calls       []fakeCall
	read        int                 // calls already returned by deliveries
	convs       map[string][]string // channel id → members
	ts          int
	admins      map[string]bool
	unreachable map[string]string // user → error code of conversations.open
	failures    map[string][]fakeFailure
	wsURL       string // what apps.connections.open answers

	// hold, when set, runs before a Web API call is answered (outside mu):
	// a test can make a call slow.
	hold atomic.Pointer[func(method string)]
}

// fakeCall is one request the fake received.
type fakeCall struct {
	Method       string         // "chat.postMessage"…, or "hook" for a response URL
	Hook         string         // the response URL's name
	Form         url.Values     // Web API calls
	Token        bool           // the bot token came with the call
	Channel      string         // Web API calls
	Text         string         // the message's text
	Blocks       any            // the message's blocks, decoded JSON
	ResponseType string         // response URL: ephemeral or in_channel
	Replace      bool           // response URL: replace_original
	JSON         map[string]any // JSON calls (views.open): the body
	TS           string         // chat.postMessage: the ts it answered
}

// fakeFailure is a programmed failure of a method.
type fakeFailure struct {
	code       string // a Slack error, or "" for a 429
	retryAfter int    // seconds, with the 429
}

func newFakeSlack(t *testing.T) *fakeSlack {
	f := &fakeSlack{convs: map[string][]string{}, admins: map[string]bool{}, unreachable: map[string]string{}, failures: map[string][]fakeFailure{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// fail makes the next call of method fail: with a Slack error code, or
// with a 429 and Retry-After if code is empty.
func (f *fakeSlack) fail(method, code string, retryAfter int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[method] = append(f.failures[method], fakeFailure{code: code, retryAfter: retryAfter})
}

func (f *fakeSlack) hookURL(name string) string { return f.srv.URL + "/hooks/" + name }

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
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
		f.calls = append(f.calls, fakeCall{Method: "hook", Hook: name, Text: body.Text, Blocks: body.Blocks, ResponseType: body.ResponseType, Replace: body.ReplaceOriginal})
		answer(map[string]any{"ok": true})
		return
	}
	method, ok := strings.CutPrefix(r.URL.Path, "/api/")
	if !ok || r.ParseForm() != nil {
		http.NotFound(w, r)
		return
	}
	c := fakeCall{Method: method, Form: r.PostForm, Channel: r.PostForm.Get("channel"), Text: r.PostForm.Get("text"),
		Token: r.PostForm.Get("token") == testToken || r.Header.Get("Authorization") == "Bearer "+testToken}
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
		if r.Header.Get("Authorization") != "Bearer "+testAppToken {
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
	case "users.info":
		u := r.PostForm.Get("user")
		answer(map[string]any{"ok": true, "user": map[string]any{"id": u, "name": strings.ToLower(u), "is_admin": f.admins[u]}})
	default:
		fail("unknown_method")
	}
}

// callsOf returns the recorded calls of method.
func (f *fakeSlack) callsOf(method string) []fakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeCall
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// deliveries returns the messages posted or updated since the last call.
func (f *fakeSlack) deliveries(t *testing.T) []bottest.Delivery {
	t.Helper()
	f.mu.Lock()
	calls := f.calls[f.read:]
	f.read = len(f.calls)
	var ds []bottest.Delivery
	for _, c := range calls {
		var to []string
		switch c.Method {
		case "chat.postMessage", "chat.update":
			if users, ok := f.convs[c.Channel]; ok {
				to = users
			} else {
				to = []string{"#" + c.Channel}
			}
		default: // replies to response URLs are read with hook
			continue
		}
		ds = append(ds, delivery(t, to, c.Text, c.Blocks))
	}
	f.mu.Unlock()
	return ds
}

// delivery reads a message back as a reader would see it.
func delivery(t *testing.T, to []string, text string, blocks any) bottest.Delivery {
	t.Helper()
	sections := mrkdwnTexts(t, blocks)
	size := 0
	for _, s := range sections {
		size = max(size, utf8.RuneCountInString(s))
	}
	texts := append([]string{text}, sections...)
	return bottest.Delivery{To: to, Text: strings.Join(texts, "\n"), Buttons: buttons(blocks), Pings: pings(texts...), Size: size}
}

// buttons finds the buttons in decoded blocks.
func buttons(blocks any) []bot.Button {
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

// hook waits for the reply sent to the response URL name.
func (f *fakeSlack) hook(t *testing.T, name string) fakeCall {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, c := range f.callsOf("hook") {
			if c.Hook == name {
				return c
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no reply reached response URL %q", name)
	return fakeCall{}
}
