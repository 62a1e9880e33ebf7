package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
	"github.com/rete-bot/rete/store"
)

const (
	testToken        = "test-bot-token-secret"
	testApp          = "100000000000000001"
	testGuild        = "200000000000000002"
	testChannel      = "300000000000000003" // announcements
	testGroupChannel = "300000000000000004" // where groups meet
	testClosed       = "499999999999999999" // a member with closed DMs
)

// testMembers are the fake server's members.
var testMembers = []string{"400000000000000001", "400000000000000002", "400000000000000003", "400000000000000004", "400000000000000005"}

// testKey signs HTTP interactions.
var testKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

// table is the real command table as Discord registers it.
var table = sync.OnceValue(func() []kit.DiscordCommand {
	db, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		panic(err)
	}
	defer db.Close()
	b, err := bot.New(bot.Config{Store: db})
	if err != nil {
		panic(err)
	}
	return kit.DiscordCommands(b.Commands(), b.Catalog())
})

// harness is the adapter wired to the fake Discord, hearing it over HTTP
// interactions or the gateway.
type harness struct {
	fake    *fakeDiscord
	a       *Adapter
	srv     *httptest.Server // HTTP interactions
	client  *http.Client     // posts them
	gateway bool
	logs    *syncBuffer

	mu   sync.Mutex
	seq  int
	seen int // calls already read by Deliveries
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newHarness starts the adapter with h; edit changes its config.
func newHarness(t *testing.T, h bot.Handler, gateway bool, edit func(*Config)) *harness {
	t.Helper()
	x := buildHarness(t, gateway, edit)
	x.start(t, h)
	return x
}

// buildHarness makes the fake and the adapter without starting it, for a
// core that needs the adapter before it exists.
func buildHarness(t *testing.T, gateway bool, edit func(*Config)) *harness {
	t.Helper()
	x := &harness{fake: newFakeDiscord(t), gateway: gateway, logs: &syncBuffer{}, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}}
	x.fake.closed[testClosed] = true
	cfg := Config{
		BotToken: testToken, ApplicationID: testApp, APIURL: x.fake.srv.URL, Guilds: []string{testGuild},
		GroupChannels: map[string]string{testGuild: testGroupChannel},
		Rate:          1e6, // the limit has tests of its own
		Logger:        slog.New(slog.NewTextHandler(x.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if !gateway {
		cfg.PublicKey = hex.EncodeToString(testKey.Public().(ed25519.PublicKey))
	}
	if edit != nil {
		edit(&cfg)
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	x.a = a
	return x
}

// start runs the adapter with h: Run (registration, and the gateway in
// gateway mode), and Routes on a test server over HTTP.
func (x *harness) start(t *testing.T, h bot.Handler) {
	t.Helper()
	a := x.a
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, h) }()
	if !x.gateway {
		if err := <-done; err != nil {
			t.Fatalf("Run: %v", err)
		}
		mux := http.NewServeMux()
		if err := a.Routes(mux, h); err != nil {
			t.Fatal(err)
		}
		x.srv = httptest.NewServer(mux)
		t.Cleanup(x.srv.Close)
	}
	t.Cleanup(func() {
		cancel()
		if x.gateway {
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(5 * time.Second):
				t.Error("Run did not stop")
			}
		}
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		if err := a.Shutdown(sctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if strings.Contains(x.logs.String(), testToken) {
			t.Error("the bot token was logged")
		}
	})
}

func (x *harness) next() string {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.seq++
	return strconv.Itoa(800000000000000000 + x.seq)
}

// base is an interaction's envelope from user: in the guild, or in a DM
// (where Discord sends user and no member). Moderators (testMembers[4]
// in these tests is not one) get Manage Server when perms says so.
func (x *harness) base(user string, typ int, dm bool, perms string) map[string]any {
	id := x.next()
	i := map[string]any{
		"id": id, "application_id": testApp, "type": typ, "token": "tok-" + id, "version": 1,
		"locale": "en-US", "channel_id": testChannel,
	}
	u := map[string]any{"id": user, "username": "user" + user[len(user)-2:], "global_name": nil, "discriminator": "0"}
	if dm {
		i["user"], i["context"], i["channel_id"] = u, 1, "7"+user
	} else {
		i["guild_id"], i["context"] = testGuild, 0
		i["member"] = map[string]any{"user": u, "permissions": perms, "roles": []any{}, "nick": nil}
	}
	return i
}

// commandData is a typed line as Discord sends the command: the verb,
// a sub-command, and the options filled from the words in order, the
// last one taking the rest of the line.
func commandData(t *testing.T, line string) map[string]any {
	t.Helper()
	words := strings.Fields(line)
	var cmd *kit.DiscordCommand
	for _, c := range table() {
		if c.Name == words[0] {
			cmd = &c
		}
	}
	if cmd == nil {
		t.Fatalf("no command %q", words[0])
	}
	words = words[1:]
	opts := cmd.Options
	var wrap func([]any) []any
	wrap = func(o []any) []any { return o }
	if len(opts) > 0 && opts[0].Type == kit.DiscordSubCommand {
		name := words[0]
		words = words[1:]
		for _, s := range opts {
			if s.Name == name {
				opts = s.Options
				wrap = func(o []any) []any { return []any{map[string]any{"type": 1, "name": name, "options": o}} }
			}
		}
	}
	var out []any
	for i, o := range opts {
		if len(words) == 0 {
			break
		}
		v := words[0]
		if i == len(opts)-1 || (o.Required && i+1 < len(opts) && !opts[i+1].Required && len(words) > 1 && o.Type == kit.DiscordString && opts[i+1].Type == kit.DiscordString) {
			v = strings.Join(words, " ")
			words = nil
		} else {
			words = words[1:]
		}
		var val any = v
		switch o.Type {
		case kit.DiscordUser:
			val = strings.TrimPrefix(v, "@")
		case kit.DiscordInteger:
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("%s: option %s wants a number, got %q", line, o.Name, v)
			}
			val = n
		}
		out = append(out, map[string]any{"name": o.Name, "type": o.Type, "value": val})
	}
	return map[string]any{"id": "1", "name": cmd.Name, "type": 1, "options": wrap(out)}
}

// send delivers an interaction and returns Discord's answer to it (the
// HTTP response, or the callback the adapter made over REST).
func (x *harness) send(t *testing.T, i map[string]any) map[string]any {
	t.Helper()
	body, _ := json.Marshal(i)
	if x.gateway {
		mark := x.fake.mark()
		x.fake.dispatch(t, "INTERACTION_CREATE", i)
		cb := x.fake.wait(t, mark, "POST", regexp.MustCompile(`^/api/v9/interactions/`+fmt.Sprint(i["id"])+`/`), 1)
		return cb[0].Body
	}
	resp, out := x.post(t, body, time.Now(), testKey)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("interaction: %s %s", resp.Status, out)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("interaction answer %s: %v", out, err)
	}
	return m
}

