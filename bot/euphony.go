package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// euphony adds Italian's euphonic d where a template's "e" or "a" meets
// a name starting with the same vowel: "Anna ed Elena", "ad Anna". Names
// come from arguments, so no template can write it in advance.
func euphony(lang Lang, spans []Span) {
	if lang != LangIT {
		return
	}
	for i := 0; i+1 < len(spans); i++ {
		spans[i].Text = euphonic(spans[i].Text, spans[i+1].Text)
	}
}

// euphonic returns before with its final " e " or " a " turned into " ed "
// or " ad " when next starts with that vowel.
func euphonic(before, next string) string {
	r, _ := utf8.DecodeRuneInString(strings.TrimPrefix(next, "@"))
	r = unicode.ToLower(r)
	for _, v := range []string{"e", "a"} {
		if (r == rune(v[0]) || v == "e" && (r == 'è' || r == 'é')) && (before == v+" " || strings.HasSuffix(before, " "+v+" ")) {
			return strings.TrimSuffix(before, " ") + "d "
		}
	}
	return before
}
