package dash

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/rete-bot/rete/bot"
)

// browserLang is the language of the browser's Accept-Language that rete
// speaks, the most preferred first; English when it names none. The pages
// shown without a session (an expired or forged link) know no moderator,
// so the browser's language is the best guess of theirs.
func browserLang(r *http.Request) bot.Lang {
	best, bestQ := bot.LangEN, 0.0
	for part := range strings.SplitSeq(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if lang := bot.Lang(primary); (lang == bot.LangEN || lang == bot.LangIT) && q > bestQ {
			best, bestQ = lang, q
		}
	}
	return best
}
