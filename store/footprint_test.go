package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// Footprint targets for a data dir with 100k members.
const (
	maxIdleRSS = 64 << 20
	maxOpen    = 300 * time.Millisecond
)

// TestFootprint measures the open time and idle memory of a store with 100k
// members in a separate process (so that nothing else this test binary did
// counts): RSS after open, and again after a full scan of the members (a
// pairing round). RssFile includes the test binary and the table files that
// Badger maps, which the kernel may drop under pressure. It takes a minute,
// so it runs only when asked:
//
//	RETE_STORE_FOOTPRINT=1 go test -run TestFootprint -v ./store/
//
// RETE_STORE_FOOTPRINT_DIR names a data dir to reuse (built when empty).
func TestFootprint(t *testing.T) {
	if os.Getenv("RETE_STORE_FOOTPRINT") == "" {
		t.Skip("set RETE_STORE_FOOTPRINT=1 to measure open time and idle memory with 100k members")
	}
	dir := os.Getenv("RETE_STORE_FOOTPRINT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	if entries, _ := os.ReadDir(dir); len(entries) == 0 {
		start := time.Now()
		db := openDir(t, dir, nil)
		if err := db.Import(t.Context(), genMembers(benchCommunity, benchMembers, benchSeed)); err != nil {
			t.Fatal(err)
		}
		// A bot's data dir is settled between bulk loads; without this the
		// child would measure the compaction that follows the import.
		if err := db.bdb.Flatten(2); err != nil {
			t.Fatal(err)
		}
		closeDB(t, db)
		t.Logf("built %d members in %s in %v", benchMembers, dir, time.Since(start).Round(time.Millisecond))
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestFootprintChild$", "-test.v")
	cmd.Env = append(os.Environ(), "RETE_STORE_FOOTPRINT_CHILD="+dir)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\n%s", err, out.String())
	}
	values := map[string]int64{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if k, v, ok := strings.Cut(line, "footprint "); ok && k == "" {
			t.Log(v)
			name, num, _ := strings.Cut(v, "=")
			n, _ := strconv.ParseInt(strings.Fields(num)[0], 10, 64)
			values[name] = n
		}
	}
	if len(values) == 0 {
		t.Fatalf("child reported nothing:\n%s", out.String())
	}
	if d := time.Duration(values["open_ns"]); d > maxOpen {
		t.Errorf("open took %v, target %v", d, maxOpen)
	}
	if rss := values["idle_rss_bytes"]; rss > maxIdleRSS {
		t.Errorf("idle RSS %d MB, target %d MB", rss>>20, maxIdleRSS>>20)
	}
}

// TestFootprintChild is the measured process of TestFootprint.
func TestFootprintChild(t *testing.T) {
	dir := os.Getenv("RETE_STORE_FOOTPRINT_CHILD")
	if dir == "" {
		t.Skip("run by TestFootprint")
	}
	report := func(name string, v int64, unit string) { fmt.Printf("footprint %s=%d %s\n", name, v, unit) }
	status := func(when string) {
		for _, field := range []string{"VmRSS", "VmHWM", "RssAnon", "RssFile"} {
			report(when+"_"+strings.ToLower(strings.TrimPrefix(field, "Vm"))+"_bytes", procStatus(t, field), "")
		}
	}
	status("before_open")
	start := time.Now()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	report("open_ns", int64(time.Since(start)), fmt.Sprintf("(%v)", time.Since(start).Round(time.Microsecond)))
	ctx := context.Background()
	// One command: read one member.
	stop := errors.New("stop")
	if err := db.View(ctx, func(tx bot.Tx) error {
		return tx.Members(benchCommunity, func(*bot.Member) error { return stop })
	}); err != stop {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Second)
	status("idle")

	// A pairing round reads every member; then the bot idles again.
	n := 0
	if err := db.View(ctx, func(tx bot.Tx) error {
		return tx.Members(benchCommunity, func(*bot.Member) error { n++; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	report("members", int64(n), "")
	time.Sleep(5 * time.Second)
	status("after_scan_idle")
}

// procStatus returns a /proc/self/status field in bytes.
func procStatus(t *testing.T, field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			f := strings.Fields(v)
			kb, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no %s in /proc/self/status", field)
	return 0
}
