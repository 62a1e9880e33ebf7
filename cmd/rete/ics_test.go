package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/rete-bot/rete/bot"
)

func TestEventICSRoute(t *testing.T) {
	a, out := icsApp(t)
	reply := a.bot.Handle(context.Background(), &bot.Request{Platform: "console", Space: "local", User: "admin", Private: true,
		Text: "announce Aperitivo; soci, amici | tomorrow 18:30 | Bar Centrale, Roma | Bring cards"})
	if !strings.Contains(reply.PlainText(), "Event 1 announced") {
		t.Fatalf("announce: %s", reply.PlainText())
	}
	if err := a.bot.DeliverDue(context.Background(), "console"); err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`https://rete\.example(/events/local-1-[0-9a-f]{16}\.ics)`).FindStringSubmatch(out.String())
	if link == nil {
		t.Fatalf("the post lacks the calendar link:\n%s", out.String())
	}
	getICS(t, a, []icsCase{
		{link[1], http.StatusOK},
		{"/events/local-1.ics", http.StatusNotFound}, // no key: ids cannot be counted
		{"/events/1.ics", http.StatusNotFound},
		{"/events/local-2.ics", http.StatusNotFound},
		{"/events/other-1.ics", http.StatusNotFound},
		{"/events/local-1", http.StatusNotFound},
		{"/events/.ics", http.StatusNotFound},
	}, []string{"BEGIN:VCALENDAR\r\n", "UID:local-1@rete\r\n", `SUMMARY:Aperitivo\; soci\, amici` + "\r\n",
		"DTSTART;TZID=Europe/Rome:", "T183000\r\n", "LOCATION:Bar Centrale\\, Roma\r\n", "BEGIN:VTIMEZONE\r\n", "STATUS:CONFIRMED\r\n"})
}

// icsApp is a console app of one community, in Rome, whose calendar links
// start https://rete.example/; out holds what the console printed.
func icsApp(t *testing.T) (*app, *strings.Builder) {
	t.Helper()
	yaml := `data_dir: ` + t.TempDir() + `
http: {public_url: "https://rete.example/"}
log: {level: error}
communities:
  - id: local
    name: Local
    language: en
    timezone: Europe/Rome
    moderators: ["console:admin"]
    spaces:
      - {platform: console, id: local, announce_channel: announcements}
`
	return yamlApp(t, yaml)
}

// yamlApp is a console app of the config yaml; out holds what the
// console printed.
func yamlApp(t *testing.T, yaml string) (*app, *strings.Builder) {
	t.Helper()
	cfg, err := parseConfig("test.yaml", []byte(yaml), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	out := new(strings.Builder)
	a, err := newApp(env{stdin: strings.NewReader(""), stdout: out, stderr: io.Discard}, cfg, true, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a, out
}

// icsCase is a path the app serves and the status it answers with.
type icsCase struct {
	path   string
	status int
}

// getICS fetches each path from a's routes and wants its status and, of a
// calendar, its content type and the lines want.
func getICS(t *testing.T, a *app, tests []icsCase, want []string) {
	t.Helper()
	var ready atomic.Bool
	h, err := a.routes(&ready)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, tt := range tests {
		resp, err := http.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, resp.StatusCode, tt.status)
			continue
		}
		if tt.status != http.StatusOK {
			continue
		}
		if ct := resp.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
			t.Errorf("%s: content type %q", tt.path, ct)
		}
		for _, w := range want {
			if !strings.Contains(string(body), w) {
				t.Errorf("%s lacks %q:\n%s", tt.path, w, body)
			}
		}
	}
}

func TestSlotICSRoute(t *testing.T) {
	a, out := icsApp(t)
	ctx := context.Background()
	for _, u := range []string{"anna", "marco"} {
		a.bot.Handle(ctx, &bot.Request{Platform: "console", Space: "local", User: u, Name: u, Private: true, Text: "join"})
	}
	a.bot.Handle(ctx, &bot.Request{Platform: "console", Space: "local", User: "admin", Private: true, Text: "round now"})
	if err := a.bot.DeliverDue(ctx, "console"); err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`https://rete\.example(/meet/local/([^/]+)/0-1-([0-9a-f]{16})\.ics)`).FindStringSubmatch(out.String())
	if link == nil {
		t.Fatalf("the intro lacks the slot's calendar link:\n%s", out.String())
	}
	round, key := link[2], link[3]
	getICS(t, a, []icsCase{
		{link[1], http.StatusOK},
		{"/meet/local/" + round + "/0-2-" + key + ".ics", http.StatusOK},
		{"/meet/local/" + round + "/0-1-0000000000000000.ics", http.StatusNotFound}, // a wrong key
		{"/meet/local/" + round + "/0-1.ics", http.StatusNotFound},
		{"/meet/local/" + round + "/0-3-" + key + ".ics", http.StatusNotFound}, // two slots only
		{"/meet/local/" + round + "/1-1-" + key + ".ics", http.StatusNotFound}, // one group only
		{"/meet/local/20200101T0000Z/0-1-" + key + ".ics", http.StatusNotFound},
		{"/meet/other/" + round + "/0-1-" + key + ".ics", http.StatusNotFound},
		{"/meet/local/" + round + "/0-1-" + key, http.StatusNotFound},
		{"/meet/local/" + round + "/%2B0-1-" + key + ".ics", http.StatusNotFound}, // only the numbers links hold
		{"/meet/local/" + round + "/00-01-" + key + ".ics", http.StatusNotFound},
	}, []string{"BEGIN:VCALENDAR\r\n", "BEGIN:VEVENT\r\n", "SUMMARY:Call: ", "DTSTART:", "Z\r\nDTEND:", "END:VCALENDAR\r\n"})
}

// The console with http.listen serves the links its messages hold, as
// `serve` does.
func TestConsoleServesTheCalendarLinks(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	yaml := `data_dir: ` + t.TempDir() + `
http: {listen: "` + addr + `", public_url: "http://` + addr + `"}
log: {level: error}
communities:
  - id: local
    name: Local
    moderators: ["console:admin"]
    spaces:
      - {platform: console, id: local, announce_channel: announcements}
`
	a, out := yamlApp(t, yaml)
	ctx := context.Background()
	for _, u := range []string{"anna", "marco"} {
		a.bot.Handle(ctx, &bot.Request{Platform: "console", Space: "local", User: u, Name: u, Private: true, Text: "join"})
	}
	for _, cmd := range []string{"round now", "announce Aperitivo | tomorrow 18:30 | Bar"} {
		a.bot.Handle(ctx, &bot.Request{Platform: "console", Space: "local", User: "admin", Private: true, Text: cmd})
	}
	if err := a.bot.DeliverDue(ctx, "console"); err != nil {
		t.Fatal(err)
	}
	links := regexp.MustCompile(`http://`+regexp.QuoteMeta(addr)+`/(meet|events)/[^ )\n]+\.ics`).FindAllString(out.String(), -1)
	kinds := map[string]bool{}
	for _, l := range links {
		kinds[strings.Split(strings.TrimPrefix(l, "http://"+addr+"/"), "/")[0]] = true
	}
	if !kinds["meet"] || !kinds["events"] {
		t.Fatalf("calendar links %q in:\n%s", links, out.String())
	}
	stop := a.serveConsoleDashboard()
	defer stop()
	for _, l := range links {
		resp, err := http.Get(l)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", l, resp.StatusCode)
		}
	}
}
