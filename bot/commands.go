package bot

import (
	"context"
	"slices"
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
	ParamWord   ParamKind = iota // one word
	ParamText                    // the rest of the line (must be last)
	ParamMember                  // a member: @user, a mention, or a display name (the rest of the line when last, else a word or a "quoted name")
	ParamChoice                  // one of Choices
)

// Param is one parameter of a command.
type Param struct {
	Name     string    // machine name (Discord option name): "skills"
	Label    string    // usage label: "SKILL,..."
	Kind     ParamKind //
	Choices  []string  // ParamChoice
	Optional bool
}

// Command is one verb of the command table. Commands with Subs (offer
// add|remove) take a sub-verb first; the others take Params.
type Command struct {
	Name    string
	Subs    []*Command
	Params  []Param
	Role    Role
	Private bool // shows private data: answered only where only the caller sees it
	Joined  bool // needs the caller to be a member
	// Guest lets a moderator run a Joined command without joining: their
	// record then stays outside the pool (StatusGuest), as for lang and tz.
	Guest  bool
	Hidden bool // kept out of help (button-only commands)

	run func(ctx context.Context, c *call) (Message, error)
}

// HelpKey is the catalog key of the command's one-line help.
func (cmd *Command) HelpKey() string { return "help." + strings.ReplaceAll(cmd.Name, "-", "_") }

// Usage returns the usage line without prefix: "offer add|remove SKILL,...".
func (cmd *Command) Usage() string {
	parts := []string{cmd.Name}
	if len(cmd.Subs) > 0 {
		var names []string
		for _, s := range cmd.Subs {
			names = append(names, s.Name)
		}
		parts = append(parts, strings.Join(names, "|"))
		same := true
		for _, s := range cmd.Subs {
			same = same && slices.EqualFunc(s.Params, cmd.Subs[0].Params, func(a, b Param) bool { return a.Label == b.Label })
		}
		if p := cmd.Subs[0].Params; len(p) > 0 && same {
			parts = append(parts, paramsUsage(p))
		}
		return strings.Join(parts, " ")
	}
	if u := paramsUsage(cmd.Params); u != "" {
		parts = append(parts, u)
	}
	return strings.Join(parts, " ")
}

func paramsUsage(ps []Param) string {
	var parts []string
	for _, p := range ps {
		l := p.Label
		if p.Kind == ParamChoice && l == "" {
			l = strings.Join(p.Choices, "|")
		}
		if p.Optional {
			l = "[" + l + "]"
		}
		parts = append(parts, l)
	}
	return strings.Join(parts, " ")
}

// Commands returns the command table, in help order. Adapters use it to
// register their platform's native commands.
func (b *Bot) Commands() []*Command { return b.commands }

// Command looks a verb up in the table.
func (b *Bot) Command(name string) (*Command, bool) {
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
}

// leaf is the command that runs: the sub-command if any.
func (p *parsed) leaf() *Command {
	if p.sub != nil {
		return p.sub
	}
	return p.cmd
}

// parseLine matches a command line against the table.
func (b *Bot) parseLine(text string) (*parsed, error) {
	text = strings.TrimSpace(text)
	verb, rest := cutWord(text)
	verb = strings.ToLower(strings.TrimPrefix(verb, "/"))
	if verb == "" {
		return nil, &Error{Code: EINVALID, Key: "err.empty"}
	}
	cmd, ok := b.Command(verb)
	if !ok {
		return nil, &Error{Code: EINVALID, Key: "err.unknown_verb", Args: Args{"verb": verb, "close": strings.Join(b.closestVerbs(verb), ", ")}}
	}
	p := &parsed{cmd: cmd, args: map[string]string{}}
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
			if sub == "" {
				return p, usageErr("err.missing_sub", Args{"verb": cmd.Name})
			}
			return p, usageErr("err.unknown_sub", Args{"verb": cmd.Name, "sub": sub})
		}
		target = p.sub
	}
	for i, prm := range target.Params {
		var v string
		switch {
		case prm.Kind == ParamText, prm.Kind == ParamMember && i == len(target.Params)-1:
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
			return p, usageErr("err.missing_arg", Args{"arg": prm.Label})
		}
		switch prm.Kind {
		case ParamMember:
			if strings.TrimPrefix(cleanLine(unquote(v)), "@") == "" {
				return p, usageErr("err.want_member", Args{"arg": v})
			}
		case ParamChoice:
			lv := strings.ToLower(v)
			if !slices.Contains(prm.Choices, lv) {
				if prm.Optional && i < len(target.Params)-1 {
					// An optional choice left out: the word is the next parameter's.
					rest = v + rest
					continue
				}
				return p, usageErr("err.want_choice", Args{"arg": v, "choices": strings.Join(prm.Choices, ", ")})
			}
			v = lv
		}
		p.args[prm.Name] = v
	}
	if strings.TrimSpace(rest) != "" {
		return p, usageErr("err.extra_args", Args{"extra": strings.TrimSpace(rest)})
	}
	return p, nil
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

// closestVerbs suggests at most three verbs close to an unknown one.
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
		d := editDistance(verb, c.Name)
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
	if len(out) == 0 {
		out = []string{"help"}
	}
	return out
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
