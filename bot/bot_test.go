package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/store"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// dmRecorder is a Messenger that records DMs.
type dmRecorder struct {
	mu  sync.Mutex
	dms []string
}

func (d *dmRecorder) Platform() string { return "test" }
func (d *dmRecorder) DM(_ context.Context, to bot.MemberID, m bot.Message) (bot.MessageRef, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.dms = append(d.dms, to.User+": "+m.PlainText())
	return bot.MessageRef{Platform: "test"}, nil
}
func (d *dmRecorder) Post(context.Context, string, string, bot.Message) (bot.MessageRef, error) {
	return bot.MessageRef{Platform: "test"}, nil
}

type env struct {
	t     *testing.T
	bot   *bot.Bot
	db    *store.DB
	clock *clock
	dms   *dmRecorder
}

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, db: openDB(t), clock: &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}, dms: &dmRecorder{}}
	s := bot.DefaultSettings()
	s.Name, s.Timezone = "Labbit", "Europe/Rome"
	b, err := bot.New(bot.Config{
		Store: e.db, Now: e.clock.Now, Messengers: []bot.Messenger{e.dms},
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{"test:mod"}, Spaces: []bot.Space{{Platform: "test", ID: "S1"}}, Settings: s}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e.bot = b
	return e
}

// dmRequest is text sent privately by user in a platform's space, as the
// test helpers send it: named after the id, reachable by DM.
func dmRequest(platform, space, user, text string) *bot.Request {
	return &bot.Request{Platform: platform, Space: space, User: user, Name: displayName(user), Handle: user, Private: true, CanDM: bot.ReachYes, Text: text}
}

// displayName is the name dmRequest gives user: "anna" is "Anna".
func displayName(user string) string { return strings.ToUpper(user[:1]) + user[1:] }

// do runs a command as user (privately) and returns the reply as text.
func (e *env) do(user, text string) string {
	e.t.Helper()
	return e.bot.Handle(context.Background(), dmRequest("test", "S1", user, text)).PlainText()
}

// must runs a command and fails unless the reply holds want.
func (e *env) must(user, text, want string) string {
	e.t.Helper()
	got := e.do(user, text)
	if !strings.Contains(got, want) {
		e.t.Fatalf("%s: %q\n got: %s\nwant: …%s…", user, text, got, want)
	}
	return got
}

func (e *env) member(user string) *bot.Member {
	e.t.Helper()
	var m *bot.Member
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		m, err = tx.Member("labbit", bot.MemberID{Platform: "test", Space: "S1", User: user})
		return err
	})
	if err != nil {
		e.t.Fatalf("member %s: %v", user, err)
	}
	return m
}

// state returns the community's scheduler state.
func (e *env) state() *bot.State {
	e.t.Helper()
	var st *bot.State
	if err := e.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		st, err = tx.State("labbit")
		return err
	}); err != nil {
		e.t.Fatal(err)
	}
	return st
}

