package bot_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/store"
)

// onlyTo is the real store whose outbox lists the pending entries of
// one member only, so that a test delivers that member's messages of a
// round of thousands; with fixed, it lists those entries, as read
// before, without a scan of the outbox.
type onlyTo struct {
	*store.DB
	mu    sync.Mutex
	user  string
	fixed []*bot.OutboxEntry
}

func (o *onlyTo) to(user string) { o.mu.Lock(); o.user, o.fixed = user, nil; o.mu.Unlock() }

// fix makes the outbox list the pending entries of user as they are now.
func (o *onlyTo) fix(t *testing.T, user string) {
	t.Helper()
	o.to(user)
	var es []*bot.OutboxEntry
	if err := o.View(context.Background(), func(tx bot.Tx) error {
		return tx.Pending("test", func(e *bot.OutboxEntry) error { es = append(es, e); return nil })
	}); err != nil {
		t.Fatal(err)
	}
	o.mu.Lock()
	o.fixed = es
	o.mu.Unlock()
}

func (o *onlyTo) tx(tx bot.Tx) bot.Tx {
	o.mu.Lock()
	defer o.mu.Unlock()
	return pendingTo{Tx: tx, user: o.user, fixed: o.fixed}
}

func (o *onlyTo) View(ctx context.Context, fn func(bot.Tx) error) error {
	return o.DB.View(ctx, func(tx bot.Tx) error { return fn(o.tx(tx)) })
}

func (o *onlyTo) Update(ctx context.Context, fn func(bot.Tx) error) error {
	return o.DB.Update(ctx, func(tx bot.Tx) error { return fn(o.tx(tx)) })
}

type pendingTo struct {
	bot.Tx
	user  string
	fixed []*bot.OutboxEntry
}

func (p pendingTo) Pending(platform string, fn func(*bot.OutboxEntry) error) error {
	if p.fixed != nil {
		for _, e := range p.fixed {
			c := *e
			if err := fn(&c); err != nil {
				return err
			}
		}
		return nil
	}
	return p.Tx.Pending(platform, func(e *bot.OutboxEntry) error {
		if len(e.To) == 1 && e.To[0].User == p.user {
			return fn(e)
		}
		return nil
	})
}

// Due is Pending's selection in the order and bounds of [bot.OutboxTx.Due].
func (p pendingTo) Due(platform string, now time.Time, after bot.DuePos, limit int, fn func(*bot.OutboxEntry) error) (time.Time, error) {
	var es []*bot.OutboxEntry
	if err := p.Pending(platform, func(e *bot.OutboxEntry) error {
		if pos := (bot.DuePos{NotBefore: e.NotBefore, ID: e.ID}); after == (bot.DuePos{}) || duePosLess(after, pos) {
			es = append(es, e)
		}
		return nil
	}); err != nil {
		return time.Time{}, err
	}
	slices.SortFunc(es, func(a, b *bot.OutboxEntry) int {
		if c := a.NotBefore.Compare(b.NotBefore); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	for i, e := range es {
		if e.NotBefore.After(now) || limit > 0 && i == limit {
			return e.NotBefore, nil
		}
		if err := fn(e); err != nil {
			return time.Time{}, err
		}
	}
	return time.Time{}, nil
}

func duePosLess(a, b bot.DuePos) bool {
	return a.NotBefore.Before(b.NotBefore) || a.NotBefore.Equal(b.NotBefore) && a.ID < b.ID
}

// lateEnv is a round of n members run in a store on disk, a bot whose
// outbox delivers one member's entries at a time, and a member of a
// group in the round's last part with their partner.
type lateEnv struct {
	*bigEnv
	sel       *onlyTo
	dms       *dmRecorder
	round     *bot.Round
	gi        int
	me, other string
}

func newLateEnv(t *testing.T, n int) *lateEnv {
	t.Helper()
	e := &lateEnv{bigEnv: newBigEnv(t, n), dms: &dmRecorder{}}
	e.sel = &onlyTo{DB: e.db}
	set := bot.DefaultSettings()
	set.Name, set.Timezone = "Labbit", "Europe/Rome"
	b, err := bot.New(bot.Config{Store: e.sel, Now: e.clock.Now, Messengers: []bot.Messenger{e.dms},
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{"test:mod"}, Spaces: []bot.Space{{Platform: "test", ID: "S1"}}, Settings: set}}})
	if err != nil {
		t.Fatal(err)
	}
	e.bot = b
	if e.round, err = b.RunRound(context.Background(), "labbit", bot.RoundOptions{}); err != nil {
		t.Fatal(err)
	}
	e.gi = len(e.round.Groups) - 1
	if e.gi < bot.RoundPart {
		t.Fatalf("%d groups: none in a late part", len(e.round.Groups))
	}
	g := e.round.Groups[e.gi]
	e.me, e.other = g.Members[0].User, g.Members[1].User
	return e
}

