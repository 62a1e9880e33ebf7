package fakechat

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/store"
)

// world is the real core over a real Badger store, on the fake platform.
type world struct {
	t    *testing.T
	chat *Chat
	bot  *bot.Bot
	now  time.Time
	seen []Message // everything delivered, for the size checks
}

func newWorld(t *testing.T, members ...string) *world {
	t.Helper()
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &world{t: t, chat: New(), now: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	s := bot.DefaultSettings()
	s.Name, s.Timezone = "Labbit", "Europe/Rome"
	w.bot, err = bot.New(bot.Config{Store: db, Now: func() time.Time { return w.now }, Messengers: []bot.Messenger{w.chat},
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{Platform + ":mod"},
			Spaces: []bot.Space{{Platform: Platform, ID: space, AnnounceChannel: "events"}}, Settings: s}}})
	if err != nil {
		t.Fatal(err)
	}
	skills := []string{"go", "ux design", "sales", "legal"}
	for i, u := range members {
		w.group(u, "join", "")
		w.group(u, "offer add "+skills[i%4], "")
		w.group(u, "seek add "+skills[(i+1)%4], "")
	}
	w.take()
	t.Cleanup(w.checkSizes)
	return w
}

// group runs a command typed in the group and checks the reply holds want.
func (w *world) group(user, text, want string) Message {
	w.t.Helper()
	return w.check(w.chat.Command(context.Background(), w.bot, space, user, text), user, text, want)
}

// private runs a command written in the user's private chat.
func (w *world) private(user, text, want string) Message {
	w.t.Helper()
	return w.check(w.chat.PrivateCommand(context.Background(), w.bot, user, text), user, text, want)
}

func (w *world) check(m Message, user, text, want string) Message {
	w.t.Helper()
	if !strings.Contains(m.Text, want) {
		w.t.Fatalf("%s: %q answered %q, want …%s…", user, text, m.Text, want)
	}
	return m
}

// deliver sends what the outbox holds and returns what arrived.
func (w *world) deliver() []Message {
	w.t.Helper()
	if err := w.bot.DeliverDue(context.Background(), Platform); err != nil {
		w.t.Fatal(err)
	}
	return w.take()
}

func (w *world) take() []Message {
	ms := w.chat.Take()
	w.seen = append(w.seen, ms...)
	return ms
}

// checkSizes holds every message the core produced to the platform's
// limits: 2,000 characters, buttons of at most 64 bytes.
func (w *world) checkSizes() {
	w.seen = append(w.seen, w.chat.Take()...)
	for _, m := range w.seen {
		if n := utf8.RuneCountInString(m.Text); n > Limit {
			w.t.Errorf("a message to %s has %d characters, over %d", m.To, n, Limit)
		}
		for _, b := range m.Buttons {
			if len(b.Command) > bot.MaxButtonCommand {
				w.t.Errorf("button %q carries %d bytes", b.Label, len(b.Command))
			}
		}
	}
}

func to(ms []Message, user string) []Message {
	var out []Message
	for _, m := range ms {
		if m.To == user {
			out = append(out, m)
		}
	}
	return out
}

func button(t *testing.T, m Message, command string) bot.Button {
	t.Helper()
	for _, b := range m.Buttons {
		if strings.HasPrefix(b.Command, command) {
			return b
		}
	}
	t.Fatalf("no %q button in %+v", command, m.Buttons)
	return bot.Button{}
}

func TestRoundIntrosArriveAsOneDMEachNamingTheOthers(t *testing.T) {
	users := []string{"m0", "m1", "m2", "m3"}
	w := newWorld(t, users...)
	r, err := w.bot.RunRound(context.Background(), "labbit", bot.RoundOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Groups) == 0 {
		t.Fatal("the round made no groups")
	}
	got := w.deliver()
	for _, g := range r.Groups {
		for _, id := range g.Members {
			dms := to(got, id.User)
			if len(dms) != 1 {
				t.Fatalf("%s got %d messages for the round, want 1: %+v", id.User, len(dms), dms)
			}
			for _, other := range g.Members {
				if other != id && !strings.Contains(dms[0].Text, "<@"+other.User+">") {
					t.Errorf("%s's intro does not name %s:\n%s", id.User, other.User, dms[0].Text)
				}
			}
		}
	}
	// Follow-ups fall due after 72 h; their buttons answer them.
	w.now = w.now.Add(73 * time.Hour)
	first := r.Groups[0].Members[0].User
	followups := to(w.deliver(), first)
	if len(followups) != 1 {
		t.Fatalf("%s got %d follow-ups, want 1", first, len(followups))
	}
	met := button(t, followups[0], "met yes")
	if m := w.chat.Press(context.Background(), w.bot, "", first, met); !strings.Contains(m.Text, "thank you") {
		t.Errorf("met yes answered %q", m.Text)
	}
}

