package bot

// meetTexts are the catalog entries of meeting help: the intro's slots,
// picks, calling a week off, and `hours`. key → {en, it}.
func meetTexts() map[string][]string {
	return map[string][]string{
		"help.hours":       {"show or set your working hours, e.g. 8-16: meeting times are proposed inside them", "mostra o imposta il tuo orario di lavoro, per esempio 8-16: gli incontri vengono proposti al suo interno"},
		"help.meet":        {"the intro's buttons: pick a proposed time, or call this week's call off", "i pulsanti della presentazione: scegli un orario proposto, o annulla la chiamata di questa settimana"},
		"help.meet_pick":   {"pick a time the intro proposes", "scegli un orario proposto nella presentazione"},
		"help.meet_skip":   {"skip this week's call with your pairing", "salta la chiamata di questa settimana"},
		"help.meet_cant":   {"say you can't make this week's call", "di' che questa settimana non riesci"},
		"param.hours":      {"START-END", "INIZIO-FINE"},
		"param.hours.what": {"the working hours, such as 8-16", "l'orario di lavoro, per esempio 8-16"},
		"param.hours.desc": {"your working day, such as 8-16 or 8:30-17", "la tua giornata di lavoro, per esempio 8-16 o 8:30-17"},
		"param.slot":       {"TIME", "ORARIO"},
		"param.slot.what":  {"the proposed time", "l'orario proposto"},
		"param.slot.desc":  {"the proposed time's number", "il numero dell'orario proposto"},
		"err.hours_bad":    {"'{hours}' are not working hours. Write when your day starts and ends, e.g. 8-16 or 8:30-17.", "'{hours}' non è un orario di lavoro. Scrivi quando inizia e finisce la tua giornata, per esempio 8-16 o 8:30-17."},
		"msg.hours_saved":  {"Working hours set to {hours} ({tz}). I will propose meeting times inside them.", "Orario di lavoro impostato: {hours} ({tz}). Proporrò gli orari degli incontri al suo interno."},
		"msg.hours_show":   {"Your working hours: {hours} ({tz}). Change them with `{prefix}hours 8-16`.", "Il tuo orario di lavoro: {hours} ({tz}). Puoi cambiarlo con `{prefix}hours 8-16`."},

		"msg.meet_slots":         {"{n|A time|Two times} in your shared working hours in the coming days, 30 minutes:", "{n|Un orario|Due orari} nelle vostre ore di lavoro comuni dei prossimi giorni, 30 minuti:"},
		"msg.meet_slot":          {"{n}. {when}", "{n}. {when}"},
		"msg.meet_slot_link":     {"{n}. {when} · {link}", "{n}. {when} · {link}"},
		"msg.meet_add_calendar":  {"add to calendar", "aggiungi al calendario"},
		"msg.meet_no_slots":      {"Your working hours do not overlap in the coming days, so I propose no time: agree on one that suits everyone.", "Le vostre ore di lavoro non si sovrappongono nei prossimi giorni, quindi non propongo orari: accordatevi su un momento che vada bene a tutti."},
		"btn.meet_pick":          {"Pick {when}", "Scegli {when}"},
		"btn.meet_pick_n":        {"Pick time {n}", "Scegli l'orario {n}"},
		"btn.meet_skip":          {"Skip this week", "Salta questa settimana"},
		"btn.meet_cant":          {"Can't make it", "Non riesco"},
		"msg.meet_picked_you":    {"Done: {when}. I let {names} know.", "Fatto: {when}. L'ho detto a {names}."},
		"msg.meet_picked":        {"{name} picked {when} for your call.", "{name} ha scelto {when} per la vostra chiamata."},
		"msg.meet_repicked":      {"{name} moved your call to {when}.", "{name} ha spostato la vostra chiamata a {when}."},
		"msg.meet_calendar":      {"Add it to your calendar: {link}", "Aggiungila al calendario: {link}"},
		"msg.meet_ended_you":     {"All right: I told {names} that this week's call is off. See you at the next round!", "D'accordo: ho avvisato {names} che la chiamata di questa settimana salta. Ci sentiamo al prossimo giro!"},
		"msg.meet_ended_skip":    {"{name} has to skip this week's call. No problem: see you at the next round.", "{name} deve saltare la chiamata di questa settimana. Nessun problema: ci sentiamo al prossimo giro."},
		"msg.meet_ended_cant":    {"{name} can't make it this week, sorry. Nothing to do on your side: see you at the next round.", "{name} questa settimana non riesce, mi dispiace. Non devi fare nulla: ci sentiamo al prossimo giro."},
		"msg.meet_already_ended": {"This week's call is already off: see you at the next round.", "La chiamata di questa settimana è già annullata: ci sentiamo al prossimo giro."},
		"err.meet_no_slot":       {"There is no proposed time {n}.", "Non c'è un orario proposto numero {n}."},
		"ics.meet_title":         {"Call: {names}", "Chiamata: {names}"},
		"msg.stats_slots":        {"*Met at a proposed time:* {n} {n|group|groups}", "*Incontri a un orario proposto:* {n} {n|gruppo|gruppi}"},
	}
}
