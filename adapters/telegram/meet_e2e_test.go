package telegram

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rete-bot/rete/adapters/telegram/telegramfake"
	"github.com/rete-bot/rete/bot"
)

// TestPickThisTellsTheOther presses "Pick this" under a round's intro DM:
// the other member gets one DM naming the presser, escaped, and the
// presser nothing more than the answer to the press.
func TestPickThisTellsTheOther(t *testing.T) {
	e := newE2E(t, false)
	f := e.f
	space := strconv.FormatInt(e2eBasic, 10)
	anna := telegramfake.User(1001, "Anna <i>&</i>", "anna_tg")
	e.send(t, telegramfake.TextUpdate(1001, anna, "/start join-"+space))
	e.must(t, 1002, 1002, "/start join-"+space, "Labbit")
	e.must(t, e2eMod, e2eMod, "/start", "")
	e.private(t, e2eMod, "/round now", "")
	var intro telegramfake.Call
	for _, c := range e.deliver(t) {
		if c.Method == "sendMessage" && c.Chat == 1001 {
			intro = c
		}
	}
	d := telegramfake.Delivery(intro)
	pick := slices.IndexFunc(d.Buttons, func(b bot.Button) bool { return strings.HasPrefix(b.Command, "meet pick ") })
	if pick < 0 {
		t.Fatalf("anna's intro buttons %+v\n%s", d.Buttons, d.Text)
	}
	mark := f.Mark()
	e.send(t, telegramfake.PressUpdate(1001, intro.MsgID, anna, d.Buttons[pick].Command))
	replies := f.Since(mark, "sendMessage")
	if len(replies) != 1 || replies[0].Chat != 1001 || !strings.Contains(replies[0].Text, "Done: ") {
		t.Errorf("the press was answered with %+v", replies)
	}
	var to []int64
	for _, c := range e.deliver(t) {
		if c.Method != "sendMessage" {
			continue
		}
		to = append(to, c.Chat)
		if !strings.Contains(c.Text, "Anna &lt;i&gt;&amp;&lt;/i&gt;") || !strings.Contains(c.Text, "picked") {
			t.Errorf("marco was told %q", c.Text)
		}
	}
	if !slices.Equal(to, []int64{1002}) {
		t.Errorf("the pick was told to %v, want marco only", to)
	}
}
