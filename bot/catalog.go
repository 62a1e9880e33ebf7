package bot

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Args are the named arguments of a catalog template. A value may be a
// string or a number (shown as plain text, never parsed as markup), a
// [Span], a []Span, a [Term], a float64 (with the language's decimal
// mark: "4.5", "4,5"), a [Day] or [Moment], or a time.Duration (said in words: "3
// days", "3 giorni").
type Args map[string]any

// Term is a catalog key used as an argument: it is rendered in the
// reader's language, so code that does not know the reader (a parser, a
// validator) can still name a thing ("date and time" / "data e ora").
type Term string

// segment is one parsed piece of a template.
type segment struct {
	style Style
	text  string
	arg   string   // placeholder name, when set
	forms []string // plural forms {n|one|other}: chosen by arg, which is not shown
}

// Catalog holds every member-facing text in every language. Templates use
// a tiny trusted markup: *bold*, `code`, and {name} placeholders filled
// from [Args]. Argument values are inserted as spans and never parsed, so
// member-written text cannot turn into markup.
//
// Plurals: {n|one|other} shows "one" when the count n is 1 and "other"
// otherwise (0 included), the rule of both English and Italian; the count
// itself is shown by a separate {n}. So "{n} {n|group|groups}" and
// "{n} {n|persona offre|persone offrono}": a form may hold every word
// that agrees with the number. Never write "(s)".
type Catalog struct {
	msgs map[string]map[Lang][]segment
	raw  map[string]map[Lang]string
}

// NewCatalog parses the built-in catalog.
func NewCatalog() *Catalog {
	c := &Catalog{msgs: map[string]map[Lang][]segment{}, raw: map[string]map[Lang]string{}}
	all := catalogTexts()
	for _, more := range []map[string][]string{
		introTexts(),
		eventTexts(),
		consentTexts(),
		inputTexts(),
		paramTexts(),
		commandTexts(),
		roundTexts(),
		findingTexts(),
		leakTexts(),
		helpTexts(),
		identityTexts(),
		fitTexts(),
		telegramTexts(),
		formTexts(),
		leavingTexts(),
		statsTexts(),
		dashboardTexts(),
		dashMembersTexts(),
		dashChartsTexts(),
		fix2bTexts(),
		fixdashTexts(),
		crossplatTexts(),
		accountTexts(),
		stayupTexts(),
		homeTexts(),
		digestTexts(),
		meetTexts(),
		fix17bTexts(),
		welcomeTexts(),
		fix17aTexts(),
		fix17dTexts(),
		attendTexts(),
	} {
		for k, v := range more {
			all[k] = v
		}
	}
	for key, texts := range all {
		c.msgs[key] = map[Lang][]segment{}
		c.raw[key] = map[Lang]string{}
		for i, l := range Langs() {
			if i < len(texts) && texts[i] != "" {
				c.msgs[key][l] = parseTemplate(texts[i])
				c.raw[key][l] = texts[i]
			}
		}
	}
	return c
}

// builtinCatalog is the catalog shared by code without a [Bot] (usage
// lines for adapters and the README, settings errors for operators).
var builtinCatalog = sync.OnceValue(NewCatalog)

// Has reports whether the catalog holds key.
func (c *Catalog) Has(key string) bool { _, ok := c.raw[key]; return ok }

// Keys returns every key of the catalog.
func (c *Catalog) Keys() []string {
	keys := make([]string, 0, len(c.raw))
	for k := range c.raw {
		keys = append(keys, k)
	}
	return keys
}

// Raw returns the template of key in lang, and whether it exists.
func (c *Catalog) Raw(lang Lang, key string) (string, bool) {
	s, ok := c.raw[key][lang]
	return s, ok
}

