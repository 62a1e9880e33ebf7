package bot_test

import (
	"regexp"
	"strings"
	"testing"
)

// reasonLines are the "• " lines of a message that hold reasons (not the
// profile cards' lines).
func reasonLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "• ") && !regexp.MustCompile(`^• (Offers|Seeks|Time zone|Links):`).MatchString(l) {
			out = append(out, strings.TrimPrefix(l, "• "))
		}
	}
	return out
}

func TestPreviewReasonsNameBoth(t *testing.T) {
	f := newFake()
	e := roundEnv(t, 3, f) // one trio
	you := regexp.MustCompile(`(?i)\byou\b`)
	names := regexp.MustCompile(`M0\d`)
	preview := e.must("mod", "round preview", "1 group. Nothing was sent or stored.")
	lines := reasonLines(preview)
	if len(lines) < 3 {
		t.Fatalf("preview reasons %q", lines)
	}
	for _, l := range lines {
		if you.MatchString(l) {
			t.Errorf("a moderator's preview says you: %q", l)
		}
		if n := len(names.FindAllString(l, -1)); n < 2 {
			t.Errorf("preview reason names %d members: %q", n, l)
		}
	}
	// In a member's trio intro, a reason says you or names both.
	e.must("mod", "round now", "1 group;")
	e.deliver()
	intro := f.texts("m00")[0]
	lines = reasonLines(intro)
	if len(lines) < 3 {
		t.Fatalf("intro reasons %q", lines)
	}
	for _, l := range lines {
		n := len(names.FindAllString(l, -1))
		switch {
		case l == "none of you have met through rete before":
		case you.MatchString(l) && n == 1, !you.MatchString(l) && n == 2:
		default:
			t.Errorf("trio reason does not say which two: %q", l)
		}
		if strings.Contains(l, "M00") {
			t.Errorf("the reader is named, not you: %q", l)
		}
	}
	if strings.Contains(intro, "What is M00") {
		t.Errorf("the first question asks the reader about themselves:\n%s", intro)
	}
	if !slicesContainsPrefix(lines, "you and M0") {
		t.Errorf("no reason about the reader and one other: %q", lines)
	}
}

func slicesContainsPrefix(ss []string, prefix string) bool {
	for _, s := range ss {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
