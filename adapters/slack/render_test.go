package slack

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rete-bot/rete/adapters/slack/slackfake"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
	"github.com/slack-go/slack"
)

// markup is what rete itself writes: mentions of Slack members and links.
var markup = regexp.MustCompile(`<@[UW][A-Z0-9]+>|<https?://[^|<>\s]+(?:\|[^<>]*)?>`)

func TestRenderEscapesInjections(t *testing.T) {
	mentioned := bot.MemberID{Platform: Platform, Space: "T1", User: "U0MENTION"}
	injections := append(bottest.Injections(),
		"<!subteam^S0123>", "<!date^1392734382^{date}|x>", "<@W0123|boss>", "<#C0123>",
		"&lt;!channel&gt;", "a|b>c", "*unbalanced", "```", "`", "<https://evil.example>",
		"<mailto:x@evil.example|mail>", "<!channel|everyone>", "@U0123ABCD", "\u200b<!here>",
	)
	for _, inj := range injections {
		t.Run(inj, func(t *testing.T) {
			m := bot.Message{Blocks: []bot.Block{
				{Kind: bot.Header, Spans: []bot.Span{bot.Text(inj), {Style: bot.Link, Text: inj, URL: "https://example.com/" + inj}}},
				bot.ParaBlock(bot.Text("bio: "+inj+" "), bot.Strong(inj), bot.Span{Style: bot.Mention, Text: inj, Member: mentioned},
					bot.Span{Style: bot.Code, Text: inj}, bot.Span{Style: bot.Mention, Text: inj, Member: bot.MemberID{Platform: "discord", User: "123"}}),
				{Kind: bot.List, Items: [][]bot.Span{{bot.Text(inj)}, {bot.Strong(inj)}}},
				{Kind: bot.Context, Spans: []bot.Span{bot.Text(inj)}},
				{Kind: bot.Pre, Spans: []bot.Span{{Style: bot.Code, Text: inj}}},
				bot.ParaBlock(bot.Span{Style: bot.Link, Text: inj, URL: "https://example.com/?q=" + inj}, bot.Span{Style: bot.Link, Text: inj, URL: inj}),
			}, Buttons: []bot.Button{{Label: inj, Command: "profile"}}}
			r := render(m)
			texts := append(slackfake.MrkdwnTexts(t, r.Blocks), r.Text)
			for _, p := range slackfake.Pings(texts...) {
				if p != mentioned.User {
					t.Errorf("pings %q", p)
				}
			}
			for _, tx := range texts {
				if rest := markup.ReplaceAllString(tx, ""); strings.ContainsAny(rest, "<>") {
					t.Errorf("raw < or > outside rete's markup in %q", tx)
				}
				if inner, ok := strings.CutPrefix(tx, "```\n"); ok && strings.Contains(strings.TrimSuffix(inner, "\n```"), "`") {
					t.Errorf("code block %q contains a backtick", tx)
				}
			}
		})
	}
}

