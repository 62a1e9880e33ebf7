// Package discord is rete's Discord adapter: rete in Discord servers, with
// application (slash) commands, autocomplete, buttons, a modal and private
// threads, heard over the gateway or over signed HTTP interactions.
//
// An [Adapter] is a [bot.Messenger], a [bot.GroupMessenger] and a
// [bot.Editor] over Discord's REST API (bwmarrin/discordgo). Inbound,
// [Adapter.Run] reads interactions from the gateway and [Adapter.Routes]
// serves them at POST /discord/interactions when a public key is
// configured; both go through one handler ([Adapter.interact]).
//
// Every message is sent with allowed_mentions listing only the users the
// core mentions on purpose, and member text is escaped for Discord's
// markdown, so nothing a member writes can ping or become markup.
package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// Platform is the Discord platform name in requests, member ids and refs.
const Platform = "discord"

// Defaults and Discord's figures.
const (
	defaultAckAfter = 2 * time.Second // Discord waits 3 s for an answer
	lateReplyWithin = 5 * time.Minute
	maxBody         = 64 << 10
	maxSkew         = 5 * time.Minute
	maxSeen         = 10000
	maxCached       = 5000
	// GlobalRate is Discord's global limit of REST requests per second
	// per bot; the adapter keeps to DefaultRate, nine tenths of it, so
	// that network jitter bunching requests never crosses the limit.
	GlobalRate  = 50
	DefaultRate = GlobalRate * 9 / 10
	// OutboxRate is the outbox's default pace, messages per second: a
	// round's first DM to a member costs two requests (the DM channel and
	// the message), so about half of DefaultRate keeps the outbox at the
	// adapter's pace without 429s.
	OutboxRate = 22
	// appBrokenWait is how long the outbox waits after Discord refuses
	// the bot token: retrying sooner only adds to the invalid requests
	// that bring a ban.
	appBrokenWait = 10 * time.Minute
)

// Config configures an Adapter. BotToken is required, ApplicationID to
// register commands and answer interactions late, PublicKey to serve HTTP
// interactions.
type Config struct {
	BotToken      string
	ApplicationID string
	// PublicKey (hex) verifies HTTP interactions; when set, Discord sends
	// interactions to POST /discord/interactions and no gateway is opened.
	PublicKey string
	// APIURL is the base URL requests to discord.com go to instead
	// ("https://discord.com" when empty); tests and gateways point it
	// elsewhere.
	APIURL string
	// Guilds are the servers of the configured spaces: commands are
	// registered in each (instant updates) rather than globally (which
	// takes up to an hour) when there are some.
	Guilds []string
	// GroupChannels maps a guild to its "where groups meet" channel, in
	// which private threads for pairs, trios and intros open. A guild
	// without one gets a DM per member.
	GroupChannels map[string]string
	// Rate is REST requests per second across routes; DefaultRate if zero.
	Rate float64
	// MaxInvalid is how many refused requests (401, 403, 429) the adapter
	// sends in 10 minutes before it waits; DefaultMaxInvalid if zero.
	MaxInvalid int
	Logger     *slog.Logger
	HTTPClient *http.Client // a client with a 30 s timeout if nil
	Now        func() time.Time
	// AckAfter is how long an interaction may take before the adapter
	// defers it (type 5 or 6) and finishes it by editing the response; 2 s
	// if zero.
	AckAfter time.Duration
	// Seen remembers handled interactions, so that one delivered twice
	// (a gateway resume) is handled once; in memory (enough: Discord
	// does not retry interactions) if nil.
	Seen kit.Seen
	// MembersIntent asks the gateway for the privileged Server Members
	// intent, so that rete hears who joins a server and welcomes them
	// then rather than on their first command (see arrive.go). Set it
	// only once the Developer Portal grants it: Discord closes a gateway
	// that asks for an intent it was not given.
	MembersIntent bool
}

