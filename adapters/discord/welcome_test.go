package discord

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
	"github.com/rete-bot/rete/store"
)

// welcomeE2E is newE2E's community, with the Server Members intent asked
// for when members is set.
func welcomeE2E(t *testing.T, gateway, members bool) *e2e {
	t.Helper()
	db, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	x := buildHarness(t, gateway, func(c *Config) { c.MembersIntent = members })
	b, err := bot.New(bot.Config{
		Store: db, Messengers: []bot.Messenger{x.a},
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{Platform + ":" + mod},
			Spaces: []bot.Space{{Platform: Platform, ID: testGuild, AnnounceChannel: testChannel}}, Settings: bot.DefaultSettings()}},
	})
	if err != nil {
		t.Fatal(err)
	}
	x.start(t, b)
	return &e2e{harness: x, b: b, db: db}
}

// welcomes delivers the outbox until n welcomes arrived (or a second
// passed) and returns them by reader: the gateway's events are handled
// asynchronously.
func (e *e2e) welcomes(t *testing.T, mark, n int) map[string][]bottest.Delivery {
	t.Helper()
	out := map[string][]bottest.Delivery{}
	for deadline := time.Now().Add(time.Second); ; {
		e.deliver(t)
		clear(out)
		got := 0
		for _, d := range e.fake.Deliveries(mark, e.fake.Mark()) {
			if strings.Contains(d.Text, "fill your profile") {
				for _, u := range d.To {
					out[u] = append(out[u], d)
				}
				got++
			}
		}
		if got >= n || time.Now().After(deadline) {
			return out
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestEndToEndWelcomeOnMemberAdd(t *testing.T) {
	e := welcomeE2E(t, true, true)
	if got := e.fake.Ready(t); got&int(discordgo.IntentsGuildMembers) == 0 {
		t.Fatalf("identified with intents %b, want the Server Members intent", got)
	}
	const nina, robot = "400000000000000011", "400000000000000012"
	mark := e.fake.Mark()
	for _, u := range []map[string]any{
		{"id": nina, "username": "nina", "global_name": "Nina"},
		{"id": robot, "username": "robot", "bot": true},
		{"id": nina, "username": "nina"}, // leaves and comes back
	} {
		if !e.fake.MemberAdd(t, testGuild, u) {
			t.Fatal("the fake sent no GUILD_MEMBER_ADD")
		}
	}
	got := e.welcomes(t, mark, 2)
	if len(got) != 1 || len(got[nina]) != 1 {
		t.Fatalf("welcomes %v, want one to nina", got)
	}
	w := got[nina][0]
	if len(w.Pings) != 0 {
		t.Errorf("the welcome pings %v", w.Pings)
	}
	for _, cmd := range []string{"/offer add", "/seek add", "/bio"} {
		if !strings.Contains(w.Text, cmd) {
			t.Errorf("welcome lacks %q:\n%s", cmd, w.Text)
		}
	}
	if len(w.Buttons) != 1 || w.Buttons[0].Command != "join" {
		t.Fatalf("buttons %+v, want Join", w.Buttons)
	}
	// An interaction is no arrival when the gateway tells who joins.
	mark = e.fake.Mark()
	e.must(t, luca, "help", "join")
	if got := e.welcomes(t, mark, 1); len(got) != 0 {
		t.Errorf("welcomed on an interaction with the members intent: %v", got)
	}
}

// Without the Server Members intent an interaction is no arrival: the
// person is using rete already, and a first forget-me must leave nothing.
func TestEndToEndNoWelcomeOnInteractionsWithoutMembersIntent(t *testing.T) {
	e := welcomeE2E(t, false, false)
	ctx := context.Background()
	id := func(u string) bot.MemberID { return bot.MemberID{Platform: Platform, Space: testGuild, User: u} }
	// anna is a member from an earlier run: forget-me is her first
	// interaction in this process.
	if err := e.db.Update(ctx, func(tx bot.Tx) error {
		return tx.PutMember(&bot.Member{ID: id(anna), Community: "labbit", Name: "Anna", Status: bot.StatusActive, Joined: time.Now().Add(-30 * 24 * time.Hour), Updated: time.Now()})
	}); err != nil {
		t.Fatal(err)
	}
	mark := e.fake.Mark()
	e.must(t, anna, "forget-me confirm", "deleted")
	e.must(t, luca, "help", "join") // a newcomer's first command
	e.must(t, luca, "events", "")
	if got := e.welcomes(t, mark, 1); len(got) != 0 {
		t.Errorf("welcomes %v, want none", got)
	}
	for _, u := range []string{anna, luca} {
		if err := e.db.View(ctx, func(tx bot.Tx) error { _, err := tx.Member("labbit", id(u)); return err }); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("%s: a record is stored (err %v), want none", u, err)
		}
	}
}
