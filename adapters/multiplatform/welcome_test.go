package multiplatform

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/console"
	"github.com/rete-bot/rete/adapters/discord"
	"github.com/rete-bot/rete/adapters/slack"
	"github.com/rete-bot/rete/adapters/telegram"
)

// TestEmptyProfileReminderOnEveryPlatform: a week after joining, a
// member whose profile is still empty gets one reminder, as a DM on the
// platform they joined from, and never a second; a member who filled
// theirs gets none.
func TestEmptyProfileReminderOnEveryPlatform(t *testing.T) {
	m := newMulti(t)
	joined := map[string]string{
		console.Platform: "anna", slack.Platform: "marco", telegram.Platform: "giulia", discord.Platform: "luca",
	}
	for _, p := range platforms {
		m.join(p, joined[p])
	}
	m.command(slack.Platform, "sara", "join")
	m.command(slack.Platform, "sara", "offer add go")
	m.deliver()
	for _, p := range platforms {
		m.deliveries(p) // what joining sent
	}
	// reminders counts the reminders each of who got on their platform.
	reminders := func(who map[string][]string) map[string]int {
		got := map[string]int{}
		for _, p := range platforms {
			for _, d := range m.deliveries(p) {
				for _, name := range who[p] {
					if slices.Contains(d.To, m.user(p, name)) && strings.Contains(d.Text, "a week ago") {
						got[name]++
					}
				}
			}
		}
		return got
	}
	who := map[string][]string{}
	for p, name := range joined {
		who[p] = []string{name}
	}
	who[slack.Platform] = append(who[slack.Platform], "sara")
	for _, step := range []struct {
		after time.Duration
		want  int
	}{{6 * 24 * time.Hour, 0}, {25 * time.Hour, 1}, {8 * 24 * time.Hour, 0}} {
		m.advance(step.after)
		if _, err := m.b.Tick(context.Background(), community); err != nil {
			t.Fatal(err)
		}
		m.deliver()
		got := reminders(who)
		for p, name := range joined {
			if got[name] != step.want {
				t.Errorf("after %v more: %d reminders to %s on %s, want %d", step.after, got[name], name, p, step.want)
			}
		}
		if got["sara"] != 0 {
			t.Errorf("sara, who offers a skill, got %d reminders", got["sara"])
		}
	}
}
