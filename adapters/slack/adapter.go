// Package slack is rete's Slack adapter: rete inside a Slack workspace,
// over HTTP (slash command, interactivity and Events API webhooks) or
// Socket Mode.
//
// An [Adapter] is a [bot.Messenger], a [bot.GroupMessenger] and a
// [bot.Editor] over the Slack Web API (slack-go). Inbound, [Adapter.Routes]
// serves Slack's signed webhooks and [Adapter.RunSocketMode] reads the same
// traffic from a Socket Mode websocket; both turn it into [bot.Request]s for
// a [bot.Handler]. Opening the app's Home tab publishes the member's own
// page when the handler is a [bot.HomeBuilder] (home.go).
//
// Messages are rendered as Block Kit with a plain-text fallback; every
// piece of member text is escaped so that it can never ping (<!channel>,
// <@U…>) or become a link.
package slack

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
	"github.com/slack-go/slack"
)

// Platform is the Slack platform name in requests, member ids and refs.
const Platform = "slack"

// Defaults.
const (
	DefaultCommand  = "/rete"
	defaultAckAfter = 2 * time.Second
	adminTTL        = 10 * time.Minute
	maxBody         = 64 << 10
	maxSkew         = 5 * time.Minute
	lateReplyWithin = 5 * time.Minute
	maxSeen         = 10000 // marks the in-memory Seen keeps
)

// Config configures an Adapter. BotToken is required; SigningSecret is
// required to serve webhooks, AppToken to run Socket Mode.
type Config struct {
	BotToken      string // xoxb-…
	SigningSecret string // verifies webhooks
	AppToken      string // xapp-…, Socket Mode only
	// Command is the slash command, for usage lines and the manifest;
	// DefaultCommand if empty.
	Command string
	// APIURL is the base URL of the Web API ("https://slack.com" when
	// empty); tests and gateways point it elsewhere.
	APIURL string
	// Logger receives the adapter's logs; slog.Default() if nil. Tokens
	// and secrets are never logged.
	Logger *slog.Logger
	// HTTPClient is used for the Web API and response_url; a client with
	// a 30 s timeout if nil.
	HTTPClient *http.Client
	// Now is the clock for signature windows and caches; time.Now if nil.
	Now func() time.Time
	// AckAfter is how long a slash command may take before the adapter
	// answers Slack at once and delivers the reply through response_url
	// (Slack waits 3 s); 2 s if zero.
	AckAfter time.Duration
	// HomeRefreshAfter is how long after a change a member's Home tab is
	// published again (see home_refresh.go); 1 s if zero.
	HomeRefreshAfter time.Duration
	// Seen remembers the events, interactions and slash command
	// signatures already handled, so that Slack's retries and replayed
	// commands are dropped; pass the store (*store.DB) for marks that
	// survive a restart. In memory (at most 10,000 marks) if nil.
	Seen kit.Seen
}

// Adapter is the Slack adapter. It is safe for concurrent use.
type Adapter struct {
	api      *slack.Client
	secret   string
	appToken string
	command  string
	log      *slog.Logger
	now      func() time.Time
	ackAfter time.Duration
	dedupe   *kit.Deduper
	apiHost  string // host of Config.APIURL, trusted for response_url

	mu     sync.Mutex
	dms    map[string]string // user id → IM channel id
	groups map[string]string // sorted user ids joined by "," → MPIM channel id
	admins map[string]adminEntry

	pending sync.WaitGroup // replies still to deliver through response_url, Home tabs to publish

	homes            *homeTabs
	homeRefreshAfter time.Duration
}

type adminEntry struct {
	admin   bool
	expires time.Time
}

// New returns an adapter for the workspace cfg.BotToken belongs to. It
// makes no network call.
func New(cfg Config) (*Adapter, error) {
	if cfg.BotToken == "" {
		return nil, errors.New("slack: bot token is required")
	}
	a := &Adapter{
		secret: cfg.SigningSecret, appToken: cfg.AppToken, command: cfg.Command,
		log: cfg.Logger, now: cfg.Now, ackAfter: cfg.AckAfter,
		dms: map[string]string{}, groups: map[string]string{}, admins: map[string]adminEntry{},
		homes: newHomeTabs(), homeRefreshAfter: cmp.Or(cfg.HomeRefreshAfter, defaultHomeRefreshAfter),
	}
	if a.command == "" {
		a.command = DefaultCommand
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
	a.dedupe = &kit.Deduper{Seen: seen, Log: a.log.With("platform", Platform), ClaimTTL: claimTTL, KeepTTL: dedupeTTL}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	opts := []slack.Option{slack.OptionHTTPClient(hc)}
	if cfg.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(apiURL(cfg.APIURL)))
		if u, err := url.Parse(cfg.APIURL); err == nil {
			a.apiHost = u.Host
		}
	}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	a.api = slack.New(cfg.BotToken, opts...)
	return a, nil
}

