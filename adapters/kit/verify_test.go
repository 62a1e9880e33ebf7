package kit

import (
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"testing"
	"time"
)

// signedVector is a body and the headers that signed it.
type signedVector struct {
	Secret    string            `json:"signing_secret"`
	PublicKey string            `json:"public_key_hex"`
	Headers   map[string]string `json:"headers"`
}

func readVector(t *testing.T, body, headers string) ([]byte, signedVector) {
	t.Helper()
	b, err := os.ReadFile("testdata/" + body)
	if err != nil {
		t.Fatal(err)
	}
	h, err := os.ReadFile("testdata/" + headers)
	if err != nil {
		t.Fatal(err)
	}
	var v signedVector
	if err := json.Unmarshal(h, &v); err != nil {
		t.Fatal(err)
	}
	return b, v
}

func unix(t *testing.T, ts string) time.Time {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return time.Unix(sec, 0)
}

func TestVerifyHMACSlackVector(t *testing.T) {
	body, v := readVector(t, "slash_command.signed.form", "slash_command.signed.headers.json")
	sig, ts := v.Headers["X-Slack-Signature"], v.Headers["X-Slack-Request-Timestamp"]
	at := unix(t, ts)
	const w = 5 * time.Minute
	tamperedSig := sig[:len(sig)-1] + "0"
	for _, tt := range []struct {
		name            string
		secret, sig, ts string
		body            []byte
		now             time.Time
		want            error
	}{
		{"signed, at its time", v.Secret, sig, ts, body, at, nil},
		{"signed, 4 minutes later", v.Secret, sig, ts, body, at.Add(4 * time.Minute), nil},
		{"replayed with the real clock", v.Secret, sig, ts, body, time.Now(), ErrStale},
		{"from the future", v.Secret, sig, ts, body, at.Add(-6 * time.Minute), ErrStale},
		{"other secret", "x" + v.Secret, sig, ts, body, at, ErrBadSignature},
		{"body changed", v.Secret, sig, ts, append([]byte("a"), body...), at, ErrBadSignature},
		{"signature changed", v.Secret, tamperedSig, ts, body, at, ErrBadSignature},
		{"no version prefix", v.Secret, sig[3:], ts, body, at, ErrBadSignature},
		{"not hex", v.Secret, "v0=zz", ts, body, at, ErrBadSignature},
		{"no signature", v.Secret, "", ts, body, at, ErrMissingSignature},
		{"no timestamp", v.Secret, sig, "", body, at, ErrMissingSignature},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := VerifyHMAC(tt.secret, "v0", tt.sig, tt.ts, tt.body, tt.now, w); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	if err := VerifyHMAC(v.Secret, "v0", sig, "soon", body, at, w); err == nil {
		t.Error("a timestamp that is no number verified")
	}
}

func TestVerifyEd25519DiscordVector(t *testing.T) {
	body, v := readVector(t, "interaction.application_command.guild.signed.raw.json", "interaction.application_command.guild.signed.headers.json")
	sig, ts := v.Headers["X-Signature-Ed25519"], v.Headers["X-Signature-Timestamp"]
	at := unix(t, ts)
	const w = 5 * time.Minute
	otherKey := "0" + v.PublicKey[1:]
	if otherKey == v.PublicKey {
		otherKey = "1" + v.PublicKey[1:]
	}
	for _, tt := range []struct {
		name         string
		key, sig, ts string
		body         []byte
		now          time.Time
		want         error
	}{
		{"signed, at its time", v.PublicKey, sig, ts, body, at, nil},
		{"replayed with the real clock", v.PublicKey, sig, ts, body, time.Now(), ErrStale},
		{"body changed", v.PublicKey, sig, ts, append(body, ' '), at, ErrBadSignature},
		{"timestamp changed", v.PublicKey, sig, strconv.FormatInt(at.Unix()+1, 10), body, at, ErrBadSignature},
		{"other key", otherKey, sig, ts, body, at, ErrBadSignature},
		{"short signature", v.PublicKey, sig[:10], ts, body, at, ErrBadSignature},
		{"no signature", v.PublicKey, "", ts, body, at, ErrMissingSignature},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := VerifyEd25519(tt.key, tt.sig, tt.ts, tt.body, tt.now, w)
			if tt.name == "other key" && err != nil && !errors.Is(err, ErrBadSignature) {
				return // not a point on the curve: refused as a bad key
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	if err := VerifyEd25519("abcd", sig, ts, body, at, w); err == nil {
		t.Error("a short public key verified")
	}
}

func TestVerifySecret(t *testing.T) {
	for _, tt := range []struct {
		want, got string
		err       error
	}{
		{"s3cret", "s3cret", nil},
		{"s3cret", "s3cre", ErrBadSignature},
		{"s3cret", "S3cret", ErrBadSignature},
		{"s3cret", "", ErrMissingSignature},
		{"", "", ErrMissingSignature},
		{"", "anything", ErrMissingSignature},
	} {
		if err := VerifySecret(tt.want, tt.got); !errors.Is(err, tt.err) {
			t.Errorf("VerifySecret(%q, %q) = %v, want %v", tt.want, tt.got, err, tt.err)
		}
	}
}
