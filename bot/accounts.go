package bot

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"
)

// One person, several accounts: `link` on one platform shows a one-time
// code, `link CODE` on another joins the two accounts into one member.
// The member record keeps the id of the account that showed the code
// (the primary: rounds, intros, RSVPs and blocks name it) and lists the
// others in Member.Accounts; the store finds the record by any of them.
// The account that typed the code brings its profile: its single fields
// win, skills, links and blocks are united, its status is kept unless it
// was only a guest, and the records that named it are re-pointed at the
// primary ([AccountTx.RenameMember]). `unlink PLATFORM` gives the account
// a record of its own again, with a copy of the profile (and of the
// blocks, which protect the person whichever account they use); the pair
// history stays with the accounts still linked.

const (
	// linkCodeLen and linkAlphabet make a code of about 39 bits, from
	// letters and digits that cannot be mistaken for one another (no
	// 0/O, 1/I/L).
	linkCodeLen  = 8
	linkAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
	linkCodeTTL  = 10 * time.Minute
	// Wrong codes allowed per account, and in all, per linkGuessWindow:
	// guessing one live code among 31^8 then takes centuries.
	linkGuessesPerAccount = 5
	linkGuessesInAll      = 50
	linkGuessWindow       = time.Hour
)

// linkGuard counts wrong codes in memory: a restart forgets them, which
// gives a guesser a few more tries per restart, still nowhere near a code.
type linkGuard struct {
	mu    sync.Mutex
	fails map[string][]time.Time // by "platform:user"
	all   []time.Time
}

// recent is ts without the times before since.
func recent(ts []time.Time, since time.Time) []time.Time {
	return slices.DeleteFunc(ts, func(t time.Time) bool { return t.Before(since) })
}

// allowed reports whether who may try a code at now.
func (g *linkGuard) allowed(who string, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	since := now.Add(-linkGuessWindow)
	g.all = recent(g.all, since)
	if g.fails == nil {
		g.fails = map[string][]time.Time{}
	}
	g.fails[who] = recent(g.fails[who], since)
	if len(g.fails[who]) == 0 {
		delete(g.fails, who)
	}
	return len(g.fails[who]) < linkGuessesPerAccount && len(g.all) < linkGuessesInAll
}

// failed counts a wrong code of who.
func (g *linkGuard) failed(who string, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.fails == nil {
		g.fails = map[string][]time.Time{}
	}
	g.fails[who] = append(g.fails[who], now)
	g.all = append(g.all, now)
}

// newLinkCode draws a code.
func newLinkCode() string {
	b := make([]byte, linkCodeLen)
	for i := range b {
		b[i] = linkAlphabet[randIndex(len(linkAlphabet))]
	}
	return string(b)
}

// randIndex is a uniform random number in [0, n), n < 256.
func randIndex(n int) int {
	limit := 256 - 256%n
	var b [1]byte
	for {
		_, _ = rand.Read(b[:])
		if int(b[0]) < limit {
			return int(b[0]) % n
		}
	}
}

// normalizeCode makes a typed code comparable: upper case, without the
// spaces or dashes a reader may add.
func normalizeCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(s)))
}

// errWrongCode is a code that names nobody, expired or was used.
var errWrongCode = Errorf(EINVALID, "err.link_wrong", nil)

func runLink(ctx context.Context, c *call) (Message, error) {
	if code := c.arg("code"); code != "" {
		return runLinkCode(ctx, c, code)
	}
	if c.me == nil || c.me.Status == StatusGuest {
		return Message{}, Errorf(ECONFLICT, "err.join_first", nil)
	}
	if c.me.Status == StatusRemoved {
		return Message{}, Errorf(EFORBIDDEN, "err.removed", nil)
	}
	code := newLinkCode()
	if err := c.b.store.Update(ctx, func(tx Tx) error {
		return tx.PutLinkCode(code, &LinkCode{Community: c.comm.ID, ID: c.me.ID, Expires: c.now().Add(linkCodeTTL)}, linkCodeTTL)
	}); err != nil {
		return Message{}, err
	}
	msg := c.say("msg.link_code", Args{"code": Span{Style: Code, Text: c.req.Prefix + "link " + code}, "minutes": int(linkCodeTTL.Minutes())})
	return msg, nil
}

