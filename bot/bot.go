package bot

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Config is what [New] needs.
type Config struct {
	Store       Store
	Logger      *slog.Logger
	Now         func() time.Time // the clock; nil means time.Now
	Communities []Community      // from the config file
	Messengers  []Messenger      // one per enabled platform
	// PublicURL is the base URL the HTTP server is reached at
	// ("https://rete.example.org"), for links to event calendar files;
	// empty: messages carry no such links.
	PublicURL string
	// DashboardURL is the base URL the dashboard's sign-in links start
	// with; empty: PublicURL, and with neither `dashboard` says so.
	DashboardURL string
	// Observer is told about commands, sends and rounds, for metrics;
	// nil: nobody is.
	Observer Observer
	// CommandsPerMinute is how many commands one member may send a
	// minute (0: no limit); see commandLimiter.
	CommandsPerMinute int
}

// Bot is the core. It is safe for concurrent use.
type Bot struct {
	store Store
	log   *slog.Logger
	now   func() time.Time
	// communities are the configured ones; MoveSpace may replace the
	// slice (never change it in place), under listedMu.
	communities []Community
	listedMu    sync.RWMutex
	messengers  map[string]Messenger
	cat         *Catalog
	skills      *skillNormalizer
	commands    []*Command
	wake        outboxWake
	publicURL   string
	dashURL     string
	links       linkGuard // wrong `link` codes
	observer    Observer
	limiter     *commandLimiter
	// reminderScans is when each community was last read for welcome reminders.
	reminderScans scanTimes
	// figures are the communities' figures moderators' home pages show.
	figures figuresCache
	// adminWords follow the platform admins signed in to the dashboard.
	adminWords adminWords
}

var communityIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)

// New checks the configuration and returns a Bot.
func New(cfg Config) (*Bot, error) {
	if cfg.Store == nil {
		return nil, errors.New("bot: no store")
	}
	b := &Bot{
		store:      cfg.Store,
		log:        cfg.Logger,
		now:        cfg.Now,
		messengers: map[string]Messenger{},
		cat:        NewCatalog(),
		skills:     newSkillNormalizer(),
		publicURL:  strings.TrimRight(cfg.PublicURL, "/"),
		dashURL:    strings.TrimRight(cmp.Or(cfg.DashboardURL, cfg.PublicURL), "/"),
		observer:   cfg.Observer,
		limiter:    newCommandLimiter(cfg.CommandsPerMinute),
	}
	if b.observer == nil {
		b.observer = nopObserver{}
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.now == nil {
		b.now = time.Now
	}
	if err := CheckCommunities(cfg.Communities); err != nil {
		return nil, fmt.Errorf("bot: %w", err)
	}
	b.communities = cfg.Communities
	for _, m := range cfg.Messengers {
		b.messengers[m.Platform()] = m
	}
	b.commands = b.commandTable()
	return b, nil
}

// CheckCommunities checks community ids, settings, and that no space is
// in two communities.
func CheckCommunities(cs []Community) error {
	seen := map[string]bool{}
	spaces := map[Space]string{}
	for _, c := range cs {
		if !communityIDPattern.MatchString(c.ID) {
			return fmt.Errorf("community id %q: use lower-case letters, digits, - and _", c.ID)
		}
		if seen[c.ID] {
			return fmt.Errorf("community %q is listed twice", c.ID)
		}
		seen[c.ID] = true
		if err := c.Settings.Validate(); err != nil {
			return fmt.Errorf("community %q: %w", c.ID, err)
		}
		for _, s := range c.Spaces {
			k := Space{Platform: s.Platform, ID: s.ID}
			if o, ok := spaces[k]; ok {
				return fmt.Errorf("space %s %s is in communities %q and %q", s.Platform, s.ID, o, c.ID)
			}
			spaces[k] = c.ID
		}
	}
	return nil
}

// Catalog returns the message catalog.
func (b *Bot) Catalog() *Catalog { return b.cat }

// Platforms returns the platforms that have a messenger, sorted.
func (b *Bot) Platforms() []string {
	return slices.Sorted(maps.Keys(b.messengers))
}

// Communities returns the configured communities.
func (b *Bot) Communities() []Community { return b.listed() }

// community returns the community a platform space belongs to. A space that
// no community lists gets a community of its own with default settings.
func (b *Bot) community(platform, space string) Community {
	for _, c := range b.listed() {
		if c.HasSpace(platform, space) {
			return c
		}
	}
	id := strings.ToLower(platform + "-" + space)
	id = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, id)
	return Community{ID: id, Spaces: []Space{{Platform: platform, ID: space}}, Settings: DefaultSettings()}
}

