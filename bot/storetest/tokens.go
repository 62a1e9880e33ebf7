package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// testTokens checks the button token contract: a stored command comes
// back, is replaced by a later put, is not found under another token,
// and is gone once its ttl has passed.
func testTokens(t *testing.T, s bot.Store) {
	ctx := context.Background()
	long := "members active " + strings.Repeat("kubernetes ", 8) + "page 2"
	put := func(token, cmd string, ttl time.Duration) {
		t.Helper()
		if err := s.Update(ctx, func(tx bot.Tx) error { return tx.PutToken(token, cmd, ttl) }); err != nil {
			t.Fatalf("PutToken %s: %v", token, err)
		}
	}
	get := func(token string) (string, error) {
		var cmd string
		err := s.View(ctx, func(tx bot.Tx) error {
			var err error
			cmd, err = tx.Token(token)
			return err
		})
		return cmd, err
	}
	put("Ab3", long, time.Hour)
	if cmd, err := get("Ab3"); err != nil || cmd != long {
		t.Errorf("Token(Ab3) = %q, %v; want the stored command", cmd, err)
	}
	put("Ab3", "help", time.Hour)
	if cmd, err := get("Ab3"); err != nil || cmd != "help" {
		t.Errorf("Token(Ab3) after a second put = %q, %v; want help", cmd, err)
	}
	if _, err := get("Zz9"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("Token(Zz9) never stored: %v, want ErrNotFound", err)
	}
	if err := s.View(ctx, func(tx bot.Tx) error { return tx.PutToken("Q1", "help", time.Hour) }); err == nil {
		t.Error("PutToken inside View succeeded")
	}
	put("Short1", "help", time.Second)
	time.Sleep(2100 * time.Millisecond)
	if _, err := get("Short1"); !errors.Is(err, bot.ErrNotFound) {
		t.Errorf("Token(Short1) after its ttl: %v, want ErrNotFound", err)
	}
}
