package telegram

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/telegram/telegramfake"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

const testGroup = int64(-1001234567890) // the community's supergroup

// harness wires an adapter, polling, to the fake Bot API.
type harness struct {
	fake *telegramfake.Server
	a    *Adapter
	logs *bottest.SyncBuffer

	mu      sync.Mutex
	handled map[int]bool
	mark    int // calls already returned by Deliveries
}

func newAdapter(t *testing.T, f *telegramfake.Server, logs *bottest.SyncBuffer, mod ...func(*Config)) *Adapter {
	t.Helper()
	cfg := Config{
		BotToken: telegramfake.BotToken, APIURL: f.URL(), PollTimeout: time.Second, Backoff: 10 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	for _, m := range mod {
		m(&cfg)
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, secret := range []string{telegramfake.BotToken, telegramfake.WebhookSecret} {
			if strings.Contains(logs.String(), secret) {
				t.Errorf("a token or secret was logged:\n%s", logs.String())
			}
		}
	})
	return a
}

func newHarness(t *testing.T, h bot.Handler) *harness {
	t.Helper()
	x := &harness{fake: telegramfake.New(t), logs: &bottest.SyncBuffer{}, handled: map[int]bool{}}
	x.a = newAdapter(t, x.fake, x.logs)
	x.a.handled = x.onHandled
	x.fake.Block(2001, true)
	runPolling(t, x.a, h)
	return x
}

func (x *harness) onHandled(id int) {
	x.mu.Lock()
	x.handled[id] = true
	x.mu.Unlock()
}

// send queues an update and waits until the adapter has handled it.
func (x *harness) send(t *testing.T, u map[string]any) {
	t.Helper()
	id := x.fake.Push(u)
	waitFor(t, "update "+strconv.Itoa(id), func() bool {
		x.mu.Lock()
		defer x.mu.Unlock()
		return x.handled[id]
	})
}

func memberUser(n int) int64 { return int64(1001 + n) }

func (x *harness) Messenger() bot.Messenger { return x.a }

// Member is a member as a private chat's request names them (no space):
// Command writes in the private chat, where every answer goes.
func (x *harness) Member(n int) bot.MemberID {
	return bot.MemberID{Platform: Platform, User: strconv.FormatInt(memberUser(n), 10)}
}
func (x *harness) Unreachable() (bot.MemberID, bool) {
	return bot.MemberID{Platform: Platform, Space: strconv.FormatInt(testGroup, 10), User: "2001"}, true
}
func (x *harness) Channel() (string, string) { return strconv.FormatInt(testGroup, 10), "" }

func (x *harness) Deliveries(t *testing.T) []bottest.Delivery {
	x.mu.Lock()
	mark := x.mark
	x.mark = x.fake.Mark()
	x.mu.Unlock()
	var out []bottest.Delivery
	for _, c := range x.fake.Since(mark, "") {
		if c.Method == "sendMessage" || c.Method == "editMessageText" {
			out = append(out, telegramfake.Delivery(c))
		}
	}
	return out
}

// last is the last message sent to chat since mark.
func (x *harness) last(t *testing.T, mark int, chat int64) bottest.Delivery {
	t.Helper()
	var found *telegramfake.Call
	for _, c := range x.fake.Since(mark, "") {
		if (c.Method == "sendMessage" || c.Method == "editMessageText") && c.Chat == chat {
			found = &c
		}
	}
	if found == nil {
		t.Fatalf("no message to chat %d", chat)
	}
	x.mu.Lock()
	x.mark = x.fake.Mark()
	x.mu.Unlock()
	return telegramfake.Delivery(*found)
}

func (x *harness) Command(t *testing.T, n int, text string) bottest.Delivery {
	mark := x.fake.Mark()
	x.send(t, telegramfake.TextUpdate(memberUser(n), telegramfake.User(memberUser(n), "Member", ""), "/"+text))
	return x.last(t, mark, memberUser(n))
}

func (x *harness) Press(t *testing.T, n int, d bottest.Delivery, button int) bottest.Delivery {
	chat, _ := strconv.ParseInt(d.To[0], 10, 64)
	mark := x.fake.Mark()
	x.send(t, telegramfake.PressUpdate(chat, 1, telegramfake.User(memberUser(n), "Member", ""), d.Buttons[button].Command))
	if n := len(x.fake.Since(mark, "answerCallbackQuery")); n != 1 {
		t.Errorf("press answered %d times, want 1", n)
	}
	return x.last(t, mark, chat)
}

