package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
)

// forgetMessenger is a test platform that accepts every message.
type forgetMessenger struct{}

func (forgetMessenger) Platform() string { return "test" }
func (forgetMessenger) DM(context.Context, bot.MemberID, bot.Message) (bot.MessageRef, error) {
	return bot.MessageRef{Platform: "test", ID: "m"}, nil
}
func (forgetMessenger) Post(context.Context, string, string, bot.Message) (bot.MessageRef, error) {
	return bot.MessageRef{Platform: "test", ID: "p"}, nil
}

// chatMessenger is a second platform, for a member with linked accounts.
type chatMessenger struct{ forgetMessenger }

func (chatMessenger) Platform() string { return "chat" }

// forgetEnv is a bot over an uncompressed store in dir.
type forgetEnv struct {
	t   *testing.T
	dir string
	db  *DB
	bot *bot.Bot
}

func newForgetEnv(t *testing.T) *forgetEnv {
	t.Helper()
	e := &forgetEnv{t: t, dir: t.TempDir()}
	e.open()
	t.Cleanup(func() {
		if e.db != nil {
			e.db.Close()
		}
	})
	return e
}

// open opens the store (running its start-up scrub) and a bot over it.
func (e *forgetEnv) open() {
	e.t.Helper()
	db, err := Open(e.dir, Options{plain: true})
	if err != nil {
		e.t.Fatal(err)
	}
	s := bot.DefaultSettings()
	s.Name, s.Timezone = "Labbit", "Europe/Rome"
	b, err := bot.New(bot.Config{Store: db, Messengers: []bot.Messenger{forgetMessenger{}, chatMessenger{}},
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{"test:mod"},
			Spaces: []bot.Space{{Platform: "test", ID: "S1", AnnounceChannel: "C1"}, {Platform: "chat", ID: "K1"}}, Settings: s}}})
	if err != nil {
		e.t.Fatal(err)
	}
	e.db, e.bot = db, b
}

func (e *forgetEnv) reopen() {
	e.t.Helper()
	if err := e.db.Close(); err != nil {
		e.t.Fatal(err)
	}
	e.db = nil
	e.open()
}

// do runs a command as user, in private, and fails unless the reply holds want.
func (e *forgetEnv) do(user, text, want string) string {
	e.t.Helper()
	return e.doOn("test", "S1", user, text, want)
}

// doOn is do on another platform's space.
func (e *forgetEnv) doOn(platform, space, user, text, want string) string {
	e.t.Helper()
	got := e.bot.Handle(context.Background(), &bot.Request{Platform: platform, Space: space, User: user,
		Name: "Name-" + user, Handle: "handle-" + user, Private: true, Text: text}).PlainText()
	if !strings.Contains(got, want) {
		e.t.Fatalf("%s: %q\n got: %s\nwant: …%s…", user, text, got, want)
	}
	return got
}

// deliver sends every due outbox entry, so that done entries exist too.
func (e *forgetEnv) deliver() {
	e.t.Helper()
	if err := e.bot.DeliverDue(context.Background(), "test"); err != nil {
		e.t.Fatal(err)
	}
}

// backup writes a backup of the store and returns its bytes.
func (e *forgetEnv) backup() []byte {
	e.t.Helper()
	var buf bytes.Buffer
	if err := e.db.Backup(&buf); err != nil {
		e.t.Fatal(err)
	}
	return buf.Bytes()
}

