package telegram

import (
	"context"
	"net/http"
	"net/http/httptest"
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

// The end-to-end tests drive the real core over an in-memory store
// through the adapter, with updates shaped as Telegram sends them, over
// long polling and over the webhook, and read what the fake Bot API
// received.

const (
	e2eBasic     = int64(-4001) // the community's group before it becomes a supergroup
	e2eCommunity = "labbit-e2e"
	e2eMod       = int64(1009)
)

// e2eUsers are the people of the test, by user id.
var e2eUsers = map[int64]map[string]any{
	1001:   telegramfake.User(1001, "Anna", "anna_tg"),
	1002:   telegramfake.User(1002, "Marco", ""), // no username: reached by tg://user?id=
	1003:   telegramfake.User(1003, "Giulia", "giulia_tg"),
	1004:   telegramfake.User(1004, "Luca", "luca_tg"), // never starts the bot
	1005:   telegramfake.User(1005, "Sara", ""),        // not in the group
	e2eMod: telegramfake.User(e2eMod, "Mod", "mod_tg"),
}

type e2e struct {
	f  *telegramfake.Server
	a  *Adapter
	b  *bot.Bot
	db *store.DB
	// send delivers an update to the adapter and returns once it is handled.
	send func(t *testing.T, u map[string]any)
}

func newE2E(t *testing.T, webhook bool) *e2e {
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
	f := telegramfake.New(t)
	f.Stranger(1004)
	for id := range e2eUsers {
		f.SetMember(e2eBasic, id, id != 1005)
		f.SetMember(testGroup, id, id != 1005) // the group after its migration
	}
	logs := &bottest.SyncBuffer{}
	a := newAdapter(t, f, logs, func(c *Config) {
		c.Seen = db
		if webhook {
			c.Mode, c.WebhookURL, c.WebhookSecret = ModeWebhook, "https://rete.example/telegram/webhook", telegramfake.WebhookSecret
		}
	})
	s := bot.DefaultSettings()
	s.Name, s.Timezone = "Labbit", "UTC"
	b, err := bot.New(bot.Config{
		Store: db, Messengers: []bot.Messenger{a},
		Communities: []bot.Community{{
			ID: e2eCommunity, Moderators: []string{Platform + ":" + strconv.FormatInt(e2eMod, 10)},
			Spaces:   []bot.Space{{Platform: Platform, ID: strconv.FormatInt(e2eBasic, 10), AnnounceChannel: strconv.FormatInt(e2eBasic, 10)}},
			Settings: s,
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e := &e2e{f: f, a: a, b: b, db: db}
	if !webhook {
		x := &harness{fake: f, a: a, logs: logs, handled: map[int]bool{}}
		a.handled = x.onHandled
		runPolling(t, a, b)
		e.send = x.send
		return e
	}
	mux := http.NewServeMux()
	if err := a.Routes(mux, b); err != nil {
		t.Fatal(err)
	}
	if err := a.Run(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	hooks := f.Since(0, "setWebhook")
	if len(hooks) != 1 || hooks[0].Form.Get("url") != "https://rete.example/telegram/webhook" || hooks[0].Form.Get("secret_token") != telegramfake.WebhookSecret {
		t.Fatalf("setWebhook calls %+v", hooks)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	e.send = func(t *testing.T, u map[string]any) {
		t.Helper()
		f.Send(t, srv.URL, u)
	}
	return e
}

// say sends text from user in chat and returns the messages sent since.
func (e *e2e) say(t *testing.T, chat, user int64, text string) []telegramfake.Call {
	t.Helper()
	mark := e.f.Mark()
	e.send(t, telegramfake.TextUpdate(chat, e2eUsers[user], text))
	return e.f.Since(mark, "sendMessage")
}

// must sends text and checks that one reply to chat contains want.
func (e *e2e) must(t *testing.T, chat, user int64, text, want string) bottest.Delivery {
	t.Helper()
	sent := e.say(t, chat, user, text)
	if len(sent) != 1 || sent[0].Chat != chat || !strings.Contains(sent[0].Text, want) {
		t.Fatalf("%d: %s\nsent %+v\nwant one reply to %d containing %q", user, text, sent, chat, want)
	}
	return telegramfake.Delivery(sent[0])
}

// private sends text from user in the group, where it is answered
// privately: it returns the group's line and the private answer.
func (e *e2e) private(t *testing.T, user int64, text, want string) (line, answer bottest.Delivery) {
	t.Helper()
	sent := e.say(t, e2eBasic, user, text)
	if len(sent) != 2 || sent[0].Chat != user || sent[1].Chat != e2eBasic || !strings.Contains(sent[0].Text, want) {
		t.Fatalf("%d: %s in the group\nsent %+v\nwant the answer containing %q in the private chat, then a line in the group", user, text, sent, want)
	}
	return telegramfake.Delivery(sent[1]), telegramfake.Delivery(sent[0])
}

// deliver sends the core's outbox and returns the messages it sent.
func (e *e2e) deliver(t *testing.T) []telegramfake.Call {
	t.Helper()
	mark := e.f.Mark()
	if err := e.b.DeliverDue(context.Background(), Platform); err != nil {
		t.Fatal(err)
	}
	// The polling loop's getUpdates may fall in between: not a delivery.
	return slices.DeleteFunc(e.f.Since(mark, ""), func(c telegramfake.Call) bool { return c.Method == "getUpdates" })
}

func (e *e2e) member(t *testing.T, space int64, user int64) *bot.Member {
	t.Helper()
	var m *bot.Member
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		m, err = tx.Member(e2eCommunity, bot.MemberID{Platform: Platform, Space: strconv.FormatInt(space, 10), User: strconv.FormatInt(user, 10)})
		return err
	})
	if err != nil {
		t.Fatalf("member %d in %d: %v", user, space, err)
	}
	return m
}

func TestEndToEnd(t *testing.T) {
	for _, tr := range []struct {
		name    string
		webhook bool
	}{{"Polling", false}, {"Webhook", true}} {
		t.Run(tr.name, func(t *testing.T) { runEndToEnd(t, tr.webhook) })
	}
}

func runEndToEnd(t *testing.T, webhook bool) {
	e := newE2E(t, webhook)
	f := e.f
	space := strconv.FormatInt(e2eBasic, 10)

	waitFor(t, "the command menus", func() bool { return len(f.Since(0, "setMyCommands")) == 6 }) // 3 scopes × 2 languages

	// /join in the group from someone who never started the bot: one
	// short reply with the deep link, and no DM attempt.
	d := e.must(t, e2eBasic, 1001, "/join@"+telegramfake.BotName, "press Start")
	link := "https://t.me/" + telegramfake.BotName + "?start=join-" + space
	if len(d.Buttons) != 1 || d.Buttons[0].URL != link {
		t.Fatalf("join reply buttons %+v, want the deep link %s", d.Buttons, link)
	}
	// A command for another bot is not ours.
	if sent := e.say(t, e2eBasic, 1001, "/join@other_bot"); len(sent) != 0 {
		t.Errorf("a command for another bot was answered: %+v", sent)
	}
	// The deep link joins in one tap.
	for _, u := range []int64{1001, 1002, 1003} {
		e.must(t, u, u, "/start join-"+space, "Labbit")
	}
	if sent := e.say(t, 1005, 1005, "/start join-"+space); len(sent) != 1 || !strings.Contains(sent[0].Text, "Only members of that group") {
		t.Errorf("a deep link to a group the person is not in: %+v", sent)
	}
	e.must(t, 1001, 1001, "/offer add go, kubernetes", "go")
	e.must(t, 1001, 1001, "seek add ux design", "ux design") // a private line needs no "/"
	e.must(t, 1002, 1002, "/offer add ux design", "ux design")
	e.must(t, 1002, 1002, "/rete seek add go", "go")
	e.must(t, 1003, 1003, "/offer add go", "go")

	// find is public: answered in the group, members as links.
	found := e.must(t, e2eBasic, 1002, "/find go", "go")
	for _, want := range []string{`href="https://t.me/anna_tg"`, `href="https://t.me/giulia_tg"`} {
		if !strings.Contains(found.Text, want) {
			t.Errorf("find go lacks %s:\n%s", want, found.Text)
		}
	}

	// Anything else in the group is answered privately, and the group sees
	// one short line with a button; export_me is Telegram's spelling of
	// export-me.
	line, _ := e.private(t, 1001, "/export_me", "kubernetes")
	if !strings.Contains(line.Text, "direct message") || len(line.Buttons) != 1 || line.Buttons[0].URL != "https://t.me/"+telegramfake.BotName {
		t.Errorf("the group's line: %+v", line)
	}
	e.private(t, 1002, "/offer add product", "product")
	// From someone who never started: the Start button only.
	e.must(t, e2eBasic, 1004, "/export_me", "press Start")

	// An intro, accepted with the inline button.
	e.must(t, 1001, 1001, "/intro @1002 I need help with <ux> & research", "Request 1 sent")
	sent := e.deliver(t)
	if len(sent) != 1 || sent[0].Chat != 1002 {
		t.Fatalf("the request did not reach marco: %+v", sent)
	}
	req := telegramfake.Delivery(sent[0])
	if !strings.Contains(req.Text, "&lt;ux&gt; &amp; research") {
		t.Errorf("request DM lacks the escaped reason:\n%s", req.Text)
	}
	accept := slices.IndexFunc(req.Buttons, func(b bot.Button) bool { return b.Command == "intro accept 1" })
	if accept < 0 {
		t.Fatalf("request DM has no Accept button: %+v", req.Buttons)
	}
	mark := f.Mark()
	e.send(t, telegramfake.PressUpdate(1002, sent[0].MsgID, e2eUsers[1002], req.Buttons[accept].Command))
	if n := len(f.Since(mark, "answerCallbackQuery")); n != 1 {
		t.Errorf("the press was answered %d times", n)
	}
	edits := f.Since(mark, "editMessageText")
	if len(edits) != 1 || edits[0].Chat != 1002 || edits[0].MsgID != sent[0].MsgID || !strings.Contains(edits[0].Text, "in touch") {
		t.Errorf("accept did not edit the request: %+v", edits)
	}
	sent = e.deliver(t)
	byChat := map[int64]string{}
	for _, c := range sent {
		byChat[c.Chat] = c.Text
	}
	if !strings.Contains(byChat[1001], `href="tg://user?id=1002"`) || !strings.Contains(byChat[1002], `href="https://t.me/anna_tg"`) {
		t.Errorf("in-touch DMs do not say how to reach the other: %+v", byChat)
	}

	// A round, by a moderator from the config list: a DM to each member.
	e.must(t, e2eMod, e2eMod, "/start", "")
	e.private(t, e2eMod, "/round now", "")
	var to []int64
	for _, c := range e.deliver(t) {
		if c.Method == "sendMessage" {
			to = append(to, c.Chat)
			// How to reach the others: their page, or a mention.
			if !strings.Contains(c.Text, `href="https://t.me/`) && !strings.Contains(c.Text, `href="tg://user?id=`) {
				t.Errorf("round DM to %d says not how to reach the others:\n%s", c.Chat, c.Text)
			}
		}
	}
	slices.Sort(to)
	if want := []int64{1001, 1002, 1003}; !slices.Equal(to, want) {
		t.Errorf("round DMs went to %v, want %v", to, want)
	}

	// An announcement with RSVP and the count edited in place.
	when := time.Now().UTC().AddDate(0, 0, 10).Format("2006-01-02")
	e.private(t, e2eMod, "/announce Aperitivo | "+when+" 18:30 | Bar <Centrale> | bring @everyone", "Aperitivo")
	posts := e.deliver(t)
	if len(posts) != 1 || posts[0].Chat != e2eBasic {
		t.Fatalf("announcement posts %+v", posts)
	}
	post := telegramfake.Delivery(posts[0])
	if !strings.Contains(post.Text, "Bar &lt;Centrale&gt;") || len(post.Pings) != 0 {
		t.Errorf("announcement text %q pings %v", post.Text, post.Pings)
	}
	going := slices.IndexFunc(post.Buttons, func(b bot.Button) bool { return b.Command == "rsvp 1 yes" })
	if going < 0 {
		t.Fatalf("announcement buttons %+v", post.Buttons)
	}
	for i, u := range []int64{1003, 1001} {
		mark = f.Mark()
		e.send(t, telegramfake.PressUpdate(e2eBasic, posts[0].MsgID, e2eUsers[u], post.Buttons[going].Command))
		answers := f.Since(mark, "answerCallbackQuery")
		if len(answers) != 1 || !strings.Contains(answers[0].Form.Get("text"), "You are going") {
			t.Errorf("rsvp answer %+v", answers)
		}
		if n := len(f.Since(mark, "sendMessage")); n != 0 {
			t.Errorf("an rsvp in the group sent %d messages", n)
		}
		var edit *telegramfake.Call
		for _, c := range e.deliver(t) {
			if c.Method == "editMessageText" {
				edit = &c
			}
		}
		if edit == nil || edit.Chat != e2eBasic || edit.MsgID != posts[0].MsgID || !strings.Contains(edit.Text, "Going:</b> "+strconv.Itoa(i+1)) {
			t.Errorf("post after rsvp %d: %+v", i+1, edit)
		}
	}

	// Blocking the bot: the DM it refuses (403) marks the member
	// unreachable, and so does my_chat_member; unblocking, reachable.
	f.Block(1003, true)
	e.must(t, 1001, 1001, "/intro @giulia_tg let us talk go", "sent to Giulia")
	if sent := e.deliver(t); len(sent) != 0 {
		t.Errorf("a blocked member received %+v", sent)
	}
	if s := e.member(t, e2eBasic, 1003).Status; s != bot.StatusUnreachable {
		t.Errorf("after a refused DM giulia is %s", s)
	}
	e.send(t, chatMemberUpdate(1003, "kicked"))
	if s := e.member(t, e2eBasic, 1003).Status; s != bot.StatusUnreachable {
		t.Errorf("after blocking the bot giulia is %s", s)
	}
	f.Block(1003, false)
	e.send(t, chatMemberUpdate(1003, "member"))
	if s := e.member(t, e2eBasic, 1003).Status; s != bot.StatusActive {
		t.Errorf("after unblocking the bot giulia is %s", s)
	}

	// The group becomes a supergroup: the community moves with it.
	f.Migrate(e2eBasic, testGroup)
	e.send(t, map[string]any{"message": map[string]any{
		"message_id": telegramfake.NextMessageID(), "date": 1, "chat": telegramfake.Chat(e2eBasic), "from": e2eUsers[1001], "migrate_to_chat_id": testGroup,
	}})
	if m := e.member(t, testGroup, 1001); !slices.Contains(m.Profile.Offers, "go") {
		t.Errorf("anna's profile after the migration: %+v", m.Profile)
	}
	found = e.must(t, testGroup, 1002, "/find go", "go")
	if !strings.Contains(found.Text, "anna_tg") {
		t.Errorf("find after the migration:\n%s", found.Text)
	}

	// Nobody who never started the bot got a DM attempt.
	for _, c := range f.Since(0, "sendMessage") {
		if c.Chat == 1004 {
			t.Errorf("a DM attempt to someone who never started the bot: %+v", c)
		}
	}
}

// chatMemberUpdate is my_chat_member in user's private chat: "kicked"
// when they block the bot, "member" when they unblock it.
func chatMemberUpdate(user int64, status string) map[string]any {
	return map[string]any{"my_chat_member": map[string]any{
		"chat": telegramfake.Chat(user), "from": e2eUsers[user], "date": 1,
		"old_chat_member": map[string]any{"status": "member", "user": map[string]any{"id": telegramfake.BotID, "is_bot": true, "first_name": "rete"}},
		"new_chat_member": map[string]any{"status": status, "user": map[string]any{"id": telegramfake.BotID, "is_bot": true, "first_name": "rete"}},
	}}
}
