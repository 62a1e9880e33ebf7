package dash

import "github.com/rete-bot/rete/bot"

// page is what every signed-in page shows around its content.
type page struct {
	Lang  bot.Lang
	Title string
	CSRF  string
	T     func(key string) string
}

func (s *Server) page(ss *session, title string) page {
	lang := ss.user.Lang
	t := func(key string) string { return s.cat.String(lang, key, nil) }
	return page{Lang: lang, Title: t(title), CSRF: ss.csrf, T: t}
}
