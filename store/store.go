// Package store is rete's durable state: the Badger v4 implementation of
// [bot.Store] and [bot.Tx].
//
// # Key layout
//
// A record's key starts with a kind letter and its community id (the
// platform, for the outbox and the keys that follow a person across
// communities), so that one community's records are one contiguous key
// range per kind. Community ids hold no '/' (they are [a-z0-9-_]), which
// makes "{kind}/{community}/" an exact prefix. Member ids are written in their string form
// "platform:space:user". Skills and handles may hold spaces, '+', '#', '.'
// and '/', so a NUL byte (written \x00 below; it never occurs in skills,
// handles or ids) ends them when another component follows.
//
//	m/{community}/{platform:space:user}                   member (value: the member)
//	x/{community}/o/{skill}\x00{platform:space:user}      offers index (value empty)
//	x/{community}/s/{skill}\x00{platform:space:user}      seeks index (value empty)
//	h/{community}/{lower(handle)}\x00h{platform:space:user}   handle index (value empty)
//	h/{community}/{lower(user)}\x00u{platform:space:user}     user id index (value empty)
//	c/{community}/settings                                the `config` overrides
//	c/{community}/state                                   the scheduler state
//	r/{community}/{round id}                              a round (ids sort by time)
//	r/{community}/{round id}\x00{part, 6 digits}           a part of a round's groups (see Rounds)
//	o/{platform}/p/{entry id}                             a pending outbox entry
//	o/{platform}/d/{entry id}                             a done outbox entry (60-day TTL)
//	o/{platform}/n/{not before, UTC}\x00{entry id}         due index of pending entries (value empty; see Due)
//	i/{community}/{id zero-padded to 10 digits}           an introduction request
//	e/{community}/{id zero-padded to 10 digits}           an event
//	E/{id}\x00{community}                                 event id index (value empty)
//	c/{community}/seq/{name}                              a NextID counter ("intro", "event")
//	c/{community}/intro_counts                            the intros' bot.IntroCounts, kept by PutIntro
//	s/{key}                                               a de-duplication mark (SeenOnce; value empty, with a TTL)
//	t/{token}                                             a long button's command (PutToken; value: the command, with a TTL)
//	u/{platform}\x00{user}\x00{community}\x00{platform:space:user}  membership index (value empty)
//	U/{platform}\x00{user}                                 the community chosen for private chats (value: its id)
//	S/{platform}\x00{space}                                a space a member joined in (value empty)
//	a/{community}/{account id}\x00{primary id}             a linked account of a member (value empty)
//	l/{code}                                              a one-time `link` code (value: the bot.LinkCode, with a TTL)
//	!scrub                                                a scrub is due (value empty; see Forgetting)
//	!tracked                                              overwrites set !scrub since this store was created (value empty)
//	!outbox-due                                           every pending outbox entry has its due index entry (value empty)
//	!bracket, ~bracket                                    throw-away keys a scrub writes at both ends of the key space
//
// Introduction and event ids are the decimal numbers NextID hands out;
// zero-padding makes key order numeric order. NextID reads, increments
// and writes its counter in the caller's transaction, so concurrent takers
// conflict and one of them runs again. Event ids are numbered per
// community, so one id may belong to events of several communities: the
// E index lists them all and EventByID takes the lowest community id.
// Links to an event name its community too (bot.EventPublicID).
// PutIntro updates intro_counts in its own transaction (so concurrent
// intro changes of one community conflict, as NextID's do); a community
// without it (intros written by an older release, or a move between
// communities, which drops it) is counted again by RecountIntros or its
// next PutIntro.
//
// A round of more than [bot.RoundPart] groups (a community of 100,000
// members makes a round of megabytes) is stored in parts: its record
// holds the round without its groups and the number of parts, and each
// part, a few hundred KB at most, holds RoundPart groups. Neither one
// transaction (Badger takes about 1.2 MB, 15% of the 8 MB memtable) nor
// one value (above 1 MB it would go to the value log, which scrubs do not
// reach; in memory it is refused) could hold the whole round. Parts are
// staged (StageRound) before the record exists, so readers, which reach
// parts only through a record, do not see them until PutRound writes the
// record; PutRound rewrites only parts whose bytes differ. The NUL after
// the id sorts a round's parts between its record and the next round's,
// so MoveSpace and RenameMember rewrite them as records of the round kind.
//
// The membership index lets a private chat, which names no space, find
// the person's communities: PutMember and DeleteMember keep it with the
// other index entries. The choice is per person, under no space, and goes
// when its community's last record of them does. Spaces are written once,
// by the first PutMember there, so the scheduler knows spaces no
// community lists; MoveSpace (move.go) rewrites all of these.
//
// A person's accounts on several platforms are one record under the
// primary id (see [bot.Member.Accounts]): PutMember writes, as index
// entries of that record, an account entry (a/) and the handle, user id
// and membership entries of every linked account, all naming the primary
// id, so Member and MemberByHandle given an account find the record and
// DeleteMember takes every account with it. RenameMember (accounts.go)
// re-points the records of an account that joins a member, with
// MoveSpace's rewriter.
//
// Index entries carry the member id in the key, so index scans read keys
// only and two members may share a handle without clobbering each other's
// entry. Skills lists the distinct skills of a kind by seeking past each
// skill's entries, one key read per skill. A handle lookup takes the first
// entry under its prefix: a handle owner ('h') before a user-id owner
// ('u'), then in id order. Members and index scans run in key order, which
// is the byte order of [bot.MemberID.String]. Outbox entries are kept per
// platform, as the outbox workers read them; their ids are unique per
// platform. The due index lets a worker read only what is due, oldest
// first, in a queue of hundreds of thousands (a big round queues its
// follow-ups days ahead); every write of a pending entry writes its index
// entry in the same transaction, and Open builds the index of a store
// written before it (then sets !outbox-due), once. Other letters are free for later kinds.
//
// # Forgetting
//
// Badger never changes a file in place: an overwrite or a delete adds a
// newer version (a delete marker, which carries the key), and the older
// ones stay in the memtable logs (.mem) and tables (.sst) until a
// compaction drops them. Keys hold member ids, skills and handles, and
// values hold bios and reasons, so after forget-me, `bio -` or `offer
// remove` the old data could still be read from the data dir. Every
// commit that replaces or deletes a record holding member data (members
// and their index entries, intros, events, rounds, outbox entries removed
// by forget-me) also sets the !scrub key, which holds nothing else; adding
// a record does not. [DB.Scrub] then writes the memtables out (deleting
// their logs) and compacts every table into one level, which drops every
// version but the newest, every delete marker and every expired entry,
// and checks with a scan over all versions that nothing is left (see
// Scrub for how it rewrites the tables left untouched). Open runs it, and
// so does [DB.RunGC] under `rete serve`, periodically when due; a data dir
// written before scrubs existed (no !tracked key) gets one at its first
// Open. Values stay in the tables (all of rete's are far below Badger's
// 1 MB value threshold, rounds thanks to their parts), so the value log
// holds none. De-duplication marks hold
// platform event ids and request signatures only, and expire within
// minutes. A backup holds only the newest version of each live key (see
// backup.go).
//
// # Values
//
// A value is one version byte followed by the encoding of that version.
// Version 1 is JSON. Version 2, the same JSON, is only for the record of a
// round stored in parts, which a release from before parts would misread
// as a round without groups. Reading a value of an unknown version fails
// with an error wrapping [ErrUnknownEncoding], so a later release can
// migrate values and an older one refuses them instead of misreading them.
//
// # Durability
//
// When [DB.Update] returns nil the change is on disk: it survives a
// process crash and also a power loss. Commits are made durable in groups
// (see groupSync in sync.go): Badger runs without SyncWrites, and each
// Update, after its commit, waits for one fsync of the write-ahead logs
// that started after it; concurrent Updates share that fsync, where
// Badger's own SyncWrites would sync once per transaction, in sequence.
// A reader can see a
// commit in the moment before its fsync ends; only a power loss in that
// moment would undo what it saw. Bulk loads go through [DB.Import], which
// commits many members per transaction.
//
// A nearly full file system (below [Options.MinFree]) makes Update refuse
// to write, with an error wrapping [bot.ErrCannotSave], before Badger's
// mapped files can fault; reads go on, and Open on such a disk serves
// reads only (see diskspace.go).
//
// # Memory
//
// Badger's defaults are cut to a few MB of memtables and caches (see
// Open), so that a small community's bot fits a small machine. A full scan
// of the members maps the tables it reads, which adds their size as
// file-backed (reclaimable) RSS, and leaves garbage that Go returns to the
// system only after a GC; compactions, mostly after a bulk load, briefly
// allocate much more. The main program returns that memory to the system
// once it is idle again (see trimMemory in cmd/rete), rather than with a
// soft memory limit, which would slow the work itself down.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"github.com/rete-bot/rete/bot"
)

