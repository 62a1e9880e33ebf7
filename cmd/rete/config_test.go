package main

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func TestExampleConfig(t *testing.T) {
	data, err := os.ReadFile("../../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "TELEGRAM_WEBHOOK_SECRET": "s3cret"}
	cfg, err := parseConfig("config.example.yaml", data, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Slack.BotToken != "xoxb-1" || cfg.Telegram.WebhookSecret != "s3cret" || cfg.Discord.BotToken != "" {
		t.Errorf("env expansion: %+v %+v", cfg.Slack, cfg.Telegram)
	}
	comms, err := cfg.communities()
	if err != nil {
		t.Fatal(err)
	}
	c := comms[0]
	if c.ID != "labbit" || c.Settings.Language != "it" || c.Settings.Every != "1w" || c.Settings.IntroExpireAfter != 168*time.Hour || len(c.Spaces) != 4 || c.Spaces[2].GroupChannel != "9012" {
		t.Errorf("community: %+v", c)
	}
}

func TestDefaultConfig(t *testing.T) {
	cfg, err := loadConfig("")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DataDir != "./rete-data" || !cfg.Console.Enabled || len(cfg.Communities) != 1 {
		t.Errorf("defaults: %+v", cfg)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"unknown top key", "data_dir: x\nfoo: 1\n", `line 2: unknown key "foo"`},
		{"unknown nested key", "http:\n  listen: x\n  port: 9\n", `line 3: unknown key "http.port"`},
		{"unknown community key", "communities:\n  - id: a\n    nmae: A\n", `line 3: unknown key "communities[0].nmae"`},
		{"unknown space key", "communities:\n  - id: a\n    spaces:\n      - {platform: slack, teams: T1}\n", `line 4: unknown key "communities[0].spaces[0].teams"`},
		{"bad yaml", "http: [\n", "test.yaml:"},
		{"bad type", "http:\n  listen: [1]\n", "line 2"},
		{"bad log level", "log: {level: loud}\n", `log.level "loud": want debug, info, warn or error`},
		{"missing id", "communities:\n  - name: A\n", "communities[0]: id is missing"},
		{"bad id", "communities:\n  - id: Big Group\n", `community id "Big Group"`},
		{"bad zone", "communities:\n  - id: a\n    timezone: Mars/Olympus\n", `community "a": timezone: unknown time zone "Mars/Olympus"`},
		{"bad schedule", "communities:\n  - id: a\n    pairing: {schedule: \"every monday\"}\n", "want 5 fields"},
		{"schedule that never fires", "communities:\n  - id: a\n    pairing: {schedule: \"0 0 31 2 *\"}\n", `schedule "0 0 31 2 *" never fires: February has no 31st`},
		{"schedule on 30 February", "communities:\n  - id: a\n    pairing: {schedule: \"0 0 30 2 *\"}\n", "never fires: February has no 30th"},
		{"length that overflows", "communities:\n  - id: a\n    pairing: {followup_after: 281474976710657d}\n", `pairing.followup_after: "281474976710657d" is out of range; want a length from 1 hour to 6 days`},
		{"negative length", "communities:\n  - id: a\n    events: {remind_before: -1h}\n", "want a length from 1 hour to 1 week"},
		{"bad group size", "communities:\n  - id: a\n    pairing: {group_size: 7}\n", "pairing.group_size"},
		{"bad cadence", "communities:\n  - id: a\n    pairing: {every: fortnightly}\n", `pairing.every: bad cadence "fortnightly"`},
		{"bad moderator", "communities:\n  - id: a\n    moderators: [U0123]\n", `moderator "U0123": want platform:user`},
		{"wrong space key", "communities:\n  - id: a\n    spaces: [{platform: slack, chat: T1}]\n", "slack space: use team, not chat"},
		{"missing space id", "communities:\n  - id: a\n    spaces: [{platform: discord}]\n", "discord space: guild is missing"},
		{"unknown platform", "communities:\n  - id: a\n    spaces: [{platform: irc, id: x}]\n", `platform "irc"`},
		{"shared space", "communities:\n  - id: a\n    spaces: [{platform: slack, team: T1}]\n  - id: b\n    spaces: [{platform: slack, team: T1}]\n", `space slack T1 is in communities "a" and "b"`},
		{"duplicate community", "communities:\n  - id: a\n  - id: a\n", `community "a" is listed twice`},
		{"bad telegram mode", "telegram: {mode: push}\n", `telegram.mode "push"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig("test.yaml", []byte(tt.yaml), func(string) string { return "" })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want …%s…", err, tt.want)
			}
		})
	}
}

func TestEnvExpansionKeepsOtherDollars(t *testing.T) {
	cfg, err := parseConfig("t", []byte("slack: {signing_secret: \"${TOK}\"}\ntelegram: {webhook_secret: \"a$b${X\"}\n"), func(k string) string {
		if k == "TOK" {
			return "x: y #z"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Slack.SigningSecret != "x: y #z" || cfg.Telegram.WebhookSecret != "a$b${X" {
		t.Errorf("got %q %q", cfg.Slack.SigningSecret, cfg.Telegram.WebhookSecret)
	}
}

// TestExampleDocumentsEveryKey checks that config.example.yaml sets every
// key the Config struct reads.
func TestExampleDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile("../../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := strings.TrimPrefix(path+"."+n.Content[i].Value, ".")
				seen[k] = true
				walk(n.Content[i+1], k)
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, path+"[]")
			}
		}
	}
	walk(root.Content[0], "")
	var check func(tp reflect.Type, path string)
	check = func(tp reflect.Type, path string) {
		for i := range tp.NumField() {
			f := tp.Field(i)
			if !f.IsExported() || f.Tag.Get("deprecated") != "" {
				continue // not a key, or an old name kept for old files
			}
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			k := strings.TrimPrefix(path+"."+name, ".")
			if !seen[k] {
				t.Errorf("config.example.yaml does not show %s", k)
			}
			ft := f.Type
			if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct {
				check(ft.Elem(), k+"[]")
			} else if ft.Kind() == reflect.Struct {
				check(ft, k)
			}
		}
	}
	check(reflect.TypeFor[Config](), "")
}

func TestCheckServe(t *testing.T) {
	tests := []struct {
		s    SlackConfig
		want string
	}{
		{SlackConfig{}, ""},
		{SlackConfig{BotToken: "x", SigningSecret: "s"}, ""},
		{SlackConfig{BotToken: "x", AppToken: "a"}, ""},
		{SlackConfig{BotToken: "x"}, "never receive commands"},
		{SlackConfig{SigningSecret: "s"}, "bot_token is empty"},
	}
	for _, tt := range tests {
		err := (&Config{Slack: tt.s}).checkServe()
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%+v: %v, want %q", tt.s, err, tt.want)
		}
	}
}

func TestCheckServeDiscord(t *testing.T) {
	tests := []struct {
		d    DiscordConfig
		want string
	}{
		{DiscordConfig{}, ""},
		{DiscordConfig{BotToken: "x", ApplicationID: "1"}, ""},
		{DiscordConfig{BotToken: "x"}, "application_id is empty"},
		{DiscordConfig{PublicKey: "ab"}, "bot_token is empty"},
	}
	for _, tt := range tests {
		err := (&Config{Discord: tt.d}).checkServe()
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%+v: %v, want %q", tt.d, err, tt.want)
		}
	}
}

// TestDiscordInvite: the invite asks for the bot and its commands with
// View Channels, Send Messages, Send Messages in Threads and Create
// Private Threads, and nothing more.
func TestDiscordInvite(t *testing.T) {
	out, _, err := runRete(t, "", "discord-invite", "--app-id", "1380486651436073092")
	if err != nil {
		t.Fatal(err)
	}
	want := "https://discord.com/oauth2/authorize?client_id=1380486651436073092&scope=bot+applications.commands&permissions=343597386752\n"
	if out != want {
		t.Errorf("invite %q, want %q", out, want)
	}
	if _, _, err := runRete(t, "", "discord-invite"); !errors.Is(err, errUsage) {
		t.Errorf("without an app id: %v, want a usage error", err)
	}
}

// TestConfigReadsZonesAndLengthsLikeTheBot: the config file goes through
// the bot's readers, so it accepts what `config` and `tz` accept.
func TestConfigReadsZonesAndLengthsLikeTheBot(t *testing.T) {
	yml := "communities:\n  - id: a\n    timezone: europe/rome\n    pairing: {followup_after: 2d12h, schedule: \"0 9 29 2 *\"}\n    intros: {expire_after: 2w}\n"
	cfg, err := parseConfig("t", []byte(yml), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	comms, err := cfg.communities()
	if err != nil {
		t.Fatal(err)
	}
	s := comms[0].Settings
	if s.Timezone != "Europe/Rome" || s.FollowupAfter != 60*time.Hour || s.IntroExpireAfter != 14*24*time.Hour {
		t.Errorf("settings %+v", s)
	}
}

// TestIntroChannelIsGroupChannelsOldName: old files that say
// intro_channel still load, as group_channel, with a warning; a file that
// gives both names different values is refused.
func TestIntroChannelIsGroupChannelsOldName(t *testing.T) {
	for _, tt := range []struct {
		name, space string
		want        string // group channel; "" for a refused file
		warned      bool
	}{
		{"new name", `group_channel: "9"`, "9", false},
		{"old name", `intro_channel: "9"`, "9", true},
		{"both, agreeing", `group_channel: "9", intro_channel: "9"`, "9", true},
		{"both, disagreeing", `group_channel: "9", intro_channel: "8"`, "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			yaml := "communities:\n  - id: a\n    spaces: [{platform: discord, guild: \"1\", " + tt.space + "}]\n"
			cfg, err := parseConfig("c.yaml", []byte(yaml), func(string) string { return "" })
			if tt.want == "" {
				if err == nil {
					t.Fatal("a file with two different group channels loaded")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			comms, err := cfg.communities()
			if err != nil {
				t.Fatal(err)
			}
			if got := comms[0].Spaces[0].GroupChannel; got != tt.want {
				t.Errorf("group channel %q, want %q", got, tt.want)
			}
			if warned := len(cfg.warnings) > 0; warned != tt.warned || (warned && !strings.Contains(cfg.warnings[0], "group_channel")) {
				t.Errorf("warnings %q, want a warning: %v", cfg.warnings, tt.warned)
			}
		})
	}
}

// TestPlatformLimits: rate_limit and rate_limit_per_chat set a platform's
// outbox limits; unset, each platform has its defaults.
func TestPlatformLimits(t *testing.T) {
	cfg, err := parseConfig("c.yaml", []byte("slack:\n  rate_limit: 2\n  rate_limit_per_chat: 0.5\n"), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		platform      string
		rate, perChat float64
	}{
		{"slack", 2, 0.5},
		{"telegram", 30, 1},
		{"discord", 22, 1},
		{"console", 50, 0},
	} {
		got := cfg.platformLimit(tc.platform)
		if got.Rate != tc.rate || got.PerDestination != tc.perChat {
			t.Errorf("%s: %+v, want %v overall and %v per chat", tc.platform, got, tc.rate, tc.perChat)
		}
	}
}

// TestTelegramSpaceAnnouncesInItsGroup: a Telegram space without
// announce_channel posts events to its own group; Telegram's outbox sends
// no bursts (Telegram counts each second).
func TestTelegramSpaceAnnouncesInItsGroup(t *testing.T) {
	for _, tt := range []struct{ announce, want string }{{"", "-100123"}, {"-100999", "-100999"}} {
		s, err := SpaceConfig{Platform: "telegram", Chat: "-100123", AnnounceChannel: tt.announce}.space()
		if err != nil {
			t.Fatal(err)
		}
		if s.AnnounceChannel != tt.want {
			t.Errorf("announce_channel %q: posts go to %q, want %q", tt.announce, s.AnnounceChannel, tt.want)
		}
	}
	if l := (&Config{}).platformLimit("telegram"); l.Burst != 1 || l.PerChannel != 20.0/60 {
		t.Errorf("telegram limit %+v, want no burst and 20 a minute in a group", l)
	}
}
