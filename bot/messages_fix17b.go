package bot

// fix17bTexts are the catalog entries of meeting help's refusals: past
// slots, rounds already over, a call-off after the group met. key → {en, it}.
func fix17bTexts() map[string][]string {
	return map[string][]string{
		"err.meet_slot_past":    {"{when} has already passed: pick a later time, or agree on one with your pairing.", "{when} è già passato: scegli un orario successivo, o accordatevi su un altro momento."},
		"err.meet_round_over":   {"The pairing of {date} is over: its buttons no longer change anything. `pairing` shows your current one.", "L'abbinamento del {date} è concluso: i suoi pulsanti non cambiano più nulla. `pairing` mostra quello attuale."},
		"err.meet_already_met":  {"Your group already said you met, so there is no call to call off.", "Nel vostro gruppo avete già risposto che l'incontro c'è stato: non c'è nessuna chiamata da annullare."},
		"msg.intro_footer_free": {"Agree on a time for a 30-minute call. In {when} I will ask whether you met.", "Accordatevi su un momento per una chiamata di 30 minuti. Tra {when} vi chiederò se avete parlato."},
		"msg.meet_picked_same":  {"{when} is already your group's time: nothing changes.", "{when} è già l'orario del vostro gruppo: non cambia nulla."},
		"err.meet_pick_over":    {"It is too late to pick a time: rete already asked whether you met. Answer with `{prefix}met yes`, `{prefix}met notyet` or `{prefix}met no`.", "È tardi per scegliere un orario: rete ha già chiesto se vi siete incontrati. Rispondi con `{prefix}met yes`, `{prefix}met notyet` o `{prefix}met no`."},
		"err.meet_week_over":    {"This week's call can no longer be called off: the week is over. Did it happen? Answer with `{prefix}met yes`, `{prefix}met notyet` or `{prefix}met no`.", "La chiamata di questa settimana non si può più annullare: la settimana è finita. C'è stata? Rispondi con `{prefix}met yes`, `{prefix}met notyet` o `{prefix}met no`."},
		"dash.called_off_skip":  {"Called off: {name} had to skip this week.", "Annullato: {name} ha dovuto saltare questa settimana."},
		"dash.called_off_cant":  {"Called off: {name} couldn't make it this week.", "Annullato: {name} questa settimana non riusciva."},
	}
}
