package bot

import (
	"slices"
	"strings"
)

// Usage returns the English usage line without prefix: "offer
// add|remove SKILL,...". [Catalog.Usage] gives it in other languages.
func (cmd *Command) Usage() string { return builtinCatalog().Usage(LangEN, cmd, nil) }

// Usage returns the usage line of cmd in lang, without prefix; with sub,
// the line of that sub-command alone ("offer add SKILL,...").
func (c *Catalog) Usage(lang Lang, cmd, sub *Command) string {
	parts := []string{cmd.Name}
	if cmd.LineParams != nil && sub == nil {
		if u := c.paramsUsage(lang, cmd.LineParams); u != "" {
			parts = append(parts, u)
		}
		return strings.Join(parts, " ")
	}
	if sub != nil {
		parts = append(parts, sub.Name)
		if u := c.paramsUsage(lang, sub.Params); u != "" {
			parts = append(parts, u)
		}
		return strings.Join(parts, " ")
	}
	if len(cmd.Subs) > 0 {
		parts = append(parts, strings.Join(subNames(cmd), "|"))
		same := true
		for _, s := range cmd.Subs {
			same = same && slices.EqualFunc(s.Params, cmd.Subs[0].Params, func(a, b Param) bool { return a.Label == b.Label })
		}
		if p := cmd.Subs[0].Params; len(p) > 0 && same {
			parts = append(parts, c.paramsUsage(lang, p))
		}
		return strings.Join(parts, " ")
	}
	if u := c.paramsUsage(lang, cmd.Params); u != "" {
		parts = append(parts, u)
	}
	return strings.Join(parts, " ")
}

func (c *Catalog) paramsUsage(lang Lang, ps []Param) string {
	var parts []string
	for _, p := range ps {
		l := c.label(lang, "param."+p.Label, p.Label)
		if p.Kind == ParamChoice {
			l = strings.Join(c.choiceWords(lang, p.Choices), "|")
		}
		if p.Optional {
			l = "[" + l + "]"
		}
		parts = append(parts, l)
	}
	return strings.Join(parts, " ")
}

// label renders key in lang, or gives fallback when the catalog lacks it.
func (c *Catalog) label(lang Lang, key, fallback string) string {
	if _, ok := c.raw[key]; !ok {
		return fallback
	}
	return c.String(lang, key, nil)
}

// choiceWords are the words of choices in lang.
func (c *Catalog) choiceWords(lang Lang, choices []string) []string {
	out := make([]string, len(choices))
	for i, w := range choices {
		out[i] = c.label(lang, "choice."+w, w)
	}
	return out
}

// matchChoice maps a word written in any language ("sì", "si", "yes"), or
// an alias.WORD of it ("where" for "place"), to its canonical choice.
func (c *Catalog) matchChoice(choices []string, word string) (string, bool) {
	word = foldWord(word)
	for _, w := range choices {
		for _, l := range Langs() {
			if foldWord(c.label(l, "choice."+w, w)) == word || foldWord(c.label(l, "alias."+w, "")) == word {
				return w, true
			}
		}
	}
	return "", false
}

// accents maps accented vowels to plain ones.
var accents = strings.NewReplacer("à", "a", "è", "e", "é", "e", "ì", "i", "í", "i", "ò", "o", "ó", "o", "ù", "u", "ú", "u")

// foldWord lowercases a word and drops the accents Italian keyboards may
// lack, so "Sì", "si" and "sí" are one word.
func foldWord(w string) string { return accents.Replace(strings.ToLower(w)) }

// orList joins words as "a, b or c" in lang.
func (c *Catalog) orList(lang Lang, words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + c.String(lang, "msg.or", nil) + " " + words[len(words)-1]
}

func subNames(cmd *Command) []string {
	var names []string
	for _, s := range cmd.Subs {
		if s.Hidden {
			continue // button-only
		}
		names = append(names, s.Name)
	}
	return names
}

// Describe is the one-line description of cmd, or of its sub-command sub,
// in lang as plain text, for a platform's command list: "desc.VERB" when
// the help line is too long for one ("help.VERB" otherwise), and
// "help.VERB_SUB" for a sub-command.
func (c *Catalog) Describe(lang Lang, cmd, sub *Command) string {
	key := cmd.HelpKey()
	if sub != nil {
		key += "_" + sub.Name
	} else if d := "desc." + strings.TrimPrefix(key, "help."); c.Has(d) {
		key = d
	}
	return c.String(lang, key, nil)
}

// ParamDesc is a parameter's description in lang ("param.LABEL.desc"),
// or its label when the catalog lacks one.
func (c *Catalog) ParamDesc(lang Lang, p Param) string {
	return c.label(lang, "param."+p.Label+".desc", p.Label)
}

// ChoiceWord is a choice's word in lang: "sì" for "yes" in Italian.
func (c *Catalog) ChoiceWord(lang Lang, choice string) string {
	return c.label(lang, "choice."+choice, choice)
}
