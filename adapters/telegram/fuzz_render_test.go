package telegram

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rete-bot/rete/adapters/telegram/telegramfake"
	"github.com/rete-bot/rete/bot"
)

// FuzzRender splits and renders any text in any style: no panic, each
// part within Telegram's length limit once parsed, and valid UTF-8 out. `go test` runs the seeds; scripts/fuzz
// searches further.
func FuzzRender(f *testing.F) {
	f.Add("hello <b>world</b> & @ana", "https://example.org/a?b=c", uint8(0), uint8(0))
	f.Add(strings.Repeat("é<&>", 1500), "javascript:alert(1)", uint8(2), uint8(1))
	f.Add("\n\n", "", uint8(3), uint8(3))
	fake := telegramfake.New(f)
	a, err := New(Config{BotToken: telegramfake.BotToken, APIURL: fake.URL()})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, link string, style, kind uint8) {
		sp := bot.Span{Style: bot.Style(style % 5), Text: text, URL: link, Member: bot.MemberID{Platform: Platform, Space: "-1", User: "42"}}
		b := bot.Block{Kind: bot.BlockKind(kind % 4), Spans: []bot.Span{sp, {Text: text}}, Items: [][]bot.Span{{sp}, {{Text: link}}}}
		m := bot.Message{Blocks: []bot.Block{b, b}, Buttons: []bot.Button{{Label: text, Command: "rsvp 1 yes"}}}
		for _, part := range a.split(m) {
			r := render(part, func(string) string { return "ana" })
			if utf8.Valid([]byte(text+link)) && !utf8.ValidString(r.text) {
				t.Fatalf("render(%.80q): invalid UTF-8", text)
			}
			if n := utf8.RuneCountInString(parsedText(r.text)); n > maxText {
				t.Fatalf("render(%.80q): a part of %d characters, over Telegram's %d", text, n, maxText)
			}
		}
	})
}

// tag is an HTML tag of rete's own (member text is escaped).
var tag = regexp.MustCompile(`<[^>]*>`)

// parsedText is what Telegram counts of an HTML text: the text without its
// tags, entities decoded.
func parsedText(s string) string { return html.UnescapeString(tag.ReplaceAllString(s, "")) }
