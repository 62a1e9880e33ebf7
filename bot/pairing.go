package bot

import (
	"context"
	"errors"
	"time"
)

// latestRoundOf returns the head of the newest round in which the
// member was grouped and their group: the round counted last in their
// Participation, read as memberGroup does; when none is counted (data
// older than Participation), the newest of roundsWith.
func latestRoundOf(tx Tx, community string, m *Member) (*Round, *RoundGroup, error) {
	if m.Part.Last != "" {
		r, gi, g, err := memberGroup(tx, community, m, m.Part.Last)
		if err == nil && gi >= 0 {
			return r, g, nil
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, nil, err
		}
	}
	var last *Round
	var group *RoundGroup
	err := roundsWith(tx, community, m.ID, func(r *Round, _ int, g *RoundGroup) (bool, error) {
		last, group = r, g
		return false, nil
	})
	return last, group, err
}

// askedRoundOf returns the round a `met` without a round id answers (its
// head), the index of the member's group in it and the group: the newest
// whose follow-up the member was sent by now (a later round's intro does
// not change which question they are answering), else the newest. The
// newest round counted for the member is read as memberGroup does; only
// while its follow-up is still ahead are older rounds searched
// (roundsWith).
func askedRoundOf(tx Tx, community string, m *Member, now time.Time) (*Round, int, *RoundGroup, error) {
	if m.Part.Last != "" {
		r, gi, g, err := memberGroup(tx, community, m, m.Part.Last)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, -1, nil, err
		}
		if err == nil && gi >= 0 && !r.followupOf(g).After(now) {
			return r, gi, g, nil
		}
	}
	var last, asked *Round
	gl, ga := -1, -1
	var groupl, groupa *RoundGroup
	err := roundsWith(tx, community, m.ID, func(r *Round, gi int, g *RoundGroup) (bool, error) {
		if last == nil {
			last, gl, groupl = r, gi, g
		}
		if !r.followupOf(g).After(now) {
			asked, ga, groupa = r, gi, g
			return false, nil
		}
		return true, nil
	})
	if err != nil || asked != nil {
		return asked, ga, groupa, err
	}
	return last, gl, groupl, nil
}

func runPairing(ctx context.Context, c *call) (Message, error) {
	var r *Round
	var others []*Member
	var st *State
	err := c.b.store.View(ctx, func(tx Tx) error {
		var err error
		if st, err = tx.State(c.comm.ID); err != nil {
			return err
		}
		var g *RoundGroup
		if r, g, err = latestRoundOf(tx, c.comm.ID, c.me); err != nil || r == nil {
			return err
		}
		others, err = othersIn(tx, c.comm.ID, *g, c.me.ID)
		return err
	})
	if err != nil {
		return Message{}, err
	}
	var msg Message
	if r == nil || len(others) == 0 {
		msg = c.say("msg.pairing_none", nil)
	} else {
		msg = c.say("msg.pairing_current", Args{"names": c.b.joinNames(c.lang, others), "date": Day(r.Ran.In(c.loc()))})
	}
	next := c.t("msg.pairing_next_unknown", nil)
	if rt, err := c.comm.Settings.RoundTimes(); err == nil && !st.NextRound.IsZero() {
		if at := upcomingRound(c.comm.Settings, rt, st, c.now()); !at.IsZero() {
			next = c.t("msg.pairing_next", Args{"date": Moment(at.In(c.loc()))})
		}
	}
	switch {
	case c.me.Status == StatusPaused && c.me.PausedUntil.After(c.now()):
		next = c.t("msg.pairing_paused_until", Args{"date": Day(c.me.PausedUntil.In(c.loc())), "prefix": c.req.Prefix})
	case c.me.EffectiveStatus(c.now()) != StatusActive:
		next = c.t("msg.pairing_not_active", Args{"prefix": c.req.Prefix})
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: next})
	return msg, nil
}

func runMet(ctx context.Context, c *call) (Message, error) {
	answer, roundID := c.arg("answer"), c.arg("round")
	var names []*Member
	err := c.b.store.Update(ctx, func(tx Tx) error {
		me, err := tx.Member(c.comm.ID, c.me.ID)
		if err != nil {
			return err
		}
		var r *Round
		var g *RoundGroup
		gi := -1
		if roundID != "" {
			if r, gi, g, err = memberGroup(tx, c.comm.ID, me, roundID); errors.Is(err, ErrNotFound) {
				return Errorf(ENOTFOUND, "err.no_round", Args{"round": roundID})
			}
		} else {
			r, gi, g, err = askedRoundOf(tx, c.comm.ID, me, c.now())
		}
		if err != nil {
			return err
		}
		if gi < 0 {
			return Errorf(ECONFLICT, "err.no_pairing", nil)
		}
		if g.Answers == nil {
			g.Answers = map[string]string{}
		}
		prev := g.Answers[c.me.ID.String()]
		g.Answers[c.me.ID.String()] = answer
		me.Part.answer(prev, answer)
		if err := tx.PutMember(me); err != nil {
			return err
		}
		if names, err = othersIn(tx, c.comm.ID, *g, c.me.ID); err != nil {
			return err
		}
		return tx.PutRoundGroup(c.comm.ID, r.ID, gi, g)
	})
	if err != nil {
		return Message{}, err
	}
	key := map[string]string{"yes": "msg.met_yes", "notyet": "msg.met_notyet", "no": "msg.met_no"}[answer]
	msg := c.say(key, Args{"names": c.b.joinNames(c.lang, names)})
	msg.Replace = c.req.Button
	return msg, nil
}

func runRound(preview bool) func(context.Context, *call) (Message, error) {
	return func(ctx context.Context, c *call) (Message, error) {
		r, err := c.b.runRound(ctx, c.comm, RoundOptions{Preview: preview})
		var few *NotEnoughError
		switch {
		case errors.Is(err, ErrRoundExists):
			return Message{}, c.periodRan(ctx)
		case errors.As(err, &few) && few.Available < 2:
			return Message{}, Errorf(ECONFLICT, "err.round_too_few", Args{"n": few.Available})
		case errors.As(err, &few):
			return Message{}, Errorf(ECONFLICT, "err.round_no_group", Args{"n": few.Available})
		case err != nil:
			return Message{}, err
		}
		if !preview {
			c.b.log.InfoContext(ctx, "round started by hand", "community", c.comm.ID, "round", r.ID, "by", c.self().String())
		}
		return c.b.RoundMessage(ctx, c.lang, c.comm, r, preview)
	}
}

// periodRan is the error for a `round now` whose period already had its
// round: when it ran and when the next one is.
func (c *call) periodRan(ctx context.Context) error {
	rt, err := c.comm.Settings.RoundTimes()
	if err != nil {
		return err
	}
	var r *Round
	var st *State
	err = c.b.store.View(ctx, func(tx Tx) error {
		if r, err = periodRound(tx, c.comm.ID, rt.Period(c.now())); err != nil {
			return err
		}
		st, err = tx.State(c.comm.ID)
		return err
	})
	if err != nil {
		return err
	}
	loc := c.comm.Settings.Location()
	next := upcomingRound(c.comm.Settings, rt, st, c.now())
	return Errorf(ECONFLICT, "err.round_period_ran", Args{"ran": fmtRoundTime(r.Ran, loc), "next": fmtRoundTime(next, loc)})
}