func TestProfileFlow(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome to Labbit")
	e.must("anna", "join", "already a member")
	e.must("anna", "lang it", "italiano")
	e.must("anna", "offer add UX, Grafica, golang", "Offri: ux design, grafica, go.")
	if got := e.member("anna").Profile.Offers; !slices.Equal(got, []string{"ux design", "graphic design", "go"}) {
		t.Errorf("stored offers %q, want the English names", got)
	}
	e.must("anna", "offer remove go, python", "Non erano nella tua lista: python")
	e.must("anna", "seek add k8s; JS", "Cerchi: kubernetes, javascript.")
	e.must("anna", "bio Designer a Roma, <!channel> *hi*", "Bio salvata")
	e.must("anna", "links https://anna.example/portfolio http://x.example", "Link salvati (2)")
	e.must("anna", "tz europe/rome", "Europe/Rome")
	e.must("anna", "company Studio Nodo", "Studio Nodo")
	e.must("marco", "join", "Welcome")
	e.must("marco", "offer add kubernetes", "You offer: kubernetes.")
	e.must("marco", "seek add UX design", "You seek: ux design.")
	got := e.must("anna", "find k8s", "1 persona offre kubernetes")
	if !strings.Contains(got, "@Marco") || !strings.Contains(got, "cerca qualcosa che offri") {
		t.Errorf("find: %s", got)
	}
	got = e.must("marco", "profile @anna", "@Anna")
	for _, want := range []string{"Designer a Roma, <!channel> *hi*", "Offers: ux design, graphic design", "Company: Studio Nodo", "Europe/Rome", "https://anna.example/portfolio"} {
		if !strings.Contains(got, want) {
			t.Errorf("profile lacks %q:\n%s", want, got)
		}
	}
	e.must("anna", "block @marco", "Hai bloccato")
	e.must("anna", "find kubernetes", "Per ora nessun membro attivo offre kubernetes")
	e.must("marco", "find ux", "1 member offers ux design") // a block is not shown to the blocked
	e.must("anna", "unblock @marco", "Hai sbloccato")
	e.must("anna", "pause 2w", "Pausa attiva fino a venerdì 11 dicembre 2026")
	e.must("marco", "find ux design", "Nobody active")
	e.must("anna", "resume", "Pausa finita")
	e.must("anna", "pause until 2027-01-15", "fino a venerdì 15 gennaio 2027")
	e.clock.Add(50 * 24 * time.Hour)
	e.must("marco", "find ux", "1 member offers ux design") // the pause ended by itself
	e.must("anna", "leave", "Hai lasciato")
	e.must("marco", "profile @anna", "No member @anna here")
	e.must("anna", "join", "Eccoti di nuovo")
}

func TestModerator(t *testing.T) {
	e := newEnv(t)
	for _, u := range []string{"anna", "marco", "giulia"} {
		e.must(u, "join", "Welcome")
	}
	e.must("anna", "offer add go, ux", "You offer")
	e.must("marco", "offer add go", "You offer")
	e.must("marco", "seek add fundraising, ux", "You seek")
	e.must("giulia", "pause", "Paused until you")
	got := e.must("mod", "stats", "2 active, 1 paused, 0 left")
	for _, want := range []string{"Most offered: go (2), ux design (1)", "Unmet demand (sought, offered by nobody): fundraising (1)"} {
		if !strings.Contains(got, want) {
			t.Errorf("stats lacks %q:\n%s", want, got)
		}
	}
	// A platform admin is a moderator too.
	admin := e.bot.Handle(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: "boss", Admin: true, Private: true, Text: "stats"}).PlainText()
	if !strings.Contains(admin, "2 active") {
		t.Errorf("admin stats: %s", admin)
	}
	e.must("mod", "remove @marco", "Marco is removed")
	if m := e.member("marco"); m.Status != bot.StatusRemoved {
		t.Errorf("marco status %s", m.Status)
	}
	e.must("marco", "join", "A moderator removed you")
	e.must("marco", "bio hi", "A moderator removed you")
	e.must("mod", "config pairing.group_size 3", "pairing.group_size is now 3")
	e.must("mod", "config", "pairing.group_size = 3")
	e.must("mod", "config pairing.group_size 9", "takes a whole number from 2 to 4")
	e.must("mod", "config nope 1", "Unknown setting 'nope'")
	e.must("mod", "config timezone Mars/Olympus", "'Mars/Olympus' does not fit timezone")
	e.must("mod", "config pairing.schedule 0 9 * * FRI", "is now 0 9 * * FRI")
	e.must("mod", "config language it", "language ora vale it")
}