// deliver delivers the due entries of user and returns the DMs sent.
func (e *lateEnv) deliver(user string) []string {
	e.t.Helper()
	e.sel.to(user)
	return e.send()
}

// send delivers the due entries the outbox lists and returns the DMs
// sent.
func (e *lateEnv) send() []string {
	e.t.Helper()
	e.dms.mu.Lock()
	e.dms.dms = nil
	e.dms.mu.Unlock()
	if err := e.bot.DeliverDue(context.Background(), "test"); err != nil {
		e.t.Fatal(err)
	}
	e.dms.mu.Lock()
	defer e.dms.mu.Unlock()
	return e.dms.dms
}

func (e *lateEnv) do(user, text string) string {
	return e.bot.Handle(context.Background(), dmRequest("test", "S1", user, text)).PlainText()
}

// group returns the stored group of the round at e.gi.
func (e *lateEnv) group() bot.RoundGroup {
	e.t.Helper()
	var g []bot.RoundGroup
	if err := e.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		g, err = tx.RoundGroups("labbit", e.round.ID, e.gi, e.gi+1)
		return err
	}); err != nil || len(g) != 1 {
		e.t.Fatalf("group %d: %v", e.gi, err)
	}
	return g[0]
}

// TestLatePartMemberGetsEverything: a member whose group is in the last
// part of a round in parts gets their intro and follow-up, answers, picks
// a time (their partner is told), and sees their pairing; so does one
// whose Participation does not name their group (counted by an older
// release).
func TestLatePartMemberGetsEverything(t *testing.T) {
	for _, old := range []bool{false, true} {
		t.Run(fmt.Sprint("group unknown ", old), func(t *testing.T) {
			e := newLateEnv(t, 2*bot.RoundPart+40)
			name := func(user string) string { return "User " + strings.TrimPrefix(user, "u") }
			if m := e.member(e.me); m.Part.Last != e.round.ID || m.Part.Group != e.gi+1 {
				t.Fatalf("participation %+v, want round %s, group %d", m.Part, e.round.ID, e.gi+1)
			}
			if old {
				m := e.member(e.me)
				m.Part.Group = 0
				if err := e.db.Update(context.Background(), func(tx bot.Tx) error { return tx.PutMember(m) }); err != nil {
					t.Fatal(err)
				}
			}
			if dms := e.deliver(e.me); len(dms) != 1 || !strings.Contains(dms[0], name(e.other)) {
				t.Fatalf("intro DMs to %s: %q, want one naming %s", e.me, dms, name(e.other))
			}
			if got := e.do(e.me, "pairing"); !strings.Contains(got, name(e.other)) {
				t.Errorf("pairing: %s, want %s", got, name(e.other))
			}
			g := e.group()
			if len(g.Slots) == 0 {
				t.Fatal("the group has no slots to pick")
			}
			e.do(e.me, "meet pick "+e.round.ID+" 1")
			if g := e.group(); g.Pick == nil || g.Pick.By.User != e.me {
				t.Fatalf("pick stored: %+v", g.Pick)
			}
			if dms := e.deliver(e.other); len(dms) != 2 || !containsAll(dms, name(e.me)) {
				t.Errorf("DMs to %s after the pick: %q, want the intro and the pick naming %s", e.other, dms, name(e.me))
			}
			e.clock.t = latest(e.round.FollowupAt, g.Slots[0]).Add(24 * time.Hour)
			if dms := e.deliver(e.me); len(dms) != 1 || !strings.Contains(dms[0], name(e.other)) {
				t.Fatalf("follow-up DMs to %s: %q", e.me, dms)
			}
			e.do(e.me, "met yes")
			if g := e.group(); g.Answers[bot.MemberID{Platform: "test", Space: "S1", User: e.me}.String()] != "yes" {
				t.Errorf("answers stored: %v", g.Answers)
			}
			if m := e.member(e.me); m.Part.Answered != 1 || m.Part.Met != 1 {
				t.Errorf("participation after met yes: %+v", m.Part)
			}
			var sum bot.RoundSummary
			if err := e.db.View(context.Background(), func(tx bot.Tx) error {
				return tx.RoundSummaries("labbit", func(s *bot.RoundSummary) error { sum = *s; return nil })
			}); err != nil {
				t.Fatal(err)
			}
			if sum.Met != 1 || sum.Answers != 1 || sum.Groups != len(e.round.Groups) {
				t.Errorf("summary %+v, want 1 met of 1 answer, %d groups", sum, len(e.round.Groups))
			}
		})
	}
}

