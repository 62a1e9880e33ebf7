package bot

// The outbox is the only way a message leaves on the core's initiative:
// intros, follow-ups, event posts and their edits, reminders, private
// replies. Replies to a request are the return value of [Bot.Handle]; all
// else is an [OutboxEntry], stored in the transaction that decides to
// send it and sent later by the platform's worker ([Bot.RunOutbox]).
//
// Kinds: [OutboxDM] to one member, [OutboxGroup] to 2 to 4 members in one
// conversation (queued where the messenger is a [GroupMessenger] or
// unknown: [Bot.audience] decides, else one DM each; a group reaching a
// platform without groups is split into DMs when sent), [OutboxPost] to a channel,
// [OutboxEdit] replacing a message already sent (skipped where the
// messenger is no [Editor]).
//
// Rendering: an entry names what to say (Template, Args, Round, Group)
// and is rendered when it is sent, from the state of that moment and in
// the reader's language then; a stale entry renders as skipped (an intro
// answered meanwhile, a reminder for a canceled event). A private reply
// is the exception: it carries its Message, rendered for the request, and
// drops it once done.
//
// Ids: [outboxID] builds every id; queueing an id that is pending or done
// (done entries are kept for a while, see [OutboxTx]) is a no-op, so a
// retried transaction or a round run twice sends once. An edit is removed
// once sent instead of kept: while one is pending, further changes keep it
// and it renders the latest state; once sent, the next change queues a new
// one.
//
// Sending: one sender per platform at a time. [Bot.RunOutbox] is given the
// platform's [Limit] and applies it through a [Limiter], overall and per
// destination (a channel, a DM, a group): an entry whose destination must
// wait stays pending and the worker goes on with other destinations; the
// overall limit ends the pass until a token is free. An edit also waits
// Limit.Coalesce after it was first queued, so that a burst of changes
// makes one edit. Messenger errors decide what follows: [ErrUnreachable]
// ends the entry (and marks a DM's member unreachable), a [*RetryError]
// retries after its delay, anything else (a platform down, a 5xx) retries
// with jittered exponential backoff, capped at maxBackoff, until the entry
// has been failing for GiveUpAfter, then gives up.

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// OutboxKind says how an outbox entry is delivered.
type OutboxKind string

// Outbox kinds.
const (
	OutboxDM    OutboxKind = "dm"    // a direct message to To[0]
	OutboxGroup OutboxKind = "group" // one conversation with every member of To
	OutboxPost  OutboxKind = "post"  // a post to Space/Channel
	OutboxEdit  OutboxKind = "edit"  // a new version of the message Edit names
)

// OutboxEntry is one message waiting to be sent. Its ID, built by
// [outboxID], is the idempotency key (for example round id + group +
// recipient): enqueueing the same ID twice sends once.
type OutboxEntry struct {
	ID        string     `json:"id"`
	Platform  string     `json:"platform"`
	Community string     `json:"community"`
	Kind      OutboxKind `json:"kind"`
	To        []MemberID `json:"to,omitempty"`
	Space     string     `json:"space,omitempty"`
	Channel   string     `json:"channel,omitempty"`
	// Template says what to send; the text is rendered when it is sent, in
	// the reader's language of that moment: "intro", "followup", or a
	// catalog key with Args.
	Template string            `json:"template"`
	Args     map[string]string `json:"args,omitempty"`
	Round    string            `json:"round,omitempty"`
	Group    int               `json:"group,omitempty"`
	// Message, when set, is sent as is (a private reply, rendered for
	// the request); it is dropped once the entry is done.
	Message *Message `json:"message,omitempty"`
	// Edit is the message an [OutboxEdit] entry changes.
	Edit MessageRef `json:"edit,omitzero"`

	Created   time.Time `json:"created"`
	NotBefore time.Time `json:"not_before"`
	Attempts  int       `json:"attempts,omitempty"`
	LastError string    `json:"last_error,omitempty"`
	// FailingSince is when the first of the failures still being retried
	// happened; GiveUpAfter counts from it.
	FailingSince time.Time `json:"failing_since,omitzero"`

	// Set when done.
	Sent   time.Time  `json:"sent,omitzero"`
	Ref    MessageRef `json:"ref,omitzero"`
	Failed bool       `json:"failed,omitempty"`
}