func TestBadInput(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome")
	e.must("anna", "offer add go", "You offer: go.")
	e.must("anna", "bio ok", "Bio saved")
	many := make([]string, 21)
	for i := range many {
		many[i] = "skill" + string(rune('a'+i))
	}
	tests := []struct {
		name, user, text, want string
		usage                  bool
	}{
		{"overlong bio", "anna", "bio " + strings.Repeat("é", 501), "Your bio is 501 characters; the limit is 500.", true},
		{"21 skills", "anna", "offer add " + strings.Join(many, ","), "At most 20 skills per list (you have 1)", true},
		{"control characters in a skill", "anna", "offer add go\x07lang", "cannot contain control characters", true},
		{"300-char skill", "anna", "seek add " + strings.Repeat("x", 300), "at most 40 characters", true},
		{"41-char skill", "anna", "seek add " + strings.Repeat("x", 41), "at most 40 characters", true},
		{"javascript link", "anna", "links javascript:alert(1)", "'javascript:alert(1)' is not a web link", true},
		{"six links", "anna", "links https://a.eu https://b.eu https://c.eu https://d.eu https://e.eu https://f.eu", "At most 5 links", true},
		{"unknown time zone", "anna", "tz Mars/Olympus", "'Mars/Olympus' is not a time zone", true},
		{"pause in the past", "anna", "pause until 2020-01-01", "2020-01-01 is not in the future", true},
		{"pause not a date", "anna", "pause until someday", "'someday' is not a date", true},
		{"pause too long", "anna", "pause 60w", "a pause lasts from 1 day to 365 days", true},
		{"pause on a day that does not exist", "anna", "pause until 2027-02-29", "2027-02-29 does not exist", true},
		{"pause on an Italian day that does not exist", "anna", "pause until 31/04/2027", "31/04/2027 does not exist", true},
		{"unknown verb far from any", "anna", "xyzzyq", "Unknown command 'xyzzyq'. help lists every command.", false},
		{"intro cancel without a number", "anna", "intro cancel", "Missing the request number", true},
		{"intro accept without a number", "anna", "intro accept", "Missing the request number", true},
		{"pause gibberish", "anna", "pause soon", "'soon' is not a pause", true},
		{"unknown verb", "anna", "ofer add go", "Unknown command 'ofer'. Did you mean: offer", false},
		{"empty command", "anna", "   ", "Type a command, for example help", false},
		{"moderator verb by a member", "anna", "stats", "Only moderators can use 'stats'", false},
		{"remove by a member", "anna", "remove @mod", "Only moderators can use 'remove'", false},
		{"profile of nobody", "anna", "profile @nobody", "No member @nobody here. Name a member by @handle", false},
		{"profile of a bare @", "anna", "profile @", "'@' is not a member", true},
		{"block yourself", "anna", "block @anna", "You cannot block yourself", false},
		{"missing sub-verb", "anna", "offer", "Say what offer should do: add or remove", true},
		{"unknown sub-verb", "anna", "offer put go", "offer does not know 'put': use add or remove", true},
		{"missing argument", "anna", "tz", "Missing the time zone", true},
		{"extra arguments", "anna", "tz Europe/Rome extra", "Too many arguments: 'extra'", true},
		{"bad choice", "anna", "lang fr", "Use en or it for the language, not 'fr'", true},
		{"not joined", "zoe", "bio hello", "You are not a member yet: type join first", false},
		{"punctuation-only skill", "anna", "offer add !!!", "empty once cleaned up", true},
	}
	before := e.member("anna")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.must(tt.user, tt.text, tt.want)
			if hasUsage := strings.Contains(got, "Usage: "); hasUsage != tt.usage {
				t.Errorf("usage line shown: %v, want %v:\n%s", hasUsage, tt.usage, got)
			}
		})
	}
	after := e.member("anna")
	a, _ := json.Marshal(before)
	b, _ := json.Marshal(after)
	if string(a) != string(b) {
		t.Errorf("bad input changed the member:\nbefore %s\nafter  %s", a, b)
	}
}

func TestForgetMe(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "forget-me", "Nothing is stored about you")
	e.must("anna", "join", "Welcome")
	e.must("anna", "offer add go", "You offer")
	reply := e.bot.Handle(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: "anna", Private: true, Text: "forget-me"})
	if !strings.Contains(reply.PlainText(), "cannot be undone") || len(reply.Buttons) != 1 || reply.Buttons[0].Command != "forget-me confirm" {
		t.Fatalf("forget-me without confirm: %+v", reply)
	}
	e.member("anna") // still there
	e.must("anna", "forget-me yes", "Use confirm for confirming, not 'yes'")
	e.member("anna")
	pressed := e.bot.Handle(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: "anna", Private: true, Button: true, Text: reply.Buttons[0].Command})
	if !strings.Contains(pressed.PlainText(), "everything about you is deleted") || !pressed.Replace {
		t.Fatalf("confirm: %+v", pressed)
	}
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		_, err := tx.Member("labbit", bot.MemberID{Platform: "test", Space: "S1", User: "anna"})
		return err
	})
	if bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("member after forget-me: %v", err)
	}
	e.must("marco", "join", "Welcome")
	e.must("marco", "find go", "Nobody active offers go")
}