func TestRenderBlocks(t *testing.T) {
	anna := bot.MemberID{Platform: Platform, Space: "T1", User: "U0ANNA"}
	tests := []struct {
		name  string
		block bot.Block
		want  string // the mrkdwn of the one block
		kind  slack.MessageBlockType
	}{
		{"para", bot.ParaBlock(bot.Text("a & b <c>"), bot.Strong(" bold "), bot.Text("!")), "a &amp; b &lt;c&gt; *bold* !", slack.MBTSection},
		{"bold with stars", bot.ParaBlock(bot.Strong("a*b*c")), "*a∗b∗c*", slack.MBTSection},
		{"bold on two lines", bot.ParaBlock(bot.Strong("one\ntwo")), "*one*\n*two*", slack.MBTSection},
		{"empty bold", bot.ParaBlock(bot.Strong(" ")), " ", slack.MBTSection},
		{"code with backtick", bot.ParaBlock(bot.Span{Style: bot.Code, Text: "a`b"}), "`aˋb`", slack.MBTSection},
		{"slack mention", bot.ParaBlock(bot.Span{Style: bot.Mention, Text: "Anna", Member: anna}), "<@U0ANNA>", slack.MBTSection},
		{"other platform mention", bot.ParaBlock(bot.Span{Style: bot.Mention, Text: "Marco <3", Member: bot.MemberID{Platform: "telegram", User: "42"}}), "*Marco &lt;3*", slack.MBTSection},
		{"bad slack id", bot.ParaBlock(bot.Span{Style: bot.Mention, Text: "x", Member: bot.MemberID{Platform: Platform, User: "!channel"}}), "*x*", slack.MBTSection},
		{"link", bot.ParaBlock(bot.Span{Style: bot.Link, Text: "site <x>", URL: "https://ex.com/a?b=1&c=|"}), "<https://ex.com/a?b=1&amp;c=%7C|site &lt;x&gt;>", slack.MBTSection},
		{"bare link", bot.ParaBlock(bot.Span{Style: bot.Link, URL: "http://ex.com"}), "<http://ex.com>", slack.MBTSection},
		{"javascript link", bot.ParaBlock(bot.Span{Style: bot.Link, Text: "x", URL: "javascript:alert(1)"}), "x (javascript:alert(1))", slack.MBTSection},
		{"list", bot.Block{Kind: bot.List, Items: [][]bot.Span{{bot.Text("go")}, {bot.Text("<ux>")}}}, "• go\n• &lt;ux&gt;", slack.MBTSection},
		{"header", bot.Block{Kind: bot.Header, Spans: []bot.Span{bot.Text("Events * soon")}}, "*Events ∗ soon*", slack.MBTSection},
		{"context", bot.Block{Kind: bot.Context, Spans: []bot.Span{bot.Text("hint")}}, "hint", slack.MBTContext},
		{"pre", bot.Block{Kind: bot.Pre, Spans: []bot.Span{{Text: "{\"a\": \"```<b>\"}"}}}, "```\n{\"a\": \"ˋˋˋ&lt;b&gt;\"}\n```", slack.MBTSection},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := render(bot.Message{Blocks: []bot.Block{tt.block}})
			if len(r.Blocks) != 1 || r.Blocks[0].BlockType() != tt.kind {
				t.Fatalf("blocks %+v, want one %s", r.Blocks, tt.kind)
			}
			got := slackfake.MrkdwnTexts(t, r.Blocks)
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("mrkdwn %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRenderButtonsAndFallback(t *testing.T) {
	m := bot.Message{
		Blocks:  []bot.Block{bot.ParaBlock(bot.Text("meet "), bot.Span{Style: bot.Mention, Text: "Anna", Member: bot.MemberID{Platform: Platform, User: "U0ANNA"}}, bot.Text(" <!here>"))},
		Buttons: []bot.Button{{Label: "Accept", Command: "intro accept 1", Style: bot.ButtonPrimary}, {Label: "Decline", Command: "intro decline 1", Style: bot.ButtonDanger}, {Label: "Later", Command: "intros"}},
	}
	r := render(m)
	if want := "meet <@U0ANNA> &lt;!here&gt;"; r.Text != want {
		t.Errorf("fallback %q, want %q", r.Text, want)
	}
	act, ok := r.Blocks[len(r.Blocks)-1].(*slack.ActionBlock)
	if !ok || len(act.Elements.ElementSet) != 3 {
		t.Fatalf("last block %#v, want an actions block of 3", r.Blocks[len(r.Blocks)-1])
	}
	var ids []string
	for i, el := range act.Elements.ElementSet {
		b := el.(*slack.ButtonBlockElement)
		ids = append(ids, b.ActionID)
		if b.Value != m.Buttons[i].Command || b.Text.Text != m.Buttons[i].Label {
			t.Errorf("button %d: %+v", i, b)
		}
	}
	if act.Elements.ElementSet[0].(*slack.ButtonBlockElement).Style != slack.StylePrimary || act.Elements.ElementSet[1].(*slack.ButtonBlockElement).Style != slack.StyleDanger || act.Elements.ElementSet[2].(*slack.ButtonBlockElement).Style != "" {
		t.Error("button styles lost")
	}
	if len(slices.Compact(slices.Sorted(slices.Values(ids)))) != 3 {
		t.Errorf("action ids not unique: %q", ids)
	}
}

func TestRenderLimits(t *testing.T) {
	long := strings.Repeat("word & ", 1000) // 7000 bytes, 9000 escaped
	r := render(bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text(long)), {Kind: bot.Pre, Spans: []bot.Span{{Text: strings.Repeat("x\n", 4000)}}}}})
	for _, tx := range slackfake.MrkdwnTexts(t, r.Blocks) {
		if len(tx) > maxSectionText {
			t.Errorf("section of %d characters", len(tx))
		}
		if strings.Contains(tx, "&am") && strings.Count(tx, "&") != strings.Count(tx, "&amp;") {
			t.Errorf("an escape was cut in two")
		}
	}
	var many []bot.Block
	for range 80 {
		many = append(many, bot.ParaBlock(bot.Text("x")))
	}
	if n := len(render(bot.Message{Blocks: many}).Blocks); n != maxBlocks {
		t.Errorf("%d blocks, want at most %d", n, maxBlocks)
	}
	if got := render(bot.Message{Buttons: []bot.Button{{Label: strings.Repeat("é", 100), Command: "x"}}}); utf8Len(got.Blocks[0].(*slack.ActionBlock).Elements.ElementSet[0].(*slack.ButtonBlockElement).Text.Text) > maxButtonLabel {
		t.Error("long label not truncated")
	}
}

func utf8Len(s string) int { return len([]rune(s)) }

// TestFakePressesLikeSlack: slackfake sends presses with an action_id of
// its own (it imports no adapter), which must read as rete's.
func TestFakePressesLikeSlack(t *testing.T) {
	if !strings.HasPrefix(slackfake.ActionID, actionPrefix) {
		t.Errorf("slackfake's action_id %q lacks the adapter's prefix %q", slackfake.ActionID, actionPrefix)
	}
}
