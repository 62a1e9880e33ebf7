package slackfake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

// ActionID is the action_id of the buttons the fake presses: rete's
// buttons start theirs with "rete_".
const ActionID = "rete_0"

// Sign signs body as Slack does, at time ts, with secret.
func Sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + strconv.FormatInt(ts, 10) + ":"))
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// next is a fresh number for response URLs and trigger ids.
func (f *Server) next() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	return f.seq
}

// post signs form with SigningSecret and posts it to the adapter's
// route at base+path, as Slack does, returning the answer's body.
func post(t testing.TB, base, path string, form url.Values) []byte {
	t.Helper()
	return send(t, base, path, "application/x-www-form-urlencoded", []byte(form.Encode()))
}

// send signs body with SigningSecret and posts it to base+path, as Slack
// does, returning the answer's body; anything but a 200 fails the test.
func send(t testing.TB, base, path, contentType string, body []byte) []byte {
	t.Helper()
	ts := time.Now().Unix()
	req, err := http.NewRequest(http.MethodPost, base+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Slack-Signature", Sign(SigningSecret, ts, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("slack %s: %s %s", path, resp.Status, out)
	}
	return out
}

// Command sends the slash command "/rete text" from user of team to the
// adapter served at base (its Routes' server) and returns the reply
// user sees: the command's answer, or what reached its response URL.
func (f *Server) Command(t testing.TB, base, team, user, text string) bottest.Delivery {
	t.Helper()
	n := f.next()
	hook := fmt.Sprintf("cmd%d", n)
	form := url.Values{
		"token": {"legacy-verification-token"}, "team_id": {team}, "team_domain": {strings.ToLower(team)},
		"channel_id": {"C0GENERAL"}, "channel_name": {"general"}, "user_id": {user}, "user_name": {strings.ToLower(user)},
		"command": {"/rete"}, "text": {text}, "api_app_id": {"A0RETE"}, "is_enterprise_install": {"false"},
		"response_url": {f.HookURL(hook)}, "trigger_id": {fmt.Sprintf("%d.4242.cmd", n)},
	}
	body := post(t, base, "/slack/commands", form)
	if len(body) == 0 {
		c := f.Hook(t, hook)
		return Delivery(t, []string{user}, c.Text, c.Blocks)
	}
	var r struct {
		Text   string `json:"text"`
		Blocks any    `json:"blocks"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("command reply %s: %v", body, err)
	}
	return Delivery(t, []string{user}, r.Text, r.Blocks)
}

// Press presses b on the message ts in channel as user of team, sent to
// the adapter served at base, and returns the reply on the press's
// response URL.
func (f *Server) Press(t testing.TB, base, team, user, channel, ts string, b bot.Button) bottest.Delivery {
	t.Helper()
	n := f.next()
	hook := fmt.Sprintf("press%d", n)
	p := map[string]any{
		"type":       "block_actions",
		"user":       map[string]any{"id": user, "username": strings.ToLower(user), "name": strings.ToLower(user), "team_id": team},
		"api_app_id": "A0RETE", "token": "legacy", "trigger_id": fmt.Sprintf("%d.4242.press", n),
		"container":    map[string]any{"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": false},
		"team":         map[string]any{"id": team, "domain": strings.ToLower(team)},
		"channel":      map[string]any{"id": channel, "name": "x"},
		"message":      map[string]any{"type": "message", "text": "x", "ts": ts},
		"response_url": f.HookURL(hook),
		"actions": []any{map[string]any{
			"action_id": ActionID, "block_id": "b", "type": "button", "value": b.Command,
			"text": map[string]any{"type": "plain_text", "text": b.Label}, "action_ts": "1700000001.000001",
		}},
	}
	raw, _ := json.Marshal(p)
	post(t, base, "/slack/interactions", url.Values{"payload": {string(raw)}})
	c := f.Hook(t, hook)
	return Delivery(t, []string{user}, c.Text, c.Blocks)
}
