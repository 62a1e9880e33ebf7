package slack

import (
	"encoding/json"
	"strings"
)

// botScopes are the bot token scopes rete needs.
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
				"bot_events":  []string{"member_joined_channel", "team_join"},
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