// Options configure [Open].
type Options struct {
	// Logger receives Badger's own log lines and the store's (Badger INFO
	// at Debug). Nil discards them.
	Logger *slog.Logger
	// InMemory keeps everything in memory and nothing on disk: for tests.
	// Open's dir must then be empty.
	InMemory bool
	// MinFree is the space writes leave free on the data dir's file
	// system: below it, writes fail with [bot.ErrCannotSave] (0:
	// DefaultMinFree).
	MinFree uint64
	// plain writes tables uncompressed, so that tests can scan the files
	// for plaintext.
	plain bool
}

// DB is a rete store in one data dir. It implements [bot.Store]; its
// methods are safe for concurrent use.
type DB struct {
	bdb *badger.DB
	log *slog.Logger
	dir string
	// sync makes commits durable, in groups.
	sync *groupSync
	// writers lets read-write transactions run together (read lock) or a
	// retry after a conflict, or a scrub's flush, run alone (write lock).
	writers sync.RWMutex
	// scrubMu runs one Scrub at a time.
	scrubMu sync.Mutex
	// disk refuses writes while the file system is nearly full.
	disk *diskGuard
	// indexed says every pending outbox entry has its due index entry
	// (outbox_due.go).
	indexed atomic.Bool
}

var _ bot.Store = (*DB)(nil)

