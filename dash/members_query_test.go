package dash_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// person is a member as the members-page tests store it, directly.
type person struct {
	user, name, handle string
	status             bot.Status
	slack              bool // also has a linked Slack account
	offers, seeks      []string
	joined, seen       int // days before e.now; seen 0: unknown
	part               bot.Participation
}

func (e *env) put(ps ...person) {
	e.t.Helper()
	err := e.db.Update(context.Background(), func(tx bot.Tx) error {
		for _, p := range ps {
			m := &bot.Member{ID: bot.MemberID{Platform: "console", Space: "local", User: p.user}, Community: comm, Name: p.name, Handle: p.handle,
				Status: cmpOr(p.status, bot.StatusActive), Joined: e.now.AddDate(0, 0, -p.joined), Part: p.part,
				Profile: bot.Profile{Offers: p.offers, Seeks: p.seeks}}
			if p.seen > 0 {
				m.Seen = e.now.AddDate(0, 0, -p.seen)
			}
			if p.slack {
				m.Accounts = []bot.Account{{ID: bot.MemberID{Platform: "slack", Space: "T1", User: "U" + p.user}, Handle: p.handle + "_s"}}
			}
			if err := tx.PutMember(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

func cmpOr[T comparable](v, or T) T {
	var zero T
	if v == zero {
		return or
	}
	return v
}

var whoRE = regexp.MustCompile(`<td class="who">([^<]*)`)

// names are the names of the members table's rows, in order.
func names(body string) []string {
	var out []string
	for _, m := range whoRE.FindAllStringSubmatch(body, -1) {
		out = append(out, html.UnescapeString(strings.TrimSpace(m[1])))
	}
	return out
}

var nextRE = regexp.MustCompile(`<a rel="next" href="([^"]+)"`)
var prevRE = regexp.MustCompile(`<a rel="prev" href="([^"]+)"`)

func link(re *regexp.Regexp, body string) string {
	if m := re.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// five are the members the search, filter and sort tests look at.
func five(e *env) {
	e.put(
		person{user: "anna", name: "Anna Rossi", handle: "annar", offers: []string{"go"}, joined: 30, seen: 1, part: bot.Participation{Rounds: 4, Answered: 4, Met: 3}},
		person{user: "bruno", name: "Bruno", handle: "bru", slack: true, seeks: []string{"go"}, joined: 20, seen: 5, part: bot.Participation{Rounds: 2, Answered: 2, Met: 2}},
		person{user: "carla", name: "Carla Bianchi", handle: "carlab", status: bot.StatusPaused, offers: []string{"sales"}, joined: 10, seen: 2, part: bot.Participation{Rounds: 6}},
		person{user: "dario", name: "Dario", handle: "dariorossi", slack: true, offers: []string{"go", "sales"}, joined: 40, part: bot.Participation{Rounds: 1, Answered: 1}},
		person{user: "elena", name: "elena", handle: "ele", status: bot.StatusLeft, joined: 5, seen: 3},
	)
}

func TestMembersSearchFiltersAndSorts(t *testing.T) {
	e := newEnv(t)
	five(e)
	c, _ := e.signIn()
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{"Anna Rossi", "Bruno", "Carla Bianchi", "Dario", "elena"}},
		{"q=ROSSI", []string{"Anna Rossi", "Dario"}}, // a name, and a handle
		{"q=bru", []string{"Bruno"}},
		{"q=ele_s", nil},                                       // elena has no Slack account
		{"q=bru_s", []string{"Bruno"}},                         // a linked account's handle
		{"status=paused", []string{"Carla Bianchi"}},           //
		{"status=left", []string{"elena"}},                     //
		{"platform=slack", []string{"Bruno", "Dario"}},         //
		{"skill=Go", []string{"Anna Rossi", "Bruno", "Dario"}}, // offered or sought
		{"skill=sales&status=active", []string{"Dario"}},
		{"skill=Golang", []string{"Anna Rossi", "Bruno", "Dario"}}, // find's synonyms
		{"skill=+GO+", []string{"Anna Rossi", "Bruno", "Dario"}},
		{"q=%40annar", []string{"Anna Rossi"}}, // a handle typed with its @
		{"sort=name&order=desc", []string{"elena", "Dario", "Carla Bianchi", "Bruno", "Anna Rossi"}},
		{"sort=joined", []string{"Dario", "Anna Rossi", "Bruno", "Carla Bianchi", "elena"}},
		{"sort=activity&order=desc", []string{"Anna Rossi", "Carla Bianchi", "elena", "Bruno", "Dario"}}, // unknown last
		{"sort=rounds&order=desc", []string{"Carla Bianchi", "Anna Rossi", "Bruno", "Dario", "elena"}},
		{"sort=met&order=desc", []string{"Bruno", "Anna Rossi", "Dario", "elena", "Carla Bianchi"}}, // none answered last, ties by id
		{"sort=met", []string{"Carla Bianchi", "elena", "Dario", "Anna Rossi", "Bruno"}},
		{"platform=console&status=active&sort=rounds&order=desc&q=r", []string{"Anna Rossi", "Bruno", "Dario"}},
	} {
		_, body, _ := get(t, c, e.srv.URL+"/dash/members?"+tc.query)
		if got := names(body); !slices.Equal(got, tc.want) {
			t.Errorf("%q: %q, want %q", tc.query, got, tc.want)
		}
	}
}

func TestMembersRowShowsWhatTheCoreCounts(t *testing.T) {
	e := newEnv(t)
	five(e)
	c, _ := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/members?q=anna")
	body = unlabeled(body)
	for _, want := range []string{"@annar", "offers: go", "console", "2026-03-01 09:00", `<td class="n">4</td>`, "75% (3/4)"} {
		if !strings.Contains(body, want) {
			t.Errorf("anna's row lacks %q", want)
		}
	}
	_, body, _ = get(t, c, e.srv.URL+"/dash/members?q=dario")
	body = unlabeled(body)
	if !strings.Contains(body, "console, slack") || !strings.Contains(body, "<td>–</td>") {
		t.Errorf("dario's row lacks his platforms or the unknown activity")
	}
}

// TestMembersPagesVisitEveryoneOnce follows the next links to the end and
// the previous links back, for orders with ties and with a filter.
func TestMembersPagesVisitEveryoneOnce(t *testing.T) {
	e := newEnv(t)
	var ps []person
	for i := range 137 {
		ps = append(ps, person{user: fmt.Sprintf("u%03d", i), name: fmt.Sprintf("Member %d", i%40), joined: i % 3,
			status: []bot.Status{bot.StatusActive, bot.StatusPaused}[i%4/3], part: bot.Participation{Rounds: i % 5}})
	}
	e.put(ps...)
	c, _ := e.signIn()
	for _, tc := range []struct {
		query string
		want  int // of the 137; 0: counted from ps
	}{
		{"sort=name", 137},
		{"sort=name&order=desc", 137},
		{"sort=rounds&order=desc", 137},
		{"sort=joined", 137},
		{"status=paused&sort=met", 34},
		{"q=member+1", 0}, // Member 1 and 10 to 19
	} {
		want := tc.want
		for _, p := range ps {
			if tc.want == 0 && e.matches(p, tc.query) {
				want++
			}
		}
		var pages [][]string
		seen := map[string]bool{}
		u := "?" + tc.query
		for u != "" && len(pages) < 10 {
			_, body, _ := get(t, c, e.srv.URL+"/dash/members"+u)
			rows := ids(body)
			pages = append(pages, rows)
			for _, id := range rows {
				if seen[id] {
					t.Errorf("%q: %s on two pages", tc.query, id)
				}
				seen[id] = true
			}
			u = link(nextRE, body)
			if u == "" {
				// Back from the last page to the first, page by page.
				for i := len(pages) - 2; i >= 0; i-- {
					back := link(prevRE, body)
					if back == "" {
						t.Fatalf("%q: page %d has no previous page", tc.query, i+2)
					}
					_, body, _ = get(t, c, e.srv.URL+"/dash/members"+back)
					if got := ids(body); !slices.Equal(got, pages[i]) {
						t.Errorf("%q: back to page %d: %d rows, not the ones seen going forward", tc.query, i+1, len(got))
					}
				}
			}
		}
		if len(seen) != want {
			t.Errorf("%q: %d members over %d pages, want %d", tc.query, len(seen), len(pages), want)
		}
	}
}

// matches says whether p is a member the test query selects.
func (e *env) matches(p person, query string) bool {
	v, _ := url.ParseQuery(query)
	if st := v.Get("status"); st != "" && string(cmpOr(p.status, bot.StatusActive)) != st {
		return false
	}
	return v.Get("q") == "" || strings.Contains(strings.ToLower(p.name), v.Get("q"))
}

var memberIDRE = regexp.MustCompile(`name="member" value="([^"]+)"><input type="hidden" name="action" value="(pause|resume|unremove)"`)

// ids are the member ids of the rows, from their first action's form.
func ids(body string) []string {
	var out []string
	for _, m := range memberIDRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestMembersPageInItalian(t *testing.T) {
	e := newEnv(t)
	five(e)
	e.do("mod", "lang it")
	c, _ := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/members?status=paused")
	for _, want := range []string{`lang="it"`, "Nome o handle", "Piattaforma", "Ordina per", "Ultima attività", "1 membro corrisponde.", "in pausa", "Riprendi"} {
		if !strings.Contains(body, want) {
			t.Errorf("the Italian members page lacks %q", want)
		}
	}
}

func TestMemberTextIsEscapedEverywhere(t *testing.T) {
	e := newEnv(t)
	e.put(person{user: "evil", name: "<script>alert(1)</script>", handle: "<img>", offers: []string{"<b>go</b>"}})
	c, _ := e.signIn()
	for _, q := range []string{"", "q=" + url.QueryEscape("<script>")} {
		_, body, _ := get(t, c, e.srv.URL+"/dash/members?"+q)
		if strings.Contains(body, "<script>") || strings.Contains(body, "<img>") || strings.Contains(body, "<b>go") {
			t.Fatalf("member text reached the page unescaped (%q)", q)
		}
		if !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("the escaped name is missing (%q)", q)
		}
	}
}

// TestMembersActionShowsAtOnce: a member paused from the dashboard is
// under the paused filter at once, though the index is not rebuilt yet.
func TestMembersActionShowsAtOnce(t *testing.T) {
	e := newEnv(t)
	five(e)
	c, csrf := e.signIn()
	if _, body, _ := get(t, c, e.srv.URL+"/dash/members?status=paused"); !slices.Equal(names(body), []string{"Carla Bianchi"}) {
		t.Fatalf("paused before: %q", names(body))
	}
	form := url.Values{"csrf": {csrf}, "member": {"console:local:anna"}, "action": {"pause"}, "back": {"status=paused&sort=name&order=desc"}}
	if _, body := post(t, c, e.srv.URL+"/dash/members/confirm", form); !strings.Contains(body, `href="/dash/members?order=desc&amp;sort=name&amp;status=paused"`) {
		t.Error("the confirmation's cancel link does not go back to the filtered page")
	}
	// The action comes back to the page it was made on, anna paused there.
	if _, body := post(t, c, e.srv.URL+"/dash/members/act", form); !slices.Equal(names(body), []string{"Carla Bianchi", "Anna Rossi"}) || !strings.Contains(body, `class="flash"`) {
		t.Errorf("paused after pausing anna: %q", names(body))
	}
}

// TestMembersIndexIsRebuiltAfter30s: a member who joins shows up once the
// index is older than 30 s, the request that finds it old still answering
// from it.
func TestMembersIndexIsRebuiltAfter30s(t *testing.T) {
	e := newEnv(t)
	five(e)
	c, _ := e.signIn()
	get(t, c, e.srv.URL+"/dash/members")
	e.put(person{user: "fabio", name: "Fabio"})
	e.now = e.now.Add(10 * time.Second)
	if _, body, _ := get(t, c, e.srv.URL+"/dash/members?q=fabio"); len(names(body)) != 0 {
		t.Fatal("a 10 s old index was rebuilt")
	}
	e.now = e.now.Add(21 * time.Second)
	for range 100 {
		if _, body, _ := get(t, c, e.srv.URL+"/dash/members?q=fabio"); len(names(body)) == 1 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Error("the index was not rebuilt after 30 s")
}

// An Italian moderator reads a removed member's status as a state, in
// words that fit anyone: not "rimozione", the act.
func TestRemovedStatusInItalian(t *testing.T) {
	e := newEnv(t)
	e.put(person{user: "anna", name: "Anna", status: bot.StatusRemoved})
	e.do("mod", "lang it")
	c, _ := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/members")
	if !strings.Contains(body, `<td class="status" data-label="Stato">fuori dalla community</td>`) {
		t.Error("a removed member's Italian status is not \"fuori dalla community\"")
	}
}
