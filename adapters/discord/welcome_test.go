package discord

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
	"github.com/rete-bot/rete/store"
)

// welcomeE2E is newE2E's community, with the Server Members intent asked
// for when members is set, on a clock the test moves.
func welcomeE2E(t *testing.T, gateway, members bool) (*e2e, *bottest.Clock) {
	t.Helper()
	db, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	x := buildHarness(t, gateway, func(c *Config) { c.MembersIntent = members })
	clock := bottest.NewClock(time.Now())
	b, err := bot.New(bot.Config{
		Store: db, Messengers: []bot.Messenger{x.a}, Now: clock.Now,
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{Platform + ":" + mod},
			Spaces: []bot.Space{{Platform: Platform, ID: testGuild, AnnounceChannel: testChannel}}, Settings: bot.DefaultSettings()}},
	})
	if err != nil {
		t.Fatal(err)
	}
	x.start(t, b)
	return &e2e{harness: x, b: b, db: db}, clock
}

// stored is user's record in the community, nil if there is none.
func (e *e2e) stored(t *testing.T, user string) *bot.Member {
	t.Helper()
	var m *bot.Member
	err := e.db.View(context.Background(), func(tx bot.Tx) (err error) {
		m, err = tx.Member("labbit", bot.MemberID{Platform: Platform, Space: testGuild, User: user})
		return err
	})
	if errors.Is(err, bot.ErrNotFound) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return m
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
	e, clock := welcomeE2E(t, true, true)
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
	clock.Add(time.Hour)
	if got := e.welcomes(t, mark, 1); len(got) != 0 {
		t.Errorf("welcomed on an interaction with the members intent: %v", got)
	}
	if m := e.stored(t, luca); m != nil {
		t.Errorf("an interaction with the members intent stored %+v", m)
	}
}

// Without the Server Members intent (or over HTTP interactions, which
// open no gateway to hear joins) the first command of someone rete does
// not know is their arrival: one welcome, after the command's reply.
func TestEndToEndWelcomeOnFirstCommand(t *testing.T) {
	for _, tc := range []struct {
		name             string
		gateway, members bool
	}{
		{"gateway", true, false},
		{"http", false, false},
		{"http with the members intent", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, clock := welcomeE2E(t, tc.gateway, tc.members)
			const admin = "400000000000000021"
			mark := e.fake.Mark()
			e.must(t, luca, "events", "")
			e.must(t, mod, "help", "") // a moderator is no newcomer
			admins := e.base(admin, 2, false, fmt.Sprint(discordgo.PermissionManageGuild))
			admins["data"] = commandData(t, "help")
			e.send(t, admins) // nor is an admin of the server
			e.deliver(t)
			if got := e.welcomes(t, mark, 0); len(got) != 0 {
				t.Errorf("welcomes %v before the command's reply settled, want none yet", got)
			}
			clock.Add(time.Minute)
			got := e.welcomes(t, mark, 1)
			if len(got) != 1 || len(got[luca]) != 1 {
				t.Fatalf("welcomes %v, want one to luca", got)
			}
			if b := got[luca][0].Buttons; len(b) != 1 || b[0].Command != "join" {
				t.Errorf("buttons %+v, want Join", b)
			}
			mark = e.fake.Mark()
			e.must(t, luca, "help", "join") // a second interaction
			clock.Add(time.Hour)
			if got := e.welcomes(t, mark, 1); len(got) != 0 {
				t.Errorf("welcomes %v after a second interaction, want none", got)
			}
			for _, u := range []string{mod, admin} {
				if m := e.stored(t, u); m != nil {
					t.Errorf("%s: stored %+v, want nothing", u, m)
				}
			}
		})
	}
}

// A first forget-me deletes what the arrival stored, its queued welcome
// included; anna, a member from an earlier run, is forgotten as ever.
func TestEndToEndFirstForgetMeLeavesNothing(t *testing.T) {
	e, clock := welcomeE2E(t, false, false)
	ctx := context.Background()
	if err := e.db.Update(ctx, func(tx bot.Tx) error {
		return tx.PutMember(&bot.Member{ID: bot.MemberID{Platform: Platform, Space: testGuild, User: anna}, Community: "labbit", Name: "Anna",
			Status: bot.StatusActive, Joined: clock.Now().Add(-30 * 24 * time.Hour), Updated: clock.Now()})
	}); err != nil {
		t.Fatal(err)
	}
	mark := e.fake.Mark()
	e.must(t, anna, "forget-me confirm", "deleted")
	e.must(t, giulia, "forget-me confirm", "deleted")
	clock.Add(time.Hour)
	if got := e.welcomes(t, mark, 1); len(got) != 0 {
		t.Errorf("welcomes %v, want none", got)
	}
	var buf bytes.Buffer
	if err := e.db.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{anna, giulia} {
		if m := e.stored(t, u); m != nil {
			t.Errorf("%s: stored %+v, want nothing", u, m)
		}
		if bytes.Contains(buf.Bytes(), []byte(u)) {
			t.Errorf("after forget-me the backup still holds %s", u)
		}
	}
}

// Someone whose first command is join is joining: a member, no welcome.
func TestEndToEndFirstJoinGetsNoWelcome(t *testing.T) {
	e, clock := welcomeE2E(t, false, false)
	mark := e.fake.Mark()
	e.must(t, marco, "join", "Welcome")
	clock.Add(time.Hour)
	if got := e.welcomes(t, mark, 1); len(got) != 0 {
		t.Errorf("welcomes %v, want none", got)
	}
	if m := e.stored(t, marco); m == nil || m.Status != bot.StatusActive {
		t.Errorf("marco after /join: %+v, want an active member", m)
	}
}