// maxUpdateTries bounds how often Update runs fn when commits conflict; in
// practice the second run, alone, commits.
const maxUpdateTries = 10

// Open opens (creating if needed) the store in dir. A dir held by another
// process gives an error wrapping [bot.ErrDataDirInUse].
func Open(dir string, opts Options) (*DB, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	disk := newDiskGuard(dir, opts.MinFree, log)
	if opts.InMemory {
		disk = nil
	}
	// On a nearly full disk rete starts read-only: Open itself writes
	// nothing then (no scrub), and writes are refused until space is freed.
	readOnly := disk.check() != nil
	var bo badger.Options
	switch {
	case opts.InMemory && dir != "":
		return nil, fmt.Errorf("store: open %s: an in-memory store takes no dir", dir)
	case opts.InMemory:
		bo = badger.DefaultOptions("").WithInMemory(true)
	case dir == "":
		return nil, errors.New("store: open: no data dir")
	default:
		bo = badger.DefaultOptions(dir)
	}
	bo = lean(bo).
		WithSyncWrites(false). // commits are synced in groups: see groupSync
		WithLogger(badgerLogger{log.With("component", "badger")})
	if opts.plain {
		bo = bo.WithCompression(options.None)
	}
	bdb, err := badger.Open(bo)
	if err != nil {
		if strings.Contains(err.Error(), "Cannot acquire directory lock") {
			return nil, &dirInUseError{dir: dir, cause: err}
		}
		if opts.InMemory {
			return nil, fmt.Errorf("store: open in memory: %w", err)
		}
		return nil, fmt.Errorf("store: open %s: %w", dir, err)
	}
	db := &DB{bdb: bdb, log: log, dir: dir, sync: newGroupSync(dir), disk: disk}
	if readOnly {
		log.Warn("store: open: disk nearly full: serving reads only until space is freed", "data_dir", dir)
	}
	if dir != "" {
		if err := db.sync.syncLogs(); err != nil {
			bdb.Close()
			return nil, fmt.Errorf("store: open %s: %w", dir, err)
		}
	}
	if dir != "" && !readOnly {
		// What was replaced or deleted before a crash or a stop must not
		// outlive the start. Left-overs (not expected: no transaction is
		// open yet) do not keep the store from opening.
		if err := db.trackOverwrites(); err != nil {
			bdb.Close()
			return nil, fmt.Errorf("store: open %s: %w", dir, err)
		}
		switch err := db.Scrub(); {
		case errors.Is(err, errLeftovers):
			log.Warn("store: open: scrub", "err", err)
		case err != nil:
			bdb.Close()
			return nil, fmt.Errorf("store: open %s: %w", dir, err)
		}
	}
	if err := db.checkDueIndexed(!readOnly); err != nil {
		bdb.Close()
		return nil, fmt.Errorf("store: open %s: %w", dir, err)
	}
	return db, nil
}

