package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Welcome: someone who arrives in a space rete serves gets one welcome
// per community, ever. The person's record remembers it ([Member.Welcomed]):
// someone rete never met gets a record outside the pool (StatusGuest, as
// for lang and tz), so leaving and coming back, a second channel of the
// same community, or a linked account on another platform, finds the
// mark. Members (any status but guest) get no welcome: they know rete.
//
// Where the platform lets a bot write first (Slack, Discord, the console)
// the welcome is a DM with a Join button. Where it does not (Telegram,
// a [SpaceGreeter]) it is a post in the space naming the newcomers, with
// the [JoinLinker] link: one post collects everyone who arrives within
// welcomeBatch of the first, so a group sees at most one a minute, and
// names at most welcomePostNames of them ("and N others").

// Arrival is someone who arrived in a space, as the adapter saw it.
type Arrival struct {
	Platform string
	Space    string
	User     string
	Name     string // display name, as the platform gives it
	Handle   string // platform username, if any
	// Channel is the channel they joined, "" when they joined the space
	// itself (a Slack team_join, a Telegram group, a Discord server). Only
	// the announce channel of the space counts as arriving.
	Channel string
	Bot     bool // a bot account: never welcomed
	// Admin: the platform says they administer the space (a Slack
	// workspace admin, a Telegram group admin), which makes them a
	// moderator, as [Request.Admin] does: never welcomed.
	Admin bool
	// Command: the sign is the person's own first command, which the
	// adapter hands to the core right after (Discord without the Server
	// Members intent). The welcome then waits welcomeAfterCommand, so it
	// follows the command's reply, and a join or forget-me in that
	// command drops it before it goes out.
	Command bool
}

// Outbox templates of the welcome.
const (
	tplWelcome         = "welcome"          // the DM to one newcomer
	tplWelcomePost     = "welcome_post"     // the post naming a batch of newcomers
	tplWelcomeReminder = "welcome_reminder" // the once-only nudge to fill an empty profile
)

// welcomeBatch is how long a welcome post waits for more newcomers, and
// so the least time between two welcome posts in one space.
const welcomeBatch = time.Minute

// welcomeBatchIDs is how many newcomers a welcome post keeps by id: enough
// to name welcomePostNames when some of them join before it goes out. The
// others are only counted (OutboxEntry.Args["more"]), so a raid of
// thousands keeps the entry small.
const welcomeBatchIDs = 3 * welcomePostNames

// welcomeAfterCommand is how long the welcome of someone who arrived by
// their own command waits: far longer than any command takes.
const welcomeAfterCommand = time.Minute

// batchMargin keeps a newcomer out of a batch due so soon that the sender
// may be sending it already: they go to the next one.
const batchMargin = 5 * time.Second

var _ Greeter = (*Bot)(nil)

// Arrived records that someone arrived in a space and queues their
// welcome, unless they had one in this community (in any of its spaces on
// that platform, or through a linked account), are a member or a
// moderator already, are a bot, or the moderators turned welcomes off. It
// is safe to call for every sign of arrival a platform gives, as often as
// it gives them.
func (b *Bot) Arrived(ctx context.Context, a Arrival) error {
	if a.Bot || a.Platform == "" || a.Space == "" || a.User == "" {
		return nil
	}
	comm, err := b.withOverrides(ctx, b.community(a.Platform, a.Space))
	if err != nil {
		return fmt.Errorf("welcome: %w", err)
	}
	if !comm.Settings.Welcome || a.Admin || comm.IsModerator(a.Platform, a.User) || a.Channel != "" && a.Channel != announceChannel(comm, a.Platform, a.Space) {
		return nil // moderators run the community: they are no newcomers
	}
	id := MemberID{Platform: a.Platform, Space: a.Space, User: a.User}
	// Most calls are about people rete knows (a platform repeating itself,
	// a member's interaction): a read settles them without a write.
	known := false
	if err := b.store.View(ctx, func(tx Tx) (err error) {
		known, err = knownInCommunity(tx, comm.ID, id)
		return err
	}); err != nil {
		return fmt.Errorf("welcome %s: %w", id, err)
	}
	if known {
		return nil
	}
	channel, post := "", false
	if g, ok := b.messengers[a.Platform].(SpaceGreeter); ok {
		channel, post = g.GreetChannel(a.Space)
	}
	queued := false
	err = b.store.Update(ctx, func(tx Tx) error {
		queued = false
		if known, err := knownInCommunity(tx, comm.ID, id); err != nil || known {
			return err
		}
		now := b.now()
		m, err := tx.Member(comm.ID, id)
		switch {
		case errors.Is(err, ErrNotFound):
			m = &Member{
				ID: id, Community: comm.ID, Status: StatusGuest, Updated: now,
				Name: cleanName(a.Name, a.User), Handle: strings.ToLower(cleanLine(a.Handle)),
			}
		case err != nil:
			return err
		}
		m.Welcomed = now
		if err := tx.PutMember(m); err != nil {
			return err
		}
		queued = true
		if post {
			return joinWelcomeBatch(tx, comm.ID, m.ID, channel, now)
		}
		due := now
		if a.Command {
			due = now.Add(welcomeAfterCommand)
		}
		_, err = tx.Enqueue(&OutboxEntry{
			ID: outboxID("welcome", comm.ID, m.ID.String()), Platform: m.ID.Platform, Community: comm.ID,
			Kind: OutboxDM, To: []MemberID{m.ID}, Template: tplWelcome, Created: now, NotBefore: due,
		})
		return err
	})
	if err != nil {
		return fmt.Errorf("welcome %s: %w", id, err)
	}
	if queued {
		b.notifyOutbox()
	}
	return nil
}

