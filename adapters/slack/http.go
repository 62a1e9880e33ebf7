package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
	"github.com/slack-go/slack"
)

// Routes registers Slack's webhooks on mux, each handing requests to h:
//
//	POST /slack/commands      the slash command
//	POST /slack/interactions  button clicks (interactivity)
//	POST /slack/events        the Events API
//
// Every request is refused with 413 above 64 KiB and with 401 unless
// its signature verifies with the signing secret, before anything else
// is read from it. Without a signing secret Routes registers nothing when
// the adapter runs Socket Mode (kit.Router), and fails otherwise.
func (a *Adapter) Routes(mux *http.ServeMux, h bot.Handler) error {
	if a.secret == "" {
		if a.appToken != "" {
			return nil
		}
		return errors.New("slack: a signing secret is required to serve webhooks")
	}
	if h == nil {
		return errors.New("slack: routes need a handler")
	}
	mux.Handle("POST /slack/commands", a.verified(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		// Slack never retries a slash command, and a signature is good for
		// one request: a captured command replayed within the time window
		// is refused, across restarts when the marks are in the store.
		// (Events and clicks are de-duplicated by their ids.)
		if !a.dedupe.First(r.Context(), signatureKey(r.Header.Get("X-Slack-Signature")), replayTTL) {
			a.log.Warn("slack: refused a replayed command", "remote", r.RemoteAddr)
			http.Error(w, "replayed request", http.StatusConflict)
			return
		}
		a.serveCommand(w, r, h)
	}))
	mux.Handle("POST /slack/interactions", a.verified(func(w http.ResponseWriter, r *http.Request, _ []byte) { a.serveInteraction(w, r, h) }))
	mux.Handle("POST /slack/events", a.verified(func(w http.ResponseWriter, r *http.Request, body []byte) { a.serveEvents(w, r, h, body) }))
	return nil
}

// verified reads the body (at most 64 KiB), checks Slack's signature and
// passes the body on, also left readable in r.Body.
func (a *Adapter) verified(next func(w http.ResponseWriter, r *http.Request, body []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := kit.ReadBody(w, r, maxBody)
		if !ok {
			return
		}
		if err := a.verify(r.Header, body); err != nil {
			a.log.Warn("slack: refused an unsigned or badly signed request", "path", r.URL.Path, "reason", err, "remote", r.RemoteAddr)
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next(w, r, body)
	})
}

// verify checks a v0 request signature against the adapter's clock.
// (slack.NewSecretsVerifier does the same against the wall clock only,
// which signed test vectors cannot meet.)
func (a *Adapter) verify(h http.Header, body []byte) error {
	return kit.VerifyHMAC(a.secret, "v0", h.Get("X-Slack-Signature"), h.Get("X-Slack-Request-Timestamp"), body, a.now(), maxSkew)
}

// slackRef matches Slack's escaped references in command text:
// <@U123|name>, <#C123|general>, <!here>, <!subteam^S1|@devs>, <https://x|x>.
var slackRef = regexp.MustCompile(`<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>`)

// commandText turns a slash command's text into the core's form: user
// mentions become "@U123", channels "#name", special mentions "@here",
// links their URL, and Slack's &amp; &lt; &gt; are undone.
func commandText(s string) string {
	s = slackRef.ReplaceAllStringFunc(s, func(m string) string {
		p := slackRef.FindStringSubmatch(m)
		kind, id, label := p[1], p[2], p[3]
		switch kind {
		case "@":
			return "@" + id
		case "#":
			if label != "" {
				return "#" + label
			}
			return "#" + id
		case "!":
			if label != "" {
				return label
			}
			name, _, _ := strings.Cut(id, "^")
			return "@" + name
		default:
			return id
		}
	})
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(strings.TrimSpace(s))
}

// commandRequest is the request a slash command makes. Admin is filled
// later, from users.info.
func (a *Adapter) commandRequest(sc slack.SlashCommand) *bot.Request {
	cmd := sc.Command
	if cmd == "" {
		cmd = a.command
	}
	return &bot.Request{
		Platform: Platform, Space: sc.TeamID, User: sc.UserID, Name: sc.UserName,
		Private: true,         // the reply is ephemeral
		CanDM:   bot.ReachYes, // a Slack app can always open a DM
		Text:    commandText(sc.Text), Prefix: cmd + " ",
	}
}

