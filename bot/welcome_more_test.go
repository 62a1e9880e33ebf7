package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// fitGreeter is a spaceGreeter whose messages fit when their text is at
// most max bytes long.
type fitGreeter struct {
	spaceGreeter
	max int
}

func (f fitGreeter) Fits(m bot.Message) bool { return len(m.PlainText()) <= f.max }

func TestWelcomeOffStopsQueuedWelcomes(t *testing.T) {
	for _, greeter := range []bool{false, true} {
		t.Run(fmt.Sprint("greeter=", greeter), func(t *testing.T) {
			e, f := welcomeEnv(t, greeter)
			e.must("bo", "join", "Welcome")
			e.clock.Add(8 * 24 * time.Hour)
			e.arrive("anna", "")
			if err := e.bot.TickAll(context.Background()); err != nil { // bo's reminder is queued...
				t.Fatal(err)
			}
			// ...and the welcome is turned off before the outbox sends them.
			e.must("mod", "welcome off", "no welcome")
			e.clock.Add(welcomeMinute)
			e.deliver()
			if got := f.greeted(); len(got) != 0 {
				t.Errorf("welcome posts after welcome off: %v", got)
			}
			if n := len(f.dmsTo("anna")) + len(f.dmsTo("bo")); n != 0 {
				t.Errorf("%d welcome or reminder DMs after welcome off", n)
			}
		})
	}
}

// welcomeMinute is a little more than the welcome post's batch.
const welcomeMinute = 61 * time.Second

func TestWelcomeOncePerCommunityAcrossItsSpaces(t *testing.T) {
	f := newPostFake()
	e := &env{t: t, db: openDB(t), clock: &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}}
	s := bot.DefaultSettings()
	s.Name = "Labbit"
	b, err := bot.New(bot.Config{Store: e.db, Now: e.clock.Now, Messengers: []bot.Messenger{f},
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{"test:mod"},
			Spaces: []bot.Space{{Platform: "test", ID: "S1", AnnounceChannel: "C1"}, {Platform: "test", ID: "S2", AnnounceChannel: "C2"}}, Settings: s}}})
	if err != nil {
		t.Fatal(err)
	}
	e.bot = b
	arrive := func(user, space string) {
		t.Helper()
		if err := b.Arrived(context.Background(), bot.Arrival{Platform: "test", Space: space, User: user, Name: displayName(user)}); err != nil {
			t.Fatal(err)
		}
		e.deliver()
	}
	arrive("anna", "S1")
	e.must("anna", "join", "Welcome") // a member in S1
	arrive("anna", "S2")
	arrive("bo", "S1") // a welcomed guest in S1
	arrive("bo", "S2")
	for _, u := range []string{"anna", "bo"} {
		if n := len(f.dmsTo(u)); n != 1 {
			t.Errorf("%s got %d welcomes in two spaces of one community, want 1", u, n)
		}
	}
	if err := e.db.View(context.Background(), func(tx bot.Tx) error {
		_, err := tx.Member("labbit", bot.MemberID{Platform: "test", Space: "S2", User: "bo"})
		return err
	}); err == nil {
		t.Error("a second record was stored for bo in S2")
	}
}

func TestWelcomePostNamesAFewAndCountsTheRest(t *testing.T) {
	tests := []struct {
		name      string
		max       int // Fits limit, 0 for none
		wantNamed int
	}{
		{"no limit", 0, 10},
		{"a small platform", 380, 0}, // fewer than 10, at least 1
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newPostFake()
			e := &env{t: t, db: openDB(t), clock: &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}}
			var m bot.Messenger = spaceGreeter{f}
			if tt.max > 0 {
				m = fitGreeter{spaceGreeter{f}, tt.max}
			}
			e.bot = eventBot(t, e, m)
			const arrivals = 400
			for i := range arrivals {
				e.arrive(fmt.Sprintf("u%03d", i), "")
				e.clock.Add(100 * time.Millisecond)
			}
			e.clock.Add(welcomeMinute)
			e.deliver()
			got := f.greeted()
			if len(got) != 1 {
				t.Fatalf("%d welcome posts in a minute, want 1", len(got))
			}
			named := len(got[0])
			switch {
			case tt.wantNamed > 0 && named != tt.wantNamed:
				t.Errorf("the post names %d, want %d", named, tt.wantNamed)
			case tt.wantNamed == 0 && (named < 1 || named >= 10):
				t.Errorf("the post names %d, want fewer than 10 to fit, and one at least", named)
			}
			f.pmu.Lock()
			text := f.posts[0].PlainText()
			f.pmu.Unlock()
			if want := fmt.Sprintf("%d others", arrivals-named); !strings.Contains(text, want) {
				t.Errorf("the post lacks %q:\n%s", want, text)
			}
			if tt.max > 0 && len(text) > tt.max {
				t.Errorf("the post is %d long, over the platform's %d", len(text), tt.max)
			}
		})
	}
}

// Links, a company and a time zone are no offers, seeks or bio: the
// reminder still goes, and does not call that profile empty.
func TestWelcomeReminderNamesWhatIsMissing(t *testing.T) {
	e, f := welcomeEnv(t, false)
	e.must("anna", "join", "Welcome")
	e.must("anna", "links https://anna.example", "")
	e.must("anna", "company Acme", "")
	e.must("anna", "tz Europe/Rome", "")
	e.clock.Add(7*24*time.Hour + time.Minute)
	e.tickAll()
	got := f.reminders("anna")
	if len(got) != 1 {
		t.Fatalf("anna got %d reminders, want 1", len(got))
	}
	if text := got[0].PlainText(); strings.Contains(text, "empty") {
		t.Errorf("the reminder calls a profile with links and a company empty:\n%s", text)
	}
}

// A linked account arriving in another space of the community, on its
// own platform, is the same person: no welcome.
func TestNoWelcomeForALinkedAccountInAnotherSpace(t *testing.T) {
	e := &env{t: t, db: openDB(t), clock: &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}}
	tp := &twoPlatforms{env: e, test: newFake(), chat: newFake()}
	b, err := bot.New(bot.Config{
		Store: e.db, Now: e.clock.Now,
		Messengers: []bot.Messenger{onPlatform{tp.test, "test"}, onPlatform{tp.chat, "chat"}},
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{"test:mod"}, Settings: bot.DefaultSettings(),
			Spaces: []bot.Space{{Platform: "test", ID: "S1"}, {Platform: "chat", ID: "C1"}, {Platform: "chat", ID: "C2"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e.bot = b
	tp.must("anna", "join", "Welcome")
	tp.onMust("ada", "link "+tp.code("anna"), "Linked")
	if err := b.Arrived(context.Background(), bot.Arrival{Platform: "chat", Space: "C2", User: "ada", Name: "Ada"}); err != nil {
		t.Fatal(err)
	}
	e.deliver()
	if err := b.DeliverDue(context.Background(), "chat"); err != nil {
		t.Fatal(err)
	}
	if n := len(tp.chat.texts("ada")) + len(tp.test.texts("anna")); n != 0 {
		t.Errorf("the linked account got %d messages on arriving, want none", n)
	}
}