// findSecrets reports where any secret can still be read: in a file of the
// data dir or in the backup, as raw bytes, or through Badger's iterator
// over all versions (keys of delete markers included).
func (e *forgetEnv) findSecrets(secrets []string, backup []byte) []string {
	e.t.Helper()
	var found []string
	check := func(where string, b []byte) {
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				found = append(found, where+": "+s)
			}
		}
	}
	err := filepath.WalkDir(e.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		check("file "+filepath.Base(path), b)
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	check("backup", backup)
	err = e.db.bdb.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{AllVersions: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			check("key", item.Key())
			if item.IsDeletedOrExpired() {
				continue
			}
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			check("value of "+string(item.Key()), v)
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return found
}

// forgottenMember builds a member with a history: successive bios,
// skills offered and sought (some removed), a company, intros sent and
// received with reasons, an event RSVP and a round; bob stays.
func forgottenMember(e *forgetEnv) {
	e.do("bob", "join", "Welcome")
	e.do("bob", "offer add kubernetes", "You offer")
	e.do("bob", "seek add go", "You seek")
	e.do("anna", "join", "Welcome")
	for _, bio := range []string{"Zyxbio one about anna", "Zyxbio two, later", "Zyxbio three, the last"} {
		e.do("anna", "bio "+bio, "saved")
	}
	e.do("anna", "offer add qwertyskill, go", "You offer")
	e.do("anna", "seek add asdfskill, jklskill", "You seek")
	e.do("anna", "offer remove qwertyskill", "You offer")
	e.do("anna", "seek remove jklskill", "You seek")
	e.do("anna", "company Zyxcompany Srl", "Zyxcompany")
	e.do("anna", "company Zyxcorp Two", "Zyxcorp")
	e.do("anna", "intro @handle-bob Zyxreason to meet bob", "Request 1 sent")
	e.do("bob", "intro @handle-anna Zyxreason from bob", "Request 2 sent")
	e.do("mod", "join", "Welcome")
	e.do("mod", "announce Aperitivo | "+time.Now().AddDate(0, 1, 0).Format("2006-01-02")+" 18:30 | Bar Centrale", "Event 1 announced")
	e.do("anna", "rsvp 1 yes", "")
	e.do("mod", "round now", "")
	e.deliver()
}

// annaSecrets are the forgotten member's texts and ids.
var annaSecrets = []string{
	"test:S1:anna", "handle-anna", "Name-anna",
	"Zyxbio one", "Zyxbio two", "Zyxbio three", "qwertyskill", "asdfskill", "jklskill",
	"Zyxcompany", "Zyxcorp", "Zyxreason to meet", "Zyxreason from bob",
}

func TestForgetMeLeavesNothingReadable(t *testing.T) {
	for _, how := range []string{"scrub", "reopen"} {
		t.Run(how, func(t *testing.T) {
			e := newForgetEnv(t)
			forgottenMember(e)
			e.do("anna", "forget-me confirm", "deleted")
			if due, err := e.db.ScrubDue(); err != nil || !due {
				t.Fatalf("scrub due after forget-me: %v, %v", due, err)
			}
			before := e.findSecrets(annaSecrets, e.backup())
			if len(before) == 0 {
				t.Fatal("nothing found before the clean-up: the test proves nothing")
			}
			for _, f := range before {
				if strings.HasPrefix(f, "backup") {
					t.Errorf("a backup made after forget-me holds %s", f)
				}
			}
			switch how {
			case "scrub":
				if err := e.db.Scrub(); err != nil {
					t.Fatal(err)
				}
			case "reopen":
				e.reopen()
			}
			if found := e.findSecrets(annaSecrets, e.backup()); len(found) > 0 {
				t.Errorf("after the clean-up:\n%s", strings.Join(found, "\n"))
			}
			// bob and his data are still there.
			if found := e.findSecrets([]string{"handle-bob", "kubernetes"}, e.backup()); len(found) < 3 {
				t.Errorf("bob's data: %q", found)
			}
		})
	}
}

// TestForgetMeOfLinkedMemberLeavesNothingReadable: forget-me from the
// linked account erases both accounts, the primary's history included.
func TestForgetMeOfLinkedMemberLeavesNothingReadable(t *testing.T) {
	e := newForgetEnv(t)
	forgottenMember(e)
	e.doOn("chat", "K1", "ada", "join", "Welcome")
	e.doOn("chat", "K1", "ada", "bio Zyxchatbio of ada", "saved")
	e.doOn("chat", "K1", "ada", "offer add zxcvskill", "You offer")
	got := e.do("anna", "link", "10 minutes")
	code := got[strings.Index(got, "link ")+5:][:8]
	e.doOn("chat", "K1", "ada", "link "+code, "Linked")
	e.doOn("chat", "K1", "ada", "forget-me confirm", "deleted")
	if err := e.db.Scrub(); err != nil {
		t.Fatal(err)
	}
	secrets := append([]string{"chat:K1:ada", "handle-ada", "Name-ada", "Zyxchatbio", "zxcvskill"}, annaSecrets...)
	if found := e.findSecrets(secrets, e.backup()); len(found) > 0 {
		t.Errorf("after the clean-up:\n%s", strings.Join(found, "\n"))
	}
	if found := e.findSecrets([]string{"handle-bob", "kubernetes"}, e.backup()); len(found) < 3 {
		t.Errorf("bob's data: %q", found)
	}
}

func TestClearedBioLeavesNothingReadable(t *testing.T) {
	e := newForgetEnv(t)
	e.do("anna", "join", "Welcome")
	e.do("anna", "bio Zyxbio old one", "saved")
	e.do("anna", "bio Zyxbio old two", "saved")
	e.do("anna", "company Zyxcompany Old", "Zyxcompany")
	e.do("anna", "offer add qwertyskill, go", "You offer")
	e.do("anna", "bio -", "")
	e.do("anna", "company -", "")
	e.do("anna", "offer remove qwertyskill", "You offer")
	if err := e.db.Scrub(); err != nil {
		t.Fatal(err)
	}
	secrets := []string{"Zyxbio old", "Zyxcompany", "qwertyskill"}
	if found := e.findSecrets(secrets, e.backup()); len(found) > 0 {
		t.Errorf("after the clean-up:\n%s", strings.Join(found, "\n"))
	}
	if found := e.findSecrets([]string{"test:S1:anna"}, e.backup()); len(found) == 0 {
		t.Error("anna is gone too")
	}
	if due, err := e.db.ScrubDue(); err != nil || due {
		t.Errorf("scrub still due: %v, %v", due, err)
	}
}

func TestScrubOnlyWhenDue(t *testing.T) {
	e := newForgetEnv(t)
	e.do("anna", "join", "Welcome")
	if err := e.db.Scrub(); err != nil {
		t.Fatal(err)
	}
	if due, _ := e.db.ScrubDue(); due {
		t.Fatal("due after a scrub")
	}
	e.do("bob", "join", "Welcome") // a new member replaces nothing
	if due, _ := e.db.ScrubDue(); due {
		t.Error("due after a join")
	}
	e.do("bob", "bio hello", "saved")
	if due, _ := e.db.ScrubDue(); !due {
		t.Error("not due after a bio changed")
	}
}

// An old snapshot held open during a scrub keeps what it can read; the
// next scrub finds those versions in tables that no new write touches, and
// rewrites every table.
func TestScrubAfterAnOldSnapshot(t *testing.T) {
	e := newForgetEnv(t)
	e.do("anna", "join", "Welcome")
	e.do("anna", "bio Zyxbio held by a snapshot", "saved")
	snap := e.db.bdb.NewTransaction(false)
	e.do("anna", "bio Zyxbio new", "saved")
	if err := e.db.Scrub(); err == nil || !strings.Contains(err.Error(), "left") {
		t.Errorf("scrub with an old snapshot open: %v", err)
	}
	snap.Discard()
	if due, err := e.db.ScrubDue(); err != nil || !due {
		t.Fatalf("scrub no longer due after left-overs: %v, %v", due, err)
	}
	if err := e.db.Scrub(); err != nil {
		t.Fatal(err)
	}
	if found := e.findSecrets([]string{"held by a snapshot"}, nil); len(found) > 0 {
		t.Errorf("after the second scrub:\n%s", strings.Join(found, "\n"))
	}
	if found := e.findSecrets([]string{"Zyxbio new"}, nil); len(found) == 0 {
		t.Error("the current bio is gone")
	}
}

// A data dir written before rete scrubbed has old versions that no flag
// announces: its first Open scrubs it whole.
func TestFirstOpenScrubsAnOlderDataDir(t *testing.T) {
	e := newForgetEnv(t)
	e.do("anna", "join", "Welcome")
	e.do("anna", "bio Zyxbio from before", "saved")
	e.do("anna", "bio Zyxbio current", "saved")
	err := e.db.bdb.Update(func(txn *badger.Txn) error {
		if err := txn.Delete(tracked); err != nil {
			return err
		}
		return txn.Delete(scrubFlag)
	})
	if err != nil {
		t.Fatal(err)
	}
	e.reopen()
	if found := e.findSecrets([]string{"from before"}, nil); len(found) > 0 {
		t.Errorf("after the first open:\n%s", strings.Join(found, "\n"))
	}
}

// Writes that arrive while a scrub holds them back wait, and succeed.
func TestScrubWithConcurrentWrites(t *testing.T) {
	db := openDir(t, t.TempDir(), nil)
	defer closeDB(t, db)
	ctx := context.Background()
	stop := make(chan struct{})
	errs := make(chan error, 2)
	for w := range 2 {
		go func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					errs <- nil
					return
				default:
				}
				m := member("c", "u"+string(rune('a'+w)), "skill"+string(rune('a'+i%20)))
				if err := db.Update(ctx, func(tx bot.Tx) error { return tx.PutMember(m) }); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for range 3 {
		time.Sleep(20 * time.Millisecond)
		if err := db.Scrub(); err != nil && !errors.Is(err, errLeftovers) {
			t.Error(err)
		}
	}
	close(stop)
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("a write during a scrub: %v", err)
		}
	}
}

