package telegram

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/rete-bot/rete/adapters/telegram/telegramfake"
)

// TestDigestReachesTheGroup: after a round the weekly digest is posted
// once to the community's group, names the newcomers with their markup
// escaped, leaves the hidden one out and mentions nobody.
func TestDigestReachesTheGroup(t *testing.T) {
	e := newE2E(t, false)
	space := strconv.FormatInt(e2eBasic, 10)
	tick := func() {
		t.Helper()
		if _, err := e.b.Tick(context.Background(), e2eCommunity); err != nil {
			t.Fatal(err)
		}
	}
	tick() // a fresh start only arms the digest
	nasty := telegramfake.User(1006, "<b>Eve</b> @anna_tg", "")
	e.f.SetMember(e2eBasic, 1006, true)
	e.send(t, telegramfake.TextUpdate(1006, nasty, "/start join-"+space))
	e.send(t, telegramfake.TextUpdate(1006, nasty, "/offer add go"))
	for _, u := range []int64{1001, 1002} {
		e.must(t, u, u, "/start join-"+space, "Labbit")
	}
	e.must(t, 1001, 1001, "/seek add @giulia_tg, ux design", "ux design")
	e.must(t, 1002, 1002, "/visibility hidden", "will not name you")
	e.must(t, e2eMod, e2eMod, "/start", "")
	e.private(t, e2eMod, "/round now", "group")
	e.deliver(t) // the intros
	tick()
	var posts []telegramfake.Call
	for _, c := range e.deliver(t) {
		if c.Method == "sendMessage" && c.Chat == e2eBasic {
			posts = append(posts, c)
		}
	}
	if len(posts) != 1 {
		t.Fatalf("%d posts to the group, want the digest once", len(posts))
	}
	d := telegramfake.Delivery(posts[0])
	for _, want := range []string{"News from Labbit", "&lt;b&gt;Eve&lt;/b&gt;", "offers go", "Anna", "and 1 more joined", "<code>/offer add ux design</code>"} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("digest lacks %q:\n%s", want, d.Text)
		}
	}
	if len(d.Pings) != 0 {
		t.Errorf("digest mentions %v:\n%s", d.Pings, d.Text)
	}
	if strings.Contains(d.Text, "Marco") {
		t.Errorf("digest names Marco, who is hidden:\n%s", d.Text)
	}
	if err := telegramfake.CheckHTML(d.Text); err != nil {
		t.Errorf("digest HTML: %v\n%s", err, d.Text)
	}
	tick()
	if sent := e.deliver(t); len(sent) != 0 {
		t.Errorf("a second tick sent %+v", sent)
	}
}
