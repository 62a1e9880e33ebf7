package bot

import (
	"context"
	"errors"
	"time"
)

// Relay limits: how many replies a member may relay a day, and how long
// after an intro was accepted its two members may still relay.
const (
	MaxRelaysPerDay = 10
	RelayIntroFor   = 14 * 24 * time.Hour
)

// relayCount is how many replies a member relayed on Day (UTC,
// YYYY-MM-DD); another day starts again from zero.
type relayCount struct {
	Day string `json:"day,omitempty"`
	N   int    `json:"n,omitempty"`
}

// relayTargets are the people a member may relay to now: the others of
// their group in the community's latest round (a pairing lasts until the
// next round), read as memberGroup does, and the other member of each
// intro they accepted or had accepted within RelayIntroFor.
func relayTargets(tx Tx, community string, m *Member, now time.Time) ([]*Member, error) {
	me := m.ID
	var group *RoundGroup
	switch last, err := lastRoundID(tx, community); {
	case err != nil:
		return nil, err
	case last != "" && (m.Part.Last == last || m.Part.Last == "" || !roundCounted(tx, community, last)):
		if _, _, group, err = memberGroup(tx, community, m, last); err != nil {
			return nil, err
		}
	}
	var out []*Member
	seen := map[MemberID]bool{me: true}
	add := func(id MemberID) error {
		if seen[id] {
			return nil
		}
		seen[id] = true
		m, err := tx.Member(community, id)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil || gone(m) {
			return err
		}
		out = append(out, m)
		return nil
	}
	if group != nil {
		for _, id := range group.Members {
			if err := add(id); err != nil {
				return nil, err
			}
		}
	}
	err := tx.Intros(community, func(in *Intro) error {
		if in.State != IntroAccepted || now.Sub(in.Answered) > RelayIntroFor {
			return nil
		}
		switch me {
		case in.From:
			return add(in.To)
		case in.To:
			return add(in.From)
		}
		return nil
	})
	return out, err
}

// runReply relays a message to the member's current pairs and accepted
// intros on their own platforms, for people with no direct way to write
// to each other (a Slack member and a Telegram member). Without text (the
// intro's Reply button) it explains how.
func runReply(ctx context.Context, c *call) (Message, error) {
	text, err := cleanText(c.arg("text"))
	if err != nil {
		return Message{}, err
	}
	now := c.now()
	var to []*Member
	err = c.b.store.Update(ctx, func(tx Tx) error {
		me, err := tx.Member(c.comm.ID, c.me.ID)
		if err != nil {
			return err
		}
		if to, err = relayTargets(tx, c.comm.ID, me, now); err != nil || len(to) == 0 || text == "" {
			return err
		}
		day := now.UTC().Format(time.DateOnly)
		if me.Relays.Day != day {
			me.Relays = relayCount{Day: day}
		}
		if me.Relays.N >= MaxRelaysPerDay {
			return Errorf(ECONFLICT, "err.reply_limit", Args{"max": MaxRelaysPerDay})
		}
		me.Relays.N++
		if err := tx.PutMember(me); err != nil {
			return err
		}
		base := outboxID("relay", c.comm.ID, me.ID.String(), uniquePart(now))
		for _, m := range to {
			if _, err := tx.Enqueue(&OutboxEntry{
				ID: outboxID(base, m.ID.String()), Platform: m.ID.Platform, Community: c.comm.ID,
				Kind: OutboxDM, To: []MemberID{m.ID}, Template: "msg.relayed",
				Args: map[string]string{"name": me.Name, "text": text}, Created: now, NotBefore: now,
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Message{}, err
	}
	switch {
	case len(to) == 0:
		return Message{}, Errorf(ECONFLICT, "err.reply_nobody", Args{"prefix": c.req.Prefix})
	case text == "":
		return c.say("msg.reply_how", Args{"names": c.b.joinNames(c.lang, to), "prefix": c.req.Prefix, "max": MaxRelaysPerDay}), nil
	}
	c.b.notifyOutbox()
	return c.say("msg.reply_sent", Args{"names": c.b.joinNames(c.lang, to)}), nil
}

// replyButton is the intro's Reply button: pressed, it explains `reply`.
func (b *Bot) replyButton(lang Lang) Button {
	return Button{Label: b.cat.String(lang, "btn.reply", nil), Command: "reply"}
}
