package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestServeSaysWhatItServes(t *testing.T) {
	const tg = "123456789:AAHk3x_Zq-0123456789abcdefghijklmnop"
	// A Bot API that answers getMe, which the Telegram adapter calls at start.
	botAPI := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"rete","username":"rete_bot"}}`))
	}))
	defer botAPI.Close()
	tests := []struct {
		name, yaml string
		want       []string // in the log
		not        []string // never in the log
	}{
		{
			name: "telegram space without a token",
			yaml: "console: {enabled: true}\ncommunities:\n  - id: a\n    spaces: [{platform: console, id: local}, {platform: telegram, chat: \"-100\"}]\n",
			want: []string{`adapters="console (stdin)"`, `community=a spaces="console:local, telegram:-100"`,
				"telegram: 1 space configured but no bot_token; those spaces get no messages"},
			not: []string{"slack:", "discord:", "no adapter enabled"},
		},
		{
			name: "slack over HTTP and Socket Mode, two slack spaces",
			yaml: "slack: {bot_token: xoxb-1-2-3, signing_secret: s, app_token: xapp-1-2}\ncommunities:\n  - id: a\n    spaces: [{platform: slack, team: T1}]\n  - id: b\n    spaces: [{platform: slack, team: T2}, {platform: discord, guild: \"9\"}, {platform: discord, guild: \"8\"}]\n",
			want: []string{`adapters="slack over HTTP (/slack/…), slack Socket Mode"`, "community=a spaces=slack:T1",
				"discord: 2 spaces configured but no bot_token"},
			not: []string{"slack: 1 space", "console (stdin)", "xoxb-1-2-3", "xapp-1-2"},
		},
		{
			name: "telegram by long polling",
			yaml: "telegram: {bot_token: \"" + tg + "\", api_url: \"" + botAPI.URL + "\"}\ncommunities:\n  - id: a\n    spaces: [{platform: telegram, chat: \"-100\"}]\n",
			want: []string{`adapters="telegram long polling"`, "community=a spaces=telegram:-100"},
			not:  []string{"no bot_token", "no adapter enabled", tg},
		},
		{
			name: "console space with the console off",
			yaml: "console: {enabled: false}\ncommunities:\n  - id: a\n    spaces: [{platform: console, id: local}]\n",
			want: []string{"console: 1 space configured but console.enabled is false"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseConfig("test.yaml", []byte(tt.yaml), func(string) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			cfg.DataDir = t.TempDir()
			var log bytes.Buffer
			a, err := newApp(env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &log}, cfg, cfg.Console.Enabled, true)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			a.logServing()
			got := log.String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("log lacks %q:\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("log has %q:\n%s", n, got)
				}
			}
		})
	}
}
