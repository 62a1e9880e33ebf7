package bot_test

import (
	"strings"
	"testing"
	"time"
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

	got := digests(t, f, "This week at Labbit")
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