// lean shrinks Badger's defaults (hundreds of MB of memtables and caches)
// to what a bot with a hundred thousand members needs. ZSTD (level 1)
// instead of Snappy makes the tables about 28% smaller, and with them the
// mapped file pages a full scan leaves in RSS (measured with 100k members:
// 42 MB of tables instead of 58 MB); reads cost about 1.6 times the CPU,
// which chat traffic does not notice. A 2 MB block cache instead of 8 MB
// keeps 6 MB less in RSS after a round or a find over 100k members, whose
// scans miss the cache anyway (Badger needs one with compression).
func lean(o badger.Options) badger.Options {
	return o.
		WithMemTableSize(8 << 20).
		WithNumMemtables(3).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(10).
		WithBlockCacheSize(2 << 20).
		WithIndexCacheSize(4 << 20).
		WithValueLogFileSize(16 << 20).
		WithNumCompactors(2).
		WithNumGoroutines(2).
		WithCompression(options.ZSTD).
		WithMetricsEnabled(false)
}

// dirInUseError reports a data dir locked by another process in one plain
// sentence; the Badger error stays reachable through errors.Is/As.
type dirInUseError struct {
	dir   string
	cause error
}

func (e *dirInUseError) Error() string {
	return "data dir " + e.dir + " is in use by another rete process"
}

func (e *dirInUseError) Unwrap() []error { return []error{bot.ErrDataDirInUse, e.cause} }

// Close flushes and closes the store.
func (db *DB) Close() error {
	defer db.sync.close()
	if err := db.bdb.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", db.name(), err)
	}
	return nil
}

// name names the store in errors: its dir, or "in-memory store".
func (db *DB) name() string {
	if db.dir == "" {
		return "in-memory store"
	}
	return db.dir
}

// View runs fn in a read-only transaction on one consistent snapshot.
// Writes inside fn fail.
func (db *DB) View(ctx context.Context, fn func(bot.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("store: view: %w", err)
	}
	txn := db.bdb.NewTransaction(false)
	defer txn.Discard()
	t := &tx{txn: txn, readOnly: true, indexed: db.indexed.Load()}
	defer t.close()
	return fn(t)
}

// Update runs fn in a read-write transaction and commits it when fn returns
// nil; the commit is synced to disk before Update returns. An error from fn
// is returned unchanged, and nothing is written.
//
// Transactions run concurrently. When a commit conflicts with a concurrent
// one, Update runs fn again on a fresh snapshot, this time alone: it waits
// for the transactions in flight and holds new ones back, so the second run
// cannot conflict with another Update. fn must therefore not call Update
// itself. A cancelled ctx stops Update before a run.
func (db *DB) Update(ctx context.Context, fn func(bot.Tx) error) error {
	if err := db.disk.check(); err != nil {
		return err
	}
	for try := 1; ; try++ {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("store: update: %w", err)
		}
		fnErr, err := db.tryUpdate(fn, try > 1)
		if fnErr != nil {
			return fnErr
		}
		if err == nil {
			if err := db.sync.wait(); err != nil {
				return fmt.Errorf("store: update: %w", err)
			}
			return nil
		}
		if !errors.Is(err, badger.ErrConflict) {
			return fmt.Errorf("store: update: commit: %w", err)
		}
		if try == maxUpdateTries {
			return fmt.Errorf("store: update: %d tries: %w", try, err)
		}
	}
}

