package telegram

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/telegram/telegramfake"
)

// A crowd arriving within a minute gets one welcome, within Telegram's
// size, naming (and so notifying) a few of them and counting the rest.
func TestEndToEndWelcomeCrowdIsOneShortPost(t *testing.T) {
	x, _, clock, deliver := welcomeGroup(t)
	var users []map[string]any
	for i := range 400 {
		users = append(users, telegramfake.User(int64(3000+i), fmt.Sprintf("Newcomer Number %03d With A Long Name", i), ""))
	}
	for i := 0; i < len(users); i += 50 {
		x.send(t, newcomers(e2eBasic, users[i:i+50]...))
	}
	clock.Add(61 * time.Second)
	sent := deliver()
	if len(sent) != 1 {
		t.Fatalf("%d welcome messages in one minute, want 1", len(sent))
	}
	d := telegramfake.Delivery(sent[0])
	if len(d.Pings) == 0 || len(d.Pings) > 10 {
		t.Errorf("the welcome notifies %d newcomers, want 1 to 10", len(d.Pings))
	}
	if want := fmt.Sprintf("%d others", 400-len(d.Pings)); !strings.Contains(d.Text, want) {
		t.Errorf("the welcome lacks %q:\n%s", want, d.Text)
	}
	clock.Add(2 * time.Minute)
	if sent := deliver(); len(sent) != 0 {
		t.Errorf("%d more welcome messages for the same crowd", len(sent))
	}
}

// Group administrators are moderators: arriving, they get no welcome,
// whether promoted as they join (chat_member) or listed by Telegram.
func TestEndToEndNoWelcomeForGroupAdmins(t *testing.T) {
	x, _, clock, deliver := welcomeGroup(t)
	boss, chief, nina := telegramfake.User(4001, "Boss", ""), telegramfake.User(4002, "Chief", ""), telegramfake.User(4003, "Nina", "")
	x.fake.SetAdmins(e2eBasic, 4002)
	promoted := memberJoined(e2eBasic, boss)
	promoted["chat_member"].(map[string]any)["new_chat_member"] = map[string]any{"status": "administrator", "user": boss}
	x.send(t, promoted)
	x.send(t, newcomers(e2eBasic, chief, nina))
	clock.Add(61 * time.Second)
	sent := deliver()
	if len(sent) != 1 {
		t.Fatalf("%d welcome messages, want 1", len(sent))
	}
	if pings := telegramfake.Delivery(sent[0]).Pings; !slices.Equal(pings, []string{"4003"}) {
		t.Errorf("the welcome greets %v, want Nina only", pings)
	}
}
