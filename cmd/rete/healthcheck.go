package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// cmdHealthcheck GETs /healthz of a running `rete serve` and fails unless
// it answers 200: the container image has no curl, and a HEALTHCHECK
// needs a probe.
func cmdHealthcheck(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "healthcheck")
	cf := addConfigFlags(fs)
	url := fs.String("url", "", "the URL to probe (default: http://LISTEN/healthz, LISTEN from http.listen of the config)")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: rete healthcheck takes no arguments, got %q", errUsage, fs.Args())
	}
	if *url == "" {
		cfg, err := cf.load()
		if err != nil {
			return err
		}
		*url = "http://" + probeAddr(cfg.HTTP.Listen) + "/healthz"
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return fmt.Errorf("%w: --url %q: %v", errUsage, *url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s", *url, resp.Status)
	}
	fmt.Fprintln(e.stdout, "ok")
	return nil
}

// probeAddr is where a local probe reaches a server listening on listen:
// a wildcard host (":8080", "0.0.0.0:8080", "[::]:8080") is reached on
// the loopback address.
func probeAddr(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
