package bot

import (
	"context"
	"errors"
	"strings"
	"time"
)

// The web dashboard is entered through a one-time link that `dashboard`
// sends a moderator privately. Its token is stored as a [LinkCode]: it
// names the moderator and the community and expires by itself. A token
// starts with a lower-case letter, and `link` upper-cases what it is
// given, so a dashboard token can never be redeemed as a `link` code.

const (
	dashTokenLen  = 16 // 36^16: about 82 bits
	dashTokenTTL  = 10 * time.Minute
	dashLetters   = "abcdefghijklmnopqrstuvwxyz"
	dashAlphabet  = dashLetters + "0123456789"
	dashboardPath = "/dash/signin?token="
)

// ErrDashboardLink is a sign-in token that names nobody: forged, used
// already, or expired.
var ErrDashboardLink = errors.New("bot: dashboard link expired or unknown")

// DashboardUser is the moderator a sign-in link was sent to.
type DashboardUser struct {
	Community string
	ID        MemberID
	Lang      Lang
	Via       DashboardVia // how they were recognised as a moderator
}

// newDashToken draws a sign-in token.
func newDashToken() string {
	b := make([]byte, dashTokenLen)
	b[0] = dashLetters[randIndex(len(dashLetters))]
	for i := 1; i < len(b); i++ {
		b[i] = dashAlphabet[randIndex(len(dashAlphabet))]
	}
	return string(b)
}

func runDashboard(ctx context.Context, c *call) (Message, error) {
	if c.b.dashURL == "" {
		return Message{}, Errorf(ECONFLICT, "err.dashboard_no_url", nil)
	}
	token := newDashToken()
	if c.req.Admin || c.me != nil && len(c.me.AdminOn) > 0 {
		c.b.adminWords.track(c.req.Member(), true)
	}
	if err := c.b.store.Update(ctx, func(tx Tx) error {
		return tx.PutLinkCode(token, &LinkCode{Community: c.comm.ID, ID: c.req.Member(), Expires: c.now().Add(dashTokenTTL)}, dashTokenTTL)
	}); err != nil {
		return Message{}, err
	}
	url := c.b.dashURL + dashboardPath + token
	return c.say("msg.dashboard_link", Args{"url": Span{Style: Link, Text: url, URL: url}, "minutes": int(dashTokenTTL.Minutes())}), nil
}

// DashboardLinkLang reports whether a sign-in token names someone now,
// and their language, without using it: the link's page asks before
// signing in, because a chat's link preview fetches the link before the
// moderator opens it.
func (b *Bot) DashboardLinkLang(ctx context.Context, token string) (lang Lang, valid bool, err error) {
	if len(token) != dashTokenLen || !strings.ContainsAny(token[:1], dashLetters) {
		return "", false, nil
	}
	err = b.store.View(ctx, func(tx Tx) error {
		l, err := tx.LinkCode(token)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if valid = b.now().Before(l.Expires); valid {
			lang = b.dashUser(tx, l).Lang
		}
		return nil
	})
	return lang, valid, err
}

// RedeemDashboardLink returns who a sign-in token was sent to and deletes
// it, so that it signs in once; [ErrDashboardLink] when it names nobody.
func (b *Bot) RedeemDashboardLink(ctx context.Context, token string) (DashboardUser, error) {
	if len(token) != dashTokenLen || !strings.ContainsAny(token[:1], dashLetters) {
		return DashboardUser{}, ErrDashboardLink
	}
	var u DashboardUser
	err := b.store.Update(ctx, func(tx Tx) error {
		l, err := tx.LinkCode(token)
		if errors.Is(err, ErrNotFound) {
			return ErrDashboardLink
		}
		if err != nil {
			return err
		}
		if err := tx.DeleteLinkCode(token); err != nil {
			return err
		}
		if !b.now().Before(l.Expires) {
			return nil
		}
		u = b.dashUser(tx, l)
		m, err := tx.Member(l.Community, l.ID)
		if errors.Is(err, ErrNotFound) {
			m, err = nil, nil
		}
		if err != nil {
			return err
		}
		if u.Via = b.dashVia(b.dashCommunity(l.Community), l.ID, m); u.Via == "" {
			u.Community = "" // demoted since the link was sent
		}
		return nil
	})
	if err != nil {
		return DashboardUser{}, err
	}
	if u.Community == "" {
		return DashboardUser{}, ErrDashboardLink
	}
	return u, nil
}

