package telegram

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/telegram/telegramfake"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
	"github.com/rete-bot/rete/store"
)

// TestWebhookLatency200 measures the second figure: from a
// webhook update's arrival to its reply's sendMessage at the Bot API,
// with 200 updates at once (each a different member's /help in a private
// chat), through the real core and the store's de-duplication on disk. It
// takes a tenth of a second, so CI runs it too; the figures print with -v:
//
//	go test -run TestWebhookLatency200 -v ./adapters/telegram/
func TestWebhookLatency200(t *testing.T) {
	const n = 200
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	f := telegramfake.New(t)
	a := newAdapter(t, f, &bottest.SyncBuffer{}, func(c *Config) {
		c.Seen = db
		c.Mode, c.WebhookURL, c.WebhookSecret = ModeWebhook, "https://rete.example/telegram/webhook", telegramfake.WebhookSecret
	})
	b, err := bot.New(bot.Config{Store: db, Messengers: []bot.Messenger{a}})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	if err := a.Routes(mux, b); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	http.DefaultTransport.(*http.Transport).MaxIdleConnsPerHost = n

	starts := make([]time.Time, n)
	var wg sync.WaitGroup
	for i := range n {
		user := int64(500000 + i)
		u := telegramfake.TextUpdate(user, telegramfake.User(user, "M", ""), "/help")
		u["update_id"] = 10000 + i
		wg.Go(func() {
			starts[i] = time.Now()
			if code := telegramfake.PostUpdate(t, srv.URL, telegramfake.WebhookSecret, u); code != http.StatusOK {
				t.Errorf("update %d: %d", i, code)
			}
		})
	}
	wg.Wait()
	var lat []time.Duration
	for _, c := range f.Since(0, "sendMessage") {
		i := int(c.Chat - 500000)
		if i >= 0 && i < n {
			lat = append(lat, c.At.Sub(starts[i]))
		}
	}
	if len(lat) != n {
		t.Fatalf("%d replies, want %d", len(lat), n)
	}
	slices.Sort(lat)
	t.Logf("%d concurrent webhook updates → reply sendMessage: p50 %s, p99 %s, max %s",
		n, lat[n/2].Round(time.Microsecond), lat[n*99/100].Round(time.Microsecond), lat[n-1].Round(time.Microsecond))
}
