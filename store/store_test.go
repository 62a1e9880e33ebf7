package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/storetest"
)

// openMem opens an in-memory store closed when t ends.
func openMem(t testing.TB) *DB {
	t.Helper()
	db, err := Open("", Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB(t, db) })
	return db
}

// openDir opens the store in dir; the caller closes it.
func openDir(t testing.TB, dir string, log *slog.Logger) *DB {
	t.Helper()
	db, err := Open(dir, Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func closeDB(t testing.TB, db *DB) {
	t.Helper()
	if err := db.Close(); err != nil {
		t.Error(err)
	}
}

func TestConformance(t *testing.T) {
	t.Run("InMemory", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) bot.Store { return openMem(t) })
	})
	t.Run("Dir", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) bot.Store {
			db := openDir(t, t.TempDir(), nil)
			t.Cleanup(func() { closeDB(t, db) })
			return db
		})
	})
}

func member(community, user string, offers ...string) *bot.Member {
	return &bot.Member{
		ID:        bot.MemberID{Platform: "slack", Space: "T01", User: user},
		Community: community,
		Name:      "Member " + user,
		Handle:    strings.ToLower(user) + ".h",
		Status:    bot.StatusActive,
		Profile:   bot.Profile{Bio: "bio of " + user, Offers: offers},
		Joined:    time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
	}
}

