package bot

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot/match"
)

// Round is one weekly pairing of a community.
type Round struct {
	Community string       `json:"community"`
	ID        string       `json:"id"`     // RoundID(Period, Manual): sorts by time
	Number    int          `json:"number"` // 1 for the community's first round
	Period    time.Time    `json:"period"` // the round time it is the round of (for `round now`: the next one)
	Ran       time.Time    `json:"ran"`
	Manual    bool         `json:"manual,omitempty"` // started with `round now`
	Seed      uint64       `json:"seed"`             // the matcher's seed: the same input gives the same groups
	Method    string       `json:"method,omitempty"` // how the matcher paired
	Groups    []RoundGroup `json:"groups"`
	// FollowupAt is when members are asked whether they met.
	FollowupAt time.Time `json:"followup_at"`
	// names are, in memory only, the names of the members a round just
	// made was matched from, so that rendering it reads no member again.
	names map[MemberID]string
}

// RoundGroup is one group of a round.
type RoundGroup struct {
	Members []MemberID     `json:"members"`
	Reasons []match.Reason `json:"reasons,omitempty"`
	// Answers are the follow-up answers: member id → "yes", "notyet", "no".
	Answers map[string]string `json:"answers,omitempty"`
	// Slots are the meeting times the intro proposes (see meet.go), none
	// when the members share no working hours; Key, random, makes their
	// calendar links unguessable. Rounds older than slots have no Key.
	Slots []time.Time `json:"slots,omitempty"`
	Key   string      `json:"key,omitempty"`
	// NoTimeLeft says why there are no Slots: the next round starts
	// before the members' shared working time, not that they share none.
	NoTimeLeft bool `json:"no_time_left,omitempty"`
	// Pick is the proposed slot the group chose, kept with the answers so
	// that stats can tell how often groups meet at a proposed time.
	Pick *SlotPick `json:"pick,omitempty"`
	// FirstPickTold is the Seq of the first pick whose notice went out:
	// a later pick's notice says the call moved, and one before it, or
	// the first sent, says a time was picked.
	FirstPickTold int `json:"first_pick_told,omitempty"`
	// Ended is a member calling the week's meeting off: nothing more is
	// sent about the group, follow-up included.
	Ended *PairingEnd `json:"ended,omitempty"`
}

// upcomingRound is the period of the next round the scheduler holds: the
// stored next period, even when overdue (the scheduler runs it late),
// passing over the skipped dates; the schedule's next time if none is
// stored yet. Every "next round" shown to people comes from here.
func upcomingRound(s Settings, rt RoundTimes, st *State, now time.Time) time.Time {
	next := st.NextRound
	if next.IsZero() {
		next = rt.Next(now)
	}
	for !next.IsZero() && slices.Contains(s.Skip, next.In(s.Location()).Format(time.DateOnly)) {
		next = rt.Next(next)
	}
	return next
}

// State is a community's scheduler state.
type State struct {
	NextRound time.Time `json:"next_round"` // the next scheduled period
	Rounds    int       `json:"rounds"`     // rounds so far
	// LastDigest is when the last weekly digest was decided (queued, or
	// found empty or off), and DigestRound the rounds so far then: the
	// digest of a firing of digest.schedule before LastDigest, or of a
	// round up to DigestRound, is done (see digest_tick.go).
	LastDigest  time.Time `json:"last_digest,omitzero"`
	DigestRound int       `json:"digest_round,omitempty"`
	// Queue is the work the last round still owes, nil when none.
	Queue *RoundQueue `json:"queue,omitempty"`
	// EventIntros are the events whose intros are being queued.
	EventIntros []string `json:"event_intros,omitempty"`
}

// RoundID names the round of a period: "20261130T0800Z", with "-now"
// appended for one started by hand. A period has one round, scheduled or
// by hand, so IDs sort by time.
func RoundID(period time.Time, manual bool) string {
	id := period.UTC().Format("20060102T1504Z")
	if manual {
		id += "-now"
	}
	return id
}

// Has reports whether the group holds a member.
func (g *RoundGroup) Has(id MemberID) bool { return slices.Contains(g.Members, id) }

