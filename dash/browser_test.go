package dash_test

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rete-bot/rete/bot"
)

var (
	updateScreenshot = flag.Bool("screenshot", false, "write the overview screenshot to docs/dashboard-overview.png")
	times            = flag.Bool("times", false, "measure page times with 100k members")
)

// chromium is the path of a Chromium the browser tests drive; it skips
// the test when this machine has none.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on this machine (apt-get install chromium)")
	return ""
}

// browser is a headless Chromium at path with a window w by h, stopped
// when the test ends; the test has a minute from now to use it.
func browser(t *testing.T, path string, w, h int) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.WindowSize(w, h))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(actx)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancel(); cancelBrowser(); cancelAlloc() })
	return ctx
}

func TestBrowserSignInPauseSignOut(t *testing.T) {
	path := chromium(t)
	e := newEnv(t)
	e.joinAll()
	e.do("anna", "offer add go")
	e.do("mod", "round now")
	e.do("anna", "met yes")
	e.do("bruno", "met yes")
	e.do("carla", "met no")
	e.do("dario", "pause 2w")
	e.put(person{user: "ettore", name: "Ettore", handle: "ettore", slack: true})
	e.seedWeeks()

	ctx := browser(t, path, 1100, 900)

	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(t.TempDir(), name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		if name == "overview" && *updateScreenshot {
			if err := os.WriteFile(filepath.Join("..", "docs", "dashboard-overview.png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	// waitURL waits for the page whose address holds part: a click that
	// submits a form returns before the next page is there.
	waitURL := func(part string) {
		t.Helper()
		for range 100 {
			if u, err := chromedp.Run(ctx, chromedp.Location()); err == nil && strings.Contains(u, part) {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("no page with %q in its address", part)
	}

	// Sign in through the link, and see the overview with its charts.
	if err := chromedp.Do(ctx, chromedp.Navigate(e.link("mod")), chromedp.Click(chromedp.CSS("form.plain button")), chromedp.WaitVisible(chromedp.CSS("svg.chart"))); err != nil {
		t.Fatalf("overview: %v", err)
	}
	if h := text("h2"); !strings.Contains(h, "Members by status") {
		t.Errorf("overview's first heading %q", h)
	}
	shot("overview")

	// Skills, with the chart of offered ones.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/dash/skills"]`)),
		chromedp.WaitVisible(chromedp.CSS("svg.chart")),
	); err != nil {
		t.Fatalf("skills: %v", err)
	}
	shot("skills")

	// Rounds, with their groups.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/dash/rounds"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/dash/rounds/preview"]`)),
	); err != nil {
		t.Fatalf("rounds: %v", err)
	}
	shot("rounds")

	// Events.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/dash/events"]`)),
		chromedp.WaitVisible(chromedp.CSS("main section h2")),
	); err != nil {
		t.Fatalf("events: %v", err)
	}
	shot("events")

	// Members, filtered to the active ones.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/dash/members"]`)),
		chromedp.WaitVisible(chromedp.CSS("form.filter")),
		chromedp.SetValue(chromedp.CSS(`select[name="status"]`), "active"),
		chromedp.Click(chromedp.CSS("form.filter button")),
	); err != nil {
		t.Fatalf("members: %v", err)
	}
	waitURL("status=active")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("table tbody tr"))); err != nil {
		t.Fatalf("filtered members: %v", err)
	}
	if body := text("table tbody"); strings.Contains(body, "dario") || !strings.Contains(body, "anna") {
		t.Errorf("active members table:\n%s", body)
	}
	shot("members")

	// Members on Slack, then a search typed on the console's.
	filter := func(platform, search, want string) string {
		t.Helper()
		// A node found while the last page still settles can be gone
		// when acted on: the form is filled again then.
		var err error
		for range 3 {
			if err = chromedp.Do(ctx,
				chromedp.WaitReady(chromedp.CSS(`form.filter button`)),
				chromedp.SetValue(chromedp.CSS(`select[name="platform"]`), platform),
				chromedp.Clear(chromedp.CSS(`input[name="q"]`)),
				chromedp.SendKeys(chromedp.CSS(`input[name="q"]`), search),
				chromedp.Click(chromedp.CSS("form.filter button")),
			); err == nil {
				break
			}
		}
		if err != nil {
			t.Fatalf("filter %s %q: %v", platform, search, err)
		}
		waitURL(want)
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("table tbody tr"))); err != nil {
			t.Fatalf("filtered members: %v", err)
		}
		return text("table tbody")
	}
	if body := filter("slack", "", "platform=slack"); !strings.Contains(body, "Ettore") || strings.Contains(body, "anna") {
		t.Errorf("members on slack:\n%s", body)
	}
	if body := filter("console", "an", "q=an"); !strings.Contains(body, "anna") || strings.Contains(body, "bruno") || strings.Contains(body, "Ettore") {
		t.Errorf("members on the console matching %q:\n%s", "an", body)
	}
	shot("members-search")

	// Pause anna (the first row), through the confirmation.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("table tbody tr form.inline button")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/dash/members/act"] button`)),
	); err != nil {
		t.Fatalf("confirmation: %v", err)
	}
	shot("confirm")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/dash/members/act"] button`)),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	); err != nil {
		t.Fatalf("pause: %v", err)
	}
	if st := e.status("anna"); st != bot.StatusPaused {
		t.Errorf("after pausing in the browser anna is %s", st)
	}

	// Sign out: the pages are closed again.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("header form button")),
		chromedp.WaitVisible(chromedp.CSS("p.plain")),
		chromedp.Navigate(e.srv.URL+"/dash/"),
		chromedp.WaitVisible(chromedp.CSS("p.plain")),
	); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	if s := text("p.plain"); !strings.Contains(s, "expired") {
		t.Errorf("overview after sign-out says %q", s)
	}
}
