// Package discordfake is a fake of Discord's API for tests, speaking the
// real wire format: the REST API the adapter calls (JSON bodies, its
// error codes, with limits set its global rate and per-route buckets
// answering 429), the gateway (HELLO, IDENTIFY, READY, RESUME,
// heartbeats, dispatched events), and interactions signed with Ed25519
// as Discord signs them. It records every call so a test can read what
// Discord's people would see.
//
// It imports no adapter, so the discord package's own tests and tests
// wiring several platforms share this one fake.
package discordfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

// Server is Discord's REST API and gateway over httptest, as much as
// the adapter uses, recording every call. With limits set it enforces a
// global rate and per-route buckets, answering 429 past them.
type Server struct {
	t   testing.TB
	srv *httptest.Server

	mu      sync.Mutex
	calls   []Call
	seq     int64
	dms     map[string]string // DM channel → user
	threads map[string][]string
	closed  map[string]bool // users whose DMs are closed
	gone    map[string]bool // users who left the server

	// limits, when set
	global    int // requests per second, 0: none
	window    []time.Time
	buckets   map[string]*fakeBucket
	routeRate int // requests per route per second
	tooMany   int // 429s answered

	ws      *websocket.Conn
	wsMu    sync.Mutex
	wsSeq   int
	intents int
	ready   chan struct{}
	resumed chan struct{} // a RESUME was answered
}

type fakeBucket struct {
	left  int
	reset time.Time
}

// Call is one REST call as the fake received it.
type Call struct {
	Method, Path string
	Body         map[string]any
	Raw          []byte
	Auth         string
	ID           string // the id the fake gave what it created
}

// New starts a fake Discord, closed when the test ends.
func New(t testing.TB) *Server {
	f := &Server{t: t, dms: map[string]string{}, threads: map[string][]string{}, closed: map[string]bool{}, gone: map[string]bool{},
		buckets: map[string]*fakeBucket{}, ready: make(chan struct{}), resumed: make(chan struct{}, 4), seq: 900000}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *Server) id() string {
	f.seq++
	return strconv.FormatInt(f.seq, 10)
}

// The paths of a channel's messages and of one message.
var (
	MessagesPath = regexp.MustCompile(`^/api/v9/channels/(\d+)/messages$`)
	MessagePath  = regexp.MustCompile(`^/api/v9/channels/(\d+)/messages/(\d+)$`)

	reThreads    = regexp.MustCompile(`^/api/v9/channels/(\d+)/threads$`)
	reThreadUser = regexp.MustCompile(`^/api/v9/channels/(\d+)/thread-members/(\d+)$`)
)

func (f *Server) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/gw") {
		f.serveGateway(w, r)
		return
	}
	raw, _ := io.ReadAll(r.Body)
	c := Call{Method: r.Method, Path: r.URL.Path, Raw: raw, Auth: r.Header.Get("Authorization")}
	_ = json.Unmarshal(raw, &c.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.admit(w, r) {
		return
	}
	reply := func(status int, v any) {
		f.calls = append(f.calls, c)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	p := r.URL.Path
	switch {
	case p == "/api/v9/gateway":
		reply(200, map[string]string{"url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/gw"})
	case r.Method == "POST" && p == "/api/v9/users/@me/channels":
		user, _ := c.Body["recipient_id"].(string)
		ch := "7" + user
		f.dms[ch] = user
		c.ID = ch
		reply(200, map[string]any{"id": ch, "type": 1})
	case r.Method == "POST" && MessagesPath.MatchString(p):
		ch := MessagesPath.FindStringSubmatch(p)[1]
		if u, ok := f.dms[ch]; ok && f.closed[u] {
			reply(403, map[string]any{"code": 50007, "message": "Cannot send messages to this user"})
			return
		}
		c.ID = f.id()
		reply(200, map[string]any{"id": c.ID, "channel_id": ch})
	case r.Method == "PATCH" && MessagePath.MatchString(p):
		m := MessagePath.FindStringSubmatch(p)
		reply(200, map[string]any{"id": m[2], "channel_id": m[1]})
	case r.Method == "POST" && reThreads.MatchString(p):
		c.ID = f.id()
		f.threads[c.ID] = nil
		reply(201, map[string]any{"id": c.ID, "type": 12, "parent_id": reThreads.FindStringSubmatch(p)[1]})
	case r.Method == "PUT" && reThreadUser.MatchString(p):
		m := reThreadUser.FindStringSubmatch(p)
		if f.gone[m[2]] {
			reply(404, map[string]any{"code": 10007, "message": "Unknown Member"})
			return
		}
		f.threads[m[1]] = append(f.threads[m[1]], m[2])
		f.calls = append(f.calls, c)
		w.WriteHeader(204)
	case r.Method == "PUT" && strings.HasPrefix(p, "/api/v9/applications/"):
		reply(200, []any{})
	case r.Method == "POST" && strings.HasPrefix(p, "/api/v9/interactions/"):
		f.calls = append(f.calls, c)
		w.WriteHeader(204)
	case strings.HasPrefix(p, "/api/v9/webhooks/"):
		reply(200, map[string]any{"id": f.id(), "channel_id": "1"})
	default:
		f.t.Errorf("fake discord: unexpected %s %s", r.Method, p)
		http.Error(w, `{"code":0,"message":"404: Not Found"}`, 404)
	}
}

// route is a request's rate limit bucket: the method and path with the
// ids of minor parameters left as they are (channels are major).
func route(r *http.Request) string { return r.Method + " " + r.URL.Path }

// admit enforces the limits, when set: the global one over a sliding
// second, then the route's bucket, with Discord's headers. f.mu is held.
func (f *Server) admit(w http.ResponseWriter, r *http.Request) bool {
	if f.global == 0 || strings.HasPrefix(r.URL.Path, "/api/v9/interactions/") {
		return true
	}
	now := time.Now()
	for len(f.window) > 0 && now.Sub(f.window[0]) >= time.Second {
		f.window = f.window[1:]
	}
	if len(f.window) >= f.global {
		f.tooMany++
		w.Header().Set("X-RateLimit-Global", "true")
		w.Header().Set("Retry-After", "1")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(429)
		fmt.Fprintf(w, `{"message":"You are being rate limited.","retry_after":%.3f,"global":true}`, time.Second.Seconds()-now.Sub(f.window[0]).Seconds())
		return false
	}
	f.window = append(f.window, now)
	b := f.buckets[route(r)]
	if b == nil || now.After(b.reset) {
		b = &fakeBucket{left: f.routeRate, reset: now.Add(time.Second)}
		f.buckets[route(r)] = b
	}
	after := b.reset.Sub(now).Seconds()
	if b.left == 0 {
		f.tooMany++
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(429)
		fmt.Fprintf(w, `{"message":"You are being rate limited.","retry_after":%.3f,"global":false}`, after)
		return false
	}
	b.left--
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(f.routeRate))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(b.left))
	w.Header().Set("X-RateLimit-Reset-After", strconv.FormatFloat(after, 'f', 3, 64))
	w.Header().Set("X-RateLimit-Bucket", route(r))
	return true
}