// TestForgetMeInABigRoundLeavesNothingReadable: a round stored in parts
// forgets a member in the part that held them, and the scrub leaves no
// older version of that part.
func TestForgetMeInABigRoundLeavesNothingReadable(t *testing.T) {
	e := newForgetEnv(t)
	n := 3 * bot.RoundPart * 2 // three parts of groups of two
	now := time.Now()
	var ms []*bot.Member
	for i := range n {
		id := bot.MemberID{Platform: "test", Space: "S1", User: fmt.Sprintf("u%06d", i)}
		ms = append(ms, &bot.Member{ID: id, Community: "labbit", Name: id.User, Handle: id.User, Status: bot.StatusActive,
			Profile: bot.Profile{Offers: []string{"go"}, Seeks: []string{"sales"}}, Joined: now, Updated: now})
	}
	if err := e.db.Import(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
	e.do("anna", "join", "Welcome")
	e.do("anna", "offer add go", "You offer")
	e.do("mod", "join", "Welcome")
	e.do("mod", "round now", "groups")
	// An answer rewrites anna's part alone: its old version names her too.
	e.do("anna", "met yes", "Glad you met")
	e.do("anna", "forget-me confirm", "deleted")
	secrets := []string{"test:S1:anna", "handle-anna"}
	if found := e.findSecrets(secrets, nil); !slices.ContainsFunc(found, func(f string) bool { return strings.Contains(f, "value of r/") }) {
		t.Fatalf("the round held no trace of anna before the scrub: the test proves nothing (%q)", found)
	}
	if err := e.db.Scrub(); err != nil {
		t.Fatal(err)
	}
	if found := e.findSecrets(secrets, e.backup()); len(found) > 0 {
		t.Errorf("after the scrub:\n%s", strings.Join(found, "\n"))
	}
	var groups int
	if err := e.db.View(context.Background(), func(tx bot.Tx) error {
		return tx.Rounds("labbit", func(r *bot.Round) error { groups += len(r.Groups); return nil })
	}); err != nil || groups <= 2*bot.RoundPart {
		t.Errorf("round after forget-me: %d groups, %v", groups, err)
	}
}
