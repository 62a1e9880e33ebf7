package slack

import (
	"context"
	"fmt"
	"strings"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
	"github.com/slack-go/slack"
)

// The announce form: `/rete announce` with no arguments opens a modal
// whose submission becomes the core's `announce` command.
const (
	announceCallback = "rete_announce" // the modal's callback_id
	inputAction      = "value"         // the action_id of every input

	blockTitle   = "title"
	blockDate    = "date"
	blockTime    = "time"
	blockPlace   = "place"
	blockDetails = "description"

	maxFormError = 300 // characters of an error shown under a field
)

// announceForm opens the announce modal if sc is `/rete announce` with
// no arguments. opened reports whether it did; tried, whether it asked
// Slack (which used part of the 3 s the command must be answered in).
// Anyone may open it: the core refuses a submission from someone who is
// not a moderator. If Slack refuses to open it, the command goes to the
// core as typed, which answers with the usage line.
func (a *Adapter) announceForm(ctx context.Context, sc slack.SlashCommand) (opened, tried bool) {
	if !strings.EqualFold(commandText(sc.Text), "announce") || sc.TriggerID == "" {
		return false, false
	}
	// The trigger_id expires 3 s after the command was typed.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.ackAfter)
	defer cancel()
	if _, err := a.api.OpenViewContext(ctx, sc.TriggerID, announceView()); err != nil {
		a.log.Warn("slack: views.open failed; answering the command instead", "user", sc.UserID, "err", err)
		return false, true
	}
	return true, true
}

// answerLate runs a command and delivers its reply through responseURL,
// for when the time to answer in the response is already spent.
func (a *Adapter) answerLate(parent context.Context, h bot.Handler, req *bot.Request, responseURL string) {
	a.pending.Add(1)
	go func() {
		defer a.pending.Done()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), lateReplyWithin)
		defer cancel()
		o := a.handle(ctx, h, req)
		a.homeChanged(req.User)
		a.deliverLate(ctx, responseURL, o.msg, false)
	}()
}

// announceView is the announce modal: title, date, time, place and an
// optional description. The date and time are read in the community's
// time zone, as the core reads `announce`.
func announceView() slack.ModalViewRequest {
	plain := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}
	text := func(placeholder string, max int, multiline bool) *slack.PlainTextInputBlockElement {
		return slack.NewPlainTextInputBlockElement(plain(placeholder), inputAction).WithMaxLength(max).WithMultiline(multiline)
	}
	return slack.ModalViewRequest{
		Type:       slack.VTModal,
		CallbackID: announceCallback,
		Title:      plain("Announce an event"),
		Submit:     plain("Announce"),
		Close:      plain("Cancel"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock(blockTitle, plain("Title"), nil, text("Aperitivo", bot.MaxEventTitle, false)),
			slack.NewInputBlock(blockDate, plain("Date"), nil, slack.NewDatePickerBlockElement(inputAction)),
			slack.NewInputBlock(blockTime, plain("Time"), plain("In the community's time zone."), slack.NewTimePickerBlockElement(inputAction)),
			slack.NewInputBlock(blockPlace, plain("Place"), plain("An address, or a link for an online event."), text("Bar Centrale, Roma", bot.MaxEventPlace, false)),
			slack.NewInputBlock(blockDetails, plain("Description"), nil, text("Bring cards", bot.MaxEventDetails, true)).WithOptional(true),
		}},
	}
}

// isAnnounceSubmission reports whether ic submits the announce modal.
func isAnnounceSubmission(ic slack.InteractionCallback) bool {
	return ic.Type == slack.InteractionTypeViewSubmission && ic.View.CallbackID == announceCallback
}

// formField is the value of one input of a submitted view.
func formField(st *slack.ViewState, block string) string {
	if st == nil {
		return ""
	}
	v := st.Values[block][inputAction]
	switch {
	case v.SelectedDate != "":
		return v.SelectedDate
	case v.SelectedTime != "":
		return v.SelectedTime
	}
	return v.Value
}

