package bot_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/store"
)

// linkRecorder is a dmRecorder whose platform has a join link.
type linkRecorder struct{ dmRecorder }

func (*linkRecorder) JoinLink(string) string { return "https://t.me/rete_bot?startgroup=join" }

// twoCommunities returns a bot with communities "labbit" (space S1) and
// "nodo" (space S2) on the test platform.
func twoCommunities(t *testing.T, m bot.Messenger) (*bot.Bot, *store.DB) {
	t.Helper()
	db := openDB(t)
	s1, s2 := bot.DefaultSettings(), bot.DefaultSettings()
	s1.Name, s2.Name = "Labbit", "Nodo"
	b, err := bot.New(bot.Config{
		Store: db, Messengers: []bot.Messenger{m},
		Communities: []bot.Community{
			{ID: "labbit", Spaces: []bot.Space{{Platform: "test", ID: "S1"}}, Settings: s1},
			{ID: "nodo", Spaces: []bot.Space{{Platform: "test", ID: "S2"}}, Settings: s2},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b, db
}

func TestDMWithoutSpaceFindsTheCommunity(t *testing.T) {
	tests := []struct {
		name    string
		joined  []string // spaces anna joined from
		link    bool     // the platform has a join link
		choose  int      // the button pressed (1-based; 0: none)
		want    string   // in the reply to "offer add go" sent privately
		buttons int
		offers  string // the space whose record gets the offer; "": none
	}{
		{name: "no membership", want: "join from your community's group first"},
		{name: "no membership, with a link", link: true, want: "https://t.me/rete_bot?startgroup=join"},
		{name: "one membership", joined: []string{"S1"}, want: "You offer: go", offers: "S1"},
		{name: "several, not chosen", joined: []string{"S1", "S2"}, want: "more than one community", buttons: 2},
		{name: "several, chosen", joined: []string{"S1", "S2"}, choose: 2, want: "You offer: go", offers: "S2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			var m bot.Messenger = &dmRecorder{}
			if tt.link {
				m = &linkRecorder{}
			}
			b, db := twoCommunities(t, m)
			dm := func(text string, button bool) bot.Message {
				return b.Handle(ctx, &bot.Request{Platform: "test", User: "anna", Private: true, CanDM: bot.ReachYes, Button: button, Text: text})
			}
			for _, sp := range tt.joined {
				b.Handle(ctx, &bot.Request{Platform: "test", Space: sp, User: "anna", Private: true, Text: "join"})
			}
			if tt.choose > 0 {
				ask := dm("community", false)
				if len(ask.Buttons) != len(tt.joined) {
					t.Fatalf("community: %d buttons, want %d", len(ask.Buttons), len(tt.joined))
				}
				if got := dm(ask.Buttons[tt.choose-1].Command, true).PlainText(); !strings.Contains(got, "Nodo") {
					t.Errorf("choice reply: %s", got)
				}
			}
			reply := dm("offer add go", false)
			if got := reply.PlainText(); !strings.Contains(got, tt.want) {
				t.Errorf("reply %q, want …%s…", got, tt.want)
			}
			if len(reply.Buttons) != tt.buttons {
				t.Errorf("%d buttons, want %d", len(reply.Buttons), tt.buttons)
			}
			for _, sp := range []string{"S1", "S2"} {
				comm := map[string]string{"S1": "labbit", "S2": "nodo"}[sp]
				err := db.View(ctx, func(tx bot.Tx) error {
					m, err := tx.Member(comm, bot.MemberID{Platform: "test", Space: sp, User: "anna"})
					if err != nil {
						return nil
					}
					if has := slices.Contains(m.Profile.Offers, "go"); has != (sp == tt.offers) {
						t.Errorf("%s: offers %q", sp, m.Profile.Offers)
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestSpacelessJoinWritesNothing(t *testing.T) {
	ctx := context.Background()
	b, db := twoCommunities(t, &dmRecorder{})
	for _, text := range []string{"join", "offer add go", "lang it", "community labbit"} {
		b.Handle(ctx, &bot.Request{Platform: "test", User: "zoe", Private: true, CanDM: bot.ReachYes, Text: text})
	}
	err := db.View(ctx, func(tx bot.Tx) error {
		if err := tx.Memberships("test", "zoe", func(c string, id bot.MemberID) error {
			t.Errorf("stored %s in %s", id, c)
			return nil
		}); err != nil {
			return err
		}
		if c, err := tx.Choice("test", "zoe"); c != "" || err != nil {
			t.Errorf("choice %q, %v", c, err)
		}
		return tx.Spaces(func(p, s string) error {
			t.Errorf("space %s %s stored", p, s)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}