// reply is the JSON body of an answer to Slack: in a slash command's HTTP
// response, or posted to a response_url.
type reply struct {
	ResponseType string        `json:"response_type,omitempty"`
	Text         string        `json:"text"`
	Blocks       []slack.Block `json:"blocks,omitempty"`
}

func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request, h bot.Handler) {
	sc, err := slack.SlashCommandParse(r)
	if err != nil || sc.UserID == "" || sc.TeamID == "" {
		http.Error(w, "not a slash command", http.StatusBadRequest)
		return
	}
	if opened, tried := a.announceForm(r.Context(), sc); opened || tried {
		if !opened { // Slack's 3 s are partly spent: answer through response_url
			a.answerLate(r.Context(), h, a.commandRequest(sc), sc.ResponseURL)
		}
		w.WriteHeader(http.StatusOK)
		return
	}
	out, inTime := a.answer(r.Context(), h, a.commandRequest(sc), func(ctx context.Context, out outcome) {
		a.deliverLate(ctx, sc.ResponseURL, out.msg, false)
	})
	msg := out.msg
	if !inTime || msg.IsZero() {
		w.WriteHeader(http.StatusOK)
		return
	}
	if len(split(msg)) > 1 {
		// One HTTP answer carries one message: the parts go through
		// response_url, in order.
		w.WriteHeader(http.StatusOK)
		a.pending.Add(1)
		go func() {
			defer a.pending.Done()
			ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), lateReplyWithin)
			defer cancel()
			a.deliverLate(ctx, sc.ResponseURL, msg, false)
		}()
		return
	}
	rd := render(msg)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(reply{ResponseType: slack.ResponseTypeEphemeral, Text: rd.Text, Blocks: rd.Blocks})
}

// ResultHandler is a [bot.Handler] that also tells a refusal (bad input,
// not allowed) from an answer. When the handler given to [Adapter.Routes]
// or [Adapter.RunSocketMode] has it, a refused announce form shows the
// refusal in the form itself; with a plain Handler every reply to a form
// goes to the member's DM.
type ResultHandler interface {
	bot.Handler
	HandleResult(ctx context.Context, req *bot.Request) (reply bot.Message, refused bool)
}

// outcome is the core's reply to a request.
type outcome struct {
	msg     bot.Message
	refused bool // the handler is a ResultHandler and refused the request
}

// handle runs req through h, after looking up whether the member is an
// admin.
func (a *Adapter) handle(ctx context.Context, h bot.Handler, req *bot.Request) outcome {
	req.Admin = a.isAdmin(ctx, req.User)
	if rh, ok := h.(ResultHandler); ok {
		msg, refused := rh.HandleResult(ctx, req)
		return outcome{msg: msg, refused: refused}
	}
	return outcome{msg: h.Handle(ctx, req)}
}

// answer runs req through h and returns the reply if it comes within
// a.ackAfter. Otherwise inTime is false, and late is called with the
// reply when it comes: the caller must answer Slack at once.
func (a *Adapter) answer(parent context.Context, h bot.Handler, req *bot.Request, late func(context.Context, outcome)) (out outcome, inTime bool) {
	d := kit.Deadline{After: a.ackAfter, Within: lateReplyWithin, Pending: &a.pending}
	out, inTime = kit.Answer(parent, d, func(ctx context.Context) outcome {
		defer a.homeChanged(req.User)
		return a.handle(ctx, h, req)
	}, late)
	if !inTime {
		a.log.Debug("slack: slow reply, answering later", "user", req.User)
	}
	return out, inTime
}

