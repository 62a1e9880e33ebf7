package telegram

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/telegram/telegramfake"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
	"github.com/rete-bot/rete/store"
)

// newcomers is the service message of users joining chat.
func newcomers(chat int64, users ...map[string]any) map[string]any {
	return map[string]any{"message": map[string]any{
		"message_id": telegramfake.NextMessageID(), "date": time.Now().Unix(), "chat": telegramfake.Chat(chat),
		"from": users[0], "new_chat_members": users,
	}}
}

// memberJoined is the chat_member update of user joining chat.
func memberJoined(chat int64, user map[string]any) map[string]any {
	return map[string]any{"chat_member": map[string]any{
		"chat": telegramfake.Chat(chat), "from": user, "date": 1,
		"old_chat_member": map[string]any{"status": "left", "user": user},
		"new_chat_member": map[string]any{"status": "member", "user": user},
	}}
}

// welcomeGroup runs a bot on the basic group, with an injected clock;
// deliver sends what is due and returns the sendMessage calls it made.
func welcomeGroup(t *testing.T) (x *harness, b *bot.Bot, clock *bottest.Clock, deliver func() []telegramfake.Call) {
	t.Helper()
	db, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := telegramfake.New(t)
	logs := &bottest.SyncBuffer{}
	a := newAdapter(t, f, logs, func(c *Config) { c.Seen = db })
	clock = bottest.NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	group := strconv.FormatInt(e2eBasic, 10)
	b, err = bot.New(bot.Config{
		Store: db, Messengers: []bot.Messenger{a}, Now: clock.Now,
		Communities: []bot.Community{{ID: e2eCommunity, Spaces: []bot.Space{{Platform: Platform, ID: group, AnnounceChannel: group}}, Settings: bot.DefaultSettings()}},
	})
	if err != nil {
		t.Fatal(err)
	}
	x = &harness{fake: f, a: a, logs: logs, handled: map[int]bool{}}
	a.handled = x.onHandled
	runPolling(t, a, b)
	return x, b, clock, func() []telegramfake.Call {
		t.Helper()
		mark := f.Mark()
		if err := b.DeliverDue(context.Background(), Platform); err != nil {
			t.Fatal(err)
		}
		return f.Since(mark, "sendMessage")
	}
}

func TestEndToEndWelcomeBatchedInGroup(t *testing.T) {
	x, b, clock, deliver := welcomeGroup(t)
	ctx := context.Background()
	group := strconv.FormatInt(e2eBasic, 10)
	// The moderators' first line, with markup and a mention in it.
	b.Handle(ctx, &bot.Request{Platform: Platform, Space: group, User: "1009", Admin: true, Private: true, Text: "welcome text <i>Ciao</i> @everyone & co"})
	// Anna is a member already.
	b.Handle(ctx, &bot.Request{Platform: Platform, Space: group, User: "1001", Name: "Anna", Private: true, Text: "join"})

	nina := telegramfake.User(2001, "<b>Nina</b>", "")
	omar := telegramfake.User(2002, "Omar", "omar_tg")
	pia := telegramfake.User(2003, "Pia", "")
	robot := map[string]any{"id": 2999, "is_bot": true, "first_name": "Other bot", "username": "other_bot"}
	x.send(t, newcomers(e2eBasic, nina, omar, robot, e2eUsers[1001]))
	clock.Add(20 * time.Second)
	x.send(t, memberJoined(e2eBasic, pia))
	x.send(t, memberJoined(e2eBasic, nina)) // the same join, as chat_member
	if sent := deliver(); len(sent) != 0 {
		t.Fatalf("sent before the minute was over: %+v", sent)
	}
	clock.Add(41 * time.Second)
	sent := deliver()
	if len(sent) != 1 || sent[0].Chat != e2eBasic {
		t.Fatalf("want one welcome in the group, sent %+v", sent)
	}
	d := telegramfake.Delivery(sent[0])
	if err := telegramfake.CheckHTML(sent[0].Text); err != nil {
		t.Errorf("welcome HTML: %v\n%s", err, sent[0].Text)
	}
	// Nina and Pia are name links (no username), Omar his t.me page:
	// nobody else is notified, not "@everyone" from the moderators' line.
	if pings := slices.Sorted(slices.Values(d.Pings)); !slices.Equal(pings, []string{"2001", "2003"}) {
		t.Errorf("pings %v, want the two newcomers without a username:\n%s", d.Pings, d.Text)
	}
	for _, want := range []string{"&lt;b&gt;Nina&lt;/b&gt;", `href="https://t.me/omar_tg">Omar`, "Pia", "&lt;i&gt;Ciao&lt;/i&gt;", "&amp; co", "<code>/offer add</code>", "<code>/seek add</code>", "<code>/bio</code>"} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("welcome lacks %q:\n%s", want, d.Text)
		}
	}
	for _, not := range []string{"Anna", "Other bot"} {
		if strings.Contains(d.Text, not) {
			t.Errorf("welcome names %s:\n%s", not, d.Text)
		}
	}
	if len(d.Buttons) != 1 || d.Buttons[0].URL != "https://t.me/"+telegramfake.BotName+"?start=join-"+group {
		t.Errorf("buttons %+v, want the Start deep link", d.Buttons)
	}
	// Nina leaves and comes back, Pia joins again: no second welcome.
	x.send(t, newcomers(e2eBasic, nina, pia))
	clock.Add(2 * time.Minute)
	if sent := deliver(); len(sent) != 0 {
		t.Errorf("a second welcome: %+v", sent)
	}
}