// tryUpdate runs fn once in a fresh read-write transaction and commits it,
// alongside other transactions or alone. It returns fn's error or the
// commit's.
func (db *DB) tryUpdate(fn func(bot.Tx) error, alone bool) (fnErr, commitErr error) {
	if alone {
		db.writers.Lock()
		defer db.writers.Unlock()
	} else {
		db.writers.RLock()
		defer db.writers.RUnlock()
	}
	txn := db.bdb.NewTransaction(true)
	defer txn.Discard()
	t := &tx{txn: txn, indexed: db.indexed.Load()}
	err := fn(t)
	t.close()
	if err != nil {
		return err, nil
	}
	if t.overwrote {
		if err := txn.Set(scrubFlag, nil); err != nil {
			return nil, err
		}
	}
	return nil, txn.Commit()
}

// importBatch is how many members Import first tries per transaction; it
// halves the batch when Badger finds a transaction too big.
const importBatch = 512

// Import stores many members (creating or replacing them, indexes
// included) in batches of several hundred per transaction: for demo
// seeding and benchmarks. Each batch is atomic and durable; a failure
// leaves the batches before it written.
func (db *DB) Import(ctx context.Context, members []*bot.Member) error {
	batch := importBatch
	for done := 0; done < len(members); {
		chunk := members[done:min(done+batch, len(members))]
		err := db.Update(ctx, func(tx bot.Tx) error {
			for _, m := range chunk {
				if err := tx.PutMember(m); err != nil {
					return err
				}
			}
			return nil
		})
		switch {
		case errors.Is(err, badger.ErrTxnTooBig) && len(chunk) > 1:
			batch = len(chunk) / 2
			continue
		case err != nil:
			return fmt.Errorf("store: import (%d of %d members stored): %w", done, len(members), err)
		}
		done += len(chunk)
	}
	return nil
}

// empty reports whether the store holds no record (the scrub's own keys,
// which sort first, do not count).
func (db *DB) empty() (bool, error) {
	empty := true
	err := db.bdb.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		it.Seek([]byte{scrubFlag[0] + 1}) // past the scrub's own keys
		empty = !it.Valid()
		return nil
	})
	return empty, err
}

// gcDiscardRatio is the share of stale data that makes a value log file
// worth rewriting.
const gcDiscardRatio = 0.5

// RunGC reclaims value log space and runs a [DB.Scrub] when one is due,
// every interval until ctx is done. Run it in its own goroutine; it
// returns when ctx is done. A non-positive every runs it every 10 minutes.
// Values under 1 MB (all of rete's today) live in the LSM tree, whose
// compactions reclaim their space, so the value log GC usually finds
// nothing to rewrite.
func (db *DB) RunGC(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = 10 * time.Minute
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if db.disk.check() != nil {
				continue // both rewrite files before they free any
			}
			db.gc(ctx)
			if err := db.Scrub(); err != nil {
				db.log.Warn("store: scrub", "err", err)
			}
		}
	}
}

// gc rewrites value log files until Badger finds none worth it.
func (db *DB) gc(ctx context.Context) {
	rewritten := 0
	for ctx.Err() == nil {
		err := db.bdb.RunValueLogGC(gcDiscardRatio)
		if err == nil {
			rewritten++
			continue
		}
		switch {
		case errors.Is(err, badger.ErrNoRewrite), errors.Is(err, badger.ErrGCInMemoryMode):
			db.log.Debug("store: value log gc", "rewritten", rewritten)
		case errors.Is(err, badger.ErrRejected):
			db.log.Debug("store: value log gc rejected", "rewritten", rewritten, "err", err)
		default:
			db.log.Warn("store: value log gc", "rewritten", rewritten, "err", err)
		}
		return
	}
}
