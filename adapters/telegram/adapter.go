// Package telegram is rete's Telegram adapter: rete in Telegram groups
// and private chats, over long polling (the default) or a webhook.
//
// An [Adapter] is a [bot.Messenger], a [bot.Editor], a [bot.SpaceGreeter]
// and a [bot.JoinLinker] over the Bot API (go-telegram-bot-api v5). Inbound, [Adapter.Run] polls
// getUpdates with rete's own loop, or [Adapter.Routes] serves the webhook;
// both hand every update to one decoder that turns commands and button
// presses into [bot.Request]s.
//
// Telegram lets a bot write privately only to people who pressed Start,
// and cannot make group chats. So the adapter remembers who started it
// (marks in the store), answers a group's /join from someone who did not
// with a deep link that joins in one tap, and leaves pairs to the core's
// one-DM-each fallback, rendering each mention as a way to reach the
// person (https://t.me/USERNAME or a tg://user?id= link).
//
// Messages are HTML; every piece of member text is escaped, and an "@"
// in it cannot become a mention.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
)

// Platform is the Telegram platform name in requests, member ids and refs.
const Platform = "telegram"

// Transports.
const (
	ModePolling = "polling"
	ModeWebhook = "webhook"
)

// Defaults.
const (
	defaultAPIURL      = "https://api.telegram.org"
	defaultPollTimeout = 30 * time.Second
	adminTTL           = 10 * time.Minute
	maxSeen            = 10000 // marks the in-memory Seen keeps
	maxCached          = 5000  // entries of each in-memory cache
	// updateTTL is how long a handled update is remembered: Telegram
	// keeps an unconfirmed update for 24 hours.
	updateTTL = 25 * time.Hour
	claimTTL  = 2 * time.Minute
	// startedTTL is how long the mark of a person who pressed Start lasts
	// without news; every private message renews it.
	startedTTL = 365 * 24 * time.Hour
)

// Config configures an Adapter. BotToken is required; webhook mode needs
// WebhookURL and WebhookSecret.
type Config struct {
	BotToken      string
	Mode          string // ModePolling (default) or ModeWebhook
	WebhookURL    string // the public URL of POST /telegram/webhook
	WebhookSecret string // sent back by Telegram in X-Telegram-Bot-Api-Secret-Token
	// APIURL is the Bot API's base URL (https://api.telegram.org when
	// empty); tests and local Bot API servers point it elsewhere.
	APIURL string
	// Logger receives the adapter's logs; slog.Default() if nil. The
	// token and the secret are never logged.
	Logger *slog.Logger
	// HTTPClient is used for the Bot API; one with a timeout beyond the
	// long poll if nil.
	HTTPClient *http.Client
	// Now is the clock for caches; time.Now if nil.
	Now func() time.Time
	// Seen keeps the updates handled and who pressed Start; pass the
	// store (*store.DB) for marks that survive a restart. In memory if nil.
	Seen kit.Seen
	// PollTimeout is getUpdates' long-poll timeout; 30 s if zero.
	PollTimeout time.Duration
	// Backoff is the first wait after a failed getUpdates, doubled up to
	// a minute; one second if zero.
	Backoff time.Duration
}

// Adapter is the Telegram adapter. It is safe for concurrent use.
type Adapter struct {
	api     *tgbotapi.BotAPI // its Client is replaced per call, see with
	hc      *http.Client
	mode    string
	hookURL string
	secret  string
	log     *slog.Logger
	now     func() time.Time
	seen    kit.Seen
	dedupe  *kit.Deduper
	poll    time.Duration
	backoff time.Duration

	setupOnce sync.Once
	cat       *bot.Catalog

	mu      sync.Mutex
	names   map[string]string // user id → @username, to render mentions
	admins  map[string]adminEntry
	started map[string]bool
	groups  map[int64]bool // groups a command came from, logged once

	pending sync.WaitGroup // updates still being handled

	handled func(updateID int) // tests: called after each update
}

type adminEntry struct {
	ids     map[string]bool
	expires time.Time
}

// secretToken is what setWebhook accepts as secret_token.
var secretToken = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// ErrWrongToken is returned when Telegram refuses the bot token.
var ErrWrongToken = errors.New("the Telegram token is wrong")

