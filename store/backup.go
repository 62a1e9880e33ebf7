package store

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"sync"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/ristretto/v2/z"
	"google.golang.org/protobuf/proto"
)

// A backup is Badger's backup stream, which Badger's own Load reads: a
// sequence of frames, each a little-endian uint64 length and a protobuf
// KVList of that length. rete writes only the newest version of each live
// key (no older version, no deleted key), and ends with a frame of its
// own: one entry, trailerKey, already expired (so that a Load leaves
// nothing readable), whose value gives the number of entries and the
// SHA-256 of the bytes before it. Without that last frame, or with other
// bytes before it, a backup is incomplete.

// trailerKey names the last entry of a backup; trailerValue prefixes its value.
var (
	trailerKey   = []byte("!backup")
	trailerValue = "rete backup 1"
)

// trailer is the value of the trailer entry.
func trailer(entries int, sum hash.Hash) string {
	return fmt.Sprintf("%s entries %d sha256 %x", trailerValue, entries, sum.Sum(nil))
}

// maxFrame bounds one frame of a backup (Badger's stream sends batches of
// up to 16 MB; a single entry is below Badger's 1 GB value limit).
const maxFrame = 1 << 30

// ErrBadBackup is wrapped by the errors of a file that is not a complete
// rete backup.
var ErrBadBackup = errors.New("not a complete rete backup")

// Backup writes a backup of the store to w: the newest version of every
// live record, in Badger's backup stream format. It runs on a snapshot,
// concurrently with other transactions.
func (db *DB) Backup(w io.Writer) error {
	sum := sha256.New()
	body := io.MultiWriter(w, sum)
	var (
		mu      sync.Mutex // Send runs on one goroutine; KeyToList on several
		readErr error
		n       int
	)
	stream := db.bdb.NewStream()
	stream.LogPrefix = "store.Backup"
	stream.KeyToList = func(key []byte, itr *badger.Iterator) (*pb.KVList, error) {
		item := itr.Item() // the newest version
		if item.IsDeletedOrExpired() || key[0] == scrubFlag[0] {
			return nil, nil
		}
		val, err := item.ValueCopy(nil)
		if err != nil {
			// The stream only logs a KeyToList error and goes on: keep it.
			mu.Lock()
			readErr = cmp.Or(readErr, fmt.Errorf("read %q: %w", key, err))
			mu.Unlock()
			return nil, err
		}
		kv := &pb.KV{Key: key, Value: val, Version: item.Version(), ExpiresAt: item.ExpiresAt()}
		if um := item.UserMeta(); um != 0 {
			kv.UserMeta = []byte{um}
		}
		return &pb.KVList{Kv: []*pb.KV{kv}}, nil
	}
	stream.Send = func(buf *z.Buffer) error {
		list, err := badger.BufferToKVList(buf)
		if err != nil {
			return err
		}
		out := list.Kv[:0]
		for _, kv := range list.Kv {
			if !kv.StreamDone {
				out = append(out, kv)
			}
		}
		if len(out) == 0 {
			return nil
		}
		list.Kv = out
		n += len(out)
		return writeFrame(body, list)
	}
	if err := stream.Orchestrate(context.Background()); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	if readErr != nil {
		return fmt.Errorf("store: backup: %w", readErr)
	}
	end := &pb.KV{Key: trailerKey, Value: []byte(trailer(n, sum)), Version: 1, ExpiresAt: 1}
	if err := writeFrame(w, &pb.KVList{Kv: []*pb.KV{end}}); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// writeFrame writes one frame of the backup stream.
func writeFrame(w io.Writer, list *pb.KVList) error {
	b, err := proto.Marshal(list)
	if err != nil {
		return err
	}
	var size [8]byte
	binary.LittleEndian.PutUint64(size[:], uint64(len(b)))
	if _, err := w.Write(size[:]); err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// CheckBackup reads a whole backup and reports whether it is complete:
// every frame whole and decodable, every entry with a key, and the
// trailer last, with the count and checksum of what came before it. It
// returns the number of bytes before the trailer frame.
func CheckBackup(r io.Reader) (int64, error) {
	sum := sha256.New()
	var (
		off     int64
		entries int
		size    [8]byte
		buf     []byte
	)
	for {
		_, err := io.ReadFull(r, size[:])
		switch {
		case errors.Is(err, io.EOF):
			return 0, fmt.Errorf("%w: it ends without its last entry (cut short, or empty)", ErrBadBackup)
		case errors.Is(err, io.ErrUnexpectedEOF):
			return 0, fmt.Errorf("%w: it is cut short at byte %d", ErrBadBackup, off)
		case err != nil:
			return 0, err
		}
		n := binary.LittleEndian.Uint64(size[:])
		if n == 0 || n > maxFrame {
			return 0, fmt.Errorf("%w: bad frame length %d at byte %d", ErrBadBackup, n, off)
		}
		// Grow the buffer as data arrives, not by the length a broken file
		// claims.
		buf = buf[:0]
		m, err := io.Copy(bytesWriter{&buf}, io.LimitReader(r, int64(n)))
		if err != nil {
			return 0, err
		}
		if uint64(m) < n {
			return 0, fmt.Errorf("%w: it is cut short at byte %d", ErrBadBackup, off+8+m)
		}
		var list pb.KVList
		if err := proto.Unmarshal(buf, &list); err != nil {
			return 0, fmt.Errorf("%w: frame at byte %d: %v", ErrBadBackup, off, err)
		}
		for i, kv := range list.Kv {
			if len(kv.Key) == 0 || kv.Version == 0 {
				return 0, fmt.Errorf("%w: frame at byte %d: entry without key or version", ErrBadBackup, off)
			}
			if !bytes.Equal(kv.Key, trailerKey) {
				continue
			}
			if i != 0 || len(list.Kv) != 1 || string(kv.Value) != trailer(entries, sum) {
				return 0, fmt.Errorf("%w: its last entry does not match the entries before it", ErrBadBackup)
			}
			if _, err := r.Read(size[:1]); !errors.Is(err, io.EOF) {
				return 0, fmt.Errorf("%w: data after its last entry", ErrBadBackup)
			}
			return off, nil
		}
		entries += len(list.Kv)
		off += 8 + int64(n)
		sum.Write(size[:])
		sum.Write(buf)
	}
}

// bytesWriter appends to a byte slice.
type bytesWriter struct{ b *[]byte }

func (w bytesWriter) Write(p []byte) (int, error) {
	*w.b = append(*w.b, p...)
	return len(p), nil
}

// restorePending bounds the writes Restore keeps in flight.
const restorePending = 256

// Restore checks a backup written by [DB.Backup] whole (see
// [CheckBackup]), then loads it into the store, which must be empty and
// must not be in use by other transactions meanwhile. A backup that fails
// the check leaves the store untouched.
func (db *DB) Restore(r io.ReadSeeker) error {
	start, err := r.Seek(0, io.SeekCurrent)
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	size, err := CheckBackup(r)
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if _, err := r.Seek(start, io.SeekStart); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	empty, err := db.empty()
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if !empty {
		return errors.New("store: restore: the store is not empty; restore into a new data dir")
	}
	if err := db.bdb.Load(io.LimitReader(r, size), restorePending); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	// A backup of a store from before the due index has no index entries.
	if err := db.indexDue(); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := db.sync.wait(); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	return nil
}
