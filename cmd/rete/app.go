package main

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rete-bot/rete/adapters/console"
	"github.com/rete-bot/rete/adapters/discord"
	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/dash"
	"github.com/rete-bot/rete/store"
)

// app is a wired rete: store, core, adapters.
type app struct {
	cfg      *Config
	log      *slog.Logger
	db       *store.DB
	bot      *bot.Bot
	console  *console.Console // nil unless the console is enabled
	adapters []kit.Adapter    // every enabled adapter, the console first
	clock    *clock
	metrics  *metrics
	dash     *dash.Server // made by dashboard(), closed before the store
}

// newApp opens the store and wires the core and the enabled adapters.
// serving is true under `rete serve`, where real platforms are connected.
func newApp(e env, cfg *Config, withConsole, serving bool) (*app, error) {
	log := newLogger(e.stderr, cfg.Log)
	for _, w := range cfg.warnings {
		log.Warn("config: " + w)
	}
	db, err := openStore(cfg.DataDir, log)
	if err != nil {
		return nil, err
	}
	comms, err := cfg.communities()
	if err != nil {
		db.Close()
		return nil, err
	}
	a := &app{cfg: cfg, log: log, db: db, clock: newClock(), metrics: newMetrics(time.Now)}
	if withConsole {
		opts := console.Options{Space: consoleSpace(comms), Echo: !isTerminal(e.stdin), AfterEach: a.catchUp, In: e.stdin, Serving: serving}
		if !serving {
			// "wait" moves the bot's clock: never while real platforms
			// are served, where it would fire rounds and reminders early.
			opts.Advance = a.clock.Advance
		}
		a.console = console.New(e.stdout, opts)
		a.adapters = append(a.adapters, a.console)
	}
	for _, open := range platforms {
		ad, err := open(cfg, log, db)
		if err != nil {
			db.Close()
			return nil, err
		}
		if ad != nil {
			a.adapters = append(a.adapters, ad)
		}
	}
	messengers := make([]bot.Messenger, len(a.adapters))
	for i, ad := range a.adapters {
		messengers[i] = ad
	}
	perMinute := 0 // the console alone is the operator's terminal: no limit
	if serving {
		perMinute = cmp.Or(cfg.Limits.CommandsPerMinute, bot.DefaultCommandsPerMinute)
	}
	a.bot, err = bot.New(bot.Config{Store: db, Logger: log, Now: a.clock.Now, Communities: comms, Messengers: messengers, PublicURL: cfg.HTTP.PublicURL, DashboardURL: dashboardURL(cfg.HTTP), CommandsPerMinute: perMinute, Observer: a.metrics})
	if err != nil {
		db.Close()
		return nil, err
	}
	a.metrics.watch(a.bot, db, cfg.DataDir, a.clock.Now, log)
	return a, nil
}

// consoleSpace is the console space of the first community that has one.
func consoleSpace(comms []bot.Community) string {
	for _, c := range comms {
		for _, s := range c.Spaces {
			if s.Platform == console.Platform {
				return s.ID
			}
		}
	}
	return console.DefaultSpace
}

// Close closes the store, once the dashboard has stopped reading it.
func (a *app) Close() error {
	if a.dash != nil {
		a.dash.Close()
	}
	return a.db.Close()
}

func cmdConsole(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "console")
	cf := addConfigFlags(fs)
	demo := fs.Bool("demo", false, "seed about 40 sample members first")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: rete console takes no arguments, got %q", errUsage, fs.Args())
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	a, err := newApp(e, cfg, true, false)
	if err != nil {
		return err
	}
	defer a.Close()
	comm := a.consoleCommunity()
	if *demo {
		n, err := seedDemo(ctx, a.db, comm, consoleSpace(a.bot.Communities()), time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "demo: %d sample members in community %q\n", n, comm)
	}
	if isTerminal(e.stdin) {
		fmt.Fprintf(e.stdout, "rete console: community %q, data in %s.\nType help for commands, 'as NAME' to act as another member (as admin: a moderator), quit to leave.\n", comm, cfg.DataDir)
	}
	defer a.serveConsoleDashboard()()
	return a.console.Run(ctx, a.bot)
}

