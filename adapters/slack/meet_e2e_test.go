package slack

import (
	"slices"
	"strings"
	"testing"

	"github.com/rete-bot/rete/adapters/slack/slackfake"
	"github.com/rete-bot/rete/bot"
)

// TestPickThisTellsTheOther presses "Pick this" in a round's group DM:
// the presser gets the confirmation, the other member one DM naming the
// presser, and nobody else anything.
func TestPickThisTellsTheOther(t *testing.T) {
	e := newE2E(t, false, nil)
	f := e.h.fake
	for _, u := range []string{"U0ANNA", "U0MARCO"} {
		e.must(t, u, "join", "Welcome to *Labbit*")
	}
	mark := f.Mark()
	e.must(t, e2eMod, "round now", "1 group")
	e.deliver(t)
	posts := f.Since(mark, "chat.postMessage")
	if len(posts) != 1 || posts[0].Channel != "GU0ANNAU0MARCO" {
		t.Fatalf("intro posts %+v", posts)
	}
	intro := slackfake.Delivery(t, []string{"U0ANNA", "U0MARCO"}, posts[0].Text, posts[0].Blocks)
	if !strings.Contains(intro.Text, "Two times in your shared working hours") {
		t.Errorf("intro lacks the slots:\n%s", intro.Text)
	}
	pick := slices.IndexFunc(intro.Buttons, func(b bot.Button) bool { return strings.HasPrefix(b.Command, "meet pick ") })
	if pick < 0 {
		t.Fatalf("intro buttons %+v", intro.Buttons)
	}
	mark = f.Mark()
	reply := e.press(t, "U0ANNA", posts[0].Channel, posts[0].TS, intro.Buttons[pick])
	if reply.Replace || !strings.Contains(reply.Text, "Done: ") || !strings.Contains(reply.Text, "I let <@U0MARCO> know") {
		t.Errorf("pick reply %+v", reply)
	}
	e.deliver(t)
	posts = f.Since(mark, "chat.postMessage")
	if len(posts) != 1 || posts[0].Channel != "DU0MARCO" {
		t.Fatalf("after the pick, posts %+v; want one DM to marco", posts)
	}
	told := slackfake.Delivery(t, []string{"U0MARCO"}, posts[0].Text, posts[0].Blocks)
	if !strings.Contains(told.Text, "anna") || !strings.Contains(told.Text, "picked") || len(told.Pings) != 0 {
		t.Errorf("marco was told %q (pings %v)", told.Text, told.Pings)
	}
}
