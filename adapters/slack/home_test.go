package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

// openHome opens user's Home tab as Slack reports it, and returns the
// view rete published.
func (e *e2e) openHome(t *testing.T, user string) bottest.Delivery {
	t.Helper()
	f := e.h.fake
	mark := f.Mark()
	switch x := e.transport.(type) {
	case *socketTransport:
		x.fs.push(t, fmt.Sprintf("env-%d", e.next()), "events_api", f.HomeOpened(testTeam, user))
	default:
		f.OpenHome(t, e.h.srv.URL, testTeam, user)
	}
	return f.Home(t, user, mark)
}

// pressHome presses b on user's Home tab and returns the view rete
// published again.
func (e *e2e) pressHome(t *testing.T, user string, b bot.Button) bottest.Delivery {
	t.Helper()
	f := e.h.fake
	mark := f.Mark()
	switch x := e.transport.(type) {
	case *socketTransport:
		x.fs.push(t, fmt.Sprintf("env-%d", e.next()), "interactive", f.HomePress(testTeam, user, b))
	default:
		f.PressHome(t, e.h.srv.URL, testTeam, user, b)
	}
	return f.Home(t, user, mark)
}

// button returns the button of d that runs cmd.
func button(t *testing.T, d bottest.Delivery, cmd string) bot.Button {
	t.Helper()
	// The meeting buttons end with their group's number.
	i := slices.IndexFunc(d.Buttons, func(b bot.Button) bool { return b.Command == cmd || strings.HasPrefix(b.Command, cmd+" ") })
	if i < 0 {
		t.Fatalf("no %q button on the page: %+v\n%s", cmd, d.Buttons, d.Text)
	}
	return d.Buttons[i]
}

// homeStatus is user's status as the core stores it.
func (e *e2e) homeStatus(t *testing.T, user string) bot.Status {
	t.Helper()
	h, err := e.b.Home(context.Background(), &bot.Request{Platform: Platform, Space: testTeam, User: user})
	if err != nil || h.Me == nil {
		t.Fatalf("home of %s: %v, %+v", user, err, h)
	}
	return h.Me.Status
}

// TestHomeTab: opening the Home tab publishes the member's own page with
// their profile, escaped, and its buttons; a button pressed there acts
// and refreshes the page; a stranger can join from it; a moderator sees
// the figures, and the dashboard button sends the sign-in link by DM,
// never onto the page.
func TestHomeTab(t *testing.T) {
	eachMode(t, func(t *testing.T, socket bool) {
		e := newE2E(t, socket, nil)
		f := e.h.fake
		e.must(t, "U0ANNA", "join", "Welcome")
		e.must(t, "U0ANNA", "offer add go", "go")
		// Typed, not a mention: Slack escapes it in the command.
		e.must(t, "U0ANNA", "bio I write *bold* &lt;!channel&gt; things", "")

		page := e.openHome(t, "U0ANNA")
		for _, want := range []string{"Your profile", "go", "I write *bold* &lt;!channel&gt; things", "Upcoming events"} {
			if !strings.Contains(page.Text, want) {
				t.Errorf("anna's page lacks %q:\n%s", want, page.Text)
			}
		}
		if slices.Contains(page.Pings, "channel") || strings.Contains(page.Text, "<!channel>") {
			t.Errorf("anna's page pings %v:\n%s", page.Pings, page.Text)
		}
		pause := button(t, page, "pause")

		page = e.pressHome(t, "U0ANNA", pause)
		if st := e.homeStatus(t, "U0ANNA"); st != bot.StatusPaused {
			t.Errorf("after pause from the page anna is %s", st)
		}
		if !strings.Contains(page.Text, "Paused until you") {
			t.Errorf("the refreshed page does not say what the press did:\n%s", page.Text)
		}
		button(t, page, "resume")
		if n := len(f.CallsOf("hook")); n != 0 {
			t.Errorf("%d replies went to response URLs; a page has none", n)
		}

		stranger := e.openHome(t, "U0LUCA")
		if cmds := commands(stranger); !slices.Equal(cmds, []string{"join"}) {
			t.Errorf("a stranger's page buttons %v, want join", cmds)
		}
		joined := e.pressHome(t, "U0LUCA", button(t, stranger, "join"))
		if st := e.homeStatus(t, "U0LUCA"); st != bot.StatusActive || !strings.Contains(joined.Text, "Your profile") {
			t.Errorf("after join from the page luca is %s; page:\n%s", st, joined.Text)
		}

		mod := e.openHome(t, e2eMod)
		if !strings.Contains(mod.Text, "Labbit in figures") || !strings.Contains(mod.Text, "1 active, 1 paused") {
			t.Errorf("the moderator's page lacks the figures:\n%s", mod.Text)
		}
		if strings.Contains(e.openHome(t, "U0ANNA").Text, "in figures") {
			t.Error("a member's page shows the community's figures")
		}
		mark := f.Mark()
		mod = e.pressHome(t, e2eMod, button(t, mod, "dashboard"))
		e.deliver(t)
		dms := f.Since(mark, "chat.postMessage")
		if len(dms) != 1 || dms[0].Channel != "D"+e2eMod || !strings.Contains(callText(t, dms[0]), e2eDashboard+"/dash/signin?token=") {
			t.Fatalf("the dashboard button sent %+v, want one DM with a sign-in link", dms)
		}
		for _, c := range f.Since(0, "views.publish") {
			if strings.Contains(fmt.Sprint(c.JSON), "token=") {
				t.Errorf("a published page holds a sign-in link: %v", c.JSON)
			}
		}
		if !strings.Contains(mod.Text, "direct message") {
			t.Errorf("the moderator's refreshed page does not say where the link went:\n%s", mod.Text)
		}
	})
}

