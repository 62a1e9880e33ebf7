package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/rete-bot/rete/adapters/console"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/match/sim"
)

// clock is the bot's clock: the real time plus an offset that the
// console's "wait" moves forward.
type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// clockStart, when set, is the time a new app's clock starts at: console
// scripts in tests set it, so that what they do at "tomorrow 18:30" does
// not depend on the hour they run at. Zero: the real time.
var clockStart time.Time

// newClock is the real clock, or one started at clockStart.
func newClock() *clock {
	c := &clock{}
	if !clockStart.IsZero() {
		c.offset = time.Until(clockStart)
	}
	return c
}

// Now returns the time.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Advance moves the clock forward.
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// catchUp runs what fell due: scheduled rounds, then the console's outbox.
func (a *app) catchUp(ctx context.Context) {
	for _, c := range a.bot.Communities() {
		if _, err := a.bot.Tick(ctx, c.ID); err != nil {
			a.log.Error("scheduler", "community", c.ID, "err", err)
		}
	}
	if err := a.bot.DeliverDue(ctx, console.Platform); err != nil {
		a.log.Error("outbox", "err", err)
	}
}

// roundPartGroups is how many groups `rete round` renders at a time.
const roundPartGroups = 500

func cmdRound(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "round")
	cf := addConfigFlags(fs)
	community := fs.String("community", "", "the community id (default: the only one)")
	if len(args) > 0 && isHelpFlag(args[0]) {
		return parseFlags(fs, args[:1])
	}
	if len(args) == 0 || (args[0] != "preview" && args[0] != "now") {
		return fmt.Errorf("%w: rete round preview|now [--community ID] [--config FILE] [--data DIR]", errUsage)
	}
	mode := args[0]
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: rete round %s takes no arguments, got %q", errUsage, mode, fs.Args())
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	// A round over a data dir that does not exist has no one to pair:
	// most likely a wrong --data or config, which must not leave a new
	// empty data dir behind.
	if _, err := os.Stat(cfg.DataDir); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("data dir %s does not exist: no members to pair (wrong --data or config?)", cfg.DataDir)
	}
	a, err := newApp(e, cfg, false, false)
	if err != nil {
		return err
	}
	defer a.Close()
	id := *community
	if id == "" {
		if cs := a.bot.Communities(); len(cs) == 1 {
			id = cs[0].ID
		} else {
			return fmt.Errorf("%w: name the community with --community ID", errUsage)
		}
	}
	comm, err := a.bot.CommunityByID(ctx, id)
	if err != nil {
		return err
	}
	r, err := a.bot.RunRound(ctx, id, bot.RoundOptions{Preview: mode == "preview"})
	if err != nil {
		return err
	}
	// Printed in parts: a round of 100k members renders to tens of MB.
	out := bufio.NewWriter(e.stdout)
	err = a.bot.RoundMessageParts(ctx, comm.Settings.Language, comm, r, mode == "preview", roundPartGroups, func(msg bot.Message) error {
		_, err := fmt.Fprintln(out, console.Render(msg))
		return err
	})
	if err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if mode == "now" {
		fmt.Fprintln(e.stdout, "The intros are queued: `rete serve` (or the console) sends them.")
	}
	return nil
}

func cmdSimulate(_ context.Context, e env, args []string) error {
	fs := newFlags(e, "simulate")
	var o sim.Options
	fs.IntVar(&o.Members, "members", 1000, "community size")
	fs.IntVar(&o.Weeks, "weeks", 52, "weekly rounds to run")
	fs.Float64Var(&o.Churn, "churn", 0, "share of members replaced each week (0.01 = 1 %)")
	fs.Float64Var(&o.Pause, "pause", 0, "share of members paused each week")
	fs.IntVar(&o.GroupSize, "group-size", 2, "group size, 2 to 4")
	fs.BoolVar(&o.Company, "company", false, "give members companies and never group colleagues")
	fs.Uint64Var(&o.Seed, "seed", 1, "random seed")
	fs.StringVar(&o.Algo, "algo", "rete", "rete, or random (the usual bot: random order, avoid the last 12 weeks)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: rete simulate takes no arguments, got %q", errUsage, fs.Args())
	}
	rep, err := sim.Run(o)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	enc := json.NewEncoder(e.stdout)
	return enc.Encode(rep)
}
