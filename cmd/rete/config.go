package main

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/rete-bot/rete/bot"
)

// defaultConfig is the configuration `rete` runs on without a config file.
//
//go:embed defaults.yaml
var defaultConfig []byte

// Config is the operator's configuration file. config.example.yaml
// documents every key.
type Config struct {
	DataDir     string            `yaml:"data_dir"`
	HTTP        HTTPConfig        `yaml:"http"`
	Log         LogConfig         `yaml:"log"`
	Console     ConsoleConfig     `yaml:"console"`
	Communities []CommunityConfig `yaml:"communities"`
	Slack       SlackConfig       `yaml:"slack"`
	Discord     DiscordConfig     `yaml:"discord"`
	Telegram    TelegramConfig    `yaml:"telegram"`
	Backup      BackupConfig      `yaml:"backup"`
	Limits      LimitsConfig      `yaml:"limits"`

	warnings []string // about the file, for the log: deprecated keys
}

// LimitsConfig bounds what one member can make rete do.
type LimitsConfig struct {
	// CommandsPerMinute is how many commands one member may send a minute
	// under `rete serve` (0: bot.DefaultCommandsPerMinute). The console of
	// `rete console` is the operator's terminal and has no limit.
	CommandsPerMinute int `yaml:"commands_per_minute"`
}

// HTTPConfig configures the HTTP server (webhooks, health, metrics).
type HTTPConfig struct {
	Listen string `yaml:"listen"`
	// PublicURL is the base URL the server is reached at from outside
	// ("https://rete.example.org"), for links to event calendar files
	// (GET /events/COMMUNITY-ID-KEY.ics); empty: messages carry no such links.
	PublicURL string `yaml:"public_url"`
}

// LogConfig configures logging.
type LogConfig struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // text or json
}

// ConsoleConfig configures the terminal adapter under `rete serve`.
type ConsoleConfig struct {
	Enabled bool `yaml:"enabled"`
}

// CommunityConfig is one community.
type CommunityConfig struct {
	ID         string        `yaml:"id"`
	Name       string        `yaml:"name"`
	Language   string        `yaml:"language"`
	Timezone   string        `yaml:"timezone"`
	Moderators []string      `yaml:"moderators"`
	Pairing    PairingConfig `yaml:"pairing"`
	Intros     IntrosConfig  `yaml:"intros"`
	Events     EventsConfig  `yaml:"events"`
	Digest     DigestConfig  `yaml:"digest"`
	Welcome    WelcomeConfig `yaml:"welcome"`
	Spaces     []SpaceConfig `yaml:"spaces"`
}

// PairingConfig configures weekly rounds.
type PairingConfig struct {
	Schedule         string   `yaml:"schedule"`
	Every            string   `yaml:"every"`
	GroupSize        int      `yaml:"group_size"`
	FollowupAfter    string   `yaml:"followup_after"`
	Skip             []string `yaml:"skip"`
	AvoidSameCompany bool     `yaml:"avoid_same_company"`
	SamePlatform     string   `yaml:"same_platform"`
}

// IntrosConfig configures introductions.
type IntrosConfig struct {
	MaxPending       int    `yaml:"max_pending"`
	PerWeek          int    `yaml:"per_week"`
	MaxPendingTarget int    `yaml:"max_pending_target"`
	ExpireAfter      string `yaml:"expire_after"`
}

// EventsConfig configures events.
type EventsConfig struct {
	RemindBefore string `yaml:"remind_before"`
}

// WelcomeConfig configures the welcome newcomers get.
type WelcomeConfig struct {
	Enabled *bool  `yaml:"enabled"` // default true
	Text    string `yaml:"text"`    // the first line; "" for rete's own
}

// DigestConfig configures the weekly digest.
type DigestConfig struct {
	Enabled  *bool  `yaml:"enabled"`  // default true
	Schedule string `yaml:"schedule"` // "round" (default) or a cron line
}

