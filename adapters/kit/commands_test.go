package kit

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"unicode/utf8"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/store"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// newBot is a core on a real store, for its table and catalog.
func newBot(t *testing.T) *bot.Bot {
	t.Helper()
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b, err := bot.New(bot.Config{Store: db})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// table is the real command table and catalog.
func table(t *testing.T) ([]*bot.Command, *bot.Catalog) {
	b := newBot(t)
	return b.Commands(), b.Catalog()
}

// golden compares v, as indented JSON, with testdata/name, or rewrites it
// with -update.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./adapters/kit -run Golden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go test ./adapters/kit -run Golden -update and review the diff", path)
	}
}

var discordName = regexp.MustCompile(`^[-_a-z0-9]{1,32}$`)

// discordText reports a text that is not 1 to 100 characters, in any
// locale.
func discordText(where, s string, loc map[string]string) []string {
	var bad []string
	all := map[string]string{"default": s}
	for l, v := range loc {
		all[l] = v
	}
	for l, v := range all {
		if n := utf8.RuneCountInString(v); n < 1 || n > 100 {
			bad = append(bad, fmt.Sprintf("%s: %s text has %d characters, Discord allows 1 to 100: %q", where, l, n, v))
		}
	}
	return bad
}

func TestDiscordCommandsGolden(t *testing.T) {
	cmds := DiscordCommands(table(t))
	golden(t, "discord_commands.json", cmds)
	for _, bad := range discordLimits(cmds) {
		t.Error(bad)
	}
	byName := map[string]DiscordCommand{}
	for _, c := range cmds {
		byName[c.Name] = c
	}
	for _, tt := range []struct {
		name      string
		moderator bool
	}{{"join", false}, {"intro", false}, {"community", false}, {"config", true}, {"announce", true}, {"round", true}} {
		c, ok := byName[tt.name]
		if !ok {
			t.Errorf("%s is not registered", tt.name)
			continue
		}
		if got := c.DefaultMemberPermissions != nil; got != tt.moderator {
			t.Errorf("%s: gated for moderators = %v, want %v", tt.name, got, tt.moderator)
		}
	}
	if _, ok := byName["skip-next"]; ok {
		t.Error("the button-only skip-next is registered")
	}
}

// discordLimits reports every limit Discord sets on application commands
// that cmds break, whatever the golden file says.
func discordLimits(cmds []DiscordCommand) (bad []string) {
	if len(cmds) > 100 {
		bad = append(bad, fmt.Sprintf("%d commands; Discord allows 100", len(cmds)))
	}
	var opts func(where string, os []DiscordOption, depth int)
	opts = func(where string, os []DiscordOption, depth int) {
		if len(os) > 25 {
			bad = append(bad, fmt.Sprintf("%s: %d options or sub-commands; Discord allows 25", where, len(os)))
		}
		optional := false
		for _, o := range os {
			w := where + " " + o.Name
			if !discordName.MatchString(o.Name) {
				bad = append(bad, fmt.Sprintf("%s: name %q is not a Discord name", w, o.Name))
			}
			bad = append(bad, discordText(w, o.Description, o.DescriptionLocalizations)...)
			if o.Type != DiscordSubCommand {
				if o.Required && optional {
					bad = append(bad, fmt.Sprintf("%s: a required option follows an optional one", w))
				}
				optional = optional || !o.Required
			}
			if len(o.Choices) > 25 {
				bad = append(bad, fmt.Sprintf("%s: %d choices; Discord allows 25", w, len(o.Choices)))
			}
			for _, c := range o.Choices {
				bad = append(bad, discordText(w+" choice "+c.Value, c.Name, c.NameLocalizations)...)
				if n := utf8.RuneCountInString(c.Value); n < 1 || n > 100 {
					bad = append(bad, fmt.Sprintf("%s: choice value %q", w, c.Value))
				}
			}
			if o.Type == DiscordSubCommand {
				if depth > 0 {
					bad = append(bad, fmt.Sprintf("%s: sub-command nested too deep", w))
				}
				opts(w, o.Options, depth+1)
			}
		}
	}
	for _, c := range cmds {
		if !discordName.MatchString(c.Name) {
			bad = append(bad, fmt.Sprintf("command name %q is not a Discord name", c.Name))
		}
		bad = append(bad, discordText(c.Name, c.Description, c.DescriptionLocalizations)...)
		opts(c.Name, c.Options, 0)
	}
	return bad
}

