package bot

// crossplatTexts are the texts of pairs and intros across platforms: the
// contact line, how to reach a pair, relayed replies.
func crossplatTexts() map[string][]string {
	return map[string][]string{
		"help.contact": {"share an email or URL with your pairs and accepted intros only (- clears it)", "condividi un'email o un URL solo con abbinamenti e presentazioni accettate (- lo cancella)"},
		"help.contact_more": {
			"It never shows in `{prefix}find` or `{prefix}profile`: only the people you are paired or introduced to see it, next to your profile, which helps when they are on another platform.",
			"Non compare mai in `{prefix}find` né in `{prefix}profile`: lo vede solo chi ti viene abbinato o presentato, accanto al tuo profilo, ed è utile quando usa un'altra piattaforma.",
		},
		"help.reply": {"message your current pairs and intros through rete, on their own platform", "scrivi tramite rete ai tuoi abbinamenti e presentazioni, sulla loro piattaforma"},
		"help.reply_more": {
			"`{prefix}reply Hi, does Thursday work?` reaches your group of the latest round (until the next one) and whoever accepted an intro with you in the last 14 days, marked as sent through rete. At most 10 a day; once you have each other's contact, write directly.",
			"`{prefix}reply Ciao, giovedì va bene?` raggiunge il tuo gruppo dell'ultimo giro (fino al prossimo) e chi ha accettato una presentazione con te negli ultimi 14 giorni, indicato come inviato tramite rete. Al massimo 10 al giorno; quando avete i vostri recapiti, scrivetevi direttamente.",
		},
		"param.contact":      {"CONTACT", "RECAPITO"},
		"param.contact.what": {"the contact line (- clears it)", "il recapito (- lo cancella)"},
		"param.contact.desc": {"an email, a profile URL...; - clears it", "un'email, l'URL di un profilo...; - lo cancella"},
		"param.message":      {"MESSAGE", "MESSAGGIO"},
		"param.message.what": {"the message", "il messaggio"},
		"param.message.desc": {"what to send to the people you are paired or introduced to", "cosa mandare alle persone con cui hai un abbinamento o una presentazione"},

		"msg.contact_saved":       {"Saved: your pairs and accepted intros will see {contact}.", "Salvato: chi ti viene abbinato o presentato vedrà {contact}."},
		"msg.contact_cleared":     {"Contact line cleared.", "Recapito cancellato."},
		"msg.profile_contact_own": {"Contact, shown only to your pairs and accepted intros: {contact}", "Recapito, visibile solo a chi ti viene abbinato o presentato: {contact}"},
		"err.contact_long":        {"The contact line is {n} characters long; the limit is {max}.", "Il recapito è lungo {n} caratteri; il limite è {max}."},

		"msg.reach_link":    {"On {platform}: {link}", "Su {platform}: {link}"},
		"msg.reach_relay":   {"On {platform}, with no direct link from here: write `{prefix}reply TEXT` and rete passes it on", "Su {platform}, senza un link diretto da qui: scrivi `{prefix}reply TESTO` e rete lo inoltra"},
		"msg.reach_contact": {"Contact: {contact}", "Recapito: {contact}"},

		"btn.reply":        {"Reply", "Rispondi"},
		"msg.reply_how":    {"Write `{prefix}reply` and your message: rete sends it to {names} on their platform (at most {max} a day).", "Scrivi `{prefix}reply` e il tuo messaggio: rete lo manda a {names} sulla sua piattaforma (al massimo {max} al giorno)."},
		"msg.reply_sent":   {"Sent to {names} through rete.", "Inviato a {names} tramite rete."},
		"msg.relayed":      {"{name} (via rete): {text}\nAnswer with `{prefix}reply TEXT`.", "{name} (tramite rete): {text}\nRispondi con `{prefix}reply TESTO`."},
		"err.reply_nobody": {"There is nobody to reply to: `{prefix}reply` reaches only your group of the latest round and intros accepted in the last 14 days.", "Non c'è nessuno a cui rispondere: `{prefix}reply` raggiunge solo il tuo gruppo dell'ultimo giro e le presentazioni accettate negli ultimi 14 giorni."},
		"err.reply_limit":  {"You have relayed {max} messages today, the daily limit: try again tomorrow, or share a contact with `contact`.", "Oggi hai inoltrato {max} messaggi, il limite giornaliero: riprova domani, o condividi un recapito con `contact`."},

		"setting.pairing.same_platform": {"group people on the same platform: prefer, require or ignore", "abbina persone della stessa piattaforma: prefer, require o ignore"},
		"msg.config_want_same_platform": {"prefer, require or ignore", "prefer, require o ignore"},
	}
}
