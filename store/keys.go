package store

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rete-bot/rete/bot"
)

// Key kinds: the first byte of every key, followed by '/'.
const (
	kindMember    = 'm'
	kindIndex     = 'x'
	kindHandle    = 'h'
	kindCommunity = 'c'
	kindRound     = 'r'
	kindOutbox    = 'o'
)

// Index sub-kinds.
const (
	idxOffers = 'o'
	idxSeeks  = 's'
)

// Handle index entry kinds; handles sort before user ids so that a name
// that is both someone's handle and someone else's user id finds the
// handle's owner.
const (
	handleByName = 'h'
	handleByUser = 'u'
)

// sep ends a variable-length component (a skill, a handle) that is
// followed by another one. Skills, handles and member ids never hold it.
const sep = 0x00

// checkCommunity reports whether c can be part of a key: community ids are
// [a-z0-9-_] in practice; the store only insists on what keeps its key
// layout unambiguous.
func checkCommunity(c string) error {
	switch {
	case c == "":
		return errors.New("empty community id")
	case strings.ContainsAny(c, "/\x00"):
		return fmt.Errorf("community id %q holds '/' or NUL", c)
	}
	return nil
}

// checkID reports whether id round-trips through its string form and can be
// part of a key.
func checkID(id bot.MemberID) error {
	switch {
	case id.Platform == "" || id.Space == "" || id.User == "":
		return fmt.Errorf("member id %q: want platform:space:user", id)
	case strings.ContainsRune(id.Platform, ':') || strings.ContainsRune(id.Space, ':'):
		return fmt.Errorf("member id %q: platform and space may not hold ':'", id)
	case strings.ContainsRune(id.String(), sep):
		return fmt.Errorf("member id %q holds NUL", id)
	}
	return nil
}

// checkName reports whether a skill or handle can be part of a key.
func checkName(what, s string) error {
	if strings.ContainsRune(s, sep) {
		return fmt.Errorf("%s %q holds NUL", what, s)
	}
	return nil
}

// communityPrefix is "{kind}/{community}/".
func communityPrefix(kind byte, community string) []byte {
	b := make([]byte, 0, 3+len(community)+48)
	b = append(b, kind, '/')
	b = append(b, community...)
	return append(b, '/')
}

// memberPrefix is "m/{community}/".
func memberPrefix(community string) []byte { return communityPrefix(kindMember, community) }

// memberKey is "m/{community}/{platform:space:user}".
func memberKey(community string, id bot.MemberID) []byte {
	return append(memberPrefix(community), id.String()...)
}

// skillPrefix is "x/{community}/{o|s}/{skill}\x00".
func skillPrefix(community string, kind byte, skill string) []byte {
	b := append(communityPrefix(kindIndex, community), kind, '/')
	b = append(b, skill...)
	return append(b, sep)
}

// skillKey is "x/{community}/{o|s}/{skill}\x00{platform:space:user}".
func skillKey(community string, kind byte, skill string, id bot.MemberID) []byte {
	return append(skillPrefix(community, kind, skill), id.String()...)
}

// handlePrefix is "h/{community}/{lower(name)}\x00".
func handlePrefix(community, name string) []byte {
	b := append(communityPrefix(kindHandle, community), strings.ToLower(name)...)
	return append(b, sep)
}

// handleKey is "h/{community}/{lower(name)}\x00{h|u}{platform:space:user}".
func handleKey(community, name string, kind byte, id bot.MemberID) []byte {
	b := append(handlePrefix(community, name), kind)
	return append(b, id.String()...)
}

// settingsKey is "c/{community}/settings".
func settingsKey(community string) []byte {
	return append(communityPrefix(kindCommunity, community), "settings"...)
}

// indexKeys returns every index key of m (skills, handle, user id,
// membership), as
// strings so that two versions of a member can be compared.
func indexKeys(m *bot.Member) map[string]struct{} {
	keys := make(map[string]struct{}, len(m.Profile.Offers)+len(m.Profile.Seeks)+3)
	for _, s := range m.Profile.Offers {
		keys[string(skillKey(m.Community, idxOffers, s, m.ID))] = struct{}{}
	}
	for _, s := range m.Profile.Seeks {
		keys[string(skillKey(m.Community, idxSeeks, s, m.ID))] = struct{}{}
	}
	if m.Handle != "" {
		keys[string(handleKey(m.Community, m.Handle, handleByName, m.ID))] = struct{}{}
	}
	keys[string(handleKey(m.Community, m.ID.User, handleByUser, m.ID))] = struct{}{}
	keys[string(membershipKey(m.Community, m.ID))] = struct{}{}
	for _, a := range m.Accounts {
		if a.Handle != "" {
			keys[string(handleKey(m.Community, a.Handle, handleByName, m.ID))] = struct{}{}
		}
		keys[string(handleKey(m.Community, a.ID.User, handleByUser, m.ID))] = struct{}{}
		keys[string(membershipKey(m.Community, a.ID))] = struct{}{}
		keys[string(accountKey(m.Community, a.ID, m.ID))] = struct{}{}
	}
	return keys
}

// checkMember reports whether m can be stored.
func checkMember(m *bot.Member) error {
	if m == nil {
		return errors.New("nil member")
	}
	if err := checkCommunity(m.Community); err != nil {
		return err
	}
	if err := checkID(m.ID); err != nil {
		return err
	}
	if err := checkName("handle", m.Handle); err != nil {
		return err
	}
	for _, a := range m.Accounts {
		if err := checkID(a.ID); err != nil {
			return fmt.Errorf("linked account: %w", err)
		}
		if err := checkName("handle", a.Handle); err != nil {
			return err
		}
	}
	for _, list := range [][]string{m.Profile.Offers, m.Profile.Seeks} {
		for _, s := range list {
			if s == "" {
				return errors.New("empty skill")
			}
			if err := checkName("skill", s); err != nil {
				return err
			}
		}
	}
	return nil
}
