package bot

import (
	"context"
	"strings"
)

func runHelp(_ context.Context, c *call) (Message, error) {
	if v := strings.ToLower(c.arg("verb")); v != "" {
		cmd, ok := c.b.Command(strings.TrimPrefix(v, "/"))
		if !ok || cmd.Hidden {
			return Message{}, c.b.unknownVerb(v)
		}
		msg := Message{Blocks: []Block{
			{Kind: Para, Spans: []Span{{Style: Code, Text: c.req.Prefix + c.b.cat.Usage(c.lang, cmd, nil)}}},
			{Kind: Para, Spans: c.t(cmd.HelpKey(), nil)},
		}}
		if more := cmd.HelpKey() + "_more"; c.b.cat.Has(more) {
			msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: c.t(more, Args{"prefix": c.req.Prefix})})
		}
		if cmd.Name == "config" {
			msg.Blocks = append(msg.Blocks, Block{Kind: List, Items: c.settingsHelp()})
		}
		if len(cmd.Subs) > 0 && cmd.LineParams == nil {
			// A command typed as one line (intro, pause, config) shows its
			// line's usage above; its sub-commands are for typed options.
			var items [][]Span
			for _, s := range cmd.Subs {
				items = append(items, append([]Span{{Style: Code, Text: c.req.Prefix + c.b.cat.Usage(c.lang, cmd, s)}, Text(" — ")},
					c.t(cmd.HelpKey()+"_"+s.Name, nil)...))
			}
			msg.Blocks = append(msg.Blocks, Block{Kind: List, Items: items})
		}
		if cmd.Role == RoleModerator {
			msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t("msg.moderators_only", nil)})
		}
		return msg, nil
	}
	list := func(role Role) [][]Span {
		var items [][]Span
		for _, cmd := range c.b.commands {
			if cmd.Role != role || cmd.Hidden {
				continue
			}
			items = append(items, append([]Span{{Style: Code, Text: c.req.Prefix + c.b.cat.Usage(c.lang, cmd, nil)}, Text(" — ")}, c.t(cmd.HelpKey(), nil)...))
		}
		return items
	}
	msg := Message{Blocks: []Block{
		{Kind: Header, Spans: c.t("msg.help_title", Args{"community": c.comm.Settings.Name})},
		{Kind: List, Items: list(RoleMember)},
	}}
	if c.mod {
		msg.Blocks = append(msg.Blocks,
			Block{Kind: Header, Spans: c.t("msg.help_mod_title", nil)},
			Block{Kind: List, Items: list(RoleModerator)})
		if c.me == nil || c.me.Status == StatusGuest {
			// Anyone may read help; a moderator outside the pool learns
			// what works without joining.
			msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t("msg.help_mod_guest", Args{"prefix": c.req.Prefix})})
		}
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t("msg.help_more", Args{"prefix": c.req.Prefix})})
	return msg, nil
}

// settingsHelp lists each setting with what it is and what it takes.
func (c *call) settingsHelp() [][]Span {
	var items [][]Span
	for _, k := range SettingKeys() {
		want, args := settingWant(k)
		item := append([]Span{{Style: Code, Text: k}, Text(" — ")}, c.t("setting."+k, nil)...)
		items = append(items, append(append(item, Text(": ")), c.t(want, args)...))
	}
	return items
}
