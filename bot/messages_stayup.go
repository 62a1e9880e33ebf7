package bot

// stayupTexts holds the texts of a rete that protects itself: a member
// who sends commands too fast, and a store that cannot save.
func stayupTexts() map[string][]string {
	return map[string][]string{
		"err.slow_down": {"You are sending commands faster than rete can follow. Please wait a minute, then try again.",
			"Stai inviando comandi più in fretta di quanto rete riesca a seguire. Aspetta un minuto e riprova."},
		"err.cannot_save": {"rete cannot save right now; try again later. Nothing you asked for was changed.",
			"rete non riesce a salvare in questo momento; riprova più tardi. Non ho cambiato nulla di ciò che hai chiesto."},
	}
}
