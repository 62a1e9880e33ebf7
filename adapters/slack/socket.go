package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode connects to Slack over Socket Mode with the app-level
// token (no public URL needed) and hands h every slash command, button
// press and event, as the webhooks of [Adapter.Routes] would, until ctx
// is done. Each envelope is acknowledged within Slack's 3 s; a slash
// command's reply travels in its acknowledgement when it is ready in
// time, through response_url otherwise.
//
// RunSocketMode returns only after the envelopes it took are handled (a
// command still running then goes on without ctx, as an HTTP request
// would), so call [Adapter.Shutdown] after it has returned.
func (a *Adapter) RunSocketMode(ctx context.Context, h bot.Handler) error {
	if a.appToken == "" {
		return errors.New("slack: socket mode needs an app-level token (xapp-…)")
	}
	if h == nil {
		return errors.New("slack: socket mode needs a handler")
	}
	var inflight sync.WaitGroup // envelopes being handled
	defer inflight.Wait()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sm := socketmode.New(a.api)
	errc := make(chan error, 1)
	go func() { errc <- sm.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("slack: socket mode: %w", err)
		case evt := <-sm.Events:
			if err := a.socketEvent(ctx, &inflight, sm, h, evt); err != nil {
				return err
			}
		}
	}
}

// socketEvent handles one Socket Mode event. Commands and form submissions
// are handled in goroutines of their own (counted in inflight) so that a
// slow one does not hold up the rest.
func (a *Adapter) socketEvent(ctx context.Context, inflight *sync.WaitGroup, sm *socketmode.Client, h bot.Handler, evt socketmode.Event) error {
	switch evt.Type {
	case socketmode.EventTypeInvalidAuth:
		return errors.New("slack: socket mode: the app-level token was refused")
	case socketmode.EventTypeSlashCommand:
		sc, ok := evt.Data.(slack.SlashCommand)
		if !ok || evt.Request == nil {
			return nil
		}
		req := *evt.Request
		inflight.Go(func() { a.socketCommand(ctx, sm, h, req, sc) })
	case socketmode.EventTypeInteractive:
		ic, ok := evt.Data.(slack.InteractionCallback)
		if ok && evt.Request != nil && isAnnounceSubmission(ic) {
			req := *evt.Request
			inflight.Go(func() {
				// The acknowledgement carries the answer: nil closes the modal.
				if resp := a.submitAnnounce(ctx, h, ic); resp != nil {
					a.ack(ctx, sm, req, resp)
					return
				}
				a.ack(ctx, sm, req, nil)
			})
			return nil
		}
		if evt.Request != nil {
			a.ack(ctx, sm, *evt.Request, nil)
		}
		if ok {
			a.interaction(ctx, h, ic)
		}
	case socketmode.EventTypeEventsAPI:
		if evt.Request == nil {
			return nil
		}
		var env eventEnvelope
		if err := json.Unmarshal(evt.Request.Payload, &env); err != nil {
			a.log.Warn("slack: socket mode: undecodable event", "err", err)
			a.ack(ctx, sm, *evt.Request, nil) // a redelivery would not decode either
			return nil
		}
		// Acknowledged once handled: an event that failed is redelivered.
		// Handled aside, as an arrival takes users.info and store writes
		// (event itself puts a Home tab's publishing aside).
		req := *evt.Request
		inflight.Go(func() {
			if a.event(ctx, h, env, strconv.Itoa(req.RetryAttempt)) == nil {
				a.ack(ctx, sm, req, nil)
			}
		})
	case socketmode.EventTypeConnectionError, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		a.log.Warn("slack: socket mode", "event", evt.Type, "detail", fmt.Sprint(evt.Data))
	default: // connecting, connected, hello, disconnect
		a.log.Debug("slack: socket mode", "event", evt.Type)
	}
	return nil
}

func (a *Adapter) socketCommand(ctx context.Context, sm *socketmode.Client, h bot.Handler, env socketmode.Request, sc slack.SlashCommand) {
	if opened, tried := a.announceForm(ctx, sc); opened || tried {
		if !opened { // Slack's 3 s are partly spent: answer through response_url
			a.answerLate(ctx, h, a.commandRequest(sc), sc.ResponseURL)
		}
		a.ack(ctx, sm, env, nil)
		return
	}
	out, inTime := a.answer(ctx, h, a.commandRequest(sc), func(ctx context.Context, out outcome) {
		a.deliverLate(ctx, sc.ResponseURL, out.msg, false)
	})
	msg := out.msg
	if !inTime || msg.IsZero() {
		a.ack(ctx, sm, env, nil)
		return
	}
	rd := render(msg)
	var err error
	if len(split(msg)) > 1 {
		err = errors.New("reply in parts")
	} else {
		err = sm.AckCtx(ctx, env.EnvelopeID, reply{ResponseType: slack.ResponseTypeEphemeral, Text: rd.Text, Blocks: rd.Blocks})
	}
	if err != nil {
		// Too large for an acknowledgement (20 KB): send it separately.
		a.ack(ctx, sm, env, nil)
		a.pending.Add(1)
		go func() {
			defer a.pending.Done()
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lateReplyWithin)
			defer cancel()
			a.deliverLate(ctx, sc.ResponseURL, msg, false)
		}()
	}
}

func (a *Adapter) ack(ctx context.Context, sm *socketmode.Client, env socketmode.Request, payload any) {
	// An ack later than Slack's 3 s is useless, and must not hold up the
	// event loop while the connection is being re-established.
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := sm.AckCtx(ctx, env.EnvelopeID, payload); err != nil {
		a.log.Warn("slack: socket mode: ack failed", "envelope", env.EnvelopeID, "err", err)
	}
}