// deliverLate posts a reply to a response_url: ephemeral, or replacing
// the message whose button was pressed.
func (a *Adapter) deliverLate(ctx context.Context, responseURL string, msg bot.Message, replace bool) {
	if msg.IsZero() {
		return
	}
	if responseURL == "" {
		a.log.Warn("slack: a late reply has no response_url; dropped")
		return
	}
	if !a.allowedResponseURL(responseURL) {
		a.log.Warn("slack: refused a response_url outside Slack", "url", responseURL)
		return
	}
	opt := slack.MsgOptionResponseURL(responseURL, slack.ResponseTypeEphemeral)
	if replace {
		opt = slack.MsgOptionReplaceOriginal(responseURL)
	}
	for i, part := range split(msg) {
		if i == 1 {
			// Later parts follow the first instead of replacing it.
			opt = slack.MsgOptionResponseURL(responseURL, slack.ResponseTypeEphemeral)
		}
		if _, _, _, err := a.api.SendMessageContext(ctx, "", append(render(part).options(), opt)...); err != nil {
			a.log.Warn("slack: reply through response_url failed", "err", err)
			return
		}
	}
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request, h bot.Handler) {
	ic, err := slack.InteractionCallbackParse(r)
	if err != nil {
		http.Error(w, "not an interaction payload", http.StatusBadRequest)
		return
	}
	if isAnnounceSubmission(ic) {
		resp := a.submitAnnounce(r.Context(), h, ic)
		if resp == nil {
			w.WriteHeader(http.StatusOK) // closes the modal
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(resp)
		return
	}
	w.WriteHeader(http.StatusOK) // Slack wants the ack within 3 s; the reply follows
	a.interaction(r.Context(), h, ic)
}

// interaction handles a button press: the action's value is the command
// the button carries, run as the presser. The reply replaces the message
// when it asks to, and is shown only to the presser otherwise. A press is
// handled once however often it is delivered (by trigger_id).
func (a *Adapter) interaction(ctx context.Context, h bot.Handler, ic slack.InteractionCallback) {
	if ic.Type != slack.InteractionTypeBlockActions {
		a.log.Debug("slack: interaction ignored", "type", ic.Type)
		return
	}
	var value string
	for _, act := range ic.ActionCallback.BlockActions {
		if act != nil && act.Value != "" {
			value = act.Value
			break
		}
	}
	if value == "" || ic.User.ID == "" {
		a.log.Debug("slack: block action without a command ignored")
		return
	}
	team, name := interactionUser(ic)
	// A press on the Home tab comes from no channel, so it is not
	// private: the page persists, and a verb that answers privately (a
	// dashboard link) sends a DM instead.
	home := ic.View.Type == slack.VTHomeTab
	channel := ic.Container.ChannelID
	if channel == "" {
		channel = ic.Channel.ID
	}
	req := &bot.Request{
		Platform: Platform, Space: team, User: ic.User.ID, Name: name,
		Private: strings.HasPrefix(channel, "D") || ic.Container.IsEphemeral,
		CanDM:   bot.ReachYes, // a Slack app can always open a DM
		Text:    value, Button: true, Prefix: a.command + " ",
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lateReplyWithin)
	a.pending.Add(1)
	press := func() error {
		msg := a.handle(ctx, h, req).msg
		if home {
			// Noted first: a refresh the press caused keeps the reply.
			a.homes.noted(req.User, msg, a.now())
			if err := a.publishHome(ctx, h, team, req.User, msg); err != nil {
				a.log.Warn("slack: Home tab not refreshed after a press", "user", req.User, "err", err)
			}
			return nil
		}
		a.homeChanged(req.User)
		if msg.IsZero() {
			return nil
		}
		if ic.ResponseURL != "" {
			a.deliverLate(ctx, ic.ResponseURL, msg, msg.Replace)
			return nil
		}
		// Clicks from workflow functions carry no response_url.
		rd := render(msg)
		var err error
		if msg.Replace && channel != "" && ic.Container.MessageTs != "" {
			_, _, _, err = a.api.UpdateMessageContext(ctx, channel, ic.Container.MessageTs, rd.options()...)
		} else if channel != "" {
			_, err = a.api.PostEphemeralContext(ctx, channel, req.User, rd.options()...)
		}
		if err != nil {
			a.log.Warn("slack: reply to a button press failed", "err", err)
		}
		return nil // the press was handled; only the reply was lost
	}
	go func() {
		defer a.pending.Done()
		defer cancel()
		if ic.TriggerID == "" {
			if err := kit.Safely(press); err != nil {
				a.log.Error("slack: button press failed", "user", req.User, "err", err)
			}
			return
		}
		ran, err := a.dedupe.Once(ctx, triggerKey(ic.TriggerID), press)
		switch {
		case err != nil:
			a.log.Error("slack: button press failed; a retry will be handled", "user", req.User, "trigger_id", ic.TriggerID, "err", err)
		case !ran:
			a.log.Debug("slack: duplicate button press ignored", "user", req.User, "trigger_id", ic.TriggerID)
		}
	}()
}

// eventEnvelope is the part of an Events API body the adapter reads.
type eventEnvelope struct {
	Type      string `json:"type"`
	Challenge string `json:"challenge"`
	EventID   string `json:"event_id"`
	TeamID    string `json:"team_id"`
	Event     struct {
		Type    string          `json:"type"`
		User    json.RawMessage `json:"user"` // an id, or an object (team_join)
		Channel string          `json:"channel"`
		Tab     string          `json:"tab"` // app_home_opened: "home" or "messages"
	} `json:"event"`
}

func (a *Adapter) serveEvents(w http.ResponseWriter, r *http.Request, h bot.Handler, body []byte) {
	var env eventEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		http.Error(w, "not an Events API body", http.StatusBadRequest)
		return
	}
	switch env.Type {
	case "url_verification":
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, env.Challenge)
	case "event_callback":
		if err := a.event(r.Context(), h, env, r.Header.Get("X-Slack-Retry-Num")); err != nil {
			// Slack retries: the event is not marked as handled.
			http.Error(w, "event not handled", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	default:
		a.log.Debug("slack: events API body ignored", "type", env.Type)
		w.WriteHeader(http.StatusOK)
	}
}

// event handles an Events API event once, however often Slack retries it
// (by event_id); an error means it was not handled and Slack should retry.
// Joins go to the core, which decides whether to welcome (see arrive.go).
// Opening the App Home tab publishes the member's page (see home.go),
// after the event is acknowledged: event returns at once, the page is
// published aside (Shutdown waits for it), and a failure is not retried
// (the next opening publishes it).
func (a *Adapter) event(ctx context.Context, h bot.Handler, env eventEnvelope, retry string) error {
	if env.Event.Type != "app_home_opened" {
		return a.eventOnce(ctx, h, env, retry)
	}
	a.pending.Go(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lateReplyWithin)
		defer cancel()
		_ = a.eventOnce(ctx, h, env, retry) // logged there
	})
	return nil
}

