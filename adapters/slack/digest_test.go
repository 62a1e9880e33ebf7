package slack

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rete-bot/rete/adapters/slack/slackfake"
)

// TestDigestReachesTheAnnounceChannel: after a round the weekly digest is
// posted once to the announce channel, names the newcomers with their
// markup escaped, leaves the hidden one out and pings nobody.
func TestDigestReachesTheAnnounceChannel(t *testing.T) {
	e := newE2E(t, false, nil)
	f := e.h.fake
	tick := func() {
		t.Helper()
		if _, err := e.b.Tick(context.Background(), e2eCommunity); err != nil {
			t.Fatal(err)
		}
		e.deliver(t)
	}
	tick() // a fresh start only arms the digest
	joinAs(t, e, "U0ANNA", "<!channel> <@U0MARCO> *anna*")
	e.must(t, "U0ANNA", "offer add go", "go")
	e.must(t, "U0MARCO", "join", "Welcome")
	e.must(t, "U0MARCO", "seek add @everyone, ux design", "ux design")
	e.must(t, "U0LUCA", "join", "Welcome")
	e.must(t, "U0LUCA", "visibility hidden", "will not name you")
	e.must(t, e2eMod, "round now", "1 group")
	mark := f.Mark()
	tick()
	var posts []slackfake.Call
	for _, c := range f.Since(mark, "chat.postMessage") {
		if c.Channel == e2eChannel {
			posts = append(posts, c)
		}
	}
	if len(posts) != 1 {
		t.Fatalf("%d posts to the announce channel, want the digest once", len(posts))
	}
	d := slackfake.Delivery(t, []string{"#" + e2eChannel}, posts[0].Text, posts[0].Blocks)
	for _, want := range []string{"News from Labbit", "*&lt;!channel&gt; &lt;@U0MARCO&gt; ∗anna∗* — offers go", "and 1 more joined", "`/rete offer add ux design`", "`/rete offer add everyone`"} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("digest lacks %q:\n%s", want, d.Text)
		}
	}
	if len(d.Pings) != 0 || strings.Contains(d.Text, "<!") || strings.Contains(d.Text, "<@") {
		t.Errorf("digest pings %v:\n%s", d.Pings, d.Text)
	}
	if strings.Contains(d.Text, "luca") {
		t.Errorf("digest names luca, who is hidden:\n%s", d.Text)
	}
	mark = f.Mark()
	tick()
	if n := len(f.Since(mark, "chat.postMessage")); n != 0 {
		t.Errorf("a second tick posted %d messages", n)
	}
}

// joinAs runs join as user under a display name of their choosing, over
// HTTP.
func joinAs(t *testing.T, e *e2e, user, name string) {
	t.Helper()
	hook := fmt.Sprintf("join%d", e.next())
	form := url.Values{}
	for k, v := range e.slashCommand(user, "join", hook) {
		form.Set(k, v)
	}
	form.Set("user_name", name)
	resp, body := e.h.send(t, "/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("join: %s %s", resp.Status, body)
	}
	if d := replyDelivery(t, e.h, user, hook, body); !strings.Contains(d.Text, "Welcome") {
		t.Fatalf("join as %q: %s", name, d.Text)
	}
}
