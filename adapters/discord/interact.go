package discord

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// responder gives Discord the answer to an interaction: in the HTTP
// response (HTTP interactions) or through the callback endpoint (gateway).
// It is called once per interaction.
type responder func(resp *discordgo.InteractionResponse) error

// maxSuggestions is how many choices an autocomplete answer may hold.
const maxSuggestions = 25

// interact handles one interaction from either transport: it answers
// within Discord's 3 s, with the core's reply when it is ready in time
// and with a deferral otherwise, finishing the deferred answer later by
// editing it (or, for a press whose reply is not a replacement, with an
// ephemeral follow-up). Personal answers are ephemeral.
func (a *Adapter) interact(ctx context.Context, h bot.Handler, i *discordgo.Interaction, respond responder) {
	if i.Type == discordgo.InteractionPing {
		a.answer(respond, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		return
	}
	if i.ID != "" && !a.dedupe.First(ctx, "discord/interaction/"+i.ID, 15*time.Minute) {
		a.log.Debug("discord: duplicate interaction ignored", "id", i.ID)
		return
	}
	req := a.request(i)
	if req.User == "" {
		a.log.Debug("discord: interaction without a user ignored", "type", i.Type)
		return
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		a.answer(respond, a.autocomplete(ctx, h, req, i.ApplicationCommandData()))
	case discordgo.InteractionApplicationCommand:
		data := i.ApplicationCommandData()
		if data.Name == "announce" && len(data.Options) == 0 {
			a.answer(respond, announceModal(kit.Catalog(h), kit.LocaleLang(string(i.Locale))))
			return
		}
		req.Typed, req.Text = typed(data)
		a.reply(ctx, h, i, req, respond)
	case discordgo.InteractionModalSubmit:
		data := i.ModalSubmitData()
		if data.CustomID != announceModalID {
			return
		}
		req.Text = announceCommand(data)
		a.reply(ctx, h, i, req, respond)
	case discordgo.InteractionMessageComponent:
		cmd, ok := strings.CutPrefix(i.MessageComponentData().CustomID, buttonPrefix)
		if !ok || cmd == "" {
			a.answer(respond, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
			return
		}
		req.Text, req.Button = cmd, true
		// A press on a message others see (an announcement in a channel)
		// is not private: its reply must not replace that message.
		req.Private = i.GuildID == "" || (i.Message != nil && i.Message.Flags&discordgo.MessageFlagsEphemeral != 0)
		a.reply(ctx, h, i, req, respond)
	default:
		a.log.Debug("discord: interaction ignored", "type", i.Type)
	}
}

// reply runs req through h and answers the interaction with the reply:
// a button press's reply replaces the pressed message when it asks to.
func (a *Adapter) reply(ctx context.Context, h bot.Handler, i *discordgo.Interaction, req *bot.Request, respond responder) {
	press := i.Type == discordgo.InteractionMessageComponent
	d := kit.Deadline{After: a.ackAfter, Within: lateReplyWithin, Pending: &a.pending}
	msg, inTime := kit.Answer(ctx, d, func(ctx context.Context) bot.Message {
		a.firstCommand(ctx, h, req, author(i).Bot)
		return h.Handle(ctx, req)
	},
		func(ctx context.Context, msg bot.Message) { a.finishLate(ctx, i, msg, press) })
	if !inTime {
		deferred := discordgo.InteractionResponseDeferredChannelMessageWithSource
		if press {
			deferred = discordgo.InteractionResponseDeferredMessageUpdate
		}
		a.answer(respond, &discordgo.InteractionResponse{Type: deferred, Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}})
		return
	}
	if msg.IsZero() {
		if press {
			a.answer(respond, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
			return
		}
		msg = bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("✓"))}}
	}
	parts := split(msg)
	r := render(parts[0], nil)
	data := &discordgo.InteractionResponseData{Content: r.Content, Components: r.Components, AllowedMentions: r.Mentions}
	typ := discordgo.InteractionResponseChannelMessageWithSource
	if press && msg.Replace {
		typ = discordgo.InteractionResponseUpdateMessage
	} else {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	a.answer(respond, &discordgo.InteractionResponse{Type: typ, Data: data})
	if len(parts) > 1 {
		a.pending.Add(1)
		go func() {
			defer a.pending.Done()
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lateReplyWithin)
			defer cancel()
			a.followUps(ctx, i, parts[1:])
		}()
	}
}

// followUps sends the parts of a long reply after the first as ephemeral
// follow-ups, in order.
func (a *Adapter) followUps(ctx context.Context, i *discordgo.Interaction, parts []bot.Message) {
	for _, p := range parts {
		r := render(p, nil)
		if _, err := a.s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{
			Content: r.Content, Components: r.Components, AllowedMentions: r.Mentions, Flags: discordgo.MessageFlagsEphemeral,
		}, discordgo.WithContext(ctx)); err != nil {
			a.log.Warn("discord: a follow-up failed", "interaction", i.ID, "err", err)
			return
		}
	}
}