// Spans renders key in lang (falling back to English, then to the key
// itself) with args.
func (c *Catalog) Spans(lang Lang, key string, args Args) []Span {
	segs, ok := c.msgs[key][lang]
	if !ok {
		if segs, ok = c.msgs[key][LangEN]; !ok {
			return []Span{Text(key)}
		}
	}
	out := make([]Span, 0, len(segs))
	for _, s := range segs {
		if s.arg == "" {
			out = append(out, Span{Style: s.style, Text: s.text})
			continue
		}
		if s.forms != nil {
			out = append(out, Span{Style: s.style, Text: pluralForm(s, args[s.arg])})
			continue
		}
		switch v := args[s.arg].(type) {
		case Term:
			out = append(out, Span{Style: s.style, Text: c.String(lang, string(v), nil)})
		case time.Duration:
			out = append(out, Span{Style: s.style, Text: c.sayDuration(lang, v)})
		case Span:
			out = append(out, v)
		case []Span:
			out = append(out, v...)
		case string:
			out = append(out, Span{Style: s.style, Text: v})
		case int:
			out = append(out, Span{Style: s.style, Text: strconv.Itoa(v)})
		case float64:
			out = append(out, Span{Style: s.style, Text: c.sayNumber(lang, v)})
		case Day:
			out = append(out, Span{Style: s.style, Text: sayDay(lang, time.Time(v))})
		case Moment:
			out = append(out, Span{Style: s.style, Text: sayMoment(lang, time.Time(v))})
		case nil:
			out = append(out, Span{Style: s.style, Text: "{" + s.arg + "}"})
		default:
			out = append(out, Span{Style: s.style, Text: fmt.Sprint(v)})
		}
	}
	euphony(lang, out)
	return mergeSpans(out)
}

// sayNumber writes a number with the decimal mark of lang: "4.5", "4,5".
func (c *Catalog) sayNumber(lang Lang, v float64) string {
	t := strconv.FormatFloat(v, 'f', -1, 64)
	if lang == LangIT {
		t = strings.Replace(t, ".", ",", 1)
	}
	return t
}

// String renders key as plain text.
func (c *Catalog) String(lang Lang, key string, args Args) string {
	return SpansText(c.Spans(lang, key, args))
}

// parseTemplate splits a template into styled text and placeholders.
func parseTemplate(t string) []segment {
	var out []segment
	style := Plain
	var buf strings.Builder
	flush := func() {
		if buf.Len() > 0 {
			out = append(out, segment{style: style, text: buf.String()})
			buf.Reset()
		}
	}
	for i := 0; i < len(t); i++ {
		switch ch := t[i]; {
		case ch == '*' && style != Code:
			flush()
			if style == Bold {
				style = Plain
			} else {
				style = Bold
			}
		case ch == '`':
			flush()
			if style == Code {
				style = Plain
			} else {
				style = Code
			}
		case ch == '{':
			end := strings.IndexByte(t[i:], '}')
			if end < 0 {
				buf.WriteByte(ch)
				continue
			}
			flush()
			seg := segment{style: style, arg: t[i+1 : i+end]}
			if name, forms, ok := strings.Cut(seg.arg, "|"); ok {
				seg.arg, seg.forms = name, strings.Split(forms, "|")
			}
			out = append(out, seg)
			i += end
		default:
			buf.WriteByte(ch)
		}
	}
	flush()
	return out
}

// pluralForm picks the form of a plural segment for the count v: the
// first for 1, the last otherwise. A missing or non-numeric count shows
// the raw placeholder, so tests catch it.
func pluralForm(s segment, v any) string {
	var n float64
	switch v := v.(type) {
	case int:
		n = float64(v)
	case int64:
		n = float64(v)
	case float64:
		n = v
	case string:
		var err error
		if n, err = strconv.ParseFloat(v, 64); err != nil {
			return "{" + s.arg + "|" + strings.Join(s.forms, "|") + "}"
		}
	default:
		return "{" + s.arg + "|" + strings.Join(s.forms, "|") + "}"
	}
	if n == 1 {
		return s.forms[0]
	}
	return s.forms[len(s.forms)-1]
}

// placeholders returns the sorted placeholder names of a template.
func placeholders(t string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range parseTemplate(t) {
		if s.arg != "" && !seen[s.arg] {
			seen[s.arg] = true
			out = append(out, s.arg)
		}
	}
	return out
}

// mergeSpans joins neighbouring plain spans.
func mergeSpans(in []Span) []Span {
	out := in[:0]
	for _, s := range in {
		if n := len(out); n > 0 && s.Style == Plain && out[n-1].Style == Plain {
			out[n-1].Text += s.Text
			continue
		}
		out = append(out, s)
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
