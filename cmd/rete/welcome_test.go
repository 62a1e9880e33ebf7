package main

import (
	"strings"
	"testing"
)

// TestWelcomeSession runs testdata/welcome.txt through the console: one
// welcome per newcomer, the moderators' first line kept as text, one
// reminder of an empty profile a week after join, none once welcomes are
// off.
func TestWelcomeSession(t *testing.T) {
	out := runScript(t, "welcome.txt", false)
	wantInOrder(t, out, []string{
		"arrive Nadia", "[dm → nadia]", "Welcome to *rete (local)*!", "offer add SKILL", "seek add SKILL", "bio TEXT", "[1] Join",
		"nadia> press 1", "[reply → nadia]", "Welcome to",
		"admin> welcome preview", "*Benvenuti* nel Labbit <b>!</b>",
		"admin> arrive Omar", "[dm → omar]", "*Benvenuti* nel Labbit <b>!</b>",
		"wait 7d", "[dm → nadia]", "your profile has no offers, seeks or bio yet",
		"admin> welcome off", "admin> config welcome", "welcome = off",
	})
	for who, want := range map[string]int{"[dm → nadia]": 2, "[dm → omar]": 1, "[dm → pia]": 0, "your profile has no offers, seeks or bio yet": 1} {
		if n := strings.Count(out, who); n != want {
			t.Errorf("%q shows %d times, want %d:\n%s", who, n, want, out)
		}
	}
}
