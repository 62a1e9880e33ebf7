package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
)

// introCooldown is how long a target cannot be asked again by the same
// requester after a decline, an expiry or canceling a sent request.
const introCooldown = 30 * 24 * time.Hour

// introLine maps the typed `intro` line onto its sub-commands: `intro
// @member [why]` (or `intro "Display Name" [why]`: unquoted text is a
// skill), `intro SKILL`, `intro cancel ID` and the buttons' `intro
// accept|decline|confirm ID`.
func introLine(args map[string]string) (string, map[string]string, error) {
	text := args["target"]
	word, rest := cutWord(text)
	switch w := strings.ToLower(word); w {
	case "accept", "decline", "confirm", "cancel":
		id := strings.TrimSpace(rest)
		if id == "" {
			return "", nil, usageErr("err.intro_noid", nil)
		}
		if _, err := strconv.Atoi(id); err != nil {
			return "", nil, usageErr("err.intro_id", Args{"id": id})
		}
		return w, map[string]string{"id": id}, nil
	}
	if isMemberRef(text) {
		word, rest = cutMemberRef(text)
		if word == "@" {
			return "", nil, usageErr("err.want_member", Args{"arg": word})
		}
		return "member", map[string]string{"member": word, "why": rest}, nil
	}
	return "skill", map[string]string{"skill": text}, nil
}

func runIntroAnswer(ctx context.Context, c *call) (Message, error) {
	return c.introAnswer(ctx, c.p.sub.Name, c.arg("id"))
}

func runIntroSkill(ctx context.Context, c *call) (Message, error) {
	return c.proposeBySkill(ctx, c.arg("skill"))
}

func runIntroMember(ctx context.Context, c *call) (Message, error) {
	ref := c.arg("member")
	why, err := cleanText(c.arg("why"))
	if err != nil {
		return Message{}, err
	}
	if n := len([]rune(why)); n > MaxWhy {
		return Message{}, usageErr("err.why_long", Args{"max": MaxWhy, "n": n})
	}
	target, err := c.lookup(ctx, ref)
	if err != nil {
		return Message{}, err
	}
	if gone(target) {
		// Left, removed or forgotten (a removal's tombstone): as if
		// never a member, named as the caller typed it.
		return Message{}, Errorf(ENOTFOUND, "err.no_member", Args{"member": ref})
	}
	return c.requestIntro(ctx, &Intro{To: target.ID, Why: why}, target)
}

// MaxWhy is the longest reason an intro request may carry.
const MaxWhy = 300

// introChecks applies every rule before a request reaches its target. A
// refusal that must not reveal why (the target blocked the requester)
// comes back as refused=true.
func (c *call) introChecks(tx Tx, target *Member, now time.Time) (refused bool, err error) {
	me := c.self()
	s := c.comm.Settings
	name := target.Name
	switch {
	case target.ID == me:
		return false, Errorf(EINVALID, "err.intro_self", nil)
	case gone(target):
		return false, Errorf(ENOTFOUND, "err.no_member", Args{"member": memberRef(target)})
	case c.me.Blocked(target.ID):
		return false, Errorf(ECONFLICT, "err.intro_you_blocked", Args{"member": name, "prefix": c.req.Prefix})
	case c.me.Status != StatusActive && !c.me.ActiveAt(now):
		return false, Errorf(ECONFLICT, "err.intro_you_paused", Args{"prefix": c.req.Prefix})
	}
	var toTarget int
	var cooling bool
	var touch *Intro
	err = tx.Intros(c.comm.ID, func(i *Intro) error {
		if i.State == IntroAccepted && pairOf(i.From, i.To) == pairOf(me, target.ID) {
			touch = i
		}
		if i.From == me && i.waiting() && i.To == target.ID {
			return Errorf(ECONFLICT, "err.intro_already", Args{"member": name})
		}
		if i.To == target.ID && i.State == IntroPending {
			toTarget++
		}
		// A request canceled after it was sent cools down too, or cancel
		// and ask again would DM the same member over and over.
		ended := i.State == IntroDeclined || i.State == IntroExpired || i.State == IntroRefused || i.State == IntroCanceled && !i.Sent.IsZero()
		if i.From == me && i.To == target.ID && ended && now.Sub(i.Answered) < introCooldown {
			cooling = true
		}
		return nil
	})
	switch {
	case err != nil:
		return false, err
	case touch != nil:
		// Before the limits and the hold: once in touch, whatever the
		// target did since (a block) stays unseen.
		return false, inTouchErr(target)
	}
	if err := c.introLimits(tx, now); err != nil {
		return false, err
	}
	switch {
	case target.Blocked(me), cooling:
		return true, nil
	case !target.ActiveAt(now):
		return false, Errorf(ECONFLICT, "err.intro_unavailable", Args{"member": name})
	case toTarget >= s.IntroMaxPendingTarget:
		return false, Errorf(ECONFLICT, "err.intro_unavailable", Args{"member": name})
	}
	return false, nil
}

