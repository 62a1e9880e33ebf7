package discord

import (
	"slices"
	"strings"
	"testing"

	"github.com/rete-bot/rete/adapters/discord/discordfake"
	"github.com/rete-bot/rete/bot"
)

// TestPickThisTellsTheOther presses "Pick this" in a round's private
// thread: the presser gets the answer, the other member one DM, and
// nobody else anything.
func TestPickThisTellsTheOther(t *testing.T) {
	e := newE2E(t, false, true)
	f := e.fake
	for _, u := range []string{anna, marco} {
		e.must(t, u, "join", "Welcome")
	}
	mark := f.Mark()
	e.must(t, mod, "round now", "1 group")
	e.deliver(t)
	msgs := f.Messages(mark)
	if len(msgs) != 1 {
		t.Fatalf("round messages %+v, want the thread's intro", msgs)
	}
	intro := discordfake.Delivery([]string{anna, marco}, msgs[0].Body)
	pick := slices.IndexFunc(intro.Buttons, func(b bot.Button) bool { return strings.HasPrefix(b.Command, "meet pick ") })
	if pick < 0 {
		t.Fatalf("intro buttons %+v\n%s", intro.Buttons, intro.Text)
	}
	ans := e.press(t, anna, msgs[0], intro.Buttons[pick])
	if d := answerDelivery(t, anna, ans); !ephemeral(ans) || !strings.Contains(d.Text, "Done: ") {
		t.Errorf("pick answered %v", ans)
	}
	mark = f.Mark()
	e.deliver(t)
	var to []string
	for _, m := range f.Messages(mark) {
		to = append(to, f.Recipients(discordfake.ChannelOf(m))...)
		d := discordfake.Delivery(nil, m.Body)
		if !strings.Contains(d.Text, "picked") || len(d.Pings) != 0 {
			t.Errorf("marco was told %q (pings %v)", d.Text, d.Pings)
		}
	}
	if !slices.Equal(to, []string{marco}) {
		t.Errorf("the pick reached %v, want marco only", to)
	}
}
