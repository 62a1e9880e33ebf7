package slack

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/rete-bot/rete/bot"
)

// Fuzz targets of what Slack sends (slash command forms, interaction
// payloads, Events API bodies) and of what rete renders for it: no input
// may panic, and a rendered message keeps Slack's limits. `go test` runs
// the seeds; scripts/fuzz searches further.

func FuzzSlashCommand(f *testing.F) {
	for _, text := range []string{"help", "intro <@U123|ana> because", "find <#C1|general> &amp; go", "<!here> <https://x.y|x>", "<@", "&lt;&gt;", ""} {
		f.Add(url.Values{"team_id": {"T1"}, "user_id": {"U1"}, "user_name": {"ana"}, "command": {"/rete"}, "text": {text}}.Encode())
	}
	f.Add("text=%ZZ&&=")
	a, err := New(Config{BotToken: "xoxb-fuzz"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		sc, err := slack.SlashCommandParse(r)
		if err != nil {
			return
		}
		req := a.commandRequest(sc)
		if strings.TrimSpace(req.Text) != req.Text {
			t.Fatalf("%q: untrimmed text %q", body, req.Text)
		}
	})
}

func FuzzInteraction(f *testing.F) {
	for _, p := range []string{
		`{"type":"block_actions","team":{"id":"T1"},"user":{"id":"U1","name":"ana"},"trigger_id":"1.2","actions":[{"action_id":"rete:0","value":"rsvp 1 yes"}]}`,
		`{"type":"view_submission","team":{"id":"T1"},"user":{"id":"U1"},"view":{"callback_id":"rete-announce","state":{"values":{}}}}`,
		`{"type":"block_actions"}`, `{}`, `[]`, `null`,
	} {
		f.Add(p)
	}
	// The recorded payloads of testdata/corpus too.
	files, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.json"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil && !strings.HasSuffix(name, "HEADERS.json") {
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, payload string) {
		r := httptest.NewRequest(http.MethodPost, "/slack/interactions", strings.NewReader(url.Values{"payload": {payload}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		ic, err := slack.InteractionCallbackParse(r)
		if err != nil {
			return
		}
		_ = isAnnounceSubmission(ic)
		_, _ = interactionUser(ic)
	})
}

func FuzzEventsBody(f *testing.F) {
	for _, b := range []string{`{"type":"url_verification","challenge":"abc"}`,
		`{"type":"event_callback","event_id":"E1","team_id":"T1","event":{"type":"team_join","user":{"id":"U1"}}}`,
		`{"type":"event_callback","event":{"type":"member_joined_channel","user":"U1","channel":"C1"}}`, `{"event":{"user":1}}`} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var env eventEnvelope
		_ = json.Unmarshal([]byte(body), &env)
	})
}

func FuzzRender(f *testing.F) {
	f.Add("hello *world* <@U1> & `code`", "https://example.org/a?b=c", uint8(0), uint8(0))
	f.Add(strings.Repeat("é~_*", 1200), "javascript:alert(1)", uint8(2), uint8(1))
	f.Add("<!everyone>\n\n", "", uint8(1), uint8(3))
	f.Fuzz(func(t *testing.T, text, link string, style, kind uint8) {
		m := fuzzMessage(text, link, style, kind)
		r := render(m)
		if utf8.ValidString(text+link) && !utf8.ValidString(r.Text) { // JSON encoding mends invalid input
			t.Fatalf("render(%q): invalid UTF-8 fallback", text)
		}
		if _, err := json.Marshal(r.Blocks); err != nil {
			t.Fatalf("render(%q): blocks do not encode: %v", text, err)
		}
		for _, part := range split(m) {
			_ = render(part)
		}
	})
}

// fuzzMessage is a message of three blocks of the given kind and span
// style, made of text, with link as its link and a mention.
func fuzzMessage(text, link string, style, kind uint8) bot.Message {
	sp := bot.Span{Style: bot.Style(style % 5), Text: text, URL: link, Member: bot.MemberID{Platform: Platform, Space: "T1", User: text}}
	b := bot.Block{Kind: bot.BlockKind(kind % 4), Spans: []bot.Span{sp, {Text: text}}, Items: [][]bot.Span{{sp}, {{Text: link}}}}
	return bot.Message{Blocks: []bot.Block{b, b, {Kind: bot.Para, Spans: []bot.Span{sp}}},
		Buttons: []bot.Button{{Label: text, Command: "rsvp 1 yes"}, {Label: "x", URL: link}}}
}
