package multiplatform

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/rete-bot/rete/adapters/slack"
	"github.com/rete-bot/rete/adapters/telegram"
)

// TestForgetLinkedMember: a member linked across Slack and Telegram, with
// a profile, a contact line, a round and relayed replies, types forget-me
// on Telegram; afterwards neither account finds a record, and a backup of
// the store holds none of their ids, handles or texts.
func TestForgetLinkedMember(t *testing.T) {
	m := newMulti(t)
	m.join(slack.Platform, "anna")
	m.join(telegram.Platform, "anna")
	m.join(slack.Platform, "marco")
	m.command(slack.Platform, "anna", "bio Zyxbio of anna")
	m.command(slack.Platform, "anna", "offer add zyxskill")
	m.command(telegram.Platform, "anna", "contact zyxcontact@example.org")
	m.link(slack.Platform, telegram.Platform, "anna")
	m.deliver()
	if _, err := m.b.RunRound(t.Context(), community, roundNow); err != nil {
		t.Fatal(err)
	}
	m.command(telegram.Platform, "anna", "reply Zyxrelay from anna")
	m.command(slack.Platform, "marco", "reply Zyxanswer to anna")
	m.deliver()

	secrets := []string{
		"U0ANNA", "u0anna", "anna_tg", "Zyxbio", "zyxskill", "zyxcontact", "Zyxrelay", "Zyxanswer",
	}
	tgID := regexp.MustCompile(`\b` + m.user(telegram.Platform, "anna") + `\b`)
	before := m.backup()
	for _, s := range secrets {
		if !bytes.Contains(before, []byte(s)) {
			t.Fatalf("before forget-me the backup lacks %q: the scan would prove nothing", s)
		}
	}
	if !tgID.Match(before) {
		t.Fatal("before forget-me the backup lacks the Telegram id")
	}

	if d := m.command(telegram.Platform, "anna", "forget-me confirm"); !strings.Contains(d.Text, "everything about you is deleted") {
		t.Fatalf("forget-me answered %q", d.Text)
	}
	m.deliver()
	for _, p := range []string{slack.Platform, telegram.Platform} {
		if mem := m.stored(p, "anna"); mem != nil {
			t.Errorf("after forget-me %s still finds %+v", p, mem)
		}
	}
	after := m.backup()
	for _, s := range secrets {
		if bytes.Contains(after, []byte(s)) {
			t.Errorf("after forget-me the backup still holds %q", s)
		}
	}
	if loc := tgID.FindIndex(after); loc != nil {
		t.Errorf("after forget-me the backup still holds the Telegram id: …%q…", after[max(0, loc[0]-60):min(len(after), loc[1]+20)])
	}
	if mem := m.stored(slack.Platform, "marco"); mem == nil {
		t.Error("forget-me of anna took marco too")
	}
}

// backup is a backup of the store, as `rete backup` writes it.
func (m *multi) backup() []byte {
	m.t.Helper()
	var buf bytes.Buffer
	if err := m.db.Backup(&buf); err != nil {
		m.t.Fatal(err)
	}
	return buf.Bytes()
}
