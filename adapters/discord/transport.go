package discord

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

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
	base    http.RoundTripper
	target  *url.URL // nil: leave requests as they are
	global  *rate.Limiter
	now     func() time.Time
	invalid invalidGuard
}

// Discord bans a bot for a while after 10,000 invalid requests (401, 403,
// 429) in 10 minutes; the adapter stops itself at a tenth of that.
const (
	invalidWindow = 10 * time.Minute
	// DefaultMaxInvalid is how many invalid requests the adapter allows
	// itself in the window.
	DefaultMaxInvalid = 1000
)

// invalidGuard counts invalid requests over the window.
type invalidGuard struct {
	mu    sync.Mutex
	max   int
	times []time.Time // oldest first
}

// wait is how long until one more invalid request is allowed; 0 now.
func (g *invalidGuard) wait(now time.Time) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	for len(g.times) > 0 && now.Sub(g.times[0]) >= invalidWindow {
		g.times = g.times[1:]
	}
	if len(g.times) < g.max {
		return 0
	}
	return invalidWindow - now.Sub(g.times[0])
}

func (g *invalidGuard) record(now time.Time) {
	g.mu.Lock()
	g.times = append(g.times, now)
	g.mu.Unlock()
}

// errTooManyInvalid refuses a request that could bring the bot near
// Discord's ban for invalid requests.
type errTooManyInvalid struct{ wait time.Duration }

func (e *errTooManyInvalid) Error() string {
	return fmt.Sprintf("too many refused requests in 10 minutes: waiting %s so that Discord does not ban the bot", e.wait.Round(time.Second))
}

func newTransport(base http.RoundTripper, apiURL string, perSecond float64, maxInvalid int, now func() time.Time) (*transport, error) {
	if base == nil {
		base = http.DefaultTransport
	}
	// No burst: evenly spaced requests stay under the limit in any
	// second, however Discord counts it.
	t := &transport{base: base, global: rate.NewLimiter(rate.Limit(perSecond), 1), now: now, invalid: invalidGuard{max: maxInvalid}}
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
	if wait := t.invalid.wait(t.now()); wait > 0 {
		return nil, &errTooManyInvalid{wait: wait}
	}
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
	resp, err := t.base.RoundTrip(r)
	if err == nil && invalid(resp) {
		t.invalid.record(t.now())
	}
	return resp, err
}

// invalid reports whether Discord counts resp as an invalid request: a
// 401, a 403, or a 429 other than one on a shared resource.
func invalid(resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden:
		return true
	case http.StatusTooManyRequests:
		return resp.Header.Get("X-RateLimit-Scope") != "shared"
	}
	return false
}
