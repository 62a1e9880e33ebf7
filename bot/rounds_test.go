package bot_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// fakeMessenger records sends and fails for chosen members.
type fakeMessenger struct {
	mu          sync.Mutex
	sent        map[string][]string // user → texts
	msgs        map[string][]bot.Message
	groups      [][]string
	unreachable map[string]bool
	retry       map[string]int // user → rate-limited answers left
	group       bool
}

func newFake() *fakeMessenger {
	return &fakeMessenger{sent: map[string][]string{}, msgs: map[string][]bot.Message{}, unreachable: map[string]bool{}, retry: map[string]int{}}
}

func (f *fakeMessenger) Platform() string { return "test" }
func (f *fakeMessenger) DM(_ context.Context, to bot.MemberID, m bot.Message) (bot.MessageRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.unreachable[to.User] {
		return bot.MessageRef{}, fmt.Errorf("fake: %w", bot.ErrUnreachable)
	}
	if f.retry[to.User] > 0 {
		f.retry[to.User]--
		return bot.MessageRef{}, &bot.RetryError{After: time.Minute, Err: errors.New("429")}
	}
	f.sent[to.User] = append(f.sent[to.User], m.PlainText())
	f.msgs[to.User] = append(f.msgs[to.User], m)
	return bot.MessageRef{Platform: "test", ID: "1"}, nil
}
func (f *fakeMessenger) Post(context.Context, string, string, bot.Message) (bot.MessageRef, error) {
	return bot.MessageRef{Platform: "test"}, nil
}

// groupFake is a fakeMessenger that can also open group conversations.
type groupFake struct{ *fakeMessenger }

func (g groupFake) Group(_ context.Context, ms []bot.MemberID, m bot.Message) (bot.MessageRef, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	var users []string
	for _, id := range ms {
		users = append(users, id.User)
		g.sent[id.User] = append(g.sent[id.User], m.PlainText())
	}
	g.groups = append(g.groups, users)
	return bot.MessageRef{Platform: "test"}, nil
}

// lastMessage is the newest message sent to user.
func (f *fakeMessenger) lastMessage(user string) bot.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	ms := f.msgs[user]
	if len(ms) == 0 {
		return bot.Message{}
	}
	return ms[len(ms)-1]
}

func (f *fakeMessenger) texts(user string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.sent[user]...)
}

// roundEnv is a community of n joined members with a fake messenger.
// fakeRoundEnv is roundEnv with a fake messenger, returned to read what
// was sent.
func fakeRoundEnv(t *testing.T, n int) (*env, *fakeMessenger) {
	t.Helper()
	f := newFake()
	return roundEnv(t, n, f), f
}

func roundEnv(t *testing.T, n int, m bot.Messenger) *env {
	t.Helper()
	e := &env{t: t, db: openDB(t), clock: &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}}
	s := bot.DefaultSettings()
	s.Name, s.Timezone = "Labbit", "Europe/Rome"
	b, err := bot.New(bot.Config{Store: e.db, Now: e.clock.Now, Messengers: []bot.Messenger{m},
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{"test:mod"}, Spaces: []bot.Space{{Platform: "test", ID: "S1"}}, Settings: s}}})
	if err != nil {
		t.Fatal(err)
	}
	e.bot = b
	skills := []string{"go", "ux design", "sales", "legal", "finance"}
	for i := range n {
		u := fmt.Sprintf("m%02d", i)
		e.must(u, "join", "Welcome")
		e.must(u, "offer add "+skills[i%5], "You offer")
		e.must(u, "seek add "+skills[(i+1)%5], "You seek")
	}
	return e
}

func (e *env) deliver() {
	e.t.Helper()
	if err := e.bot.DeliverDue(context.Background(), "test"); err != nil {
		e.t.Fatal(err)
	}
}

func TestRoundDeliversIntrosAndFollowups(t *testing.T) {
	e, f := fakeRoundEnv(t, 5)
	preview := e.must("mod", "round preview", "2 groups. Nothing was sent or stored.")
	e.deliver()
	if len(f.texts("m00")) != 0 {
		t.Fatalf("preview sent something: %q", f.texts("m00"))
	}
	got := e.must("mod", "round now", "2 groups; intros are on their way")
	if strings.ReplaceAll(got, "Round", "") == "" || !strings.Contains(preview, "offers") {
		t.Errorf("preview lacks reasons:\n%s", preview)
	}
	e.deliver()
	for i := range 5 {
		u := fmt.Sprintf("m%02d", i)
		txt := f.texts(u)
		if len(txt) != 1 || !strings.Contains(txt[0], "Your Labbit pairing this week") || !strings.Contains(txt[0], "A first question:") {
			t.Fatalf("%s got %q", u, txt)
		}
	}
	e.must("m00", "pairing", "Your latest pairing")
	// Follow-ups fall due after 72 h.
	e.clock.Add(71 * time.Hour)
	e.deliver()
	if n := len(f.texts("m00")); n != 1 {
		t.Fatalf("follow-up sent early: %d messages", n)
	}
	e.clock.Add(2 * time.Hour)
	e.deliver()
	txt := f.texts("m00")
	if len(txt) != 2 || !strings.HasPrefix(txt[1], "Did you meet @") {
		t.Fatalf("follow-up: %q", txt)
	}
	e.must("m00", "met yes", "Great, thank you!")
	e.must("m01", "met no", "Thank you for telling me")
	e.must("mod", "stats", "Rounds: 1; met: 1 of 2 answers (50%)")
	// Delivering again sends nothing new.
	e.deliver()
	if n := len(f.texts("m00")); n != 2 {
		t.Errorf("re-delivery: %d messages", n)
	}
}

