package slack

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestManifest(t *testing.T) {
	type manifest struct {
		Features struct {
			SlashCommands []struct {
				Command      string `json:"command"`
				URL          string `json:"url"`
				ShouldEscape bool   `json:"should_escape"`
			} `json:"slash_commands"`
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
	a, _ := New(Config{BotToken: testToken, Command: "/network"})
	var m manifest
	json.Unmarshal([]byte(a.Manifest("https://x", false)), &m)
	if m.Features.SlashCommands[0].Command != "/network" {
		t.Errorf("the adapter's command is not in its manifest")
	}
}
