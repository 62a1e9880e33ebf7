package main

import (
	"strings"
	"testing"
)

// TestConsentSession: after Sara declines Giulia, the moderator's round
// preview does not pair them (though they would be the best pair), and
// `intro SKILL` proposes neither to the other.
func TestConsentSession(t *testing.T) {
	out := runScript(t, "consent.txt", true)
	// What each command printed, by its prompt line.
	printed := map[string]string{}
	prompt := ""
	for _, line := range strings.Split(out, "\n") {
		if i := strings.Index(line, "> "); i > 0 && !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "[") {
			prompt = line
			continue
		}
		printed[prompt] += line + "\n"
	}
	for _, tt := range []struct{ prompt, want, never string }{
		{"giulia> intro @sara Vorrei parlare di copywriting", "Richiesta 1 inviata a Sara Romano", ""},
		{"sara> intro decline 1", "non è possibile in questo momento", ""},
		{"admin> round preview", "@Sara Romano", "@Giulia Bianchi and @Sara Romano"},
		{"giulia> intro copywriting", "La persona più adatta per *copywriting*", "@Sara Romano"},
		{"sara> intro ux design", "La persona più adatta per *ux design*", "@Giulia Bianchi"},
	} {
		got, ok := printed[tt.prompt]
		switch {
		case !ok:
			t.Errorf("transcript lacks %q:\n%s", tt.prompt, out)
		case !strings.Contains(got, tt.want):
			t.Errorf("%s: lacks %q:\n%s", tt.prompt, tt.want, got)
		case tt.never != "" && strings.Contains(got, tt.never):
			t.Errorf("%s: shows %q:\n%s", tt.prompt, tt.never, got)
		}
	}
	if !strings.Contains(printed["admin> round preview"], "@Giulia Bianchi") {
		t.Error("Giulia sits out the preview: the two should be paired with others")
	}
}
