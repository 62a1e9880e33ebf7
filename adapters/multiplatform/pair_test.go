package multiplatform

import (
	"context"
	"html"
	"slices"
	"strings"
	"testing"

	"github.com/rete-bot/rete/adapters/discord"
	"github.com/rete-bot/rete/adapters/slack"
	"github.com/rete-bot/rete/adapters/slack/slackfake"
	"github.com/rete-bot/rete/adapters/telegram"
	"github.com/rete-bot/rete/adapters/telegram/telegramfake"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

// pairSlackTelegram makes marco (Slack) and giulia (Telegram) the only
// members and runs a round, which can only pair them; it returns the
// intro each received.
func (m *multi) pairSlackTelegram() (marco, giulia bottest.Delivery) {
	m.t.Helper()
	m.join(slack.Platform, "marco")
	m.join(telegram.Platform, "giulia")
	m.command(slack.Platform, "marco", "contact marco@zyx.example")
	m.deliver()
	for _, p := range platforms {
		m.deliveries(p)
	}
	if _, err := m.b.RunRound(context.Background(), community, roundNow); err != nil {
		m.t.Fatal(err)
	}
	m.deliver()
	marco = only(m.t, m.deliveries(slack.Platform), m.user(slack.Platform, "marco"))
	giulia = only(m.t, m.deliveries(telegram.Platform), m.user(telegram.Platform, "giulia"))
	return marco, giulia
}

// only is the one delivery of ds read by who.
func only(t *testing.T, ds []bottest.Delivery, who string) bottest.Delivery {
	t.Helper()
	mine := to(ds, who)
	if len(mine) != 1 {
		t.Fatalf("%s received %d messages, want 1: %+v", who, len(mine), ds)
	}
	return mine[0]
}

// TestRoundPairsSlackWithTelegram: a round pairs a Slack member with a
// Telegram member; each gets the intro on their own platform with how to
// reach the other there: the Telegram link for the Slack reader; for the
// Telegram reader, who cannot open a Slack workspace they are not in, the
// relay hint and the contact line the Slack member shares with pairs.
func TestRoundPairsSlackWithTelegram(t *testing.T) {
	m := newMulti(t)
	m.command(slack.Platform, "mod", "join")
	m.command(slack.Platform, "mod", "pause")
	marco, giulia := m.pairSlackTelegram()

	if !strings.Contains(marco.Text, "Giulia") || !strings.Contains(marco.Text, "https://t.me/giulia_tg") {
		t.Errorf("Slack intro: %q, want Giulia with her t.me link", marco.Text)
	}
	text := html.UnescapeString(giulia.Text)
	for _, want := range []string{"Slack", "/reply", "marco@zyx.example"} {
		if !strings.Contains(text, want) {
			t.Errorf("Telegram intro: %q, want …%s…", text, want)
		}
	}
	if strings.Contains(text, "slack.com/app_redirect") {
		t.Errorf("Telegram intro links into a workspace its reader is not in: %q", text)
	}
	if strings.Contains(marco.Text, "marco@zyx.example") {
		t.Errorf("Slack intro shows its reader's own contact line: %q", marco.Text)
	}
	if err := telegramfake.CheckHTML(giulia.Text); err != nil {
		t.Errorf("Telegram intro: %v", err)
	}
	if !slices.ContainsFunc(giulia.Buttons, func(b bot.Button) bool { return b.Command == "reply" }) {
		t.Errorf("Telegram intro has no Reply button: %+v", giulia.Buttons)
	}
}

// TestRelayedReplyAcrossPlatforms: `reply` from the Slack member reaches
// the Telegram member on Telegram, marked as relayed and escaped, with no
// ping; the answer goes back to Slack the same way.
func TestRelayedReplyAcrossPlatforms(t *testing.T) {
	m := newMulti(t)
	m.pairSlackTelegram()

	// Slack sends typed text with & < > escaped, as here.
	if d := m.command(slack.Platform, "marco", "reply hello there &lt;b&gt;bold&lt;/b&gt; @everyone &amp; co"); !strings.Contains(d.Text, "Sent to") {
		t.Fatalf("reply answered %q", d.Text)
	}
	m.deliver()
	got := only(t, m.deliveries(telegram.Platform), m.user(telegram.Platform, "giulia"))
	if err := telegramfake.CheckHTML(got.Text); err != nil {
		t.Errorf("relayed text is not valid Telegram HTML: %v", err)
	}
	seen := strings.ReplaceAll(html.UnescapeString(stripTags(got.Text)), "\u2060", "")
	if !strings.Contains(seen, "(via rete)") || !strings.Contains(seen, "hello there <b>bold</b> @everyone & co") {
		t.Errorf("Telegram reader sees %q, want the text as typed, marked (via rete)", seen)
	}
	if len(got.Pings) != 0 {
		t.Errorf("relayed text pings %v", got.Pings)
	}
	if len(m.deliveries(slack.Platform)) != 0 {
		t.Error("the relay also went to its sender")
	}
	m.join(discord.Platform, "luca")
	if d := m.command(discord.Platform, "luca", "reply hi all"); !strings.Contains(d.Text, "nobody to reply to") {
		t.Errorf("a member outside the pair relayed: %q", d.Text)
	}

	if d := m.command(telegram.Platform, "giulia", "reply <!everyone> see you <@U0MOD> *soon*"); !strings.Contains(d.Text, "Sent to") {
		t.Fatalf("Telegram reply answered %q", d.Text)
	}
	m.deliver()
	back := only(t, m.deliveries(slack.Platform), m.user(slack.Platform, "marco"))
	if p := slackfake.Pings(back.Text); len(p) != 0 || len(back.Pings) != 0 {
		t.Errorf("relayed text pings on Slack: %v %v", p, back.Pings)
	}
	if !strings.Contains(back.Text, "via rete") || !strings.Contains(back.Text, "see you") {
		t.Errorf("Slack reader sees %q", back.Text)
	}
}

// stripTags drops the HTML tags of a Telegram message.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// roundNow is a round by hand.
var roundNow = bot.RoundOptions{}

// TestLinkedMemberIsReachedOnTheirOtherAccount: a member whose primary
// account is on Slack and who linked a Telegram account is paired with a
// Telegram member: the intro reaches them where they chose (deliver), and
// tells the Telegram reader the t.me link of their Telegram account rather
// than the relay.
func TestLinkedMemberIsReachedOnTheirOtherAccount(t *testing.T) {
	m := newMulti(t)
	m.join(slack.Platform, "anna")
	m.join(telegram.Platform, "anna")
	m.link(slack.Platform, telegram.Platform, "anna")
	if d := m.command(slack.Platform, "anna", "deliver telegram"); !strings.Contains(d.Text, "Telegram") {
		t.Fatalf("deliver answered %q", d.Text)
	}
	m.join(telegram.Platform, "giulia")
	m.deliver()
	for _, p := range platforms {
		m.deliveries(p)
	}
	if _, err := m.b.RunRound(context.Background(), community, roundNow); err != nil {
		t.Fatal(err)
	}
	m.deliver()
	if got := m.deliveries(slack.Platform); len(got) != 0 {
		t.Errorf("Slack got %+v, but anna has her messages delivered on Telegram", got)
	}
	tg := m.deliveries(telegram.Platform)
	anna := only(t, tg, m.user(telegram.Platform, "anna"))
	giulia := only(t, tg, m.user(telegram.Platform, "giulia"))
	if !strings.Contains(anna.Text, "https://t.me/giulia_tg") {
		t.Errorf("anna's intro: %q, want giulia's t.me link", anna.Text)
	}
	if !strings.Contains(giulia.Text, "https://t.me/anna_tg") {
		t.Errorf("giulia's intro: %q, want anna's t.me link", giulia.Text)
	}
}

// TestDeliverFallsBackToTheOtherAccount: a linked member who chose
// Telegram but blocked the bot there gets the intro on Slack, and stays
// an active member.
func TestDeliverFallsBackToTheOtherAccount(t *testing.T) {
	m := newMulti(t)
	m.join(slack.Platform, "anna")
	m.join(telegram.Platform, "anna")
	m.link(slack.Platform, telegram.Platform, "anna")
	m.command(slack.Platform, "anna", "deliver telegram")
	m.join(telegram.Platform, "giulia")
	m.deliver()
	for _, p := range platforms {
		m.deliveries(p)
	}
	m.telegram.Block(m.telegramUser("anna"), true)
	if _, err := m.b.RunRound(context.Background(), community, roundNow); err != nil {
		t.Fatal(err)
	}
	m.deliver()
	m.deliver() // a fallback may be queued on the other platform's outbox
	anna := only(t, m.deliveries(slack.Platform), m.user(slack.Platform, "anna"))
	if !strings.Contains(anna.Text, "https://t.me/giulia_tg") {
		t.Errorf("anna's intro on Slack: %q", anna.Text)
	}
	only(t, m.deliveries(telegram.Platform), m.user(telegram.Platform, "giulia"))
	if mem := m.stored(slack.Platform, "anna"); mem == nil || mem.Status != bot.StatusActive {
		t.Errorf("anna after the fallback: %+v", mem)
	}
}