// TestOnlyMembersBrowseProfiles: find and profile are for members (and
// moderators as guests); someone who never joined is told to join, a
// removed member gets the removed error, also after forget-me.
func TestOnlyMembersBrowseProfiles(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome")
	e.must("anna", "offer add go", "You offer")
	e.must("anna", "bio Gopher", "Bio")
	for _, cmd := range []string{"find go", "profile @anna"} {
		if got := e.do("zoe", cmd); strings.Contains(got, "Anna") || !strings.Contains(got, "join first") {
			t.Errorf("a stranger's %q: %s", cmd, got)
		}
		e.must("mod", cmd, "Anna")
	}
	e.must("marco", "join", "Welcome")
	e.must("marco", "find go", "Anna")
	e.must("mod", "remove @marco", "removed")
	for _, cmd := range []string{"find go", "profile @anna", "profile"} {
		if got := e.do("marco", cmd); strings.Contains(got, "Anna") || strings.Contains(got, "Gopher") || !strings.Contains(got, "removed") {
			t.Errorf("a removed member's %q: %s", cmd, got)
		}
	}
	e.must("marco", "forget-me confirm", "deleted")
	if got := e.do("marco", "profile"); strings.Contains(got, "==") || !strings.Contains(got, "removed") {
		t.Errorf("profile after removal and forget-me: %s", got)
	}
}

func TestExportMe(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome")
	e.must("anna", "bio hello there", "saved")
	e.must("anna", "block @anna", "cannot block yourself")
	got := e.must("anna", "export-me", "Everything stored about you")
	start := strings.Index(got, "{")
	var ex bot.Export
	if err := json.Unmarshal([]byte(got[start:]), &ex); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, got)
	}
	if ex.Member.Profile.Bio != "hello there" || ex.Community != "labbit" {
		t.Errorf("export %+v", ex)
	}
	// In a channel, where others could read it, the export goes by DM.
	pub := e.bot.Handle(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: "anna", Text: "export-me"}).PlainText()
	if !strings.Contains(pub, "I sent you the answer in a direct message") {
		t.Errorf("public export-me: %s", pub)
	}
	e.deliver() // the private reply goes through the outbox
	if len(e.dms.dms) != 1 || !strings.Contains(e.dms.dms[0], `"bio": "hello there"`) {
		t.Errorf("dms: %q", e.dms.dms)
	}
}

func TestHelp(t *testing.T) {
	e := newEnv(t)
	got := e.do("anna", "help")
	if strings.Contains(got, "stats") {
		t.Errorf("a member's help lists moderator verbs:\n%s", got)
	}
	if !strings.Contains(e.do("mod", "help"), "For moderators") {
		t.Error("a moderator's help lacks moderator verbs")
	}
	e.must("anna", "help offer", "offer add SKILL,...")
	e.must("anna", "help nope", "Unknown command 'nope'")
	if got := e.do("anna", "help nonsense"); strings.Contains(got, "Did you mean: help") || !strings.Contains(got, "help lists every command") {
		t.Errorf("help of an unknown verb suggests help itself, or not the list:\n%s", got)
	}
	e.must("anna", "help stats", "For moderators only")
	// help VERB says more than the one line: the forms, sub-commands, settings.
	e.must("anna", "help intro", "intro cancel ID withdraws a request")
	e.must("mod", "help event", "event edit EVENT title|when|place|details VALUE — change")
	e.must("mod", "help config", "pairing.group_size — people per group: a whole number from 2 to 4")
	e.must("mod", "help round", "with fewer than two members nothing is stored or sent")
}

func TestInternalErrorHasRef(t *testing.T) {
	db := openDB(t)
	b, err := bot.New(bot.Config{Store: db})
	if err != nil {
		t.Fatal(err)
	}
	db.Close() // every store call now fails
	got := b.Handle(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: "anna", Text: "join"}).PlainText()
	if !strings.Contains(got, "Something went wrong (ref ") {
		t.Errorf("reply to an internal error: %s", got)
	}
}

