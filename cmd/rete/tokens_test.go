package main

import (
	"strings"
	"testing"
)

func TestTokenFormats(t *testing.T) {
	const tg = "123456789:AAHk3x_Zq-0123456789abcdefghijklmnop"
	tests := []struct {
		name, yaml string
		want       string // in the error; "" for none
		secret     string // must not appear in the error
	}{
		{"slack bot token", "slack: {bot_token: xoxb-1234-5678-abcdef}", "", ""},
		{"slack user token", "slack: {bot_token: xoxp-1234-5678-secretpart}", `slack.bot_token: the token starting "xoxp" is not a bot token starting with xoxb-`, "xoxp-1234-5678-secretpart"},
		{"slack app token as bot token", "slack: {bot_token: xapp-1-A0-secretsecret}", "slack.bot_token", "xapp-1-A0-secretsecret"},
		{"slack bot token with a newline", "slack: {bot_token: \"xoxb-1234-5678\\n\"}", "slack.bot_token: the token starting \"xoxb\" has a space or line break", "xoxb-1234-5678"},
		{"slack bare prefix", "slack: {bot_token: xoxb-}", "slack.bot_token", ""},
		{"slack literal env name", "slack: {bot_token: $SLACK_BOT_TOKEN}", `starting "$SLA"`, "SLACK_BOT_TOKEN"},
		{"short junk is not shown", "slack: {bot_token: hunter2}", "slack.bot_token: the token is not", "hunter2"},
		{"slack app token", "slack: {bot_token: xoxb-1-2-3, app_token: xapp-1-A0-123-abc}", "", ""},
		{"slack bot token as app token", "slack: {bot_token: xoxb-1-2-3, app_token: xoxb-1-2-3-secret}", `slack.app_token: the token starting "xoxb" is not an app-level token starting with xapp-`, "xoxb-1-2-3-secret"},
		{"telegram token", "telegram: {bot_token: \"" + tg + "\"}", "", ""},
		{"telegram without id", "telegram: {bot_token: \"AAHk3x_Zq-0123456789abcdefghijklmnop\"}", "telegram.bot_token", "AAHk3x_Zq-0123456789abcdefghijklmnop"},
		{"telegram short secret", "telegram: {bot_token: \"123456:ABC-DEF1234\"}", "telegram.bot_token: the token starting \"1234\" is not BotFather's token", "123456:ABC-DEF1234"},
		{"telegram bad character", "telegram: {bot_token: \"" + tg + "!\"}", "telegram.bot_token", tg},
		{"discord token", "discord: {bot_token: MTA1.Gx7.abc_def}", "", ""},
		{"discord token with a space", "discord: {bot_token: \"Bot MTA1.Gx7.abc_def\"}", "discord.bot_token: the token starting \"Bot \" has a space", "MTA1.Gx7.abc_def"},
		{"empty tokens leave platforms off", "slack: {bot_token: \"\"}\ntelegram: {bot_token: \"\"}", "", ""},
		{"bad slack command", "slack: {command: rete}", `slack.command: slash command "rete"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig("test.yaml", []byte(tt.yaml+"\n"), func(string) string { return "" })
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error %v, want …%s…", err, tt.want)
			case tt.secret != "" && strings.Contains(err.Error(), tt.secret):
				t.Errorf("the error shows the token: %v", err)
			}
		})
	}
}
