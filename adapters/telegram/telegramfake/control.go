package telegramfake

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/rete-bot/rete/bot/bottest"
)

// URL is the Bot API's base, the adapter's APIURL.
func (f *Server) URL() string { return f.srv.URL }

// Close stops the server, as when Telegram cannot be reached.
func (f *Server) Close() { f.srv.Close() }

// Block makes sendMessage to chat answer 403 "bot was blocked", or
// lifts it.
func (f *Server) Block(chat int64, blocked bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.blocked[chat] = blocked
}

// Stranger makes sendMessage to user answer 403: they never started the bot.
func (f *Server) Stranger(user int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stranger[user] = true
}

// Migrate makes the group from a supergroup with id to: sending to from
// answers 400 with migrate_to_chat_id.
func (f *Server) Migrate(from, to int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.migrated[from] = to
}

// SetAdmins sets the administrators getChatAdministrators answers for group.
func (f *Server) SetAdmins(group int64, users ...int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.admins[group] = users
}

// SetMember makes getChatMember answer user as in group or gone from it.
func (f *Server) SetMember(group, user int64, in bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.members[group] == nil {
		f.members[group] = map[int64]bool{}
	}
	f.members[group][user] = in
}

// Conflict makes getUpdates answer 409, as when another poller runs.
func (f *Server) Conflict() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.conflict = true
}

// FailPolls makes the next n getUpdates answer 502.
func (f *Server) FailPolls(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failPolls = n
}

// Revoke makes every call answer 401, as after the token is revoked.
func (f *Server) Revoke() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.revoked = true
}

// Limit makes sendMessage answer 429 beyond overall messages in any
// second, or perChat to one chat.
func (f *Server) Limit(overall, perChat int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limited, f.overall, f.perChat = true, overall, perChat
}

// TooMany is the number of 429s answered.
func (f *Server) TooMany() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tooMany
}

// Calls returns a copy of every recorded call.
func (f *Server) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls...)
}

// PostUpdate posts u to the webhook of the adapter served at base, with
// secret as Telegram sends it ("" for none), and returns the HTTP status.
// The adapter answers once the update is handled.
func PostUpdate(t testing.TB, base, secret string, u any) int {
	t.Helper()
	body, _ := json.Marshal(u)
	req, _ := http.NewRequest(http.MethodPost, base+"/telegram/webhook", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Send posts u to the webhook at base with a fresh update id and
// WebhookSecret, and fails the test unless the adapter accepts it.
func (f *Server) Send(t testing.TB, base string, u map[string]any) {
	t.Helper()
	u["update_id"] = f.NewID()
	if code := PostUpdate(t, base, WebhookSecret, u); code != http.StatusOK {
		t.Fatalf("telegram webhook answered %d", code)
	}
}

// Sent returns what Telegram delivered since mark: messages sent and
// edited, as their readers see them.
func (f *Server) Sent(mark int) []bottest.Delivery {
	var out []bottest.Delivery
	for _, c := range f.Since(mark, "") {
		if c.Method == "sendMessage" || c.Method == "editMessageText" {
			out = append(out, Delivery(c))
		}
	}
	return out
}
