package slackfake

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

// The App Home tab: Slack tells the app that someone opened it
// (app_home_opened), the app publishes that person's view (views.publish),
// and buttons pressed on the view come as block_actions from a "view"
// container, with no channel and no response URL.

// Limits views.publish enforces on a Home tab view.
const (
	maxViewBlocks = 100
	maxText       = 3000 // a section's or context's text
	maxHeader     = 150  // a header's plain text
)

// HomeOpened is the Events API body Slack sends when user of team opens
// the app's Home tab.
func (f *Server) HomeOpened(team, user string) map[string]any {
	n := f.next()
	return map[string]any{
		"token": "legacy", "team_id": team, "api_app_id": "A0RETE", "type": "event_callback",
		"event_id": fmt.Sprintf("Ev%06dHOME", n), "event_time": time.Now().Unix(),
		"event": map[string]any{
			"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home",
			"event_ts": fmt.Sprintf("%d.%06d", time.Now().Unix(), n),
		},
	}
}

// OpenHome delivers a signed app_home_opened of user of team to the
// adapter served at base; the view it publishes is read with Home.
func (f *Server) OpenHome(t testing.TB, base, team, user string) {
	t.Helper()
	body, err := json.Marshal(f.HomeOpened(team, user))
	if err != nil {
		t.Fatal(err)
	}
	send(t, base, "/slack/events", "application/json", body)
}

// HomePress is the block_actions payload of b pressed by user of team on
// their Home tab.
func (f *Server) HomePress(team, user string, b bot.Button) map[string]any {
	n := f.next()
	return map[string]any{
		"type":       "block_actions",
		"user":       map[string]any{"id": user, "username": strings.ToLower(user), "name": strings.ToLower(user), "team_id": team},
		"api_app_id": "A0RETE", "token": "legacy", "trigger_id": fmt.Sprintf("%d.4242.home", n),
		"container": map[string]any{"type": "view", "view_id": "VHOME" + user},
		"team":      map[string]any{"id": team, "domain": strings.ToLower(team)},
		"view": map[string]any{
			"id": "VHOME" + user, "team_id": team, "type": "home", "blocks": []any{},
			"private_metadata": "", "callback_id": "", "hash": "1700000000.home", "app_id": "A0RETE",
		},
		"actions": []any{map[string]any{
			"action_id": ActionID, "block_id": "b", "type": "button", "value": b.Command,
			"text": map[string]any{"type": "plain_text", "text": b.Label}, "action_ts": "1700000001.000001",
		}},
	}
}

// PressHome presses b on user's Home tab, sent to the adapter served at
// base. Nothing answers on a response URL: the refreshed view is read
// with Home.
func (f *Server) PressHome(t testing.TB, base, team, user string, b bot.Button) {
	t.Helper()
	raw, err := json.Marshal(f.HomePress(team, user, b))
	if err != nil {
		t.Fatal(err)
	}
	post(t, base, "/slack/interactions", url.Values{"payload": {string(raw)}})
}

// Home waits for the view published for user by a views.publish after
// call number since (Mark), and returns the latest as a reader sees it:
// Text holds the headers' plain text and every mrkdwn text.
func (f *Server) Home(t testing.TB, user string, since int) bottest.Delivery {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var last *Call
		for _, c := range f.Since(since, "views.publish") {
			if c.JSON["user_id"] == user {
				last = &c
			}
		}
		if last != nil {
			view, _ := last.JSON["view"].(map[string]any)
			return Delivery(t, []string{user}, strings.Join(headers(view["blocks"]), "\n"), view["blocks"])
		}
		if time.Now().After(deadline) {
			t.Fatalf("no Home view was published for %s", user)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// headers are the plain texts of the header blocks.
func headers(blocks any) []string {
	var out []string
	list, _ := blocks.([]any)
	for _, b := range list {
		b, _ := b.(map[string]any)
		if b["type"] != "header" {
			continue
		}
		if txt, ok := b["text"].(map[string]any); ok {
			out = append(out, fmt.Sprint(txt["text"]))
		}
	}
	return out
}

// checkHomeView returns the Slack error views.publish answers a request
// with ("" when it is accepted): a user, a view of type home, and at most
// 100 blocks whose texts are within Slack's limits.
func checkHomeView(body map[string]any) string {
	if u, _ := body["user_id"].(string); u == "" {
		return "invalid_arguments"
	}
	view, _ := body["view"].(map[string]any)
	if view == nil || view["type"] != "home" {
		return "invalid_arguments"
	}
	blocks, ok := view["blocks"].([]any)
	if !ok || len(blocks) > maxViewBlocks {
		return "invalid_blocks"
	}
	for _, b := range blocks {
		b, _ := b.(map[string]any)
		if b == nil || b["type"] == nil {
			return "invalid_blocks"
		}
		limit := maxText
		if b["type"] == "header" {
			limit = maxHeader
		}
		if txt, ok := b["text"].(map[string]any); ok {
			s, _ := txt["text"].(string)
			if s == "" || utf8.RuneCountInString(s) > limit {
				return "invalid_blocks"
			}
		}
		if b["type"] != "context" {
			continue
		}
		for _, el := range asList(b["elements"]) {
			if s, _ := el["text"].(string); utf8.RuneCountInString(s) > maxText {
				return "invalid_blocks"
			}
		}
	}
	return ""
}

// asList reads a JSON array of objects.
func asList(v any) []map[string]any {
	list, _ := v.([]any)
	out := make([]map[string]any, 0, len(list))
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}
