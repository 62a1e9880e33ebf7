package dash_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/dash"
	"github.com/rete-bot/rete/store"
)

const comm = "acme"

// env is a bot on a real in-memory store with the dashboard served.
type env struct {
	t   *testing.T
	b   *bot.Bot
	db  *store.DB
	srv *httptest.Server
	now time.Time
	// cached, when set, are the member counts the dashboard reads, as
	// cmd/rete's cached census gives them.
	cached map[bot.Status]int
	// countGate, when set, holds a count of the members until it is
	// closed.
	countGate chan struct{}
}

func newEnv(t *testing.T) *env { t.Helper(); return newEnvAt(t, "") }

// newEnvAt is newEnv on a store in dir, in memory when dir is "".
func newEnvAt(t *testing.T, dir string) *env {
	t.Helper()
	db, err := store.Open(dir, store.Options{InMemory: dir == ""})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := &env{t: t, db: db, now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	mux := http.NewServeMux()
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	set := bot.DefaultSettings()
	set.Name, set.Language = "Acme", bot.LangEN
	e.b, err = bot.New(bot.Config{Store: db, Now: func() time.Time { return e.now }, DashboardURL: e.srv.URL,
		Communities: []bot.Community{{ID: comm, Moderators: []string{"console:mod"}, Spaces: []bot.Space{{Platform: "console", ID: "local"}, {Platform: "telegram", ID: "-100"}},
			Settings: set}}})
	if err != nil {
		t.Fatal(err)
	}
	counts := func(ctx context.Context, community string, now time.Time) (map[bot.Status]int, error) {
		if e.countGate != nil {
			<-e.countGate
		}
		if e.cached != nil {
			return e.cached, nil
		}
		c, err := db.Census(ctx, now)
		if err != nil {
			return nil, err
		}
		return c.Members[community], nil
	}
	ds := dash.New(dash.Config{Bot: e.b, Store: db, Counts: counts, Now: func() time.Time { return e.now }})
	ds.Routes(mux)
	t.Cleanup(ds.Close) // before the store closes

	return e
}

// do runs a command as user in the console space, privately.
func (e *env) do(user, text string) bot.Message {
	return e.b.Handle(context.Background(), &bot.Request{Platform: "console", Space: "local", User: user, Name: user, Private: true, Text: text})
}

// joinAll has anna, bruno, carla and dario join: enough for a round.
func (e *env) joinAll() {
	for _, u := range []string{"anna", "bruno", "carla", "dario"} {
		e.do(u, "join")
	}
}

// link asks for a sign-in link as user; "" when the reply has none.
func (e *env) link(user string) string { return signinLink(e.do(user, "dashboard")) }

// signinLink is the sign-in link a reply to `dashboard` holds; "" when
// it holds none.
func signinLink(m bot.Message) string {
	for _, bl := range m.Blocks {
		for _, s := range bl.Spans {
			if s.Style == bot.Link && strings.Contains(s.URL, "/dash/signin") {
				return s.URL
			}
		}
	}
	return ""
}

// client is a browser: it keeps cookies and does not follow redirects
// blindly, so tests see what each response says.
func (e *env) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

func get(t *testing.T, c *http.Client, u string) (int, string, http.Header) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, readBody(t, resp), resp.Header
}

var tokenRE = regexp.MustCompile(`name="token" value="([^"]+)"`)
var formRE = regexp.MustCompile(`name="form" value="([^"]+)"`)

var labelRE = regexp.MustCompile(` data-label="[^"]*"`)

// unlabeled is a page without the cells' data-label attributes, which
// only a phone's stylesheet shows: the tests' pages leave them out.
func unlabeled(body string) string { return labelRE.ReplaceAllString(body, "") }

// open opens a sign-in link as a moderator does: the link's page, then
// its button.
func open(t *testing.T, c *http.Client, link string) (int, string, http.Header) {
	t.Helper()
	code, body, h := get(t, c, link)
	if code != http.StatusOK {
		return code, body, h
	}
	m := tokenRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the sign-in page has no sign-in form")
	}
	f := formRE.FindStringSubmatch(body)
	if f == nil {
		t.Fatal("the sign-in page has no form token")
	}
	resp, err := c.PostForm(strings.Split(link, "?")[0], url.Values{"token": {m[1]}, "form": {f[1]}})
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, readBody(t, resp), resp.Header
}

