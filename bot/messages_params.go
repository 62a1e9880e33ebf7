package bot

// paramTexts are the command table's words: key → {en, it}.
//   - "param.LABEL": a parameter's usage form (SKILL,... / COMPETENZA,...);
//   - "param.LABEL.what": how an error names it ("Missing the skills." /
//     "Indica le competenze.");
//   - "choice.WORD": a choice word in each language. Both are accepted
//     when typed (accents optional), and the handler sees WORD.
func paramTexts() map[string][]string {
	return map[string][]string{
		"param.verb":              {"VERB", "COMANDO"},
		"param.verb.what":         {"the command", "il comando"},
		"param.pause":             {"2w|until DATE", "2 settimane|fino al GG/MM/AAAA"},
		"param.pause.what":        {"how long", "la durata"},
		"param.member":            {"@member", "@membro"},
		"param.member.what":       {"the member, as @name", "la persona, come @nome"},
		"param.text":              {"TEXT", "TESTO"},
		"param.text.what":         {"the text (- clears it)", "il testo (- lo cancella)"},
		"param.urls":              {"URL...", "URL..."},
		"param.urls.what":         {"the links (- clears them)", "i link (- li cancella)"},
		"param.zone":              {"ZONE", "FUSO"},
		"param.zone.what":         {"the time zone, such as Europe/Rome", "il fuso orario, per esempio Europe/Rome"},
		"param.lang.what":         {"the language", "la lingua"},
		"param.company":           {"NAME", "NOME"},
		"param.company.what":      {"the company name (- clears it)", "il nome dell'azienda (- lo cancella)"},
		"param.skills":            {"SKILL,...", "COMPETENZA,..."},
		"param.skills.what":       {"the skills, separated by commas", "le competenze, separate da virgole"},
		"param.skill":             {"SKILL", "COMPETENZA"},
		"param.status.what":       {"the status", "lo stato"},
		"param.skill.what":        {"the skill", "la competenza"},
		"param.met.what":          {"the answer", "la risposta"},
		"param.round":             {"ROUND", "GIRO"},
		"param.round.what":        {"the round", "il giro"},
		"param.intro":             {"@member [WHY]|SKILL|cancel ID", "@membro [MOTIVO]|COMPETENZA|cancel ID"},
		"param.intro.what":        {"whom to meet: @name and a reason, or a skill", "chi vuoi conoscere: @nome e un motivo, o una competenza"},
		"param.event":             {"EVENT", "EVENTO"},
		"param.event.what":        {"the event number", "il numero dell'evento"},
		"param.rsvp.what":         {"the answer", "la risposta"},
		"param.notify.what":       {"the kind of notice", "il tipo di avviso"},
		"param.onoff.what":        {"the choice", "la scelta"},
		"param.confirm.what":      {"confirming", "confermare"},
		"param.announce":          {"TITLE | WHEN | PLACE [| DETAILS]", "TITOLO | QUANDO | LUOGO [| DETTAGLI]"},
		"param.announce.what":     {"the event", "l'evento"},
		"param.field.what":        {"the field", "il campo"},
		"param.value":             {"VALUE", "VALORE"},
		"param.value.what":        {"the new value", "il nuovo valore"},
		"param.key":               {"KEY", "CHIAVE"},
		"param.key.what":          {"the setting", "l'impostazione"},
		"param.config_value":      {"VALUE", "VALORE"},
		"param.config_value.what": {"the new value", "il nuovo valore"},

		"choice.yes":     {"yes", "sì"},
		"choice.notyet":  {"notyet", "nonancora"},
		"choice.events":  {"events", "eventi"},
		"choice.confirm": {"confirm", "conferma"},
		"choice.title":   {"title", "titolo"},
		"choice.when":    {"when", "quando"},
		"choice.place":   {"place", "luogo"},
		"choice.details": {"details", "dettagli"},

		"msg.or": {"or", "o"},
	}
}
