package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rete-bot/rete/bot"
)

// reply runs a command as user and returns the whole message.
func (e *env) reply(user, text string, button bool) bot.Message {
	e.t.Helper()
	return e.bot.Handle(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: user, Name: user, Private: true, CanDM: bot.ReachYes, Button: button, Text: text})
}

// unreachableWith stores 25 unreachable members offering a skill of the
// longest length, so that the members list's "more" button, "members
// unreachable SKILL page 2", is longer than a button may carry.
func unreachableWith(t *testing.T, e *env) string {
	t.Helper()
	skill := strings.Repeat("k", bot.MaxSkillLen)
	importMembers(t, e.db, 25, 0, skill, "ux")
	err := e.db.Update(context.Background(), func(tx bot.Tx) error {
		var ms []*bot.Member
		if err := tx.Members("labbit", func(m *bot.Member) error { ms = append(ms, m); return nil }); err != nil {
			return err
		}
		for _, m := range ms {
			m.Status = bot.StatusUnreachable
			if err := tx.PutMember(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return skill
}

func TestLongButtonCommandTravelsUnderAToken(t *testing.T) {
	e := newEnv(t)
	skill := unreachableWith(t, e)
	msg := e.reply("mod", "members unreachable "+skill, false)
	if len(msg.Buttons) != 1 {
		t.Fatalf("members page 1 has %d buttons, want 1 (more): %s", len(msg.Buttons), msg.PlainText())
	}
	cmd := msg.Buttons[0].Command
	if len(cmd) > bot.MaxButtonCommand {
		t.Fatalf("button command %q is %d bytes, over %d", cmd, len(cmd), bot.MaxButtonCommand)
	}
	page2 := e.reply("mod", cmd, true).PlainText()
	if !strings.Contains(page2, "User 000024") || strings.Contains(page2, "User 000000") {
		t.Errorf("pressing the token button did not show page 2:\n%s", page2)
	}
	if !strings.HasPrefix(cmd, "t ") {
		t.Fatalf("button command %q is not a token", cmd)
	}
	// Typed, a token is not a command: only a press reads it.
	if typed := e.reply("mod", cmd, false).PlainText(); strings.Contains(typed, "User 000024") {
		t.Errorf("a typed token ran the stored command:\n%s", typed)
	}
}

func TestTokenButtonRunsWithThePressersRights(t *testing.T) {
	e := newEnv(t)
	skill := unreachableWith(t, e)
	cmd := e.reply("mod", "members unreachable "+skill, false).Buttons[0].Command
	e.must("anna", "join", "Welcome")
	if got := e.reply("anna", cmd, true).PlainText(); strings.Contains(got, "User 000024") {
		t.Errorf("a member who is no moderator ran members through a token:\n%s", got)
	}
}

func TestUnknownTokenSaysTheButtonExpired(t *testing.T) {
	e := newEnv(t)
	got := e.reply("anna", "t NOSUCHTOKEN1", true).PlainText()
	if !strings.Contains(got, "no longer works") {
		t.Errorf("unknown token answered %q", got)
	}
}
