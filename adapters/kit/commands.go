package kit

import (
	"slices"
	"strings"

	"github.com/rete-bot/rete/bot"
)

// What each platform registers, made from the command table and the
// catalog as plain data: an adapter sends it as JSON (Discord's bulk
// overwrite of application commands, Telegram's setMyCommands) and nothing
// else. The shapes are the platforms' own, declared here so that no SDK is
// needed; golden files under testdata/ hold them, and a test checks every
// platform limit.
//
// Discord gets one top-level command per verb (/join, /intro member ...)
// rather than DESIGN.md's single /rete with sub-commands, for two reasons:
// the member verbs alone are more than the 25 sub-commands a command may
// have, and Discord gates commands by permission (default_member_permissions)
// only at the top level, so moderator verbs must be commands of their own.
// It also matches Telegram and the "/" prefix help shows. Command and option
// names stay English in every language, as typed lines take them; their
// descriptions and choice names are localized.

// Discord's option types and the permission moderator verbs ask for.
const (
	DiscordSubCommand = 1
	DiscordString     = 3
	DiscordInteger    = 4
	DiscordUser       = 6

	// DiscordManageGuild is the "Manage Server" permission, as Discord
	// writes permissions: a decimal string.
	DiscordManageGuild = "32"
)

// Discord's interaction contexts: a server, a DM with the bot.
const (
	discordGuild = 0
	discordBotDM = 1
)

// DiscordCommand is one application command (type 1, CHAT_INPUT).
type DiscordCommand struct {
	Name                     string            `json:"name"`
	Type                     int               `json:"type"`
	Description              string            `json:"description"`
	DescriptionLocalizations map[string]string `json:"description_localizations,omitempty"`
	Options                  []DiscordOption   `json:"options,omitempty"`
	// DefaultMemberPermissions is set for moderator verbs only: server
	// members without the permission do not see them (admins may change
	// that per server; the core checks moderators again anyway).
	DefaultMemberPermissions *string `json:"default_member_permissions,omitempty"`
	Contexts                 []int   `json:"contexts"`
}

// DiscordOption is a sub-command (type 1) or a typed option.
type DiscordOption struct {
	Type                     int               `json:"type"`
	Name                     string            `json:"name"`
	Description              string            `json:"description"`
	DescriptionLocalizations map[string]string `json:"description_localizations,omitempty"`
	Required                 bool              `json:"required,omitempty"`
	Choices                  []DiscordChoice   `json:"choices,omitempty"`
	Options                  []DiscordOption   `json:"options,omitempty"`
	MinValue                 *int              `json:"min_value,omitempty"`
	// Autocomplete is set on skill options: Discord then asks the bot
	// for suggestions (the community's skills) as the member types.
	Autocomplete bool `json:"autocomplete,omitempty"`
}

// DiscordChoice is one of a string option's fixed values; Value is the
// canonical word the core receives, Name what the member sees.
type DiscordChoice struct {
	Name              string            `json:"name"`
	NameLocalizations map[string]string `json:"name_localizations,omitempty"`
	Value             string            `json:"value"`
}

// discordLocales maps rete's languages to Discord's locales; English is
// the default and needs no localization.
var discordLocales = map[bot.Lang]string{bot.LangIT: "it"}

// DiscordCommands are the application commands for the table: every verb
// not hidden, moderator verbs gated by [DiscordManageGuild] and offered in
// servers only. A member option is a USER option, so people pick from the
// server's members and the adapter passes "@" and the user id; display
// names remain for typed lines. An event or intro id is an INTEGER.
func DiscordCommands(cmds []*bot.Command, cat *bot.Catalog) []DiscordCommand {
	var out []DiscordCommand
	for _, cmd := range cmds {
		if cmd.Hidden {
			continue
		}
		dc := DiscordCommand{
			Name: cmd.Name, Type: 1,
			Description:              cat.Describe(bot.LangEN, cmd, nil),
			DescriptionLocalizations: discordLocalized(func(l bot.Lang) string { return cat.Describe(l, cmd, nil) }),
			Contexts:                 []int{discordGuild, discordBotDM},
		}
		if cmd.Role == bot.RoleModerator {
			perm := DiscordManageGuild
			dc.DefaultMemberPermissions = &perm
			dc.Contexts = []int{discordGuild}
		}
		if len(cmd.Subs) > 0 {
			for _, sub := range cmd.Subs {
				if sub.Hidden {
					continue
				}
				dc.Options = append(dc.Options, DiscordOption{
					Type: DiscordSubCommand, Name: sub.Name,
					Description:              cat.Describe(bot.LangEN, cmd, sub),
					DescriptionLocalizations: discordLocalized(func(l bot.Lang) string { return cat.Describe(l, cmd, sub) }),
					Options:                  discordOptions(sub.Params, cat),
				})
			}
		} else {
			dc.Options = discordOptions(cmd.Params, cat)
		}
		out = append(out, dc)
	}
	return out
}

