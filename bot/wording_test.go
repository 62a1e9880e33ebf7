package bot_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// TestEveryCommandReadsWellOnBadInput runs every command of the table, in
// English and Italian, bare and with a wrong argument: no reply shows an
// unfilled placeholder or an empty name, and every parse error ends with
// the usage line in the reader's language.
func TestEveryCommandReadsWellOnBadInput(t *testing.T) {
	for _, lang := range []struct {
		code, usage string
		english     []string // usage words an Italian reader must not see
	}{
		{"en", "Usage: ", nil},
		{"it", "Uso: ", []string{"Usage", "SKILL", "TEXT", "@member", "EVENT", "VALUE", "ROUND", "VERB", "ZONE", "NAME", "TITLE", "notyet", "Missing"}},
	} {
		t.Run(lang.code, func(t *testing.T) {
			e := newEnv(t)
			e.must("mod", "join", "")
			e.must("mod", "lang "+lang.code, "")
			var inputs []badInput
			for _, cmd := range e.bot.Commands() {
				if cmd.LineParams != nil {
					// Typed as one line: its grammar is LineParams'.
					inputs = append(inputs, badInputs(cmd.Name, cmd.LineParams, false)...)
					continue
				}
				inputs = append(inputs, badInputs(cmd.Name, cmd.Params, len(cmd.Subs) > 0)...)
				for _, s := range cmd.Subs {
					inputs = append(inputs, badInputs(cmd.Name+" "+s.Name, s.Params, false)...)
				}
			}
			for _, in := range inputs {
				got := e.do("mod", in.text)
				if in.text == "export-me" {
					got = "" // JSON data, not words
				}
				for _, bad := range []string{"{", "}", "  ", " .", "''"} {
					if strings.Contains(got, bad) {
						t.Errorf("%q: reply contains %q:\n%s", in.text, bad, got)
					}
				}
				for _, w := range lang.english {
					if regexp.MustCompile(`(^|\W)` + regexp.QuoteMeta(w) + `(\W|$)`).MatchString(got) {
						t.Errorf("%q: reply shows the English %q:\n%s", in.text, w, got)
					}
				}
				if in.wantUsage && !strings.Contains(got, lang.usage) {
					t.Errorf("%q: no usage line:\n%s", in.text, got)
				}
				e.do("mod", "join")
				e.do("mod", "resume")
			}
		})
	}
}

// badInput is a command line and whether parsing must refuse it (so the
// reply ends with the usage line).
type badInput struct {
	text      string
	wantUsage bool
}

// badInputs are a command line bare and with a wrong word.
func badInputs(line string, params []bot.Param, subs bool) []badInput {
	bare := subs || len(params) > 0 && !params[0].Optional
	// A member may be named by any word, and a left-out optional choice
	// passes its word on to the next parameter: neither refuses "zzz".
	wrong := subs || len(params) == 0 || params[0].Kind == bot.ParamChoice && !(params[0].Optional && len(params) > 1)
	return []badInput{{line, bare}, {line + " zzz", wrong}}
}

// TestItalianWordsReachTheHandler types choice words and durations in
// Italian and checks what is stored.
func TestItalianWordsReachTheHandler(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "")
	e.must("anna", "lang it", "italiano")
	e.must("anna", "notify eventi on", "Riceverai")
	if !e.member("anna").NotifyEvents {
		t.Error("notify eventi on did not turn DMs on")
	}
	e.must("anna", "notify Events OFF", "Niente più")
	if e.member("anna").NotifyEvents {
		t.Error("notify Events OFF did not turn DMs off")
	}
	for _, tt := range []struct {
		pause string
		days  int
	}{{"2 settimane", 14}, {"1 settimana", 7}, {"10g", 10}, {"3 giorni", 3}, {"2w", 14}, {"1 day", 1}, {"fino al 07/12/2026", 10}} {
		e.must("anna", "pause "+tt.pause, "Pausa attiva")
		m := e.member("anna")
		want := e.clock.Now().AddDate(0, 0, tt.days)
		if m.Status != bot.StatusPaused || m.PausedUntil.Sub(want).Abs() > 24*time.Hour {
			t.Errorf("pause %s: %s until %v, want about %v", tt.pause, m.Status, m.PausedUntil, want)
		}
		e.must("anna", "resume", "Pausa finita")
	}
	e.must("anna", "pause 2s", "fuori dai limiti") // seconds, not weeks
	e.must("anna", "forget-me sì", "Per confermare usa conferma")
	e.must("anna", "forget-me Conferma", "ho cancellato tutti i tuoi dati")
}

// TestPluralsInReplies checks one and many in both languages.
func TestPluralsInReplies(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "")
	e.must("anna", "lang it", "")
	e.must("marco", "join", "")
	e.must("marco", "offer add go", "")
	e.must("anna", "find go", "1 persona offre go")
	e.must("mod", "find go", "1 member offers go")
	e.must("giulia", "join", "")
	e.must("giulia", "offer add go", "")
	e.must("anna", "find go", "2 persone offrono go")
	e.must("mod", "find go", "2 members offer go")
}
