package bot

// commandTable declares every verb once. Help texts come from the catalog
// (key "help.VERB"); the README's command list is checked against this
// table by a test.
func (b *Bot) commandTable() []*Command {
	skills := []Param{{Name: "skills", Label: "skills", Kind: ParamSkills}}
	event := Param{Name: "event", Label: "event", Kind: ParamNumber}
	introID := []Param{{Name: "id", Label: "intro_id", Kind: ParamNumber}}
	member := []Param{{Name: "member", Label: "member", Kind: ParamMember}}
	// Any platform one of the member's accounts is on: the handler checks.
	platform := Param{Name: "platform", Label: "platform", Kind: ParamWord}
	// The group the meeting buttons were made for: a member whose linked
	// accounts were in two groups of a round is in both.
	meetGroupParam := Param{Name: "group", Label: "group", Kind: ParamNumber, Optional: true}
	return []*Command{
		{Name: "help", Params: []Param{{Name: "verb", Label: "verb", Kind: ParamWord, Optional: true}}, run: runHelp},
		{Name: "join", run: runJoin},
		{Name: "leave", Joined: true, Left: true, run: runLeave},
		{Name: "pause", Joined: true, Subs: []*Command{
			{Name: "for", Params: []Param{{Name: "duration", Label: "duration", Kind: ParamDuration}}, run: runPause},
			{Name: "until", Params: []Param{{Name: "date", Label: "date", Kind: ParamDate}}, run: runPause},
			{Name: "indefinitely", run: runPause},
		}, LineParams: []Param{{Name: "when", Label: "pause", Kind: ParamText, Optional: true}}, Line: pauseLine},
		{Name: "resume", Joined: true, run: runResume},
		{Name: "skip-next", Joined: true, Hidden: true, run: runSkipNext},
		{Name: "profile", Joined: true, Moderators: true, Left: true, Params: []Param{{Name: "member", Label: "member", Kind: ParamMember, Optional: true}}, run: runProfile},
		{Name: "bio", Joined: true, Params: []Param{{Name: "text", Label: "text", Kind: ParamText}}, run: runBio},
		{Name: "links", Joined: true, Params: []Param{{Name: "urls", Label: "urls", Kind: ParamText}}, run: runLinks},
		{Name: "tz", Joined: true, Guest: true, Params: []Param{{Name: "zone", Label: "zone", Kind: ParamWord}}, run: runTZ},
		{Name: "hours", Joined: true, Params: []Param{{Name: "hours", Label: "hours", Kind: ParamText, Optional: true}}, run: runHours},
		{Name: "lang", Joined: true, Guest: true, Params: []Param{{Name: "lang", Label: "lang", Kind: ParamChoice, Choices: []string{"en", "it"}}}, run: runLang},
		{Name: "contact", Joined: true, Params: []Param{{Name: "text", Label: "contact", Kind: ParamText}}, run: runContact},
		{Name: "company", Joined: true, Params: []Param{{Name: "name", Label: "company", Kind: ParamText}}, run: runCompany},
		{Name: "offer", Joined: true, Subs: []*Command{
			{Name: "add", Params: skills, run: skillEdit(Offers, true)},
			{Name: "remove", Params: skills, run: skillEdit(Offers, false)},
		}},
		{Name: "seek", Joined: true, Subs: []*Command{
			{Name: "add", Params: skills, run: skillEdit(Seeks, true)},
			{Name: "remove", Params: skills, run: skillEdit(Seeks, false)},
		}},
		{Name: "find", Joined: true, Moderators: true, Params: []Param{{Name: "skill", Label: "skill", Kind: ParamText}}, run: runFind},
		{Name: "block", Joined: true, Params: member, run: runBlock(true)},
		{Name: "unblock", Joined: true, Params: member, run: runBlock(false)},
		{Name: "pairing", Joined: true, run: runPairing},
		{Name: "meet", Joined: true, Hidden: true, Subs: []*Command{ // the intro's meeting buttons
			{Name: "pick", Params: []Param{{Name: "round", Label: "round", Kind: ParamWord}, {Name: "slot", Label: "slot", Kind: ParamNumber}, meetGroupParam}, run: runMeetPick},
			{Name: "skip", Params: []Param{{Name: "round", Label: "round", Kind: ParamWord}, meetGroupParam}, run: runMeetEnd("skip")},
			{Name: "cant", Params: []Param{{Name: "round", Label: "round", Kind: ParamWord}, meetGroupParam}, run: runMeetEnd("cant")},
		}},
		{Name: "met", Joined: true, Params: []Param{
			{Name: "answer", Label: "met", Kind: ParamChoice, Choices: []string{"yes", "notyet", "no"}},
			{Name: "round", Label: "round", Kind: ParamWord, Optional: true},
		}, run: runMet},
		{Name: "intro", Joined: true, Subs: []*Command{
			{Name: "member", Params: []Param{{Name: "member", Label: "member", Kind: ParamMember}, {Name: "why", Label: "why", Kind: ParamText, Optional: true}}, run: runIntroMember},
			{Name: "skill", Params: []Param{{Name: "skill", Label: "skill", Kind: ParamText}}, run: runIntroSkill},
			{Name: "cancel", Params: introID, run: runIntroAnswer},
			{Name: "accept", Params: introID, Hidden: true, run: runIntroAnswer},
			{Name: "decline", Params: introID, Hidden: true, run: runIntroAnswer},
			{Name: "confirm", Params: introID, Hidden: true, run: runIntroAnswer},
		}, LineParams: []Param{{Name: "target", Label: "intro", Kind: ParamText}}, Line: introLine},
		{Name: "intros", Joined: true, Private: true, run: runIntros},
		{Name: "reply", Joined: true, Params: []Param{{Name: "text", Label: "message", Kind: ParamText, Optional: true}}, run: runReply},
		{Name: "events", run: runEvents},
		{Name: "rsvp", Joined: true, Params: []Param{
			event,
			{Name: "answer", Label: "rsvp", Kind: ParamChoice, Choices: []string{"yes", "no"}},
		}, run: runRSVP},
		{Name: "notify", Joined: true, Params: []Param{
			{Name: "what", Label: "notify", Kind: ParamChoice, Choices: []string{"events"}},
			{Name: "onoff", Label: "onoff", Kind: ParamChoice, Choices: []string{"on", "off"}},
		}, run: runNotify},
		{Name: "visibility", Joined: true, Params: []Param{{Name: "visibility", Label: "visibility", Kind: ParamChoice, Choices: []string{"hidden", "listed"}}}, run: runVisibility},
		{Name: "link", Private: true, Params: []Param{{Name: "code", Label: "code", Kind: ParamWord, Optional: true}}, run: runLink},
		{Name: "unlink", Joined: true, Params: []Param{platform}, run: runUnlink},
		{Name: "deliver", Joined: true, Params: []Param{platform}, run: runDeliver},
		{Name: "export-me", Private: true, run: runExport},
		{Name: "community", Params: []Param{{Name: "community", Label: "community", Kind: ParamWord, Optional: true}}, run: runCommunity},
		{Name: "forget-me", Private: true, Params: []Param{{Name: "confirm", Label: "confirm", Kind: ParamChoice, Choices: []string{"confirm"}, Optional: true}}, run: runForget},
		{Name: "announce", Role: RoleModerator, Params: []Param{
			{Name: "title", Label: "title", Kind: ParamText},
			{Name: "when", Label: "when", Kind: ParamText},
			{Name: "place", Label: "place", Kind: ParamText},
			{Name: "details", Label: "details", Kind: ParamText, Optional: true},
		}, LineParams: []Param{{Name: "event", Label: "announce", Kind: ParamText}}, Line: announceLine, run: runAnnounce},
		{Name: "event", Role: RoleModerator, Subs: []*Command{
			{Name: "cancel", Params: []Param{event}, run: runEventCancel},
			{Name: "edit", Params: []Param{
				event,
				{Name: "field", Label: "field", Kind: ParamChoice, Choices: []string{"title", "when", "place", "details"}},
				{Name: "value", Label: "value", Kind: ParamText},
			}, run: runEventEdit},
			{Name: "intros", Params: []Param{event}, run: runEventIntros},
		}},
		{Name: "round", Role: RoleModerator, Subs: []*Command{
			{Name: "preview", run: runRound(true)},
			{Name: "now", run: runRound(false)},
		}},
		{Name: "digest", Role: RoleModerator, Subs: []*Command{
			{Name: "preview", Private: true, run: runDigestPreview},
			{Name: "on", run: runDigestSwitch(true)},
			{Name: "off", run: runDigestSwitch(false)},
		}},
		{Name: "stats", Role: RoleModerator, run: runStats},
		{Name: "dashboard", Role: RoleModerator, Private: true, run: runDashboard},
		{Name: "remove", Role: RoleModerator, Params: member, run: runRemove},
		{Name: "unremove", Role: RoleModerator, Params: member, run: runUnremove},
		{Name: "members", Role: RoleModerator, Private: true, Params: []Param{
			{Name: "status", Label: "status", Kind: ParamChoice, Choices: memberStatuses, Optional: true},
			{Name: "skill", Label: "skill", Kind: ParamText, Optional: true},
		}, run: runMembers},
		{Name: "welcome", Role: RoleModerator, Subs: []*Command{
			{Name: "on", run: runWelcomeSwitch(true)},
			{Name: "off", run: runWelcomeSwitch(false)},
			{Name: "text", Params: []Param{{Name: "text", Label: "welcome_text", Kind: ParamText}}, run: runWelcomeText},
			{Name: "preview", run: runWelcomePreview},
		}},
		{Name: "config", Role: RoleModerator, Subs: []*Command{
			{Name: "show", Params: []Param{{Name: "key", Label: "key", Kind: ParamWord, Optional: true}}, run: runConfig},
			{Name: "set", Params: []Param{
				{Name: "key", Label: "key", Kind: ParamWord},
				{Name: "value", Label: "config_value", Kind: ParamText},
			}, run: runConfig},
		}, LineParams: []Param{
			{Name: "key", Label: "key", Kind: ParamWord, Optional: true},
			{Name: "value", Label: "config_value", Kind: ParamText, Optional: true},
		}, Line: configLine},
	}
}
