package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// TestIntroCountsAgreeWithAScan: after every kind of change an intro goes
// through (requested, accepted, declined, canceled, proposed and
// confirmed, expired, forget-me of a requester and of a target), the
// counts the store keeps equal a count of the intros, and end where the
// story says.
func TestIntroCountsAgreeWithAScan(t *testing.T) {
	e := roundEnv(t, 7, newFake())
	ctx := context.Background()
	agree := func(step string) bot.IntroCounts {
		t.Helper()
		kept, err := e.bot.IntroCounts(ctx, "labbit")
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		var scanned bot.IntroCounts
		if err := e.db.View(ctx, func(tx bot.Tx) error { scanned, err = bot.CountIntros(tx, "labbit"); return err }); err != nil {
			t.Fatal(err)
		}
		if kept != scanned {
			t.Fatalf("%s: kept %+v, a scan counts %+v", step, kept, scanned)
		}
		return kept
	}
	steps := []struct {
		user, text, want string
	}{
		{"m00", "intro @m01 hello", "Request 1 sent"},
		{"m01", "intro accept 1", "now in touch"},
		{"m00", "intro @m02", "Request 2 sent"},
		{"m02", "intro decline 2", "not possible right now"},
		{"m01", "intro @m02", "Request 3 sent"},
		{"m01", "intro cancel 3", "canceled"},
		{"m00", "intro ux", "Nothing is sent until you confirm"}, // 4: proposed, counts nowhere
		{"m00", "intro confirm 4", "Request 4 sent"},
		{"m03", "intro @m04", "Request 5 sent"},
		{"m04", "intro @m05", "Request 6 sent"},
		{"m05", "intro @m03", "Request 7 sent"},
	}
	for _, s := range steps {
		e.must(s.user, s.text, s.want)
		agree(s.text)
	}
	e.must("m04", "forget-me confirm", "deleted") // requester of 6, target of 5: both canceled
	agree("forget-me")
	e.clock.Add(8 * 24 * time.Hour)
	if _, err := e.bot.Tick(ctx, "labbit"); err != nil { // 4 and 7 expire
		t.Fatal(err)
	}
	got := agree("expiry")
	// Every request was sent (3, 5 and 6 before they were canceled).
	if want := (bot.IntroCounts{Requested: 7, Accepted: 1, Declined: 1, Expired: 2}); got != want {
		t.Errorf("counts %+v, want %+v", got, want)
	}
}