// introLimits refuses a new request when the caller already has as many
// waiting as allowed, or has asked as many as allowed this week.
func (c *call) introLimits(tx Tx, now time.Time) error {
	me := c.self()
	var open, week int
	err := tx.Intros(c.comm.ID, func(i *Intro) error {
		if i.From == me && i.waiting() {
			open++
		}
		if i.From == me && i.State != IntroProposed && now.Sub(i.Created) < 7*24*time.Hour {
			week++
		}
		return nil
	})
	s := c.comm.Settings
	switch {
	case err != nil:
		return err
	case open >= s.IntroMaxPending:
		return Errorf(ECONFLICT, "err.intro_max_pending", Args{"max": s.IntroMaxPending, "prefix": c.req.Prefix})
	case week >= s.IntroPerWeek:
		return Errorf(ECONFLICT, "err.intro_per_week", Args{"max": s.IntroPerWeek})
	}
	return nil
}

// inTouchErr says that the caller and target are already in touch, and
// how to reach them.
func inTouchErr(target *Member) error {
	if target.Handle != "" {
		return Errorf(ECONFLICT, "err.intro_in_touch_handle", Args{"member": target.Name, "platform": target.ID.Platform, "handle": "@" + target.Handle})
	}
	return Errorf(ECONFLICT, "err.intro_in_touch", Args{"member": target.Name, "platform": target.ID.Platform})
}

// memberRef is how an error names a member the caller did not type:
// their handle, else their name.
func memberRef(m *Member) string {
	if m.Handle != "" {
		return "@" + m.Handle
	}
	return m.Name
}

// requestIntro checks the rules and sends a request to its target. in
// carries To and Why (and, when confirming a proposal, its id and skill).
func (c *call) requestIntro(ctx context.Context, in *Intro, target *Member) (Message, error) {
	now := c.now()
	var refused bool
	var sent *Intro
	err := c.b.store.Update(ctx, func(tx Tx) error {
		t, err := tx.Member(c.comm.ID, target.ID)
		if err != nil {
			return err
		}
		me, err := tx.Member(c.comm.ID, c.self())
		if err != nil {
			return err
		}
		c.me = me
		if refused, err = c.introChecks(tx, t, now); err != nil {
			return err
		}
		i := *in
		if i.ID != "" {
			// Confirming a proposal: it must still be one (not canceled
			// meanwhile) and the caller's.
			cur, err := tx.Intro(c.comm.ID, i.ID)
			if err != nil {
				return err
			}
			if cur.State != IntroProposed || cur.From != c.self() {
				return Errorf(ECONFLICT, "err.intro_closed", Args{"id": i.ID})
			}
		}
		if i.ID == "" {
			n, err := tx.NextID(c.comm.ID, "intro")
			if err != nil {
				return err
			}
			i.ID = strconv.Itoa(n)
		}
		i.Community, i.From, i.Created = c.comm.ID, c.self(), now
		if refused {
			// The target never sees it; to the requester it looks like any
			// request until it expires as "not possible right now", so a
			// block (or a cooldown) cannot be told from silence.
			i.State, i.Sent, i.Expires = IntroRefused, now, now.Add(c.comm.Settings.IntroExpireAfter)
			sent = &i
			return tx.PutIntro(&i)
		}
		i.State, i.Sent, i.Expires = IntroPending, now, now.Add(c.comm.Settings.IntroExpireAfter)
		sent = &i
		if err := tx.PutIntro(&i); err != nil {
			return err
		}
		_, err = tx.Enqueue(&OutboxEntry{
			ID: outboxID("intro", c.comm.ID, i.ID, "request"), Platform: t.ID.Platform, Community: c.comm.ID,
			Kind: OutboxDM, To: []MemberID{t.ID}, Template: "intro_request", Args: map[string]string{"intro": i.ID},
			Created: now, NotBefore: now,
		})
		return err
	})
	if err != nil {
		return Message{}, err
	}
	c.b.notifyOutbox()
	msg := c.say("msg.intro_sent", Args{"member": target.Name, "when": c.comm.Settings.IntroExpireAfter, "id": sent.ID, "prefix": c.req.Prefix})
	msg.Replace = c.req.Button
	return msg, nil
}