func TestRoundGroupConversation(t *testing.T) {
	f := newFake()
	e := roundEnv(t, 4, groupFake{f})
	e.must("mod", "round now", "2 groups")
	e.deliver()
	if len(f.groups) != 2 {
		t.Fatalf("groups %v, want 2 group conversations", f.groups)
	}
	if txt := f.texts("m00"); len(txt) != 1 || !strings.Contains(txt[0], "This week's Labbit pairing") {
		t.Errorf("group intro %q", txt)
	}
}

func TestScheduleOnePerPeriod(t *testing.T) {
	e := roundEnv(t, 4, newFake())
	ctx := context.Background()
	// First tick only sets the next period: Monday 30 Nov 09:00 Rome.
	if r, err := e.bot.Tick(ctx, "labbit"); err != nil || r != nil {
		t.Fatalf("first tick: %v %v", r, err)
	}
	e.clock.Add(3*24*time.Hour - 2*time.Hour) // Mon 08:00 UTC = 09:00 Rome
	var wg sync.WaitGroup
	rounds := make(chan *bot.Round, 2)
	for range 2 { // a double trigger
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := e.bot.Tick(ctx, "labbit")
			if err != nil {
				t.Error(err)
			}
			rounds <- r
		}()
	}
	wg.Wait()
	close(rounds)
	ran := 0
	for r := range rounds {
		if r != nil {
			ran++
			if r.ID != "20261130T0800Z" {
				t.Errorf("round id %s", r.ID)
			}
		}
	}
	if ran != 1 {
		t.Fatalf("%d rounds for one period", ran)
	}
	// Down for two weeks: one catch-up round, then the next period.
	e.clock.Add(15 * 24 * time.Hour)
	r, err := e.bot.Tick(ctx, "labbit")
	if err != nil || r == nil || r.ID != "20261207T0800Z" || r.Number != 2 {
		t.Fatalf("catch-up: %+v %v", r, err)
	}
	if r, err := e.bot.Tick(ctx, "labbit"); err != nil || r != nil {
		t.Fatalf("second catch-up: %+v %v", r, err)
	}
	e.must("m00", "pairing", "Next round: Mon 21 Dec 2026, 09:00 CET")
}

func TestUnreachableMemberDoesNotHoldOthers(t *testing.T) {
	e, f := fakeRoundEnv(t, 4)
	f.unreachable["m01"] = true
	f.retry["m02"] = 1
	e.must("mod", "round now", "2 groups")
	e.deliver()
	if m := e.member("m01"); m.Status != bot.StatusUnreachable {
		t.Errorf("m01 status %s", m.Status)
	}
	for _, u := range []string{"m00", "m03"} {
		if len(f.texts(u)) != 1 {
			t.Errorf("%s got %d intros", u, len(f.texts(u)))
		}
	}
	if len(f.texts("m02")) != 0 {
		t.Fatal("rate-limited send was not postponed")
	}
	e.clock.Add(2 * time.Minute)
	e.deliver()
	if len(f.texts("m02")) != 1 {
		t.Error("rate-limited intro never arrived")
	}
	got := e.must("mod", "stats", "1 unreachable")
	_ = got
	// Left out of the next round until they interact again.
	e.must("mod", "round preview", "1 group. Nothing was sent or stored.")
	f.unreachable["m01"] = false
	e.must("m01", "profile", "@M01")
	if m := e.member("m01"); m.Status != bot.StatusActive {
		t.Errorf("m01 back: status %s", m.Status)
	}
}

func TestThreeUnansweredFollowupsPause(t *testing.T) {
	e, f := fakeRoundEnv(t, 3)
	for range 3 {
		e.must("mod", "round now", "1 group;")
		e.clock.Add(7 * 24 * time.Hour)
		e.deliver()
		e.must("m01", "met yes", "Great")
		e.must("m02", "met yes", "Great")
	}
	e.must("mod", "round now", "1 group;")
	e.deliver()
	if m := e.member("m00"); m.Status != bot.StatusPaused {
		t.Fatalf("m00 status %s after three silent follow-ups", m.Status)
	}
	txt := f.texts("m00")
	if last := txt[len(txt)-1]; !strings.Contains(last, "three pairings in a row without an answer") {
		t.Errorf("last DM %q", last)
	}
}

