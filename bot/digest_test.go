package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/store"
)

// digestEnv is a community with an announce channel over a Badger store
// on disk in dir, so that a test can stop and start rete; the clock is
// Friday 2026-11-27 10:00 UTC. The first tick happens here: it only arms
// the digest, as on a fresh start.
func digestEnv(t *testing.T, dir string, c *clock, f bot.Messenger, edit func(*bot.Settings)) *env {
	t.Helper()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := bot.DefaultSettings()
	s.Name, s.Timezone = "Labbit", "Europe/Rome"
	if edit != nil {
		edit(&s)
	}
	b, err := bot.New(bot.Config{Store: db, Now: c.Now, Messengers: []bot.Messenger{f},
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{"test:mod"},
			Spaces: []bot.Space{{Platform: "test", ID: "S1", AnnounceChannel: "C1"}}, Settings: s}}})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: db, bot: b, clock: c}
	e.tickDigest()
	return e
}

// tickDigest runs the scheduler once and sends what it queued.
func (e *env) tickDigest() {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.bot.Tick(ctx, "labbit"); err != nil {
		e.t.Fatal(err)
	}
	if err := e.bot.DeliverDue(ctx, "test"); err != nil {
		e.t.Fatal(err)
	}
}

// digests returns the digest posts so far, as text, and fails if one
// was posted elsewhere than the announce channel or carries a mention.
func digests(t *testing.T, f *postFake, title string) []string {
	t.Helper()
	f.pmu.Lock()
	defer f.pmu.Unlock()
	var out []string
	for i, m := range f.posts {
		text := m.PlainText()
		if !strings.Contains(text, title) {
			continue
		}
		if f.chans[i] != "C1" {
			t.Errorf("digest posted to %q, want the announce channel C1", f.chans[i])
		}
		for _, b := range m.Blocks {
			for _, items := range append(b.Items, b.Spans) {
				for _, s := range items {
					if s.Style == bot.Mention {
						t.Errorf("digest mentions %v: it must ping nobody", s.Member)
					}
				}
			}
		}
		out = append(out, text)
	}
	return out
}

func TestDigestAfterRound(t *testing.T) {
	f := newPostFake()
	c := &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	e := digestEnv(t, t.TempDir(), c, f, nil)
	for _, u := range []string{"anna", "marco", "giulia", "luca"} {
		e.must(u, "join", "Welcome")
	}
	e.must("anna", "offer add go, kubernetes, docker, terraform", "go")
	e.must("marco", "seek add ux design, go", "ux design")
	e.must("giulia", "seek add ux design, rust", "ux design")
	e.must("luca", "visibility hidden", "will not name you")
	e.must("luca", "offer add secret sauce", "secret sauce")
	e.must("mod", "announce Aperitivo | 2026-12-10 18:30 | Bar Centrale", "announced")
	e.must("mod", "round now", "2 groups")
	e.tickDigest()

	got := digests(t, f, "News from Labbit")
	if len(got) != 1 {
		t.Fatalf("%d digests after the round, want 1:\n%s", len(got), strings.Join(got, "\n---\n"))
	}
	d := got[0]
	for _, want := range []string{
		"4 people joined this week:", "Anna — offers go, kubernetes, docker and more", "Marco", "Giulia", "and 1 more joined",
		"Can you help with ux design? 2 people are looking for it: offer add ux design",
		"Can you help with rust? 1 person is looking for it: offer add rust",
		"Coming up:", "Aperitivo — Thu 10 Dec 2026, 18:30 CET",
	} {
		if !strings.Contains(d, want) {
			t.Errorf("digest lacks %q:\n%s", want, d)
		}
	}
	for _, no := range []string{"Luca", "secret sauce", "Can you help with go", "Last round"} {
		if strings.Contains(d, no) {
			t.Errorf("digest holds %q:\n%s", no, d)
		}
	}

	// Everybody met; the next round's digest says so, and no longer lists
	// those who joined more than a week before.
	c.Add(4 * 24 * time.Hour)
	e.tickDigest()
	for _, u := range []string{"anna", "marco", "giulia", "luca"} {
		e.must(u, "met yes", "")
	}
	c.Add(4 * 24 * time.Hour)
	e.must("mod", "round now", "2 groups")
	e.tickDigest()
	got = digests(t, f, "News from Labbit")
	if len(got) != 2 {
		t.Fatalf("%d digests after two rounds, want 2", len(got))
	}
	if d := got[1]; !strings.Contains(d, "Last round: 2 of 2 groups that answered met.") || strings.Contains(d, "joined") {
		t.Errorf("second digest:\n%s", d)
	}
}