// dashUser is the moderator a sign-in link names, in their language.
func (b *Bot) dashUser(tx Tx, l *LinkCode) DashboardUser {
	u := DashboardUser{Community: l.Community, ID: l.ID, Lang: b.communityLang(l.Community)}
	if m, err := tx.Member(l.Community, l.ID); err == nil && m.Profile.Lang != "" {
		u.Lang = m.Profile.Lang
	}
	return u
}

// communityLang is the language a listed community speaks by default.
func (b *Bot) communityLang(id string) Lang {
	for _, c := range b.listed() {
		if c.ID == id && c.Settings.Language != "" {
			return c.Settings.Language
		}
	}
	return LangEN
}

// IntroCounts returns the introduction totals of a community, for the
// dashboard: from the store's counts, reading no intro.
func (b *Bot) IntroCounts(ctx context.Context, community string) (IntroCounts, error) {
	return b.introCounts(ctx, community)
}

// DashboardAction is what a moderator can do to a member from the
// dashboard.
type DashboardAction string

// Dashboard actions.
const (
	ActionPause    DashboardAction = "pause"
	ActionResume   DashboardAction = "resume"
	ActionRemove   DashboardAction = "remove"
	ActionUnremove DashboardAction = "unremove"
)

// ActOnMember does a moderator's dashboard action on exactly the member
// target names and returns the sentence that reports it; an error
// wrapping [ErrNotFound] when the community has no such member (forgotten
// meanwhile, or another community's), [ErrNotModerator] when u no longer
// moderates. Remove and unremove run the moderator's commands on that id
// (never looking a name or handle up), so they withdraw, notify and log
// as typed ones do; pause (until resumed) and resume change the member's
// status.
func (b *Bot) ActOnMember(ctx context.Context, u DashboardUser, target MemberID, a DashboardAction) (string, error) {
	if err := b.DashboardModerator(ctx, u); err != nil {
		return "", err
	}
	switch a {
	case ActionRemove, ActionUnremove:
		err := b.store.View(ctx, func(tx Tx) error {
			m, err := tx.Member(u.Community, target)
			if err == nil && m.Status == StatusGuest {
				err = ErrNotFound
			}
			return err
		})
		if err != nil {
			return "", err
		}
		msg := b.Handle(ctx, &Request{Platform: u.ID.Platform, Space: u.ID.Space, User: u.ID.User, Admin: true, Private: true,
			Text: string(a) + " @" + target.User, target: &target})
		var parts []string
		for _, bl := range msg.Blocks {
			parts = append(parts, SpansText(bl.Spans))
		}
		return strings.Join(parts, " "), nil
	case ActionPause, ActionResume:
	default:
		return "", Errorf(EINVALID, "err.dashboard_action", nil)
	}
	lang := u.Lang
	var key string
	var name string
	err := b.store.Update(ctx, func(tx Tx) error {
		m, err := tx.Member(u.Community, target)
		if err != nil {
			return err
		}
		name = m.Name
		st := m.EffectiveStatus(b.now())
		switch {
		case a == ActionPause && st == StatusActive:
			m.Status, m.PausedUntil, key = StatusPaused, time.Time{}, "msg.dashboard_paused"
		case a == ActionResume && (st == StatusPaused || st == StatusUnreachable):
			m.Status, m.PausedUntil, m.SkipRound, key = StatusActive, time.Time{}, time.Time{}, "msg.dashboard_resumed"
		default:
			key = "msg.dashboard_unchanged"
			return nil
		}
		m.Updated = b.now()
		return tx.PutMember(m)
	})
	if err != nil {
		return "", err
	}
	b.log.InfoContext(ctx, "member "+string(a)+"d from the dashboard", "community", u.Community, "member", target.String(), "by", u.ID.String(), "changed", key != "msg.dashboard_unchanged")
	return b.cat.String(lang, key, Args{"member": name}), nil
}
