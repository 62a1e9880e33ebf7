package bot_test

import (
	"strings"
	"testing"

	"github.com/rete-bot/rete/bot"
)

// A digest schedule that fires twice a day is refused in the digest's
// words, not the rounds', in `config` and in the config file.
func TestDigestScheduleTooOftenIsRefusedAsADigest(t *testing.T) {
	e, _ := eventEnv(t)
	for _, tt := range []struct{ lang, want, not string }{
		{"en", "2 digests a day", "rounds a day"},
		{"it", "2 riepiloghi al giorno", "giri al giorno"},
	} {
		e.must("mod", "lang "+tt.lang, "")
		got := e.do("mod", "config digest.schedule 0 9,17 * * *")
		if !strings.Contains(got, tt.want) || strings.Contains(got, tt.not) {
			t.Errorf("%s: %s", tt.lang, got)
		}
	}
	s := bot.DefaultSettings()
	if err := s.Set("digest.schedule", "0 9,17 * * *"); err == nil || !strings.Contains(err.Error(), "at most one digest a day") {
		t.Errorf("Set(digest.schedule): %v, want at most one digest a day", err)
	}
}