// serveGateway speaks the gateway: HELLO, IDENTIFY, READY, then
// heartbeat acks while the test dispatches events.
func (f *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	conn, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	send := func(v any) error {
		f.wsMu.Lock()
		defer f.wsMu.Unlock()
		return conn.WriteJSON(v)
	}
	if send(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}}) != nil {
		return
	}
	var id struct {
		Op int `json:"op"`
		D  struct {
			Token     string `json:"token"`
			Intents   int    `json:"intents"`
			SessionID string `json:"session_id"`
		} `json:"d"`
	}
	if err := conn.ReadJSON(&id); err != nil || (id.Op != 2 && id.Op != 6) {
		f.t.Errorf("gateway: want IDENTIFY or RESUME, got op %d (%v)", id.Op, err)
		return
	}
	f.wsMu.Lock()
	f.ws = conn
	resume := id.Op == 6
	if !resume {
		f.intents, f.wsSeq = id.D.Intents, 1
	}
	f.wsMu.Unlock()
	if resume {
		if id.D.SessionID != "fake-session" {
			f.t.Errorf("gateway: RESUME of session %q", id.D.SessionID)
		}
		f.wsMu.Lock()
		f.wsSeq++
		seq := f.wsSeq
		f.wsMu.Unlock()
		_ = send(map[string]any{"op": 0, "s": seq, "t": "RESUMED", "d": map[string]any{}})
		f.resumed <- struct{}{}
	} else {
		_ = send(map[string]any{"op": 0, "s": 1, "t": "READY", "d": map[string]any{
			"v": 10, "session_id": "fake-session", "user": map[string]any{"id": ApplicationID, "username": "rete", "bot": true},
			"guilds": []any{}, "resume_gateway_url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/gw",
		}})
		close(f.ready)
	}
	for {
		var m struct {
			Op int `json:"op"`
		}
		if err := conn.ReadJSON(&m); err != nil {
			return
		}
		if m.Op == 1 {
			_ = send(map[string]any{"op": 11})
		}
	}
}

// Reconnect asks the client to reconnect (op 7), as Discord does before
// moving a session.
func (f *Server) Reconnect(t testing.TB) {
	t.Helper()
	f.wsMu.Lock()
	defer f.wsMu.Unlock()
	if err := f.ws.WriteJSON(map[string]any{"op": 7, "d": nil}); err != nil {
		t.Fatal(err)
	}
}