func TestDigestNothingToPost(t *testing.T) {
	f := newPostFake()
	c := &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	e := digestEnv(t, t.TempDir(), c, f, nil)
	e.must("anna", "join", "Welcome")
	e.must("marco", "join", "Welcome")
	e.must("anna", "offer add go", "go")
	e.must("marco", "seek add go", "go")
	c.Add(8 * 24 * time.Hour) // nobody joined this week; nothing sought is missing
	e.must("mod", "digest preview", "Nothing to post now")
	e.must("mod", "round now", "1 group")
	e.tickDigest()
	if got := digests(t, f, "Labbit"); len(got) != 0 {
		t.Errorf("an empty digest was posted:\n%s", got[0])
	}
	if st := e.state(); st.DigestRound != 1 || !st.LastDigest.Equal(c.Now()) {
		t.Errorf("state %+v: want the empty digest of round 1 remembered", st)
	}
}

// TestDigestOncePerFiringAcrossRestart: with digest.schedule, a firing
// posts one digest, even when rete stops before sending it and ticks
// again after starting.
func TestDigestOncePerFiringAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	f := newPostFake()
	c := &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)} // Friday 11:00 in Rome
	friday := func(s *bot.Settings) { s.DigestSchedule = "0 17 * * FRI" }
	e := digestEnv(t, dir, c, f, friday)
	e.must("anna", "join", "Welcome")
	c.Add(6*time.Hour + time.Minute) // 17:01 in Rome
	if _, err := e.bot.Tick(context.Background(), "labbit"); err != nil {
		t.Fatal(err)
	}
	if err := e.db.Close(); err != nil { // stop before sending
		t.Fatal(err)
	}
	c.Add(time.Minute)
	e = digestEnv(t, dir, c, f, friday)
	e.tickDigest()
	if got := digests(t, f, "News from Labbit"); len(got) != 1 || !strings.Contains(got[0], "Anna") {
		t.Fatalf("digests after a restart: %q, want one naming Anna", got)
	}
	c.Add(24 * time.Hour)
	e.tickDigest()
	if got := digests(t, f, "News from Labbit"); len(got) != 1 {
		t.Fatalf("%d digests a day later, want still 1", len(got))
	}
	e.must("marco", "join", "Welcome")
	c.Add(6 * 24 * time.Hour) // the next Friday, 17:02
	e.tickDigest()
	if got := digests(t, f, "News from Labbit"); len(got) != 2 || !strings.Contains(got[1], "Marco") {
		t.Errorf("digests a week later: %q, want a second one naming Marco", got)
	}
}

func TestDigestOffSwitch(t *testing.T) {
	f := newPostFake()
	c := &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	e := digestEnv(t, t.TempDir(), c, f, nil)
	e.must("anna", "join", "Welcome")
	e.must("marco", "join", "Welcome")
	e.must("anna", "digest off", "Only moderators")
	e.must("mod", "digest off", "The weekly digest is off.")
	e.must("mod", "config digest.enabled", "digest.enabled = off")
	e.must("mod", "round now", "1 group")
	e.tickDigest()
	if got := digests(t, f, "Labbit"); len(got) != 0 {
		t.Fatalf("a digest was posted while off:\n%s", got[0])
	}
	e.must("mod", "digest on", "after each round")
	c.Add(7 * 24 * time.Hour)
	e.must("giulia", "join", "Welcome")
	e.must("mod", "round now", "group")
	e.tickDigest()
	if got := digests(t, f, "Labbit"); len(got) != 1 || !strings.Contains(got[0], "Giulia") {
		t.Errorf("digests once on again: %q, want one naming Giulia", got)
	}
}

