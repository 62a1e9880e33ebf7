package multiplatform

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/console"
	"github.com/rete-bot/rete/adapters/discord"
	"github.com/rete-bot/rete/adapters/discord/discordfake"
	"github.com/rete-bot/rete/adapters/slack"
	"github.com/rete-bot/rete/adapters/telegram"
	"github.com/rete-bot/rete/bot/bottest"
)

// joiners are who joins on which platform in the smoke test.
var joiners = map[string]string{
	console.Platform:  "anna",
	slack.Platform:    "marco",
	telegram.Platform: "giulia",
	discord.Platform:  "luca",
}

// TestAnnouncementReachesEverySpaceWithOneCount: a moderator announces
// from Discord; every space's announce channel, on every platform, gets
// the post; RSVPs from each platform make one Going count, edited in
// place on every post.
func TestAnnouncementReachesEverySpaceWithOneCount(t *testing.T) {
	m := newMulti(t)
	for _, p := range platforms {
		m.join(p, joiners[p])
		if m.stored(p, joiners[p]) == nil {
			t.Fatalf("%s joined on %s but is not a member", joiners[p], p)
		}
	}
	m.join(discord.Platform, moderator)
	m.deliver()
	for _, p := range platforms {
		m.deliveries(p) // welcomes, if any
	}

	when := time.Now().UTC().AddDate(0, 0, 10).Format("2006-01-02") + " 18:30"
	i := m.interaction(2, moderator)
	i["data"] = map[string]any{"id": "1", "name": "announce", "type": 1, "options": []any{
		map[string]any{"name": "title", "type": 3, "value": "Aperitivo"},
		map[string]any{"name": "when", "type": 3, "value": when},
		map[string]any{"name": "place", "type": 3, "value": "Bar Centrale, Roma"},
	}}
	if d := m.discordAnswer(moderator, discordfake.Interact(t, m.srv.URL, i)); !strings.Contains(d.Text, "Event 1 announced") {
		t.Fatalf("announce answered %q", d.Text)
	}
	m.deliver()
	for _, p := range platforms {
		posts := to(m.deliveries(p), m.announceTo(p))
		if len(posts) != 1 || !strings.Contains(posts[0].Text, "Aperitivo") {
			t.Fatalf("%s: announce channel got %+v, want the post", p, posts)
		}
		if n := going(posts[0]); n != 0 {
			t.Errorf("%s: the new post shows %d going", p, n)
		}
	}

	for n, p := range platforms {
		if d := m.pressPost(p, joiners[p], "rsvp 1 yes"); !strings.Contains(d.Text, "You are going") {
			t.Errorf("%s: rsvp answered %q", p, d.Text)
		}
		m.deliver()
		for _, q := range platforms {
			edits := to(m.deliveries(q), m.announceTo(q))
			if len(edits) != 1 || going(edits[0]) != n+1 {
				t.Errorf("after the rsvp on %s, %s's post: %+v, want one edit with %d going", p, q, edits, n+1)
			}
		}
	}
}

// to keeps the deliveries read by who.
func to(ds []bottest.Delivery, who string) []bottest.Delivery {
	var out []bottest.Delivery
	for _, d := range ds {
		if len(d.To) == 1 && d.To[0] == who {
			out = append(out, d)
		}
	}
	return out
}

var (
	markup    = regexp.MustCompile(`<[^>]*>|[*_]`)
	goingLine = regexp.MustCompile(`Going:\s*(\d+)`)
)

// going is the Going count a post shows, whatever the platform's markup;
// -1 if it shows none.
func going(d bottest.Delivery) int {
	m := goingLine.FindStringSubmatch(markup.ReplaceAllString(d.Text, ""))
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