// fieldText makes a form field one field of the core's announce line:
// '|' separates the fields there, so a '|' typed in a field becomes '/';
// line breaks (the description may have several lines) become spaces,
// as the core takes one line.
func fieldText(s string) string {
	s = strings.ReplaceAll(s, "|", "/")
	return strings.Join(strings.Fields(s), " ")
}

// announceCommand builds the core's command from a submitted announce
// form: `announce TITLE | YYYY-MM-DD HH:MM | PLACE | DESCRIPTION`, without
// the description when it is empty. Fields must not contain '|', so one
// typed in a field is replaced by '/'. It returns the id of a required
// block left empty (Slack does not let that happen, but the payload is
// not ours).
func announceCommand(st *slack.ViewState) (cmd, missing string) {
	f := map[string]string{}
	for _, b := range []string{blockTitle, blockDate, blockTime, blockPlace, blockDetails} {
		f[b] = fieldText(formField(st, b))
		if f[b] == "" && b != blockDetails {
			return "", b
		}
	}
	cmd = "announce " + f[blockTitle] + " | " + f[blockDate] + " " + f[blockTime] + " | " + f[blockPlace]
	if f[blockDetails] != "" {
		cmd += " | " + f[blockDetails]
	}
	return cmd, ""
}

// submitAnnounce hands a submitted announce form to the core as the
// submitting member and returns Slack's answer to the submission: nil
// closes the modal. A refusal by a [ResultHandler] is shown on the title
// field (response_action "errors"); any other reply (the confirmation, or
// a refusal the adapter cannot tell from it) goes to the member's DM as
// an ephemeral message, as does a reply slower than Slack's 3 s.
func (a *Adapter) submitAnnounce(ctx context.Context, h bot.Handler, ic slack.InteractionCallback) *slack.ViewSubmissionResponse {
	cmd, missing := announceCommand(ic.View.State)
	if missing != "" {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{missing: "Please fill this in."})
	}
	team, name := interactionUser(ic)
	req := &bot.Request{
		Platform: Platform, Space: team, User: ic.User.ID, Name: name,
		Private: true,         // the reply goes to the member alone
		CanDM:   bot.ReachYes, // a Slack app can always open a DM
		Text:    cmd, Prefix: a.command + " ",
	}
	var resp *slack.ViewSubmissionResponse
	submit := func() error {
		out, inTime := a.answer(ctx, h, req, func(ctx context.Context, out outcome) {
			a.ephemeralDM(ctx, req.User, out.msg)
		})
		switch {
		case !inTime:
		case out.refused:
			resp = slack.NewErrorsViewSubmissionResponse(map[string]string{blockTitle: kit.Truncate(out.msg.PlainText(), maxFormError)})
		default:
			a.pending.Add(1)
			go func() {
				defer a.pending.Done()
				ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lateReplyWithin)
				defer cancel()
				a.ephemeralDM(ctx, req.User, out.msg)
			}()
		}
		return nil
	}
	if ic.TriggerID == "" {
		_ = submit()
		return resp
	}
	ran, err := a.dedupe.Once(ctx, triggerKey(ic.TriggerID), submit)
	switch {
	case err != nil:
		a.log.Error("slack: announce form failed", "user", req.User, "err", err)
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockTitle: "Something went wrong; please try again."})
	case !ran:
		a.log.Debug("slack: duplicate form submission ignored", "user", req.User, "trigger_id", ic.TriggerID)
	}
	return resp
}

// ephemeralDM shows msg to user alone, in their DM with the bot.
func (a *Adapter) ephemeralDM(ctx context.Context, user string, msg bot.Message) {
	if msg.IsZero() {
		return
	}
	err := func() error {
		ch, err := a.open(ctx, a.dms, user, []string{user})
		if err != nil {
			return err
		}
		if _, err := a.api.PostEphemeralContext(ctx, ch, user, render(msg).options()...); err != nil {
			a.forget(a.dms, user)
			return fmt.Errorf("chat.postEphemeral: %w", err)
		}
		return nil
	}()
	if err != nil {
		a.log.Warn("slack: reply to a form could not be shown", "user", user, "err", err)
	}
}
