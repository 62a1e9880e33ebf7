// Package multiplatform holds the tests of one community served on every
// platform at once: the real core over Badger, the console, and the Slack,
// Telegram and Discord adapters each talking to its platform's fake, as
// `rete serve` wires them. A test speaks of people by name (multi.user
// gives each an account on every platform) and drives them with join,
// command and pressPost; deliver runs the outbox on every platform, and
// deliveries reads what each platform then received.
package multiplatform

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/console"
	"github.com/rete-bot/rete/adapters/discord"
	"github.com/rete-bot/rete/adapters/discord/discordfake"
	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/adapters/slack"
	"github.com/rete-bot/rete/adapters/slack/slackfake"
	"github.com/rete-bot/rete/adapters/telegram"
	"github.com/rete-bot/rete/adapters/telegram/telegramfake"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
	"github.com/rete-bot/rete/store"
)

// The community's spaces, one on each platform.
const (
	community = "labbit"

	consoleChannel = "events"

	slackTeam    = "T0TEAM"
	slackChannel = "C0EVENTS"

	telegramGroup = int64(-1001234567890) // a supergroup, its own announce channel

	discordGuild        = "200000000000000002"
	discordChannel      = "300000000000000003"
	discordGroupChannel = "300000000000000004"
)

// platforms are the platforms of the community, in delivery order.
var platforms = []string{console.Platform, slack.Platform, telegram.Platform, discord.Platform}

// people are the test's people by name; each has an account of their own
// on every platform, derived from the name's position (see multi.user).
var people = []string{"anna", "marco", "giulia", "luca", "sara", "mod"}

// moderator moderates the community from the config list, on Discord.
const moderator = "mod"

// multi is one core serving one community on the console, Slack,
// Telegram and Discord, with the fakes standing for the platforms.
type multi struct {
	t  *testing.T
	b  *bot.Bot
	db *store.DB

	srv      *httptest.Server // every adapter's routes, as under serve
	slack    *slackfake.Server
	telegram *telegramfake.Server
	discord  *discordfake.Server
	console  *console.Console
	out      *bottest.SyncBuffer // the console's output

	mu    sync.Mutex
	clock *bottest.Clock                // the bot's now; see advance
	seq   int                           // Discord interaction ids
	inbox map[string][]bottest.Delivery // per platform: what the outbox sent, unread
}