// runLinkCode joins the caller's account to the member whose code it is.
func runLinkCode(ctx context.Context, c *call, typed string) (Message, error) {
	who := c.req.Platform + ":" + c.req.User
	if !c.b.links.allowed(who, c.now()) {
		return Message{}, Errorf(EFORBIDDEN, "err.link_too_many", nil)
	}
	code := normalizeCode(typed)
	me := c.req.Member()
	var merged []string
	var other string
	var pair [2]MemberID // the account and the member it joins, when both have records
	// The rounds that name the account are renamed first, in transactions
	// of their own (see [Bot.renameInRounds]), after the same checks as
	// the link's: a long history is more than one transaction takes.
	err := c.b.store.View(ctx, func(tx Tx) error {
		a, b, err := linkPair(tx, c, code, me)
		if err == nil && b != nil {
			pair = [2]MemberID{b.ID, a.ID}
		}
		return err
	})
	if err == nil && pair[0] != (MemberID{}) {
		err = c.b.renameInRounds(ctx, c.comm.ID, pair[0], pair[1])
	}
	if err == nil {
		err = c.b.store.Update(ctx, func(tx Tx) error {
			merged, other = nil, ""
			a, b, err := linkPair(tx, c, code, me)
			if err != nil {
				return err
			}
			other = a.ID.Platform
			if err := tx.DeleteLinkCode(code); err != nil {
				return err
			}
			if b == nil {
				b = &Member{ID: me, Status: StatusGuest, Handle: strings.ToLower(c.req.Handle)}
			} else {
				if err := tx.DeleteMember(c.comm.ID, me); err != nil {
					return err
				}
				if err := tx.RenameMember(c.comm.ID, me, a.ID); err != nil {
					return err
				}
				if err := dedupeGroups(tx, c.comm.ID, a.ID); err != nil {
					return err
				}
				if a, err = tx.Member(c.comm.ID, a.ID); err != nil { // its blocks may have changed
					return err
				}
			}
			merged = mergeMember(a, b, c.now())
			return tx.PutMember(a)
		})
	}
	if errors.Is(err, errWrongCode) {
		c.b.links.failed(who, c.now())
	}
	if err != nil {
		return Message{}, err
	}
	c.b.log.InfoContext(ctx, "accounts linked", "community", c.comm.ID, "account", me.String())
	msg := c.say("msg.linked", Args{"platform": platformName(me.Platform), "other": platformName(other)})
	if len(merged) > 0 {
		var names []Span
		for _, f := range merged {
			names = append(names, Span{Text: c.b.cat.String(c.lang, "field."+f, nil)})
		}
		msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: c.t("msg.linked_fields", Args{"fields": c.b.joinList(c.lang, names)})})
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: c.t("msg.linked_united", nil)})
	return msg, nil
}

// linkPair checks that the account me may be linked with code to the
// member whose code it is, and returns that member and the account's
// own record, nil when it has none.
func linkPair(tx Tx, c *call, code string, me MemberID) (a, b *Member, err error) {
	l, err := tx.LinkCode(code)
	if errors.Is(err, ErrNotFound) || err == nil && (l.Community != c.comm.ID || !c.now().Before(l.Expires)) {
		return nil, nil, errWrongCode
	}
	if err != nil {
		return nil, nil, err
	}
	a, err = tx.Member(c.comm.ID, l.ID)
	if errors.Is(err, ErrNotFound) {
		return nil, nil, errWrongCode
	}
	if err != nil {
		return nil, nil, err
	}
	switch b, err = tx.Member(c.comm.ID, me); {
	case errors.Is(err, ErrNotFound):
		b = nil
	case err != nil:
		return nil, nil, err
	case b.ID == a.ID:
		return nil, nil, Errorf(ECONFLICT, "err.link_already", nil)
	case b.ID != me || len(b.Accounts) > 0:
		return nil, nil, Errorf(ECONFLICT, "err.link_unlink_first", Args{"prefix": c.req.Prefix})
	}
	if _, ok := a.AccountOn(me.Platform); ok {
		return nil, nil, Errorf(ECONFLICT, "err.link_same_platform", Args{"platform": platformName(me.Platform)})
	}
	if a.Status == StatusRemoved || b != nil && b.Status == StatusRemoved {
		return nil, nil, Errorf(EFORBIDDEN, "err.removed", nil)
	}
	return a, b, nil
}

