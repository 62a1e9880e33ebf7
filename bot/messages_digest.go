package bot

// digestTexts are the catalog entries of the weekly digest and of
// `visibility`. key → {en, it}.
func digestTexts() map[string][]string {
	return map[string][]string{
		"help.digest":           {"the weekly digest in the announce channels: preview it, turn it on or off", "il riepilogo settimanale nei canali degli annunci: anteprima, attivarlo o disattivarlo"},
		"help.digest_preview":   {"show privately the digest that would be posted now", "mostra in privato il riepilogo che verrebbe pubblicato ora"},
		"help.digest_on":        {"post the weekly digest (after each round, or on digest.schedule)", "pubblica il riepilogo settimanale (dopo ogni giro, o secondo digest.schedule)"},
		"help.digest_off":       {"stop posting the weekly digest", "smetti di pubblicare il riepilogo settimanale"},
		"help.visibility":       {"hidden: the weekly digest never names you, but still counts you; listed: the default", "hidden: il riepilogo settimanale non ti nomina, ma ti conta; listed: la scelta predefinita"},
		"param.visibility":      {"hidden|listed", "hidden|listed"},
		"param.visibility.what": {"the visibility", "la visibilità"},
		"param.visibility.desc": {"whether the weekly digest may name you", "se il riepilogo settimanale può nominarti"},
		"choice.hidden":         {"hidden", "hidden"},
		"choice.listed":         {"listed", "listed"},

		"setting.digest.enabled":          {"post the weekly digest to the announce channels", "pubblica il riepilogo settimanale nei canali degli annunci"},
		"setting.digest.schedule":         {"when the digest is posted: round (after each round) or cron, in the community's time zone", "quando esce il riepilogo: round (dopo ogni giro) o cron, nel fuso orario della community"},
		"msg.config_want_digest_schedule": {"round, or a cron line such as `0 17 * * FRI` (at most once a day)", "round, o una riga cron come `0 17 * * FRI` (al massimo una volta al giorno)"},

		"msg.digest_nothing":     {"Nothing to post now: nobody joined, no sought skill is missing, no event is coming up and nobody answered the last round's follow-up.", "Niente da pubblicare per ora: nessuna persona nuova, nessuna competenza cercata che manchi, nessun evento in arrivo e nessuna risposta al controllo dell'ultimo giro."},
		"msg.digest_off":         {"The weekly digest is off.", "Il riepilogo settimanale è disattivato."},
		"msg.digest_on_round":    {"The weekly digest is on: it is posted to the announce channels after each round, when there is something to tell.", "Il riepilogo settimanale è attivo: esce nei canali degli annunci dopo ogni giro, quando c'è qualcosa da raccontare."},
		"msg.digest_on_schedule": {"The weekly digest is on: it is posted to the announce channels at {schedule}, when there is something to tell.", "Il riepilogo settimanale è attivo: esce nei canali degli annunci secondo {schedule}, quando c'è qualcosa da raccontare."},
		"msg.visibility_hidden":  {"The weekly digest will not name you; it still counts you among those who joined.", "Il riepilogo settimanale non ti nominerà; ti conterà comunque tra le persone entrate."},
		"msg.visibility_listed":  {"The weekly digest may name you, with what you offer, in the week you join.", "Il riepilogo settimanale potrà nominarti, con ciò che offri, nella settimana in cui entri."},

		"digest.title":        {"News from {name}", "Novità da {name}"},
		"digest.joined":       {"{n} {n|person joined|people joined} this week:", "Questa settimana {n|è entrata|sono entrate} {n} {n|persona|persone}:"},
		"digest.joined_count": {"{n} {n|person joined|people joined} this week.", "Questa settimana {n|è entrata|sono entrate} {n} {n|persona|persone}."},
		"digest.joiner":       {"*{name}* — offers {skills}", "*{name}* — offre {skills}"},
		"digest.joiner_name":  {"*{name}*", "*{name}*"},
		"digest.joiner_more":  {"*{name}* — offers {skills} and more", "*{name}* — offre {skills} e altro"},
		"digest.more_joined":  {"and {n} more joined", "e {n} {n|altra persona|altre persone}"},
		"digest.gaps":         {"Skills people seek that nobody offers yet:", "Competenze cercate che nessuno offre ancora:"},
		"digest.gap":          {"Can you help with *{skill}*? {n} {n|person is|people are} looking for it: {cmd}", "Puoi dare una mano con *{skill}*? {n|La cerca|La cercano} {n} {n|persona|persone}: {cmd}"},
		"digest.more_gaps":    {"and {n} more", "e {n} {n|altra|altre}"},
		"digest.events":       {"Coming up:", "In arrivo:"},
		"digest.event":        {"*{title}* — {when}", "*{title}* — {when}"},
		"digest.more_events":  {"and {n} more: {cmd}", "e {n} {n|altro|altri}: {cmd}"},
		"digest.met":          {"Last round: {met} of {n} {n|group that answered|groups that answered} met.", "Ultimo giro: {met} su {n} {n|gruppo che ha risposto|gruppi che hanno risposto} {met|si è incontrato|si sono incontrati}."},
	}
}
