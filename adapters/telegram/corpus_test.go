package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/rete-bot/rete/adapters/telegram/telegramfake"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

func corpus(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSpace(b)
}

// TestCorpusUpdatesReachTheRightHandler sends each real update through the
// webhook: commands and presses become requests, the rest is ignored, and
// nothing crashes.
func TestCorpusUpdatesReachTheRightHandler(t *testing.T) {
	tests := []struct {
		file    string
		want    string // the request's text; "" for none
		button  bool
		private bool
	}{
		{"update.callback_query.json", "join:red", true, true},
		{"update.callback_query.inaccessible_message.json", "join:blue", true, true},
		{"update.official.callback_query_inline.json", "", false, false},
		{"update.channel_post.json", "", false, false},
		{"update.group_command_join_at_bot.json", "", false, false}, // for @SomeBot
		{"update.my_chat_member.blocked.json", "", false, false},
		{"update.my_chat_member.unblocked.json", "", false, false},
		{"update.new_chat_members.json", "", false, false},
		{"update.official.edited_message.json", "", false, false},
		{"update.official.message_entities.json", "Bold and italics", false, true},
		{"update.official.message_start.json", "help", false, true},
		{"update.photo_no_text.json", "", false, false},
		{"update.private_start_deeplink.json", "help", false, true},
		{"update.private_text.json", "4", false, true},
		{"update.supergroup_command_reply.json", "", false, false}, // answered privately, and they never pressed Start
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rec := &bottest.Recorder{}
			f, url := webhookAdapter(t, rec)
			body := corpus(t, tt.file)
			req, _ := http.NewRequest(http.MethodPost, url+"/telegram/webhook", bytes.NewReader(body))
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", telegramfake.WebhookSecret)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("webhook answered %d", resp.StatusCode)
			}
			reqs := rec.Requests()
			if tt.file == "update.supergroup_command_reply.json" {
				sent := f.Since(0, "sendMessage")
				if len(sent) != 1 || len(telegramfake.Delivery(sent[0]).Buttons) != 1 {
					t.Errorf("a group command from someone who never started: %+v, want the Start button", sent)
				}
			}
			if tt.want == "" {
				if len(reqs) != 0 {
					t.Errorf("want no request, got %+v", reqs)
				}
				return
			}
			if len(reqs) != 1 || reqs[0].Text != tt.want || reqs[0].Button != tt.button || reqs[0].Private != tt.private {
				t.Fatalf("requests %+v, want one %q (button %v, private %v)", reqs, tt.want, tt.button, tt.private)
			}
			if tt.button && len(f.Since(0, "answerCallbackQuery")) != 1 {
				t.Error("the press was not answered")
			}
		})
	}
}

// TestCorpusErrorsMapToTheContract reads Telegram's real error answers as
// the outbox must see them.
func TestCorpusErrorsMapToTheContract(t *testing.T) {
	tests := []struct {
		file        string
		toMember    bool
		unreachable bool
		retry       time.Duration
	}{
		{"error.403_bot_blocked.json", true, true, 0},
		{"error.403_cant_initiate.json", true, true, 0},
		{"error.400_chat_not_found.json", true, true, 0},
		{"error.400_chat_not_found.json", false, false, 0},
		{"error.429_retry_after.json", true, false, 35 * time.Second},
		{"error.409_conflict_getupdates.json", false, false, 0},
	}
	for _, tt := range tests {
		var resp tgbotapi.APIResponse
		if err := jsonUnmarshal(corpus(t, tt.file), &resp); err != nil {
			t.Fatal(err)
		}
		te := &tgbotapi.Error{Code: resp.ErrorCode, Message: resp.Description}
		if resp.Parameters != nil {
			te.ResponseParameters = *resp.Parameters
		}
		err := sendError("dm", te, tt.toMember)
		if got := errors.Is(err, bot.ErrUnreachable); got != tt.unreachable {
			t.Errorf("%s (member %v): unreachable %v, want %v (%v)", tt.file, tt.toMember, got, tt.unreachable, err)
		}
		var re *bot.RetryError
		if got := errors.As(err, &re); got != (tt.retry > 0) || got && re.After != tt.retry {
			t.Errorf("%s: retry %v, want %s", tt.file, err, tt.retry)
		}
	}
	var resp tgbotapi.APIResponse
	if err := jsonUnmarshal(corpus(t, "error.409_conflict_getupdates.json"), &resp); err != nil {
		t.Fatal(err)
	}
	if err := apiError(&tgbotapi.Error{Code: resp.ErrorCode, Message: resp.Description}); !errors.Is(err, ErrConflict) {
		t.Errorf("409 read as %v", err)
	}
}

// TestPostFollowsAMigratedGroup posts to a group that became a supergroup.
func TestPostFollowsAMigratedGroup(t *testing.T) {
	x := newHarness(t, &bottest.Recorder{})
	x.fake.Migrate(-4001, testGroup)
	ref, err := x.a.Post(context.Background(), "-4001", "", bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("hi"))}})
	if err != nil || ref.Channel != "-1001234567890" {
		t.Fatalf("post to a migrated group: %+v, %v", ref, err)
	}
}

// FuzzUpdate feeds arbitrary bodies to the decoder and the router: no
// update, however shaped, may crash the bot. Seeds are the corpus.
func FuzzUpdate(f *testing.F) {
	entries, _ := os.ReadDir(filepath.Join("testdata", "corpus"))
	for _, e := range entries {
		f.Add(corpus(f, e.Name()))
	}
	f.Add([]byte(`{"update_id":1,"message":{"message_id":1,"chat":{"id":1,"type":"private"},"from":{"id":1},"text":"/","entities":[{"type":"bot_command","offset":0,"length":99}]}}`))
	f.Add([]byte(`{"update_id":2,"callback_query":{"id":"1","from":{"id":1},"data":"x"}}`))
	fake := telegramfake.New(f)
	a, err := New(Config{BotToken: telegramfake.BotToken, APIURL: fake.URL()})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		u, _, err := decodeUpdate(body)
		if err != nil {
			return
		}
		_ = a.route(context.Background(), &bottest.Recorder{}, u)
	})
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
