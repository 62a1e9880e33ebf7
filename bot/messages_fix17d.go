package bot

// fix17dTexts are the catalog entries of meeting help's retest fixes:
// why an intro proposes no time. key → {en, it}.
func fix17dTexts() map[string][]string {
	return map[string][]string{
		"msg.meet_no_time_left": {"There is no working time left before the next round, so I propose no time: agree on one together.", "Prima del prossimo giro non resta tempo lavorativo, quindi non propongo orari: accordatevi insieme su un momento."},
	}
}
