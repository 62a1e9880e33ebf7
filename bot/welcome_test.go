package bot_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// spaceGreeter is a platform where the bot cannot write first: welcomes
// are posts in the space, with a join link.
type spaceGreeter struct{ *postFake }

func (spaceGreeter) GreetChannel(space string) (string, bool) { return space, true }
func (spaceGreeter) JoinLink(space string) string             { return "https://t.example/bot?start=join-" + space }

// welcomeEnv is eventEnv's community (announce channel C1) on a platform
// that DMs, or that only posts when greeter is set.
func welcomeEnv(t *testing.T, greeter bool) (*env, *postFake) {
	t.Helper()
	f := newPostFake()
	e := &env{t: t, db: openDB(t), clock: &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}}
	var m bot.Messenger = f
	if greeter {
		m = spaceGreeter{f}
	}
	e.bot = eventBot(t, e, m)
	return e, f
}

// arrive tells the bot that user arrived in channel ("": the space).
func (e *env) arrive(user, channel string) {
	e.t.Helper()
	if err := e.bot.Arrived(context.Background(), bot.Arrival{Platform: "test", Space: "S1", User: user, Name: displayName(user), Channel: channel}); err != nil {
		e.t.Fatal(err)
	}
}

// tickAll runs the scheduler once and sends what fell due.
func (e *env) tickAll() {
	e.t.Helper()
	if err := e.bot.TickAll(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	e.deliver()
}

// dmsTo returns the DMs user received.
func (f *postFake) dmsTo(user string) []bot.Message {
	f.pmu.Lock()
	defer f.pmu.Unlock()
	return slices.Clone(f.dmMsg[user])
}

// reminders returns the empty-profile reminders user received (rounds
// send them intros too).
func (f *postFake) reminders(user string) []bot.Message {
	var out []bot.Message
	for _, m := range f.dmsTo(user) {
		if strings.Contains(m.PlainText(), "no offers, seeks or bio yet") {
			out = append(out, m)
		}
	}
	return out
}

// greeted returns the names each welcome post mentions, post by post.
func (f *postFake) greeted() [][]string {
	f.pmu.Lock()
	defer f.pmu.Unlock()
	var out [][]string
	for _, p := range f.posts {
		var names []string
		for _, b := range p.Blocks {
			for _, s := range b.Spans {
				if s.Style == bot.Mention {
					names = append(names, s.Member.User)
				}
			}
		}
		out = append(out, names)
	}
	return out
}

func TestWelcomeOncePerPersonAndCommunity(t *testing.T) {
	e, f := welcomeEnv(t, false)
	e.must("bob", "join", "Welcome")
	e.arrive("anna", "")
	e.arrive("anna", "C1") // the announce channel too
	e.arrive("bob", "")    // a member already
	e.arrive("carl", "C9") // a channel other than the announce one
	if err := e.bot.Arrived(context.Background(), bot.Arrival{Platform: "test", Space: "S1", User: "robot", Bot: true}); err != nil {
		t.Fatal(err)
	}
	e.deliver()
	got := f.dmsTo("anna")
	if len(got) != 1 {
		t.Fatalf("anna got %d welcomes, want 1", len(got))
	}
	if b := got[0].Buttons; len(b) != 1 || b[0].Command != "join" {
		t.Errorf("welcome buttons = %+v, want one Join", b)
	}
	for _, cmd := range []string{"offer add", "seek add", "bio"} {
		if !strings.Contains(got[0].PlainText(), cmd) {
			t.Errorf("welcome lacks %q:\n%s", cmd, got[0].PlainText())
		}
	}
	for _, u := range []string{"bob", "carl", "robot"} {
		if n := len(f.dmsTo(u)); n != 0 {
			t.Errorf("%s got %d welcomes, want none", u, n)
		}
	}
	if m := e.member("anna"); m.Status != bot.StatusGuest || m.Welcomed.IsZero() {
		t.Errorf("anna's record: status %s, welcomed %v; want a welcomed guest", m.Status, m.Welcomed)
	}
	// Joining, leaving and coming back brings no second welcome.
	e.must("anna", "join", "Welcome")
	e.must("anna", "leave", "")
	e.clock.Add(30 * 24 * time.Hour)
	e.arrive("anna", "")
	e.deliver()
	if n := len(f.dmsTo("anna")); n != 1 {
		t.Errorf("anna got %d welcomes after coming back, want still 1", n)
	}
}

func TestWelcomeSkippedWhenJoinedBeforeSent(t *testing.T) {
	e, f := welcomeEnv(t, false)
	e.arrive("anna", "")
	e.must("anna", "join", "Welcome")
	e.deliver()
	if n := len(f.dmsTo("anna")); n != 0 {
		t.Errorf("anna joined before her welcome went out and got %d, want none", n)
	}
}

func TestWelcomeBatchedInSpaceOncePerMinute(t *testing.T) {
	e, f := welcomeEnv(t, true)
	e.arrive("anna", "")
	e.clock.Add(20 * time.Second)
	e.arrive("bo", "")
	e.deliver()
	if n := len(f.greeted()); n != 0 {
		t.Fatalf("%d posts before the minute is over, want none", n)
	}
	e.clock.Add(30 * time.Second)
	e.arrive("carl", "")
	e.arrive("bo", "") // again: named once
	e.clock.Add(15 * time.Second)
	e.deliver()
	e.arrive("dora", "") // after the post: the next one
	e.clock.Add(30 * time.Second)
	e.deliver()
	e.clock.Add(31 * time.Second)
	e.deliver()
	want := [][]string{{"anna", "bo", "carl"}, {"dora"}}
	if got := f.greeted(); !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("posts named %v, want %v", got, want)
	}
	f.pmu.Lock()
	first, ch := f.posts[0], f.chans[0]
	f.pmu.Unlock()
	if ch != "S1" {
		t.Errorf("posted to %q, want the space S1", ch)
	}
	if b := first.Buttons; len(b) != 1 || !strings.Contains(b[0].URL, "start=join-S1") {
		t.Errorf("post buttons = %+v, want the Start link", b)
	}
	if n := len(f.dmsTo("anna")); n != 0 {
		t.Errorf("anna got %d DMs on a platform that cannot DM first", n)
	}
}

