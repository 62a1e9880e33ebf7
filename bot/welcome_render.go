package bot

import (
	"errors"
	"slices"
	"strconv"
)

// welcomeFor is what a welcome is rendered for.
type welcomeFor struct {
	comm            Community
	lang            Lang
	platform, space string
	prefix          string // how commands are typed there
	// names are the newcomers a post in the space greets; nil for a DM.
	names []Span
	// more is how many others the post greets without naming them.
	more int
}

// welcomePostNames is the most newcomers a welcome post names: the others
// are "and N others", so that a crowd arriving together is not pinged
// one by one, and the post stays one message.
const welcomePostNames = 10

// welcomeMessage is the welcome: the first line (the moderators' own, or
// the built-in one), what rete does in two lines, how to join and the
// three commands that fill a profile, with a Join button (a DM) or the
// platform's join link (a post, kept short: a group reads it).
func (b *Bot) welcomeMessage(w welcomeFor) Message {
	first := []Span{Text(w.comm.Settings.WelcomeText)}
	if w.comm.Settings.WelcomeText == "" {
		first = b.cat.Spans(w.lang, "welcome.first", Args{"community": w.comm.Settings.Name})
	}
	about := ParaBlock(b.cat.Spans(w.lang, "welcome.about", nil)...)
	if w.names == nil {
		msg := Message{}.Add(ParaBlock(first...), about, ParaBlock(b.cat.Spans(w.lang, "welcome.steps", nil)...), b.profileSteps(w.lang, w.prefix))
		msg.Buttons = []Button{{Label: b.cat.String(w.lang, "welcome.button_join", nil), Command: "join", Style: ButtonPrimary}}
		return msg
	}
	names := w.names
	if w.more > 0 {
		names = append(slices.Clip(names), b.cat.Spans(w.lang, "welcome.others", Args{"n": w.more})...)
	}
	names = b.joinList(w.lang, names)
	euphony(w.lang, names)
	hello := append(b.cat.Spans(w.lang, "welcome.hello", Args{"names": names}), Text(" "))
	code := func(cmd string) Span { return Span{Style: Code, Text: w.prefix + cmd} }
	steps := b.cat.Spans(w.lang, "welcome.steps_start", Args{"offer": code("offer add"), "seek": code("seek add"), "bio": code("bio")})
	msg := Message{}.Add(ParaBlock(append(hello, first...)...), about, ParaBlock(steps...))
	if jl, ok := b.messengers[w.platform].(JoinLinker); ok {
		if link := jl.JoinLink(w.space); link != "" {
			msg.Buttons = []Button{{Label: b.cat.String(w.lang, "welcome.button_start", nil), URL: link, Style: ButtonPrimary}}
		}
	}
	return msg
}

// welcomePost renders a welcome post naming at most welcomePostNames of
// w.names, fewer when the platform's messenger says it would not fit in
// one message (see [Fitter]); the others are counted.
func (b *Bot) welcomePost(w welcomeFor) Message {
	fits := func(Message) bool { return true }
	if f, ok := b.messengers[w.platform].(Fitter); ok {
		fits = f.Fits
	}
	all, more := w.names, w.more
	for n := min(len(all), welcomePostNames); ; n-- {
		w.names, w.more = all[:n], more+len(all)-n
		msg := b.welcomeMessage(w)
		if n <= 1 || fits(msg) {
			return msg
		}
	}
}

// profileSteps lists the three commands that fill a profile, as the
// command table spells them.
func (b *Bot) profileSteps(lang Lang, prefix string) Block {
	steps := []struct{ verb, sub, hint string }{
		{"offer", "add", "welcome.hint_offer"},
		{"seek", "add", "welcome.hint_seek"},
		{"bio", "", "welcome.hint_bio"},
	}
	var items [][]Span
	for _, s := range steps {
		cmd := Span{Style: Code, Text: prefix + b.usageOf(lang, s.verb, s.sub)}
		items = append(items, b.cat.Spans(lang, s.hint, Args{"cmd": cmd}))
	}
	return Block{Kind: List, Items: items}
}

// usageOf is the usage line of a verb, or of one of its sub-commands.
func (b *Bot) usageOf(lang Lang, verb, sub string) string {
	for _, c := range b.commands {
		if c.Name != verb {
			continue
		}
		for _, s := range c.Subs {
			if s.Name == sub {
				return b.cat.Usage(lang, c, s)
			}
		}
		return b.cat.Usage(lang, c, nil)
	}
	return verb
}

// welcomeEntryMessage renders a welcome, a welcome post or a reminder
// when it is sent. Any of them is skipped once the moderators turned
// welcomes off; so is a welcome to someone who joined meanwhile, a post
// whose newcomers all did, or a reminder to a member who filled their
// profile, left or paused since.
func (b *Bot) welcomeEntryMessage(tx Tx, comm Community, e *OutboxEntry) (Message, bool, error) {
	if !comm.Settings.Welcome {
		return Message{}, true, nil
	}
	prefix := b.prefixFor(e.Platform)
	if e.Template == tplWelcomePost {
		var names []Span
		for _, id := range e.To {
			m, err := tx.Member(comm.ID, id)
			if errors.Is(err, ErrNotFound) {
				continue // forgotten meanwhile
			}
			if err != nil {
				return Message{}, false, err
			}
			if m.Status == StatusGuest {
				names = append(names, Span{Style: Mention, Text: m.Name, Member: m.ID})
			}
		}
		if len(names) == 0 {
			return Message{}, true, nil
		}
		more, _ := strconv.Atoi(e.Args["more"])
		w := welcomeFor{comm: comm, lang: comm.Settings.Language, platform: e.Platform, space: e.Space, prefix: prefix, names: names, more: more}
		return b.welcomePost(w), false, nil
	}
	m, err := tx.Member(comm.ID, e.To[0])
	if err != nil {
		return Message{}, false, err // not found: renderEntry skips it
	}
	lang := readerLang(comm, []*Member{m})
	if e.Template == tplWelcome {
		if m.Status != StatusGuest {
			return Message{}, true, nil
		}
		return b.welcomeMessage(welcomeFor{comm: comm, lang: lang, platform: e.Platform, space: m.ID.Space, prefix: prefix}), false, nil
	}
	if !m.ActiveAt(b.now()) || !m.Profile.empty() {
		return Message{}, true, nil
	}
	msg := Message{}.Add(ParaBlock(b.cat.Spans(lang, "welcome.reminder", Args{"community": comm.Settings.Name})...), b.profileSteps(lang, prefix))
	return msg, false, nil
}