// Adapter is the Discord adapter. It is safe for concurrent use.
type Adapter struct {
	s         *discordgo.Session
	appID     string
	publicKey string
	guilds    []string
	groupCh   map[string]string
	log       *slog.Logger
	now       func() time.Time
	ackAfter  time.Duration
	dedupe    *kit.Deduper

	mu      sync.Mutex
	dms     map[string]string // user id → DM channel id
	threads map[string]string // guild/sorted user ids → private thread id
	// hearsJoins: the gateway reports who joins a server (the members
	// intent, and no HTTP interactions, which open no gateway). Without
	// it, arrived are the people already reported to the core's welcome
	// on their first command (guild/user).
	hearsJoins bool
	arrived    map[string]bool

	pending sync.WaitGroup // late answers still to deliver
}

// New returns an adapter for the bot cfg.BotToken belongs to. It makes no
// network call.
func New(cfg Config) (*Adapter, error) {
	if cfg.BotToken == "" {
		return nil, errors.New("discord: bot token is required")
	}
	if k, err := hex.DecodeString(cfg.PublicKey); cfg.PublicKey != "" && (err != nil || len(k) != ed25519.PublicKeySize) {
		return nil, errors.New("discord: public_key: want the application's public key, 64 hex characters")
	}
	a := &Adapter{
		appID: cfg.ApplicationID, publicKey: cfg.PublicKey, guilds: cfg.Guilds, groupCh: cfg.GroupChannels,
		log: cfg.Logger, now: cfg.Now, ackAfter: cfg.AckAfter, dms: map[string]string{}, threads: map[string]string{},
		hearsJoins: cfg.MembersIntent && cfg.PublicKey == "", arrived: map[string]bool{},
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.ackAfter <= 0 {
		a.ackAfter = defaultAckAfter
	}
	seen := cfg.Seen
	if seen == nil {
		seen = kit.NewMemorySeen(a.now, maxSeen)
	}
	a.dedupe = &kit.Deduper{Seen: seen, Log: a.log.With("platform", Platform), ClaimTTL: time.Minute, KeepTTL: 15 * time.Minute}
	s, err := discordgo.New("Bot " + cfg.BotToken)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	rate := cfg.Rate
	if rate <= 0 {
		rate = DefaultRate
	}
	client := *hc
	maxInvalid := cfg.MaxInvalid
	if maxInvalid <= 0 {
		maxInvalid = DefaultMaxInvalid
	}
	client.Transport, err = newTransport(hc.Transport, cfg.APIURL, rate, maxInvalid, a.now)
	if err != nil {
		return nil, err
	}
	s.Client = &client
	// A 429 goes back to the outbox with its retry time instead of
	// blocking the sender; discordgo's per-route buckets still wait for
	// a bucket's reset before a request.
	s.ShouldRetryOnRateLimit = false
	s.Identify.Intents = discordgo.IntentsGuilds // no message content; members only when granted
	if cfg.MembersIntent {
		s.Identify.Intents |= discordgo.IntentsGuildMembers
	}
	s.LogLevel = discordgo.LogError
	a.s = s
	return a, nil
}

// Platform implements bot.Messenger.
func (a *Adapter) Platform() string { return Platform }

// CommandPrefix implements bot.Prefixer: commands are typed as /verb.
func (a *Adapter) CommandPrefix() string { return "/" }

// CanGroup implements bot.GroupSpacer: a guild can group its members when
// it has a channel for private threads.
func (a *Adapter) CanGroup(space string) bool { return a.groupCh[space] != "" }

// snowflake matches Discord ids.
var snowflake = regexp.MustCompile(`^[0-9]{5,20}$`)

// DM implements bot.Messenger: it opens (once, then cached) the DM channel
// with the member and sends msg there.
func (a *Adapter) DM(ctx context.Context, to bot.MemberID, msg bot.Message) (bot.MessageRef, error) {
	if to.Platform != Platform || !snowflake.MatchString(to.User) {
		return bot.MessageRef{}, fmt.Errorf("discord: dm to %s: not a Discord member", to)
	}
	ch, err := a.dmChannel(ctx, to.User)
	if err != nil {
		return bot.MessageRef{}, sendError("dm", err, true)
	}
	ref, err := a.send(ctx, ch, msg, nil)
	if err != nil {
		var re *discordgo.RESTError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusNotFound {
			a.forget(to.User) // the channel is gone; the next try opens it again
		}
		return bot.MessageRef{}, sendError("dm", err, true)
	}
	return ref, nil
}

// dmChannel returns the cached DM channel with user, or creates it: a DM
// then costs one request, not two.
func (a *Adapter) dmChannel(ctx context.Context, user string) (string, error) {
	a.mu.Lock()
	ch, ok := a.dms[user]
	a.mu.Unlock()
	if ok {
		return ch, nil
	}
	c, err := a.s.UserChannelCreate(user, discordgo.WithContext(ctx))
	if err != nil {
		return "", err
	}
	a.mu.Lock()
	kit.Remember(a.dms, user, c.ID, maxCached) // creating a DM channel is idempotent: a miss costs one call
	a.mu.Unlock()
	return c.ID, nil
}

func (a *Adapter) forget(user string) {
	a.mu.Lock()
	delete(a.dms, user)
	a.mu.Unlock()
}

// Post implements bot.Messenger: it posts msg to a channel of the guild.
func (a *Adapter) Post(ctx context.Context, space, channel string, msg bot.Message) (bot.MessageRef, error) {
	ref, err := a.send(ctx, channel, msg, nil)
	if err != nil {
		return bot.MessageRef{}, sendError("post", err, false)
	}
	return ref, nil
}

// Group implements bot.GroupMessenger: a private thread in the guild's
// group channel with the members added, since a bot cannot open group
// DMs. The members are pinged in the thread's first message, which is
// what adds them to it.
func (a *Adapter) Group(ctx context.Context, members []bot.MemberID, msg bot.Message) (bot.MessageRef, error) {
	if err := kit.GroupSize(Platform, len(members)); err != nil {
		return bot.MessageRef{}, err
	}
	guild := members[0].Space
	ch := a.groupCh[guild]
	if ch == "" {
		return bot.MessageRef{}, fmt.Errorf("discord: group in guild %s: no group_channel configured", guild)
	}
	users, err := kit.GroupUsers(Platform, "guild", members)
	if err != nil {
		return bot.MessageRef{}, err
	}
	key := guild + "/" + strings.Join(users, ",")
	th, err := a.thread(ctx, ch, key, users, msg)
	if err != nil {
		return bot.MessageRef{}, sendError("group", err, false)
	}
	ref, err := a.send(ctx, th, msg, users)
	if err != nil {
		return bot.MessageRef{}, sendError("group", err, false)
	}
	return ref, nil
}

// thread returns the private thread of these members, cached under key,
// or opens one in channel and adds them. The cache makes a retried send
// (and the same group meeting again) use the thread already there;
// Discord unarchives a thread when a message arrives.
func (a *Adapter) thread(ctx context.Context, channel, key string, users []string, msg bot.Message) (string, error) {
	a.mu.Lock()
	id, ok := a.threads[key]
	a.mu.Unlock()
	if ok {
		return id, nil
	}
	th, err := a.s.ThreadStartComplex(channel, &discordgo.ThreadStart{
		Name: threadName(msg), Type: discordgo.ChannelTypeGuildPrivateThread, AutoArchiveDuration: 10080,
	}, discordgo.WithContext(ctx))
	if err != nil {
		return "", err
	}
	a.mu.Lock()
	kit.Remember(a.threads, key, th.ID, maxCached) // a miss opens a new thread: harmless
	a.mu.Unlock()
	for _, u := range users {
		// A member who cannot be added (they left the server) must not
		// stop the others meeting; the message mentions everyone anyway.
		if err := a.s.ThreadMemberAdd(th.ID, u, discordgo.WithContext(ctx)); err != nil {
			a.log.Warn("discord: adding a member to a group's thread failed", "thread", th.ID, "user", u, "err", err)
		}
	}
	return th.ID, nil
}

// threadName names a group's thread from the message's first words.
func threadName(msg bot.Message) string {
	name := "rete"
	if len(msg.Blocks) > 0 {
		if t := strings.Join(strings.Fields(bot.SpansText(msg.Blocks[0].Spans)), " "); t != "" {
			name = t
		}
	}
	return kit.Truncate(name, 100)
}

// Edit implements bot.Editor.
func (a *Adapter) Edit(ctx context.Context, ref bot.MessageRef, msg bot.Message) error {
	if ref.Platform != Platform || ref.Channel == "" || ref.ID == "" {
		return fmt.Errorf("discord: edit: not a Discord message reference: %+v", ref)
	}
	r := render(msg, nil)
	edit := &discordgo.MessageEdit{ID: ref.ID, Channel: ref.Channel, Content: &r.Content, Components: &r.Components, AllowedMentions: r.Mentions}
	if _, err := a.s.ChannelMessageEditComplex(edit, discordgo.WithContext(ctx)); err != nil {
		return sendError("edit", err, false)
	}
	return nil
}

// send sends msg to a channel, in as many messages as split makes, and
// returns the last one's reference (the one with the buttons). extra are
// users mentioned on purpose besides the message's own mentions.
func (a *Adapter) send(ctx context.Context, channel string, msg bot.Message, extra []string) (bot.MessageRef, error) {
	var ref bot.MessageRef
	for _, part := range split(msg) {
		r := render(part, extra)
		m, err := a.s.ChannelMessageSendComplex(channel, &discordgo.MessageSend{
			Content: r.Content, Components: r.Components, AllowedMentions: r.Mentions,
		}, discordgo.WithContext(ctx))
		if err != nil {
			return bot.MessageRef{}, err
		}
		ref = bot.MessageRef{Platform: Platform, Channel: channel, ID: m.ID}
	}
	return ref, nil
}

// Discord's JSON error codes the adapter tells apart.
const (
	codeUnknownChannel = 10003
	codeUnknownUser    = 10013
	codeMissingAccess  = 50001
	codeCannotDM       = 50007
	codeNoPermission   = 50013
)

// sendError maps a REST error to the bot's contract: a 429 and a refused
// token to *bot.RetryError, a member who cannot be messaged to
// bot.ErrUnreachable, the rest wrapped (retried with backoff).
func sendError(op string, err error, toMember bool) error {
	var ti *errTooManyInvalid
	if errors.As(err, &ti) {
		return &bot.RetryError{After: ti.wait, Err: fmt.Errorf("discord: %s: %w", op, err)}
	}
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		after := time.Second
		if rl.RateLimit != nil && rl.TooManyRequests != nil && rl.RetryAfter > 0 {
			after = rl.RetryAfter
		}
		return &bot.RetryError{After: after, Err: fmt.Errorf("discord: %s: %w", op, err)}
	}
	var re *discordgo.RESTError
	if !errors.As(err, &re) {
		return fmt.Errorf("discord: %s: %w", op, err)
	}
	code := 0
	if re.Message != nil {
		code = re.Message.Code
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	switch {
	case status == http.StatusUnauthorized:
		return &bot.RetryError{After: appBrokenWait, Err: fmt.Errorf("discord: %s: Discord refuses the bot token: check discord.bot_token: %w", op, err)}
	case toMember && (code == codeCannotDM || code == codeUnknownUser):
		return fmt.Errorf("discord: %s: %w (%w)", op, bot.ErrUnreachable, err)
	case !toMember && (code == codeUnknownChannel || code == codeMissingAccess || code == codeNoPermission):
		return &bot.RetryError{After: appBrokenWait, Err: fmt.Errorf("discord: %s: the channel does not exist or the bot cannot see it: check the space's channels and the bot's permissions: %w", op, err)}
	}
	return fmt.Errorf("discord: %s: %w", op, err)
}

// Shutdown waits until the late answers still being delivered are sent,
// or ctx is done.
func (a *Adapter) Shutdown(ctx context.Context) error {
	return kit.Wait(ctx, &a.pending)
}

// What the adapter is, checked by the compiler.
var (
	_ kit.Adapter        = (*Adapter)(nil)
	_ kit.Runner         = (*Adapter)(nil)
	_ kit.Router         = (*Adapter)(nil)
	_ bot.GroupMessenger = (*Adapter)(nil)
	_ bot.GroupSpacer    = (*Adapter)(nil)
	_ bot.Editor         = (*Adapter)(nil)
	_ bot.Prefixer       = (*Adapter)(nil)
)
