package store

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// Benchmarks; run them with
//
//	go test -run '^$' -bench . -benchtime 3s ./store/
//
// The 100k-member database that BenchmarkGetMember and
// BenchmarkFindCommonSkill read is built once per test binary, on disk,
// compacted, and removed by TestMain.

const (
	benchCommunity = "bench"
	benchMembers   = 100_000
	benchSeed      = 1
)

// shared100k is the database built once for the read benchmarks.
var shared100k struct {
	once    sync.Once
	dir     string
	db      *DB
	members []*bot.Member
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared100k.db != nil {
		if err := shared100k.db.Close(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	if shared100k.dir != "" {
		os.RemoveAll(shared100k.dir)
	}
	os.Exit(code)
}

// db100k returns the shared 100k-member database and its members.
func db100k(b *testing.B) (*DB, []*bot.Member) {
	b.Helper()
	s := &shared100k
	s.once.Do(func() {
		s.members = genMembers(benchCommunity, benchMembers, benchSeed)
		s.dir, s.err = os.MkdirTemp("", "rete-store-bench-")
		if s.err != nil {
			return
		}
		s.db, s.err = Open(s.dir, Options{})
		if s.err != nil {
			return
		}
		if s.err = s.db.Import(context.Background(), s.members); s.err != nil {
			return
		}
		// Settle the LSM tree as a bot's data dir is between bulk loads,
		// so that background compaction does not skew the read benchmarks.
		s.err = s.db.bdb.Flatten(2)
	})
	if s.err != nil {
		b.Fatal(s.err)
	}
	return s.db, s.members
}

func reportOps(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

// BenchmarkPutMember measures one durable Update that replaces a member
// (reading the previous version and rewriting the changed index entries).
func BenchmarkPutMember(b *testing.B) {
	db, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ms := genMembers(benchCommunity, 1000, benchSeed)
	if err := db.Import(context.Background(), ms); err != nil {
		b.Fatal(err)
	}
	alt := genMembers(benchCommunity, len(ms), benchSeed+1) // other skills, same ids
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := ms[i%len(ms)]
		if i%2 == 1 {
			m = alt[i%len(ms)]
		}
		if err := db.Update(ctx, func(tx bot.Tx) error { return tx.PutMember(m) }); err != nil {
			b.Fatal(err)
		}
	}
	reportOps(b)
}

// BenchmarkImport100k measures importing 100k members into an empty
// database on disk; one op is the whole import.
func BenchmarkImport100k(b *testing.B) {
	ms := genMembers(benchCommunity, benchMembers, benchSeed)
	ctx := context.Background()
	root := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir, err := os.MkdirTemp(root, "import-")
		if err != nil {
			b.Fatal(err)
		}
		db, err := Open(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := db.Import(ctx, ms); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		os.RemoveAll(dir)
		b.StartTimer()
	}
	reportOps(b)
	b.ReportMetric(float64(b.N*len(ms))/b.Elapsed().Seconds(), "members/s")
}

// BenchmarkGetMember measures a View that reads one member of 100k.
func BenchmarkGetMember(b *testing.B) {
	db, ms := db100k(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// A stride that is prime to 100k visits members all over the key space.
		id := ms[(i*7919)%len(ms)].ID
		err := db.View(ctx, func(tx bot.Tx) error {
			_, err := tx.Member(benchCommunity, id)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	reportOps(b)
}

// BenchmarkFindCommonSkill measures a View that lists the members offering
// the most popular skill and loads each of them, on 100k members.
func BenchmarkFindCommonSkill(b *testing.B) {
	db, _ := db100k(b)
	ctx := context.Background()
	skill := genSkills[0]
	found := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		found = 0
		err := db.View(ctx, func(tx bot.Tx) error {
			return tx.MembersWithSkill(benchCommunity, bot.Offers, skill, func(id bot.MemberID) error {
				if _, err := tx.Member(benchCommunity, id); err != nil {
					return err
				}
				found++
				return nil
			})
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	reportOps(b)
	b.ReportMetric(float64(found), "members/op")
	if found == 0 {
		b.Fatalf("nobody offers %q", skill)
	}
}

// BenchmarkScrub100k measures a scrub of the 100k-member database after
// ten members changed their profile and one was deleted, and the longest
// wait of a writer that commits meanwhile (a scrub holds writes back
// while it writes the memtables out). "full" also rewrites every table,
// as a scrub does when it finds left-overs.
func BenchmarkScrub100k(b *testing.B) {
	for _, full := range []bool{false, true} {
		b.Run(map[bool]string{false: "due", true: "full"}[full], func(b *testing.B) {
			db, ms := db100k(b)
			alt := genMembers(benchCommunity, 11, benchSeed+2)
			ctx := context.Background()
			var maxWait time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				err := db.Update(ctx, func(tx bot.Tx) error {
					for j, m := range alt[:10] {
						cp := *m
						cp.ID = ms[(i*10+j)*7919%len(ms)].ID
						if err := tx.PutMember(&cp); err != nil {
							return err
						}
					}
					return tx.DeleteMember(benchCommunity, ms[(i*10+10)*7919%len(ms)].ID)
				})
				if err != nil {
					b.Fatal(err)
				}
				stop := make(chan struct{})
				done := make(chan time.Duration)
				go func() {
					var worst time.Duration
					for k := 0; ; k++ {
						select {
						case <-stop:
							done <- worst
							return
						default:
						}
						start := time.Now()
						if err := db.Update(ctx, func(tx bot.Tx) error { return tx.PutState(benchCommunity, &bot.State{}) }); err != nil {
							b.Error(err)
						}
						worst = max(worst, time.Since(start))
						time.Sleep(5 * time.Millisecond)
					}
				}()
				b.StartTimer()
				if full {
					err = db.compactAll([][]byte{bracketLow, bracketHigh})
					if err == nil {
						err = db.dropPrefixes(bracketLow, bracketHigh)
					}
				} else {
					err = db.Scrub()
				}
				b.StopTimer()
				close(stop)
				maxWait = max(maxWait, <-done)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(maxWait.Milliseconds()), "max-write-wait-ms")
		})
	}
}