// CommunityByID returns a community with its stored overrides: a
// configured one, or that of a space no community lists where a member
// joined.
func (b *Bot) CommunityByID(ctx context.Context, id string) (Community, error) {
	for _, c := range b.listed() {
		if c.ID == id {
			return b.withOverrides(ctx, c)
		}
	}
	un, err := b.unlisted(ctx)
	if err != nil {
		return Community{}, err
	}
	for _, c := range un {
		if c.ID == id {
			return b.withOverrides(ctx, c)
		}
	}
	return Community{}, fmt.Errorf("community %q: %w", id, errNoCommunity)
}

// withOverrides applies the settings a moderator changed with `config`.
func (b *Bot) withOverrides(ctx context.Context, c Community) (Community, error) {
	err := b.store.View(ctx, func(tx Tx) error { return b.applyOverrides(tx, &c) })
	return c, err
}

// applyOverrides applies the stored `config` settings to c.
func (b *Bot) applyOverrides(tx Tx, c *Community) error {
	ov, err := tx.Settings(c.ID)
	if err != nil {
		return fmt.Errorf("load settings of %s: %w", c.ID, err)
	}
	for k, v := range ov {
		if err := c.Settings.Set(k, v); err != nil {
			b.log.Warn("ignoring stored setting", "community", c.ID, "key", k, "err", err)
		}
	}
	return nil
}

// call is one command being run.
type call struct {
	b    *Bot
	req  *Request
	comm Community
	me   *Member // nil until the caller joins
	lang Lang
	mod  bool
	p    *parsed
}

// arg returns a parsed argument.
func (c *call) arg(name string) string { return c.p.args[name] }

// t renders a catalog entry in the caller's language.
func (c *call) t(key string, args Args) []Span { return c.b.cat.Spans(c.lang, key, args) }

// say is a one-paragraph message.
func (c *call) say(key string, args Args) Message {
	return Message{Blocks: []Block{{Kind: Para, Spans: c.t(key, args)}}}
}

// now is the current time.
func (c *call) now() time.Time { return c.b.now() }

// loc is the caller's time zone.
func (c *call) loc() *time.Location {
	if c.me != nil {
		return c.me.Location(c.comm.Settings.Location())
	}
	return c.comm.Settings.Location()
}

// Handle runs one request and returns the reply to show the requester.
// It never fails: errors become messages (an internal error shows a
// reference that the log carries too).
func (b *Bot) Handle(ctx context.Context, req *Request) Message {
	msg, _ := b.HandleResult(ctx, req)
	return msg
}

// HandleResult is [Bot.Handle] that also reports whether the request was
// refused (the reply is an error message), for adapters that show
// refusals differently (a form field's error on Slack).
//
// A request from a private chat that names no space (Request.Space == "")
// runs in the person's community: the only one they belong to, or the one
// they chose with the `community` buttons; with several and no choice,
// or none, the reply asks them to choose or to join from a group first.
func (b *Bot) HandleResult(ctx context.Context, req *Request) (reply Message, refused bool) {
	reply, refused = b.handleResult(ctx, req)
	return b.fitButtons(ctx, reply), refused
}

