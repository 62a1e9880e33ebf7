package discord

import (
	"context"
	"strings"
	"testing"

	"github.com/rete-bot/rete/adapters/discord/discordfake"
)

// TestDigestReachesTheAnnounceChannel: after a round the weekly digest is
// posted once to the announce channel, names the newcomers with their
// markup escaped, leaves the hidden one out and pings nobody.
func TestDigestReachesTheAnnounceChannel(t *testing.T) {
	t.Parallel()
	e := newE2E(t, false, false)
	f := e.fake
	tick := func() {
		t.Helper()
		if _, err := e.b.Tick(context.Background(), "labbit"); err != nil {
			t.Fatal(err)
		}
		e.deliver(t)
	}
	tick() // a fresh start only arms the digest
	join := e.base(anna, 2, false, "0")
	join["member"].(map[string]any)["nick"] = "@everyone **Anna** <@" + marco + ">"
	join["data"] = commandData(t, "join")
	if d := answerDelivery(t, anna, e.send(t, join)); !strings.Contains(d.Text, "Welcome") {
		t.Fatalf("join answered %q", d.Text)
	}
	e.must(t, anna, "offer add go", "go")
	e.must(t, marco, "join", "Welcome")
	e.must(t, marco, "seek add @here, ux design", "ux design")
	e.must(t, giulia, "join", "Welcome")
	e.must(t, giulia, "visibility hidden", "will not name you")
	e.must(t, mod, "round now", "1 group")
	e.deliver(t) // the intros
	mark := f.Mark()
	tick()
	var posts []discordfake.Call
	for _, p := range f.Messages(mark) {
		if discordfake.ChannelOf(p) == testChannel {
			posts = append(posts, p)
		}
	}
	if len(posts) != 1 {
		t.Fatalf("%d posts to the announce channel, want the digest once", len(posts))
	}
	d := discordfake.Delivery([]string{"#" + testChannel}, posts[0].Body)
	for _, want := range []string{"News from Labbit", "Anna", "offers go", "and 1 more joined", "`/offer add ux design`", "`/offer add here`"} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("digest lacks %q:\n%s", want, d.Text)
		}
	}
	// What Discord reads: no mention can form, no markup from the name.
	content, _ := posts[0].Body["content"].(string)
	if len(d.Pings) != 0 || strings.Contains(content, "<@"+marco+">") || strings.Contains(content, "@everyone") || strings.Contains(content, "**Anna**") {
		t.Errorf("digest pings %v or carries the name's markup:\n%s", d.Pings, content)
	}
	if strings.Contains(d.Text, "user"+giulia[len(giulia)-2:]) {
		t.Errorf("digest names giulia, who is hidden:\n%s", d.Text)
	}
	mark = f.Mark()
	tick()
	if n := len(f.Messages(mark)); n != 0 {
		t.Errorf("a second tick posted %d messages", n)
	}
}