// introAnswer handles accept, decline, confirm and cancel.
func (c *call) introAnswer(ctx context.Context, action, id string) (Message, error) {
	now := c.now()
	me := c.self()
	var in *Intro
	var other *Member
	var reply string
	err := c.b.store.Update(ctx, func(tx Tx) error {
		var err error
		in, err = tx.Intro(c.comm.ID, id)
		if errors.Is(err, ErrNotFound) {
			return Errorf(ENOTFOUND, "err.no_intro", Args{"id": id})
		}
		if err != nil {
			return err
		}
		mine := in.From == me
		if action == "accept" || action == "decline" {
			mine = in.To == me
		}
		if !mine {
			return Errorf(EFORBIDDEN, "err.intro_not_yours", Args{"id": id})
		}
		peer := in.To
		if in.To == me {
			peer = in.From
		}
		if other, err = tx.Member(c.comm.ID, peer); errors.Is(err, ErrNotFound) {
			return Errorf(ENOTFOUND, "err.no_intro", Args{"id": id})
		} else if err != nil {
			return err
		}
		// Confirming leaves a block to introChecks, which holds the
		// request back like any other looking sent.
		if action != "cancel" && action != "decline" && (gone(other) || action != "confirm" && other.Blocked(me)) {
			return Errorf(ECONFLICT, "err.intro_closed", Args{"id": id})
		}
		switch {
		case action == "confirm" && in.State == IntroProposed:
			reply = "confirm"
			return nil
		case action == "cancel" && in.Open():
			in.State, in.Answered, reply = IntroCanceled, now, "msg.intro_canceled"
		case (action == "accept" || action == "decline") && in.State == IntroPending:
			if action == "decline" {
				in.State, in.Answered, reply = IntroDeclined, now, "msg.intro_declined"
				if err := tellUnavailable(tx, c.comm.ID, in, c.me.Name, now); err != nil {
					return err
				}
				break
			}
			in.State, in.Answered, reply = IntroAccepted, now, "msg.intro_accepted"
			if err := c.enqueueAccepted(tx, in); err != nil {
				return err
			}
		case action == "accept" && in.State == IntroAccepted:
			reply = "msg.intro_already_accepted"
			return nil
		default:
			return Errorf(ECONFLICT, "err.intro_closed", Args{"id": id})
		}
		return tx.PutIntro(in)
	})
	if err != nil {
		return Message{}, err
	}
	if reply == "confirm" {
		return c.requestIntro(ctx, in, other)
	}
	c.b.notifyOutbox()
	msg := c.say(reply, Args{"member": other.Name})
	msg.Replace = c.req.Button
	return msg, nil
}

// enqueueAccepted puts the two in touch: one conversation where the
// platform allows it, else a DM to each.
func (c *call) enqueueAccepted(tx Tx, in *Intro) error {
	for _, e := range c.b.audience(outboxID("intro", c.comm.ID, in.ID, "accepted"), []MemberID{in.From, in.To}) {
		e.Community, e.Template, e.Args = c.comm.ID, "intro_accepted", map[string]string{"intro": in.ID}
		e.Created, e.NotBefore = c.now(), c.now()
		if _, err := tx.Enqueue(e); err != nil {
			return err
		}
	}
	return nil
}

// expireIntros closes requests nobody answered in time and tells the
// requester only that it is not possible right now.
func (b *Bot) expireIntros(ctx context.Context, comm Community) error {
	now := b.now()
	return b.store.Update(ctx, func(tx Tx) error {
		var due []*Intro
		err := tx.Intros(comm.ID, func(i *Intro) error {
			if i.waiting() && !i.Expires.IsZero() && !now.Before(i.Expires) {
				due = append(due, i)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, i := range due {
			if i.State == IntroPending {
				i.State = IntroExpired
			}
			i.Answered = now
			if err := tx.PutIntro(i); err != nil {
				return err
			}
			to, err := tx.Member(comm.ID, i.To)
			if err != nil {
				return err
			}
			if err := tellUnavailable(tx, comm.ID, i, to.Name, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// gone reports whether a member left or was removed: nobody is put in
// touch with them any more.
func gone(m *Member) bool { return m.Status == StatusLeft || m.Status == StatusRemoved }

// withdrawIntros cancels the open requests for which which returns true,
// as `intro cancel` would: they leave the target's list, and their
// buttons answer that the request is closed. actor is the member whose
// step closes them (leave, removal, block): a requester who waited on
// them hears "not possible right now", as after a decline, never why.
func withdrawIntros(tx Tx, community string, now time.Time, actor *Member, which func(*Intro) bool) error {
	var open []*Intro
	if err := tx.Intros(community, func(i *Intro) error {
		if i.Open() && which(i) {
			open = append(open, i)
		}
		return nil
	}); err != nil {
		return err
	}
	for _, i := range open {
		waited := i.waiting() && i.From != actor.ID
		i.State, i.Answered = IntroCanceled, now
		if err := tx.PutIntro(i); err != nil {
			return err
		}
		if waited {
			if err := tellUnavailable(tx, community, i, actor.Name, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// tellUnavailable queues the requester's "not possible right now". The
// target's name travels in the entry, since the target may be gone by
// the time it is sent; an empty name (forget-me) leaves it out.
func tellUnavailable(tx Tx, community string, i *Intro, name string, now time.Time) error {
	_, err := tx.Enqueue(&OutboxEntry{
		ID: outboxID("intro", community, i.ID, "unavailable", i.From.String()), Platform: i.From.Platform, Community: community,
		Kind: OutboxDM, To: []MemberID{i.From}, Template: "intro_unavailable", Args: map[string]string{"intro": i.ID, "member": name},
		Created: now, NotBefore: now,
	})
	return err
}