// newMulti wires the core with the four adapters and serves their routes.
func newMulti(t *testing.T) *multi {
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
	m := &multi{
		t: t, db: db, out: &bottest.SyncBuffer{}, inbox: map[string][]bottest.Delivery{}, clock: bottest.NewClock(time.Now().UTC()),
		slack: slackfake.New(t), telegram: telegramfake.New(t), discord: discordfake.New(t),
	}
	for _, name := range people {
		m.telegram.SetMember(telegramGroup, m.telegramUser(name), true)
	}
	log := slog.New(slog.DiscardHandler)
	m.console = console.New(m.out, console.Options{Space: console.DefaultSpace})
	sa, err := slack.New(slack.Config{
		BotToken: slackfake.BotToken, SigningSecret: slackfake.SigningSecret, APIURL: m.slack.URL(), Logger: log,
	})
	if err != nil {
		t.Fatal(err)
	}
	ta, err := telegram.New(telegram.Config{
		BotToken: telegramfake.BotToken, APIURL: m.telegram.URL(), Logger: log,
		Mode: telegram.ModeWebhook, WebhookURL: "https://rete.example/telegram/webhook", WebhookSecret: telegramfake.WebhookSecret,
	})
	if err != nil {
		t.Fatal(err)
	}
	da, err := discord.New(discord.Config{
		BotToken: discordfake.BotToken, ApplicationID: discordfake.ApplicationID, PublicKey: discordfake.PublicKey(),
		APIURL: m.discord.URL(), Guilds: []string{discordGuild}, GroupChannels: map[string]string{discordGuild: discordGroupChannel},
		Rate: 1e6, Logger: log,
	})
	if err != nil {
		t.Fatal(err)
	}
	s := bot.DefaultSettings()
	s.Name, s.Timezone = "Labbit", "UTC"
	m.b, err = bot.New(bot.Config{
		Store: db, Messengers: []bot.Messenger{m.console, sa, ta, da}, Now: m.clock.Now,
		Communities: []bot.Community{{
			ID: community, Moderators: []string{discord.Platform + ":" + m.user(discord.Platform, moderator)},
			Spaces: []bot.Space{
				{Platform: console.Platform, ID: console.DefaultSpace, AnnounceChannel: consoleChannel},
				{Platform: slack.Platform, ID: slackTeam, AnnounceChannel: slackChannel},
				{Platform: telegram.Platform, ID: m.user(telegram.Platform, ""), AnnounceChannel: m.user(telegram.Platform, "")},
				{Platform: discord.Platform, ID: discordGuild, AnnounceChannel: discordChannel, GroupChannel: discordGroupChannel},
			},
			Settings: s,
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Routes and Run as cmd/rete does for every adapter: Telegram sets
	// its webhook, Discord registers its commands, then both return.
	mux := http.NewServeMux()
	ctx := context.Background()
	for _, a := range []kit.Router{sa, ta, da} {
		if err := a.Routes(mux, m.b); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []kit.Runner{ta, da} {
		if err := a.Run(ctx, m.b); err != nil {
			t.Fatal(err)
		}
	}
	m.srv = httptest.NewServer(mux)
	t.Cleanup(m.srv.Close)
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for _, a := range []kit.Adapter{sa, ta, da} {
			if err := a.Shutdown(sctx); err != nil {
				t.Errorf("shutdown %s: %v", a.Platform(), err)
			}
		}
	})
	return m
}

// advance moves the bot's clock, which starts at the time the test
// started, forward by d, so that a test can let a code expire without
// waiting.
func (m *multi) advance(d time.Duration) { m.clock.Add(d) }

// user is name's account id on platform; with name "" on Telegram, the
// group's chat id.
func (m *multi) user(platform, name string) string {
	i := slices.Index(people, name)
	if i < 0 && name != "" {
		m.t.Fatalf("no person %q", name)
	}
	switch platform {
	case slack.Platform:
		return "U0" + strings.ToUpper(name)
	case telegram.Platform:
		if name == "" {
			return strconv.FormatInt(telegramGroup, 10)
		}
		return strconv.FormatInt(m.telegramUser(name), 10)
	case discord.Platform:
		return fmt.Sprintf("4%017d", i+1)
	}
	return name
}

func (m *multi) telegramUser(name string) int64 { return int64(1001 + slices.Index(people, name)) }

// member is name's member id on platform, in that platform's space.
func (m *multi) member(platform, name string) bot.MemberID {
	space := map[string]string{console.Platform: console.DefaultSpace, slack.Platform: slackTeam,
		telegram.Platform: m.user(telegram.Platform, ""), discord.Platform: discordGuild}[platform]
	return bot.MemberID{Platform: platform, Space: space, User: m.user(platform, name)}
}

// join makes name a member on platform, the way that platform's people
// join: a command, or Telegram's deep link from the group.
func (m *multi) join(platform, name string) bottest.Delivery {
	m.t.Helper()
	if platform == telegram.Platform {
		return m.command(platform, name, "start join-"+m.user(telegram.Platform, ""))
	}
	return m.command(platform, name, "join")
}

// command sends text (as typed after /rete) from name on platform, in the
// private place each platform answers commands, and returns the reply.
func (m *multi) command(platform, name, text string) bottest.Delivery {
	m.t.Helper()
	t := m.t
	switch platform {
	case console.Platform:
		from := m.out.Len()
		if err := m.console.RunFrom(context.Background(), strings.NewReader("as "+name+"\n"+text+"\n"), m.b); err != nil {
			t.Fatal(err)
		}
		for _, d := range parseConsole(m.out.From(from)) {
			if d.label == "reply" {
				return d.Delivery
			}
		}
		t.Fatalf("console: %s: no reply", text)
	case slack.Platform:
		return m.slack.Command(t, m.srv.URL, slackTeam, m.user(platform, name), text)
	case telegram.Platform:
		id := m.telegramUser(name)
		mark := m.telegram.Mark()
		m.telegram.Send(t, m.srv.URL, telegramfake.TextUpdate(id, m.telegramFrom(name), "/"+text))
		for _, c := range m.telegram.Since(mark, "sendMessage") {
			if c.Chat == id {
				return telegramfake.Delivery(c)
			}
		}
		t.Fatalf("telegram: %s: no reply", text)
	case discord.Platform:
		i := m.interaction(2, name)
		i["data"] = discordfake.CommandData(t, kit.DiscordCommands(m.b.Commands(), m.b.Catalog()), text)
		return m.discordAnswer(name, discordfake.Interact(t, m.srv.URL, i))
	}
	t.Fatalf("no platform %q", platform)
	return bottest.Delivery{}
}

func (m *multi) telegramFrom(name string) map[string]any {
	return telegramfake.User(m.telegramUser(name), strings.ToUpper(name[:1])+name[1:], name+"_tg")
}

// interaction is a Discord interaction of type typ from name in the guild.
func (m *multi) interaction(typ int, name string) map[string]any {
	m.mu.Lock()
	m.seq++
	id := strconv.Itoa(800000000000000000 + m.seq)
	m.mu.Unlock()
	return discordfake.Interaction(id, typ, m.user(discord.Platform, name), discordGuild, discordChannel, "0")
}

// discordAnswer reads an interaction's answer carrying a message.
func (m *multi) discordAnswer(name string, ans map[string]any) bottest.Delivery {
	m.t.Helper()
	data, _ := ans["data"].(map[string]any)
	if data == nil {
		m.t.Fatalf("discord answer without a message: %v", ans)
	}
	return discordfake.Delivery([]string{m.user(discord.Platform, name)}, data)
}

// deliver sends what the outbox holds, on every platform, and keeps what
// each platform received for deliveries. Every platform's marks are taken
// before any outbox runs: an entry of one platform's outbox may go out on
// another (a linked member's deliver choice, or its fallback).
func (m *multi) deliver() {
	m.t.Helper()
	got := map[string]func() []bottest.Delivery{}
	for _, p := range platforms {
		switch p {
		case console.Platform:
			from := m.out.Len()
			got[p] = func() []bottest.Delivery {
				var out []bottest.Delivery
				for _, d := range parseConsole(m.out.From(from)) {
					out = append(out, d.Delivery)
				}
				return out
			}
		case slack.Platform:
			from := m.slack.Mark()
			got[p] = func() []bottest.Delivery { return m.slack.Delivered(m.t, from, m.slack.Mark()) }
		case telegram.Platform:
			from := m.telegram.Mark()
			got[p] = func() []bottest.Delivery { return m.telegram.Sent(from) }
		case discord.Platform:
			from := m.discord.Mark()
			got[p] = func() []bottest.Delivery { return m.discord.Deliveries(from, m.discord.Mark()) }
		}
	}
	for _, p := range platforms {
		if err := m.b.DeliverDue(context.Background(), p); err != nil {
			m.t.Fatalf("deliver %s: %v", p, err)
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range platforms {
		m.inbox[p] = append(m.inbox[p], got[p]()...)
	}
}

// deliveries returns what the outbox delivered on platform since the last
// call: DMs, groups, posts and edits, never command replies.
func (m *multi) deliveries(platform string) []bottest.Delivery {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := m.inbox[platform]
	delete(m.inbox, platform)
	return out
}

// announceTo is who reads platform's announce channel in a Delivery.
func (m *multi) announceTo(platform string) string {
	switch platform {
	case console.Platform:
		return "#" + consoleChannel
	case slack.Platform:
		return "#" + slackChannel
	case telegram.Platform:
		return m.user(telegram.Platform, "")
	}
	return "#" + discordChannel
}

// pressPost presses, as name on platform, the button running command on
// the latest post in platform's announce channel, and returns the reply.
// The console's buttons run their command as typed, so there it types it.
func (m *multi) pressPost(platform, name, command string) bottest.Delivery {
	m.t.Helper()
	t := m.t
	button := func(d bottest.Delivery) bot.Button {
		i := slices.IndexFunc(d.Buttons, func(b bot.Button) bool { return b.Command == command })
		if i < 0 {
			t.Fatalf("%s: the post has no button %q: %+v", platform, command, d.Buttons)
		}
		return d.Buttons[i]
	}
	switch platform {
	case console.Platform:
		return m.command(platform, name, command)
	case slack.Platform:
		posts := slices.DeleteFunc(m.slack.CallsOf("chat.postMessage"), func(c slackfake.Call) bool { return c.Channel != slackChannel })
		if len(posts) == 0 {
			t.Fatal("slack: no post in the announce channel")
		}
		p := posts[len(posts)-1]
		b := button(slackfake.Delivery(t, nil, p.Text, p.Blocks))
		return m.slack.Press(t, m.srv.URL, slackTeam, m.user(platform, name), slackChannel, p.TS, b)
	case telegram.Platform:
		posts := slices.DeleteFunc(m.telegram.Since(0, "sendMessage"), func(c telegramfake.Call) bool { return c.Chat != telegramGroup })
		if len(posts) == 0 {
			t.Fatal("telegram: no post in the group")
		}
		p := posts[len(posts)-1]
		mark := m.telegram.Mark()
		m.telegram.Send(t, m.srv.URL, telegramfake.PressUpdate(telegramGroup, p.MsgID, m.telegramFrom(name), button(telegramfake.Delivery(p)).Command))
		answers := m.telegram.Since(mark, "answerCallbackQuery")
		if len(answers) != 1 {
			t.Fatalf("telegram: the press was answered %d times", len(answers))
		}
		return bottest.Delivery{To: []string{m.user(platform, name)}, Text: answers[0].Form.Get("text")}
	case discord.Platform:
		posts := slices.DeleteFunc(m.discord.Messages(0), func(c discordfake.Call) bool { return discordfake.ChannelOf(c) != discordChannel })
		if len(posts) == 0 {
			t.Fatal("discord: no post in the announce channel")
		}
		p := posts[len(posts)-1]
		i := m.interaction(3, name)
		i["data"] = map[string]any{"custom_id": discordfake.ButtonPrefix + button(discordfake.Delivery(nil, p.Body)).Command, "component_type": 2}
		i["message"] = map[string]any{"id": p.ID, "channel_id": discordChannel, "content": "x"}
		return m.discordAnswer(name, discordfake.Interact(t, m.srv.URL, i))
	}
	t.Fatalf("no platform %q", platform)
	return bottest.Delivery{}
}

// stored is name's member record on platform, nil if they never joined.
func (m *multi) stored(platform, name string) *bot.Member {
	m.t.Helper()
	var mem *bot.Member
	err := m.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		mem, err = tx.Member(community, m.member(platform, name))
		return err
	})
	if err != nil {
		return nil
	}
	return mem
}

// consoleMessage is a message the console printed, with its label's kind.
type consoleMessage struct {
	label string // reply, dm, group, post or edit
	bottest.Delivery
}

var consoleLabel = regexp.MustCompile(`^\[(reply|dm|group|post|edit)(?: \d+)? → (.*)\]$`)

// parseConsole reads the console's output back into messages.
func parseConsole(out string) []consoleMessage {
	var msgs []consoleMessage
	for _, line := range strings.Split(out, "\n") {
		if l := consoleLabel.FindStringSubmatch(line); l != nil {
			msgs = append(msgs, consoleMessage{label: l[1], Delivery: bottest.Delivery{To: strings.Split(l[2], ", ")}})
			continue
		}
		if body, ok := strings.CutPrefix(line, "  "); ok && len(msgs) > 0 {
			d := &msgs[len(msgs)-1].Delivery
			d.Text += body + "\n"
		}
	}
	return msgs
}
