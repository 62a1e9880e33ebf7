package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Role says who may run a command.
type Role int

// Roles.
const (
	RoleMember    Role = iota // anyone in the community's spaces
	RoleModerator             // moderators from the config, or platform admins
)

// ParamKind is the type of a command parameter. Adapters with typed
// options (Discord) map each kind to a native option type.
type ParamKind int

// Parameter kinds.
const (
	ParamWord     ParamKind = iota // one word
	ParamText                      // the rest of the line (must be last)
	ParamMember                    // a member: @user, a mention, or a display name (the rest of the line when last, else a word or a "quoted name")
	ParamChoice                    // one of Choices
	ParamSkills                    // skills separated by commas (the rest of the line, must be last)
	ParamNumber                    // a whole number: an event's or an intro's id
	ParamDate                      // a day: 2027-01-15 or 15/01/2027; the handler checks it
	ParamDuration                  // a span such as 2w or 10d; the handler checks it
)

// Param is one parameter of a command. Its Label names three catalog
// entries: "param.LABEL", the usage form in each language (SKILL,... /
// COMPETENZA,...), "param.LABEL.what", how an error names it ("the
// skills" / "le competenze"), and "param.LABEL.desc", the one-line
// description a platform shows next to a typed option (1 to 100
// characters, Discord's limit). A choice's usage shows its words instead.
// A label the catalog lacks is shown as it is.
type Param struct {
	Name     string    // machine name (Discord option name): "skills"
	Label    string    // catalog label: "skills"
	Kind     ParamKind //
	Choices  []string  // ParamChoice: canonical words; "choice.WORD" gives each language's word
	Optional bool
}

// Command is one verb of the command table. Commands with Subs (offer
// add|remove) take a sub-verb first; the others take Params. A command
// with a Line (intro, pause, config, announce) is typed as one line of
// its own grammar and reaches its sub-command or Params through Line;
// platforms with typed options send the sub-command and Params directly
// (see [TypedCommand]).
type Command struct {
	Name    string
	Subs    []*Command
	Params  []Param
	Role    Role
	Private bool // shows private data: answered only where only the caller sees it
	Joined  bool // needs the caller to be a member
	// Guest lets anyone run a Joined command without joining: their record
	// then stays outside the pool (StatusGuest), as for lang and tz.
	Guest bool
	// Moderators lets a moderator who has not joined run a Joined command
	// (find, profile): moderators look after members without being one.
	Moderators bool
	// Left lets a member who left run a Joined command: only what
	// concerns their own record (profile, leave); everything that acts
	// in the community waits until they join again.
	Left   bool
	Hidden bool // kept out of help and platform registration (button-only commands)

	// LineParams and Line keep a typed line's grammar when the command
	// takes sub-commands or several fields that people type as one line
	// ("intro @marco why", "pause 2w", "announce A | B | C"). LineParams
	// parse the line as before and make the usage line; Line then picks
	// the sub-command ("" for none) and names its arguments, so a line and
	// a platform's typed options reach the same handler.
	LineParams []Param
	Line       func(args map[string]string) (sub string, typed map[string]string, err error)

	run func(ctx context.Context, c *call) (Message, error)
}

// HelpKey is the catalog key of the command's one-line help.
func (cmd *Command) HelpKey() string { return "help." + strings.ReplaceAll(cmd.Name, "-", "_") }

// Commands returns the command table, in help order. Adapters use it to
// register their platform's native commands.
func (b *Bot) Commands() []*Command { return b.commands }

// Command looks a verb up in the table. A verb may be written with _ for
// - ("export_me"), as platforms that allow no dash in names offer it.
func (b *Bot) Command(name string) (*Command, bool) {
	name = strings.ReplaceAll(name, "_", "-")
	for _, c := range b.commands {
		if c.Name == name {
			return c, true
		}
	}
	return nil, false
}

// parsed is a command line matched against the table.
type parsed struct {
	cmd  *Command // the top-level command
	sub  *Command // the sub-command, if any
	args map[string]string
	line bool // parsed through the command's Line: errors show the line's usage
}

// leaf is the command that runs: the sub-command if any.
func (p *parsed) leaf() *Command {
	if p.sub != nil {
		return p.sub
	}
	return p.cmd
}

// parseLine matches a command line against the table. Choice words are
// accepted in every language and stored in their canonical form; errors
// name what is wrong in lang.
func (b *Bot) parseLine(text string, lang Lang) (*parsed, error) {
	text = strings.TrimSpace(text)
	verb, rest := cutWord(text)
	verb = strings.ToLower(strings.TrimPrefix(verb, "/"))
	if verb == "" {
		return nil, &Error{Code: EINVALID, Key: "err.empty"}
	}
	cmd, ok := b.Command(verb)
	if !ok {
		return nil, b.unknownVerb(verb)
	}
	p := &parsed{cmd: cmd, args: map[string]string{}}
	if cmd.LineParams != nil {
		args, err := b.parseParams(lang, cmd.LineParams, rest)
		p.line = true
		if err != nil {
			return p, err
		}
		subName, typed, err := cmd.Line(args)
		if err != nil {
			return p, err
		}
		if subName != "" {
			if p.sub = findSub(cmd, subName); p.sub == nil {
				return p, fmt.Errorf("command %s: line maps to unknown sub-command %q", cmd.Name, subName)
			}
		}
		// The line's own parameters checked presence; values are checked
		// by kind as a platform's typed options are.
		for _, prm := range p.leaf().Params {
			if v := typed[prm.Name]; v != "" {
				if typed[prm.Name], err = b.checkArg(lang, prm, v, false); err != nil {
					return p, err
				}
			}
		}
		p.args = typed
		return p, nil
	}
	target := cmd
	if len(cmd.Subs) > 0 {
		var sub string
		sub, rest = cutWord(rest)
		sub = strings.ToLower(sub)
		for _, s := range cmd.Subs {
			if s.Name == sub {
				p.sub = s
			}
		}
		if p.sub == nil {
			subs := b.cat.orList(lang, subNames(cmd))
			if sub == "" {
				return p, usageErr("err.missing_sub", Args{"verb": cmd.Name, "choices": subs})
			}
			return p, usageErr("err.unknown_sub", Args{"verb": cmd.Name, "sub": sub, "choices": subs})
		}
		target = p.sub
	}
	args, err := b.parseParams(lang, target.Params, rest)
	p.args = args
	return p, err
}

