package discord

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/time/rate"
)

// transport is the REST client's round tripper: it keeps the bot under
// Discord's global limit (discordgo keeps the per-route buckets, from the
// response headers, but learns of the global limit only from a 429, and
// 429s count towards the invalid requests that bring a ban), and, when an
// API URL is configured, sends discord.com's traffic there. discordgo's
// endpoints are package variables computed at init, so rewriting requests
// is the one way to point a session elsewhere that is safe in parallel
// tests.
type transport struct {
	base   http.RoundTripper
	target *url.URL // nil: leave requests as they are
	global *rate.Limiter
}

func newTransport(base http.RoundTripper, apiURL string, perSecond float64) (*transport, error) {
	if base == nil {
		base = http.DefaultTransport
	}
	// No burst: evenly spaced requests stay under the limit in any
	// second, however Discord counts it.
	t := &transport{base: base, global: rate.NewLimiter(rate.Limit(perSecond), 1)}
	if apiURL != "" {
		u, err := url.Parse(apiURL)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("discord: api_url %q: want a URL such as https://discord.com", apiURL)
		}
		t.target = u
	}
	return t, nil
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	// Interaction responses are outside the global limit.
	if !strings.Contains(r.URL.Path, "/interactions/") {
		if err := t.global.Wait(r.Context()); err != nil {
			return nil, err
		}
	}
	if t.target != nil && (r.URL.Host == "discord.com" || strings.HasSuffix(r.URL.Host, ".discord.com")) {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host = t.target.Scheme, t.target.Host
		r.Host = t.target.Host
	}
	return t.base.RoundTrip(r)
}
