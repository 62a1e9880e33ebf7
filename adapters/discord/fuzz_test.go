package discord

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/rete-bot/rete/bot"
)

// Fuzz targets of what Discord sends (interactions) and of what rete
// renders for it: no input may panic, and a rendered message keeps
// Discord's limits and pings no one it should not. `go test` runs the
// seeds; scripts/fuzz searches further.

func FuzzInteraction(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "interaction.*.json"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"type":2,"data":{"name":"offer","options":[{"type":1,"name":"add","options":[{"type":3,"name":"skills","value":"go"}]}]}}`))
	f.Add([]byte(`{"type":2,"data":{"name":"intro","options":[{"type":6,"name":"member","value":123}]}}`))
	f.Add([]byte(`{"type":3,"data":{"custom_id":"rete:rsvp 1 yes"},"member":{"user":{"id":"1"},"permissions":"8"}}`))
	a, err := New(Config{BotToken: "fuzz", ApplicationID: "1"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var i discordgo.Interaction
		if err := json.Unmarshal(body, &i); err != nil {
			return
		}
		req := a.request(&i)
		if req.Platform != Platform {
			t.Fatalf("request from %q", req.Platform)
		}
		if i.Type == discordgo.InteractionApplicationCommand {
			tc, line := typed(i.ApplicationCommandData())
			if tc == nil || !utf8.ValidString(line) && utf8.Valid(body) {
				t.Fatalf("typed(%s) = %v, %q", body, tc, line)
			}
		}
	})
}

func FuzzRender(f *testing.F) {
	f.Add("hello **world** @everyone `code`", "https://example.org/a?b=c", uint8(0), uint8(0))
	f.Add(strings.Repeat("é~_*", 1200), "javascript:alert(1)", uint8(2), uint8(1))
	f.Add("@here\n\n<@&123>", "", uint8(3), uint8(3))
	f.Fuzz(func(t *testing.T, text, link string, style, kind uint8) {
		sp := bot.Span{Style: bot.Style(style % 5), Text: text, URL: link, Member: bot.MemberID{Platform: Platform, Space: "1", User: "42"}}
		b := bot.Block{Kind: bot.BlockKind(kind % 4), Spans: []bot.Span{sp, {Text: text}}, Items: [][]bot.Span{{sp}, {{Text: link}}}}
		m := bot.Message{Blocks: []bot.Block{b, b}, Buttons: []bot.Button{{Label: text, Command: "rsvp 1 yes"}}}
		r := render(m, nil)
		if utf8.RuneCountInString(r.Content) > maxContent {
			t.Fatalf("render(%q): %d characters, over Discord's %d", text, utf8.RuneCountInString(r.Content), maxContent)
		}
		if len(r.Mentions.Parse) != 0 {
			t.Fatalf("render(%q) lets Discord parse mentions: %v", text, r.Mentions.Parse)
		}
		for _, u := range r.Mentions.Users {
			if u != "42" {
				t.Fatalf("render(%q) may ping %q", text, u)
			}
		}
	})
}
