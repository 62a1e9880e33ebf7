package kit

import (
	"context"
	"net/http"

	"github.com/rete-bot/rete/bot"
)

// Adapter is what cmd/rete asks of every platform adapter: to send for the
// core, and to finish what it started before the store closes. An adapter
// that is also a fmt.Stringer describes there how it hears its platform
// ("slack Socket Mode"), for the startup log.
//
// Shutdown waits until the work the adapter started on its own (replies
// delivered late, acknowledgements) is done, or ctx is done, and then
// returns ctx's error. It is called once, after every Runner has
// returned and the HTTP server has stopped taking requests, so nothing
// new starts during it.
type Adapter interface {
	bot.Messenger
	Shutdown(ctx context.Context) error
}

// Runner is an optional ability: an adapter with a loop of its own (a
// websocket, long polling, a terminal) that hands what it reads to h.
//
// Run returns nil when ctx is done, or at once when the adapter, as
// configured, has nothing to run (Slack without an app token). An error
// means the adapter can no longer hear its platform: cmd/rete then stops,
// because a deaf bot must not look healthy. Run returns only after the
// requests it took are handled or handed to work Shutdown waits for.
type Runner interface {
	Run(ctx context.Context, h bot.Handler) error
}

// Router is an optional ability: an adapter that receives webhooks on the
// shared HTTP server. Routes registers its patterns on mux, each handing
// verified requests to h; it registers nothing, and returns nil, when the
// adapter is configured to receive otherwise. An error stops cmd/rete
// before it serves.
type Router interface {
	Routes(mux *http.ServeMux, h bot.Handler) error
}