// containsAll reports whether every want is in some of dms.
func containsAll(dms []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, d := range dms {
			found = found || strings.Contains(d, w)
		}
		if !found {
			return false
		}
	}
	return len(dms) > 0
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// TestLatePartTimes prints how long one intro entry takes to render and
// send, and `pairing` and `met yes` to answer, for a member of the last
// part of a round of 100,000 members (RETE_BIG_ROUNDS=1 go test -run
// TestLatePartTimes -v ./bot/).
func TestLatePartTimes(t *testing.T) {
	if !bigRounds {
		t.Skip("RETE_BIG_ROUNDS not set")
	}
	e := newLateEnv(t, 100_000)
	timed := func(fn func()) time.Duration {
		start := time.Now()
		fn()
		return time.Since(start)
	}
	var dms []string
	list := timed(func() { dms = e.deliver("nobody") })
	e.sel.fix(t, e.me)
	intro := timed(func() { dms = e.send() })
	if len(dms) != 1 {
		t.Fatalf("intro DMs: %q", dms)
	}
	var got string
	pairing := timed(func() { got = e.do(e.me, "pairing") })
	if !strings.Contains(got, strings.TrimPrefix(e.other, "u")) {
		t.Fatalf("pairing: %s", got)
	}
	// A member counted by an older release: their group is searched for.
	m := e.member(e.me)
	m.Part.Group = 0
	if err := e.db.Update(context.Background(), func(tx bot.Tx) error { return tx.PutMember(m) }); err != nil {
		t.Fatal(err)
	}
	search := timed(func() { got = e.do(e.me, "pairing") })
	if !strings.Contains(got, strings.TrimPrefix(e.other, "u")) {
		t.Fatalf("pairing: %s", got)
	}
	e.clock.t = e.round.FollowupAt.Add(time.Hour)
	met := timed(func() { got = e.do(e.me, "met yes") })
	button := timed(func() { got = e.do(e.other, "met yes "+e.round.ID) })
	if g := e.group(); len(g.Answers) != 2 {
		t.Fatalf("answers stored: %v (%s)", g.Answers, got)
	}
	t.Logf("%d groups, a member of group %d: listing the queue %v; one intro entry %v; pairing %v (group searched for: %v); met yes %v; met yes ROUND (the button) %v",
		len(e.round.Groups), e.gi, list.Round(time.Millisecond), intro.Round(time.Millisecond), pairing.Round(time.Millisecond),
		search.Round(time.Millisecond), met.Round(time.Millisecond), button.Round(time.Millisecond))
}

// TestIntroBySkillKnowsALatePartPairing: `intro SKILL` passes over the
// member the requester was grouped with in the last part of a round in
// parts, for one they never met, though the ids would pick the partner.
func TestIntroBySkillKnowsALatePartPairing(t *testing.T) {
	e := newLateEnv(t, 2*bot.RoundPart+40)
	partner := e.member(e.other)
	partner.Profile.Offers = append(partner.Profile.Offers, "rust")
	zed := *partner
	zed.ID.User, zed.Name, zed.Handle = "zed", "Zed Zero", "zed"
	zed.Part = bot.Participation{}
	if err := e.db.Update(context.Background(), func(tx bot.Tx) error {
		if err := tx.PutMember(partner); err != nil {
			return err
		}
		return tx.PutMember(&zed)
	}); err != nil {
		t.Fatal(err)
	}
	if got := e.do(e.me, "intro rust"); !strings.Contains(got, "Zed Zero") {
		t.Errorf("intro rust: %s, want Zed Zero, whom %s never met", got, e.me)
	}
}
