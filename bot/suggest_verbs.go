package bot

import (
	"slices"
	"strings"
)

// closestVerbs suggests at most three verbs close to an unknown one, or
// none.
func (b *Bot) closestVerbs(verb string) []string {
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	for _, c := range b.commands {
		if c.Hidden {
			continue
		}
		d := typoDistance(verb, c.Name)
		if strings.HasPrefix(c.Name, verb) || strings.HasPrefix(verb, c.Name) {
			d = min(d, 1)
		}
		if d <= max(2, len(verb)/3) {
			cs = append(cs, cand{c.Name, d})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return a.d - b.d })
	var out []string
	for i := 0; i < len(cs) && i < 3; i++ {
		out = append(out, cs[i].name)
	}
	return out
}

// unknownVerb is the error for a verb the table lacks: it suggests close
// verbs, if any, and always points at help.
func (b *Bot) unknownVerb(verb string) *Error {
	near := b.closestVerbs(verb)
	if len(near) == 0 {
		return &Error{Code: EINVALID, Key: "err.unknown_none", Args: Args{"verb": verb}}
	}
	return &Error{Code: EINVALID, Key: "err.unknown_verb", Args: Args{"verb": verb, "close": strings.Join(near, ", ")}}
}