// New returns an adapter for the bot cfg.BotToken names. It calls getMe
// once, to learn the bot's username for /cmd@ThisBot and deep links.
func New(cfg Config) (*Adapter, error) {
	if cfg.BotToken == "" {
		return nil, errors.New("telegram: bot token is required")
	}
	a := &Adapter{
		mode: cfg.Mode, hookURL: cfg.WebhookURL, secret: cfg.WebhookSecret,
		log: cfg.Logger, now: cfg.Now, seen: cfg.Seen, poll: cfg.PollTimeout, backoff: cfg.Backoff,
		names: map[string]string{}, admins: map[string]adminEntry{}, started: map[string]bool{}, groups: map[int64]bool{},
		hc: cfg.HTTPClient,
	}
	switch a.mode {
	case "":
		a.mode = ModePolling
	case ModePolling:
	case ModeWebhook:
		if a.hookURL == "" || a.secret == "" {
			return nil, errors.New("telegram: webhook mode needs webhook_url and webhook_secret")
		}
		if !secretToken.MatchString(a.secret) {
			return nil, errors.New("telegram: webhook_secret: Telegram takes 1 to 256 of A-Z, a-z, 0-9, _ and -")
		}
	default:
		return nil, fmt.Errorf("telegram: mode %q: want polling or webhook", a.mode)
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.poll <= 0 {
		a.poll = defaultPollTimeout
	}
	if a.backoff <= 0 {
		a.backoff = time.Second
	}
	if a.seen == nil {
		a.seen = kit.NewMemorySeen(a.now, maxSeen)
	}
	a.dedupe = &kit.Deduper{Seen: a.seen, Log: a.log.With("platform", Platform), ClaimTTL: claimTTL, KeepTTL: updateTTL}
	if a.hc == nil {
		a.hc = &http.Client{Timeout: a.poll + 30*time.Second}
	}
	base := strings.TrimRight(cfg.APIURL, "/")
	if base == "" {
		base = defaultAPIURL
	}
	api, err := tgbotapi.NewBotAPIWithClient(cfg.BotToken, base+"/bot%s/%s", a.hc)
	if err != nil {
		return nil, fmt.Errorf("telegram: getMe: %w", apiError(err))
	}
	a.api = api
	return a, nil
}

// apiError names the fatal Bot API answers: 401 (the token) and 409
// (another poller).
func apiError(err error) error {
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		switch te.Code {
		case http.StatusUnauthorized:
			return fmt.Errorf("%w (%s)", ErrWrongToken, te.Message)
		case http.StatusConflict:
			return fmt.Errorf("%w (%s)", ErrConflict, te.Message)
		}
	}
	return scrub(err)
}

// scrub drops the request URL, which holds the token, from a transport
// error, keeping its cause (a timeout, a refused connection).
func scrub(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("telegram: %s request failed: %w", ue.Op, ue.Err)
	}
	return err
}

// ErrConflict is returned when another process polls the same bot.
var ErrConflict = errors.New("another rete is polling this bot")

// ctxClient binds one call of the library, which takes no context, to ctx.
type ctxClient struct {
	ctx context.Context
	hc  *http.Client
}

func (c ctxClient) Do(r *http.Request) (*http.Response, error) { return c.hc.Do(r.WithContext(c.ctx)) }

// with returns the API client for one call under ctx: a copy whose HTTP
// client carries ctx (the library builds requests without one).
func (a *Adapter) with(ctx context.Context) *tgbotapi.BotAPI {
	api := *a.api
	api.Client = ctxClient{ctx: ctx, hc: a.hc}
	return &api
}

// Username returns the bot's username, without "@".
func (a *Adapter) Username() string { return a.api.Self.UserName }

// Platform implements bot.Messenger.
func (a *Adapter) Platform() string { return Platform }

// CommandPrefix implements bot.Prefixer: commands are typed "/find go".
func (a *Adapter) CommandPrefix() string { return "/" }

// JoinLink implements bot.JoinLinker: the deep link that opens the
// private chat and joins space's community in one tap. Without a space
// there is nothing to join from a link ("").
func (a *Adapter) JoinLink(space string) string {
	if space == "" {
		return ""
	}
	return a.chatLink() + "?start=" + startJoin + space
}

// chatLink opens the private chat with the bot.
func (a *Adapter) chatLink() string { return "https://t.me/" + a.Username() }

// String describes how the adapter hears Telegram, for the startup log.
func (a *Adapter) String() string {
	if a.mode == ModeWebhook {
		return "telegram webhook (/telegram/webhook)"
	}
	return "telegram long polling"
}

// chatID parses a Telegram chat or user id.
func chatID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("telegram: %q is not a chat id", s)
	}
	return id, nil
}

// Shutdown waits until the updates being handled are done, or ctx is.
func (a *Adapter) Shutdown(ctx context.Context) error {
	return kit.Wait(ctx, &a.pending)
}
