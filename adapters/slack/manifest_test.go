package slack

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/rete-bot/rete/adapters/slack/slackfake"
)

func TestManifest(t *testing.T) {
	type manifest struct {
		Features struct {
			SlashCommands []struct {
				Command      string `json:"command"`
				URL          string `json:"url"`
				ShouldEscape bool   `json:"should_escape"`
			} `json:"slash_commands"`
			AppHome struct {
				Home     bool `json:"home_tab_enabled"`
				Messages bool `json:"messages_tab_enabled"`
			} `json:"app_home"`
		} `json:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `json:"bot"`
			} `json:"scopes"`
		} `json:"oauth_config"`
		Settings struct {
			Events struct {
				URL    string   `json:"request_url"`
				Events []string `json:"bot_events"`
			} `json:"event_subscriptions"`
			Interactivity struct {
				Enabled bool   `json:"is_enabled"`
				URL     string `json:"request_url"`
			} `json:"interactivity"`
			SocketMode bool `json:"socket_mode_enabled"`
		} `json:"settings"`
	}
	for _, socket := range []bool{false, true} {
		var m manifest
		if err := json.Unmarshal([]byte(Manifest("https://rete.example.com/", socket)), &m); err != nil {
			t.Fatal(err)
		}
		sc := m.Features.SlashCommands
		if len(sc) != 1 || sc[0].Command != "/rete" || !sc[0].ShouldEscape {
			t.Errorf("slash commands %+v", sc)
		}
		for _, s := range []string{"commands", "chat:write", "im:write", "mpim:write", "users:read", "channels:read"} {
			if !slices.Contains(m.OAuth.Scopes.Bot, s) {
				t.Errorf("scope %s missing", s)
			}
		}
		// The Home tab: enabled, and published when opened.
		if !m.Features.AppHome.Home || !m.Features.AppHome.Messages || !slices.Contains(m.Settings.Events.Events, "app_home_opened") {
			t.Errorf("app home %+v, events %v", m.Features.AppHome, m.Settings.Events.Events)
		}
		if m.Settings.SocketMode != socket || !m.Settings.Interactivity.Enabled {
			t.Errorf("settings %+v", m.Settings)
		}
		wantURL := func(path string) string {
			if socket {
				return ""
			}
			return "https://rete.example.com" + path
		}
		if sc[0].URL != wantURL("/slack/commands") || m.Settings.Events.URL != wantURL("/slack/events") || m.Settings.Interactivity.URL != wantURL("/slack/interactions") {
			t.Errorf("socket=%v: urls %q %q %q", socket, sc[0].URL, m.Settings.Events.URL, m.Settings.Interactivity.URL)
		}
	}
	a, _ := New(Config{BotToken: slackfake.BotToken, Command: "/network"})
	var m manifest
	json.Unmarshal([]byte(a.Manifest("https://x", false)), &m)
	if m.Features.SlashCommands[0].Command != "/network" {
		t.Errorf("the adapter's command is not in its manifest")
	}
}

func TestCheckCommand(t *testing.T) {
	tests := []struct {
		cmd string
		ok  bool
	}{
		{"/rete", true},
		{"/rete-bot_2", true},
		{"/" + strings.Repeat("a", 31), true},
		{"/" + strings.Repeat("a", 32), false},
		{"rete", false},
		{"/", false},
		{"", false},
		{"/rete bot", false},
		{"/rete\n", false},
		{"/Rete", false},
		{"/rete/x", false},
	}
	for _, tt := range tests {
		if err := CheckCommand(tt.cmd); (err == nil) != tt.ok {
			t.Errorf("CheckCommand(%q) = %v, want ok %v", tt.cmd, err, tt.ok)
		}
	}
}

func TestCheckPublicURL(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://rete.example.com", true},
		{"https://rete.example.com/", true},
		{"https://example.com:8443/rete", true},
		{"http://rete.example.com", false},
		{"ftp://rete.example.com", false},
		{"rete.example.com", false},
		{"//rete.example.com", false},
		{"https://", false},
		{"https:///path", false},
		{"https://:443", false},
		{"", false},
		{"https://x.com/?a=b", false},
		{"https://x.com/#f", false},
		{"https://u:p@x.com", false},
		{"https://x.com/%zz", false},
	}
	for _, tt := range tests {
		if err := CheckPublicURL(tt.url); (err == nil) != tt.ok {
			t.Errorf("CheckPublicURL(%q) = %v, want ok %v", tt.url, err, tt.ok)
		}
	}
}