// knownInCommunity reports whether the person of id is a member of the
// community, or was welcomed there, under this id or a linked one, or in
// another of its spaces on the same platform: Telegram groups and Discord
// servers share user ids, and one welcome per community is the promise.
func knownInCommunity(tx Tx, community string, id MemberID) (bool, error) {
	known := func(m *Member) bool { return m.Status != StatusGuest || !m.Welcomed.IsZero() }
	m, err := tx.Member(community, id)
	if err == nil && known(m) {
		return true, nil
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return false, err
	}
	found := false
	err = tx.Memberships(id.Platform, id.User, func(c string, other MemberID) error {
		if c != community || other == id || found {
			return nil
		}
		m, err := tx.Member(c, other)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		found = err == nil && known(m)
		return err
	})
	return found, err
}

// joinWelcomeBatch adds a newcomer to the space's welcome post that is
// still gathering names, or opens one due welcomeBatch from now (and
// welcomeBatch after the last one still queued).
func joinWelcomeBatch(tx Tx, community string, id MemberID, channel string, now time.Time) error {
	var open, last *OutboxEntry
	// A post still open, or one that spaces the next, falls due within two
	// batches from now: read that stretch of the due order, not the queue.
	_, err := tx.Due(id.Platform, now.Add(2*welcomeBatch+batchMargin), DuePos{NotBefore: now}, 0, func(e *OutboxEntry) error {
		if e.Template != tplWelcomePost || e.Community != community || e.Space != id.Space {
			return nil
		}
		if last == nil || e.NotBefore.After(last.NotBefore) {
			last = e
		}
		if e.NotBefore.After(now.Add(batchMargin)) {
			open = e
		}
		return nil
	})
	if err != nil {
		return err
	}
	if open != nil {
		switch {
		case slices.Contains(open.To, id):
			return nil
		case len(open.To) < welcomeBatchIDs:
			open.To = append(open.To, id)
		default:
			n, _ := strconv.Atoi(open.Args["more"])
			if open.Args == nil {
				open.Args = map[string]string{}
			}
			open.Args["more"] = strconv.Itoa(n + 1)
		}
		return tx.PutPending(open)
	}
	at := now.Add(welcomeBatch)
	if last != nil && at.Before(last.NotBefore.Add(welcomeBatch)) {
		at = last.NotBefore.Add(welcomeBatch)
	}
	_, err = tx.Enqueue(&OutboxEntry{
		ID:       outboxID("welcome", community, "post", id.Platform, id.Space, at.UTC().Format("20060102T150405Z")),
		Platform: id.Platform, Community: community, Kind: OutboxPost, Space: id.Space, Channel: channel,
		To: []MemberID{id}, Template: tplWelcomePost, Created: now, NotBefore: at,
	})
	return err
}

// announceChannel is the announce channel of a community's space, "" when
// it has none.
func announceChannel(comm Community, platform, space string) string {
	for _, s := range comm.Spaces {
		if s.Platform == platform && s.ID == space {
			return s.AnnounceChannel
		}
	}
	return ""
}