// GroupOf returns the index of the member's group, or -1.
func (r *Round) GroupOf(id MemberID) int {
	for i := range r.Groups {
		if r.Groups[i].Has(id) {
			return i
		}
	}
	return -1
}

// outcome is what the answers of a group say about whether it met.
func (g *RoundGroup) outcome() match.Outcome {
	o := match.OutcomeNoAnswer
	for _, a := range g.Answers {
		switch a {
		case "yes":
			return match.OutcomeMet
		case "no":
			o = match.OutcomeNotMet
		}
	}
	return o
}

// ErrRoundExists is returned when a period's round has already run.
var ErrRoundExists = errors.New("the round of this period already ran")

// NotEnoughError is returned when a round can form no group: nothing is
// stored or sent, and the period stays open for a later try.
type NotEnoughError struct {
	Available int // members who could have been paired
}

func (e *NotEnoughError) Error() string {
	return fmt.Sprintf("not enough members for a round: %d available; nothing was sent", e.Available)
}

// RoundOptions say how to run a round.
type RoundOptions struct {
	// Period is the scheduled time; zero: a round by hand, which counts as
	// the round of the next round time.
	Period  time.Time
	Preview bool // compute and return the groups, store and send nothing
	// NextRound, if set, becomes the community's next scheduled period in
	// the same transaction that stores the round.
	NextRound time.Time
}

// roundSeed derives the matcher's seed from the community and round id.
func roundSeed(community, id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(community + "/" + id))
	return h.Sum64()
}

// planInput is what a round is computed from.
type planInput struct {
	members    []*Member
	rounds     []*Round
	state      *State
	unanswered []*Member      // three follow-ups unanswered in a row: to pause
	history    *match.History // rounds and accepted intros
	apart      []match.Block  // pairs intros keep apart (declined, expired, waiting)
}

// interner hands out one copy of each string it is given.
type interner map[string]string

func (in interner) get(s string) string {
	if c, ok := in[s]; ok {
		return c
	}
	in[s] = s
	return s
}

// skips reports whether m skips the round of period (zero: not a round).
func skips(m *Member, period time.Time) bool {
	return !period.IsZero() && !m.SkipRound.IsZero() && !period.After(m.SkipRound)
}

