package slack

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/rete-bot/rete/bot/bottest"
)

// sendEvent delivers an Events API event as Slack does: a signed webhook,
// or a Socket Mode envelope.
func (e *e2e) sendEvent(t *testing.T, event map[string]any) {
	t.Helper()
	env := map[string]any{"type": "event_callback", "team_id": testTeam, "event_id": fmt.Sprintf("Ev%d", e.next()), "event": event}
	switch x := e.transport.(type) {
	case *httpTransport:
		body, _ := json.Marshal(env)
		if resp, out := e.h.send(t, "/slack/events", "application/json", body, nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("event: %s %s", resp.Status, out)
		}
	case *socketTransport:
		x.fs.push(t, fmt.Sprintf("env-%d", e.next()), "events_api", env)
	}
}

// welcomesTo returns the welcome DMs each user received since mark.
func welcomesTo(t *testing.T, e *e2e, mark int) map[string][]bottest.Delivery {
	t.Helper()
	e.deliver(t)
	out := map[string][]bottest.Delivery{}
	for _, d := range e.h.fake.Delivered(t, mark, len(e.h.fake.Calls())) {
		for _, u := range d.To {
			out[u] = append(out[u], d)
		}
	}
	return out
}

func TestEndToEndWelcome(t *testing.T) {
	eachMode(t, func(t *testing.T, socket bool) {
		e := newE2E(t, socket, nil)
		f := e.h.fake
		f.SetBot("U0ROBOT")
		e.must(t, "U0ANNA", "join", "Welcome to *Labbit*")
		e.must(t, e2eMod, "welcome text <!channel> *Benvenuti* <https://evil.example|click>", "Newcomers will read")
		mark := f.Mark()
		// team_join carries the user; member_joined_channel only its id.
		e.sendEvent(t, map[string]any{"type": "team_join", "user": map[string]any{"id": "U0NINA", "name": "nina", "real_name": "Nina Rossi", "is_bot": false}})
		e.sendEvent(t, map[string]any{"type": "member_joined_channel", "user": "U0NINA", "channel": e2eChannel, "team": testTeam})
		e.sendEvent(t, map[string]any{"type": "member_joined_channel", "user": "U0OMAR", "channel": e2eChannel, "team": testTeam})
		e.sendEvent(t, map[string]any{"type": "member_joined_channel", "user": "U0PIA", "channel": "C0RANDOM", "team": testTeam})
		e.sendEvent(t, map[string]any{"type": "member_joined_channel", "user": "U0ROBOT", "channel": e2eChannel, "team": testTeam})
		e.sendEvent(t, map[string]any{"type": "team_join", "user": map[string]any{"id": "U0ANNA", "name": "anna"}})
		got := welcomesTo(t, e, mark)
		if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, []string{"U0NINA", "U0OMAR"}) {
			t.Fatalf("welcomed %v, want U0NINA and U0OMAR once each", keys)
		}
		w := got["U0NINA"]
		if len(w) != 1 || len(got["U0OMAR"]) != 1 {
			t.Fatalf("welcomes: nina %d, omar %d; want one each", len(w), len(got["U0OMAR"]))
		}
		// The command arrives as Slack escapes it (<!channel>); the
		// welcome shows the line as text and pings nobody.
		if len(w[0].Pings) != 0 || strings.Contains(w[0].Text, "<!channel>") || !strings.Contains(w[0].Text, "@channel") {
			t.Errorf("the moderators' line is not escaped (pings %v):\n%s", w[0].Pings, w[0].Text)
		}
		for _, cmd := range []string{"/rete offer add", "/rete seek add", "/rete bio"} {
			if !strings.Contains(w[0].Text, cmd) {
				t.Errorf("welcome lacks %q:\n%s", cmd, w[0].Text)
			}
		}
		if b := w[0].Buttons; len(b) != 1 || b[0].Command != "join" {
			t.Fatalf("welcome buttons %+v, want Join", b)
		}
		// The Join button joins.
		reply := e.press(t, "U0NINA", "DU0NINA", "1700000000.000001", w[0].Buttons[0])
		if !strings.Contains(callText(t, reply), "Welcome to *Labbit*") {
			t.Errorf("Join pressed: %s", callText(t, reply))
		}
	})
}

// Workspace admins and owners are moderators: they get no welcome.
func TestEndToEndNoWelcomeForWorkspaceAdmins(t *testing.T) {
	e := newE2E(t, false, nil)
	f := e.h.fake
	f.SetAdmin("U0BOSS")
	mark := f.Mark()
	e.sendEvent(t, map[string]any{"type": "member_joined_channel", "user": "U0BOSS", "channel": e2eChannel, "team": testTeam})
	e.sendEvent(t, map[string]any{"type": "team_join", "user": map[string]any{"id": "U0OWNER", "name": "owner", "is_owner": true}})
	e.sendEvent(t, map[string]any{"type": "team_join", "user": map[string]any{"id": "U0NINA", "name": "nina"}})
	if keys := slices.Sorted(maps.Keys(welcomesTo(t, e, mark))); !slices.Equal(keys, []string{"U0NINA"}) {
		t.Errorf("welcomed %v, want U0NINA only", keys)
	}
}