// TestHomeTabMessagesTabPublishesNothing: opening the Messages tab
// changes no view.
func TestHomeTabMessagesTabPublishesNothing(t *testing.T) {
	e := newE2E(t, false, nil)
	f := e.h.fake
	body := f.HomeOpened(testTeam, "U0ANNA")
	body["event"].(map[string]any)["tab"] = "messages"
	resp, out := e.h.send(t, "/slack/events", "application/json", mustJSON(t, body), nil)
	if resp.StatusCode != 200 {
		t.Fatalf("messages tab: %s %s", resp.Status, out)
	}
	if n := len(f.CallsOf("views.publish")); n != 0 {
		t.Errorf("%d views published for the Messages tab", n)
	}
}

func commands(d bottest.Delivery) []string {
	var out []string
	for _, b := range d.Buttons {
		out = append(out, b.Command)
	}
	return out
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestHomeBlocksFitAView: however long the page, the view keeps to
// Slack's 100 blocks and 3000 characters a text.
func TestHomeBlocksFitAView(t *testing.T) {
	long := strings.Repeat("<!channel> & *x* ", 400) // 6800 characters, escaped longer
	home := &bot.Home{}
	for range 30 {
		p := bot.HomePart{Title: []bot.Span{bot.Text(strings.Repeat("T", 200))}}
		for range 5 {
			p.Items = append(p.Items, bot.HomeItem{Blocks: []bot.Block{{Kind: bot.Para, Spans: []bot.Span{bot.Text(long)}}}, Buttons: []bot.Button{{Label: "Go", Command: "rsvp 1 yes"}}})
		}
		home.Parts = append(home.Parts, p)
	}
	blocks := homeBlocks(home, bot.Message{Blocks: []bot.Block{{Kind: bot.Para, Spans: []bot.Span{bot.Text(long)}}}})
	if len(blocks) > maxViewBlocks {
		t.Errorf("%d blocks, want at most %d", len(blocks), maxViewBlocks)
	}
	raw := mustJSON(t, blocks)
	var decoded []map[string]any
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatal(err)
	}
	for _, b := range decoded {
		txt, _ := b["text"].(map[string]any)
		s, _ := txt["text"].(string)
		limit := maxSectionText
		if b["type"] == "header" {
			limit = maxHeaderText
		}
		if n := len([]rune(s)); n > limit {
			t.Errorf("a %s block holds %d characters, want at most %d", b["type"], n, limit)
		}
		if strings.Contains(s, "<!channel>") {
			t.Errorf("member text was not escaped: %.80s", s)
		}
	}
}
