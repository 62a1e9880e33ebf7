package bot

import (
	"testing"
	"time"
)

// TestLimiterPerDestinationAndOverall runs Telegram's limits (30 a second
// overall, one a second per chat) on an explicit clock.
func TestLimiterPerDestinationAndOverall(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	l := NewLimiter(Limit{Rate: 30, Burst: 30, PerDestination: 1})
	steps := []struct {
		dest     string
		at       time.Duration
		wait     time.Duration
		waitsAll bool
	}{
		{"chat/a", 0, 0, false},
		{"chat/a", 0, time.Second, false}, // a's turn is in a second
		{"chat/b", 0, 0, false},           // b does not wait for a
		{"chat/a", 500 * time.Millisecond, 500 * time.Millisecond, false}, // the refused try took nothing
		{"chat/a", time.Second, 0, false},
	}
	for i, s := range steps {
		wait, all := l.take(s.dest, t0.Add(s.at))
		if wait != s.wait || all != s.waitsAll {
			t.Errorf("step %d (%s at %v): wait %v all %v, want %v %v", i, s.dest, s.at, wait, all, s.wait, s.waitsAll)
		}
	}
	// 30 at once overall (the burst, full again after a second): with a's
	// at 1s, 29 more chats go, the next waits for the platform.
	at := t0.Add(time.Second)
	for i := range 29 {
		if wait, _ := l.take("chat/"+string(rune('c'+i)), at); wait != 0 {
			t.Fatalf("chat %d waits %v", i, wait)
		}
	}
	if wait, all := l.take("chat/new", at); wait <= 0 || !all {
		t.Errorf("31st message in a second: wait %v, all %v", wait, all)
	}
	var none *Limiter
	if wait, _ := none.take("chat/a", at); wait != 0 {
		t.Errorf("nil limiter waits %v", wait)
	}
}

// TestLimiterPerChannel: posts and edits in a channel follow PerChannel
// (Telegram's 20 a minute in a group) while DMs keep PerDestination.
func TestLimiterPerChannel(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	l := NewLimiter(Limit{PerDestination: 1, PerChannel: 20.0 / 60})
	if wait, _ := l.take("channel/-100", t0); wait != 0 {
		t.Fatalf("first post waits %v", wait)
	}
	if wait, _ := l.take("channel/-100", t0.Add(time.Second)); wait != 2*time.Second {
		t.Errorf("second post a second later waits %v, want 2s", wait)
	}
	l.take("dm/telegram:-100:1", t0)
	if wait, _ := l.take("dm/telegram:-100:1", t0.Add(time.Second)); wait != 0 {
		t.Errorf("a DM a second later waits %v", wait)
	}
}