// consoleCommunity is the id of the community the console speaks in.
func (a *app) consoleCommunity() string {
	for _, c := range a.bot.Communities() {
		for _, s := range c.Spaces {
			if s.Platform == console.Platform {
				return c.ID
			}
		}
	}
	return console.Platform + "-" + console.DefaultSpace
}

func cmdServe(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "serve")
	cf := addConfigFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: rete serve takes no arguments, got %q", errUsage, fs.Args())
	}
	if *cf.config == "" {
		return fmt.Errorf("%w: rete serve --config FILE (config.example.yaml is a start)", errUsage)
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	if err := cfg.checkServe(); err != nil {
		return err
	}
	a, err := newApp(e, cfg, cfg.Console.Enabled, true)
	if err != nil {
		return err
	}
	defer a.Close()
	a.logServing()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var ready atomic.Bool
	ln, err := net.Listen("tcp", cfg.HTTP.Listen)
	if err != nil {
		return fmt.Errorf("http: %w", err)
	}
	handler, err := a.routes(&ready)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 60 * time.Second, MaxHeaderBytes: 64 << 10}
	var wg sync.WaitGroup
	errc := make(chan error, 1)
	wg.Go(func() {
		if err := srv.Serve(ln); err != http.ErrServerClosed {
			errc <- fmt.Errorf("http: %w", err)
		}
	})
	wg.Go(func() { a.db.RunGC(ctx, 10*time.Minute) })
	wg.Go(func() { a.bot.RunScheduler(ctx, 30*time.Second) })
	wg.Go(func() { runBackups(ctx, a.db, cfg.Backup, a.log) })
	wg.Go(func() {
		if err := listenAdmin(ctx, cfg.DataDir, a.db, a.log); err != nil {
			a.log.Error("admin endpoint stopped: rete backup cannot reach this rete", "err", err)
		}
	})
	for _, p := range a.bot.Platforms() {
		wg.Go(func() { a.bot.RunOutbox(ctx, p, cfg.platformLimit(p)) })
	}
	// Runners stop first at shutdown, so that the replies they started
	// are counted before the adapters' Shutdown waits for them.
	runCtx, stopRunners := context.WithCancel(ctx)
	defer stopRunners()
	var runners sync.WaitGroup
	for _, ad := range a.adapters {
		r, ok := ad.(kit.Runner)
		if !ok {
			continue
		}
		runners.Go(func() {
			if err := r.Run(runCtx, a.bot); err != nil && runCtx.Err() == nil {
				// A deaf bot must not look healthy: stop serve.
				select {
				case errc <- fmt.Errorf("%s: %w", ad.Platform(), err):
				default:
				}
			}
		})
	}
	ready.Store(true)
	a.log.Info("rete ready", "listen", ln.Addr().String(), "data_dir", cfg.DataDir, "version", version)

	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	ready.Store(false)
	// Stop taking requests, let replies in flight finish (each with its
	// own budget), then stop the workers; the store closes last (defer).
	shut, done := context.WithTimeout(context.Background(), 10*time.Second)
	defer done()
	_ = srv.Shutdown(shut)
	stopRunners()
	runners.Wait()
	late, doneLate := context.WithTimeout(context.Background(), 15*time.Second)
	for _, ad := range a.adapters {
		if err := ad.Shutdown(late); err != nil {
			a.log.Warn("replies still running at shutdown", "adapter", ad.Platform(), "err", err)
		}
	}
	doneLate()
	cancel()
	wg.Wait()
	a.log.Info("rete stopped")
	return err
}