func (b *Bot) handleResult(ctx context.Context, req *Request) (reply Message, refused bool) {
	start := time.Now() // the wall clock: b.now may be a test's
	// Before anything reads or writes the store: a flood costs nothing.
	switch b.limiter.allow(req.Platform+"\x00"+req.User, b.now()) {
	case slowDown:
		b.log.Warn("member over the command rate limit", "platform", req.Platform)
		b.observer.OnCommand(req.Platform, "unknown", OutcomeRefused, time.Since(start))
		return b.sayIn(b.community(req.Platform, req.Space).Settings.Language, "err.slow_down", nil), true
	case quiet:
		return Message{}, true
	}
	req, ok := b.fromToken(ctx, req)
	if !ok {
		b.observer.OnCommand(req.Platform, "unknown", OutcomeRefused, time.Since(start))
		return b.sayIn(b.community(req.Platform, req.Space).Settings.Language, "msg.button_expired", Args{"prefix": req.Prefix}), true
	}
	if req.Space != "" && req.target == nil { // a private chat outside a space says nothing about admins; the dashboard's own requests neither
		b.adminWords.heard(req.Member(), req.Admin)
	}
	if req.Space == "" {
		r, msg := b.resolvePrivate(ctx, req)
		if r == nil {
			return msg, false
		}
		req = r
	}
	c := &call{b: b, req: req}
	c.comm = b.community(req.Platform, req.Space)
	c.lang = c.comm.Settings.Language
	msg, err := b.handle(ctx, c)
	b.observer.OnCommand(req.Platform, verbOf(c), outcomeOf(err), time.Since(start))
	if err != nil {
		return b.errorMessage(ctx, c, err), true
	}
	return msg, false
}

// loadCaller reads the community's settings and the caller's record (nil
// when they never joined), in one snapshot.
func (b *Bot) loadCaller(ctx context.Context, c *call) error {
	err := b.store.View(ctx, func(tx Tx) error {
		if err := b.applyOverrides(tx, &c.comm); err != nil {
			return err
		}
		m, err := tx.Member(c.comm.ID, c.req.Member())
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		c.me = m
		return err
	})
	if err != nil {
		return fmt.Errorf("load caller: %w", err)
	}
	c.lang = c.comm.Settings.Language
	return nil
}

// settle sets the caller's language and whether they moderate, from
// their record and the request.
func (c *call) settle() {
	if c.me != nil && c.me.Profile.Lang != "" {
		c.lang = c.me.Profile.Lang
	}
	// A moderator on one platform moderates the community from all of
	// them, through their linked accounts.
	c.mod = c.req.Admin || c.comm.IsModerator(c.req.Platform, c.req.User) || c.me != nil && c.me.moderates(&c.comm, c.req.Platform)
}

func (b *Bot) handle(ctx context.Context, c *call) (Message, error) {
	if err := b.loadCaller(ctx, c); err != nil {
		return Message{}, err
	}
	if c.me != nil && c.me.Status != StatusRemoved {
		// Reachability is the adapter's word (Request.CanDM), and the
		// platform's current handle replaces a stale one (a handle given
		// up must not keep pointing at them).
		can := c.req.CanDM
		if can == ReachNo && len(c.me.Accounts) > 0 {
			can = ReachUnknown // their other accounts may be reached: the outbox tells
		}
		handle := strings.ToLower(c.req.Handle)
		admin := !c.req.Private && c.me.adminChange(c.req.Platform, c.req.Admin)
		if reachChange(c.me.Status, can) != "" || handle != "" && handle != c.me.handleOf(c.req.Member()) || admin || c.now().Sub(c.me.Seen) >= seenEvery {
			me, err := c.updateMe(ctx, func(m *Member) error {
				if s := reachChange(m.Status, can); s != "" {
					m.Status = s
				}
				if handle != "" {
					m.setHandle(c.req.Member(), handle)
				}
				if admin {
					m.setAdmin(c.req.Platform, c.req.Admin)
				}
				m.Seen = c.now()
				return nil
			})
			switch {
			case err == nil:
				c.me = me
			case errors.Is(err, ErrCannotSave):
				// Bookkeeping that can wait: a read still gets its answer.
			default:
				return Message{}, err
			}
		}
	}
	c.settle()
	var err error
	if c.req.Typed != nil {
		c.p, err = b.parseTyped(c.req.Typed, c.lang)
	} else {
		c.p, err = b.parseLine(c.req.Text, c.lang)
	}
	if err != nil {
		return Message{}, err
	}
	cmd := c.p.leaf()
	if (cmd.Role == RoleModerator || c.p.cmd.Role == RoleModerator) && !c.mod {
		return Message{}, Errorf(EFORBIDDEN, "err.moderator_only", Args{"verb": c.p.cmd.Name})
	}
	// A requirement of the command or of its subcommand applies to both.
	joined, guest := cmd.Joined || c.p.cmd.Joined, cmd.Guest || c.p.cmd.Guest
	guestOK := guest || c.mod && (cmd.Moderators || c.p.cmd.Moderators)
	if joined && !guestOK && (c.me == nil || c.me.Status == StatusRemoved || c.me.Status == StatusGuest) {
		if c.me != nil && c.me.Status == StatusRemoved {
			return Message{}, Errorf(EFORBIDDEN, "err.removed", nil)
		}
		return Message{}, Errorf(ECONFLICT, "err.join_first", Args{"prefix": c.req.Prefix})
	}
	leftOK := guest || cmd.Left || c.p.cmd.Left
	if joined && !leftOK && c.me != nil && c.me.Status == StatusLeft {
		return Message{}, Errorf(ECONFLICT, "err.left_rejoin", Args{"prefix": c.req.Prefix})
	}
	if cmd.run == nil {
		return Message{}, fmt.Errorf("command %s has no handler", cmd.Name)
	}
	msg, err := cmd.run(ctx, c)
	if err != nil {
		return Message{}, err
	}
	if (cmd.Private || c.p.cmd.Private) && !c.req.Private {
		return b.sendPrivately(ctx, c, msg)
	}
	return msg, nil
}

