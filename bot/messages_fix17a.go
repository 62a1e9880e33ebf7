package bot

// fix17aTexts holds texts added by the tester fixes of the welcome and
// the weekly digest: the newcomers a welcome post counts without naming,
// the digest's own schedule refusal and its missing announce channel.
func fix17aTexts() map[string][]string {
	return map[string][]string{
		"welcome.others": {"{n} {n|other|others}", "{n} {n|altra persona|altre persone}"},

		"msg.digest_no_channel": {"No space of this community has an announce channel, so the digest is posted nowhere: set `announce_channel` for a space in the config file.",
			"Nessuno spazio di questa community ha un canale degli annunci, quindi il riepilogo non esce da nessuna parte: imposta `announce_channel` per uno spazio nel file di configurazione."},

		"err.digest_often": {"'{schedule}' would post {n} digests a day; rete posts the digest at most once a day, so give a single minute and hour, e.g. `0 17 * * FRI`, or `round` for after each round. Nothing changed.",
			"'{schedule}' pubblicherebbe {n} riepiloghi al giorno; rete pubblica il riepilogo al massimo una volta al giorno, quindi indica un solo minuto e una sola ora, ad esempio `0 17 * * FRI`, oppure `round` per dopo ogni giro. Non ho cambiato nulla."},

		// The digest's "joined" list when it covers more than a week.
		"digest.joined_days":       {"{n} {n|person joined|people joined} in the last {days} days:", "Negli ultimi {days} giorni {n|è entrata|sono entrate} {n} {n|persona|persone}:"},
		"digest.joined_count_days": {"{n} {n|person joined|people joined} in the last {days} days.", "Negli ultimi {days} giorni {n|è entrata|sono entrate} {n} {n|persona|persone}."},
	}
}
