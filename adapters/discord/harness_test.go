package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/discord/discordfake"
	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
	"github.com/rete-bot/rete/store"
)

const (
	testToken        = discordfake.BotToken
	testApp          = discordfake.ApplicationID
	testGuild        = "200000000000000002"
	testChannel      = "300000000000000003" // announcements
	testGroupChannel = "300000000000000004" // where groups meet
	testClosed       = "499999999999999999" // a member with closed DMs
)

// testMembers are the fake server's members.
var testMembers = []string{"400000000000000001", "400000000000000002", "400000000000000003", "400000000000000004", "400000000000000005"}

// testKey signs HTTP interactions.
var testKey = discordfake.Key

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
	fake    *discordfake.Server
	a       *Adapter
	srv     *httptest.Server // HTTP interactions
	client  *http.Client     // posts them
	gateway bool
	logs    *bottest.SyncBuffer

	mu   sync.Mutex
	seq  int
	seen int // calls already read by Deliveries
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
	x := &harness{fake: discordfake.New(t), gateway: gateway, logs: &bottest.SyncBuffer{}, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}}
	x.fake.CloseDMs(testClosed)
	cfg := Config{
		BotToken: testToken, ApplicationID: testApp, APIURL: x.fake.URL(), Guilds: []string{testGuild},
		GroupChannels: map[string]string{testGuild: testGroupChannel},
		Rate:          1e6, // the limit has tests of its own
		Logger:        slog.New(slog.NewTextHandler(x.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if !gateway {
		cfg.PublicKey = discordfake.PublicKey()
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
	if dm {
		return discordfake.Interaction(x.next(), typ, user, "", "", perms)
	}
	return discordfake.Interaction(x.next(), typ, user, testGuild, testChannel, perms)
}

// commandData is a typed line as Discord sends the registered command.
func commandData(t *testing.T, line string) map[string]any {
	t.Helper()
	return discordfake.CommandData(t, table(), line)
}

// send delivers an interaction and returns Discord's answer to it (the
// HTTP response, or the callback the adapter made over REST).
func (x *harness) send(t *testing.T, i map[string]any) map[string]any {
	t.Helper()
	body, _ := json.Marshal(i)
	if x.gateway {
		mark := x.fake.Mark()
		x.fake.Dispatch(t, "INTERACTION_CREATE", i)
		cb := x.fake.Wait(t, mark, "POST", regexp.MustCompile(`^/api/v9/interactions/`+fmt.Sprint(i["id"])+`/`), 1)
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
	return discordfake.Post(t, x.client, x.srv.URL, body, ts, key)
}

// answerDelivery reads an interaction answer carrying a message.
func answerDelivery(t *testing.T, user string, ans map[string]any) bottest.Delivery {
	t.Helper()
	data, _ := ans["data"].(map[string]any)
	if data == nil {
		t.Fatalf("answer without a message: %v", ans)
	}
	return discordfake.Delivery([]string{user}, data)
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
	end := x.fake.Mark()
	out := x.fake.Deliveries(from, end)
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
	x.fake.Ready(t)
	x.fake.Reconnect(t)
	select {
	case <-x.fake.Resumed():
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