// routes is the HTTP server's mux.
func (a *app) routes(ready *atomic.Bool) (http.Handler, error) {
	mux := http.NewServeMux()
	for _, ad := range a.adapters {
		if r, ok := ad.(kit.Router); ok {
			if err := r.Routes(mux, a.bot); err != nil {
				return nil, err
			}
		}
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("GET /readyz", &readiness{started: ready, store: a.db, dir: a.cfg.DataDir, health: a.metrics.health, diskFree: store.DiskSpace})
	mux.Handle("GET /metrics", a.metrics.handler())
	a.publicRoutes(mux)
	return mux, nil
}

// publicRoutes are the pages people open from rete's messages: calendar
// files and the dashboard. `serve` and the console's http.listen both
// mount them, so that a link works wherever it was sent from.
func (a *app) publicRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /events/{file}", a.serveEventICS)
	mux.HandleFunc("GET /meet/{community}/{round}/{file}", a.serveSlotICS)
	a.dashboard().Routes(mux)
}

// serveEventICS serves GET /events/{id}.ics: an event's iCalendar file,
// where id is bot.EventPublicID ("{community}-{id}"); 404 for anything
// else.
func (a *app) serveEventICS(w http.ResponseWriter, r *http.Request) {
	a.serveICS(w, r, "event calendar", "id", func(id string) ([]byte, string, error) {
		body, err := a.bot.EventCalendar(r.Context(), id)
		return body, id + ".ics", err
	})
}

// serveSlotICS serves GET /meet/{community}/{round}/{group}-{slot}-{key}.ics:
// a meeting slot an intro proposed, as an iCalendar file; 404 for a wrong
// key or anything else.
func (a *app) serveSlotICS(w http.ResponseWriter, r *http.Request) {
	a.serveICS(w, r, "slot calendar", "file", func(name string) ([]byte, string, error) {
		body, err := a.bot.SlotCalendar(r.Context(), r.PathValue("community"), r.PathValue("round"), name)
		return body, "meeting.ics", err
	})
}

// serveICS answers a request for the iCalendar file {name}.ics in the
// path's {file}, which calendar makes with the name it is saved under;
// 404 for no .ics or what the core does not find. logMsg and logKey say
// in the log which file failed.
func (a *app) serveICS(w http.ResponseWriter, r *http.Request, logMsg, logKey string, calendar func(name string) (body []byte, filename string, err error)) {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || name == "" {
		http.NotFound(w, r)
		return
	}
	body, filename, err := calendar(name)
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		a.log.Error(logMsg, logKey, name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	_, _ = w.Write(body)
}

// platformLimit is the sending rate of a platform's outbox worker: the
// config's rate_limit overall and rate_limit_per_chat to one channel, DM
// or group, else the platform's defaults: Slack one a second overall and
// per channel, Telegram 30 a second overall, one per chat and 20 a minute
// in a group, Discord [discord.OutboxRate] a second overall (a round's
// first DMs cost two requests each) and one per channel; edits wait a
// second for the changes that follow.
func (c *Config) platformLimit(platform string) bot.Limit {
	rate, def, per, perDef := 0.0, 50.0, 0.0, 0.0
	switch platform {
	case "slack":
		rate, def, per, perDef = c.Slack.RateLimit, 1, c.Slack.RateLimitPerChat, 1
	case "telegram":
		rate, def, per, perDef = c.Telegram.RateLimit, 30, c.Telegram.RateLimitPerChat, 1
	case "discord":
		rate, def, per, perDef = c.Discord.RateLimit, discord.OutboxRate, c.Discord.RateLimitPerChat, 1
	}
	if rate <= 0 {
		rate = def
	}
	if per <= 0 {
		per = perDef
	}
	lim := bot.Limit{Rate: rate, Burst: max(1, int(rate*3)), PerDestination: per, Coalesce: time.Second}
	if platform == "telegram" {
		lim.Burst = 1              // Telegram counts each second: a burst above the rate is answered 429
		lim.PerChannel = 20.0 / 60 // and allows 20 messages a minute in a group
	}
	return lim
}