func TestDiscordLimitsAreChecked(t *testing.T) {
	long := string(bytes.Repeat([]byte("a"), 101))
	for name, cmd := range map[string]DiscordCommand{
		"long description": {Name: "x", Description: long},
		"long Italian":     {Name: "x", Description: "ok", DescriptionLocalizations: map[string]string{"it": long}},
		"bad name":         {Name: "Export Me", Description: "ok"},
		"required after optional": {Name: "x", Description: "ok", Options: []DiscordOption{
			{Type: DiscordString, Name: "a", Description: "a"},
			{Type: DiscordString, Name: "b", Description: "b", Required: true},
		}},
	} {
		if len(discordLimits([]DiscordCommand{cmd})) == 0 {
			t.Errorf("%s: the limits check passed", name)
		}
	}
}

var telegramName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

func TestTelegramCommandsGolden(t *testing.T) {
	lists := TelegramCommands(table(t))
	golden(t, "telegram_commands.json", lists)
	for _, bad := range telegramLimits(lists) {
		t.Error(bad)
	}
	has := func(scope, lang, name string) bool {
		for _, l := range lists {
			if l.Scope.Type == scope && l.LanguageCode == lang {
				for _, c := range l.Commands {
					if c.Command == name {
						return true
					}
				}
			}
		}
		return false
	}
	for _, tt := range []struct {
		scope, name string
		want        bool
	}{
		{TelegramPrivateChats, "export_me", true},
		{TelegramPrivateChats, "join", true},
		{TelegramPrivateChats, "config", false},
		{TelegramGroupChats, "join", true},
		{TelegramGroupChats, "export_me", false},
		{TelegramGroupChats, "announce", false},
		{TelegramGroupAdmins, "announce", true},
		{TelegramGroupAdmins, "members", true},
		{TelegramGroupAdmins, "join", true},
	} {
		for _, lang := range []string{"", "it"} {
			if got := has(tt.scope, lang, tt.name); got != tt.want {
				t.Errorf("%s %q offers %s = %v, want %v", tt.scope, lang, tt.name, got, tt.want)
			}
		}
	}
}

// telegramLimits reports every limit of setMyCommands that lists break.
func telegramLimits(lists []TelegramCommandList) (bad []string) {
	for _, l := range lists {
		where := l.Scope.Type + "/" + l.LanguageCode
		if n := len(l.Commands); n < 1 || n > 100 {
			bad = append(bad, fmt.Sprintf("%s: %d commands; Telegram allows 100", where, n))
		}
		for _, c := range l.Commands {
			if !telegramName.MatchString(c.Command) {
				bad = append(bad, fmt.Sprintf("%s: name %q is not a Telegram command", where, c.Command))
			}
			if n := utf8.RuneCountInString(c.Description); n < 3 || n > 256 {
				bad = append(bad, fmt.Sprintf("%s %s: description has %d characters, Telegram allows 3 to 256", where, c.Command, n))
			}
		}
	}
	return bad
}

func TestTelegramLimitsAreChecked(t *testing.T) {
	for name, c := range map[string]TelegramCommand{
		"dash":  {Command: "export-me", Description: "fine"},
		"short": {Command: "x", Description: "ab"},
		"long":  {Command: "x", Description: string(bytes.Repeat([]byte("a"), 257))},
	} {
		if len(telegramLimits([]TelegramCommandList{{Scope: TelegramScope{Type: TelegramGroupChats}, Commands: []TelegramCommand{c}}})) == 0 {
			t.Errorf("%s: the limits check passed", name)
		}
	}
}

// TestTelegramNamesReachTheirVerbs: every name a menu offers (export_me)
// is read back by the core as its verb.
func TestTelegramNamesReachTheirVerbs(t *testing.T) {
	b := newBot(t)
	for _, cmd := range b.Commands() {
		got, ok := b.Command(TelegramName(cmd.Name))
		if !ok || got != cmd {
			t.Errorf("%s offered as %s does not reach it", cmd.Name, TelegramName(cmd.Name))
		}
	}
}
