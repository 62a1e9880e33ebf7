package slack

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// botScopes are the bot token scopes rete needs. The Home tab needs none
// more: app_home_opened and views.publish come with the bot user.
var botScopes = []string{"commands", "chat:write", "im:write", "mpim:write", "users:read", "channels:read"}

// Manifest returns the Slack app manifest (JSON, which Slack's "create
// from manifest" accepts) for a rete answering DefaultCommand at the
// public base URL url, or over Socket Mode when socketMode is true (url
// is then unused).
func Manifest(url string, socketMode bool) string { return manifest(DefaultCommand, url, socketMode) }

// Manifest returns the app manifest for the adapter's slash command; see
// the package-level [Manifest].
func (a *Adapter) Manifest(url string, socketMode bool) string {
	return manifest(a.command, url, socketMode)
}

// maxCommand is the longest slash command Slack accepts, the slash
// included.
const maxCommand = 32

// CheckCommand refuses what Slack would not take as a slash command: it
// starts with "/", is at most 32 characters and has no space, upper case
// letter or second slash.
func CheckCommand(cmd string) error {
	switch {
	case !strings.HasPrefix(cmd, "/") || len(cmd) < 2:
		return fmt.Errorf("slash command %q: want a / and a name, e.g. /rete", cmd)
	case len([]rune(cmd)) > maxCommand:
		return fmt.Errorf("slash command %q: Slack takes at most %d characters, the slash included", cmd, maxCommand)
	case strings.ContainsFunc(cmd, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }):
		return fmt.Errorf("slash command %q: no spaces", cmd)
	case strings.ContainsFunc(cmd, unicode.IsUpper):
		return fmt.Errorf("slash command %q: Slack commands are lower case", cmd)
	case strings.Contains(cmd[1:], "/"):
		return fmt.Errorf("slash command %q: one slash, at the start", cmd)
	}
	return nil
}

// CheckPublicURL refuses a base URL Slack could not post to: Slack sends
// requests only to https, and the manifest appends paths to it, so it has
// no query or fragment.
func CheckPublicURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("url %q: %v", raw, errors.Unwrap(err))
	}
	switch {
	case u.Scheme != "https":
		return fmt.Errorf("url %q: want https://HOST (Slack posts only to https)", raw)
	case u.Host == "" || u.Hostname() == "":
		return fmt.Errorf("url %q: the host is missing, want https://HOST", raw)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return fmt.Errorf("url %q: want a base URL, https://HOST[/PATH], with no query, fragment or user", raw)
	}
	return nil
}

func manifest(command, url string, socketMode bool) string {
	url = strings.TrimRight(url, "/")
	endpoint := func(path string) string {
		if socketMode {
			return ""
		}
		return url + path
	}
	type obj = map[string]any
	m := obj{
		"_metadata": obj{"major_version": 1, "minor_version": 1},
		"display_information": obj{
			"name":        "rete",
			"description": "Meet the people of your community: profiles, intros and weekly pairings.",
		},
		"features": obj{
			"bot_user": obj{"display_name": "rete", "always_online": true},
			// The Home tab shows each member their page (home.go); the
			// Messages tab is where rete's DMs arrive.
			"app_home": obj{"home_tab_enabled": true, "messages_tab_enabled": true, "messages_tab_read_only_enabled": false},
			"slash_commands": []obj{omitEmpty(obj{
				"command":       command,
				"url":           endpoint("/slack/commands"),
				"description":   "rete: profiles, intros, pairings and events",
				"usage_hint":    "help | join | offer add SKILL,... | intro @member",
				"should_escape": true, // mentions arrive as <@U…>, read as @U…
			})},
		},
		"oauth_config": obj{"scopes": obj{"bot": botScopes}},
		"settings": obj{
			"event_subscriptions": omitEmpty(obj{
				"request_url": endpoint("/slack/events"),
				"bot_events":  []string{"member_joined_channel", "team_join", "app_home_opened"},
			}),
			"interactivity":          omitEmpty(obj{"is_enabled": true, "request_url": endpoint("/slack/interactions")}),
			"org_deploy_enabled":     false,
			"socket_mode_enabled":    socketMode,
			"token_rotation_enabled": false,
		},
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		panic(err) // maps of strings, bools and numbers always encode
	}
	return string(b) + "\n"
}

func omitEmpty(m map[string]any) map[string]any {
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	return m
}