func TestDigestPreview(t *testing.T) {
	f := newPostFake()
	c := &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	e := digestEnv(t, t.TempDir(), c, f, nil)
	e.must("anna", "join", "Welcome")
	e.must("anna", "digest preview", "Only moderators")
	got := e.must("mod", "digest preview", "News from Labbit")
	if !strings.Contains(got, "1 person joined this week:\n• Anna") {
		t.Errorf("preview:\n%s", got)
	}
	// In a channel the preview goes privately.
	pub := e.bot.Handle(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: "mod", Name: "Mod", Text: "digest preview"}).PlainText()
	if strings.Contains(pub, "Anna") {
		t.Errorf("a preview asked in a channel was shown there:\n%s", pub)
	}
	if err := e.bot.DeliverDue(context.Background(), "test"); err != nil {
		t.Fatal(err)
	}
	if dms := f.dmMsg["mod"]; len(dms) != 1 || !strings.Contains(dms[0].PlainText(), "Anna") {
		t.Errorf("private preview %v", dms)
	}
	if got := digests(t, f, "Labbit"); len(got) != 0 {
		t.Errorf("a preview posted a digest")
	}
}

func TestDigestItalian(t *testing.T) {
	f := newPostFake()
	c := &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	e := digestEnv(t, t.TempDir(), c, f, func(s *bot.Settings) { s.Language = bot.LangIT })
	e.must("anna", "join", "Ti diamo il benvenuto")
	e.must("marco", "join", "Ti diamo il benvenuto")
	e.must("marco", "lang en", "English")
	e.must("anna", "offer add go", "go")
	e.must("marco", "seek add design", "design")
	e.must("anna", "visibility hidden", "non ti nominerà")
	e.must("mod", "round now", "1")
	e.tickDigest()
	got := digests(t, f, "Novità da Labbit")
	if len(got) != 1 {
		t.Fatalf("%d Italian digests, want 1 (a member's own language does not change the community's post)", len(got))
	}
	for _, want := range []string{"Questa settimana sono entrate 2 persone:", "• Marco", "e 1 altra persona", "Puoi dare una mano con design? La cerca 1 persona: offer add design"} {
		if !strings.Contains(got[0], want) {
			t.Errorf("digest lacks %q:\n%s", want, got[0])
		}
	}
	c.Add(4 * 24 * time.Hour)
	e.tickDigest()
	e.must("anna", "met yes", "")
	c.Add(4 * 24 * time.Hour)
	e.must("mod", "round now", "1")
	e.tickDigest()
	got = digests(t, f, "Novità da Labbit")
	if len(got) != 2 || !strings.Contains(got[1], "Ultimo giro: 1 su 1 gruppo che ha risposto si è incontrato.") {
		t.Errorf("Italian digests %q, want a second one with the meeting rate", got)
	}
}

// smallFake is a messenger whose platform takes messages of at most 600
// characters.
type smallFake struct{ *postFake }

func (s smallFake) Fits(m bot.Message) bool { return len(m.PlainText()) <= 600 }

func TestDigestFitsOneMessage(t *testing.T) {
	f := newPostFake()
	c := &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	e := digestEnv(t, t.TempDir(), c, smallFake{f}, nil)
	for i := range 30 {
		u := fmt.Sprintf("member%02d", i)
		e.must(u, "join", "Welcome")
		e.must(u, fmt.Sprintf("seek add skill%02d", i), "skill")
	}
	e.must("mod", "round now", "groups")
	e.tickDigest()
	got := digests(t, f, "News from Labbit")
	if len(got) != 1 {
		t.Fatalf("%d digest posts, want 1", len(got))
	}
	if len(got[0]) > 600 || !strings.Contains(got[0], "30 people joined") || !strings.Contains(got[0], "more joined") || !strings.Contains(got[0], "and 2") {
		t.Errorf("digest of %d characters:\n%s", len(got[0]), got[0])
	}
}