// SpaceConfig is a community's presence on a platform. The id key depends
// on the platform: team (Slack), guild (Discord), chat (Telegram), id (console).
type SpaceConfig struct {
	Platform        string `yaml:"platform"`
	Team            string `yaml:"team"`
	Guild           string `yaml:"guild"`
	Chat            string `yaml:"chat"`
	ID              string `yaml:"id"`
	AnnounceChannel string `yaml:"announce_channel"`
	GroupChannel    string `yaml:"group_channel"`
	// IntroChannel is group_channel's old name, still read.
	IntroChannel string `yaml:"intro_channel" deprecated:"group_channel"`
}

// SlackConfig configures the Slack adapter.
type SlackConfig struct {
	BotToken      string  `yaml:"bot_token"`
	SigningSecret string  `yaml:"signing_secret"`
	AppToken      string  `yaml:"app_token"`
	Command       string  `yaml:"command"`
	APIURL        string  `yaml:"api_url"`
	RateLimit     float64 `yaml:"rate_limit"` // outbox messages per second (0: the platform default)
	// RateLimitPerChat is outbox messages per second to one channel, DM
	// or group (0: the platform default).
	RateLimitPerChat float64 `yaml:"rate_limit_per_chat"`
}

// DiscordConfig configures the Discord adapter.
type DiscordConfig struct {
	BotToken      string  `yaml:"bot_token"`
	ApplicationID string  `yaml:"application_id"`
	PublicKey     string  `yaml:"public_key"`
	APIURL        string  `yaml:"api_url"`
	RateLimit     float64 `yaml:"rate_limit"` // outbox messages per second (0: the platform default)
	// RateLimitPerChat is outbox messages per second to one channel, DM
	// or group (0: the platform default).
	RateLimitPerChat float64 `yaml:"rate_limit_per_chat"`
	// MembersIntent: the Developer Portal grants the Server Members
	// intent, so rete hears who joins and welcomes them at once.
	MembersIntent bool `yaml:"members_intent"`
}

