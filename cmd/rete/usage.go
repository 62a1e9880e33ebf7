package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// commands is what `rete help` says of each subcommand; run dispatches
// them.
var commands = []struct{ name, args, does string }{
	{"console", "[--config FILE] [--data DIR] [--demo]", "The console: type commands as any member and see every message the bot sends."},
	{"serve", "--config FILE", "Every adapter the config enables, plus the HTTP server (/healthz, /readyz, /metrics)."},
	{"backup", "[--config FILE] [--data DIR] FILE", "Write a backup of the data dir to FILE."},
	{"restore", "[--config FILE] [--data DIR] FILE", "Load a backup into an empty data dir."},
	{"round", "preview|now [--community ID] [--config FILE] [--data DIR]", "A round from the command line: preview changes nothing; now stores it and queues the intros for serve to send."},
	{"simulate", "[--members N] [--weeks W] [--churn P] [--pause P] [--group-size G] [--company] [--seed S] [--algo rete|random]", "A synthetic community paired for W weeks; prints quality and speed as one JSON object."},
	{"slack-manifest", "--url https://HOST [--socket-mode] [--command /rete]", "The Slack app manifest to paste at api.slack.com/apps."},
	{"discord-invite", "[--config FILE] [--app-id ID]", "The URL that adds the bot to a Discord server, with only the permissions it needs."},
	{"healthcheck", "[--config FILE] [--url URL]", "GET /healthz of a running serve (default: http.listen of the config); exits 1 unless it answers 200. For container health checks."},
	{"version", "", "Version, commit and build date."},
}

// usage is rete's own usage.
func usage() string {
	var b strings.Builder
	b.WriteString("rete, the networking bot.\n\nUsage:\n")
	fmt.Fprintf(&b, "  %-35s the console on embedded defaults (./rete-data)\n", "rete")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %s\n", strings.TrimSpace("rete "+c.name+" "+c.args))
	}
	b.WriteString("\nRun \"rete COMMAND -h\" (or \"rete help COMMAND\") for a command's flags.\n")
	return b.String()
}

// errHelp reports that a command printed its usage because it was asked
// to: run returns no error for it.
var errHelp = errors.New("help requested")

// isHelpFlag reports whether arg asks for help the way package flag reads it.
func isHelpFlag(arg string) bool {
	switch arg {
	case "-h", "--h", "-help", "--help":
		return true
	}
	return false
}

// flagOutput holds what package flag writes while parsing, so that the
// usage goes to stdout when asked for and to stderr after a bad flag.
type flagOutput struct {
	e   env
	buf bytes.Buffer
}

func (o *flagOutput) Write(p []byte) (int, error) { return o.buf.Write(p) }

// newFlags returns the flag set of a subcommand; its usage is the
// command's line from commands and its flags.
func newFlags(e env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("rete "+name, flag.ContinueOnError)
	fs.SetOutput(&flagOutput{e: e})
	fs.Usage = func() { printUsage(fs.Output(), name, fs) }
	return fs
}

// printUsage writes a command's usage line, what it does and its flags.
func printUsage(w io.Writer, name string, fs *flag.FlagSet) {
	for _, c := range commands {
		if c.name == name {
			fmt.Fprintf(w, "Usage: %s\n\n%s\n", strings.TrimSpace("rete "+c.name+" "+c.args), c.does)
		}
	}
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintf(w, "\nFlags:\n")
		fs.PrintDefaults()
	}
}

// parseFlags parses a subcommand's flags. -h prints the usage to stdout
// and returns errHelp; a bad flag prints it to stderr and is a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	out, ok := fs.Output().(*flagOutput)
	if !ok {
		return err
	}
	defer out.buf.Reset()
	switch {
	case errors.Is(err, flag.ErrHelp):
		_, _ = out.buf.WriteTo(out.e.stdout)
		return errHelp
	case err != nil:
		_, _ = out.buf.WriteTo(out.e.stderr)
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}
