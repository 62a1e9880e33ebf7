package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// MemberID identifies a person on one platform: the platform name
// ("slack", "discord", "telegram", "console"), the space there (Slack team,
// Discord guild, Telegram chat) and the platform's user id. Its string form
// is "platform:space:user".
type MemberID struct {
	Platform string
	Space    string
	User     string
}

// String returns "platform:space:user".
func (id MemberID) String() string {
	return id.Platform + ":" + id.Space + ":" + id.User
}

// IsZero reports whether id is the zero MemberID.
func (id MemberID) IsZero() bool { return id == MemberID{} }

// ParseMemberID parses the form returned by [MemberID.String].
func ParseMemberID(s string) (MemberID, error) {
	p := strings.SplitN(s, ":", 3)
	if len(p) != 3 || p[0] == "" || p[1] == "" || p[2] == "" {
		return MemberID{}, fmt.Errorf("member id %q: want platform:space:user", s)
	}
	return MemberID{Platform: p[0], Space: p[1], User: p[2]}, nil
}

// MarshalText implements encoding.TextMarshaler. The zero id is "".
func (id MemberID) MarshalText() ([]byte, error) {
	if id.IsZero() {
		return []byte{}, nil
	}
	return []byte(id.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler; "" is the zero id.
func (id *MemberID) UnmarshalText(b []byte) error {
	if len(b) == 0 || string(b) == "::" {
		*id = MemberID{}
		return nil
	}
	v, err := ParseMemberID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// Status is where a member stands in the community.
type Status string

// Member statuses.
const (
	StatusActive      Status = "active"      // takes part in rounds
	StatusPaused      Status = "paused"      // until PausedUntil (zero: until resume)
	StatusLeft        Status = "left"        // left by themselves; may join again
	StatusRemoved     Status = "removed"     // removed by a moderator; may not rejoin
	StatusUnreachable Status = "unreachable" // the platform refuses DMs to them
	// StatusGuest is a record outside the pool: someone who set their
	// language or time zone without joining. A guest is in no round,
	// find, list or count, and `join` makes them a member.
	StatusGuest Status = "guest"
)

// Lang is a language the catalog speaks.
type Lang string

// Languages.
const (
	LangEN Lang = "en"
	LangIT Lang = "it"
)

// Langs lists every language the catalog must cover.
func Langs() []Lang { return []Lang{LangEN, LangIT} }

// ParseLang accepts "en" or "it" in any case.
func ParseLang(s string) (Lang, bool) {
	switch Lang(strings.ToLower(strings.TrimSpace(s))) {
	case LangEN:
		return LangEN, true
	case LangIT:
		return LangIT, true
	}
	return "", false
}

// Profile is what a member publishes about themselves.
type Profile struct {
	Bio     string   `json:"bio,omitempty"`
	Links   []string `json:"links,omitempty"`
	TZ      string   `json:"tz,omitempty"` // IANA zone; empty: the community's
	Lang    Lang     `json:"lang,omitempty"`
	Company string   `json:"company,omitempty"`
	// Hours is the working day in TZ, as `hours` reads it ("8-16");
	// empty: 09–18. Meeting slots are proposed inside it.
	Hours  string   `json:"hours,omitempty"`
	Offers []string `json:"offers,omitempty"` // normalised skills
	Seeks  []string `json:"seeks,omitempty"`  // normalised skills
}

// Member is one person in one community.
type Member struct {
	ID          MemberID  `json:"id"`
	Community   string    `json:"community"`
	Name        string    `json:"name"`             // display name
	Handle      string    `json:"handle,omitempty"` // platform username, lower case
	Status      Status    `json:"status"`
	PausedUntil time.Time `json:"paused_until,omitzero"`
	// SkipRound is the period whose round the member skips (skip-next):
	// kept as the period, not a date, so a round that runs late still
	// leaves them out.
	SkipRound time.Time  `json:"skip_round,omitzero"`
	Profile   Profile    `json:"profile"`
	Blocks    []MemberID `json:"blocks,omitempty"` // private: never shown to others
	// Contact is how the member likes to be reached (an email, a profile
	// URL): shown only to their pairs and accepted intros (see contact.go).
	Contact string `json:"contact,omitempty"`
	// Hidden keeps the member's name out of the weekly digest
	// (`visibility hidden`); they are still counted there.
	Hidden bool `json:"hidden,omitempty"`
	// Relays counts the member's relayed replies of one day (see relay.go).
	Relays relayCount `json:"relays,omitzero"`
	// NotifyEvents: event announcements also reach the member by DM.
	NotifyEvents bool      `json:"notify_events,omitempty"`
	Joined       time.Time `json:"joined,omitzero"` // zero for a guest
	Updated      time.Time `json:"updated"`
	// Seen is when the member last ran a command or pressed a button,
	// kept to the hour (one write an hour at most); zero for records
	// older than the field.
	Seen time.Time `json:"seen,omitzero"`
	// Welcomed is when rete welcomed the person on arriving in a space of
	// the community, Reminded when it reminded them, a week after join,
	// that their profile was empty: each happens once (see welcome.go).
	Welcomed time.Time `json:"welcomed,omitzero"`
	Reminded time.Time `json:"reminded,omitzero"`
	// Part counts the member's rounds and follow-up answers.
	Part Participation `json:"part,omitzero"`
	// Accounts are the person's other accounts, on other platforms, linked
	// with `link`: ID is the primary account, and every record (rounds,
	// intros, RSVPs, blocks) names it; the store resolves an account's id
	// to this record (see [AccountTx]).
	Accounts []Account `json:"accounts,omitempty"`
	// Deliver is the platform rete's private messages go to ("": the
	// primary account's).
	Deliver string `json:"deliver,omitempty"`
	// AdminOn lists the platforms where one of the member's accounts
	// administers a space of the community, as that platform last said in
	// a space (a private chat cannot say): it makes them a moderator on
	// their other platforms too.
	AdminOn []string `json:"admin_on,omitempty"`
}

// Account is one linked account of a member, other than its primary.
type Account struct {
	ID     MemberID `json:"id"`
	Handle string   `json:"handle,omitempty"` // platform username, lower case
}

// AllAccounts returns the member's accounts, the primary first.
func (m *Member) AllAccounts() []Account {
	return append([]Account{{ID: m.ID, Handle: m.Handle}}, m.Accounts...)
}

// AccountOn returns the member's account on a platform.
func (m *Member) AccountOn(platform string) (Account, bool) {
	for _, a := range m.AllAccounts() {
		if a.ID.Platform == platform {
			return a, true
		}
	}
	return Account{}, false
}

// Limits on what a profile may hold.
const (
	MaxBio        = 500
	MaxLinks      = 5
	MaxSkills     = 20
	MaxSkillLen   = 40
	MaxCompanyLen = 80
	MaxNameLen    = 80
)

// ActiveAt reports whether m takes part in community life at t: active, or
// paused with a pause that has ended.
func (m *Member) ActiveAt(t time.Time) bool {
	switch m.Status {
	case StatusActive:
		return true
	case StatusPaused:
		return !m.PausedUntil.IsZero() && !t.Before(m.PausedUntil)
	}
	return false
}

// EffectiveStatus is the status at t, with an ended pause reported as active.
func (m *Member) EffectiveStatus(t time.Time) Status {
	if m.Status == StatusPaused && m.ActiveAt(t) {
		return StatusActive
	}
	return m.Status
}

// Blocked reports whether m blocked other.
func (m *Member) Blocked(other MemberID) bool {
	for _, b := range m.Blocks {
		if b == other {
			return true
		}
	}
	return false
}

// Location returns the member's time zone, else fallback.
func (m *Member) Location(fallback *time.Location) *time.Location {
	if m.Profile.TZ != "" {
		if loc, err := time.LoadLocation(m.Profile.TZ); err == nil {
			return loc
		}
	}
	return fallback
}

// handleOf returns the handle of one of the member's accounts.
func (m *Member) handleOf(id MemberID) string {
	for _, a := range m.AllAccounts() {
		if a.ID == id {
			return a.Handle
		}
	}
	return ""
}

// setHandle sets the handle of one of the member's accounts.
func (m *Member) setHandle(id MemberID, h string) {
	if id == m.ID {
		m.Handle = h
		return
	}
	for i := range m.Accounts {
		if m.Accounts[i].ID == id {
			m.Accounts[i].Handle = h
		}
	}
}

// adminChange reports whether a request from a space of platform, whose
// sender does (admin) or does not administer it, changes m.AdminOn.
func (m *Member) adminChange(platform string, admin bool) bool {
	return slices.Contains(m.AdminOn, platform) != admin
}

// setAdmin records whether the member administers a space on platform.
func (m *Member) setAdmin(platform string, admin bool) {
	m.AdminOn = slices.DeleteFunc(m.AdminOn, func(p string) bool { return p == platform })
	if admin {
		m.AdminOn = append(m.AdminOn, platform)
	}
}

// moderates reports whether the member is a moderator of c through an
// account other than the one on platform: listed in the configuration,
// or administering a space on another platform.
func (m *Member) moderates(c *Community, platform string) bool {
	if m.Status == StatusRemoved {
		return false
	}
	return m.listedIn(c) || slices.ContainsFunc(m.AdminOn, func(p string) bool { return p != platform })
}

// listedIn reports whether the configuration lists one of the member's
// accounts as a moderator of c.
func (m *Member) listedIn(c *Community) bool {
	return slices.ContainsFunc(m.AllAccounts(), func(a Account) bool { return c.IsModerator(a.ID.Platform, a.ID.User) })
}