// loadPlan reads what a round needs; period is the round's, or zero.
func (b *Bot) loadPlan(ctx context.Context, comm Community, now, period time.Time) (*planInput, error) {
	p := &planInput{}
	err := b.store.View(ctx, func(tx Tx) error {
		p.members, p.rounds, p.unanswered = nil, nil, nil
		if err := tx.Rounds(comm.ID, func(r *Round) error { p.rounds = append(p.rounds, r); return nil }); err != nil {
			return err
		}
		var err error
		if p.state, err = tx.State(comm.ID); err != nil {
			return err
		}
		if p.history, _, err = b.pairHistory(tx, comm.ID); err != nil {
			return err
		}
		ip, err := loadIntroPairs(tx, comm.ID, now)
		if err != nil {
			return err
		}
		p.apart = ip.blocks()
		in := interner{}
		return tx.Members(comm.ID, func(m *Member) error {
			if !m.ActiveAt(now) || skips(m, period) {
				return nil
			}
			if unansweredInARow(p.rounds, m.ID, now) >= 3 {
				p.unanswered = append(p.unanswered, m)
				return nil
			}
			// A round reads no bio or link: dropping them, and sharing
			// one copy of each skill and id part, keeps a large
			// community's members small while it matches.
			m.Profile.Bio, m.Profile.Links = "", nil
			m.ID.Platform, m.ID.Space, m.Community = in.get(m.ID.Platform), in.get(m.ID.Space), comm.ID
			for _, skills := range [][]string{m.Profile.Offers, m.Profile.Seeks} {
				for i, s := range skills {
					skills[i] = in.get(s)
				}
			}
			p.members = append(p.members, m)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("round: load %s: %w", comm.ID, err)
	}
	return p, nil
}

// unansweredInARow counts the member's latest follow-ups, already asked,
// that they left unanswered, stopping at the first answered one.
func unansweredInARow(rounds []*Round, id MemberID, now time.Time) int {
	n := 0
	for i := len(rounds) - 1; i >= 0; i-- {
		r := rounds[i]
		g := r.GroupOf(id)
		if g < 0 || r.followupOf(&r.Groups[g]).After(now) {
			continue
		}
		if _, ok := r.Groups[g].Answers[id.String()]; ok {
			return n
		}
		if r.Groups[g].Ended != nil {
			continue // called off: nobody was asked
		}
		n++
	}
	return n
}

// matchInput turns the plan into the matcher's input.
func matchInput(comm Community, p *planInput, period time.Time, seed uint64, number int) match.Input {
	in := match.Input{
		Round:   number,
		History: p.history,
		Options: match.Options{GroupSize: comm.Settings.GroupSize, AvoidSameCompany: comm.Settings.AvoidSameCompany,
			SamePlatform: samePlatformModes[comm.Settings.samePlatform()], Seed: seed},
	}
	active := map[MemberID]bool{}
	for _, m := range p.members {
		active[m.ID] = true
		_, off := period.In(m.Location(comm.Settings.Location())).Zone()
		h := m.WorkHours() // the day slots are proposed in: the reason counts the same
		in.Members = append(in.Members, match.Member{
			ID: m.ID.String(), Offers: m.Profile.Offers, Seeks: m.Profile.Seeks,
			UTCOffsetMinutes: off / 60, WorkStartMin: h.Start, WorkEndMin: h.End, Company: strings.ToLower(m.Profile.Company),
			Platform: m.ID.Platform,
		})
		for _, bl := range m.Blocks {
			in.Blocks = append(in.Blocks, match.Block{A: m.ID.String(), B: bl.String()})
		}
	}
	in.Blocks = append(in.Blocks, p.apart...)
	if n := len(p.rounds); n > 0 {
		last := p.rounds[n-1]
		for _, g := range last.Groups {
			if len(g.Members) > max(2, comm.Settings.GroupSize) {
				for _, id := range g.Members {
					if active[id] {
						in.LastOversized = append(in.LastOversized, id.String())
					}
				}
			}
		}
	}
	return in
}

// scheduledPeriod is the period of the next round the scheduler will run
// ([Bot.Tick]): the stored next round time, passing over skipped dates and
// a period whose round already ran by hand.
func (b *Bot) scheduledPeriod(ctx context.Context, comm Community, now time.Time) (time.Time, error) {
	rt, err := comm.Settings.RoundTimes()
	if err != nil {
		return time.Time{}, err
	}
	var st *State
	var ran []time.Time
	err = b.store.View(ctx, func(tx Tx) error {
		if st, err = tx.State(comm.ID); err != nil {
			return err
		}
		ran = ran[:0]
		return tx.RoundSummaries(comm.ID, func(r *RoundSummary) error { ran = append(ran, r.Period); return nil })
	})
	if err != nil {
		return time.Time{}, err
	}
	period := st.NextRound
	if period.IsZero() {
		period = rt.Next(now)
	}
	loc := comm.Settings.Location()
	for range 100 { // skip dates are few; a bound keeps a bad list from looping
		skipped := slices.Contains(comm.Settings.Skip, period.In(loc).Format(time.DateOnly))
		if period.IsZero() || !skipped && !slices.ContainsFunc(ran, period.Equal) {
			break
		}
		period = rt.Next(later(now, period))
	}
	if period.IsZero() { // a schedule that never fires: as a round by hand
		period = now.Truncate(time.Minute)
	}
	return period, nil
}

// later is the later of two times.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

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

// periodRound returns the head of the round of a period (Groups nil),
// scheduled or by hand.
func periodRound(tx Tx, community string, period time.Time) (*Round, error) {
	r, err := tx.RoundHead(community, RoundID(period, false))
	if errors.Is(err, ErrNotFound) {
		return tx.RoundHead(community, RoundID(period, true))
	}
	return r, err
}

// editRounds calls edit for every round of a community and stores the
// rounds it reports changed, after the walk, so that no round is written
// while tx.Rounds is still reading them.
func editRounds(tx Tx, community string, edit func(r *Round) (changed bool)) error {
	var changed []*Round
	err := tx.Rounds(community, func(r *Round) error {
		if edit(r) {
			changed = append(changed, r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range changed {
		if err := tx.PutRound(r); err != nil {
			return err
		}
	}
	return nil
}

// pauseUnanswered pauses a member who left three follow-ups unanswered and
// tells them kindly how to come back.
func (b *Bot) pauseUnanswered(tx Tx, comm Community, m *Member, now time.Time) error {
	cur, err := tx.Member(comm.ID, m.ID)
	if errors.Is(err, ErrNotFound) {
		return nil // forgotten meanwhile
	}
	if err != nil {
		return err
	}
	if !cur.ActiveAt(now) {
		return nil // left, removed or paused meanwhile
	}
	cur.Status, cur.PausedUntil, cur.Updated = StatusPaused, time.Time{}, now
	if err := tx.PutMember(cur); err != nil {
		return err
	}
	_, err = tx.Enqueue(&OutboxEntry{
		ID: outboxID("pause", comm.ID, m.ID.String(), now.UTC().Format("20060102")), Platform: m.ID.Platform,
		Community: comm.ID, Kind: OutboxDM, To: []MemberID{m.ID}, Template: "msg.auto_paused", Created: now, NotBefore: now,
	})
	return err
}

// Tick runs the community's scheduled round if it is due, then its weekly
// digest if that is due ([Bot.tickDigest]). On first start it only sets
// the next period; a round missed while the bot was down runs once, and
// the next period is then computed from now.
func (b *Bot) Tick(ctx context.Context, communityID string) (*Round, error) {
	r, err := b.tickRound(ctx, communityID)
	if ctx.Err() != nil {
		return r, err
	}
	return r, errors.Join(err, b.tickDigest(ctx, communityID))
}

// tickRound is the round part of [Bot.Tick].
func (b *Bot) tickRound(ctx context.Context, communityID string) (*Round, error) {
	comm, err := b.CommunityByID(ctx, communityID)
	if err != nil {
		return nil, err
	}
	if err := b.expireIntros(ctx, comm); err != nil {
		return nil, fmt.Errorf("expire intros of %s: %w", comm.ID, err)
	}
	if err := b.finishRound(ctx, comm); err != nil {
		return nil, err
	}
	if err := b.remindEmptyProfiles(ctx, comm); err != nil && ctx.Err() == nil {
		b.log.Error("welcome reminders", "community", comm.ID, "err", err) // the round still runs
	}
	b.notifyOutbox()
	rt, err := comm.Settings.RoundTimes()
	if err != nil {
		return nil, err
	}
	loc := comm.Settings.Location()
	now := b.now()
	var st *State
	if err := b.store.View(ctx, func(tx Tx) error {
		st, err = tx.State(comm.ID)
		return err
	}); err != nil {
		return nil, err
	}
	if err := b.resumeEventIntros(ctx, comm, st); err != nil {
		return nil, fmt.Errorf("event intros of %s: %w", comm.ID, err)
	}
	setNext := func(next time.Time) error {
		return b.store.Update(ctx, func(tx Tx) error {
			cur, err := tx.State(comm.ID)
			if err != nil {
				return err
			}
			cur.NextRound = next
			return tx.PutState(comm.ID, cur)
		})
	}
	if st.NextRound.IsZero() {
		return nil, setNext(rt.Next(now))
	}
	if now.Before(st.NextRound) {
		return nil, nil
	}
	period := st.NextRound
	next := rt.Next(now)
	if slices.Contains(comm.Settings.Skip, period.In(loc).Format(time.DateOnly)) {
		b.log.Info("round skipped", "community", comm.ID, "period", period)
		return nil, setNext(next)
	}
	r, err := b.runRound(ctx, comm, RoundOptions{Period: period, NextRound: next})
	var few *NotEnoughError
	switch {
	case errors.Is(err, ErrRoundExists): // `round now` was this period's round
		return nil, setNext(next)
	case errors.As(err, &few):
		// Nothing stored: the next round time tries again.
		b.log.Info("round not run: too few members", "community", comm.ID, "period", period, "available", few.Available)
		return nil, setNext(next)
	}
	return r, err
}

// RunScheduler ticks every community it knows ([Bot.TickAll]) every
// interval until ctx is done.
func (b *Bot) RunScheduler(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := b.TickAll(ctx); err != nil && ctx.Err() == nil {
			b.log.Error("scheduler", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
