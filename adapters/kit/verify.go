package kit

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Verification errors; an adapter answers every one with 401.
var (
	ErrMissingSignature = errors.New("missing signature")
	ErrBadSignature     = errors.New("signature does not match")
	ErrStale            = errors.New("timestamp outside the allowed window")
)

// checkTimestamp parses unix seconds and checks they are within window of
// now either way, so that a captured request cannot be replayed later.
func checkTimestamp(ts string, now time.Time, window time.Duration) error {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("bad timestamp: %w", err)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > window || d < -window {
		return ErrStale
	}
	return nil
}

// VerifyHMAC checks a signature in Slack's scheme: sig is prefix followed
// by the hex HMAC-SHA256, under secret, of version + ":" + ts + ":" + body
// (Slack: version "v0", prefix "v0="), compared in constant time, with ts
// (unix seconds) within window of now.
func VerifyHMAC(secret, version, sig, ts string, body []byte, now time.Time, window time.Duration) error {
	if sig == "" || ts == "" {
		return ErrMissingSignature
	}
	if err := checkTimestamp(ts, now, window); err != nil {
		return err
	}
	hexSig, ok := strings.CutPrefix(sig, version+"=")
	if !ok {
		return ErrBadSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return ErrBadSignature
	}
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%s:%s:", version, ts)
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return ErrBadSignature
	}
	return nil
}

// VerifySecret compares a shared secret sent in a header (Telegram's
// X-Telegram-Bot-Api-Secret-Token) with the configured one in constant
// time. An empty configured secret verifies nothing: it is refused.
func VerifySecret(want, got string) error {
	if want == "" || got == "" {
		return ErrMissingSignature
	}
	if subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
		return ErrBadSignature
	}
	return nil
}

// VerifyEd25519 checks a signature in Discord's scheme: sig is the hex
// Ed25519 signature, by the application's public key (hex), of ts + body,
// with ts (unix seconds) within window of now.
func VerifyEd25519(publicKeyHex, sig, ts string, body []byte, now time.Time, window time.Duration) error {
	if sig == "" || ts == "" {
		return ErrMissingSignature
	}
	key, err := hex.DecodeString(publicKeyHex)
	if err != nil || len(key) != ed25519.PublicKeySize {
		return fmt.Errorf("public key: want %d hex-encoded bytes", ed25519.PublicKeySize)
	}
	if err := checkTimestamp(ts, now, window); err != nil {
		return err
	}
	s, err := hex.DecodeString(sig)
	if err != nil || len(s) != ed25519.SignatureSize {
		return ErrBadSignature
	}
	msg := append([]byte(ts), body...)
	if !ed25519.Verify(ed25519.PublicKey(key), msg, s) {
		return ErrBadSignature
	}
	return nil
}
