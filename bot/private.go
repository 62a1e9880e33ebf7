package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// membership is one community a person belongs to, seen from a private
// chat: the community and the person's record there.
type membership struct {
	comm Community
	id   MemberID
	lang Lang
}

// choiceVerb is the verb, typed or pressed in a private chat that names no
// space, that shows the person's communities or picks the one their
// private messages go to. resolvePrivate answers it there; the table's
// entry (runCommunity) answers it in a space, where it only names the
// space's community.
const choiceVerb = "community"

// runCommunity answers `community` typed in a space: the space belongs to
// one community, so it says which and where choosing means something.
func runCommunity(_ context.Context, c *call) (Message, error) {
	return c.say("msg.community_here", Args{"name": c.comm.Settings.Name, "prefix": c.req.Prefix}), nil
}

// resolvePrivate finds the space of a request from a private chat that
// names none (Request.Space == ""). It returns the request as if sent from
// that space, or, when there is none to pick yet, the reply to give.
// Nothing is ever stored under an empty or made-up space: a person with
// no membership gets an answer and nothing else.
func (b *Bot) resolvePrivate(ctx context.Context, req *Request) (*Request, Message) {
	var (
		ms     []membership
		choice string
	)
	err := b.store.View(ctx, func(tx Tx) error {
		err := tx.Memberships(req.Platform, req.User, func(community string, id MemberID) error {
			if slices.ContainsFunc(ms, func(m membership) bool { return m.comm.ID == community }) {
				return nil // one entry per community, its first space
			}
			c := b.community(id.Platform, id.Space)
			if err := b.applyOverrides(tx, &c); err != nil {
				return err
			}
			lang := c.Settings.Language
			if m, err := tx.Member(community, id); err == nil && m.Profile.Lang != "" {
				lang = m.Profile.Lang
			}
			ms = append(ms, membership{comm: c, id: id, lang: lang})
			return nil
		})
		if err != nil {
			return err
		}
		choice, err = tx.Choice(req.Platform, req.User)
		return err
	})
	lang := DefaultSettings().Language
	if len(ms) > 0 {
		lang = ms[0].lang
	}
	if err != nil {
		b.log.ErrorContext(ctx, "private chat: memberships", "platform", req.Platform, "user", req.User, "err", err)
		return nil, b.sayIn(lang, "err.internal", Args{"ref": newRef()})
	}
	verb, arg, _ := strings.Cut(strings.TrimSpace(req.Text), " ")
	if req.Typed != nil {
		verb, arg = req.Typed.Verb, req.Typed.Args["community"]
	}
	asks := strings.EqualFold(verb, choiceVerb)
	switch {
	case len(ms) == 0:
		return nil, b.joinFirst(lang, req)
	case asks && strings.TrimSpace(arg) != "":
		return nil, b.choose(ctx, req, ms, strings.TrimSpace(arg))
	case asks:
	case len(ms) == 1:
		return ms[0].private(req), Message{}
	default:
		if i := slices.IndexFunc(ms, func(m membership) bool { return m.comm.ID == choice }); i >= 0 {
			return ms[i].private(req), Message{}
		}
	}
	return nil, b.whichCommunity(lang, req, ms)
}

// private returns req as if sent from the membership's space.
func (m membership) private(req *Request) *Request {
	r := *req
	r.Space = m.id.Space
	return &r
}

// sayIn is a one-paragraph message in a language.
func (b *Bot) sayIn(lang Lang, key string, args Args) Message {
	return Message{Blocks: []Block{{Kind: Para, Spans: b.cat.Spans(lang, key, args)}}}
}

// joinFirst is the reply to someone who writes privately but belongs to no
// community, with the platform's join link when it has one.
func (b *Bot) joinFirst(lang Lang, req *Request) Message {
	msg := b.sayIn(lang, "msg.dm_join_first", Args{"prefix": req.Prefix})
	if jl, ok := b.messengers[req.Platform].(JoinLinker); ok {
		if link := jl.JoinLink(""); link != "" {
			msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: b.cat.Spans(lang, "msg.dm_join_link", Args{"link": Span{Style: Link, Text: link, URL: link}})})
		}
	}
	return msg
}

// whichCommunity asks which community private messages are for, with one
// button per community.
func (b *Bot) whichCommunity(lang Lang, req *Request, ms []membership) Message {
	msg := b.sayIn(lang, "msg.community_which", Args{"prefix": req.Prefix})
	for i, m := range ms {
		cmd := choiceVerb + " " + m.comm.ID
		if len(cmd) > MaxButtonCommand {
			cmd = choiceVerb + " " + strconv.Itoa(i+1)
		}
		msg.Buttons = append(msg.Buttons, Button{Label: m.comm.Settings.Name, Command: cmd})
	}
	return msg
}

// choose records the community private messages go to, named by id or by
// its number in the list whichCommunity shows.
func (b *Bot) choose(ctx context.Context, req *Request, ms []membership, arg string) Message {
	i := slices.IndexFunc(ms, func(m membership) bool { return strings.EqualFold(m.comm.ID, arg) })
	if n, err := strconv.Atoi(arg); err == nil && n >= 1 && n <= len(ms) {
		i = n - 1
	}
	if i < 0 {
		return b.sayIn(ms[0].lang, "err.community_not_in", Args{"prefix": req.Prefix})
	}
	m := ms[i]
	err := b.store.Update(ctx, func(tx Tx) error { return tx.PutChoice(req.Platform, req.User, m.comm.ID) })
	if err != nil {
		ref := newRef()
		b.log.ErrorContext(ctx, "private chat: choose", "ref", ref, "err", fmt.Errorf("community %s: %w", m.comm.ID, err))
		return b.sayIn(m.lang, "err.internal", Args{"ref": ref})
	}
	msg := b.sayIn(m.lang, "msg.community_chosen", Args{"name": m.comm.Settings.Name})
	msg.Replace = req.Button
	return msg
}