func TestUnconfiguredSpaceGetsOwnCommunity(t *testing.T) {
	e := newEnv(t)
	req := &bot.Request{Platform: "test", Space: "OTHER", User: "zoe", Private: true, Text: "join"}
	if got := e.bot.Handle(context.Background(), req).PlainText(); !strings.Contains(got, "Welcome to rete") {
		t.Errorf("join in an unconfigured space: %s", got)
	}
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		_, err := tx.Member("test-other", req.Member())
		return err
	})
	if err != nil {
		t.Errorf("member of the unconfigured space: %v", err)
	}
}

func TestHandleResultReportsRefusals(t *testing.T) {
	e := newEnv(t)
	req := func(text string) *bot.Request {
		return &bot.Request{Platform: "test", Space: "S1", User: "anna", Private: true, Text: text}
	}
	if _, refused := e.bot.HandleResult(context.Background(), req("join")); refused {
		t.Error("join refused")
	}
	if msg, refused := e.bot.HandleResult(context.Background(), req("stats")); !refused || !strings.Contains(msg.PlainText(), "Only moderators") {
		t.Errorf("stats by a member: refused=%v %q", refused, msg.PlainText())
	}
}

// importMembers stores n active members offering skill, the first
// seekers of whom seek seek.
func importMembers(t testing.TB, db *store.DB, n, seekers int, skill, seek string) {
	t.Helper()
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var ms []*bot.Member
	for i := range n {
		id := bot.MemberID{Platform: "test", Space: "S1", User: fmt.Sprintf("u%06d", i)}
		m := &bot.Member{ID: id, Community: "labbit", Name: fmt.Sprintf("User %06d", i), Handle: id.User, Status: bot.StatusActive,
			Profile: bot.Profile{Offers: []string{skill}, Seeks: []string{"finance"}}, Joined: now, Updated: now}
		if i >= n-seekers { // the last ones in id order: ranking must find them
			m.Profile.Seeks = []string{seek}
		}
		ms = append(ms, m)
	}
	if err := db.Import(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
}

func TestFindCommonSkill(t *testing.T) {
	e := newEnv(t)
	importMembers(t, e.db, 2500, 3, "go", "ux design")
	e.must("anna", "join", "Welcome")
	e.must("anna", "offer add ux", "You offer")
	got := e.must("anna", "find go", "About 2500 members offer go; the best matches:")
	for _, u := range []string{"User 002497", "User 002498", "User 002499"} {
		if i := strings.Index(got, u); i < 0 || i > strings.Index(got, "User 000") {
			t.Errorf("%s, who seeks what anna offers, is not listed first:\n%s", u, got)
		}
	}
	if !strings.Contains(got, "and about 2490 more.") {
		t.Errorf("count: %s", got)
	}
}

func BenchmarkFind100k(b *testing.B) {
	db, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	importMembers(b, db, 100_000, 50, "go", "ux design")
	s := bot.DefaultSettings()
	bt, err := bot.New(bot.Config{Store: db, Communities: []bot.Community{{ID: "labbit", Spaces: []bot.Space{{Platform: "test", ID: "S1"}}, Settings: s}}})
	if err != nil {
		b.Fatal(err)
	}
	req := func(text string) *bot.Request {
		return &bot.Request{Platform: "test", Space: "S1", User: "anna", Private: true, Text: text}
	}
	bt.Handle(context.Background(), req("join"))
	bt.Handle(context.Background(), req("offer add ux"))
	b.ResetTimer()
	for b.Loop() {
		if got := bt.Handle(context.Background(), req("find go")).PlainText(); !strings.Contains(got, "About 100000 members offer go") {
			b.Fatal(got)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "finds/s")
}

func TestHandleFollowsThePlatform(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome")
	e.must("marco", "join", "Welcome")
	e.bot.Handle(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: "anna", Handle: "anna_r", Private: true, Text: "profile"})
	e.must("marco", "profile @anna_r", "@Anna")
	if m := e.member("anna"); m.Handle != "anna_r" {
		t.Errorf("handle %q, want anna_r", m.Handle)
	}
}

// TestConfigScheduleAtMostDaily: a cron line firing every minute is refused
// with the reason, and the schedule stays as it was.
func TestConfigScheduleAtMostDaily(t *testing.T) {
	e := newEnv(t)
	e.must("mod", "config pairing.schedule * * * * *", "at most one round a day")
	e.must("mod", "config pairing.schedule", "0 9 * * MON")
}