func mustPut(t testing.TB, db *DB, ms ...*bot.Member) {
	t.Helper()
	err := db.Update(context.Background(), func(tx bot.Tx) error {
		for _, m := range ms {
			if err := tx.PutMember(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func mustGet(t testing.TB, db *DB, community string, id bot.MemberID) *bot.Member {
	t.Helper()
	var m *bot.Member
	err := db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		m, err = tx.Member(community, id)
		return err
	})
	if err != nil {
		t.Fatalf("member %s: %v", id, err)
	}
	return m
}

func countMembers(t testing.TB, db *DB, community string) int {
	t.Helper()
	n := 0
	err := db.View(context.Background(), func(tx bot.Tx) error {
		return tx.Members(community, func(*bot.Member) error { n++; return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestReopen(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir, nil)
	m := member("c", "U1", "go")
	mustPut(t, db, m, member("c", "U2"))
	if err := db.Update(t.Context(), func(tx bot.Tx) error {
		return tx.PutSettings("c", map[string]string{"name": "Reopened"})
	}); err != nil {
		t.Fatal(err)
	}
	closeDB(t, db)

	db = openDir(t, dir, nil)
	defer closeDB(t, db)
	if got := mustGet(t, db, "c", m.ID); got.Name != m.Name || !got.Joined.Equal(m.Joined) {
		t.Errorf("after reopen: %+v", got)
	}
	if n := countMembers(t, db, "c"); n != 2 {
		t.Errorf("after reopen: %d members, want 2", n)
	}
	err := db.View(t.Context(), func(tx bot.Tx) error {
		s, err := tx.Settings("c")
		if err != nil || s["name"] != "Reopened" {
			t.Errorf("settings after reopen = %v, %v", s, err)
		}
		var ids []bot.MemberID
		err = tx.MembersWithSkill("c", bot.Offers, "go", func(id bot.MemberID) error {
			ids = append(ids, id)
			return nil
		})
		if len(ids) != 1 || ids[0] != m.ID {
			t.Errorf("skill index after reopen = %v", ids)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDataDirInUse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	db := openDir(t, dir, nil)
	second, err := Open(dir, Options{})
	if err == nil {
		second.Close()
		t.Fatal("a second Open of the same dir succeeded")
	}
	if !errors.Is(err, bot.ErrDataDirInUse) {
		t.Errorf("err = %v, want one wrapping bot.ErrDataDirInUse", err)
	}
	if want := "data dir " + dir + " is in use by another rete process"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	// The lock goes with the first store.
	closeDB(t, db)
	db = openDir(t, dir, nil)
	closeDB(t, db)
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open("", Options{}); err == nil {
		t.Error("Open with no dir succeeded")
	}
	if _, err := Open(t.TempDir(), Options{InMemory: true}); err == nil {
		t.Error("Open in memory with a dir succeeded")
	}
}

func TestBackupRestore(t *testing.T) {
	src := openDir(t, t.TempDir(), nil)
	defer closeDB(t, src)
	var ms []*bot.Member
	for i := range 50 {
		ms = append(ms, member("c", fmt.Sprintf("U%03d", i), "go", "skill "+fmt.Sprint(i%3)))
	}
	mustPut(t, src, ms...)
	// A deleted member and a changed skill must not come back.
	if err := src.Update(t.Context(), func(tx bot.Tx) error {
		if err := tx.PutSettings("c", map[string]string{"language": "it"}); err != nil {
			return err
		}
		if err := tx.PutMember(member("c", "U000", "rust")); err != nil {
			return err
		}
		return tx.DeleteMember("c", ms[1].ID)
	}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := src.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	backup := buf.Bytes()

	dst := openDir(t, t.TempDir(), nil)
	defer closeDB(t, dst)
	if err := dst.Restore(bytes.NewReader(backup)); err != nil {
		t.Fatal(err)
	}
	if n := countMembers(t, dst, "c"); n != 49 {
		t.Errorf("restored %d members, want 49", n)
	}
	if got := mustGet(t, dst, "c", ms[7].ID); got.Name != ms[7].Name {
		t.Errorf("restored member = %+v", got)
	}
	err := dst.View(t.Context(), func(tx bot.Tx) error {
		if s, err := tx.Settings("c"); err != nil || s["language"] != "it" {
			t.Errorf("restored settings = %v, %v", s, err)
		}
		n := 0
		err := tx.MembersWithSkill("c", bot.Offers, "go", func(bot.MemberID) error { n++; return nil })
		if n != 48 { // U000 offers rust now, U001 is gone
			t.Errorf("restored skill index has %d members offering go, want 48", n)
		}
		if m, err := tx.MemberByHandle("c", "U010.H"); err != nil || m.ID != ms[10].ID {
			t.Errorf("restored handle index: %v, %v", m, err)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	// Restoring over data is refused.
	if err := dst.Restore(bytes.NewReader(backup)); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("Restore into a non-empty store: err = %v", err)
	}
	// An in-memory store restores too.
	mem := openMem(t)
	if err := mem.Restore(bytes.NewReader(backup)); err != nil {
		t.Fatal(err)
	}
	if n := countMembers(t, mem, "c"); n != 49 {
		t.Errorf("restored %d members in memory, want 49", n)
	}
}

// putRaw writes a value under a key bypassing the encoding.
func putRaw(t *testing.T, db *DB, key, val []byte) {
	t.Helper()
	if err := db.bdb.Update(func(txn *badger.Txn) error { return txn.Set(key, val) }); err != nil {
		t.Fatal(err)
	}
}

func TestUnknownEncoding(t *testing.T) {
	db := openMem(t)
	m := member("c", "U1")
	mustPut(t, db, m)
	val, err := encode(m)
	if err != nil {
		t.Fatal(err)
	}
	val[0] = 2 // a version from the future
	putRaw(t, db, memberKey("c", m.ID), val)
	putRaw(t, db, settingsKey("c"), []byte{9, '{', '}'})

	err = db.View(t.Context(), func(tx bot.Tx) error {
		_, err := tx.Member("c", m.ID)
		return err
	})
	if !errors.Is(err, ErrUnknownEncoding) || !strings.Contains(err.Error(), "version 2") {
		t.Errorf("Member of version 2: err = %v", err)
	}
	err = db.View(t.Context(), func(tx bot.Tx) error {
		return tx.Members("c", func(*bot.Member) error { return nil })
	})
	if !errors.Is(err, ErrUnknownEncoding) {
		t.Errorf("Members over a version-2 member: err = %v", err)
	}
	err = db.Update(t.Context(), func(tx bot.Tx) error { return tx.PutMember(member("c", "U1")) })
	if !errors.Is(err, ErrUnknownEncoding) {
		t.Errorf("PutMember over a version-2 member: err = %v (its index entries cannot be cleaned)", err)
	}
	err = db.View(t.Context(), func(tx bot.Tx) error {
		_, err := tx.Settings("c")
		return err
	})
	if !errors.Is(err, ErrUnknownEncoding) {
		t.Errorf("Settings of version 9: err = %v", err)
	}
	putRaw(t, db, memberKey("c", m.ID), []byte{})
	if err := db.View(t.Context(), func(tx bot.Tx) error {
		_, err := tx.Member("c", m.ID)
		return err
	}); !errors.Is(err, ErrUnknownEncoding) {
		t.Errorf("Member of an empty value: err = %v", err)
	}
}

func TestEncodingVersionByte(t *testing.T) {
	db := openMem(t)
	m := member("c", "U1")
	mustPut(t, db, m)
	err := db.bdb.View(func(txn *badger.Txn) error {
		item, err := txn.Get(memberKey("c", m.ID))
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			if v[0] != 1 || v[1] != '{' {
				t.Errorf("stored value starts %q, want version 1 then JSON", v[:2])
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestKeyLayout(t *testing.T) {
	m := member("rome-1", "U1", "ci/cd", "c++")
	m.Profile.Seeks = []string{"machine learning"}
	m.Handle = "Anna.B"
	var keys []string
	for k := range indexKeys(m) {
		keys = append(keys, k)
	}
	want := []string{
		"x/rome-1/o/ci/cd\x00slack:T01:U1",
		"x/rome-1/o/c++\x00slack:T01:U1",
		"x/rome-1/s/machine learning\x00slack:T01:U1",
		"h/rome-1/anna.b\x00hslack:T01:U1",
		"h/rome-1/u1\x00uslack:T01:U1",
		"u/slack\x00U1\x00rome-1\x00slack:T01:U1",
	}
	for _, w := range want {
		if _, ok := indexKeys(m)[w]; !ok {
			t.Errorf("index keys %q lack %q", keys, w)
		}
	}
	if len(keys) != len(want) {
		t.Errorf("index keys = %q, want %q", keys, want)
	}
	if got := string(memberKey("rome-1", m.ID)); got != "m/rome-1/slack:T01:U1" {
		t.Errorf("member key = %q", got)
	}
	if got := string(settingsKey("rome-1")); got != "c/rome-1/settings" {
		t.Errorf("settings key = %q", got)
	}
}

func TestPutMemberRejects(t *testing.T) {
	db := openMem(t)
	bad := map[string]*bot.Member{
		"nil":            nil,
		"no community":   member("", "U1"),
		"slash":          member("a/b", "U1"),
		"no user":        member("c", ""),
		"colon in space": {ID: bot.MemberID{Platform: "slack", Space: "T:1", User: "U1"}, Community: "c"},
		"NUL in skill":   member("c", "U1", "go\x00"),
		"empty skill":    member("c", "U1", ""),
		"NUL in handle":  {ID: bot.MemberID{Platform: "slack", Space: "T1", User: "U1"}, Community: "c", Handle: "a\x00"},
	}
	for name, m := range bad {
		err := db.Update(t.Context(), func(tx bot.Tx) error { return tx.PutMember(m) })
		if err == nil {
			t.Errorf("%s: PutMember succeeded", name)
		}
	}
	if n := countMembers(t, db, "c"); n != 0 {
		t.Errorf("%d members stored", n)
	}
}

func TestUpdateContext(t *testing.T) {
	db := openMem(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	ran := false
	err := db.Update(ctx, func(tx bot.Tx) error { ran = true; return tx.PutMember(member("c", "U1")) })
	if !errors.Is(err, context.Canceled) || ran {
		t.Errorf("Update with a cancelled context: err = %v, fn ran = %v", err, ran)
	}
	if err := db.View(ctx, func(bot.Tx) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("View with a cancelled context: err = %v", err)
	}
	if n := countMembers(t, db, "c"); n != 0 {
		t.Errorf("%d members stored", n)
	}
}

func TestUpdateRetriesConflicts(t *testing.T) {
	db := openMem(t)
	m := member("c", "U1")
	mustPut(t, db, m)
	// The first run of fn reads m, then a concurrent Update changes it before
	// fn commits: the commit conflicts and fn runs again.
	runs := 0
	err := db.Update(t.Context(), func(tx bot.Tx) error {
		runs++
		cur, err := tx.Member("c", m.ID)
		if err != nil {
			return err
		}
		if runs == 1 {
			other := member("c", "U1")
			other.Name = "Concurrent"
			mustPut(t, db, other)
		}
		cur.Handle = "retried"
		cur.Name += " (seen)"
		return tx.PutMember(cur)
	})
	if err != nil {
		t.Fatal(err)
	}
	if runs != 2 {
		t.Errorf("fn ran %d times, want 2", runs)
	}
	if got := mustGet(t, db, "c", m.ID); got.Name != "Concurrent (seen)" {
		t.Errorf("name = %q, want the retry to build on the concurrent change", got.Name)
	}
}

func TestTxAfterReturn(t *testing.T) {
	db := openMem(t)
	var kept bot.Tx
	if err := db.Update(t.Context(), func(tx bot.Tx) error { kept = tx; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := kept.PutMember(member("c", "U1")); !errors.Is(err, errTxDone) {
		t.Errorf("PutMember after Update returned: err = %v", err)
	}
	if err := db.View(t.Context(), func(tx bot.Tx) error { kept = tx; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := kept.Members("c", func(*bot.Member) error { return nil }); !errors.Is(err, errTxDone) {
		t.Errorf("Members after View returned: err = %v", err)
	}
}

func TestMembersWithSkillBadKind(t *testing.T) {
	db := openMem(t)
	err := db.View(t.Context(), func(tx bot.Tx) error {
		return tx.MembersWithSkill("c", "teaches", "go", func(bot.MemberID) error { return nil })
	})
	if err == nil {
		t.Error("MembersWithSkill with an unknown kind succeeded")
	}
}

func TestHandleSharedByTwoMembers(t *testing.T) {
	db := openMem(t)
	a, b := member("c", "U1"), member("c", "U2")
	a.Handle, b.Handle = "same", "same"
	// c's user id is the other two's handle: a handle wins over a user id.
	c := member("c", "same")
	c.Handle = "other"
	mustPut(t, db, c, b, a)
	find := func(h string) bot.MemberID {
		var id bot.MemberID
		err := db.View(t.Context(), func(tx bot.Tx) error {
			m, err := tx.MemberByHandle("c", h)
			if err == nil {
				id = m.ID
			}
			return err
		})
		if err != nil {
			t.Fatalf("MemberByHandle(%q): %v", h, err)
		}
		return id
	}
	if got := find("SAME"); got != a.ID {
		t.Errorf("shared handle finds %s, want the lowest id %s", got, a.ID)
	}
	// Deleting a leaves b's entry alone.
	if err := db.Update(t.Context(), func(tx bot.Tx) error { return tx.DeleteMember("c", a.ID) }); err != nil {
		t.Fatal(err)
	}
	if got := find("same"); got != b.ID {
		t.Errorf("after deleting %s the handle finds %s, want %s", a.ID, got, b.ID)
	}
}

func TestImport(t *testing.T) {
	db := openMem(t)
	// Big members make a batch of importBatch too big for one transaction,
	// so Import has to split it.
	var ms []*bot.Member
	for i := range 1200 {
		m := member("c", fmt.Sprintf("U%05d", i), "go", fmt.Sprintf("skill %d", i%7))
		m.Profile.Bio = strings.Repeat("x", 3000)
		ms = append(ms, m)
	}
	if err := db.Import(t.Context(), ms); err != nil {
		t.Fatal(err)
	}
	if n := countMembers(t, db, "c"); n != len(ms) {
		t.Errorf("%d members after import, want %d", n, len(ms))
	}
	// Importing again with other skills leaves no stale index entry.
	for _, m := range ms {
		m.Profile.Offers = []string{"rust"}
	}
	if err := db.Import(t.Context(), ms); err != nil {
		t.Fatal(err)
	}
	err := db.View(t.Context(), func(tx bot.Tx) error {
		n := 0
		err := tx.MembersWithSkill("c", bot.Offers, "go", func(bot.MemberID) error { n++; return nil })
		if n != 0 {
			t.Errorf("%d stale entries for go after re-import", n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	bad := []*bot.Member{member("c", "U1"), member("", "U2")}
	if err := db.Import(t.Context(), bad); err == nil {
		t.Error("Import of an invalid member succeeded")
	}
}

// recorder is a slog.Handler that keeps every record.
type recorder struct {
	mu      sync.Mutex
	records []slog.Record
	attrs   []slog.Attr
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }

func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec = rec.Clone()
	rec.AddAttrs(r.attrs...)
	r.records = append(r.records, rec)
	return nil
}

func (r *recorder) WithAttrs(as []slog.Attr) slog.Handler {
	return &childRecorder{root: r, attrs: as}
}

func (r *recorder) WithGroup(string) slog.Handler { return r }

// childRecorder adds attributes and records into its root.
type childRecorder struct {
	root  *recorder
	attrs []slog.Attr
}

func (c *childRecorder) Enabled(context.Context, slog.Level) bool { return true }

func (c *childRecorder) Handle(ctx context.Context, rec slog.Record) error {
	rec = rec.Clone()
	rec.AddAttrs(c.attrs...)
	return c.root.Handle(ctx, rec)
}

func (c *childRecorder) WithAttrs(as []slog.Attr) slog.Handler {
	return &childRecorder{root: c.root, attrs: append(append([]slog.Attr(nil), c.attrs...), as...)}
}

func (c *childRecorder) WithGroup(string) slog.Handler { return c }

// all returns the records so far.
func (r *recorder) all() []slog.Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]slog.Record(nil), r.records...)
}

func attr(rec slog.Record, key string) string {
	var v string
	rec.Attrs(func(a slog.Attr) bool {
		if a.Key == key {
			v = a.Value.String()
			return false
		}
		return true
	})
	return v
}

func TestBadgerLogRouted(t *testing.T) {
	rec := &recorder{}
	db := openDir(t, t.TempDir(), slog.New(rec))
	closeDB(t, db)
	recs := rec.all()
	if len(recs) == 0 {
		t.Fatal("no Badger log lines reached the logger")
	}
	for _, r := range recs {
		if attr(r, "component") != "badger" {
			t.Errorf("record %q lacks component=badger", r.Message)
		}
		if r.Level != slog.LevelDebug {
			t.Errorf("Badger line %q at %v, want Debug (Badger INFO)", r.Message, r.Level)
		}
		if strings.HasSuffix(r.Message, "\n") {
			t.Errorf("record %q ends in a newline", r.Message)
		}
	}
	// Levels map as documented.
	l := badgerLogger{slog.New(rec)}
	l.Warningf("w %d\n", 1)
	l.Errorf("e %d", 2)
	recs = rec.all()
	if w, e := recs[len(recs)-2], recs[len(recs)-1]; w.Level != slog.LevelWarn || w.Message != "w 1" || e.Level != slog.LevelError || e.Message != "e 2" {
		t.Errorf("WARNING and ERROR became %v %q and %v %q", w.Level, w.Message, e.Level, e.Message)
	}
}

func TestRunGC(t *testing.T) {
	rec := &recorder{}
	db := openDir(t, t.TempDir(), slog.New(rec))
	defer closeDB(t, db)
	// Member values stay in the LSM tree (they are far below Badger's value
	// threshold), so there is nothing to rewrite: RunGC must still tick,
	// take Badger's "no rewrite" calmly and stop with its context.
	var ms []*bot.Member
	for i := range 40 {
		ms = append(ms, member("c", fmt.Sprintf("U%03d", i)))
	}
	if err := db.Import(t.Context(), ms); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		db.RunGC(ctx, 5*time.Millisecond)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for gcLines(rec) < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("RunGC did not return after its context was cancelled")
	}
	if n := gcLines(rec); n < 2 {
		t.Errorf("RunGC ran %d times in 5s at a 5ms interval", n)
	}
	for _, r := range rec.all() {
		if r.Level >= slog.LevelWarn {
			t.Errorf("RunGC logged %v %q err=%s", r.Level, r.Message, attr(r, "err"))
		}
	}
	if n := countMembers(t, db, "c"); n != 40 {
		t.Errorf("%d members after GC, want 40", n)
	}
}

// gcLines counts the store's value log GC reports.
func gcLines(rec *recorder) int {
	n := 0
	for _, r := range rec.all() {
		if strings.HasPrefix(r.Message, "store: value log gc") {
			n++
		}
	}
	return n
}