// GiveUpAfter is how long an entry that keeps failing (the platform down,
// answering 5xx, a render error) is retried before it is given up: a day,
// so that a platform's outage of hours loses nothing.
const GiveUpAfter = 24 * time.Hour

// maxBackoff caps the delay between retries, so that a platform back after
// an outage gets its messages within minutes.
const maxBackoff = 10 * time.Minute

// backoff is the delay before retry number n (1, 2, ...): doubling from
// two seconds up to maxBackoff, each drawn from its upper half at random,
// so that entries that failed together do not come back together.
func backoff(n int) time.Duration {
	d := min(time.Second<<min(n, 20), maxBackoff)
	return d/2 + rand.N(d/2+1)
}

// outboxWake wakes the outbox workers when something is queued, and lets
// one sender at a time work on a platform's outbox.
type outboxWake struct {
	mu      sync.Mutex
	ch      map[string]chan struct{}
	senders map[string]*sync.Mutex
}

func (w *outboxWake) chanFor(platform string) chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ch == nil {
		w.ch = map[string]chan struct{}{}
	}
	c, ok := w.ch[platform]
	if !ok {
		c = make(chan struct{}, 1)
		w.ch[platform] = c
	}
	return c
}

// sender returns the lock that makes one caller at a time send a
// platform's outbox: RunOutbox and DeliverDue (the console's after each
// line, under serve both run) would otherwise both send an entry listed
// before either recorded it.
func (w *outboxWake) sender(platform string) *sync.Mutex {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.senders == nil {
		w.senders = map[string]*sync.Mutex{}
	}
	m, ok := w.senders[platform]
	if !ok {
		m = &sync.Mutex{}
		w.senders[platform] = m
	}
	return m
}

func (b *Bot) notifyOutbox() {
	for p := range b.messengers {
		select {
		case b.wake.chanFor(p) <- struct{}{}:
		default:
		}
	}
}

// RunOutbox sends a platform's queued messages under lim until ctx is
// done: what is due now, then again when the next entry falls due, a
// destination's wait is over, or something new is queued.
func (b *Bot) RunOutbox(ctx context.Context, platform string, lim Limit) {
	l := NewLimiter(lim)
	wake := b.wake.chanFor(platform)
	for {
		next, err := b.DeliverLimited(ctx, platform, l)
		if err != nil && ctx.Err() == nil {
			b.log.Error("outbox", "platform", platform, "err", err)
			next = b.now().Add(5 * time.Second)
		}
		wait := time.Minute
		if !next.IsZero() {
			wait = min(wait, max(next.Sub(b.now()), 10*time.Millisecond))
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-time.After(wait):
		}
	}
}

// DeliverDue sends every entry of the platform that is due now, without a
// rate limit (for the console and tests).
func (b *Bot) DeliverDue(ctx context.Context, platform string) error {
	_, err := b.DeliverLimited(ctx, platform, nil)
	return err
}