func TestConformance(t *testing.T) {
	bottest.Run(t, func(t *testing.T, rec *bottest.Recorder) bottest.Harness { return newHarness(t, rec) })
}

func TestWrongTokenStopsAtStart(t *testing.T) {
	f := telegramfake.New(t)
	_, err := New(Config{BotToken: "1:wrong", APIURL: f.URL()})
	if !errors.Is(err, ErrWrongToken) || !strings.Contains(err.Error(), "the Telegram token is wrong") {
		t.Fatalf("New with a wrong token: %v", err)
	}
}

func TestSecondPollerStops(t *testing.T) {
	f := telegramfake.New(t)
	a := newAdapter(t, f, &bottest.SyncBuffer{})
	f.Conflict()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := a.Run(ctx, &bottest.Recorder{})
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "another rete is polling this bot") {
		t.Fatalf("Run with another poller: %v", err)
	}
	if len(f.Since(0, "deleteWebhook")) != 1 {
		t.Error("polling did not remove a webhook left set first")
	}
}

func TestPollingBacksOffAndGoesOn(t *testing.T) {
	rec := &bottest.Recorder{}
	f := telegramfake.New(t)
	f.FailPolls(3)
	logs := &bottest.SyncBuffer{}
	x := &harness{fake: f, logs: logs, handled: map[int]bool{}}
	x.a = newAdapter(t, f, logs)
	x.a.handled = x.onHandled
	runPolling(t, x.a, rec)
	x.send(t, telegramfake.TextUpdate(1001, telegramfake.User(1001, "Anna", ""), "/find go"))
	if reqs := rec.Requests(); len(reqs) != 1 || reqs[0].Text != "find go" {
		t.Errorf("after the failures: %+v", reqs)
	}
	if n := strings.Count(logs.String(), "getUpdates failed; retrying"); n != 3 {
		t.Errorf("%d retries logged, want 3", n)
	}
}

func TestRevokedTokenStopsPolling(t *testing.T) {
	f := telegramfake.New(t)
	a := newAdapter(t, f, &bottest.SyncBuffer{})
	f.Revoke()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.Run(ctx, &bottest.Recorder{}); !errors.Is(err, ErrWrongToken) {
		t.Fatalf("Run with a revoked token: %v", err)
	}
}

// TestGroupAdminsAreModerators: the group's administrators come from
// getChatAdministrators, cached, and are read again after a chat_member
// update.
func TestGroupAdminsAreModerators(t *testing.T) {
	rec := &bottest.Recorder{}
	x := newHarness(t, rec)
	x.fake.SetAdmins(testGroup, 1001)
	cmd := func() bool {
		x.send(t, telegramfake.TextUpdate(testGroup, telegramfake.User(1001, "Anna", ""), "/find go"))
		reqs := rec.Requests()
		return len(reqs) == 1 && reqs[0].Admin
	}
	if !cmd() || !cmd() {
		t.Fatal("an administrator of the group is not an admin")
	}
	if n := len(x.fake.Since(0, "getChatAdministrators")); n != 1 {
		t.Errorf("%d getChatAdministrators calls for two commands, want 1 (cached)", n)
	}
	x.fake.SetAdmins(testGroup)
	x.send(t, map[string]any{"chat_member": map[string]any{
		"chat": telegramfake.Chat(testGroup), "from": telegramfake.User(1, "Owner", ""), "date": 1,
		"old_chat_member": map[string]any{"status": "administrator", "user": telegramfake.User(1001, "Anna", "")},
		"new_chat_member": map[string]any{"status": "member", "user": telegramfake.User(1001, "Anna", "")},
	}})
	if cmd() {
		t.Error("a demoted administrator is still an admin")
	}
}

// TestNetworkErrorsDoNotLeakTheToken: the library's request URL holds the
// token; neither the logs nor the errors the outbox stores may carry it.
func TestNetworkErrorsDoNotLeakTheToken(t *testing.T) {
	f := telegramfake.New(t)
	logs := &bottest.SyncBuffer{}
	a := newAdapter(t, f, logs) // its cleanup checks the logs
	f.Close()
	_, err := a.DM(context.Background(), bot.MemberID{Platform: Platform, User: "1001"}, bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("hi"))}})
	if err == nil || strings.Contains(err.Error(), telegramfake.BotToken) {
		t.Errorf("DM error %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := a.Run(ctx, &bottest.Recorder{}); err != nil {
		t.Errorf("Run without a network: %v, want retries until stopped", err)
	}
	if !strings.Contains(logs.String(), "retrying") {
		t.Error("no retry logged")
	}
}
