package bot_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/rete-bot/rete/bot"
)

// joinAs joins user with a display name and a handle, and offers a skill.
func (e *env) joinAs(user, name, handle, offer string) {
	e.t.Helper()
	for _, text := range []string{"join", "offer add " + offer} {
		got := e.bot.Handle(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: user, Name: name, Handle: handle, Private: true, Text: text}).PlainText()
		if strings.Contains(got, "Something went wrong") {
			e.t.Fatalf("%s %s: %s", user, text, got)
		}
	}
}

// TestMemberByDisplayName: profile, block, remove and intro take a member
// by mention, handle or display name, and ask "which one?" when several
// match.
func TestMemberByDisplayName(t *testing.T) {
	e := newEnv(t)
	e.joinAs("U1", "Marco Rossi", "mrossi", "go")
	e.joinAs("U2", "Marco Bianchi", "mbianchi", "sales")
	e.joinAs("U3", "Anna Conti", "anna", "ux")
	tests := []struct{ text, want string }{
		{"profile Marco Rossi", "Marco Rossi\n"},
		{"profile marco   rossi", "Marco Rossi\n"},
		{`profile "Marco Rossi"`, "Marco Rossi\n"},
		{"profile rossi", "Marco Rossi\n"},
		{"profile @mrossi", "Marco Rossi\n"},
		{"profile mrossi", "Marco Rossi\n"},
		{"profile @U1", "Marco Rossi\n"}, // a mention, as adapters pass it
		{"profile Marco", "Several members match Marco: Marco Bianchi (@mbianchi), Marco Rossi (@mrossi). Which one?"},
		{"profile Marco Verdi", "No member Marco Verdi here."},
		{"profile Mar", "No member Mar here."}, // whole words only
	}
	for _, tt := range tests {
		e.must("U3", tt.text, tt.want)
	}
	e.must("U3", "block Marco Bianchi", "Marco Bianchi is blocked")
	if got := e.member("U3").Blocks; !slices.Equal(got, []bot.MemberID{{Platform: "test", Space: "S1", User: "U2"}}) {
		t.Errorf("blocks %v, want Marco Bianchi", got)
	}
	// intro: a name with spaces needs quotes (unquoted text is a skill).
	e.must("U3", `intro "Marco Rossi" to talk about Go`, "Request 1 sent to Marco Rossi")
	e.must("U3", "intro Marco Rossi", "Nobody active offers marco rossi yet.")
	e.must("U3", `intro "Marco" hi`, "Several members match")
	// Removed members are found by name only by moderators.
	e.must("mod", "remove Marco Rossi", "Marco Rossi is removed")
	e.must("U3", "profile Marco Rossi", "No member Marco Rossi here.")
	e.must("U3", "profile Marco", "Marco Bianchi\n")
	e.must("mod", "profile Marco Rossi", "Marco Rossi\n")
}
