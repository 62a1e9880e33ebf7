// Package telegramfake is a fake of Telegram's Bot API for tests,
// speaking the real wire format: the methods the adapter calls (form
// bodies, HTML parse mode checked as Telegram parses it, its errors,
// 403s, migrations and 429s), getUpdates long polling, and updates built
// as Telegram sends them, queued for polling or posted to the webhook
// with its secret. It records every call so a test can read what
// Telegram's people would see.
//
// It imports no adapter, so the telegram package's own tests and tests
// wiring several platforms share this one fake.
package telegramfake

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

// The bot the fake is: give BotToken (and WebhookSecret in webhook
// mode) to the adapter's Config.
const (
	BotToken      = "123456:TEST-token-never-logged"
	WebhookSecret = "webhook-secret-never-logged"
	BotName       = "rete_test_bot"
	BotID         = 999
)

const (
	fakeMaxWait  = 2 * time.Second // longest getUpdates long poll the fake holds
	fakeWindow   = time.Second
	fakeRetryAft = 1    // seconds, in a 429's retry_after
	maxText      = 4096 // characters of a message's text, after parsing
)

// Call is one Bot API call as the fake received it.
type Call struct {
	Method string
	Form   url.Values
	Chat   int64
	Text   string
	MsgID  int // the message sent or edited
	At     time.Time
}

// Server is a Bot API over httptest: it answers what rete calls, checks
// HTML like Telegram (a text that does not parse is refused with 400),
// refuses DMs to people who blocked or never started the bot, and, when
// limited, answers 429 beyond its overall and per-chat limits (Telegram:
// 30 messages a second, one a second to a chat) in any one second.
type Server struct {
	t   testing.TB
	srv *httptest.Server

	mu        sync.Mutex
	calls     []Call
	nextMsg   int
	nextUpd   int
	updates   []json.RawMessage // queued for getUpdates, in id order
	arrived   chan struct{}     // closed and replaced when an update is queued
	blocked   map[int64]bool    // 403 bot was blocked by the user
	stranger  map[int64]bool    // 403 bot can't initiate conversation
	migrated  map[int64]int64   // a group that became a supergroup
	admins    map[int64][]int64 // group → administrators
	members   map[int64]map[int64]bool
	conflict  bool // getUpdates answers 409
	failPolls int  // getUpdates answers 502 this many more times
	revoked   bool // every call answers 401
	limited   bool // limits: overall and perChat messages in any second
	overall   int
	perChat   int
	sent      []time.Time           // sendMessage times, when limited
	sentTo    map[int64][]time.Time // per chat, when limited
	tooMany   int                   // 429s answered
	usernames map[int64]string
}

