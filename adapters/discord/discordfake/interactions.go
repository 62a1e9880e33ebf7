package discordfake

import (
	"strconv"
	"strings"
	"testing"

	"github.com/rete-bot/rete/adapters/kit"
)

// Interaction is the envelope of an interaction of type typ (2 a
// command, 3 a button, 4 autocomplete) with id, from user: in guild,
// posted in channel, with permissions perms, or in the user's DM when
// guild is "" (where Discord sends user and no member).
func Interaction(id string, typ int, user, guild, channel, perms string) map[string]any {
	i := map[string]any{
		"id": id, "application_id": ApplicationID, "type": typ, "token": "tok-" + id, "version": 1,
		"locale": "en-US", "channel_id": channel,
	}
	u := map[string]any{"id": user, "username": "user" + user[max(0, len(user)-2):], "global_name": nil, "discriminator": "0"}
	if guild == "" {
		i["user"], i["context"], i["channel_id"] = u, 1, "7"+user // the fake's DM channels
	} else {
		i["guild_id"], i["context"] = guild, 0
		i["member"] = map[string]any{"user": u, "permissions": perms, "roles": []any{}, "nick": nil}
	}
	return i
}

// CommandData is a typed line as Discord sends the command registered
// in table: the verb, a sub-command, and the options filled from the
// words in order, the last one taking the rest of the line.
func CommandData(t testing.TB, table []kit.DiscordCommand, line string) map[string]any {
	t.Helper()
	words := strings.Fields(line)
	var cmd *kit.DiscordCommand
	for _, c := range table {
		if c.Name == words[0] {
			cmd = &c
		}
	}
	if cmd == nil {
		t.Fatalf("no command %q", words[0])
	}
	words = words[1:]
	opts := cmd.Options
	var wrap func([]any) []any
	wrap = func(o []any) []any { return o }
	if len(opts) > 0 && opts[0].Type == kit.DiscordSubCommand {
		name := words[0]
		words = words[1:]
		for _, s := range opts {
			if s.Name == name {
				opts = s.Options
				wrap = func(o []any) []any { return []any{map[string]any{"type": 1, "name": name, "options": o}} }
			}
		}
	}
	var out []any
	for i, o := range opts {
		if len(words) == 0 {
			break
		}
		v := words[0]
		if i == len(opts)-1 || (o.Required && i+1 < len(opts) && !opts[i+1].Required && len(words) > 1 && o.Type == kit.DiscordString && opts[i+1].Type == kit.DiscordString) {
			v = strings.Join(words, " ")
			words = nil
		} else {
			words = words[1:]
		}
		var val any = v
		switch o.Type {
		case kit.DiscordUser:
			val = strings.TrimPrefix(v, "@")
		case kit.DiscordInteger:
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("%s: option %s wants a number, got %q", line, o.Name, v)
			}
			val = n
		}
		out = append(out, map[string]any{"name": o.Name, "type": o.Type, "value": val})
	}
	return map[string]any{"id": "1", "name": cmd.Name, "type": 1, "options": wrap(out)}
}