// parseTyped matches a command the platform parsed (Request.Typed)
// against the table, checking each argument by its kind as parseLine
// does, without rebuilding a line.
func (b *Bot) parseTyped(t *TypedCommand, lang Lang) (*parsed, error) {
	args := t.Args
	cmd, ok := b.Command(strings.ToLower(t.Verb))
	if !ok {
		return nil, b.unknownVerb(t.Verb)
	}
	p := &parsed{cmd: cmd, args: map[string]string{}}
	if len(cmd.Subs) > 0 {
		if t.Sub == "" {
			return p, usageErr("err.missing_sub", Args{"verb": cmd.Name, "choices": b.cat.orList(lang, subNames(cmd))})
		}
		if p.sub = findSub(cmd, strings.ToLower(t.Sub)); p.sub == nil {
			return p, usageErr("err.unknown_sub", Args{"verb": cmd.Name, "sub": t.Sub, "choices": b.cat.orList(lang, subNames(cmd))})
		}
	}
	ps := p.leaf().Params
	for name, v := range args {
		if !slices.ContainsFunc(ps, func(prm Param) bool { return prm.Name == name }) {
			return p, usageErr("err.extra_args", Args{"extra": name + " " + v})
		}
	}
	for _, prm := range ps {
		v := strings.TrimSpace(args[prm.Name])
		if v == "" {
			if prm.Optional {
				continue
			}
			return p, b.missingArg(lang, prm)
		}
		w, err := b.checkArg(lang, prm, v, true)
		if err != nil {
			return p, err
		}
		p.args[prm.Name] = w
	}
	return p, nil
}

// findSub finds a sub-command of cmd by name, hidden ones included.
func findSub(cmd *Command, name string) *Command {
	for _, s := range cmd.Subs {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// parseParams splits the rest of a line into ps's arguments, by name.
func (b *Bot) parseParams(lang Lang, ps []Param, rest string) (map[string]string, error) {
	args := map[string]string{}
	for i, prm := range ps {
		var v string
		switch {
		case prm.Kind == ParamText, prm.Kind == ParamSkills, prm.Kind == ParamMember && i == len(ps)-1:
			v, rest = strings.TrimSpace(rest), ""
		case prm.Kind == ParamMember:
			v, rest = cutMemberRef(rest)
		default:
			v, rest = cutWord(rest)
		}
		if v == "" {
			if prm.Optional {
				continue
			}
			return args, b.missingArg(lang, prm)
		}
		w, err := b.checkArg(lang, prm, v, false)
		if err != nil {
			if prm.Kind == ParamChoice && prm.Optional && i < len(ps)-1 {
				// An optional choice left out: the word is the next parameter's.
				rest = v + rest
				continue
			}
			return args, err
		}
		args[prm.Name] = w
	}
	if strings.TrimSpace(rest) != "" {
		return args, usageErr("err.extra_args", Args{"extra": strings.TrimSpace(rest)})
	}
	return args, nil
}

// missingArg is the error for a required parameter left out.
func (b *Bot) missingArg(lang Lang, prm Param) error {
	what := b.cat.label(lang, "param."+prm.Label+".what", prm.Label)
	if prm.Kind == ParamChoice {
		return usageErr("err.missing_choice", Args{"what": what, "choices": b.cat.orList(lang, b.cat.choiceWords(lang, prm.Choices))})
	}
	return usageErr("err.missing_arg", Args{"what": what})
}

// checkArg validates one argument by its parameter's kind and returns it
// in canonical form (a choice word in any language becomes the choice).
// Dates and durations are left to the handler, whose errors say more; so
// are numbers on a typed line, where "no event abc" reads better than a
// rule about digits.
func (b *Bot) checkArg(lang Lang, prm Param, v string, typed bool) (string, error) {
	switch prm.Kind {
	case ParamMember:
		if strings.TrimPrefix(cleanLine(unquote(v)), "@") == "" {
			return "", usageErr("err.want_member", Args{"arg": v})
		}
	case ParamChoice:
		w, ok := b.cat.matchChoice(prm.Choices, v)
		if !ok {
			what := b.cat.label(lang, "param."+prm.Label+".what", prm.Label)
			return "", usageErr("err.want_choice", Args{"arg": v, "what": what, "choices": b.cat.orList(lang, b.cat.choiceWords(lang, prm.Choices))})
		}
		return w, nil
	case ParamNumber:
		if !typed {
			break
		}
		if _, err := strconv.ParseUint(v, 10, 32); err != nil {
			what := b.cat.label(lang, "param."+prm.Label+".what", prm.Label)
			return "", usageErr("err.want_number", Args{"arg": v, "what": what})
		}
	}
	return v, nil
}

// cutWord splits off the first whitespace-separated word.
func cutWord(s string) (word, rest string) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}
