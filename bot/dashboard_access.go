package bot

import (
	"context"
	"errors"
	"sync"
)

// A dashboard session is checked on every request, because a moderator
// can be demoted while signed in. How the moderator was recognised when
// the link was redeemed decides what is checked again:
//
//   - DashListed: the community's moderator list names one of their
//     accounts; the current list must still name one.
//   - DashPlatform: the platform said they administer the space when they
//     asked for the link. The bot keeps, in memory, the latest word the
//     platform gave about that account in a request from a space (a
//     Telegram private chat or a Discord DM says nothing about it), so a
//     request that says "no longer admin" ends the session. An admin of
//     a space on another platform of theirs is judged by their record
//     (Member.AdminOn), as chat judges them.
//
// Either way a removed member is refused.

// DashboardVia is how a dashboard user was recognised as a moderator.
type DashboardVia string

// How a moderator was recognised.
const (
	DashListed   DashboardVia = "listed"
	DashPlatform DashboardVia = "platform"
)

// ErrNotModerator is a dashboard user who no longer moderates the
// community.
var ErrNotModerator = errors.New("bot: no longer a moderator")

// adminWords is the latest "is admin" word a platform gave about the
// accounts that asked for a dashboard link as platform admins: only those,
// so it stays as small as the number of such moderators.
type adminWords struct {
	mu  sync.Mutex
	say map[MemberID]bool
}

// track starts following id's admin word, which is admin now.
func (w *adminWords) track(id MemberID, admin bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.say == nil {
		w.say = map[MemberID]bool{}
	}
	w.say[id] = admin
}

// heard records the platform's word about id, if followed.
func (w *adminWords) heard(id MemberID, admin bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.say[id]; ok {
		w.say[id] = admin
	}
}

// admin reports the latest word about id; false when not followed.
func (w *adminWords) admin(id MemberID) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.say[id]
}

// dashVia is how u moderates the listed community comm now, "" when not.
// m is their record, nil when they have none (a moderator who never
// joined).
func (b *Bot) dashVia(comm *Community, id MemberID, m *Member) DashboardVia {
	if m != nil && m.Status == StatusRemoved {
		return ""
	}
	if comm.IsModerator(id.Platform, id.User) || m != nil && m.listedIn(comm) {
		return DashListed
	}
	// As chat judges them: admin of a space on another platform by
	// their record, on this one by the platform's latest word.
	if m != nil && m.moderates(comm, id.Platform) || b.adminWords.admin(id) {
		return DashPlatform
	}
	return ""
}

// dashCommunity returns the configured community id; one no
// configuration lists has no moderator list.
func (b *Bot) dashCommunity(id string) *Community {
	for _, c := range b.listed() {
		if c.ID == id {
			return &c
		}
	}
	return &Community{ID: id}
}

// DashboardModerator reports whether u still moderates their community
// as they did when they signed in ([ErrNotModerator] when not): one read
// of their record, for every dashboard request.
func (b *Bot) DashboardModerator(ctx context.Context, u DashboardUser) error {
	comm := b.dashCommunity(u.Community)
	var m *Member
	err := b.store.View(ctx, func(tx Tx) error {
		var err error
		m, err = tx.Member(u.Community, u.ID)
		if errors.Is(err, ErrNotFound) {
			m, err = nil, nil
		}
		return err
	})
	if err != nil {
		return err
	}
	if b.dashVia(comm, u.ID, m) == "" {
		return ErrNotModerator
	}
	return nil
}