func TestIntroFromAPrivateChatPutsBothInTouch(t *testing.T) {
	w := newWorld(t, "anna", "marco")
	// Written in a private chat: no space; the core finds the community.
	w.private("anna", "intro @marco I need help with ux", "Request 1 sent")
	got := to(w.deliver(), "marco")
	if len(got) != 1 || !strings.Contains(got[0].Text, "<@anna>") {
		t.Fatalf("marco's request DM: %+v", got)
	}
	accept := button(t, got[0], "intro accept")
	if m := w.chat.Press(context.Background(), w.bot, "", "marco", accept); !strings.Contains(m.Text, "in touch") {
		t.Fatalf("accept answered %q", m.Text)
	}
	w.take() // the answer to the press
	got = w.deliver()
	for user, other := range map[string]string{"anna": "marco", "marco": "anna"} {
		dms := to(got, user)
		if len(dms) != 1 || !strings.Contains(dms[0].Text, "<@"+other+">") {
			t.Errorf("%s was not put in touch with %s: %+v", user, other, dms)
		}
	}
}

func TestEventPostedRSVPByButtonAndReminded(t *testing.T) {
	w := newWorld(t, "anna", "marco")
	w.group("mod", "announce Cena | 2026-11-30 18:30 | Trattoria", "Event 1 announced")
	posts := to(w.deliver(), "#events")
	if len(posts) != 1 || !strings.Contains(posts[0].Text, "Cena") {
		t.Fatalf("event post: %+v", posts)
	}
	going := button(t, posts[0], "rsvp 1 yes")
	if m := w.chat.Press(context.Background(), w.bot, space, "anna", going); !strings.Contains(m.Text, "remind") {
		t.Fatalf("rsvp answered %q", m.Text)
	}
	w.deliver()
	// The reminder is due one day before: 2026-11-29 17:30 UTC.
	w.now = time.Date(2026, 11, 29, 17, 31, 0, 0, time.UTC)
	got := w.deliver()
	if dms := to(got, "anna"); len(dms) != 1 || !strings.Contains(dms[0].Text, "Cena") {
		t.Errorf("anna's reminder: %+v", dms)
	}
	if dms := to(got, "marco"); len(dms) != 0 {
		t.Errorf("marco, not going, got %+v", dms)
	}
}

// TestLongAnswersFitTheLimit runs the core's longest answers on a
// platform of 2,000 characters: every part fits (checkSizes) and nothing
// is lost.
func TestLongAnswersFitTheLimit(t *testing.T) {
	w := newWorld(t, "anna")
	w.group("mod", "join", "")
	long := strings.Repeat("Long bio with <markup> & *stars* @everyone. ", 20)
	w.private("anna", "bio "+long[:min(len(long), 600)], "")
	for i := range 12 {
		w.group("mod", fmt.Sprintf("announce Event number %d with a long enough title | 2026-12-%02d 18:30 | https://example.com/place/%d", i, 10+i, i), "announced")
	}
	w.take()
	for _, cmd := range []string{"help", "export-me", "events", "members", "find go"} {
		m := w.private("mod", cmd, "")
		if cmd == "events" {
			for i := range 12 {
				if !strings.Contains(m.Text, fmt.Sprintf("Event number %d ", i)) {
					t.Errorf("events lost event %d", i)
				}
			}
		}
	}
	parts := to(w.take(), "mod")
	if len(parts) <= 5 {
		t.Errorf("%d messages for 5 long answers: nothing was split", len(parts))
	}
	for _, m := range parts {
		if n := utf8.RuneCountInString(m.Text); n > Limit {
			t.Errorf("an answer to %s has %d characters", m.To, n)
		}
	}
}