// DeliverLimited sends the platform's entries that are due now and that l
// lets through at the bot's clock, and returns when to look again (zero
// if nothing waits). It reads the due entries in due order ([OutboxTx.Due])
// a batch at a time, so a pass costs what it sends, not the queue. An
// entry whose destination must wait stays pending while other
// destinations go on; the platform's overall limit ends the pass, unless
// its wait is short (paceWithin) and is slept in the pass. A nil l limits
// nothing.
func (b *Bot) DeliverLimited(ctx context.Context, platform string, l *Limiter) (time.Time, error) {
	one := b.wake.sender(platform)
	one.Lock()
	defer one.Unlock()
	now := b.now()
	if w, ok := b.store.(Writable); ok && w.Writable() != nil {
		// A message sent now could not be recorded as sent, and would go
		// out again: wait for the store.
		return now.Add(time.Minute), nil
	}
	passStart := now
	var next time.Time
	// Once an entry to a destination waits, the later ones to it wait too,
	// so that a destination gets its messages in order.
	waiting := map[string]bool{}
	// seen keeps an entry retried at once (a zero retry_after) from being
	// read again in the same pass.
	seen := map[string]bool{}
	var pos DuePos
	for {
		var due []*OutboxEntry
		var rest time.Time
		err := b.store.View(ctx, func(tx Tx) error {
			due = due[:0]
			var err error
			rest, err = tx.Due(platform, passStart, pos, l.batch(), func(e *OutboxEntry) error {
				due = append(due, e)
				return nil
			})
			return err
		})
		if err != nil {
			return time.Time{}, fmt.Errorf("outbox: list %s: %w", platform, err)
		}
		if len(due) > 0 {
			last := due[len(due)-1]
			pos = DuePos{NotBefore: last.NotBefore, ID: last.ID}
		}
		for i := 0; i < len(due); i++ { // a split group adds its DMs to due
			e := due[i]
			if err := ctx.Err(); err != nil {
				return next, err
			}
			if seen[e.ID] {
				continue
			}
			seen[e.ID] = true
			if dms, split, err := b.splitGroup(ctx, e); err != nil {
				return next, err
			} else if split {
				due = append(due, dms...)
				continue
			}
			dest := destination(e)
			if waiting[dest] {
				continue
			}
			now := b.now()
			if at := l.held(e, now); !at.IsZero() {
				next = earliest(next, at)
				continue
			}
			wait, all := l.take(dest, now)
			if all && wait > 0 && wait <= paceWithin {
				// A fast platform's pace (Telegram: 33 ms): wait here rather
				// than end the pass for every message. A clock that did not
				// move (a test's) ends the pass as a long wait does.
				t := time.NewTimer(wait)
				select {
				case <-ctx.Done():
					t.Stop()
					return next, ctx.Err()
				case <-t.C:
				}
				now = b.now()
				if now.Sub(passStart) >= time.Second {
					// Read again, so that what was queued meanwhile (a
					// private reply) takes its turn.
					return earliest(next, now), nil
				}
				wait, all = l.take(dest, now)
			}
			if wait > 0 {
				next = earliest(next, now.Add(wait))
				if all {
					return next, nil
				}
				waiting[dest] = true
				continue
			}
			retryAt, err := b.deliver(ctx, e)
			if err != nil {
				return next, err
			}
			if !retryAt.IsZero() {
				next = earliest(next, retryAt)
			}
		}
		if rest.IsZero() || rest.After(passStart) {
			return earliest(next, rest), nil
		}
	}
}

// paceWithin is the longest overall wait DeliverLimited sleeps through
// within a pass instead of ending it.
const paceWithin = 250 * time.Millisecond

// splitGroup replaces a group entry with one DM entry per member when the
// platform's messenger cannot message groups. [Bot.audience] decides at
// enqueue time only when it knows the messenger: `rete round now` from the
// command line has none and queues a group, which the platform that sends
// it may not support. The DMs get the ids audience would have given them.
func (b *Bot) splitGroup(ctx context.Context, e *OutboxEntry) ([]*OutboxEntry, bool, error) {
	m, ok := b.messengers[e.Platform]
	if e.Kind != OutboxGroup || !ok || len(e.To) == 0 || canGroup(m, e.To[0].Space) {
		return nil, false, nil
	}
	base := strings.TrimSuffix(e.ID, "/group")
	var dms []*OutboxEntry
	err := b.store.Update(ctx, func(tx Tx) error {
		dms = dms[:0]
		for _, id := range e.To {
			dm := *e
			dm.ID, dm.Kind, dm.To = outboxID(base, id.String()), OutboxDM, []MemberID{id}
			dm.Attempts, dm.LastError = 0, ""
			added, err := tx.Enqueue(&dm)
			if err != nil {
				return err
			}
			if added {
				dms = append(dms, &dm)
			}
		}
		done := *e
		done.Sent, done.LastError = b.now(), "sent as direct messages: the platform has no group conversations"
		return finish(tx, &done)
	})
	if err != nil {
		return nil, false, fmt.Errorf("outbox: split %s: %w", e.ID, err)
	}
	return dms, true, nil
}

// earliest is the earlier of two times, a zero one meaning none.
func earliest(a, b time.Time) time.Time {
	if a.IsZero() || !b.IsZero() && b.Before(a) {
		return b
	}
	return a
}

