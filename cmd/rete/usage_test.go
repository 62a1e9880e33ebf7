package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHelpDoesNothing checks that every way of asking a subcommand for
// help prints its usage and flags, exits 0, and neither creates a data dir
// nor serves.
func TestHelpDoesNothing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	data := filepath.Join(dir, "served-data")
	conf := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf("data_dir: %s\nhttp: {listen: \"127.0.0.1:0\"}\n", data)), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		cmd  []string
		flag string // one flag the usage must list; "" for none
	}{
		{[]string{"serve"}, "-config"},
		{[]string{"console"}, "-demo"},
		{[]string{"backup"}, "-data"},
		{[]string{"restore"}, "-data"},
		{[]string{"round"}, "-community"},
		{[]string{"simulate"}, "-members"},
		{[]string{"slack-manifest"}, "-socket-mode"},
		{[]string{"discord-invite"}, "-app-id"},
		{[]string{"version"}, ""},
	}
	for _, tt := range tests {
		name := tt.cmd[0]
		for _, args := range [][]string{
			append(tt.cmd, "-h"),
			append(tt.cmd, "--help"),
			{"help", name},
		} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				var stdout, stderr strings.Builder
				err := run(ctx, args, strings.NewReader("join\n"), &stdout, &stderr)
				if err != nil {
					t.Fatalf("err %v, want none (exit 0)\n%s", err, stderr.String())
				}
				if ctx.Err() != nil {
					t.Fatal("help ran until the deadline: it served")
				}
				out := stdout.String()
				if !strings.HasPrefix(out, "Usage: rete "+name) || tt.flag != "" && !strings.Contains(out, tt.flag) {
					t.Errorf("stdout lacks the usage of %s with %s:\n%s", name, tt.flag, out)
				}
				for _, d := range []string{"rete-data", data} {
					if _, err := os.Stat(d); !os.IsNotExist(err) {
						t.Errorf("%s exists after help (%v)", d, err)
					}
				}
			})
		}
	}
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"help", "help"}, {"help", "-h"}, {"-h", "--help"}} {
		if out, _, err := runRete(t, "", args...); err != nil || !strings.Contains(out, "Usage:\n  rete ") {
			t.Errorf("%q: %v, want rete's usage\n%s", args, err, out)
		}
	}
	// Help also stops a command whose other flags are set.
	if out, _, err := runRete(t, "", "serve", "--config", conf, "-h"); err != nil || !strings.HasPrefix(out, "Usage: rete serve") {
		t.Errorf("serve --config F -h: %v\n%s", err, out)
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("serve --config F -h created its data dir (%v)", err)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string // in the error
	}{
		{[]string{"console", "--bogus"}, "flag provided but not defined"},
		{[]string{"console", "extra"}, "takes no arguments"},
		{[]string{"serve", "extra"}, "takes no arguments"},
		{[]string{"version", "extra"}, "takes no arguments"},
		{[]string{"round"}, "preview|now"},
		{[]string{"help", "frobnicate"}, `unknown command "frobnicate"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Chdir(t.TempDir())
			out, _, err := runRete(t, "", tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "usage: ") {
				t.Errorf("err %v, want a usage error with %q", err, tt.want)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing on an error", out)
			}
		})
	}
}

func TestSlackManifestRefusesBadInput(t *testing.T) {
	tests := []struct {
		args []string
		want string // in the error; "" for a manifest
	}{
		{[]string{"--url", "https://rete.example.com"}, ""},
		{[]string{"--socket-mode"}, ""},
		{[]string{"--url", "https://rete.example.com", "--command", "/network"}, ""},
		{[]string{"--url", "http://rete.example.com"}, "want https://HOST"},
		{[]string{"--url", "ftp://rete.example.com"}, "want https://HOST"},
		{[]string{"--url", "rete.example.com"}, "want https://HOST"},
		{[]string{"--url", "https://"}, "host is missing"},
		{[]string{"--url", "https://rete.example.com", "--command", "rete"}, "want a / and a name"},
		{[]string{"--url", "https://rete.example.com", "--command", "/rete bot"}, "no spaces"},
		{[]string{"--socket-mode", "--command", "/" + strings.Repeat("r", 32)}, "at most 32 characters"},
		{[]string{"--socket-mode", "--command", "/Rete"}, "lower case"},
		{[]string{}, "--url https://HOST, or --socket-mode"},
		{[]string{"https://rete.example.com"}, "takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, _, err := runRete(t, "", append([]string{"slack-manifest"}, tt.args...)...)
			if tt.want == "" {
				if err != nil || !strings.Contains(out, `"slash_commands"`) {
					t.Errorf("err %v, want a manifest:\n%s", err, out)
				}
				return
			}
			if err == nil || !errors.Is(err, errUsage) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want a usage error (exit 2) with %q", err, tt.want)
			}
			if out != "" {
				t.Errorf("stdout %q, want no manifest", out)
			}
		})
	}
}

func TestRoundOnMissingDataDirCreatesNothing(t *testing.T) {
	data := filepath.Join(t.TempDir(), "typo")
	_, _, err := runRete(t, "", "round", "preview", "--data", data)
	if err == nil || errors.Is(err, errUsage) || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("err %v, want an error (exit 1) saying the data dir does not exist", err)
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("round created %s (%v)", data, err)
	}
}