// post signs body at ts with key and posts it to the interactions URL.
func (x *harness) post(t *testing.T, body []byte, ts time.Time, key ed25519.PrivateKey) (*http.Response, []byte) {
	t.Helper()
	stamp := strconv.FormatInt(ts.Unix(), 10)
	req, _ := http.NewRequest("POST", x.srv.URL+"/discord/interactions", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", stamp)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(stamp), body...))))
	resp, err := x.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp, out
}

// answerDelivery reads an interaction answer carrying a message.
func answerDelivery(t *testing.T, user string, ans map[string]any) bottest.Delivery {
	t.Helper()
	data, _ := ans["data"].(map[string]any)
	if data == nil {
		t.Fatalf("answer without a message: %v", ans)
	}
	return delivery([]string{user}, data)
}

// ephemeral reports whether an answer's message shows to its reader only.
func ephemeral(ans map[string]any) bool {
	data, _ := ans["data"].(map[string]any)
	f, _ := data["flags"].(float64)
	return int(f)&64 != 0
}

// bottestHarness is the harness as bottest sees it.
type bottestHarness struct{ *harness }

func (x bottestHarness) Messenger() bot.Messenger { return x.a }
func (x bottestHarness) Member(n int) bot.MemberID {
	return bot.MemberID{Platform: Platform, Space: testGuild, User: testMembers[n]}
}
func (x bottestHarness) Unreachable() (bot.MemberID, bool) {
	return bot.MemberID{Platform: Platform, Space: testGuild, User: testClosed}, true
}
func (x bottestHarness) Channel() (string, string) { return testGuild, testChannel }

func (x bottestHarness) Deliveries(t *testing.T) []bottest.Delivery {
	x.mu.Lock()
	from := x.seen
	x.mu.Unlock()
	var out []bottest.Delivery
	end := x.fake.mark()
	x.fake.mu.Lock()
	calls := x.fake.calls[from:end]
	x.fake.mu.Unlock()
	for _, c := range calls {
		sent := c.Method == "POST" && reChannelMsgs.MatchString(c.Path) && c.ID != ""
		edited := c.Method == "PATCH" && reChannelMsg.MatchString(c.Path)
		if sent || edited {
			out = append(out, delivery(x.fake.recipients(channelOf(c)), c.Body))
		}
	}
	x.mu.Lock()
	x.seen = end
	x.mu.Unlock()
	return out
}

func (x bottestHarness) Command(t *testing.T, n int, text string) bottest.Delivery {
	i := x.base(testMembers[n], 2, false, "0")
	i["data"] = commandData(t, text)
	return answerDelivery(t, testMembers[n], x.send(t, i))
}

func (x bottestHarness) Press(t *testing.T, n int, d bottest.Delivery, button int) bottest.Delivery {
	i := x.base(testMembers[n], 3, false, "0")
	i["data"] = map[string]any{"custom_id": buttonPrefix + d.Buttons[button].Command, "component_type": 2}
	i["message"] = map[string]any{"id": "1", "channel_id": testChannel}
	return answerDelivery(t, testMembers[n], x.send(t, i))
}

// switchHandler hands requests to the handler of the moment, so that
// one gateway connection serves every conformance check (closing one
// costs discordgo a second).
type switchHandler struct {
	mu sync.Mutex
	h  bot.Handler
}

func (s *switchHandler) Handle(ctx context.Context, req *bot.Request) bot.Message {
	s.mu.Lock()
	h := s.h
	s.mu.Unlock()
	return h.Handle(ctx, req)
}

func TestConformance(t *testing.T) {
	t.Parallel() // a gateway closes in a second (discordgo waits for the server)
	t.Run("HTTP", func(t *testing.T) {
		bottest.Run(t, func(t *testing.T, rec *bottest.Recorder) bottest.Harness {
			return bottestHarness{newHarness(t, rec, false, nil)}
		})
	})
	t.Run("Gateway", func(t *testing.T) {
		sw := &switchHandler{}
		x := newHarness(t, sw, true, nil)
		bottest.Run(t, func(t *testing.T, rec *bottest.Recorder) bottest.Harness {
			sw.mu.Lock()
			sw.h = rec
			sw.mu.Unlock()
			h := bottestHarness{x}
			h.Deliveries(t) // what earlier checks left
			return h
		})
	})
}

// TestGatewayResumesAfterReconnect: when Discord asks for a reconnect,
// the session resumes and interactions keep arriving.
func TestGatewayResumesAfterReconnect(t *testing.T) {
	t.Parallel()
	rec := &bottest.Recorder{}
	x := bottestHarness{newHarness(t, rec, true, nil)}
	x.Command(t, 0, "join")
	<-x.fake.ready
	x.fake.reconnect(t)
	select {
	case <-x.fake.resumed:
	case <-time.After(10 * time.Second):
		t.Fatal("the session did not resume")
	}
	if d := x.Command(t, 1, "offer add go"); !strings.Contains(d.Text, "ok: offer add go") {
		t.Errorf("after the resume: %q", d.Text)
	}
	if n := len(rec.Requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}