// TelegramConfig configures the Telegram adapter.
type TelegramConfig struct {
	BotToken      string  `yaml:"bot_token"`
	Mode          string  `yaml:"mode"` // polling or webhook
	WebhookURL    string  `yaml:"webhook_url"`
	WebhookSecret string  `yaml:"webhook_secret"`
	APIURL        string  `yaml:"api_url"`
	RateLimit     float64 `yaml:"rate_limit"` // outbox messages per second (0: the platform default)
	// RateLimitPerChat is outbox messages per second to one channel, DM
	// or group (0: the platform default).
	RateLimitPerChat float64 `yaml:"rate_limit_per_chat"`
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// parseConfig reads YAML: ${VAR} in values is replaced from getenv,
// unknown keys are refused with their line, and the result is checked.
// name is the file name errors start with.
func parseConfig(name string, data []byte, getenv func(string) string) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	cfg := &Config{}
	if len(root.Content) > 0 {
		if err := checkKeys(root.Content[0], reflect.TypeFor[Config](), ""); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		expandEnv(&root, getenv)
		if err := root.Decode(cfg); err != nil {
			return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n  "))
		}
	}
	if err := cfg.renameDeprecated(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	cfg.applyDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return cfg, nil
}

// renameDeprecated moves values given under a key's old name to the new
// one, and notes a warning for each, for the log: old config files keep
// working while their operators learn the new name.
func (c *Config) renameDeprecated() error {
	for i := range c.Communities {
		for j := range c.Communities[i].Spaces {
			sc := &c.Communities[i].Spaces[j]
			if sc.IntroChannel == "" {
				continue
			}
			where := fmt.Sprintf("communities[%d].spaces[%d]", i, j)
			if sc.GroupChannel != "" && sc.GroupChannel != sc.IntroChannel {
				return fmt.Errorf("%s: intro_channel %q and group_channel %q disagree; keep group_channel (intro_channel is its old name)", where, sc.IntroChannel, sc.GroupChannel)
			}
			sc.GroupChannel, sc.IntroChannel = sc.IntroChannel, ""
			c.warnings = append(c.warnings, where+": intro_channel is deprecated; rename it group_channel")
		}
	}
	return nil
}

// checkKeys refuses mapping keys that t has no yaml field for, naming the
// line and the full key.
func checkKeys(n *yaml.Node, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			key := k.Value
			if path != "" {
				key = path + "." + k.Value
			}
			f, ok := fieldByTag(t, k.Value)
			if !ok {
				return fmt.Errorf("line %d: unknown key %q (config.example.yaml lists every key)", k.Line, key)
			}
			if err := checkKeys(v, f.Type, key); err != nil {
				return err
			}
		}
	case n.Kind == yaml.SequenceNode && t.Kind() == reflect.Slice:
		for i, c := range n.Content {
			if err := checkKeys(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// expandEnv replaces ${VAR} in every scalar value.
func expandEnv(n *yaml.Node, getenv func(string) string) {
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "${") {
		n.Value = envRef.ReplaceAllStringFunc(n.Value, func(ref string) string {
			return getenv(ref[2 : len(ref)-1])
		})
		if n.Tag == "" || n.Tag == "!!str" {
			n.Style = yaml.DoubleQuotedStyle
		}
	}
	for _, c := range n.Content {
		expandEnv(c, getenv)
	}
}

func (c *Config) applyDefaults() {
	if c.DataDir == "" {
		c.DataDir = "./rete-data"
	}
	if c.HTTP.Listen == "" {
		c.HTTP.Listen = "127.0.0.1:8080"
	}
	if c.Log.Level == "" {
		c.Log.Level = "info"
	}
	if c.Log.Format == "" {
		c.Log.Format = "text"
	}
	if c.Slack.Command == "" {
		c.Slack.Command = "/rete"
	}
	if c.Telegram.Mode == "" {
		c.Telegram.Mode = "polling"
	}
}

func (c *Config) validate() error {
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("log.level %q: want debug, info, warn or error", c.Log.Level)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		return fmt.Errorf("log.format %q: want text or json", c.Log.Format)
	}
	switch c.Telegram.Mode {
	case "polling", "webhook":
	default:
		return fmt.Errorf("telegram.mode %q: want polling or webhook", c.Telegram.Mode)
	}
	if _, err := c.Backup.every(); err != nil {
		return err
	}
	if c.Limits.CommandsPerMinute < 0 {
		return fmt.Errorf("limits.commands_per_minute %d: want 0 (the default) or more", c.Limits.CommandsPerMinute)
	}
	if err := c.checkTokens(); err != nil {
		return err
	}
	if _, err := c.communities(); err != nil {
		return err
	}
	return nil
}

// communities converts the config into the core's communities.
func (c *Config) communities() ([]bot.Community, error) {
	var out []bot.Community
	for i, cc := range c.Communities {
		where := fmt.Sprintf("communities[%d]", i)
		if cc.ID == "" {
			return nil, fmt.Errorf("%s: id is missing", where)
		}
		where = fmt.Sprintf("community %q", cc.ID)
		s := bot.DefaultSettings()
		set := func(key, v string) error {
			if v == "" {
				return nil
			}
			if err := s.Set(key, v); err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			return nil
		}
		s.Name = cc.ID
		ints := func(n int) string {
			if n == 0 {
				return ""
			}
			return fmt.Sprint(n)
		}
		for _, kv := range [][2]string{
			{"name", cc.Name}, {"language", cc.Language}, {"timezone", cc.Timezone},
			{"pairing.schedule", cc.Pairing.Schedule}, {"pairing.every", cc.Pairing.Every}, {"pairing.group_size", ints(cc.Pairing.GroupSize)},
			{"pairing.followup_after", cc.Pairing.FollowupAfter}, {"pairing.skip", strings.Join(cc.Pairing.Skip, ",")},
			{"pairing.same_platform", cc.Pairing.SamePlatform},
			{"intros.max_pending", ints(cc.Intros.MaxPending)}, {"intros.per_week", ints(cc.Intros.PerWeek)},
			{"intros.max_pending_target", ints(cc.Intros.MaxPendingTarget)}, {"intros.expire_after", cc.Intros.ExpireAfter},
			{"events.remind_before", cc.Events.RemindBefore}, {"digest.schedule", cc.Digest.Schedule},
			{"welcome.text", cc.Welcome.Text},
		} {
			if err := set(kv[0], kv[1]); err != nil {
				return nil, err
			}
		}
		s.AvoidSameCompany = cc.Pairing.AvoidSameCompany
		if cc.Digest.Enabled != nil {
			s.Digest = *cc.Digest.Enabled
		}
		if cc.Welcome.Enabled != nil {
			s.Welcome = *cc.Welcome.Enabled
		}
		com := bot.Community{ID: cc.ID, Settings: s}
		for _, m := range cc.Moderators {
			p, u, ok := strings.Cut(m, ":")
			if !ok || !knownPlatform(p) || u == "" {
				return nil, fmt.Errorf("%s: moderator %q: want platform:user, e.g. slack:U0123", where, m)
			}
			com.Moderators = append(com.Moderators, m)
		}
		for j, sc := range cc.Spaces {
			sp, err := sc.space()
			if err != nil {
				return nil, fmt.Errorf("%s: spaces[%d]: %w", where, j, err)
			}
			com.Spaces = append(com.Spaces, sp)
		}
		out = append(out, com)
	}
	if err := bot.CheckCommunities(out); err != nil {
		return nil, err
	}
	return out, nil
}

func knownPlatform(p string) bool {
	switch p {
	case "slack", "discord", "telegram", "console":
		return true
	}
	return false
}

// space checks that a space names its id with the platform's key.
func (sc SpaceConfig) space() (bot.Space, error) {
	keys := map[string]string{"slack": "team", "discord": "guild", "telegram": "chat", "console": "id"}
	want, ok := keys[sc.Platform]
	if !ok {
		return bot.Space{}, fmt.Errorf("platform %q: want slack, discord, telegram or console", sc.Platform)
	}
	ids := map[string]string{"team": sc.Team, "guild": sc.Guild, "chat": sc.Chat, "id": sc.ID}
	for k, v := range ids {
		if v != "" && k != want {
			return bot.Space{}, fmt.Errorf("%s space: use %s, not %s", sc.Platform, want, k)
		}
	}
	if ids[want] == "" {
		return bot.Space{}, fmt.Errorf("%s space: %s is missing", sc.Platform, want)
	}
	announce := sc.AnnounceChannel
	if sc.Platform == "telegram" && announce == "" {
		announce = sc.Chat // a Telegram community announces in its group unless told otherwise
	}
	return bot.Space{Platform: sc.Platform, ID: ids[want], AnnounceChannel: announce, GroupChannel: sc.GroupChannel}, nil
}

// loadConfig reads the config file, or the embedded defaults when path is "".
func loadConfig(path string) (*Config, error) {
	if path == "" {
		return parseConfig("defaults", defaultConfig, os.Getenv)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return parseConfig(path, data, os.Getenv)
}

// checkServe refuses configurations under which `rete serve` would run
// but never hear from a platform it sends to.
func (c *Config) checkServe() error {
	s := c.Slack
	switch {
	case s.BotToken != "" && s.SigningSecret == "" && s.AppToken == "":
		return errors.New("slack: bot_token is set but neither signing_secret (webhooks) nor app_token (Socket Mode): rete could send but never receive commands; set one (are the ${VAR}s exported?)")
	case s.BotToken == "" && (s.SigningSecret != "" || s.AppToken != ""):
		return errors.New("slack: signing_secret or app_token is set but bot_token is empty: set slack.bot_token (is SLACK_BOT_TOKEN exported?), or remove the others")
	}
	d := c.Discord
	switch {
	case d.BotToken == "" && (d.ApplicationID != "" || d.PublicKey != ""):
		return errors.New("discord: application_id or public_key is set but bot_token is empty: set discord.bot_token (is DISCORD_BOT_TOKEN exported?), or remove the others")
	case d.BotToken != "" && d.ApplicationID == "":
		return errors.New("discord: bot_token is set but application_id is empty: rete needs it to register its commands and answer them (Developer Portal, General Information)")
	}
	return nil
}
