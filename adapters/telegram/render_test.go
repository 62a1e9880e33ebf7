package telegram

import (
	"strings"
	"testing"

	"github.com/rete-bot/rete/adapters/telegram/telegramfake"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

func noHandles(string) string { return "" }

// TestMemberTextNeverBecomesMarkup renders every injection in every
// style: Telegram must parse the HTML, and nothing may ping.
func TestMemberTextNeverBecomesMarkup(t *testing.T) {
	injections := append(bottest.Injections(), "</b><a href=\"tg://user?id=1\">x</a>", "&", "&#60;", "<", "a > b", `"quoted"`, "@durov", "/join@other_bot")
	for _, inj := range injections {
		m := bot.Message{Blocks: []bot.Block{
			bot.ParaBlock(bot.Text(inj), bot.Strong(inj), bot.Span{Style: bot.Code, Text: inj}),
			{Kind: bot.Header, Spans: []bot.Span{bot.Text(inj)}},
			{Kind: bot.Context, Spans: []bot.Span{bot.Text(inj)}},
			{Kind: bot.List, Items: [][]bot.Span{{bot.Text(inj)}}},
			{Kind: bot.Pre, Spans: []bot.Span{{Text: inj}}},
			bot.ParaBlock(bot.Span{Style: bot.Link, Text: inj, URL: "https://example.com/?q=" + inj}),
			bot.ParaBlock(bot.Span{Style: bot.Link, Text: inj, URL: "javascript:alert(1)"}),
			bot.ParaBlock(bot.Span{Style: bot.Mention, Text: inj, Member: bot.MemberID{Platform: Platform, User: "42"}}),
		}}
		r := render(m, noHandles)
		if err := telegramfake.CheckHTML(r.text); err != nil {
			t.Errorf("%q: Telegram would refuse the text: %v\n%s", inj, err, r.text)
		}
		for _, p := range telegramfake.Pings(r.text) {
			if p != "42" {
				t.Errorf("%q pings %s:\n%s", inj, p, r.text)
			}
		}
		if strings.Contains(r.text, "javascript:") && strings.Contains(r.text, `href="javascript`) {
			t.Errorf("%q: an unsafe link became a link", inj)
		}
	}
}

func TestMentionsSayHowToReachTheMember(t *testing.T) {
	handles := func(u string) string {
		if u == "1001" {
			return "anna_tg"
		}
		return ""
	}
	for _, tt := range []struct {
		member bot.MemberID
		want   string
	}{
		{bot.MemberID{Platform: Platform, User: "1001"}, `<a href="https://t.me/anna_tg">Anna</a>`},
		{bot.MemberID{Platform: Platform, User: "1002"}, `<a href="tg://user?id=1002">Anna</a>`},
		{bot.MemberID{Platform: "slack", User: "U1"}, `<b>Anna</b>`},
	} {
		r := render(bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Span{Style: bot.Mention, Text: "Anna", Member: tt.member})}}, handles)
		if r.text != tt.want {
			t.Errorf("%v: %s, want %s", tt.member, r.text, tt.want)
		}
	}
}

func TestButtonsFitTelegram(t *testing.T) {
	long := strings.Repeat("x", maxCallbackData+1)
	r := render(bot.Message{Buttons: []bot.Button{{Label: "A", Command: "intro accept 1"}, {Label: "B", Command: long}, {Label: "C", Command: "rsvp 1 no"}}}, noHandles)
	if r.markup == nil {
		t.Fatal("no keyboard")
	}
	var n int
	for _, row := range r.markup.InlineKeyboard {
		if len(row) > buttonsPerRow {
			t.Errorf("a row of %d buttons", len(row))
		}
		for _, b := range row {
			n++
			if b.CallbackData == nil || len(*b.CallbackData) > maxCallbackData {
				t.Errorf("button %q carries %v", b.Text, b.CallbackData)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d buttons, want the 2 that fit", n)
	}
	if err := telegramfake.CheckHTML(r.text); err != nil {
		t.Errorf("a message of buttons only: %v", err)
	}
}

// TestLongMessageStaysUnderTheLimit: until kit's splitter is wired in, a
// message too long for one Telegram message is sent cut, as plain text.
func TestLongMessageStaysUnderTheLimit(t *testing.T) {
	var items [][]bot.Span
	for range 400 {
		items = append(items, []bot.Span{bot.Strong("member <name>"), bot.Text(" offers go, kubernetes & ux @everyone")})
	}
	r := render(bot.Message{Blocks: []bot.Block{{Kind: bot.List, Items: items}}}, noHandles)
	if err := telegramfake.CheckHTML(r.text); err != nil {
		t.Errorf("long message: %v", err)
	}
	if p := telegramfake.Pings(r.text); len(p) != 0 {
		t.Errorf("the cut message pings %v", p)
	}
}

// TestFakeRefusesWhatTelegramRefuses: telegramfake keeps its own copy of
// Telegram's text limit (it imports no adapter); a text one character
// over the adapter's limit is refused, one at the limit is not.
func TestFakeRefusesWhatTelegramRefuses(t *testing.T) {
	if err := telegramfake.CheckHTML(strings.Repeat("a", maxText)); err != nil {
		t.Errorf("a text at the limit: %v", err)
	}
	if err := telegramfake.CheckHTML(strings.Repeat("a", maxText+1)); err == nil {
		t.Error("a text over the limit was accepted")
	}
}

// TestEmailStaysWhole: an "@" inside a word is an email address, which
// Telegram links and cannot read as a mention; only a word's leading "@"
// is defused.
func TestEmailStaysWhole(t *testing.T) {
	for in, want := range map[string]string{
		"ada@example.org":        "ada@example.org",
		"write ada@example.org!": "write ada@example.org!",
		"@everyone":              "@\u2060everyone",
		"hi @ada, x@y and (@b)":  "hi @\u2060ada, x@y and (@\u2060b)",
		"@@ada":                  "@@\u2060ada",
	} {
		if got := text(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
}
