package bot_test

import (
	"context"
	"testing"

	"github.com/rete-bot/rete/bot"
)

// setStatus stores a member's status directly.
func (e *env) setStatus(user string, s bot.Status) {
	e.t.Helper()
	err := e.db.Update(context.Background(), func(tx bot.Tx) error {
		m, err := tx.Member("labbit", bot.MemberID{Platform: "test", Space: "S1", User: user})
		if err != nil {
			return err
		}
		m.Status = s
		return tx.PutMember(m)
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

func TestGroupCommandDoesNotMakeReachable(t *testing.T) {
	tests := []struct {
		name  string
		from  bot.Status
		canDM bot.Reach
		want  bot.Status
	}{
		{"group command, unknown", bot.StatusUnreachable, bot.ReachUnknown, bot.StatusUnreachable},
		{"private chat says yes", bot.StatusUnreachable, bot.ReachYes, bot.StatusActive},
		{"adapter says no", bot.StatusUnreachable, bot.ReachNo, bot.StatusUnreachable},
		{"active, unknown", bot.StatusActive, bot.ReachUnknown, bot.StatusActive},
		{"active, yes", bot.StatusActive, bot.ReachYes, bot.StatusActive},
		{"active, no", bot.StatusActive, bot.ReachNo, bot.StatusUnreachable},
		{"paused, no", bot.StatusPaused, bot.ReachNo, bot.StatusPaused},
		{"paused, yes", bot.StatusPaused, bot.ReachYes, bot.StatusPaused},
		{"left, yes", bot.StatusLeft, bot.ReachYes, bot.StatusLeft},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.must("anna", "join", "Welcome")
			e.setStatus("anna", tt.from)
			e.bot.Handle(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: "anna", Handle: "anna", CanDM: tt.canDM, Text: "help"})
			if got := e.member("anna").Status; got != tt.want {
				t.Errorf("status %s, want %s", got, tt.want)
			}
		})
	}
}

// TestSetReachFollowsThePlatform: the platform's word on DMs outside any
// command (Telegram: the member blocked or unblocked the bot) marks an
// active member unreachable and makes them reachable again; a pause stays.
func TestSetReachFollowsThePlatform(t *testing.T) {
	tests := []struct {
		from bot.Status
		can  bot.Reach
		want bot.Status
	}{
		{bot.StatusActive, bot.ReachNo, bot.StatusUnreachable},
		{bot.StatusUnreachable, bot.ReachYes, bot.StatusActive},
		{bot.StatusPaused, bot.ReachNo, bot.StatusPaused},
		{bot.StatusActive, bot.ReachUnknown, bot.StatusActive},
	}
	for _, tt := range tests {
		e := newEnv(t)
		e.must("anna", "join", "Welcome")
		e.setStatus("anna", tt.from)
		if err := e.bot.SetReach(context.Background(), "test", "anna", tt.can); err != nil {
			t.Fatal(err)
		}
		if got := e.member("anna").Status; got != tt.want {
			t.Errorf("%s, reach %v: %s, want %s", tt.from, tt.can, got, tt.want)
		}
	}
}