// maxCached bounds each cache of conversation ids and admin flags.
const maxCached = 5000

// apiURL turns a base URL into slack-go's API URL ("…/api/").
func apiURL(base string) string {
	base = strings.TrimRight(base, "/")
	if !strings.HasSuffix(base, "/api") {
		base += "/api"
	}
	return base + "/"
}

// Platform implements bot.Messenger.
func (a *Adapter) Platform() string { return Platform }

// Command returns the slash command the adapter answers ("/rete").
func (a *Adapter) Command() string { return a.command }

// CommandPrefix implements bot.Prefixer: "/rete ".
func (a *Adapter) CommandPrefix() string { return a.command + " " }

// DM implements bot.Messenger: it opens (once, then cached) the IM with
// the member and posts msg there.
func (a *Adapter) DM(ctx context.Context, to bot.MemberID, msg bot.Message) (bot.MessageRef, error) {
	if to.Platform != Platform {
		return bot.MessageRef{}, fmt.Errorf("slack: dm to %s member %s", to.Platform, to)
	}
	ch, err := a.open(ctx, a.dms, to.User, []string{to.User})
	if err != nil {
		return bot.MessageRef{}, sendError("dm", err, true)
	}
	ref, err := a.post(ctx, ch, msg)
	if err != nil {
		a.forget(a.dms, to.User)
		return bot.MessageRef{}, sendError("dm", err, true)
	}
	a.homeChanged(to.User) // what rete tells a member may change their page
	return ref, nil
}

// Post implements bot.Messenger: it posts msg to a channel the bot is in.
// space is the team id; Slack needs only the channel.
func (a *Adapter) Post(ctx context.Context, space, channel string, msg bot.Message) (bot.MessageRef, error) {
	ref, err := a.post(ctx, channel, msg)
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && slices.Contains([]string{"channel_not_found", "not_in_channel", "is_archived"}, se.Err) {
		// Retrying will not help until the config or the workspace
		// changes; the outbox gives up after its attempts.
		return bot.MessageRef{}, fmt.Errorf("slack: post: channel %s does not exist or the bot cannot see it: check the space's announce_channel and invite the bot (/invite @rete): %w", channel, err)
	}
	if err != nil {
		return bot.MessageRef{}, sendError("post", err, false)
	}
	return ref, nil
}

// Group implements bot.GroupMessenger: a group DM (MPIM) of the members
// and the bot, opened once and cached.
func (a *Adapter) Group(ctx context.Context, members []bot.MemberID, msg bot.Message) (bot.MessageRef, error) {
	if err := kit.GroupSize(Platform, len(members)); err != nil {
		return bot.MessageRef{}, err
	}
	users, err := kit.GroupUsers(Platform, "Slack team", members)
	if err != nil {
		return bot.MessageRef{}, err
	}
	key := strings.Join(users, ",")
	ch, err := a.open(ctx, a.groups, key, users)
	if err != nil {
		return bot.MessageRef{}, sendError("group", err, true)
	}
	ref, err := a.post(ctx, ch, msg)
	if err != nil {
		a.forget(a.groups, key)
		return bot.MessageRef{}, sendError("group", err, true)
	}
	for _, u := range users {
		a.homeChanged(u)
	}
	return ref, nil
}

// Edit implements bot.Editor with chat.update.
func (a *Adapter) Edit(ctx context.Context, ref bot.MessageRef, msg bot.Message) error {
	if ref.Platform != Platform || ref.Channel == "" || ref.ID == "" {
		return fmt.Errorf("slack: edit: not a Slack message reference: %+v", ref)
	}
	// A message sent in parts is referenced by its last part (the one
	// with the buttons), which is what an edit replaces.
	parts := split(msg)
	r := render(parts[len(parts)-1])
	if _, _, _, err := a.api.UpdateMessageContext(ctx, ref.Channel, ref.ID, r.options()...); err != nil {
		return sendError("edit", err, false)
	}
	return nil
}