// eventOnce handles an event unless it was handled already.
func (a *Adapter) eventOnce(ctx context.Context, h bot.Handler, env eventEnvelope, retry string) error {
	handle := func() error {
		switch env.Event.Type {
		case "app_home_opened":
			return a.homeOpened(ctx, h, env)
		case "member_joined_channel", "team_join":
			return a.arrived(ctx, h, env)
		default:
			a.log.Debug("slack: event ignored", "event", env.Event.Type, "event_id", env.EventID)
		}
		return nil
	}
	if env.EventID == "" {
		return kit.Safely(handle)
	}
	ran, err := a.dedupe.Once(ctx, eventKey(env.EventID), handle)
	switch {
	case err != nil:
		a.log.Error("slack: event failed", "event_id", env.EventID, "retry", retry, "err", err)
	case !ran:
		a.log.Debug("slack: duplicate event ignored", "event_id", env.EventID, "retry", retry)
	}
	return err
}

// allowedResponseURL reports whether a response_url points at Slack (or
// at the configured API base, for tests and gateways): a leaked signing
// secret must not turn rete into a tool for POSTing anywhere.
func (a *Adapter) allowedResponseURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	if u.Scheme == "https" && (u.Host == "hooks.slack.com" || strings.HasSuffix(u.Host, ".slack.com")) {
		return true
	}
	return a.apiHost != "" && u.Host == a.apiHost
}

// interactionUser is the team and display name of whoever clicked or
// submitted, from the fields Slack fills in that kind of payload.
func interactionUser(ic slack.InteractionCallback) (team, name string) {
	team, name = ic.Team.ID, ic.User.Name
	if team == "" {
		team = ic.User.TeamID
	}
	if name == "" {
		name = ic.User.Username
	}
	return team, name
}