func TestForgetMeKeepsOnlyAHash(t *testing.T) {
	e := roundEnv(t, 2, newFake())
	e.must("mod", "round now", "1 group;")
	e.must("m00", "met yes", "Great")
	e.must("m00", "forget-me confirm", "everything about you is deleted")
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		return tx.Rounds("labbit", func(r *bot.Round) error {
			for _, g := range r.Groups {
				for _, m := range g.Members {
					if m.User == "m00" {
						t.Errorf("round %s still names m00", r.ID)
					}
				}
				if len(g.Members) != 2 || g.Members[0].Platform != "forgotten" && g.Members[1].Platform != "forgotten" {
					t.Errorf("round %s group %v lacks the hash", r.ID, g.Members)
				}
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestScheduleChangeMovesNextRound(t *testing.T) {
	e := roundEnv(t, 2, newFake())
	if _, err := e.bot.Tick(context.Background(), "labbit"); err != nil {
		t.Fatal(err)
	}
	e.must("m00", "pairing", "Next round: Mon 30 Nov 2026, 09:00 CET")
	e.must("mod", "config pairing.schedule 0 9 * * WED", "is now")
	e.must("m00", "pairing", "Next round: Wed 2 Dec 2026, 09:00 CET")
}

func TestUnreachableKeepsPause(t *testing.T) {
	e, f := fakeRoundEnv(t, 3)
	e.must("mod", "round now", "1 group;")
	e.must("m00", "pause", "Paused")
	f.unreachable["m00"] = true
	e.deliver()
	e.must("m00", "profile", "@M00")
	if m := e.member("m00"); m.Status != bot.StatusPaused {
		t.Errorf("status %s, want the pause kept", m.Status)
	}
}

func TestRoundInUnconfiguredSpace(t *testing.T) {
	e := newEnv(t)
	for _, u := range []string{"a", "b"} {
		req := &bot.Request{Platform: "test", Space: "OTHER", User: u, Private: true, Text: "join"}
		e.bot.Handle(context.Background(), req)
	}
	boss := func(text string) string {
		return e.bot.Handle(context.Background(), &bot.Request{Platform: "test", Space: "OTHER", User: "boss", Admin: true, Private: true, Text: text}).PlainText()
	}
	if got := boss("config language it"); !strings.Contains(got, "language") {
		t.Fatalf("config in a space no community lists: %s", got)
	}
	if got := boss("round now"); !strings.Contains(got, "1 gruppo;") {
		t.Errorf("round now in a space no community lists: %s", got)
	}
	if err := e.bot.DeliverDue(context.Background(), "test"); err != nil {
		t.Fatal(err)
	}
	// The intros follow the space's own settings (language), like replies.
	e.dms.mu.Lock()
	defer e.dms.mu.Unlock()
	if len(e.dms.dms) != 2 {
		t.Fatalf("intros %q", e.dms.dms)
	}
	for _, dm := range e.dms.dms {
		if !strings.Contains(dm, "di questa settimana") {
			t.Errorf("intro not in the space's language: %q", dm)
		}
	}
}

// TestRoundWithoutMessengersDecidesAtSend: `rete round now` runs a round on
// a bot with no messengers; the sender then uses a group conversation where
// its platform has one and a DM each where it has not.
func TestRoundWithoutMessengersDecidesAtSend(t *testing.T) {
	for _, tt := range []struct {
		name   string
		fake   *fakeMessenger
		m      func(f *fakeMessenger) bot.Messenger
		groups int
	}{
		{"groups", newFake(), func(f *fakeMessenger) bot.Messenger { return groupFake{f} }, 2},
		{"dms only", newFake(), func(f *fakeMessenger) bot.Messenger { return f }, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := roundEnv(t, 4, tt.m(tt.fake))
			comm, err := e.bot.CommunityByID(context.Background(), "labbit")
			if err != nil {
				t.Fatal(err)
			}
			cli, err := bot.New(bot.Config{Store: e.db, Now: e.clock.Now, Communities: []bot.Community{comm}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := cli.RunRound(context.Background(), "labbit", bot.RoundOptions{}); err != nil {
				t.Fatal(err)
			}
			e.deliver()
			if got := len(tt.fake.groups); got != tt.groups {
				t.Errorf("%d group conversations, want %d", got, tt.groups)
			}
			for i := range 4 {
				u := fmt.Sprintf("m%02d", i)
				if n := len(tt.fake.texts(u)); n != 1 {
					t.Errorf("%s got %d intros, want 1", u, n)
				}
			}
			e.deliver() // nothing left to send twice
			if n := len(tt.fake.texts("m00")); n != 1 {
				t.Errorf("m00 got %d intros after a second pass", n)
			}
		})
	}
}