// discordOptions are the typed options of ps, required ones first as
// Discord demands (the core reads arguments by name, so order is free).
func discordOptions(ps []bot.Param, cat *bot.Catalog) []DiscordOption {
	var out []DiscordOption
	for _, p := range ps {
		o := DiscordOption{
			Type: DiscordString, Name: p.Name, Required: !p.Optional,
			Description:              cat.ParamDesc(bot.LangEN, p),
			DescriptionLocalizations: discordLocalized(func(l bot.Lang) string { return cat.ParamDesc(l, p) }),
		}
		o.Autocomplete = p.Kind == bot.ParamSkills || p.Label == "skill"
		switch p.Kind {
		case bot.ParamMember:
			o.Type = DiscordUser
		case bot.ParamNumber:
			one := 1
			o.Type, o.MinValue = DiscordInteger, &one
		case bot.ParamChoice:
			for _, w := range p.Choices {
				o.Choices = append(o.Choices, DiscordChoice{
					Name: cat.ChoiceWord(bot.LangEN, w), Value: w,
					NameLocalizations: discordLocalized(func(l bot.Lang) string { return cat.ChoiceWord(l, w) }),
				})
			}
		}
		out = append(out, o)
	}
	slices.SortStableFunc(out, func(a, b DiscordOption) int {
		switch {
		case a.Required == b.Required:
			return 0
		case a.Required:
			return -1
		}
		return 1
	})
	return out
}

// discordLocalized gives text in each localized language, leaving out
// those equal to English (Discord then shows the default).
func discordLocalized(text func(bot.Lang) string) map[string]string {
	m := map[string]string{}
	for l, locale := range discordLocales {
		if t := text(l); t != text(bot.LangEN) {
			m[locale] = t
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// Telegram's command scopes (BotCommandScope types).
const (
	TelegramPrivateChats = "all_private_chats"
	TelegramGroupChats   = "all_group_chats"
	TelegramGroupAdmins  = "all_chat_administrators"
)

// TelegramCommandList is the body of one setMyCommands call: the menu
// for one scope in one language ("" is the default for every language
// without its own list).
type TelegramCommandList struct {
	Scope        TelegramScope     `json:"scope"`
	LanguageCode string            `json:"language_code,omitempty"`
	Commands     []TelegramCommand `json:"commands"`
}

// TelegramScope names a BotCommandScope.
type TelegramScope struct {
	Type string `json:"type"`
}

// TelegramCommand is one entry of a menu. Commands are typed as lines on
// Telegram, so a menu lists verbs, not sub-commands.
type TelegramCommand struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// telegramLangs are the languages with a list: the default (English) and
// each other language under its code.
var telegramLangs = []struct {
	lang bot.Lang
	code string
}{{bot.LangEN, ""}, {bot.LangIT, "it"}}

// TelegramCommands are the menus for the table, one per scope and
// language. Private chats list every member verb. Groups leave out the
// verbs that answer privately (export-me, forget-me, intros): they work
// there too, by DM, but offering them in a group invites the mistake.
// Group administrators see the group's verbs and the moderator verbs:
// Telegram shows them that list instead of the group's, not beside it.
// Names use _ for - (export_me), which the core reads back.
func TelegramCommands(cmds []*bot.Command, cat *bot.Catalog) []TelegramCommandList {
	scopes := []struct {
		scope string
		keep  func(*bot.Command) bool
	}{
		{TelegramPrivateChats, func(c *bot.Command) bool { return c.Role == bot.RoleMember }},
		{TelegramGroupChats, func(c *bot.Command) bool { return c.Role == bot.RoleMember && !c.Private }},
		{TelegramGroupAdmins, func(c *bot.Command) bool { return !c.Private || c.Role == bot.RoleModerator }},
	}
	var out []TelegramCommandList
	for _, s := range scopes {
		for _, l := range telegramLangs {
			list := TelegramCommandList{Scope: TelegramScope{Type: s.scope}, LanguageCode: l.code, Commands: []TelegramCommand{}}
			for _, cmd := range cmds {
				if cmd.Hidden || !s.keep(cmd) {
					continue
				}
				list.Commands = append(list.Commands, TelegramCommand{
					Command:     TelegramName(cmd.Name),
					Description: cat.Describe(l.lang, cmd, nil),
				})
			}
			out = append(out, list)
		}
	}
	return out
}

// TelegramName is a verb as Telegram allows command names: - becomes _.
func TelegramName(verb string) string { return strings.ReplaceAll(verb, "-", "_") }