// open returns the conversation cached under key, or opens it.
func (a *Adapter) open(ctx context.Context, cache map[string]string, key string, users []string) (string, error) {
	a.mu.Lock()
	ch, ok := cache[key]
	a.mu.Unlock()
	if ok {
		return ch, nil
	}
	c, _, _, err := a.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: users})
	if err != nil {
		return "", fmt.Errorf("conversations.open: %w", err)
	}
	if c == nil || c.ID == "" {
		return "", errors.New("conversations.open: no channel in the answer")
	}
	a.mu.Lock()
	kit.Remember(cache, key, c.ID, maxCached) // conversations.open is idempotent: a miss costs one call
	a.mu.Unlock()
	return c.ID, nil
}

func (a *Adapter) forget(cache map[string]string, key string) {
	a.mu.Lock()
	delete(cache, key)
	a.mu.Unlock()
}

// post sends msg to a conversation, in several messages when it is too
// long for one, and returns the reference of the last.
func (a *Adapter) post(ctx context.Context, channel string, msg bot.Message) (bot.MessageRef, error) {
	var ref bot.MessageRef
	for _, part := range split(msg) {
		ch, ts, err := a.api.PostMessageContext(ctx, channel, render(part).options()...)
		if err != nil {
			return bot.MessageRef{}, fmt.Errorf("chat.postMessage: %w", err)
		}
		if ch == "" {
			ch = channel
		}
		ref = bot.MessageRef{Platform: Platform, Channel: ch, ID: ts}
	}
	return ref, nil
}

// unreachableCodes are the Slack errors that mean this member cannot be
// messaged until something changes on their side.
var unreachableCodes = []string{"user_not_found", "cannot_dm_bot", "user_disabled", "messages_tab_disabled"}

// appBrokenCodes mean the bot's own token or install is refused: nobody
// is reachable until the operator fixes it, so nothing is marked
// unreachable and the queue waits.
var appBrokenCodes = []string{"account_inactive", "invalid_auth", "not_authed", "token_revoked", "token_expired", "missing_scope", "team_access_not_granted"}

// appBrokenWait is how long the outbox waits before trying again after a
// refused token.
const appBrokenWait = 10 * time.Minute

// sendError maps a Web API error to the bot's contract: rate limits and a
// refused token to *bot.RetryError, a member's refusal to
// bot.ErrUnreachable, the rest wrapped. toMember is true for DMs and
// groups, where channel_not_found means the member's conversation is gone.
func sendError(op string, err error, toMember bool) error {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return &bot.RetryError{After: rl.RetryAfter, Err: fmt.Errorf("slack: %s: %w", op, err)}
	}
	var se slack.SlackErrorResponse
	code := ""
	if errors.As(err, &se) {
		code = se.Err
	}
	switch {
	case slices.Contains(appBrokenCodes, code):
		return &bot.RetryError{After: appBrokenWait, Err: fmt.Errorf("slack: %s: Slack refuses the bot token (%s): check slack.bot_token and the app's installation: %w", op, code, err)}
	case toMember && (slices.Contains(unreachableCodes, code) || code == "channel_not_found"):
		return fmt.Errorf("slack: %s: %w (%w)", op, bot.ErrUnreachable, err)
	}
	return fmt.Errorf("slack: %s: %w", op, err)
}

// isAdmin reports whether the user administers or owns the workspace,
// from users.info, cached for ten minutes. A failed lookup counts as not
// an admin and is not cached.
func (a *Adapter) isAdmin(ctx context.Context, user string) bool {
	now := a.now()
	a.mu.Lock()
	e, ok := a.admins[user]
	a.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.admin
	}
	u, err := a.api.GetUserInfoContext(ctx, user)
	if err != nil {
		a.log.Warn("slack: users.info failed; treating the member as no admin", "user", user, "err", err)
		return false
	}
	admin := u.IsAdmin || u.IsOwner || u.IsPrimaryOwner
	a.mu.Lock()
	kit.Remember(a.admins, user, adminEntry{admin: admin, expires: now.Add(adminTTL)}, maxCached)
	a.mu.Unlock()
	return admin
}

// Shutdown waits until the replies still being delivered through
// response_url are sent and the Home tabs being published are, or ctx is
// done. Home tab refreshes not yet started are dropped.
func (a *Adapter) Shutdown(ctx context.Context) error {
	a.homes.stopRefreshes()
	return kit.Wait(ctx, &a.pending)
}
