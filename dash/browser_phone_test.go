package dash_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rete-bot/rete/bot"
)

// phoneWidth is the CSS width of a common phone screen.
const phoneWidth = 390

func TestBrowserPagesFitAPhone(t *testing.T) {
	path := chromium(t)
	e := newEnv(t)
	e.joinAll()
	e.do("anna", "offer add kubernetes administration, go")
	e.do("bruno", "seek add kubernetes administration, product management")
	e.do("mod", "round now")
	e.do("anna", "met yes")
	e.do("bruno", "met no")
	e.seedWeeks()
	e.putEvents(&bot.Event{Community: comm, ID: "1", Title: "Aperitivo di networking al Politecnico", Start: e.now.Add(72 * time.Hour),
		Place: "https://meet.example.org/a-rather-long-meeting-link-without-spaces", RSVPs: map[string]bool{"console:local:anna": true}})

	ctx := browser(t, path, phoneWidth, 844)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(phoneWidth, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	// fits screenshots the page and fails when it, or a section of it,
	// is wider than the phone: the reader would have to scroll sideways.
	fits := func(name string) {
		t.Helper()
		// Table views of charts too: open every <details> first.
		over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("details").forEach(d => d.open = true), Math.max(document.documentElement.scrollWidth - window.innerWidth,
			...Array.from(document.querySelectorAll("section"), s => s.scrollWidth - s.clientWidth))`))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if over > 0 {
			wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("section table, section svg"),
				e => e.getBoundingClientRect().right > window.innerWidth ? e.outerHTML.slice(0, 80) : "").filter(Boolean).join("\n")`))
			t.Errorf("%s overflows a %d px phone by %d px:\n%s", name, phoneWidth, over, wide)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, "phone-"+name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// tour signs in and fits every page, in the moderator's language.
	tour := func(lang, label string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(e.link("mod")), chromedp.WaitVisible(chromedp.CSS("form.plain button"))); err != nil {
			t.Fatalf("sign-in page: %v", err)
		}
		fits(lang + "-signin")
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("form.plain button")), chromedp.WaitVisible(chromedp.CSS("svg.chart"))); err != nil {
			t.Fatalf("overview: %v", err)
		}
		fits(lang + "-overview")
		for _, p := range []struct{ name, path, wait string }{
			{"skills", "/dash/skills", "svg.chart"},
			{"members", "/dash/members", "form.filter"},
			{"rounds", "/dash/rounds", "article.round"},
			{"preview", "/dash/rounds/preview", "main section"},
			{"events", "/dash/events", "tr.event"},
		} {
			if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait))); err != nil {
				t.Fatalf("%s: %v", p.name, err)
			}
			fits(lang + "-" + p.name)
		}
		// A member card says what its figures are.
		if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/dash/members"), chromedp.WaitVisible(chromedp.CSS("form.filter"))); err != nil {
			t.Fatal(err)
		}
		before, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("table.members td.status"), "::before").content`))
		if err != nil || !strings.Contains(before, label) {
			t.Errorf("%s: a member card's status reads %q, want its label %q (%v)", lang, before, label, err)
		}
	}
	e.do("mod", "join")
	e.do("mod", "lang it")
	tour("it", "Stato")
	e.do("mod", "lang en")
	tour("en", "Status")
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/dash/members"), chromedp.WaitVisible(chromedp.CSS("table tbody tr form.inline button")),
		chromedp.Click(chromedp.CSS("table tbody tr form.inline button")), chromedp.WaitVisible(chromedp.CSS(`form[action="/dash/members/act"] button`))); err != nil {
		t.Fatalf("confirmation: %v", err)
	}
	fits("confirm")
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/dash/signin?token=abcdefghijklmnop"), chromedp.WaitVisible(chromedp.CSS("p.plain"))); err != nil {
		t.Fatalf("expired page: %v", err)
	}
	fits("expired")
	t.Logf("phone screenshots in %s", dir)
}