func TestLinkPreviewLeavesLinkWorking(t *testing.T) {
	e := newEnv(t)
	link := e.link("mod")
	for range 2 { // a chat's preview fetches the link first
		if code, _, _ := get(t, e.client(), link); code != http.StatusOK {
			t.Fatalf("opening the link: %d", code)
		}
	}
	if code, body, _ := open(t, e.client(), link); code != http.StatusOK || !strings.Contains(body, "/dash/signout") {
		t.Errorf("signing in after a preview: %d, want the overview", code)
	}
}

func TestSignInLinkWorksOnceAndExpires(t *testing.T) {
	e := newEnv(t)
	link := e.link("mod")
	if link == "" {
		t.Fatal("a moderator's dashboard command gave no sign-in link")
	}
	c := e.client()
	code, body, _ := open(t, c, link)
	if code != http.StatusOK || !strings.Contains(body, "/dash/signout") {
		t.Fatalf("first use: %d, want the overview", code)
	}
	u, _ := url.Parse(e.srv.URL + "/dash/")
	cookies := c.Jar.Cookies(u)
	if len(cookies) != 1 {
		t.Fatalf("cookies after sign-in: %v", cookies)
	}
	code, body, _ = open(t, e.client(), link)
	if code != http.StatusGone || !strings.Contains(body, "expired") {
		t.Errorf("second use: %d, want 410 and the expired page", code)
	}

	late := e.link("mod")
	e.now = e.now.Add(11 * time.Minute)
	if code, _, _ := open(t, e.client(), late); code != http.StatusGone {
		t.Errorf("link opened after 11 minutes: %d, want 410", code)
	}
	forged := e.srv.URL + "/dash/signin?token=abcdefghijklmnop"
	if code, _, _ := open(t, e.client(), forged); code != http.StatusGone {
		t.Errorf("forged link: %d, want 410", code)
	}
}

func TestSessionCookieIsStrict(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	_, _, h := open(t, c, e.link("mod"))
	var session *http.Cookie
	for _, ck := range (&http.Response{Header: h}).Cookies() {
		if ck.Name == "rete_dash" {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteStrictMode || session.MaxAge != 12*3600 {
		t.Fatalf("session cookie %+v, want HttpOnly, SameSite=Strict, 12 hours", session)
	}
}

// A sign-in POST that does not come from the sign-in page this browser
// opened (another site posting a link of its own: login CSRF) is refused.
func TestSignInNeedsTheSignInPagesForm(t *testing.T) {
	e := newEnv(t)
	link := e.link("mod")
	token := link[strings.Index(link, "token=")+len("token="):]
	other := e.client()
	_, page, _ := get(t, other, link) // the attacker's own copy of the page
	f := formRE.FindStringSubmatch(page)
	if f == nil {
		t.Fatal("the sign-in page has no form token")
	}
	for name, v := range map[string]url.Values{
		"no form token":        {"token": {token}},
		"another page's token": {"token": {token}, "form": {f[1]}},
	} {
		code, _ := post(t, e.client(), e.srv.URL+"/dash/signin", v)
		if code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, code)
		}
	}
	if code, _, _ := open(t, e.client(), link); code != http.StatusOK {
		t.Errorf("the refused POSTs used the link up: %d", code)
	}
}

func TestNonModeratorGetsNoLinkNorPages(t *testing.T) {
	e := newEnv(t)
	e.do("anna", "join")
	if link := e.link("anna"); link != "" {
		t.Fatalf("a member who is not a moderator got a sign-in link: %s", link)
	}
	if code, _, _ := get(t, e.client(), e.srv.URL+"/dash/"); code != http.StatusForbidden {
		t.Errorf("overview without a session: %d, want 403", code)
	}
}

