package bot

import (
	"strings"
	"unicode"
)

// isBidiControl reports the direction embeddings, overrides and isolates
// (U+202A-U+202E, U+2066-U+2069). Stored in a name or a title they flip
// how the text after them shows, in every message that quotes it.
func isBidiControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}

// stripBidi removes the bidi controls from member text.
func stripBidi(s string) string {
	if !strings.ContainsFunc(s, isBidiControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBidiControl(r) {
			return -1
		}
		return r
	}, s)
}

// blankLetters are letters and symbols that draw nothing; they are used to
// fake empty names.
var blankLetters = map[rune]bool{
	'\u115F': true, '\u1160': true, '\u3164': true, '\uFFA0': true, // Hangul fillers
	'\u2800': true, // braille blank
}

// showsNothing reports whether s has no visible character: only spaces,
// format characters (zero-width spaces and joiners, direction marks,
// U+FEFF), combining marks with nothing to sit on, and blank letters.
func showsNothing(s string) bool {
	for _, r := range s {
		if !blankLetters[r] && (unicode.In(r, unicode.L, unicode.N, unicode.P, unicode.S) || unicode.Is(unicode.Co, r)) {
			return false
		}
	}
	return true
}

// cleanText checks member-written text that may span lines (a bio, an
// intro's reason): trimmed, bidi controls removed; control characters
// other than new lines and tabs, and text that shows nothing, are refused.
func cleanText(s string) (string, error) {
	typed := strings.TrimSpace(s) != ""
	s = strings.TrimSpace(stripBidi(s))
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return "", usageErr("err.control_chars", nil)
		}
	}
	// Only bidi controls count as showing nothing too: clearing a field
	// takes "-", never text that merely looks empty.
	if typed && showsNothing(s) {
		return "", usageErr("err.text_invisible", nil)
	}
	return s, nil
}

// cleanLine trims s, removes bidi controls and folds any control character
// or run of spaces into one space.
func cleanLine(s string) string {
	return strings.Join(strings.FieldsFunc(stripBidi(s), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

// cleanName makes a display name safe and short; fallback when it is
// empty or shows nothing.
func cleanName(name, fallback string) string {
	name = cleanLine(name)
	if showsNothing(name) {
		name = cleanLine(fallback)
	}
	if r := []rune(name); len(r) > MaxNameLen {
		name = string(r[:MaxNameLen])
	}
	return name
}
