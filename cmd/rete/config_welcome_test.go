package main

import (
	"strings"
	"testing"

	"github.com/rete-bot/rete/bot"
)

// The config file sets the welcome per community, as `welcome off` and
// `welcome text` do, and refuses a first line `welcome text` refuses.
func TestConfigSetsTheWelcome(t *testing.T) {
	for _, tt := range []struct {
		name, yaml string
		on         bool
		text, err  string
	}{
		{"default", "communities:\n  - id: a\n", true, "", ""},
		{"off with a line", "communities:\n  - id: a\n    welcome: {enabled: false, text: \"Ciao dal Labbit!\"}\n", false, "Ciao dal Labbit!", ""},
		{"a line too long", "communities:\n  - id: a\n    welcome: {text: \"" + strings.Repeat("x", 201) + "\"}\n", true, "", "welcome.text"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseConfig("test.yaml", []byte(tt.yaml), func(string) string { return "" })
			var comms []bot.Community
			if err == nil {
				comms, err = cfg.communities()
			}
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want one about %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s := comms[0].Settings; s.Welcome != tt.on || s.WelcomeText != tt.text {
				t.Errorf("welcome %v %q, want %v %q", s.Welcome, s.WelcomeText, tt.on, tt.text)
			}
		})
	}
}