func TestSignOutNeedsCSRFAndEndsSession(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	_, body, _ := open(t, c, e.link("mod"))
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("overview has no CSRF token in its sign-out form")
	}
	resp, err := c.PostForm(e.srv.URL+"/dash/signout", url.Values{"csrf": {"wrong"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-out with a wrong CSRF token: %d, want 403", resp.StatusCode)
	}
	if code, _, _ := get(t, c, e.srv.URL+"/dash/"); code != http.StatusOK {
		t.Fatalf("session gone after a refused sign-out: %d", code)
	}
	resp, err = c.PostForm(e.srv.URL+"/dash/signout", url.Values{"csrf": {m[1]}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("sign-out: %d, want 200", resp.StatusCode)
	}
	if code, _, _ := get(t, c, e.srv.URL+"/dash/"); code != http.StatusForbidden {
		t.Errorf("overview after sign-out: %d, want 403", code)
	}
}

func TestPagesCarryStrictCSP(t *testing.T) {
	e := newEnv(t)
	c, _ := e.signIn()
	for _, u := range []string{e.link("mod"), e.srv.URL + "/dash/", e.srv.URL + "/dash/skills", e.srv.URL + "/dash/members", e.srv.URL + "/dash/rounds", e.srv.URL + "/dash/events", e.srv.URL + "/dash/style.css"} {
		_, body, h := get(t, c, u)
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", u, csp)
		}
		if strings.Contains(body, "<script") || strings.Contains(body, "style=") {
			t.Errorf("%s: page has inline script or style", u)
		}
	}
}

func TestOverviewCountsMembersByStatus(t *testing.T) {
	e := newEnv(t)
	for _, u := range []string{"anna", "bruno", "carla"} {
		e.do(u, "join")
	}
	e.do("carla", "pause 2w")
	_, body, _ := open(t, e.client(), e.link("mod"))
	for _, want := range []string{`<td>active</td><td class="n">2</td>`, `<td>paused</td><td class="n">1</td>`, "<svg"} {
		if !strings.Contains(body, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
}

func TestOverviewSpeaksItalian(t *testing.T) {
	e := newEnv(t)
	e.do("mod", "join")
	e.do("mod", "lang it")
	_, body, _ := open(t, e.client(), e.link("mod"))
	if !strings.Contains(body, `lang="it"`) || !strings.Contains(body, "Membri per stato") {
		t.Error("overview of an Italian-speaking moderator is not in Italian")
	}
}

func TestSignInTokenIsNoLinkCode(t *testing.T) {
	e := newEnv(t)
	e.do("anna", "join")
	link := e.link("mod")
	token := link[strings.Index(link, "token=")+len("token="):]
	e.do("anna", "link "+token)
	if code, _, _ := open(t, e.client(), link); code != http.StatusOK {
		t.Errorf("sign-in link after someone typed its token to link: %d, want it still valid", code)
	}
}

func TestOverviewShowsRoundsAndMeetingRate(t *testing.T) {
	e := newEnv(t)
	e.joinAll()
	e.do("mod", "round now")
	e.do("anna", "met yes")
	e.do("bruno", "met no")
	_, body, _ := open(t, e.client(), e.link("mod"))
	body = unlabeled(body)
	if !strings.Contains(body, "<td>#1</td>") {
		t.Fatal("the round is not in the overview")
	}
	if !strings.Contains(body, `<td class="n">2</td><td class="n">50%</td>`) {
		t.Errorf("round 1 does not show 2 answers and a 50%% meeting rate")
	}
}

func TestSkillsShowsOfferedSoughtAndUnmet(t *testing.T) {
	e := newEnv(t)
	e.do("anna", "join")
	e.do("anna", "offer add go")
	e.do("bruno", "join")
	e.do("bruno", "seek add go, rust")
	c, _ := e.signIn()
	code, body, _ := get(t, c, e.srv.URL+"/dash/skills")
	if code != http.StatusOK {
		t.Fatalf("skills: %d", code)
	}
	unmet := body[strings.Index(body, "Unmet demand"):]
	if !strings.Contains(unmet, "<td>rust</td>") || strings.Contains(unmet, "<td>go</td>") {
		t.Errorf("unmet demand is not just rust:\n%s", unmet)
	}
}

// readBody reads and closes resp's body.
func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