// Dispatch sends a gateway event.
func (f *Server) Dispatch(t testing.TB, typ string, d any) {
	t.Helper()
	select {
	case <-f.ready:
	case <-time.After(5 * time.Second):
		t.Fatal("the adapter never identified on the gateway")
	}
	f.wsMu.Lock()
	defer f.wsMu.Unlock()
	f.wsSeq++
	if err := f.ws.WriteJSON(map[string]any{"op": 0, "s": f.wsSeq, "t": typ, "d": d}); err != nil {
		t.Fatal(err)
	}
}

// Mark is the number of calls so far; Since returns the calls after one.
func (f *Server) Mark() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

func (f *Server) Since(from int, method string, path *regexp.Regexp) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Call
	for _, c := range f.calls[min(from, len(f.calls)):] {
		if c.Method == method && (path == nil || path.MatchString(c.Path)) {
			out = append(out, c)
		}
	}
	return out
}

// Wait waits for n calls matching since from.
func (f *Server) Wait(t testing.TB, from int, method string, path *regexp.Regexp, n int) []Call {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if cs := f.Since(from, method, path); len(cs) >= n {
			return cs
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d calls %s %v, want %d", len(f.Since(from, method, path)), method, path, n)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// Messages are the messages posted since from (channel, DM or thread).
func (f *Server) Messages(from int) []Call { return f.Since(from, "POST", MessagesPath) }

// ChannelOf is the channel a message call went to.
func ChannelOf(c Call) string {
	if m := MessagesPath.FindStringSubmatch(c.Path); m != nil {
		return m[1]
	}
	if m := MessagePath.FindStringSubmatch(c.Path); m != nil {
		return m[1]
	}
	return ""
}

// Recipients is who reads a channel: a DM's user, a thread's members, or
// "#channel".
func (f *Server) Recipients(ch string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if u, ok := f.dms[ch]; ok {
		return []string{u}
	}
	if us, ok := f.threads[ch]; ok {
		return slices.Clone(us)
	}
	return []string{"#" + ch}
}

var (
	unescaper = regexp.MustCompile(`\\([^A-Za-z0-9\s])`)
	userPing  = regexp.MustCompile(`<@!?(\d+)>`)
	rolePing  = regexp.MustCompile(`<@&(\d+)>`)
)

// ReaderText is what a reader sees of content: escapes undone, no
// zero-width joiners, no bold markers.
func ReaderText(content string) string {
	s := strings.ReplaceAll(content, "\u200d", "")
	s = strings.ReplaceAll(s, "**", "")
	return unescaper.ReplaceAllString(s, "$1")
}

// Delivery reads a message body (a message, an edit, an interaction
// answer's data) as a reader sees it, with the pings Discord would raise.
func Delivery(to []string, body map[string]any) bottest.Delivery {
	content, _ := body["content"].(string)
	d := bottest.Delivery{To: to, Text: ReaderText(content)}
	rows, _ := body["components"].([]any)
	for _, row := range rows {
		row, _ := row.(map[string]any)
		cs, _ := row["components"].([]any)
		for _, c := range cs {
			c, _ := c.(map[string]any)
			id, _ := c["custom_id"].(string)
			label, _ := c["label"].(string)
			url, _ := c["url"].(string)
			d.Buttons = append(d.Buttons, bot.Button{Label: label, Command: strings.TrimPrefix(id, ButtonPrefix), URL: url})
		}
	}
	d.Pings = Pings(content, body["allowed_mentions"])
	return d
}

// Pings are the notifications content raises under allowed_mentions, as
// Discord decides them: without allowed_mentions every mention pings.
func Pings(content string, allowed any) []string {
	am, limited := allowed.(map[string]any)
	parse := map[string]bool{"users": true, "roles": true, "everyone": true}
	var users []any
	if limited {
		parse = map[string]bool{}
		ps, _ := am["parse"].([]any)
		for _, p := range ps {
			parse[fmt.Sprint(p)] = true
		}
		users, _ = am["users"].([]any)
	}
	var out []string
	for _, m := range userPing.FindAllStringSubmatch(content, -1) {
		if parse["users"] || slices.Contains(users, any(m[1])) {
			out = append(out, m[1])
		}
	}
	if parse["roles"] && rolePing.MatchString(content) {
		out = append(out, "role")
	}
	if parse["everyone"] && (strings.Contains(content, "@everyone") || strings.Contains(content, "@here")) {
		out = append(out, "everyone")
	}
	return out
}

// intentGuildMembers is the privileged Server Members intent.
const intentGuildMembers = 1 << 1

// MemberAdd dispatches GUILD_MEMBER_ADD for user joining guild, as
// Discord does only to a client that identified with the Server Members
// intent; it reports whether it was sent.
func (f *Server) MemberAdd(t testing.TB, guild string, user map[string]any) bool {
	t.Helper()
	if f.Ready(t)&intentGuildMembers == 0 {
		return false
	}
	f.Dispatch(t, "GUILD_MEMBER_ADD", map[string]any{"guild_id": guild, "user": user, "roles": []any{}, "joined_at": "2026-11-27T10:00:00Z", "deaf": false, "mute": false})
	return true
}
