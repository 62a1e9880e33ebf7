package bot_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// An arrival told by the person's own first command (Discord without the
// members intent) is reported before the command runs: its welcome waits,
// so that a forget-me in that command leaves nothing and a join drops it.
func TestWelcomeOnFirstCommandWaitsForTheCommand(t *testing.T) {
	e, f := welcomeEnv(t, false)
	ctx := context.Background()
	for _, u := range []string{"anna", "bob", "carl"} {
		if err := e.bot.Arrived(ctx, bot.Arrival{Platform: "test", Space: "S1", User: u, Name: displayName(u), Command: true}); err != nil {
			t.Fatal(err)
		}
	}
	e.must("anna", "events", "")
	e.must("bob", "forget-me confirm", "deleted")
	e.must("carl", "join", "Welcome")
	e.deliver()
	if n := len(f.dmsTo("anna")); n != 0 {
		t.Errorf("anna got %d welcomes with her command's reply, want none yet", n)
	}
	e.clock.Add(time.Minute)
	e.deliver()
	want := map[string]int{"anna": 1, "bob": 0, "carl": 0}
	for u, n := range want {
		if got := len(f.dmsTo(u)); got != n {
			t.Errorf("%s got %d welcomes, want %d", u, got, n)
		}
	}
	err := e.db.View(ctx, func(tx bot.Tx) error {
		_, err := tx.Member("labbit", bot.MemberID{Platform: "test", Space: "S1", User: "bob"})
		return err
	})
	if !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("bob after forget-me: %v, want no record", err)
	}
}
