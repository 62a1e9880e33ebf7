package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/rete-bot/rete/bot/match"
)

// RunRound pairs a community's active members, stores the round, queues
// the intro messages and follow-ups and counts the round in its members'
// Participation (see storeRound: a crash leaves either no round or one
// whose queueing the next Tick finishes). A period's round runs once:
// running it again returns ErrRoundExists.
func (b *Bot) RunRound(ctx context.Context, communityID string, opts RoundOptions) (*Round, error) {
	comm, err := b.CommunityByID(ctx, communityID)
	if err != nil {
		return nil, err
	}
	return b.runRound(ctx, comm, opts)
}

// runRound is RunRound for a community already resolved (one the config
// does not list included).
func (b *Bot) runRound(ctx context.Context, comm Community, opts RoundOptions) (*Round, error) {
	start := time.Now() // the wall clock: b.now may be a test's
	now := b.now()
	manual := opts.Period.IsZero() && !opts.Preview
	period := opts.Period
	var after RoundTimes // for a round by hand: what follows its period
	if opts.Preview && period.IsZero() {
		// A preview is the next scheduled round: same period, id and seed,
		// so it shows the groups that round will make if nothing changes.
		var err error
		if period, err = b.scheduledPeriod(ctx, comm, now); err != nil {
			return nil, err
		}
	}
	if manual {
		rt, err := comm.Settings.RoundTimes()
		if err != nil {
			return nil, err
		}
		if period = rt.Period(now); period.IsZero() { // a schedule that never fires
			period = now.Truncate(time.Minute)
		}
		after = rt
	}
	if !opts.Preview {
		if err := b.finishRound(ctx, comm); err != nil {
			return nil, err
		}
	}
	p, err := b.loadPlan(ctx, comm, now, period)
	if err != nil {
		return nil, err
	}
	if !opts.Preview && slices.ContainsFunc(p.rounds, func(r *Round) bool { return r.Period.Equal(period) }) {
		return nil, ErrRoundExists // checked again when storing
	}
	r := &Round{
		Community: comm.ID, ID: RoundID(period, manual), Number: p.state.Rounds + 1,
		Period: period, Ran: now, Manual: manual, FollowupAt: now.Add(comm.Settings.FollowupAfter),
	}
	r.Seed = roundSeed(comm.ID, r.ID)
	in := matchInput(comm, p, period, r.Seed, r.Number)
	var slots *slotPlanner
	if !opts.Preview {
		slots = newSlotPlanner(comm, p.members)
	}
	r.names = make(map[MemberID]string, len(p.members))
	for _, m := range p.members {
		r.names[m.ID] = m.Name
	}
	// The matcher's input holds what it needs: a large community's
	// members can go while it runs.
	available := len(p.members)
	p.members = nil
	res, err := match.Plan(in)
	if err != nil {
		return nil, fmt.Errorf("round %s/%s: %w", comm.ID, r.ID, err)
	}
	r.Method = res.Method
	for _, g := range res.Groups {
		rg := RoundGroup{Reasons: g.Reasons}
		for _, id := range g.Members {
			mid, err := ParseMemberID(id)
			if err != nil {
				return nil, err
			}
			rg.Members = append(rg.Members, mid)
		}
		r.Groups = append(r.Groups, rg)
	}
	if len(res.SatOut) > 0 {
		b.log.Warn("round: members sat out (blocks or companies leave no partner)", "community", comm.ID, "round", r.ID, "n", len(res.SatOut))
	}
	if opts.Preview {
		return r, nil
	}
	until := slotsUntil(now, time.Time{})
	if rt, err := comm.Settings.RoundTimes(); err == nil {
		until = slotsUntil(now, rt.Next(period))
	}
	for i := range r.Groups {
		slots.propose(&r.Groups[i], now, until)
	}
	if len(r.Groups) == 0 {
		return nil, &NotEnoughError{Available: available}
	}
	err = b.storeRound(ctx, comm, r, func(tx Tx, st *State) error {
		if _, err := periodRound(tx, comm.ID, period); !errors.Is(err, ErrNotFound) {
			if err == nil {
				return ErrRoundExists
			}
			return err
		}
		if st.Rounds+1 != r.Number {
			return fmt.Errorf("round %s: another round ran meanwhile; try again", r.ID)
		}
		st.Rounds = r.Number
		if !opts.NextRound.IsZero() {
			st.NextRound = opts.NextRound
		}
		if manual && !st.NextRound.After(period) {
			// The scheduled round of this period is done: the scheduler
			// moves on to the next round time.
			st.NextRound = after.Next(period)
		}
		return nil
	}, p.unanswered)
	if err != nil {
		return nil, err
	}
	b.observer.OnRound(comm.ID, len(r.Groups), len(res.SatOut), time.Since(start))
	b.log.Info("round ran", "community", comm.ID, "round", r.ID, "groups", len(r.Groups), "method", r.Method)
	return r, nil
}
