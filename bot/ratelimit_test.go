package bot_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// TestFloodGetsOneSlowDownAndCostsNothing: a member typing 100 commands in
// a minute is answered up to the limit, then hears "slow down" once, then
// nothing, and nothing they sent over the limit is stored; others are not
// slowed, and a minute later the member is heard again.
func TestFloodGetsOneSlowDownAndCostsNothing(t *testing.T) {
	e := newEnv(t)
	b, err := bot.New(bot.Config{Store: e.db, Now: e.clock.Now, CommandsPerMinute: 30,
		Communities: []bot.Community{{ID: "labbit", Spaces: []bot.Space{{Platform: "test", ID: "S1"}}, Settings: bot.DefaultSettings()}}})
	if err != nil {
		t.Fatal(err)
	}
	send := func(user, text string) (bot.Message, bool) {
		return b.HandleResult(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: user, Name: user, Private: true, CanDM: bot.ReachYes, Text: text})
	}
	send("ana", "join")
	var answered, slowDowns, silent int
	last := ""
	for i := range 100 {
		msg, refused := send("ana", fmt.Sprintf("bio flood %d", i))
		switch {
		case !refused:
			answered++
			last = fmt.Sprintf("flood %d", i)
		case msg.IsZero():
			silent++
		default:
			slowDowns++
		}
		e.clock.Add(300 * time.Millisecond) // 100 commands in 30 s
	}
	// 30 a minute, refilled evenly: the burst of 30 (join included) and
	// about one more every two seconds.
	if slowDowns != 1 || answered < 29 || answered > 45 || answered+silent+slowDowns != 100 {
		t.Errorf("answered %d, slow downs %d, silent %d; want one slow down", answered, slowDowns, silent)
	}
	if bio := e.member("ana").Profile.Bio; bio != last {
		t.Errorf("stored bio %q, want the last one answered, %q: the commands over the limit must not be stored", bio, last)
	}
	if _, refused := send("bruno", "join"); refused {
		t.Error("another member was slowed down by ana's flood")
	}
	e.clock.Add(time.Minute)
	if _, refused := send("ana", "bio back again"); refused {
		t.Error("ana is still refused a minute later")
	}
	if bio := e.member("ana").Profile.Bio; bio != "back again" {
		t.Errorf("bio after the pause = %q", bio)
	}
}
