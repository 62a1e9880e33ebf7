// Command rete runs the rete networking bot: the console on embedded
// defaults with no arguments, or the subcommand given.
//
//	rete                               the console, data in ./rete-data
//	rete console [--config F] [--data DIR] [--demo]
//	rete serve --config FILE           every adapter the config enables, and the HTTP server
//	rete backup [--config F] [--data DIR] FILE
//	rete restore [--config F] [--data DIR] FILE
//	rete round preview|now [--community ID]
//	rete simulate [--members N] [--weeks W] ...
//	rete slack-manifest --url https://HOST [--socket-mode]
//	rete discord-invite [--config FILE] [--app-id ID]
//	rete healthcheck [--config F] [--url URL]
//	rete version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/rete-bot/rete/adapters/discord"
	"github.com/rete-bot/rete/adapters/slack"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/store"
)

// Build stamps, set with -ldflags "-X main.version=v1.2.3 -X
// main.revision=COMMIT -X main.buildDate=2026-11-27T18:00:00Z" where the
// go command records no VCS details (a build outside a git checkout, as
// in the Dockerfile); otherwise the revision and date come from the
// module build info.
var (
	version   = "dev"
	revision  = ""
	buildDate = ""
)

func main() {
	tuneRuntime()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "rete:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// tuneRuntime sets the process-wide runtime behaviour rete runs with:
// memory that big work (a round, a find over many members) allocated goes
// back to the system once the process is idle (see trimMemory), with no
// memory limit to slow that work down.
func tuneRuntime() {
	go trimMemory()
}

var errUsage = errors.New("usage")

// env is what a subcommand gets from the process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// run dispatches a subcommand.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		return cmdConsole(ctx, e, nil)
	}
	cmd, rest := args[0], args[1:]
	err := dispatch(ctx, e, cmd, rest)
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}

// dispatch runs one subcommand.
func dispatch(ctx context.Context, e env, cmd string, rest []string) error {
	switch cmd {
	case "console":
		return cmdConsole(ctx, e, rest)
	case "serve":
		return cmdServe(ctx, e, rest)
	case "backup":
		return cmdBackup(ctx, e, rest)
	case "restore":
		return cmdRestore(ctx, e, rest)
	case "round":
		return cmdRound(ctx, e, rest)
	case "simulate":
		return cmdSimulate(ctx, e, rest)
	case "slack-manifest":
		return cmdSlackManifest(e, rest)
	case "discord-invite":
		return cmdDiscordInvite(e, rest)
	case "healthcheck":
		return cmdHealthcheck(ctx, e, rest)
	case "version", "--version", "-v":
		fs := newFlags(e, "version")
		if err := parseFlags(fs, rest); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return fmt.Errorf("%w: rete version takes no arguments, got %q", errUsage, fs.Args())
		}
		fmt.Fprintln(e.stdout, versionString())
		return nil
	case "help", "-h", "--h", "-help", "--help":
		if len(rest) > 0 && rest[0] != "help" && !isHelpFlag(rest[0]) {
			return dispatch(ctx, e, rest[0], []string{"-h"})
		}
		fmt.Fprint(e.stdout, usage())
		return nil
	}
	fmt.Fprint(e.stderr, usage())
	return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
}

// versionString is the version and build information:
// "rete v1.2.3 (commit 0123456789ab, built 2026-11-27T18:00:00Z, go1.26.0)".
func versionString() string {
	b := buildInfo()
	rev := b.revision
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if b.modified {
		rev += "+modified"
	}
	return fmt.Sprintf("rete %s (commit %s, built %s, %s)", b.version, rev, b.time, b.goVersion)
}

// newLogger builds the process logger from the config.
func newLogger(w io.Writer, c LogConfig) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openStore opens the data dir, with one plain sentence when it is locked
// or is not a directory.
func openStore(dir string, log *slog.Logger) (*store.DB, error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("data dir %s is a file, not a directory: use --data with a directory", dir)
	}
	db, err := store.Open(dir, store.Options{Logger: log})
	if err != nil {
		if errors.Is(err, bot.ErrDataDirInUse) {
			return nil, fmt.Errorf("data dir %s is in use by another rete process: stop it first, or use --data", dir)
		}
		return nil, err
	}
	return db, nil
}

// configFlags adds --config and --data and loads the result.
type configFlags struct {
	config, data *string
}

func addConfigFlags(fs *flag.FlagSet) configFlags {
	return configFlags{
		config: fs.String("config", "", "config file (default: embedded defaults)"),
		data:   fs.String("data", "", "data dir (default: data_dir from the config, ./rete-data)"),
	}
}

func (f configFlags) load() (*Config, error) {
	cfg, err := loadConfig(*f.config)
	if err != nil {
		return nil, err
	}
	if *f.data != "" {
		cfg.DataDir = *f.data
	}
	return cfg, nil
}

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func cmdSlackManifest(e env, args []string) error {
	fs := newFlags(e, "slack-manifest")
	url := fs.String("url", "", "the public base URL of rete's HTTP server, e.g. https://rete.example.com")
	socket := fs.Bool("socket-mode", false, "use Socket Mode (no public URL needed)")
	command := fs.String("command", "/rete", "the slash command's name")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: rete slack-manifest takes no arguments, got %q (the URL goes after --url)", errUsage, fs.Args())
	}
	if *url == "" && !*socket {
		return fmt.Errorf("%w: rete slack-manifest --url https://HOST, or --socket-mode", errUsage)
	}
	if *url != "" {
		if err := slack.CheckPublicURL(*url); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	if err := slack.CheckCommand(*command); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	a, err := slack.New(slack.Config{BotToken: "unused", Command: *command})
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, a.Manifest(strings.TrimRight(*url, "/"), *socket))
	return nil
}

// cmdDiscordInvite prints the URL that adds the bot to a Discord server
// with exactly the scopes and permissions it needs.
func cmdDiscordInvite(e env, args []string) error {
	fs := newFlags(e, "discord-invite")
	config := fs.String("config", "", "config file to read discord.application_id from")
	appID := fs.String("app-id", "", "the application id (default: discord.application_id from the config)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: rete discord-invite takes no arguments, got %q", errUsage, fs.Args())
	}
	id := *appID
	if id == "" && *config != "" {
		cfg, err := loadConfig(*config)
		if err != nil {
			return err
		}
		id = cfg.Discord.ApplicationID
	}
	if id == "" {
		return fmt.Errorf("%w: rete discord-invite --app-id ID, or --config FILE with discord.application_id", errUsage)
	}
	fmt.Fprintln(e.stdout, discord.InviteURL(id))
	return nil
}