// deliver sends one entry and records the outcome. It returns the time of
// the next try if the entry stays pending.
func (b *Bot) deliver(ctx context.Context, e *OutboxEntry) (time.Time, error) {
	m, ok := b.messengers[e.Platform]
	if !ok {
		return time.Time{}, nil // no adapter for it now: it waits
	}
	msg, skip, err := b.renderEntry(ctx, e)
	if _, ok := m.(Editor); e.Kind == OutboxEdit && !ok {
		skip = true // the platform cannot edit: the post keeps its first version
	}
	var ref MessageRef
	if err != nil {
		// Retried like a failed send, so one bad entry cannot hold up the
		// platform's queue.
		err = fmt.Errorf("render: %w", err)
	} else if !skip {
		ref, err = b.send(ctx, m, e, msg)
	}
	now := b.now()
	// The message may be out: record it even if ctx was canceled meanwhile,
	// or it would go out again on the next start.
	ctx = context.WithoutCancel(ctx)
	var retry *RetryError
	failingFor := time.Duration(0)
	if !e.FailingSince.IsZero() {
		failingFor = now.Sub(e.FailingSince)
	}
	b.observer.OnSend(e.Platform, sendResult(err, failingFor >= GiveUpAfter))
	switch {
	case err == nil:
		e.Sent, e.Ref = now, ref
		// again: an edit to send now, as the event changed while this
		// entry was out.
		var again bool
		err := b.store.Update(ctx, func(tx Tx) error {
			var err error
			if again, err = b.eventPostSent(tx, e, now); err != nil {
				return err
			}
			if !skip {
				if err := pickNoticeSent(tx, e); err != nil {
					return err
				}
			}
			if again && e.Kind == OutboxEdit {
				e.Sent, e.Attempts, e.LastError, e.FailingSince = time.Time{}, 0, "", time.Time{}
				return tx.PutPending(e)
			}
			return finish(tx, e)
		})
		if again {
			return now, err
		}
		return time.Time{}, err
	case errors.Is(err, ErrUnreachable):
		b.log.Info("outbox: member unreachable", "entry", e.ID, "err", err)
		e.Failed, e.LastError = true, err.Error()
		return time.Time{}, b.store.Update(ctx, func(tx Tx) error {
			if e.Kind == OutboxDM && e.Community != "" {
				if err := b.markUnreachable(tx, e.Community, e.To[0], now); err != nil {
					return err
				}
			}
			return finish(tx, e)
		})
	case errors.As(err, &retry):
		e.NotBefore, e.LastError = now.Add(retry.After), err.Error()
	default:
		e.Attempts++
		e.LastError = err.Error()
		if e.FailingSince.IsZero() {
			e.FailingSince = now
		}
		if now.Sub(e.FailingSince) >= GiveUpAfter {
			b.log.Error("outbox: giving up", "entry", e.ID, "attempts", e.Attempts, "failing_since", e.FailingSince, "err", err)
			e.Failed = true
			return time.Time{}, b.store.Update(ctx, func(tx Tx) error { return finish(tx, e) })
		}
		e.NotBefore = now.Add(backoff(e.Attempts))
		b.log.Warn("outbox: send failed, will retry", "entry", e.ID, "attempt", e.Attempts, "err", err)
	}
	return e.NotBefore, b.store.Update(ctx, func(tx Tx) error { return tx.PutPending(e) })
}

// sendResult classifies a send's error for [Observer.OnSend]; last is
// true when a temporary failure makes the entry give up.
func sendResult(err error, last bool) SendResult {
	var retry *RetryError
	switch {
	case err == nil:
		return SendOK
	case errors.Is(err, ErrUnreachable):
		return SendUnreachable
	case errors.As(err, &retry):
		return SendRateLimited
	case last:
		return SendGaveUp
	}
	return SendRetry
}

// finish takes a sent or abandoned entry out of the pending list. An
// entry is kept as done so that queueing its id again is a no-op, without
// its pre-rendered text (a private reply is nobody's business once out);
// an edit is removed instead, so that the next change queues a new one.
func finish(tx Tx, e *OutboxEntry) error {
	if e.Kind == OutboxEdit {
		return tx.RemoveEntry(e.Platform, e.ID)
	}
	e.Message = nil
	return tx.Complete(e)
}

// send hands one message to the adapter.
func (b *Bot) send(ctx context.Context, m Messenger, e *OutboxEntry, msg Message) (MessageRef, error) {
	msg = b.fitButtons(ctx, msg)
	switch e.Kind {
	case OutboxDM:
		return b.sendDM(ctx, e, msg)
	case OutboxGroup:
		if g, ok := m.(GroupMessenger); ok {
			return g.Group(ctx, e.To, msg)
		}
		return MessageRef{}, fmt.Errorf("outbox: %s cannot message groups", e.Platform)
	case OutboxPost:
		return m.Post(ctx, e.Space, e.Channel, msg)
	case OutboxEdit:
		return e.Edit, m.(Editor).Edit(ctx, e.Edit, msg)
	}
	return MessageRef{}, fmt.Errorf("outbox: entry %s: unknown kind %q", e.ID, e.Kind)
}

