package bot

// roundTexts are the catalog entries of rounds: key → {en, it}.
// Reasons come in two forms: one naming both members (for moderators,
// group conversations and the pairs of a trio the reader is not in) and
// one saying "you" to the reader of an intro DM.
func roundTexts() map[string][]string {
	return map[string][]string{
		"setting.pairing.every": {"how often rounds run: every week, every few weeks, or monthly", "ogni quanto si fanno i giri: ogni settimana, ogni qualche settimana o una volta al mese"},
		"msg.config_want_every": {"1w to 8w (`2w from YYYY-MM-DD` counts from that date's week), or monthly", "da 1w a 8w (`2w from AAAA-MM-GG` conta dalla settimana di quella data), oppure monthly"},
		// Running a round by hand.
		"err.round_too_few":    {"Not enough active members for a round (available: {n}); nothing was sent. The scheduled round tries again at its time.", "Non ci sono abbastanza membri attivi per un giro (disponibili: {n}); non è stato inviato nulla. Il giro in programma riproverà alla sua ora."},
		"err.round_no_group":   {"No group could be formed (available: {n}; blocks, declined introductions or same-company rules leave no possible pair); nothing was sent.", "Non si è potuto formare nessun gruppo (disponibili: {n}; blocchi, presentazioni rifiutate o regole sulla stessa azienda non lasciano coppie possibili); non è stato inviato nulla."},
		"err.round_period_ran": {"This period's round already ran on {ran}; the next round is on {next}.", "Il giro di questo periodo è già stato fatto {ran}; il prossimo giro sarà {next}."},
		"msg.round_done":       {"Round {number}, the round of {period}: {n} {n|group|groups}; intros are on their way.", "Giro {number}, quello di {period}: {n} {n|gruppo|gruppi}; le presentazioni sono in partenza."},

		// Skipping the next round from an intro.
		"btn.skip_next":            {"Skip the next round", "Salta il prossimo giro"},
		"msg.skip_next":            {"You skip the round of {round}; your pairings start again on {date}. `{prefix}resume` undoes it.", "Salti il giro di {round}; i tuoi abbinamenti riprendono {date}. `{prefix}resume` annulla."},
		"msg.pairing_paused_until": {"You are paused until {date}: rounds before then leave you out. `{prefix}resume` ends the pause early.", "Sei in pausa fino a {date}: i giri prima di allora ti lasciano fuori. `{prefix}resume` termina prima la pausa."},
		"help.skip_next":           {"skip the next round (the intro's button)", "salta il prossimo giro (il pulsante della presentazione)"},
		"err.no_schedule":          {"No round is scheduled, so there is none to skip: `{prefix}pause 1w` pauses you for a week.", "Non c'è nessun giro in programma, quindi nessuno da saltare: `{prefix}pause 1w` ti mette in pausa per una settimana."},

		// Reasons that name both members.
		"reason.overlap_pair": {"{a} and {b} share {hours} {hours|hour|hours} of working time", "{a} e {b} hanno {hours} {hours|ora|ore} di lavoro in comune"},
		"reason.fresh_all":    {"{names} have not met through rete before", "per {names} è il primo incontro tramite rete"},

		// Reasons that say "you" to the reader.
		"reason.complement_you_give": {"you offer {skill}, which {taker} seeks", "offri {skill}, che {taker} cerca"},
		"reason.complement_you_take": {"{giver} offers {skill}, which you seek", "{giver} offre {skill}, che cerchi"},
		"reason.mutual_you":          {"you and {b} can each help the other", "{b} e tu potete aiutarvi a vicenda"},
		"reason.overlap_you":         {"you and {b} share {hours} {hours|hour|hours} of working time", "hai {hours} {hours|ora|ore} di lavoro in comune con {b}"},
		"reason.fresh_you":           {"you and {b} have not met through rete before", "per {b} e per te è il primo incontro tramite rete"},
		"reason.fresh_all_you":       {"none of you have met through rete before", "per tutti voi è il primo incontro tramite rete"},
		"reason.other_company_you":   {"you and {b} work at different companies", "{b} e tu lavorate in aziende diverse"},
	}
}
