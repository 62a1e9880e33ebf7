package bot_test

import (
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// TestRoundsAndAnswersAreCounted: a stored round adds one to each of its
// members' rounds, a `met` answer counts once however often it changes,
// and a preview counts nothing.
func TestRoundsAndAnswersAreCounted(t *testing.T) {
	e, _ := fakeRoundEnv(t, 4)
	e.must("mod", "round preview", "Nothing was sent or stored")
	if p := e.member("m00").Part; p.Rounds != 0 {
		t.Fatalf("a preview counted: %+v", p)
	}
	e.must("mod", "round now", "intros are on their way")
	e.clock.Add(73 * time.Hour)
	e.must("m00", "met no", "Thank you")
	e.must("m00", "met yes", "Great")
	e.must("m01", "met notyet", "")
	want := map[string]bot.Participation{
		"m00": {Rounds: 1, Answered: 1, Met: 1},
		"m01": {Rounds: 1, Answered: 1},
		"m02": {Rounds: 1},
	}
	for u, w := range want {
		p := e.member(u).Part
		if p.Rounds != w.Rounds || p.Answered != w.Answered || p.Met != w.Met || p.Last == "" {
			t.Errorf("%s: %+v, want %+v", u, p, w)
		}
	}
	if rate, ok := e.member("m00").Part.MetRate(); !ok || rate != 1 {
		t.Errorf("m00's met rate: %v %v", rate, ok)
	}
	if _, ok := e.member("m02").Part.MetRate(); ok {
		t.Error("m02 answered nothing but has a met rate")
	}
}

// TestSeenIsKeptToTheHour: a command refreshes Member.Seen once it is an
// hour old, not before.
func TestSeenIsKeptToTheHour(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome")
	e.do("anna", "pairing")
	first := e.member("anna").Seen
	if !first.Equal(e.clock.Now()) {
		t.Fatalf("seen after a command: %v", first)
	}
	e.clock.Add(30 * time.Minute)
	e.do("anna", "pairing")
	if got := e.member("anna").Seen; !got.Equal(first) {
		t.Errorf("seen rewritten after 30 minutes: %v", got)
	}
	e.clock.Add(31 * time.Minute)
	e.do("anna", "pairing")
	if got := e.member("anna").Seen; !got.Equal(e.clock.Now()) {
		t.Errorf("seen after 61 minutes: %v, want %v", got, e.clock.Now())
	}
}