// reachChange returns the status a member in status s takes when the
// adapter says whether DMs reach them, or "" for no change: a DM that
// reaches them makes an unreachable member active, one that cannot marks
// an active member unreachable (a paused member stays paused).
func reachChange(s Status, can Reach) Status {
	switch {
	case can == ReachYes && s == StatusUnreachable:
		return StatusActive
	case can == ReachNo && s == StatusActive:
		return StatusUnreachable
	}
	return ""
}

// seenEvery is how stale Member.Seen may get before a command refreshes it.
const seenEvery = time.Hour

// sendPrivately DMs a reply that must not be shown where others can see
// it, through the outbox like every message the core sends: the reply says
// so once the DM is queued durably, and the platform's sender is woken to
// send it at once (the console prints it after the reply).
func (b *Bot) sendPrivately(ctx context.Context, c *call, msg Message) (Message, error) {
	if _, ok := b.messengers[c.req.Platform]; !ok {
		return Message{}, Errorf(EFORBIDDEN, "err.private_only", nil)
	}
	now, to := c.now(), c.req.Member()
	e := &OutboxEntry{
		ID: outboxID("reply", to.String(), uniquePart(now)), Platform: to.Platform, Community: c.comm.ID,
		Kind: OutboxDM, To: []MemberID{to}, Template: "reply", Message: &msg, Created: now, NotBefore: now,
	}
	if err := b.store.Update(ctx, func(tx Tx) error { _, err := tx.Enqueue(e); return err }); err != nil {
		b.log.Info("private reply could not be queued", "member", to.String(), "err", err)
		return Message{}, Errorf(EFORBIDDEN, "err.private_only", nil)
	}
	b.notifyOutbox()
	return c.say("msg.sent_privately", nil), nil
}

// errorMessage turns an error into the member-facing reply.
func (b *Bot) errorMessage(ctx context.Context, c *call, err error) Message {
	var e *Error
	if !errors.As(err, &e) || e.Code == EINTERNAL {
		ref := newRef()
		b.log.ErrorContext(ctx, "command failed", "ref", ref, "text", c.req.Text, "member", c.req.Member().String(), "err", err)
		return c.say("err.internal", Args{"ref": ref})
	}
	args := maps.Clone(e.Args)
	if args == nil {
		args = Args{}
	}
	if _, ok := args["prefix"]; !ok {
		args["prefix"] = c.req.Prefix
	}
	msg := Message{Blocks: []Block{{Kind: Para, Spans: c.t(e.Key, args)}}}
	if e.Usage && c.p != nil {
		sub := c.p.sub
		if c.p.line {
			sub = nil // the line's grammar, as typed
		}
		usage := b.cat.Usage(c.lang, c.p.cmd, sub)
		msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t("msg.usage", Args{"usage": Span{Style: Code, Text: c.req.Prefix + usage}})})
	}
	return msg
}

// newRef returns a short reference such as "7F3A" for an internal error.
func newRef() string {
	var b [2]byte
	_, _ = rand.Read(b[:])
	return strings.ToUpper(hex.EncodeToString(b[:]))
}

// self is the caller's member id: the primary id of their record, which
// every stored record names, when the account that asks is a linked one.
func (c *call) self() MemberID {
	if c.me != nil {
		return c.me.ID
	}
	return c.req.Member()
}
