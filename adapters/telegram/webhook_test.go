package telegram

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rete-bot/rete/adapters/telegram/telegramfake"
	"github.com/rete-bot/rete/bot/bottest"
)

// webhookAdapter serves the webhook of an adapter handing requests to rec.
func webhookAdapter(t *testing.T, rec *bottest.Recorder) (*telegramfake.Server, string) {
	t.Helper()
	f := telegramfake.New(t)
	a := newAdapter(t, f, &bottest.SyncBuffer{}, func(c *Config) {
		c.Mode, c.WebhookURL, c.WebhookSecret = ModeWebhook, "https://rete.example/telegram/webhook", telegramfake.WebhookSecret
	})
	mux := http.NewServeMux()
	if err := a.Routes(mux, rec); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return f, srv.URL
}

func TestWebhookRefusesWhatTelegramDidNotSend(t *testing.T) {
	rec := &bottest.Recorder{}
	f, url := webhookAdapter(t, rec)
	u := telegramfake.TextUpdate(1001, telegramfake.User(1001, "Anna", ""), "/find go")
	u["update_id"] = 7
	for _, secret := range []string{"", "wrong-secret", telegramfake.WebhookSecret + "x"} {
		if code := telegramfake.PostUpdate(t, url, secret, u); code != http.StatusUnauthorized {
			t.Errorf("secret %q: %d, want 401", secret, code)
		}
	}
	if n := len(rec.Requests()); n != 0 || len(f.Since(0, "sendMessage")) != 0 {
		t.Fatalf("a refused request was processed: %d requests", n)
	}

	// The same update twice (Telegram redelivers): handled once.
	for range 2 {
		if code := telegramfake.PostUpdate(t, url, telegramfake.WebhookSecret, u); code != http.StatusOK {
			t.Fatalf("update: %d", code)
		}
	}
	if n := len(rec.Requests()); n != 1 {
		t.Errorf("a redelivered update was handled %d times, want once", n)
	}

	// A 1 MiB body is refused before it is decoded.
	big := `{"update_id":8,"message":{"message_id":1,"date":1,"chat":{"id":1001,"type":"private"},"from":{"id":1001,"first_name":"A"},"text":"/find ` + strings.Repeat("x", 1<<20) + `"}}`
	req, _ := http.NewRequest(http.MethodPost, url+"/telegram/webhook", bytes.NewReader([]byte(big)))
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", telegramfake.WebhookSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("1 MiB body: %d, want 413", resp.StatusCode)
	}
	if n := len(rec.Requests()); n != 0 {
		t.Errorf("a 1 MiB body was processed")
	}
}

func TestPollingModeServesNoWebhook(t *testing.T) {
	f := telegramfake.New(t)
	a := newAdapter(t, f, &bottest.SyncBuffer{})
	mux := http.NewServeMux()
	if err := a.Routes(mux, &bottest.Recorder{}); err != nil {
		t.Fatal(err)
	}
	rr := httptest.NewRecorder()
	mux.ServeHTTP(rr, httptest.NewRequest(http.MethodPost, "/telegram/webhook", strings.NewReader("{}")))
	if rr.Code != http.StatusNotFound {
		t.Errorf("POST /telegram/webhook in polling mode: %d, want 404", rr.Code)
	}
}

func TestWebhookModeNeedsURLAndSecret(t *testing.T) {
	f := telegramfake.New(t)
	if _, err := New(Config{BotToken: telegramfake.BotToken, APIURL: f.URL(), Mode: ModeWebhook, WebhookURL: "https://x"}); err == nil {
		t.Error("webhook mode without a secret was accepted")
	}
}