// mergeMember joins b, the account that typed the code, into a: b's
// single fields win, lists are united (within their limits), b's status
// wins unless b was only a guest. It returns the fields a took from b.
func mergeMember(a, b *Member, now time.Time) []string {
	var took []string
	single := func(name string, dst *string, src string) {
		if src != "" && src != *dst {
			*dst = src
			took = append(took, name)
		}
	}
	if b.Status != StatusGuest {
		single("name", &a.Name, b.Name)
		single("bio", &a.Profile.Bio, b.Profile.Bio)
		single("company", &a.Profile.Company, b.Profile.Company)
		single("contact", &a.Contact, b.Contact)
	}
	single("tz", &a.Profile.TZ, b.Profile.TZ)
	lang := string(a.Profile.Lang)
	single("lang", &lang, string(b.Profile.Lang))
	a.Profile.Lang = Lang(lang)
	unite := func(dst, src []string, max int) []string {
		for _, s := range src {
			if len(dst) < max && !slices.Contains(dst, s) {
				dst = append(dst, s)
			}
		}
		return dst
	}
	a.Profile.Links = unite(a.Profile.Links, b.Profile.Links, MaxLinks)
	a.Profile.Offers = unite(a.Profile.Offers, b.Profile.Offers, MaxSkills)
	a.Profile.Seeks = unite(a.Profile.Seeks, b.Profile.Seeks, MaxSkills)
	for _, x := range b.Blocks {
		if !slices.Contains(a.Blocks, x) {
			a.Blocks = append(a.Blocks, x)
		}
	}
	a.Blocks = slices.DeleteFunc(a.Blocks, func(x MemberID) bool { return x == a.ID || x == b.ID })
	if b.Status != StatusGuest {
		a.Status, a.PausedUntil, a.SkipRound = b.Status, b.PausedUntil, b.SkipRound
		if !b.Joined.IsZero() && (a.Joined.IsZero() || b.Joined.Before(a.Joined)) {
			a.Joined = b.Joined
		}
	}
	a.NotifyEvents = a.NotifyEvents || b.NotifyEvents
	a.Hidden = a.Hidden || b.Hidden // hidden on one account: hidden as one person
	a.Part = a.Part.plus(b.Part)
	a.Accounts = append(a.Accounts, Account{ID: b.ID, Handle: b.Handle})
	a.Updated = now
	return took
}

func runUnlink(ctx context.Context, c *call) (Message, error) {
	platform := strings.ToLower(c.arg("platform"))
	if _, ok := c.me.AccountOn(platform); !ok || len(c.me.Accounts) == 0 {
		return Message{}, Errorf(ECONFLICT, "err.unlink_none", Args{"platform": platformName(platform)})
	}
	if c.me.ID.Platform == platform {
		// The history moves to the next primary: the rounds first, as
		// link does.
		if err := c.b.renameInRounds(ctx, c.comm.ID, c.me.ID, c.me.Accounts[0].ID); err != nil {
			return Message{}, err
		}
	}
	err := c.b.store.Update(ctx, func(tx Tx) error {
		m, err := tx.Member(c.comm.ID, c.me.ID)
		if err != nil {
			return err
		}
		gone, ok := m.AccountOn(platform)
		if !ok || len(m.Accounts) == 0 {
			return Errorf(ECONFLICT, "err.unlink_none", Args{"platform": platformName(platform)})
		}
		keep := *m
		keep.Accounts = slices.DeleteFunc(slices.Clone(m.Accounts), func(a Account) bool { return a.ID == gone.ID })
		if gone.ID == m.ID {
			// The primary goes: the first other account becomes the
			// primary, and the history moves to it.
			next := m.Accounts[0]
			keep.ID, keep.Handle, keep.Accounts = next.ID, next.Handle, slices.Clone(m.Accounts[1:])
			if err := tx.DeleteMember(c.comm.ID, m.ID); err != nil {
				return err
			}
			if err := tx.RenameMember(c.comm.ID, m.ID, next.ID); err != nil {
				return err
			}
		}
		if keep.Deliver == platform {
			keep.Deliver = ""
		}
		keep.Updated = c.now()
		if err := tx.PutMember(&keep); err != nil {
			return err
		}
		own := *m
		own.ID, own.Handle, own.Accounts, own.Deliver, own.Updated = gone.ID, gone.Handle, nil, "", c.now()
		own.Blocks = slices.Clone(keep.Blocks)
		return tx.PutMember(&own)
	})
	if err != nil {
		return Message{}, err
	}
	c.b.log.InfoContext(ctx, "account unlinked", "community", c.comm.ID, "platform", platform)
	return c.say("msg.unlinked", Args{"platform": platformName(platform)}), nil
}

