package bot_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// platformFake is a postFake on a named platform; links, when set, gives
// its [bot.ContactLinker] answers.
type platformFake struct {
	*postFake
	name  string
	links func(reader, member bot.MemberID, handle string) (string, bool)
}

func (p *platformFake) Platform() string { return p.name }

func (p *platformFake) Post(ctx context.Context, space, channel string, m bot.Message) (bot.MessageRef, error) {
	ref, err := p.postFake.Post(ctx, space, channel, m)
	ref.Platform = p.name
	return ref, err
}

// linkingFake is a platformFake that is also a ContactLinker.
type linkingFake struct{ *platformFake }

func (l linkingFake) ContactLink(reader, member bot.MemberID, handle string) (string, bool) {
	return l.links(reader, member, handle)
}

// crossEnv is one community with a space on Slack (T1), Telegram (-100)
// and Discord (G1), each with an announce channel and a recording
// messenger. Telegram links by username; Slack only within its workspace;
// Discord always.
type crossEnv struct {
	*env
	fakes map[string]*platformFake
}

var crossSpaces = map[string]string{"slack": "T1", "telegram": "-100", "discord": "G1"}

func newCrossEnv(t *testing.T, settings func(*bot.Settings)) *crossEnv {
	t.Helper()
	c := &crossEnv{env: &env{t: t, db: openDB(t), clock: &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}}, fakes: map[string]*platformFake{}}
	links := map[string]func(reader, member bot.MemberID, handle string) (string, bool){
		"telegram": func(_, _ bot.MemberID, handle string) (string, bool) {
			return "https://t.me/" + handle, handle != ""
		},
		"discord": func(_, m bot.MemberID, _ string) (string, bool) { return "https://discord.com/users/" + m.User, true },
		"slack": func(r, m bot.MemberID, _ string) (string, bool) {
			return "https://slack.com/app_redirect?channel=" + m.User, r.Platform == m.Platform && r.Space == m.Space
		},
	}
	var ms []bot.Messenger
	var spaces []bot.Space
	for _, p := range []string{"slack", "telegram", "discord"} {
		f := &platformFake{postFake: newPostFake(), name: p, links: links[p]}
		c.fakes[p] = f
		ms = append(ms, linkingFake{f})
		spaces = append(spaces, bot.Space{Platform: p, ID: crossSpaces[p], AnnounceChannel: "news-" + p})
	}
	s := bot.DefaultSettings()
	s.Name, s.Timezone = "Labbit", "Europe/Rome"
	if settings != nil {
		settings(&s)
	}
	b, err := bot.New(bot.Config{Store: c.db, Now: c.clock.Now, Messengers: ms,
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{"discord:mod"}, Spaces: spaces, Settings: s}}})
	if err != nil {
		t.Fatal(err)
	}
	c.bot = b
	return c
}

// on runs a command as user of platform, privately, and returns the reply.
func (c *crossEnv) on(platform, user, text string) bot.Message {
	c.t.Helper()
	return c.bot.Handle(context.Background(), dmRequest(platform, crossSpaces[platform], user, text))
}

// mustOn runs a command and fails unless the reply holds want.
func (c *crossEnv) mustOn(platform, user, text, want string) string {
	c.t.Helper()
	got := c.on(platform, user, text).PlainText()
	if !strings.Contains(got, want) {
		c.t.Fatalf("%s %s: %q\n got: %s\nwant: …%s…", platform, user, text, got, want)
	}
	return got
}

// joinAll has members join, in order; who lists platform, user pairs.
func (c *crossEnv) joinAll(who ...string) {
	c.t.Helper()
	for i := 0; i+1 < len(who); i += 2 {
		c.mustOn(who[i], who[i+1], "join", "Welcome")
	}
}

// deliverAll sends what is due on every platform.
func (c *crossEnv) deliverAll() {
	c.t.Helper()
	for p := range c.fakes {
		if err := c.bot.DeliverDue(context.Background(), p); err != nil {
			c.t.Fatal(err)
		}
	}
}

// texts is what user received by DM on platform.
func (c *crossEnv) texts(platform, user string) []string { return c.fakes[platform].texts(user) }

