package bot_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

func TestMoveSpaceMovesEverything(t *testing.T) {
	tests := []struct {
		name             string
		listed           bool
		from, to         string
		fromComm, toComm string
	}{
		{"a space no community lists", false, "OTHER", "NEW", "test-other", "test-new"},
		{"a configured space", true, "OTHER", "NEW", "labbit", "labbit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := openDB(t)
			clk := &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
			cfg := bot.Config{Store: db, Now: clk.Now, Messengers: []bot.Messenger{newFake()}}
			if tt.listed {
				cfg.Communities = []bot.Community{{ID: "labbit", Spaces: []bot.Space{{Platform: "test", ID: tt.from}}, Settings: bot.DefaultSettings()}}
			}
			b, err := bot.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			do := func(space, user, text string) string {
				return b.Handle(ctx, &bot.Request{Platform: "test", Space: space, User: user, Name: user, Handle: user,
					Admin: user == "a", Private: true, CanDM: bot.ReachYes, Text: text}).PlainText()
			}
			for _, u := range []string{"a", "b", "c", "d"} {
				do(tt.from, u, "join")
			}
			do(tt.from, "a", "block @d")
			do(tt.from, "a", "config pairing.group_size 3")
			do(tt.from, "b", "intro @c about go")
			do(tt.from, "a", "announce Aperitivo | 2026-12-10 18:30 | Bar Centrale")
			do(tt.from, "c", "rsvp 1 yes")
			if got := do(tt.from, "a", "round now"); !strings.Contains(got, "group") {
				t.Fatalf("round now: %s", got)
			}
			err = db.Update(ctx, func(tx bot.Tx) error {
				ev, err := tx.Event(tt.fromComm, "1")
				if err != nil {
					return err
				}
				ev.Attended = []bot.MemberID{{Platform: "test", Space: tt.from, User: "c"}} // as if it were past
				if err := tx.PutEvent(ev); err != nil {
					return err
				}
				return tx.PutChoice("test", "b", tt.fromComm)
			})
			if err != nil {
				t.Fatal(err)
			}

			if err := b.MoveSpace(ctx, "test", tt.from, tt.to); err != nil {
				t.Fatal(err)
			}

			nid := func(u string) bot.MemberID { return bot.MemberID{Platform: "test", Space: tt.to, User: u} }
			err = db.View(ctx, func(tx bot.Tx) error {
				n := 0
				if err := tx.Members(tt.toComm, func(m *bot.Member) error { n++; return nil }); err != nil || n != 4 {
					t.Errorf("%d members under %s (%v), want 4", n, tt.toComm, err)
				}
				a, err := tx.Member(tt.toComm, nid("a"))
				if err != nil || len(a.Blocks) != 1 || a.Blocks[0] != nid("d") {
					t.Errorf("a: %+v, %v; want blocks [%s]", a, err, nid("d"))
				}
				in, err := tx.Intro(tt.toComm, "1")
				if err != nil || in.From != nid("b") || in.To != nid("c") {
					t.Errorf("intro 1: %+v, %v", in, err)
				}
				ev, err := tx.Event(tt.toComm, "1")
				if err != nil || !ev.IsGoing(nid("c")) || !ev.Attends(nid("c")) || ev.By != nid("a") {
					t.Errorf("event 1: %+v, %v", ev, err)
				}
				if ev, err := tx.EventByID("1"); err != nil || ev.Community != tt.toComm {
					t.Errorf("event by id: %+v, %v", ev, err)
				}
				rounds := 0
				if err := tx.Rounds(tt.toComm, func(r *bot.Round) error {
					rounds++
					for _, g := range r.Groups {
						for _, id := range g.Members {
							if id.Space != tt.to {
								t.Errorf("round %s holds %s", r.ID, id)
							}
						}
					}
					return nil
				}); err != nil || rounds != 1 {
					t.Errorf("%d rounds (%v), want 1", rounds, err)
				}
				pending := 0
				if err := tx.Pending("test", func(e *bot.OutboxEntry) error {
					pending++
					for _, id := range e.To {
						if id.Space != tt.to {
							t.Errorf("outbox entry %s to %s", e.ID, id)
						}
					}
					return nil
				}); err != nil || pending == 0 {
					t.Errorf("%d pending entries (%v)", pending, err)
				}
				if set, _ := tx.Settings(tt.toComm); set["pairing.group_size"] != "3" {
					t.Errorf("settings %v", set)
				}
				if c, _ := tx.Choice("test", "b"); c != tt.toComm {
					t.Errorf("choice %q, want %s", c, tt.toComm)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			// Nothing is left under the old id: no live record names it.
			var backup bytes.Buffer
			if err := db.Backup(&backup); err != nil {
				t.Fatal(err)
			}
			for _, old := range []string{"test:" + tt.from + ":", "\x00" + tt.from, `"space":"` + tt.from} {
				if i := bytes.Index(backup.Bytes(), []byte(old)); i >= 0 {
					t.Errorf("the store still holds %q: %q", old, backup.Bytes()[max(0, i-80):i+40])
				}
			}
			if !tt.listed && bytes.Contains(backup.Bytes(), []byte(tt.fromComm)) {
				t.Errorf("the store still holds community %q", tt.fromComm)
			}
			// The members carry on from the new space.
			if got := do(tt.to, "a", "offer add go"); !strings.Contains(got, "You offer: go") {
				t.Errorf("after the move: %s", got)
			}
		})
	}
}

// TestMovedSpaceKeepsAnnouncingInItself: a Telegram group announces in
// itself; once it becomes a supergroup, events go to the supergroup.
func TestMovedSpaceKeepsAnnouncingInItself(t *testing.T) {
	b, err := bot.New(bot.Config{Store: openDB(t), Messengers: []bot.Messenger{newFake()}, Communities: []bot.Community{{
		ID: "labbit", Spaces: []bot.Space{{Platform: "test", ID: "-4001", AnnounceChannel: "-4001"}}, Settings: bot.DefaultSettings(),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.MoveSpace(context.Background(), "test", "-4001", "-1004001"); err != nil {
		t.Fatal(err)
	}
	if s := b.Communities()[0].Spaces[0]; s.ID != "-1004001" || s.AnnounceChannel != "-1004001" {
		t.Errorf("space after the move: %+v", s)
	}
}