// finishLate delivers a reply that came after the interaction was
// deferred: by editing the deferred answer (or the pressed message, when
// the reply replaces it), or as an ephemeral follow-up to a press.
func (a *Adapter) finishLate(ctx context.Context, i *discordgo.Interaction, msg bot.Message, press bool) {
	if msg.IsZero() {
		return
	}
	parts := split(msg)
	if press && !msg.Replace {
		a.followUps(ctx, i, parts)
		return
	}
	r := render(parts[0], nil)
	if _, err := a.s.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &r.Content, Components: &r.Components, AllowedMentions: r.Mentions}, discordgo.WithContext(ctx)); err != nil {
		a.log.Warn("discord: late reply failed", "interaction", i.ID, "err", err)
		return
	}
	a.followUps(ctx, i, parts[1:])
}

func (a *Adapter) answer(respond responder, resp *discordgo.InteractionResponse) {
	if err := respond(resp); err != nil {
		a.log.Warn("discord: answering an interaction failed", "type", resp.Type, "err", err)
	}
}

// Discord permissions that make a member an admin of the server for the
// core: Administrator, Manage Server.
const adminPerms = discordgo.PermissionAdministrator | discordgo.PermissionManageGuild

// request is who made the interaction and where. In a server the member
// is i.Member with the permissions Discord computed; in a DM there is
// only i.User, and the bot can reach them.
func (a *Adapter) request(i *discordgo.Interaction) *bot.Request {
	req := &bot.Request{Platform: Platform, Space: i.GuildID, Private: true, Prefix: "/"}
	u := author(i)
	if u == nil {
		return req
	}
	var nick string
	if i.Member != nil {
		req.Admin = i.Member.Permissions&adminPerms != 0
		nick = i.Member.Nick
	}
	if i.GuildID == "" {
		req.CanDM = bot.ReachYes
	}
	req.User, req.Handle, req.Name = u.ID, u.Username, displayName(nick, u)
	return req
}

// displayName is what a server shows for u: their nickname there, else
// their global display name, else their username.
func displayName(nick string, u *discordgo.User) string {
	return cmp.Or(nick, u.GlobalName, u.Username)
}

// typed turns a command's options into the core's typed command, and a
// line for the log: "offer add go, ux". A user option is "@" and the id.
func typed(data discordgo.ApplicationCommandInteractionData) (*bot.TypedCommand, string) {
	tc := &bot.TypedCommand{Verb: data.Name, Args: map[string]string{}}
	words := []string{data.Name}
	opts := data.Options
	if len(opts) == 1 && opts[0].Type == discordgo.ApplicationCommandOptionSubCommand {
		tc.Sub = opts[0].Name
		words = append(words, tc.Sub)
		opts = opts[0].Options
	}
	for _, o := range opts {
		v := optionValue(o)
		tc.Args[o.Name] = v
		words = append(words, v)
	}
	return tc, strings.Join(words, " ")
}

func optionValue(o *discordgo.ApplicationCommandInteractionDataOption) string {
	switch v := o.Value.(type) {
	case string:
		if o.Type == discordgo.ApplicationCommandOptionUser {
			return "@" + v
		}
		return v
	case float64:
		return strconv.FormatInt(int64(v), 10)
	default:
		return fmt.Sprint(v)
	}
}

// autocomplete answers with skills completing the focused option, from the
// handler when it suggests skills (*bot.Bot does), none otherwise.
func (a *Adapter) autocomplete(ctx context.Context, h bot.Handler, req *bot.Request, data discordgo.ApplicationCommandInteractionData) *discordgo.InteractionResponse {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if s, ok := h.(bot.SkillSuggester); ok {
		if o := focused(data.Options); o != nil {
			ctx, cancel := context.WithTimeout(ctx, a.ackAfter)
			defer cancel()
			for _, skill := range s.SuggestSkills(ctx, req, fmt.Sprint(o.Value), maxSuggestions) {
				skill = kit.Truncate(skill, 100)
				choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: skill, Value: skill})
			}
		}
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{Choices: choices}}
}

// focused is the option being typed, in a sub-command or not.
func focused(opts []*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range opts {
		if o.Focused {
			return o
		}
		if f := focused(o.Options); f != nil {
			return f
		}
	}
	return nil
}

// author is who made the interaction: the member in a server, the user
// in a DM; nil if Discord names neither.
func author(i *discordgo.Interaction) *discordgo.User {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User
	case i.User != nil:
		return i.User
	}
	return nil
}
