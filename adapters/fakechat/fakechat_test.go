package fakechat

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

const space = "G1"

var users = []string{"anna", "marco", "giulia"}

type harness struct {
	c   *Chat
	rec *bottest.Recorder
}

func (h *harness) Messenger() bot.Messenger { return h.c }
func (h *harness) Member(n int) bot.MemberID {
	return bot.MemberID{Platform: Platform, Space: space, User: users[n]}
}
func (h *harness) Unreachable() (bot.MemberID, bool) {
	h.c.Block("gone")
	return bot.MemberID{Platform: Platform, Space: space, User: "gone"}, true
}
func (h *harness) Channel() (string, string) { return space, "events" }
func (h *harness) Limit() int                { return Limit }

func (h *harness) Deliveries(*testing.T) []bottest.Delivery {
	var ds []bottest.Delivery
	for _, m := range h.c.Take() {
		ds = append(ds, delivery(m))
	}
	return ds
}

func (h *harness) Command(_ *testing.T, n int, text string) bottest.Delivery {
	return delivery(h.c.Command(context.Background(), h.rec, space, users[n], text))
}

func (h *harness) PrivateCommand(_ *testing.T, n int, text string) bottest.Delivery {
	return delivery(h.c.PrivateCommand(context.Background(), h.rec, users[n], text))
}

func (h *harness) Press(_ *testing.T, n int, d bottest.Delivery, button int) bottest.Delivery {
	return delivery(h.c.Press(context.Background(), h.rec, "", users[n], d.Buttons[button]))
}

// pingPattern finds the mentions the platform would notify: <@id> not
// escaped, and @everyone or @here not broken by the escape.
var pingPattern = regexp.MustCompile(`(^|[^\\])<@([^>]+)>|@(everyone|here)`)

func delivery(m Message) bottest.Delivery {
	d := bottest.Delivery{To: []string{m.To}, Text: m.Text, Buttons: m.Buttons, Size: utf8.RuneCountInString(m.Text)}
	for _, p := range pingPattern.FindAllStringSubmatch(m.Text, -1) {
		d.Pings = append(d.Pings, p[2]+p[3])
	}
	return d
}

func TestConformance(t *testing.T) {
	bottest.Run(t, func(t *testing.T, rec *bottest.Recorder) bottest.Harness { return &harness{c: New(), rec: rec} })
}

var (
	_ bottest.Limited = (*harness)(nil)
	_ bottest.Private = (*harness)(nil)
)

func TestRenderShowsLinkButtons(t *testing.T) {
	m := bot.Message{Buttons: []bot.Button{{Label: "Join", URL: "https://t.me/rete_bot?start=join"}}}
	if got := Render(m); !strings.Contains(got, "(https://t.me/rete_bot?start=join)") {
		t.Errorf("link button rendered as %q", got)
	}
	if got := slices.Collect(strings.SplitSeq(Render(m), "\n")); len(got) != 2 {
		t.Errorf("rendered %q", got)
	}
}
