package bot_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// onPlatform is a fakeMessenger for another platform.
type onPlatform struct {
	*fakeMessenger
	name string
}

func (p onPlatform) Platform() string { return p.name }

// twoPlatforms is a community with a space on "test" (S1) and one on
// "chat" (C1), a fake messenger on each.
type twoPlatforms struct {
	*env
	test, chat *fakeMessenger
}

func newTwoPlatforms(t *testing.T) *twoPlatforms {
	t.Helper()
	e := &env{t: t, db: openDB(t), clock: &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}}
	tp := &twoPlatforms{env: e, test: newFake(), chat: newFake()}
	s := bot.DefaultSettings()
	s.Name, s.Timezone = "Labbit", "Europe/Rome"
	b, err := bot.New(bot.Config{
		Store: e.db, Now: e.clock.Now,
		Messengers: []bot.Messenger{onPlatform{tp.test, "test"}, onPlatform{tp.chat, "chat"}},
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{"test:mod"}, Settings: s,
			Spaces: []bot.Space{{Platform: "test", ID: "S1"}, {Platform: "chat", ID: "C1"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e.bot = b
	return tp
}

// on runs a command as user of the chat platform and returns the reply.
func (tp *twoPlatforms) on(user, text string) string {
	tp.t.Helper()
	return tp.bot.Handle(context.Background(), dmRequest("chat", "C1", user, text)).PlainText()
}

func (tp *twoPlatforms) onMust(user, text, want string) {
	tp.t.Helper()
	if got := tp.on(user, text); !strings.Contains(got, want) {
		tp.t.Fatalf("chat %s: %q\n got: %s\nwant: …%s…", user, text, got, want)
	}
}

func chatID(user string) bot.MemberID { return bot.MemberID{Platform: "chat", Space: "C1", User: user} }

// record returns the record an account resolves to, nil when none.
func (tp *twoPlatforms) record(id bot.MemberID) *bot.Member {
	tp.t.Helper()
	var m *bot.Member
	err := tp.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		m, err = tx.Member("labbit", id)
		return err
	})
	if errors.Is(err, bot.ErrNotFound) {
		return nil
	}
	if err != nil {
		tp.t.Fatal(err)
	}
	return m
}

var codePattern = regexp.MustCompile(`link ([A-Z0-9]{8})`)

// code runs link as a test user and returns the code shown.
func (tp *twoPlatforms) code(user string) string {
	tp.t.Helper()
	got := tp.must(user, "link", "10 minutes")
	m := codePattern.FindStringSubmatch(got)
	if m == nil {
		tp.t.Fatalf("no code in %q", got)
	}
	return m[1]
}

// linked is anna on test (the primary) linked with ada on chat.
func linked(t *testing.T) *twoPlatforms {
	tp := newTwoPlatforms(t)
	tp.must("anna", "join", "Welcome")
	code := tp.code("anna")
	tp.onMust("ada", "link "+code, "Linked")
	return tp
}

func TestLinkJoinsAccountsIntoOneMember(t *testing.T) {
	tp := newTwoPlatforms(t)
	tp.must("bob", "join", "Welcome")
	tp.onMust("ada", "join", "Welcome")
	tp.onMust("ada", "bio From chat", "")
	tp.onMust("ada", "offer add rust", "You offer")
	tp.onMust("ada", "company Acme", "")
	// One pairing before the link: ada on chat with bob on test.
	tp.must("mod", "round now", "1 group")
	tp.must("anna", "join", "Welcome")
	tp.must("anna", "bio From test", "")
	tp.must("anna", "offer add go", "You offer")
	tp.must("anna", "block @bob", "")

	code := tp.code("anna")
	got := tp.on("ada", "link "+code)
	for _, want := range []string{"Linked", "bio", "company", "united"} {
		if !strings.Contains(got, want) {
			t.Errorf("link reply %q lacks %q", got, want)
		}
	}
	m := tp.record(chatID("ada"))
	if m == nil || m.ID != uid("anna") {
		t.Fatalf("chat account resolves to %v, want anna's record", m)
	}
	if m.Profile.Bio != "From chat" || m.Profile.Company != "Acme" {
		t.Errorf("profile %+v: the account that typed the code should win", m.Profile)
	}
	if !slices.Contains(m.Profile.Offers, "go") || !slices.Contains(m.Profile.Offers, "rust") {
		t.Errorf("offers %q, want both accounts' skills", m.Profile.Offers)
	}
	if !slices.Contains(m.Blocks, uid("bob")) {
		t.Errorf("blocks %v lost anna's block", m.Blocks)
	}
	if len(m.Accounts) != 1 || m.Accounts[0].ID != chatID("ada") {
		t.Errorf("accounts %v", m.Accounts)
	}
	// One pair history: the round names the primary id now.
	groups := tp.groupsOf()
	if len(groups) != 1 || !slices.Contains(groups[0], uid("anna")) || slices.Contains(groups[0], chatID("ada")) {
		t.Errorf("groups %v: the chat account's pairing should name anna's record", groups)
	}
	// One record: the community counts anna once.
	n := 0
	if err := tp.db.View(context.Background(), func(tx bot.Tx) error {
		return tx.Members("labbit", func(*bot.Member) error { n++; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d member records, want anna and bob", n)
	}
	// Either account sees the one profile; moderators see both accounts.
	tp.must("anna", "profile", "From chat")
	tp.onMust("ada", "profile", "From chat")
	tp.must("mod", "members", "also chat @ada")
	// export-me from either account shows every account and the pairing.
	exp := tp.on("ada", "export-me")
	for _, want := range []string{`"chat:C1:ada"`, `"test:S1:bob"`} {
		if !strings.Contains(exp, want) {
			t.Errorf("export lacks %s", want)
		}
	}
	// The code is single use.
	tp.on("carl", "join")
	tp.onMust("carl", "link "+code, "wrong, expired or already used")
}

func (tp *twoPlatforms) deliverAll() {
	tp.t.Helper()
	for _, p := range []string{"test", "chat"} {
		if err := tp.bot.DeliverDue(context.Background(), p); err != nil {
			tp.t.Fatal(err)
		}
	}
}

func TestLinkCodeRefused(t *testing.T) {
	tp := newTwoPlatforms(t)
	tp.must("anna", "join", "Welcome")
	code := tp.code("anna")
	tp.clock.Add(11 * time.Minute)
	tp.onMust("ada", "link "+code, "wrong, expired")
	if m := tp.record(chatID("ada")); m != nil {
		t.Fatalf("an expired code linked %v", m.ID)
	}
	// 20 guesses, 5 from each of 4 accounts, all fail; the guessers are
	// then held off even with the right code.
	code = tp.code("anna")
	for i := range 20 {
		guesser := fmt.Sprintf("g%d", i%4)
		if got := tp.on(guesser, fmt.Sprintf("link %08d", i)); !strings.Contains(got, "wrong") {
			t.Fatalf("guess %d: %q", i, got)
		}
	}
	tp.onMust("g0", "link "+code, "Too many wrong codes")
	// All accounts together are bounded too.
	for i := range 30 {
		tp.on(fmt.Sprintf("h%d", i/5), fmt.Sprintf("link X%07d", i))
	}
	tp.onMust("fresh", "link "+code, "Too many wrong codes")
	tp.clock.Add(time.Hour + time.Minute)
	tp.onMust("ada", "link "+tp.code("anna"), "Linked")
	// The same platform twice is refused.
	tp.onMust("eve", "link "+tp.code("anna"), "already has an account on chat")
}

func TestDeliverFallsBackAcrossLinkedAccounts(t *testing.T) {
	for _, tc := range []struct {
		name        string
		unreachable []string // "platform:user"
		want        string   // where the intro arrives: "platform:user", "" for nowhere
	}{
		{"chosen platform", nil, "chat:ada"},
		{"falls back", []string{"chat:ada"}, "test:anna"},
		{"all unreachable", []string{"chat:ada", "test:anna"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp := linked(t)
			tp.must("bob", "join", "Welcome")
			tp.must("anna", "deliver chat", "now go to chat")
			for _, u := range tc.unreachable {
				p, user, _ := strings.Cut(u, ":")
				map[string]*fakeMessenger{"test": tp.test, "chat": tp.chat}[p].unreachable[user] = true
			}
			tp.must("mod", "round now", "1 group")
			tp.deliverAll()
			got := ""
			for _, who := range []struct {
				f    *fakeMessenger
				name string
			}{{tp.test, "test:anna"}, {tp.chat, "chat:ada"}} {
				if len(who.f.texts(strings.SplitN(who.name, ":", 2)[1])) > 0 {
					got += who.name
				}
			}
			if got != tc.want {
				t.Errorf("intro reached %q, want %q", got, tc.want)
			}
			st := tp.record(uid("anna")).Status
			if (tc.want == "") != (st == bot.StatusUnreachable) {
				t.Errorf("status %s", st)
			}
		})
	}
	tp := linked(t)
	tp.must("anna", "deliver telegram", "no account on Telegram")
}

func TestUnlinkSeparatesAccounts(t *testing.T) {
	t.Run("secondary", func(t *testing.T) {
		tp := linked(t)
		tp.must("anna", "bio Shared", "")
		tp.onMust("ada", "unlink chat", "copy of your profile")
		a, b := tp.record(uid("anna")), tp.record(chatID("ada"))
		if a == nil || b == nil || a.ID == b.ID || len(a.Accounts) != 0 {
			t.Fatalf("records %v and %v, want two", a, b)
		}
		if b.Profile.Bio != "Shared" {
			t.Errorf("unlinked bio %q, want a copy", b.Profile.Bio)
		}
		tp.must("anna", "unlink chat", "no linked account")
	})
	t.Run("primary", func(t *testing.T) {
		tp := linked(t)
		tp.must("bob", "join", "Welcome")
		tp.must("mod", "round now", "1 group")
		tp.onMust("ada", "unlink test", "copy of your profile")
		a, b := tp.record(uid("anna")), tp.record(chatID("ada"))
		if a == nil || b == nil || b.ID != chatID("ada") || a.ID != uid("anna") {
			t.Fatalf("records %v and %v", a, b)
		}
		// The history stays with the accounts still linked.
		groups := tp.groupsOf()
		if len(groups) != 1 || !slices.Contains(groups[0], chatID("ada")) {
			t.Errorf("groups %v, want the pairing with the chat account", groups)
		}
	})
}

func TestRemoveAndForgetLinkedMember(t *testing.T) {
	tp := linked(t)
	tp.must("mod", "remove @anna", "")
	tp.onMust("ada", "bio again", "removed")
	if m := tp.record(chatID("ada")); m == nil || m.Status != bot.StatusRemoved {
		t.Fatalf("chat account after remove: %v", m)
	}

	tp = linked(t)
	tp.onMust("ada", "forget-me confirm", "")
	for _, id := range []bot.MemberID{uid("anna"), chatID("ada")} {
		if m := tp.record(id); m != nil {
			t.Errorf("%s still resolves to %v", id, m.ID)
		}
	}
	var left []string
	if err := tp.db.View(context.Background(), func(tx bot.Tx) error {
		return tx.Memberships("chat", "ada", func(c string, id bot.MemberID) error {
			left = append(left, c+" "+id.String())
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("memberships left: %v", left)
	}
}

// as runs a command as user on a platform's space, in the space (not
// private), with the platform saying whether they administer it.
func (tp *twoPlatforms) as(platform, user, text string, admin bool) string {
	tp.t.Helper()
	space := map[string]string{"test": "S1", "chat": "C1"}[platform]
	return tp.bot.Handle(context.Background(), &bot.Request{Platform: platform, Space: space, User: user, Name: user, Handle: user, Admin: admin, CanDM: bot.ReachYes, Text: text}).PlainText()
}

func TestModeratorOfOnePlatformModeratesFromAnother(t *testing.T) {
	tp := newTwoPlatforms(t)
	tp.must("bob", "join", "Welcome")
	tp.must("bob", "offer add kubernetes", "You offer")
	tp.onMust("cara", "join", "Welcome")
	tp.onMust("cara", "offer add legal", "You offer")
	if got := tp.on("mo", "stats"); !strings.Contains(got, "moderator") {
		t.Fatalf("an unlinked chat account ran stats: %q", got)
	}
	// The configured moderator (test:mod) links a chat account.
	tp.must("mod", "join", "Welcome")
	tp.onMust("mo", "link "+tp.code("mod"), "Linked")
	tp.onMust("mo", "members", "Bob")
	tp.onMust("mo", "members", "Cara")
	tp.onMust("mo", "stats", "3 active")      // bob, cara and the moderator, on both platforms
	tp.onMust("mo", "find kubernetes", "Bob") // find covers every space
	tp.must("mod", "find legal", "Cara")
	tp.onMust("mo", "remove @bob", "")
	if m := tp.record(uid("bob")); m.Status != bot.StatusRemoved {
		t.Errorf("bob: %s", m.Status)
	}
	// An admin of the chat space moderates from the test platform too.
	if got := tp.as("chat", "adm", "join", true); !strings.Contains(got, "Welcome") {
		t.Fatal(got)
	}
	tp.as("test", "tadm", "join", false)
	// In a space the code is sent privately, never shown to the others.
	if got := tp.as("chat", "adm", "link", true); codePattern.MatchString(got) {
		t.Fatalf("the code was shown in the space: %q", got)
	}
	tp.deliverAll()
	code := codePattern.FindStringSubmatch(strings.Join(tp.chat.texts("adm"), "\n"))
	if code == nil {
		t.Fatal("no code by DM")
	}
	tp.as("test", "tadm", "link "+code[1], false)
	if got := tp.as("test", "tadm", "stats", false); strings.Contains(got, "moderator") {
		t.Errorf("the chat admin's test account cannot moderate: %q", got)
	}
	// Once the chat platform says they no longer administer it, neither.
	tp.as("chat", "adm", "profile", false)
	if got := tp.as("test", "tadm", "stats", false); !strings.Contains(got, "moderator") {
		t.Errorf("a former admin still moderates: %q", got)
	}
}

// TestUnreachableAccountKeepsLinkedMemberActive: one platform that
// cannot DM the person does not take them out of rounds while another
// linked account can be reached; the outbox decides when all fail.
func TestUnreachableAccountKeepsLinkedMemberActive(t *testing.T) {
	tp := linked(t)
	tp.bot.Handle(context.Background(), &bot.Request{Platform: "chat", Space: "C1", User: "ada", CanDM: bot.ReachNo, Text: "profile"})
	if st := tp.record(uid("anna")).Status; st != bot.StatusActive {
		t.Errorf("status %s, want active", st)
	}
}

// TestLinkPairedAccounts: two accounts of one person that a round paired
// together are one member of that group once linked.
func TestLinkPairedAccounts(t *testing.T) {
	tp := newTwoPlatforms(t)
	tp.must("anna", "join", "Welcome")
	tp.onMust("ada", "join", "Welcome")
	tp.must("mod", "round now", "1 group")
	tp.onMust("ada", "link "+tp.code("anna"), "Linked")
	if groups := tp.groupsOf(); len(groups) != 1 || !slices.Equal(groups[0], []bot.MemberID{uid("anna")}) {
		t.Errorf("groups %v, want anna once", groups)
	}
}

// TestMeetButtonsOfALinkedMemberKeepTheirGroup: ada (chat) and anna
// (test) were in different groups of a round when they linked; the
// buttons of ada's intro still act on ada's group, telling cy, not bob.
func TestMeetButtonsOfALinkedMemberKeepTheirGroup(t *testing.T) {
	tp := newTwoPlatforms(t)
	tp.must("anna", "join", "Welcome")
	tp.must("bob", "join", "Welcome")
	tp.onMust("ada", "join", "Welcome")
	tp.onMust("cy", "join", "Welcome")
	tp.must("mod", "round now", "2 groups")
	tp.deliverAll()
	var pick string
	for _, b := range tp.chat.lastMessage("ada").Buttons {
		if strings.HasPrefix(b.Command, "meet pick ") && pick == "" {
			pick = b.Command
		}
	}
	if pick == "" {
		t.Fatalf("ada's intro has no pick button: %+v", tp.chat.lastMessage("ada"))
	}
	r, g := tp.latestGroup("anna")
	if slices.Contains(g.Members, bot.MemberID{Platform: "chat", Space: "C1", User: "ada"}) {
		t.Skipf("the round grouped anna with ada: %v", r.Groups)
	}
	code := tp.code("anna")
	tp.onMust("ada", "link "+code, "Linked")
	bobBefore, cyBefore := len(tp.test.texts("bob")), len(tp.chat.texts("cy"))
	req := dmRequest("chat", "C1", "ada", pick)
	req.Button = true
	tp.bot.Handle(context.Background(), req)
	tp.clock.Add(time.Minute)
	tp.deliverAll()
	if got := tp.test.texts("bob")[bobBefore:]; len(got) != 0 {
		t.Errorf("bob, in anna's group, was told of ada's pick: %q", got)
	}
	if got := tp.chat.texts("cy")[cyBefore:]; len(got) != 1 || !strings.Contains(got[0], "picked") {
		t.Errorf("cy, in ada's group, after ada's pick: %q", got)
	}
}