func runDeliver(ctx context.Context, c *call) (Message, error) {
	platform := strings.ToLower(c.arg("platform"))
	if _, ok := c.me.AccountOn(platform); !ok {
		return Message{}, Errorf(ECONFLICT, "err.deliver_no_account", Args{"platform": platformName(platform), "prefix": c.req.Prefix})
	}
	if _, err := c.updateMe(ctx, func(m *Member) error {
		m.Deliver = platform
		return nil
	}); err != nil {
		return Message{}, err
	}
	return c.say("msg.deliver_set", Args{"platform": platformName(platform)}), nil
}

// dmTargets are the accounts a DM to id tries, in order: the account it
// names, or, for a member's primary id, the platform they chose with
// `deliver`; then their other linked accounts, for when one cannot be
// reached.
func (b *Bot) dmTargets(ctx context.Context, community string, id MemberID) []MemberID {
	var m *Member
	if community != "" {
		_ = b.store.View(ctx, func(tx Tx) error {
			var err error
			m, err = tx.Member(community, id)
			return err
		})
	}
	if m == nil || len(m.Accounts) == 0 {
		return []MemberID{id}
	}
	first := id
	if a, ok := m.AccountOn(m.Deliver); ok && id == m.ID {
		first = a.ID
	}
	out := []MemberID{first}
	for _, a := range m.AllAccounts() {
		if a.ID != first {
			out = append(out, a.ID)
		}
	}
	return out
}

// sendDM sends a DM to the first of the recipient's accounts that can be
// reached; only when none can does it return [ErrUnreachable]. A DM that
// goes to another platform's account is sent by that platform's
// messenger, outside the queue's rate limit.
func (b *Bot) sendDM(ctx context.Context, e *OutboxEntry, msg Message) (MessageRef, error) {
	err := error(ErrUnreachable)
	for _, to := range b.dmTargets(ctx, e.Community, e.To[0]) {
		m, ok := b.messengers[to.Platform]
		if !ok {
			continue
		}
		var ref MessageRef
		if ref, err = m.DM(ctx, to, msg); !errors.Is(err, ErrUnreachable) {
			return ref, err
		}
	}
	return MessageRef{}, err
}

// accountLabel names a linked account for moderators: "telegram @ada",
// or the platform's user id where there is no handle.
func accountLabel(a Account) string {
	if a.Handle != "" {
		return a.ID.Platform + " @" + a.Handle
	}
	return a.ID.Platform + " " + a.ID.User
}

// dedupeGroups leaves id once in each round group: two accounts that were
// paired together before they were linked are one person now.
func dedupeGroups(tx Tx, community string, id MemberID) error {
	return editRounds(tx, community, func(r *Round) bool {
		dup := false
		for i, g := range r.Groups {
			if n := slices.Index(g.Members, id); n >= 0 && slices.Contains(g.Members[n+1:], id) {
				rest := slices.DeleteFunc(slices.Clone(g.Members[n+1:]), func(x MemberID) bool { return x == id })
				r.Groups[i].Members = append(slices.Clone(g.Members[:n+1]), rest...)
				dup = true
			}
		}
		return dup
	})
}
