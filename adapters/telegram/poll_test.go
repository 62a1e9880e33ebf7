package telegram

import (
	"context"
	"sync"
	"testing"

	"github.com/rete-bot/rete/adapters/telegram/telegramfake"
	"github.com/rete-bot/rete/bot"
)

// slowFirst is a handler whose first request takes a while.
type slowFirst struct {
	mu    sync.Mutex
	order []string
	gate  chan struct{}
}

func (s *slowFirst) Handle(_ context.Context, r *bot.Request) bot.Message {
	if r.Text == "offer add go" {
		<-s.gate
	}
	s.mu.Lock()
	s.order = append(s.order, r.Text)
	s.mu.Unlock()
	return bot.Message{}
}

// TestOneChatInOrder: a chat's commands are handled in the order typed,
// while another chat's go on.
func TestOneChatInOrder(t *testing.T) {
	h := &slowFirst{gate: make(chan struct{})}
	x := newHarness(t, h)
	anna, marco := telegramfake.User(1001, "Anna", ""), telegramfake.User(1002, "Marco", "")
	x.fake.Push(telegramfake.TextUpdate(1001, anna, "/offer add go"))
	x.fake.Push(telegramfake.TextUpdate(1001, anna, "/find go"))
	x.send(t, telegramfake.TextUpdate(1002, marco, "/help")) // not held up by anna's chat
	close(h.gate)
	waitFor(t, "anna's commands", func() bool {
		h.mu.Lock()
		defer h.mu.Unlock()
		return len(h.order) == 3
	})
	if h.order[0] != "help" || h.order[1] != "offer add go" || h.order[2] != "find go" {
		t.Errorf("handled in the order %v", h.order)
	}
}
