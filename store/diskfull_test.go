package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// smallDisk mounts a tmpfs of size bytes for the test, or skips it where
// mounting is not allowed (not root, a container without the capability).
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// fillTo writes a file into dir until the file system has about left
// bytes available.
func fillTo(t *testing.T, dir string, left uint64) string {
	t.Helper()
	free, err := freeSpace(dir)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "filler")
	if free > left {
		if err := os.WriteFile(path, make([]byte, free-left), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// TestNearlyFullDisk: as the disk fills, concurrent writers get
// bot.ErrCannotSave before Badger can fault; reads go on; the store
// reopens read-only on the full disk with every acknowledged write; and
// writes resume once space is freed.
func TestNearlyFullDisk(t *testing.T) {
	const minFree = 16 << 20
	disk := smallDisk(t, 64<<20)
	data := filepath.Join(disk, "data")
	var logBuf bytes.Buffer
	var logMu sync.Mutex
	log := slog.New(slog.NewTextHandler(&lockedWriter{w: &logBuf, mu: &logMu}, nil))
	db, err := Open(data, Options{Logger: log, MinFree: minFree})
	if err != nil {
		t.Fatal(err)
	}
	filler := fillTo(t, disk, minFree+6<<20)
	time.Sleep(diskCheckEvery)

	// Writers fill the last megabytes until refused.
	var (
		mu    sync.Mutex
		acked []*bot.Member
		wg    sync.WaitGroup
	)
	bio := strings.Repeat("x", 400)
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				m := member("c", fmt.Sprintf("w%d-%d", w, i))
				m.Profile.Bio = bio
				err := db.Update(context.Background(), func(tx bot.Tx) error { return tx.PutMember(m) })
				if errors.Is(err, bot.ErrCannotSave) {
					return
				}
				if err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
				mu.Lock()
				acked = append(acked, m)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := db.Writable(); !errors.Is(err, bot.ErrCannotSave) {
		// Badger may have freed space since the writers were refused (a
		// flushed memtable's log is deleted): only then may writes resume.
		if free, ferr := freeSpace(data); ferr != nil || free < minFree {
			t.Errorf("Writable on a full disk: %v (%d MiB free)", err, free>>20)
		}
	}
	if len(acked) == 0 {
		t.Fatal("no write went through before the disk was full")
	}
	if got := countMembers(t, db, "c"); got != len(acked) {
		t.Errorf("reads on a full disk: %d members, want %d", got, len(acked))
	}
	logMu.Lock()
	if !strings.Contains(logBuf.String(), "disk nearly full") {
		t.Errorf("no operator log line:\n%s", logBuf.String())
	}
	logMu.Unlock()
	closeDB(t, db)

	// It starts on the full disk, read-only, with everything acknowledged.
	// (Closing flushed the memtable into a smaller table: fill again.)
	os.Remove(filler)
	filler = fillTo(t, disk, minFree/2)
	db, err = Open(data, Options{Logger: log, MinFree: minFree})
	if err != nil {
		t.Fatalf("open on a full disk: %v", err)
	}
	logMu.Lock()
	if !strings.Contains(logBuf.String(), "serving reads only") {
		t.Errorf("no read-only start in the log:\n%s", logBuf.String())
	}
	logMu.Unlock()
	if got := countMembers(t, db, "c"); got != len(acked) {
		t.Errorf("after reopening: %d members, want %d acknowledged", got, len(acked))
	}
	for _, m := range acked[:min(len(acked), 50)] {
		if got := mustGet(t, db, "c", m.ID); got.Profile.Bio != bio {
			t.Errorf("%s lost its bio", m.ID.User)
		}
	}
	// A member is told to try later, and still reads their profile.
	b, err := bot.New(bot.Config{Store: db, Communities: []bot.Community{{ID: "c", Spaces: []bot.Space{{Platform: "slack", ID: "T01"}}, Settings: bot.DefaultSettings()}}})
	if err != nil {
		t.Fatal(err)
	}
	ask := func(text string) (string, bool) {
		msg, refused := b.HandleResult(context.Background(), &bot.Request{Platform: "slack", Space: "T01", User: acked[0].ID.User, Private: true, CanDM: bot.ReachYes, Text: text})
		return msg.PlainText(), refused
	}
	if reply, refused := ask("bio changed"); !refused || !strings.Contains(reply, "cannot save right now") {
		t.Errorf("bio on a full disk: %q", reply)
	}
	if reply, refused := ask("profile"); refused || !strings.Contains(reply, "xxxx") {
		t.Errorf("profile on a full disk: %q", reply)
	}
	err = db.Update(context.Background(), func(tx bot.Tx) error { return tx.PutMember(member("c", "late")) })
	if !errors.Is(err, bot.ErrCannotSave) || bot.ErrorCode(err) != bot.EUNAVAILABLE {
		t.Errorf("write on a full disk after reopening: %v", err)
	}

	// Space freed: writes resume.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	time.Sleep(diskCheckEvery)
	mustPut(t, db, member("c", "late"))
	closeDB(t, db)
	t.Logf("%d writes acknowledged before the disk was nearly full, all present after reopening", len(acked))
}

// lockedWriter serializes writes to w.
type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
