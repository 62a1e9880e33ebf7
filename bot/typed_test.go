package bot_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/rete-bot/rete/bot"
)

// doTyped runs a command as a platform with typed options delivers it.
func (e *env) doTyped(user string, t *bot.TypedCommand) string {
	e.t.Helper()
	req := dmRequest("test", "S1", user, "")
	req.Typed = t
	return e.bot.Handle(context.Background(), req).PlainText()
}

// TestTypedCommandsActAsLines runs each command once as a typed line and
// once as a platform's typed options, in two fresh communities: the reply
// and what is stored about the caller are the same.
func TestTypedCommandsActAsLines(t *testing.T) {
	setup := []string{"anna: join", "marco: join", "marco: offer add kubernetes", "mod: join"}
	for _, tt := range []struct {
		name  string
		user  string
		line  string
		typed bot.TypedCommand
	}{
		{"pause for", "anna", "pause 2w", bot.TypedCommand{Verb: "pause", Sub: "for", Args: map[string]string{"duration": "2w"}}},
		{"pause until", "anna", "pause until 2027-01-15", bot.TypedCommand{Verb: "pause", Sub: "until", Args: map[string]string{"date": "2027-01-15"}}},
		{"pause until in Italian", "anna", "pause fino al 15/01/2027", bot.TypedCommand{Verb: "pause", Sub: "until", Args: map[string]string{"date": "15/01/2027"}}},
		{"pause indefinitely", "anna", "pause", bot.TypedCommand{Verb: "pause", Sub: "indefinitely"}},
		{"offer add", "anna", "offer add Go, UX", bot.TypedCommand{Verb: "offer", Sub: "add", Args: map[string]string{"skills": "Go, UX"}}},
		{"lang in Italian words", "anna", "lang it", bot.TypedCommand{Verb: "lang", Args: map[string]string{"lang": "it"}}},
		{"met", "anna", "met sì", bot.TypedCommand{Verb: "met", Args: map[string]string{"answer": "yes"}}},
		{"intro member", "anna", "intro @marco we both run k8s", bot.TypedCommand{Verb: "intro", Sub: "member", Args: map[string]string{"member": "@marco", "why": "we both run k8s"}}},
		{"intro skill", "anna", "intro kubernetes", bot.TypedCommand{Verb: "intro", Sub: "skill", Args: map[string]string{"skill": "kubernetes"}}},
		{"intro cancel", "anna", "intro cancel 7", bot.TypedCommand{Verb: "intro", Sub: "cancel", Args: map[string]string{"id": "7"}}},
		{"config show", "mod", "config pairing.group_size", bot.TypedCommand{Verb: "config", Sub: "show", Args: map[string]string{"key": "pairing.group_size"}}},
		{"config set", "mod", "config pairing.schedule 0 9 * * MON", bot.TypedCommand{Verb: "config", Sub: "set", Args: map[string]string{"key": "pairing.schedule", "value": "0 9 * * MON"}}},
		{"announce", "mod", "announce Aperitivo | 2026-12-10 18:30 | Bar Centrale", bot.TypedCommand{Verb: "announce", Args: map[string]string{"title": "Aperitivo", "when": "2026-12-10 18:30", "place": "Bar Centrale"}}},
		{"announce with details", "mod", "announce Aperitivo | 2026-12-10 18:30 | Bar Centrale | bring a friend", bot.TypedCommand{Verb: "announce", Args: map[string]string{"title": "Aperitivo", "when": "2026-12-10 18:30", "place": "Bar Centrale", "details": "bring a friend"}}},
		{"round preview", "mod", "round preview", bot.TypedCommand{Verb: "round", Sub: "preview"}},
		{"export-me offered as export_me", "anna", "export_me", bot.TypedCommand{Verb: "export_me"}},
		{"community in a space", "anna", "community", bot.TypedCommand{Verb: "community"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var replies [2]string
			var stored [2]*bot.Member
			for i := range 2 {
				e := newEnv(t)
				for _, s := range setup {
					user, line, _ := strings.Cut(s, ": ")
					e.do(user, line)
				}
				if i == 0 {
					replies[i] = e.do(tt.user, tt.line)
				} else {
					replies[i] = e.doTyped(tt.user, &tt.typed)
				}
				stored[i] = e.member(tt.user)
			}
			if replies[0] != replies[1] {
				t.Errorf("line %q and typed %+v differ:\nline:  %s\ntyped: %s", tt.line, tt.typed, replies[0], replies[1])
			}
			if strings.Contains(replies[0], "Usage:") {
				t.Errorf("line %q refused: %s", tt.line, replies[0])
			}
			if !reflect.DeepEqual(stored[0], stored[1]) {
				t.Errorf("stored records differ:\nline:  %+v\ntyped: %+v", stored[0], stored[1])
			}
		})
	}
}

// TestTypedArgumentsAreChecked: a platform's typed options go through the
// same checks by kind as a typed line.
func TestTypedArgumentsAreChecked(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "")
	for _, tt := range []struct {
		name  string
		typed bot.TypedCommand
		want  string
	}{
		{"number", bot.TypedCommand{Verb: "rsvp", Args: map[string]string{"event": "abc", "answer": "yes"}}, "abc is not a number"},
		{"choice", bot.TypedCommand{Verb: "rsvp", Args: map[string]string{"event": "1", "answer": "maybe"}}, "maybe"},
		{"missing", bot.TypedCommand{Verb: "bio"}, "Usage: bio TEXT"},
		{"missing sub", bot.TypedCommand{Verb: "offer", Args: map[string]string{"skills": "go"}}, "Usage:"},
		{"unknown option", bot.TypedCommand{Verb: "bio", Args: map[string]string{"text": "hi", "color": "red"}}, "color red"},
		{"member", bot.TypedCommand{Verb: "block", Args: map[string]string{"member": "@"}}, "Usage: block @member"},
		{"unknown verb", bot.TypedCommand{Verb: "jion"}, "join"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := e.doTyped("anna", &tt.typed); !strings.Contains(got, tt.want) {
				t.Errorf("%+v: got %s\nwant …%s…", tt.typed, got, tt.want)
			}
		})
	}
}

// TestLineCommandsKeepTheirGrammar: help shows what people type, not the
// sub-commands typed options use, and a space answers community with its
// own community.
func TestLineCommandsKeepTheirGrammar(t *testing.T) {
	e := newEnv(t)
	e.must("mod", "join", "")
	for _, tt := range []struct {
		line, want, notWant string
	}{
		{"help intro", "intro @member [WHY]|SKILL|cancel ID", "intro member"},
		{"help pause", "pause [2w|until DATE]", "pause for"},
		{"help config", "config [KEY] [VALUE]", "config set"},
		{"help announce", "announce TITLE | WHEN | PLACE [| DETAILS]", ""},
		{"help", "community [COMMUNITY]", "intro accept"},
		{"community", "belongs to Labbit", ""},
		{"intro", "Usage: intro @member [WHY]|SKILL|cancel ID", ""},
		{"announce only a title", "Usage: announce TITLE | WHEN | PLACE [| DETAILS]", ""},
	} {
		got := e.must("mod", tt.line, tt.want)
		if tt.notWant != "" && strings.Contains(got, tt.notWant) {
			t.Errorf("%q shows %q:\n%s", tt.line, tt.notWant, got)
		}
	}
}