// markUnreachable leaves a member out of rounds until they interact again.
func (b *Bot) markUnreachable(tx Tx, community string, id MemberID, now time.Time) error {
	m, err := tx.Member(community, id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if m.Status != StatusActive {
		return nil // a paused member is out of rounds already, and keeps the pause
	}
	m.Status, m.PausedUntil, m.Updated = StatusUnreachable, time.Time{}, now
	return tx.PutMember(m)
}

// renderEntry builds the message of an entry in its reader's language;
// skip means it no longer needs sending (answered, member gone).
func (b *Bot) renderEntry(ctx context.Context, e *OutboxEntry) (msg Message, skip bool, err error) {
	if e.Message != nil {
		return *e.Message, false, nil
	}
	comm, err := b.CommunityByID(ctx, e.Community)
	if err != nil { // a space no community lists: its own community
		comm = b.community(e.Platform, "")
		comm.ID = e.Community
		if comm, err = b.withOverrides(ctx, comm); err != nil {
			return Message{}, false, err
		}
	}
	err = b.store.View(ctx, func(tx Tx) error {
		switch e.Template {
		case "intro":
			msg, skip, err = b.introMessage(tx, comm, e)
		case "followup":
			msg, skip, err = b.followupMessage(tx, comm, e)
		case "intro_request", "intro_accepted", "intro_unavailable":
			msg, skip, err = b.introEntryMessage(tx, comm, e)
		case tplMeetPicked, tplMeetEnded:
			msg, skip, err = b.meetEntryMessage(tx, comm, e)
		case tplWelcome, tplWelcomePost, tplWelcomeReminder:
			msg, skip, err = b.welcomeEntryMessage(tx, comm, e)
		case tplEventPost, tplEventEdit, tplEventNotify, tplEventReminder, tplEventCanceled, tplEventChanged, tplEventIntro:
			msg, skip, err = b.eventEntryMessage(tx, comm, e)
		case tplDigest:
			msg, skip, err = b.digestEntryMessage(tx, comm, e)
		default:
			lang := comm.Settings.Language
			if len(e.To) == 1 {
				if m, err := tx.Member(comm.ID, e.To[0]); err == nil && m.Profile.Lang != "" {
					lang = m.Profile.Lang
				}
			}
			args := Args{"prefix": b.prefixFor(e.Platform)}
			for k, v := range e.Args {
				args[k] = v
			}
			msg = Message{Blocks: []Block{{Kind: Para, Spans: b.cat.Spans(lang, e.Template, args)}}}
		}
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return Message{}, true, nil
	}
	return msg, skip, err
}

// readerLang is the language a message to these members is written in:
// a lone reader's own, the language every member shares, else the
// community's.
func readerLang(comm Community, readers []*Member) Lang {
	lang := Lang("")
	for _, m := range readers {
		l := m.Profile.Lang
		if l == "" {
			l = comm.Settings.Language
		}
		if lang != "" && l != lang {
			return comm.Settings.Language
		}
		lang = l
	}
	if lang == "" {
		return comm.Settings.Language
	}
	return lang
}

// joinNames lists mentions: "A", "A and B", "A, B and C".
func (b *Bot) joinNames(lang Lang, ms []*Member) []Span {
	names := make([]Span, len(ms))
	for i, m := range ms {
		names[i] = Span{Style: Mention, Text: m.Name, Member: m.ID}
	}
	out := b.joinList(lang, names)
	euphony(lang, out)
	return out
}

// joinList puts ", " between items and the language's "and" before the last.
func (b *Bot) joinList(lang Lang, items []Span) []Span {
	var out []Span
	for i, s := range items {
		if i > 0 {
			sep := ", "
			if i == len(items)-1 {
				sep = " " + strings.TrimSpace(b.cat.String(lang, "msg.and", nil)) + " "
			}
			out = append(out, Text(sep))
		}
		out = append(out, s)
	}
	return out
}

// prefixFor is how commands are typed on a platform, if its adapter says.
func (b *Bot) prefixFor(platform string) string {
	if p, ok := b.messengers[platform].(Prefixer); ok {
		return p.CommandPrefix()
	}
	return ""
}
