package bot

// consentTexts are the catalog entries of consent and memory between
// members: key → {en, it}.
func consentTexts() map[string][]string {
	return map[string][]string{
		"err.intro_in_touch":        {"You and {member} are already in touch: write to them on {platform}.", "Tu e {member} siete già in contatto: scrivi direttamente su {platform}."},
		"err.intro_in_touch_handle": {"You and {member} are already in touch: write to them on {platform} ({handle}).", "Tu e {member} siete già in contatto: scrivi direttamente su {platform} ({handle})."},
		"msg.intro_skill_none_new":  {"Nobody new to propose for {skill} right now. `{prefix}find {skill}` lists everyone who offers it.", "Nessuna persona nuova da proporre per {skill} in questo momento. `{prefix}find {skill}` elenca chi la offre."},
	}
}
