package main

import (
	"context"
	"errors"
	"maps"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/dash"
)

// dashboardURL is where the dashboard's sign-in links point: the public
// URL, or else the listen address, so that the console demo works as is.
func dashboardURL(h HTTPConfig) string {
	if h.PublicURL != "" {
		return h.PublicURL
	}
	if h.Listen == "" {
		return ""
	}
	host := h.Listen
	if strings.HasPrefix(host, ":") {
		host = "localhost" + host
	}
	return "http://" + host
}

// dashboard is the moderators' web dashboard of this rete. Its member
// counts are the ones /metrics caches (at most 30 s old, longer when
// counting is slow), so that the overview scans no member.
func (a *app) dashboard() *dash.Server {
	if a.dash != nil {
		return a.dash
	}
	counts := func(_ context.Context, community string, _ time.Time) (map[bot.Status]int, error) {
		cs, _ := a.metrics.state.counted()
		if cs == nil {
			return nil, errors.New("members not counted yet")
		}
		return maps.Clone(cs.Members[community]), nil
	}
	a.dash = dash.New(dash.Config{Bot: a.bot, Store: a.db, Counts: counts, Now: a.clock.Now, Logger: a.log,
		Secure: strings.HasPrefix(dashboardURL(a.cfg.HTTP), "https://")})
	return a.dash
}

// serveConsoleDashboard serves the dashboard and the calendar files
// ([app.publicRoutes]) on http.listen while the console runs; a busy
// address only costs them, not the console.
func (a *app) serveConsoleDashboard() (stop func()) {
	ln, err := net.Listen("tcp", a.cfg.HTTP.Listen)
	if err != nil {
		a.log.Warn("dashboard not served", "err", err)
		return func() {}
	}
	mux := http.NewServeMux()
	a.publicRoutes(mux)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			a.log.Warn("dashboard stopped", "err", err)
		}
	}()
	return func() {
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
		<-done
	}
}
