package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// digestAfterRound is digest.schedule's value for "after each round".
const digestAfterRound = "round"

// setDigestSchedule sets digest.schedule: "round", or a cron line that
// fires at most once a day (a digest more often than that is spam).
func setDigestSchedule(s *Settings, v string) error {
	if strings.EqualFold(v, digestAfterRound) || v == "" {
		s.DigestSchedule = ""
		return nil
	}
	sched, err := ParseSchedule(v)
	if err != nil {
		return err
	}
	if n := sched.perDay(); n > 1 {
		return &tooOftenError{line: v, n: n, digest: true}
	}
	s.DigestSchedule = v
	return nil
}

// digestPeriod says whether a digest is due at now after the one st
// remembers, and names the period it is the digest of: "round-N" after
// round N, or the latest firing of digest.schedule that is due. A bot
// down for weeks posts one digest, for the latest period.
func digestPeriod(s Settings, st *State, now time.Time) (string, bool) {
	if s.DigestSchedule == "" {
		if st.Rounds > st.DigestRound {
			return "round-" + strconv.Itoa(st.Rounds), true
		}
		return "", false
	}
	sched, err := ParseSchedule(s.DigestSchedule)
	if err != nil {
		return "", false
	}
	loc := s.Location()
	fire := sched.Next(st.LastDigest, loc)
	if fire.IsZero() || fire.After(now) {
		return "", false
	}
	for range 1000 { // bounded: a daily schedule down for years stops here
		n := sched.Next(fire, loc)
		if n.IsZero() || n.After(now) {
			break
		}
		fire = n
	}
	return RoundID(fire, false), true
}

// tickDigest queues the community's digest when one is due, once per
// period: the period is remembered in the scheduler state in the
// transaction that queues the posts, and their outbox ids name it. The
// first tick only remembers now, so that starting rete posts nothing.
func (b *Bot) tickDigest(ctx context.Context, comm Community) error {
	now := b.now()
	var st *State
	var err error
	if err := b.store.View(ctx, func(tx Tx) error { st, err = tx.State(comm.ID); return err }); err != nil {
		return err
	}
	if _, due := digestPeriod(comm.Settings, st, now); !due && !st.LastDigest.IsZero() {
		return nil // the common case, read-only
	}
	posts := 0
	err = b.store.Update(ctx, func(tx Tx) error {
		posts = 0
		st, err := tx.State(comm.ID)
		if err != nil {
			return err
		}
		period, due := digestPeriod(comm.Settings, st, now)
		first, since := st.LastDigest.IsZero(), digestSince(st.LastDigest, now)
		if !due && !first {
			return nil
		}
		st.LastDigest, st.DigestRound = now, st.Rounds
		if err := tx.PutState(comm.ID, st); err != nil {
			return err
		}
		if first || !comm.Settings.Digest {
			return nil
		}
		d, err := loadDigest(tx, comm, since, now)
		if err != nil || d.empty() {
			return err
		}
		args := map[string]string{"at": now.UTC().Format(time.RFC3339Nano), "since": since.UTC().Format(time.RFC3339Nano)}
		posts, err = enqueuePosts(tx, comm, outboxID("digest", comm.ID, period), tplDigest, args, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("digest of %s: %w", comm.ID, err)
	}
	if posts > 0 {
		b.notifyOutbox()
		b.log.InfoContext(ctx, "digest queued", "community", comm.ID, "posts", posts)
	}
	return nil
}
