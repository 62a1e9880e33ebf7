package main

import (
	"strings"
	"testing"
)

// TestDigestSession runs testdata/digest.txt through the console: nothing
// to post before anyone joins; after the round one post in the announce
// channel that names the newcomers but not the hidden one; none once off.
func TestDigestSession(t *testing.T) {
	out := runScript(t, "digest.txt", false)
	want := []string{
		"admin> digest preview", "[reply → admin]", "Nothing to post now",
		"luca> visibility hidden", "The weekly digest will not name you",
		"admin> digest preview", "== News from rete (local) ==",
		"admin> round now", "[post → #announcements]", "== News from rete (local) ==",
		"3 people joined this week:", "• *anna* — offers go, kubernetes", "• *marco*", "• and 1 more joined",
		"• Can you help with *ux design*? 2 people are looking for it: offer add ux design",
		"Coming up:", "• *Aperitivo* — ",
		"admin> digest off", "The weekly digest is off.",
		"luca> wait 10d", "[group → anna, luca, marco]", // the scheduled round 2
	}
	wantInOrder(t, out, want)
	if n := strings.Count(out, "[post → #announcements]\n  == News from"); n != 1 {
		t.Errorf("%d digest posts, want 1:\n%s", n, out)
	}
	if strings.Contains(out, "• luca") {
		t.Errorf("the digest names luca, who is hidden:\n%s", out)
	}
}
