package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// The "joined" list covers the time since the previous digest: rounds
// every second week, or a long outage, leave no newcomer out; an outage
// of more than a month lists the last 31 days only.
func TestDigestNamesEveryoneSinceThePreviousDigest(t *testing.T) {
	f := newPostFake()
	c := &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	e := digestEnv(t, t.TempDir(), c, f, nil)
	day := 24 * time.Hour
	e.must("marco", "join", "Welcome")
	e.must("giulia", "join", "Welcome")
	e.must("mod", "round now", "1 group")
	e.tickDigest()
	c.Add(3 * day)
	e.must("anna", "join", "Welcome")
	c.Add(11 * day) // the next round, two weeks after the first
	e.must("mod", "round now", "group")
	e.tickDigest()
	c.Add(5 * day)
	e.must("bo", "join", "Welcome") // 40 days before the next digest
	c.Add(20 * day)
	e.must("carl", "join", "Welcome") // 20 days before it
	c.Add(20 * day)
	e.must("mod", "round now", "group")
	e.tickDigest()

	got := digests(t, f, "News from Labbit")
	if len(got) != 3 {
		t.Fatalf("%d digests, want 3:\n%s", len(got), strings.Join(got, "\n---\n"))
	}
	for i, tt := range []struct{ named, not []string }{
		{[]string{"Marco", "Giulia"}, []string{"Anna"}},
		{[]string{"Anna", "in the last 14 days"}, []string{"Marco", "Giulia"}},
		{[]string{"Carl", "in the last 31 days"}, []string{"Bo", "Anna"}},
	} {
		for _, want := range tt.named {
			if !strings.Contains(got[i], want) {
				t.Errorf("digest %d lacks %q:\n%s", i+1, want, got[i])
			}
		}
		for _, no := range tt.not {
			if strings.Contains(got[i], no) {
				t.Errorf("digest %d holds %q:\n%s", i+1, no, got[i])
			}
		}
	}
}

// Where no space has an announce channel the digest goes nowhere:
// `digest on` and `digest preview` say so, and how to fix it.
func TestDigestSaysWhenNoSpaceHasAnAnnounceChannel(t *testing.T) {
	const hint = "set announce_channel"
	for _, tt := range []struct {
		name    string
		spaces  []bot.Space // nil: no community configured, rete makes one
		warning bool
	}{
		{"an announce channel", []bot.Space{{Platform: "test", ID: "S1", AnnounceChannel: "C1"}}, false},
		{"a space without one", []bot.Space{{Platform: "test", ID: "S1"}}, true},
		{"a community rete made", nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := &env{t: t, db: openDB(t), clock: &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}}
			cfg := bot.Config{Store: e.db, Now: e.clock.Now, Messengers: []bot.Messenger{newPostFake()}}
			if tt.spaces != nil {
				cfg.Communities = []bot.Community{{ID: "labbit", Moderators: []string{"test:mod"}, Spaces: tt.spaces, Settings: bot.DefaultSettings()}}
			}
			b, err := bot.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			e.bot = b
			for _, cmd := range []string{"digest on", "digest preview"} {
				req := &bot.Request{Platform: "test", Space: "S1", User: "mod", Name: "Mod", Admin: true, Private: true, Text: cmd}
				got := b.Handle(context.Background(), req).PlainText()
				if strings.Contains(got, hint) != tt.warning {
					t.Errorf("%s: warning %v, want %v:\n%s", cmd, !tt.warning, tt.warning, got)
				}
			}
		})
	}
}
