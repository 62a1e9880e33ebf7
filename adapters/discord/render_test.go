package discord

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/rete-bot/rete/adapters/discord/discordfake"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

// discordInjections are Discord's own ways for member text to ping or
// become markup, on top of the shared table.
var discordInjections = []string{
	"@everyone", "@here", "<@&123456789012345678>", "<@!123456789012345678>", "<@123456789012345678>",
	"||spoiler||", "[masked](https://evil.example)", "[x](<https://evil.example>)", "-# small", "- item",
	"1. item", "## heading", ">>> quote", "<#123456789012345678>", "<t:1700000000:R>", "<:emoji:123456789012345678>",
	"__underline__", "***all***", "`", "\\", "**", "@\u200beveryone",
}

// escapedPair is a backslash escape; markup is what is left that Discord
// would read as markup or a ping.
var (
	escapedPair = regexp.MustCompile(`\\.`)
	markup      = regexp.MustCompile("[*_~`|\\[\\]<>#]|@everyone|@here|^\\s*-|^\\s*>")
)

// TestMemberTextNeverBecomesMarkup: member text in plain spans is shown
// as typed, with nothing left that Discord would read as markup, and
// allowed_mentions lets nothing ping.
func TestMemberTextNeverBecomesMarkup(t *testing.T) {
	for _, inj := range append(bottest.Injections(), discordInjections...) {
		r := render(bot.Message{Blocks: []bot.Block{
			bot.ParaBlock(bot.Text("bio: " + inj)),
			{Kind: bot.List, Items: [][]bot.Span{{bot.Text(inj)}}},
		}}, nil)
		if got := discordfake.ReaderText(r.Content); !strings.Contains(got, inj) && !strings.Contains(inj, "**") {
			t.Errorf("%q shows as %q", inj, got)
		}
		left := escapedPair.ReplaceAllString(strings.ReplaceAll(r.Content, "• ", ""), "")
		for _, line := range strings.Split(left, "\n") {
			if m := markup.FindString(line); m != "" {
				t.Errorf("%q renders as %q: %q is markup", inj, r.Content, m)
			}
		}
		if len(r.Mentions.Parse) != 0 || len(r.Mentions.Users) != 0 {
			t.Errorf("%q: allowed_mentions %+v, want nothing", inj, r.Mentions)
		}
		if p := discordfake.Pings(r.Content, map[string]any{"parse": []any{"users", "roles", "everyone"}}); len(p) != 0 {
			t.Errorf("%q would ping %v even if allowed", inj, p)
		}
	}
}

func TestStyledMemberText(t *testing.T) {
	for _, inj := range append(bottest.Injections(), discordInjections...) {
		for _, s := range []bot.Span{
			bot.Strong(inj),
			{Style: bot.Code, Text: inj},
			{Style: bot.Link, Text: inj, URL: "https://example.com/a"},
			{Style: bot.Link, Text: "x", URL: "https://example.com/" + inj},
			{Style: bot.Mention, Text: inj, Member: bot.MemberID{Platform: "slack", User: "U1"}},
		} {
			r := render(bot.Message{Blocks: []bot.Block{bot.ParaBlock(s), {Kind: bot.Context, Spans: []bot.Span{s}}}}, nil)
			if p := discordfake.Pings(r.Content, map[string]any{"parse": []any{"users", "roles", "everyone"}}); len(p) != 0 {
				t.Errorf("%q in style %d would ping %v: %q", inj, s.Style, p, r.Content)
			}
			for _, line := range strings.Split(r.Content, "\n") {
				if s.Style == bot.Link && strings.Count(line, "](") > 1 {
					t.Errorf("%q makes a second masked link: %q", inj, r.Content)
				}
			}
		}
	}
}

// TestMentionsPingOnlyOnPurpose: a Discord member the core mentions is
// the only user allowed_mentions lists.
func TestMentionsPingOnlyOnPurpose(t *testing.T) {
	anna := bot.MemberID{Platform: Platform, Space: testGuild, User: testMembers[0]}
	r := render(bot.Message{Blocks: []bot.Block{bot.ParaBlock(
		bot.Text("meet "), bot.Span{Style: bot.Mention, Text: "Anna", Member: anna},
		bot.Text(" who wrote <@"+testMembers[1]+"> and @everyone"),
	)}}, nil)
	d := discordfake.Delivery(nil, map[string]any{"content": r.Content, "allowed_mentions": map[string]any{"parse": []any{}, "users": []any{testMembers[0]}}})
	if len(d.Pings) != 1 || d.Pings[0] != testMembers[0] {
		t.Errorf("pings %v, want anna only", d.Pings)
	}
	if len(r.Mentions.Users) != 1 || r.Mentions.Users[0] != testMembers[0] {
		t.Errorf("allowed users %v", r.Mentions.Users)
	}
}

func TestButtonsFitDiscord(t *testing.T) {
	var bs []bot.Button
	for i := range 30 {
		bs = append(bs, bot.Button{Label: strings.Repeat("L", 100), Command: "rsvp " + strings.Repeat("9", i+1) + " yes"})
	}
	bs = append(bs, bot.Button{Label: "too long", Command: strings.Repeat("x", 100)})
	r := render(bot.Message{Buttons: bs}, nil)
	if len(r.Components) > maxRows {
		t.Fatalf("%d rows", len(r.Components))
	}
	n := 0
	for _, row := range discordfake.Delivery(nil, map[string]any{"components": toJSON(t, r.Components)}).Buttons {
		n++
		if len(buttonPrefix+row.Command) > maxCustomID || len([]rune(row.Label)) > maxButtonLabel {
			t.Errorf("button %+v over Discord's limits", row)
		}
	}
	if n != 25 {
		t.Errorf("%d buttons, want 25", n)
	}
}

func TestLongMessagesFit(t *testing.T) {
	r := render(bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text(strings.Repeat("é", 3000)))}}, nil)
	if n := len([]rune(r.Content)); n > maxContent {
		t.Errorf("content of %d characters", n)
	}
}

// toJSON is v as the JSON Discord receives, decoded into plain values.
func toJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFakeReadsTheAdaptersButtons: discordfake keeps its own copy of the
// custom_id prefix (it imports no adapter), so the two must agree.
func TestFakeReadsTheAdaptersButtons(t *testing.T) {
	if discordfake.ButtonPrefix != buttonPrefix {
		t.Errorf("discordfake.ButtonPrefix %q, the adapter's %q", discordfake.ButtonPrefix, buttonPrefix)
	}
}