// New starts a fake Telegram, closed when the test ends.
func New(t testing.TB) *Server {
	f := &Server{
		t: t, arrived: make(chan struct{}), blocked: map[int64]bool{}, stranger: map[int64]bool{},
		migrated: map[int64]int64{}, admins: map[int64][]int64{}, members: map[int64]map[int64]bool{},
		sentTo: map[int64][]time.Time{}, usernames: map[int64]string{},
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *Server) reply(w http.ResponseWriter, result any) {
	b, _ := json.Marshal(result)
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"ok":true,"result":%s}`, b)
}

func (f *Server) fail(w http.ResponseWriter, code int, desc string, params map[string]any) {
	body := map[string]any{"ok": false, "error_code": code, "description": desc}
	if params != nil {
		body["parameters"] = params
	}
	w.Header().Set("Content-Type", "application/json")
	if code == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", strconv.Itoa(fakeRetryAft))
	}
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(body)
}

func (f *Server) serve(w http.ResponseWriter, r *http.Request) {
	tok, method, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	f.mu.Lock()
	revoked := f.revoked
	f.mu.Unlock()
	if !ok || tok != BotToken || revoked {
		f.fail(w, http.StatusUnauthorized, "Unauthorized", nil)
		return
	}
	if err := r.ParseForm(); err != nil {
		f.fail(w, http.StatusBadRequest, "Bad Request: form", nil)
		return
	}
	chat, _ := strconv.ParseInt(r.Form.Get("chat_id"), 10, 64)
	call := Call{Method: method, Form: r.Form, Chat: chat, Text: r.Form.Get("text"), At: time.Now()}
	switch method {
	case "getMe":
		f.reply(w, map[string]any{"id": BotID, "is_bot": true, "first_name": "rete", "username": BotName})
		return
	case "getUpdates":
		f.getUpdates(w, r)
		return
	case "sendMessage":
		f.sendMessage(w, call)
		return
	case "editMessageText":
		id, _ := strconv.Atoi(r.Form.Get("message_id"))
		call.MsgID = id
		if err := CheckHTML(call.Text); err != nil {
			f.fail(w, http.StatusBadRequest, "Bad Request: can't parse entities: "+err.Error(), nil)
			return
		}
		f.record(call)
		f.reply(w, map[string]any{"message_id": id, "date": 1, "chat": map[string]any{"id": chat, "type": "private"}, "text": call.Text})
		return
	case "getChatAdministrators":
		f.mu.Lock()
		var out []map[string]any
		for _, id := range f.admins[chat] {
			out = append(out, map[string]any{"status": "administrator", "user": map[string]any{"id": id, "is_bot": false, "first_name": "admin"}})
		}
		f.mu.Unlock()
		f.record(call)
		f.reply(w, out)
		return
	case "getChatMember":
		user, _ := strconv.ParseInt(r.Form.Get("user_id"), 10, 64)
		f.mu.Lock()
		status := "left"
		if f.members[chat][user] {
			status = "member"
		}
		f.mu.Unlock()
		f.record(call)
		f.reply(w, map[string]any{"status": status, "user": map[string]any{"id": user, "is_bot": false, "first_name": "x"}})
		return
	case "setWebhook", "deleteWebhook", "answerCallbackQuery", "setMyCommands":
		f.record(call)
		f.reply(w, true)
		return
	}
	f.t.Errorf("fake Telegram: unexpected method %s", method)
	f.fail(w, http.StatusNotFound, "Not Found", nil)
}

func (f *Server) record(c Call) {
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.mu.Unlock()
}

// sendMessage checks the text, the recipient and the limits, then
// records the message.
func (f *Server) sendMessage(w http.ResponseWriter, c Call) {
	if err := CheckHTML(c.Text); err != nil {
		f.fail(w, http.StatusBadRequest, "Bad Request: can't parse entities: "+err.Error(), nil)
		return
	}
	f.mu.Lock()
	switch {
	case f.blocked[c.Chat]:
		f.mu.Unlock()
		f.fail(w, http.StatusForbidden, "Forbidden: bot was blocked by the user", nil)
		return
	case f.stranger[c.Chat]:
		f.mu.Unlock()
		f.fail(w, http.StatusForbidden, "Forbidden: bot can't initiate conversation with a user", nil)
		return
	case f.migrated[c.Chat] != 0:
		to := f.migrated[c.Chat]
		f.mu.Unlock()
		f.fail(w, http.StatusBadRequest, "Bad Request: group chat was upgraded to a supergroup chat", map[string]any{"migrate_to_chat_id": to})
		return
	}
	if f.limited && !f.allow(c.Chat, c.At) {
		f.tooMany++
		f.mu.Unlock()
		f.fail(w, http.StatusTooManyRequests, "Too Many Requests: retry after 1", map[string]any{"retry_after": fakeRetryAft})
		return
	}
	f.nextMsg++
	c.MsgID = f.nextMsg
	f.calls = append(f.calls, c)
	f.mu.Unlock()
	typ := "private"
	if c.Chat < 0 {
		typ = "supergroup"
	}
	f.reply(w, map[string]any{"message_id": c.MsgID, "date": 1, "chat": map[string]any{"id": c.Chat, "type": typ}, "text": c.Text})
}

// allow applies the limits on a sliding window of one second; f.mu held.
func (f *Server) allow(chat int64, now time.Time) bool {
	recent := func(ts []time.Time) []time.Time {
		i := 0
		for i < len(ts) && now.Sub(ts[i]) >= fakeWindow {
			i++
		}
		return ts[i:]
	}
	f.sent = recent(f.sent)
	f.sentTo[chat] = recent(f.sentTo[chat])
	if len(f.sent) >= f.overall || len(f.sentTo[chat]) >= f.perChat {
		return false
	}
	f.sent = append(f.sent, now)
	f.sentTo[chat] = append(f.sentTo[chat], now)
	return true
}

// getUpdates answers the queued updates from offset on, holding the
// request until one comes, the timeout passes or the client goes.
func (f *Server) getUpdates(w http.ResponseWriter, r *http.Request) {
	offset, _ := strconv.Atoi(r.Form.Get("offset"))
	timeout, _ := strconv.Atoi(r.Form.Get("timeout"))
	deadline := time.After(min(time.Duration(timeout)*time.Second, fakeMaxWait))
	f.record(Call{Method: "getUpdates", Form: r.Form, At: time.Now()})
	for {
		f.mu.Lock()
		if f.failPolls > 0 {
			f.failPolls--
			f.mu.Unlock()
			f.fail(w, http.StatusBadGateway, "Bad Gateway", nil)
			return
		}
		if f.conflict {
			f.mu.Unlock()
			f.fail(w, http.StatusConflict, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running", nil)
			return
		}
		var out []json.RawMessage
		for _, u := range f.updates {
			var id struct {
				UpdateID int `json:"update_id"`
			}
			_ = json.Unmarshal(u, &id)
			if id.UpdateID >= offset {
				out = append(out, u)
			}
		}
		arrived := f.arrived
		f.mu.Unlock()
		if len(out) > 0 {
			f.reply(w, out)
			return
		}
		select {
		case <-arrived:
		case <-deadline:
			f.reply(w, []any{})
			return
		case <-r.Context().Done():
			return
		}
	}
}

// Push queues an update for getUpdates and returns its id.
func (f *Server) Push(u map[string]any) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextUpd++
	u["update_id"] = f.nextUpd
	b, _ := json.Marshal(u)
	f.updates = append(f.updates, b)
	close(f.arrived)
	f.arrived = make(chan struct{})
	return f.nextUpd
}

// NewID is a fresh update id, for updates sent through the webhook.
func (f *Server) NewID() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextUpd++
	return f.nextUpd
}

// Mark is the number of calls so far, for Since.
func (f *Server) Mark() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

// Since returns the calls of method after mark ("" for every method).
func (f *Server) Since(mark int, method string) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Call
	for _, c := range f.calls[mark:] {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Delivery reads a sent or edited message as a reader sees it.
func Delivery(c Call) bottest.Delivery {
	d := bottest.Delivery{To: []string{strconv.FormatInt(c.Chat, 10)}, Text: c.Text, Pings: Pings(c.Text)}
	var kb struct {
		InlineKeyboard [][]struct {
			Text         string  `json:"text"`
			CallbackData *string `json:"callback_data"`
			URL          *string `json:"url"`
		} `json:"inline_keyboard"`
	}
	if m := c.Form.Get("reply_markup"); m != "" {
		_ = json.Unmarshal([]byte(m), &kb)
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			switch {
			case b.CallbackData != nil:
				d.Buttons = append(d.Buttons, bot.Button{Label: b.Text, Command: *b.CallbackData})
			case b.URL != nil:
				d.Buttons = append(d.Buttons, bot.Button{Label: b.Text, URL: *b.URL})
			}
		}
	}
	return d
}

var (
	hrefUser = regexp.MustCompile(`href="tg://user\?id=([0-9]+)"`)
	tagRE    = regexp.MustCompile(`<[^>]*>`)
	codeRE   = regexp.MustCompile(`(?s)<(code|pre)>.*?</(code|pre)>`)
	atName   = regexp.MustCompile(`(?:^|[^A-Za-z0-9_])@([A-Za-z0-9_]{3,32})`)
)

// Pings are who Telegram would notify: tg://user?id= mentions, and any
// @username in the visible text.
func Pings(s string) []string {
	var out []string
	for _, m := range hrefUser.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	// Telegram finds no mentions inside code.
	visible := html.UnescapeString(tagRE.ReplaceAllString(codeRE.ReplaceAllString(s, ""), ""))
	for _, m := range atName.FindAllStringSubmatch(visible, -1) {
		out = append(out, "@"+m[1])
	}
	return out
}

// allowedTags are the tags of Telegram's HTML parse mode.
var allowedTags = map[string]bool{"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true, "s": true,
	"strike": true, "del": true, "a": true, "code": true, "pre": true, "tg-spoiler": true, "span": true, "blockquote": true}

var entityRE = regexp.MustCompile(`^&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);`)

// CheckHTML parses text as Telegram does: known tags only, balanced,
// & only in an entity, and at most 4,096 characters (UTF-16) once parsed.
func CheckHTML(text string) error {
	var stack []string
	visible := 0
	for i := 0; i < len(text); {
		switch text[i] {
		case '<':
			end := strings.IndexByte(text[i:], '>')
			if end < 0 {
				return fmt.Errorf("unclosed start tag at byte offset %d", i)
			}
			tag := text[i+1 : i+end]
			name, _, _ := strings.Cut(strings.TrimPrefix(tag, "/"), " ")
			if !allowedTags[name] {
				return fmt.Errorf("unsupported start tag %q at byte offset %d", name, i)
			}
			if strings.HasPrefix(tag, "/") {
				if len(stack) == 0 || stack[len(stack)-1] != name {
					return fmt.Errorf("unmatched end tag %q", name)
				}
				stack = stack[:len(stack)-1]
			} else {
				stack = append(stack, name)
			}
			i += end + 1
		case '&':
			m := entityRE.FindString(text[i:])
			if m == "" {
				return fmt.Errorf("bare & at byte offset %d", i)
			}
			visible++
			i += len(m)
		case '>':
			return fmt.Errorf("bare > at byte offset %d", i)
		default:
			r := []rune(text[i:min(len(text), i+4)])[0]
			visible += len(utf16.Encode([]rune{r}))
			i += len(string(r))
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("unclosed tag %q", stack[len(stack)-1])
	}
	if visible > maxText {
		return fmt.Errorf("message is too long (%d)", visible)
	}
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("message text is empty")
	}
	return nil
}

// Update builders, shaped as Telegram sends them.

// User is a Telegram user; username may be empty.

func User(id int64, name, username string) map[string]any {
	u := map[string]any{"id": id, "is_bot": false, "first_name": name, "language_code": "en"}
	if username != "" {
		u["username"] = username
	}
	return u
}

// Chat is a chat by id: private above zero, a supergroup below -10¹², a
// basic group otherwise.
func Chat(id int64) map[string]any {
	switch {
	case id > 0:
		return map[string]any{"id": id, "type": "private", "first_name": "x"}
	case id < -1000000000000:
		return map[string]any{"id": id, "type": "supergroup", "title": "Labbit"}
	}
	return map[string]any{"id": id, "type": "group", "title": "Labbit"}
}

var msgSeq struct {
	sync.Mutex
	n int
}

// NextMessageID is a fresh message id, for messages a test builds.
func NextMessageID() int {
	msgSeq.Lock()
	defer msgSeq.Unlock()
	msgSeq.n++
	return msgSeq.n
}

// TextUpdate is a message from user in chat; a leading /word is marked as
// a bot_command entity, as Telegram marks it.
func TextUpdate(chat int64, from map[string]any, text string) map[string]any {
	m := map[string]any{"message_id": NextMessageID(), "date": time.Now().Unix(), "chat": Chat(chat), "from": from, "text": text}
	if strings.HasPrefix(text, "/") {
		word, _, _ := strings.Cut(text, " ")
		m["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": len(utf16.Encode([]rune(word)))}}
	}
	return map[string]any{"message": m}
}

// PressUpdate is a press of a button with data on message msgID in chat.
func PressUpdate(chat int64, msgID int, from map[string]any, data string) map[string]any {
	return map[string]any{"callback_query": map[string]any{
		"id": strconv.Itoa(NextMessageID()), "from": from, "chat_instance": "42", "data": data,
		"message": map[string]any{"message_id": msgID, "date": 1, "chat": Chat(chat), "text": "…"},
	}}
}