func TestWelcomeReminderExactlyOnceAfterAWeek(t *testing.T) {
	e, f := welcomeEnv(t, false)
	for _, u := range []string{"anna", "bo", "carl", "dora", "eve", "finn"} {
		e.must(u, "join", "Welcome")
	}
	e.must("bo", "offer add go", "")
	e.must("eve", "bio I make maps", "")
	e.must("carl", "leave", "")
	e.must("dora", "pause", "")
	e.must("mod", "remove @finn", "")
	if st := e.member("finn").Status; st != bot.StatusRemoved {
		t.Fatalf("finn is %s, want removed", st)
	}
	e.clock.Add(6 * 24 * time.Hour)
	e.tickAll()
	if n := len(f.dmsTo("anna")); n != 0 {
		t.Fatalf("anna reminded after 6 days (%d DMs)", n)
	}
	e.clock.Add(24*time.Hour + time.Minute)
	e.tickAll()
	e.clock.Add(2 * time.Hour)
	e.tickAll()
	// A restart: a new bot on the same store.
	e.bot = eventBot(t, e, f)
	e.tickAll()
	e.clock.Add(3 * 24 * time.Hour)
	e.tickAll()
	if got := f.reminders("anna"); len(got) != 1 || !strings.Contains(got[0].PlainText(), "offer add") {
		t.Fatalf("anna got %d reminders, want exactly 1", len(got))
	}
	for _, u := range []string{"bo", "carl", "dora", "eve", "finn"} {
		if n := len(f.reminders(u)); n != 0 {
			t.Errorf("%s got %d reminders, want none", u, n)
		}
	}
	if e.member("anna").Reminded.IsZero() {
		t.Error("anna's reminder is not recorded")
	}
}

func TestWelcomeOffSendsNothing(t *testing.T) {
	e, f := welcomeEnv(t, false)
	e.must("mod", "welcome off", "no welcome")
	e.must("anna", "join", "Welcome")
	e.arrive("carl", "")
	e.clock.Add(7*24*time.Hour + time.Hour)
	e.tickAll()
	if n := len(f.dmsTo("carl")) + len(f.reminders("anna")); n != 0 {
		t.Fatalf("%d messages with welcomes off, want none", n)
	}
	e.must("mod", "config welcome", "welcome = off")
	e.must("mod", "welcome on", "again")
	e.arrive("carl", "")
	e.deliver()
	if n := len(f.dmsTo("carl")); n != 1 {
		t.Errorf("carl got %d welcomes once on again, want 1", n)
	}
}

func TestWelcomeCustomFirstLine(t *testing.T) {
	e, f := welcomeEnv(t, false)
	// Member-written markup stays text: the line is one plain span, which
	// every adapter escapes.
	line := "*Ciao* <b>nuovi</b> @channel `x`"
	e.must("mod", "welcome text "+line, "Newcomers will read")
	e.arrive("anna", "")
	e.deliver()
	e.must("mod", "welcome text -", "rete's own line")
	e.arrive("bo", "")
	e.deliver()
	anna, bo := f.dmsTo("anna"), f.dmsTo("bo")
	if len(anna) != 1 || len(bo) != 1 {
		t.Fatalf("welcomes: anna %d, bo %d; want 1 each", len(anna), len(bo))
	}
	if first := anna[0].Blocks[0].Spans; len(first) != 1 || first[0] != bot.Text(line) {
		t.Errorf("first line = %+v, want one plain span %q", first, line)
	}
	if got := bo[0].PlainText(); strings.Contains(got, "nuovi") || !strings.HasPrefix(got, "Welcome to Labbit!") {
		t.Errorf("after the reset, bo read:\n%s", got)
	}
	for _, bad := range []string{strings.Repeat("x", bot.MaxWelcomeText+1), "\u200b\u200b"} {
		e.must("mod", "welcome text "+bad, "1 to 200 characters")
	}
	e.must("mod", "config welcome.text", "welcome.text = -")
	e.must("anna", "join", "")
	e.must("anna", "welcome off", "moderator")
}

func TestNoReminderForAJoinLongAgo(t *testing.T) {
	e, f := welcomeEnv(t, false)
	e.must("anna", "join", "Welcome")
	e.clock.Add(15 * 24 * time.Hour) // rete was down, or had no reminders yet
	e.tickAll()
	if n := len(f.reminders("anna")); n != 0 {
		t.Errorf("anna, who joined 15 days ago, got %d reminders", n)
	}
}

// A reminder that falls due while welcomes are off is dropped, not sent
// once they are back on.
func TestWelcomeReminderDueWhileOffIsNeverSent(t *testing.T) {
	e, f := welcomeEnv(t, false)
	e.must("anna", "join", "Welcome")
	e.must("mod", "welcome off", "no welcome")
	e.clock.Add(7*24*time.Hour + time.Hour)
	e.tickAll()
	e.must("mod", "welcome on", "again")
	e.clock.Add(2 * time.Hour)
	e.tickAll()
	e.clock.Add(2 * time.Hour)
	e.tickAll()
	if n := len(f.reminders("anna")); n != 0 {
		t.Errorf("anna got %d reminders due while welcomes were off, want none", n)
	}
	if e.member("anna").Reminded.IsZero() {
		t.Errorf("anna's reminder is not marked done")
	}
}