func TestEventsAcrossPlatforms(t *testing.T) {
	c := newCrossEnv(t, nil)
	people := map[string]string{"slack": "anna", "telegram": "bruno", "discord": "carla"}
	for p, u := range people {
		c.mustOn(p, u, "join", "Welcome")
	}
	c.mustOn("discord", "mod", "announce Cena | 2026-12-10 19:00 | Trattoria", "Posted to 3 channels")
	c.deliverAll()
	for p, f := range c.fakes {
		if len(f.posts) != 1 || f.chans[0] != "news-"+p || !strings.Contains(f.post(1), "Going: 0") {
			t.Fatalf("%s: posts %d in %q: %s", p, len(f.posts), f.chans, f.post(1))
		}
	}
	for p, u := range people {
		c.mustOn(p, u, "rsvp 1 yes", "You are going to Cena")
	}
	// Three RSVPs, one pending edit per post, each showing the one count.
	pending := map[string]int{}
	err := c.db.View(context.Background(), func(tx bot.Tx) error {
		for p := range c.fakes {
			if err := tx.Pending(p, func(e *bot.OutboxEntry) error {
				if e.Kind == bot.OutboxEdit {
					pending[p]++
				}
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c.deliverAll()
	for p, f := range c.fakes {
		if pending[p] != 1 || f.nedit != 1 || !strings.Contains(f.post(1), "Going: 3") {
			t.Errorf("%s: %d pending edits, %d edits, post: %s", p, pending[p], f.nedit, f.post(1))
		}
	}
	for p, u := range people {
		got := c.mustOn(p, u, "events", "1: Cena")
		if !strings.Contains(got, "3 going") {
			t.Errorf("events on %s: %s", p, got)
		}
	}
	// The reminder reaches each person on their own platform.
	c.clock.Add(13 * 24 * time.Hour) // 2026-12-10 10:00 UTC, the day of the dinner
	c.deliverAll()
	for p, u := range people {
		if !slices.ContainsFunc(c.texts(p, u), func(s string) bool { return strings.Contains(s, "Cena") }) {
			t.Errorf("%s %s got no reminder: %q", p, u, c.texts(p, u))
		}
		for q, f := range c.fakes {
			if q != p && len(f.texts(u)) > 0 {
				t.Errorf("%s's messages went to %s: %q", u, q, f.texts(u))
			}
		}
	}
	// So do the event's intros, with how to reach the others.
	c.clock.Add(24 * time.Hour)
	c.mustOn("discord", "mod", "event intros 1", "Attendees of event 1 (Cena): 1 group")
	c.deliverAll()
	for p, u := range people {
		txt := c.texts(p, u)
		if !slices.ContainsFunc(txt, func(s string) bool { return strings.Contains(s, "You are going to Cena: meet") }) {
			t.Errorf("%s %s got no event intro: %q", p, u, txt)
		}
	}
	if got := c.texts("slack", "anna"); !slices.ContainsFunc(got, func(s string) bool {
		return strings.Contains(s, "https://discord.com/users/carla") && strings.Contains(s, "https://t.me/bruno")
	}) {
		t.Errorf("anna's event intro lacks the others' links: %q", got)
	}
}

// lastDM is the newest message user received on platform.
func (c *crossEnv) lastDM(platform, user string) bot.Message {
	return c.fakes[platform].lastMessage(user)
}

func hasButton(m bot.Message, command string) bool {
	return slices.ContainsFunc(m.Buttons, func(b bot.Button) bool { return b.Command == command })
}

func TestPairAcrossPlatformsSaysHowToReach(t *testing.T) {
	c := newCrossEnv(t, nil)
	c.joinAll("slack", "anna", "telegram", "bruno")
	c.mustOn("telegram", "bruno", "offer add go", "You offer")
	c.mustOn("telegram", "bruno", "contact bruno@example.com", "your pairs and accepted intros will see bruno@example.com")
	c.mustOn("telegram", "bruno", "profile", "bruno@example.com") // their own profile shows it
	// Nobody else sees it outside a pairing.
	for _, cmd := range []string{"profile @bruno", "find go"} {
		if got := c.mustOn("slack", "anna", cmd, "Bruno"); strings.Contains(got, "bruno@example.com") {
			t.Errorf("%s shows the contact line: %s", cmd, got)
		}
	}
	c.mustOn("discord", "mod", "round now", "1 group")
	c.deliverAll()
	// anna (Slack) gets Bruno's Telegram link and contact line.
	anna := c.lastDM("slack", "anna")
	for _, want := range []string{"On Telegram: https://t.me/bruno", "Contact: bruno@example.com"} {
		if !strings.Contains(anna.PlainText(), want) {
			t.Errorf("anna's intro lacks %q:\n%s", want, anna.PlainText())
		}
	}
	if !hasButton(anna, "reply") {
		t.Errorf("anna's intro has no Reply button: %+v", anna.Buttons)
	}
	// bruno (Telegram) cannot open Slack: he is told to reply through rete.
	bruno := c.lastDM("telegram", "bruno").PlainText()
	if !strings.Contains(bruno, "On Slack, with no direct link from here") || strings.Contains(bruno, "app_redirect") || strings.Contains(bruno, "Contact:") {
		t.Errorf("bruno's intro:\n%s", bruno)
	}
	// export-me shows the line; forget-me erases it.
	c.mustOn("telegram", "bruno", "export-me", "bruno@example.com")
	c.mustOn("telegram", "bruno", "contact -", "cleared")
	c.mustOn("telegram", "bruno", "profile", "Bruno")
	if got := c.mustOn("telegram", "bruno", "export-me", "Bruno"); strings.Contains(got, "bruno@example.com") {
		t.Errorf("cleared contact still exported: %s", got)
	}
	c.mustOn("telegram", "bruno", "contact https://linkedin.example/bruno", "Saved")
	c.mustOn("telegram", "bruno", "reply see you", "Sent to")
	c.mustOn("telegram", "bruno", "forget-me confirm", "everything about you is deleted")
	err := c.db.View(context.Background(), func(tx bot.Tx) error {
		if err := tx.Members("labbit", func(m *bot.Member) error {
			if strings.Contains(m.Contact, "linkedin") {
				t.Errorf("%s keeps the contact line", m.ID)
			}
			return nil
		}); err != nil {
			return err
		}
		return tx.Pending("slack", func(e *bot.OutboxEntry) error {
			if e.Template == "msg.relayed" {
				t.Errorf("forgotten member's relay still pending: %+v", e)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestReplyRelaysAcrossPlatforms(t *testing.T) {
	c := newCrossEnv(t, nil)
	c.joinAll("slack", "anna", "telegram", "bruno")
	c.mustOn("discord", "carla", "reply hello", "join first")
	c.mustOn("telegram", "bruno", "reply hello", "There is nobody to reply to")
	c.mustOn("discord", "mod", "round now", "1 group")
	c.deliverAll()
	c.mustOn("discord", "carla", "join", "Welcome") // after the round: in no group

	// The Reply button explains; the verb relays, marked and unescaped
	// (each adapter escapes member text as usual).
	c.mustOn("telegram", "bruno", "reply", "rete sends it to @Anna")
	c.mustOn("telegram", "bruno", "reply Ciao <b>Anna</b>, giovedì?", "Sent to @Anna through rete")
	c.deliverAll()
	got := c.lastDM("slack", "anna").PlainText()
	if !strings.Contains(got, "Bruno (via rete): Ciao <b>Anna</b>, giovedì?") || !strings.Contains(got, "/rete reply") && !strings.Contains(got, "reply TEXT") {
		t.Errorf("anna got: %q", got)
	}
	c.mustOn("slack", "anna", "reply Sì!", "Sent to @Bruno")
	c.deliverAll()
	if got := c.lastDM("telegram", "bruno").PlainText(); !strings.Contains(got, "Anna (via rete): Sì!") {
		t.Errorf("bruno got: %q", got)
	}
	// carla was in no group: nobody to reply to.
	c.mustOn("discord", "carla", "reply hi", "There is nobody to reply to")
	// Ten a day, then refused until the next day.
	for i := range 9 {
		c.mustOn("telegram", "bruno", fmt.Sprintf("reply %d", i), "Sent to")
	}
	c.mustOn("telegram", "bruno", "reply one more", "the daily limit")
	c.clock.Add(24 * time.Hour)
	c.mustOn("telegram", "bruno", "reply next day", "Sent to")
}

func TestReplyWithinAcceptedIntro(t *testing.T) {
	c := newCrossEnv(t, nil)
	c.joinAll("slack", "anna", "discord", "carla")
	c.mustOn("slack", "anna", "intro @carla to talk about design", "")
	c.deliverAll()
	req := c.lastDM("discord", "carla")
	if !hasButton(req, "intro accept 1") {
		t.Fatalf("carla's request: %+v", req)
	}
	c.mustOn("discord", "carla", "intro accept 1", "now in touch")
	c.deliverAll()
	anna := c.lastDM("slack", "anna")
	if !strings.Contains(anna.PlainText(), "On Discord: https://discord.com/users/carla") || !hasButton(anna, "reply") {
		t.Errorf("anna's accepted intro: %s %+v", anna.PlainText(), anna.Buttons)
	}
	carla := c.lastDM("discord", "carla").PlainText()
	if !strings.Contains(carla, "On Slack, with no direct link from here") {
		t.Errorf("carla's accepted intro: %s", carla)
	}
	c.mustOn("discord", "carla", "reply Ciao!", "Sent to @Anna")
	c.clock.Add(15 * 24 * time.Hour)
	c.mustOn("discord", "carla", "reply Still there?", "There is nobody to reply to")
}

func TestSamePlatformSetting(t *testing.T) {
	c := newCrossEnv(t, nil)
	c.joinAll("slack", "anna", "telegram", "bruno")
	c.mustOn("discord", "mod", "config pairing.same_platform", "prefer")
	c.mustOn("discord", "mod", "config pairing.same_platform sometimes", "prefer, require or ignore")
	c.mustOn("discord", "mod", "config pairing.same_platform require", "require")
	c.mustOn("discord", "mod", "round preview", "0 groups")
	c.mustOn("discord", "mod", "config pairing.same_platform prefer", "prefer")
	c.mustOn("discord", "mod", "round preview", "1 group")
}
