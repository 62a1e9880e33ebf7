package multiplatform

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/slack"
	"github.com/rete-bot/rete/adapters/telegram"
)

// linkCode finds the code in `link`'s answer.
var linkCode = regexp.MustCompile(`link ([A-Z0-9]{6,})`)

// showCode runs `link` as name on platform and returns the code shown.
func (m *multi) showCode(platform, name string) string {
	m.t.Helper()
	d := m.command(platform, name, "link")
	c := linkCode.FindStringSubmatch(d.Text)
	if c == nil {
		m.t.Fatalf("%s: link answered %q, want a code", platform, d.Text)
	}
	return c[1]
}

// link joins name's account on from (which shows the code) with the one
// on to (which types it).
func (m *multi) link(from, to, name string) {
	m.t.Helper()
	code := m.showCode(from, name)
	if d := m.command(to, name, "link "+code); !strings.Contains(d.Text, "Linked") {
		m.t.Fatalf("link %s on %s answered %q", code, to, d.Text)
	}
}

// TestLinkAccountsAcrossPlatforms: `link` on Slack shows a code to its
// asker alone, `link CODE` on Telegram joins the two accounts into one
// member found by either; a wrong, expired or reused code is refused, and
// so are 20 guesses, even when the last one is right.
func TestLinkAccountsAcrossPlatforms(t *testing.T) {
	m := newMulti(t)
	for _, name := range []string{"anna", "marco", "luca"} {
		m.join(slack.Platform, name)
		m.join(telegram.Platform, name)
	}
	m.command(slack.Platform, "anna", "bio Zyxbio from Slack")
	m.command(telegram.Platform, "anna", "offer add go")

	slackMark := m.slack.Mark()
	code := m.showCode(slack.Platform, "anna")
	m.deliver()
	for _, c := range m.slack.Since(slackMark, "") {
		if strings.Contains(c.Text, code) {
			t.Errorf("the code went out in %s to %s, not only in the private answer", c.Method, c.Channel)
		}
	}
	if d := m.command(telegram.Platform, "anna", "link "+code); !strings.Contains(d.Text, "Linked") {
		t.Fatalf("link CODE answered %q", d.Text)
	}
	a, b := m.stored(slack.Platform, "anna"), m.stored(telegram.Platform, "anna")
	if a == nil || b == nil || a.ID != b.ID {
		t.Fatalf("after link, Slack finds %+v and Telegram %+v, want one member", a, b)
	}
	if got, ok := a.AccountOn(telegram.Platform); !ok || got.ID != m.member(telegram.Platform, "anna") {
		t.Errorf("the member's Telegram account is %v (%v)", got, ok)
	}
	if a.Profile.Bio != "Zyxbio from Slack" || !strings.Contains(strings.Join(a.Profile.Offers, ","), "go") {
		t.Errorf("the linked profile is %+v, want Slack's bio and Telegram's skill", a.Profile)
	}

	refused := func(name, typed, want string) {
		t.Helper()
		d := m.command(telegram.Platform, name, "link "+typed)
		if !strings.Contains(d.Text, want) {
			t.Errorf("%s typing %q: %q, want …%s…", name, typed, d.Text, want)
		}
		if s, tg := m.stored(slack.Platform, name), m.stored(telegram.Platform, name); s != nil && tg != nil && s.ID == tg.ID {
			t.Fatalf("%s typing %q linked the accounts", name, typed)
		}
	}
	const wrong = "That code is wrong"
	t.Run("wrong code", func(t *testing.T) { refused("marco", "ABCD2345", wrong) })
	t.Run("expired code", func(t *testing.T) {
		old := m.showCode(slack.Platform, "marco")
		m.advance(10*time.Minute + time.Second)
		refused("marco", old, wrong)
	})
	t.Run("reused code", func(t *testing.T) { refused("marco", code, wrong) })
	t.Run("20 guesses", func(t *testing.T) {
		right := m.showCode(slack.Platform, "luca")
		for i := range 19 {
			guess := "ZZZZ" + string(linkAlphabet[i%len(linkAlphabet)]) + "222"
			d := m.command(telegram.Platform, "luca", "link "+guess)
			if !strings.Contains(d.Text, wrong) && !strings.Contains(d.Text, "Too many wrong codes") {
				t.Fatalf("guess %d: %q", i+1, d.Text)
			}
		}
		refused("luca", right, "Too many wrong codes")
		// The guesser's lock is theirs alone: another account still links.
		m.link(slack.Platform, telegram.Platform, "marco")
	})
}

// linkAlphabet are letters a code may hold, for guesses.
const linkAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ"
