package dash

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/rete-bot/rete/bot"
)

//go:embed static/style.css templates/*.html
var files embed.FS

var pages = template.Must(template.New("").ParseFS(files, "templates/*.html"))

// csp allows the embedded stylesheet and nothing else: no script, no
// frames, forms only back to this server.
const csp = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// Config is what the dashboard reads.
type Config struct {
	Bot   *bot.Bot
	Store bot.Store
	// Counts returns a community's members by status at now from a
	// cheap count (the store's census), so the overview scans no member;
	// the overview keeps its answer and asks again in the background
	// (statuscounts.go).
	Counts func(ctx context.Context, community string, now time.Time) (map[bot.Status]int, error)
	Now    func() time.Time // nil: time.Now
	Logger *slog.Logger     // nil: slog.Default
	// Secure marks the cookie Secure: the dashboard is reached over https.
	Secure bool
}

// Server serves the dashboard.
type Server struct {
	cfg      Config
	cat      *bot.Catalog
	sessions sessions
	index    indexCache
	// Caches of what pages read, by community.
	skillCounts skillCache
	counts      statusCounts
	snaps       snapCache
}

// New makes a dashboard server.
func New(cfg Config) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Server{cfg: cfg, cat: cfg.Bot.Catalog()}
}

// Close waits for the members indexes being built and the members being
// counted in the background, and starts no more: call it before closing
// the store.
func (s *Server) Close() {
	s.index.close()
	s.counts.close()
}

// Routes adds the dashboard's pages to mux.
func (s *Server) Routes(mux *http.ServeMux) {
	static, _ := fs.Sub(files, "static")
	mux.Handle("GET /dash/style.css", headers(http.StripPrefix("/dash/", http.FileServerFS(static))))
	mux.Handle("GET /dash/signin", headers(http.HandlerFunc(s.signinPage)))
	mux.Handle("POST /dash/signin", headers(http.HandlerFunc(s.signin)))
	mux.Handle("POST /dash/signout", headers(http.HandlerFunc(s.signout)))
	mux.Handle("GET /dash/{$}", headers(s.signedIn(s.overview)))
	mux.Handle("GET /dash/skills", headers(s.signedIn(s.skills)))
	mux.Handle("GET /dash/members", headers(s.signedIn(s.members)))
	mux.Handle("GET /dash/members.csv", headers(s.signedIn(s.membersCSV)))
	mux.Handle("POST /dash/members/confirm", headers(s.signedIn(s.confirm)))
	mux.Handle("POST /dash/members/act", headers(s.signedIn(s.act)))
	mux.Handle("GET /dash/rounds", headers(s.signedIn(s.rounds)))
	mux.Handle("GET /dash/rounds/preview", headers(s.signedIn(s.roundPreview)))
	mux.Handle("GET /dash/rounds/{id}", headers(s.signedIn(s.roundPage)))
	mux.Handle("GET /dash/rounds.csv", headers(s.signedIn(s.roundsCSV)))
	mux.Handle("GET /dash/events", headers(s.signedIn(s.events)))
	mux.Handle("POST /dash/events/attendance", headers(s.signedIn(s.attendance)))
}

// headers adds the security headers every dashboard response carries.
func headers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", csp)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer") // the sign-in URL carries a token
		hd.Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// signedIn runs h for a request with a live session of someone who
// still moderates the community; others get 403, and a demoted
// moderator's session ends.
func (s *Server) signedIn(h func(http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ss := s.sessions.get(r, s.cfg.Now())
		if ss == nil {
			s.plain(w, http.StatusForbidden, browserLang(r), "dash.link_expired")
			return
		}
		switch err := s.cfg.Bot.DashboardModerator(r.Context(), ss.user); {
		case errors.Is(err, bot.ErrNotModerator):
			s.sessions.end(id)
			s.plain(w, http.StatusForbidden, ss.user.Lang, "dash.link_expired")
			return
		case err != nil:
			s.cfg.Logger.Error("dashboard moderator check", "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		h(w, r, ss)
	}
}

// signinPage is what the link opens: a button that signs in. Opening the
// link uses nothing, so a chat's link preview, which fetches it first,
// leaves it working.
func (s *Server) signinPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	lang, ok, err := s.cfg.Bot.DashboardLinkLang(r.Context(), token)
	if err != nil {
		s.cfg.Logger.Error("dashboard sign-in", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if !ok {
		s.plain(w, http.StatusGone, browserLang(r), "dash.link_expired")
		return
	}
	t := func(key string) string { return s.cat.String(lang, key, nil) }
	form := rand.Text()
	http.SetCookie(w, &http.Cookie{Name: signinCookie, Value: form, Path: "/dash/", MaxAge: int(10 * time.Minute / time.Second),
		HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteStrictMode})
	s.render(w, "signin.html", map[string]any{"Lang": lang, "Title": t("dash.title"), "Token": token, "Form": form, "Button": t("dash.sign_in"), "Explain": t("dash.signin_explain")})
}

// signinCookie holds the sign-in page's form token. The sign-in POST must
// carry both, so another site cannot sign a browser in with a link of its
// own (login CSRF): a cross-site POST carries no SameSite=Strict cookie.
// Origin cannot tell, as no-referrer makes a browser send "Origin: null".
const signinCookie = "rete_signin"

// signinForm reports whether a sign-in POST comes from the sign-in page
// this browser opened.
func signinForm(r *http.Request) bool {
	c, err := r.Cookie(signinCookie)
	got := r.PostFormValue("form")
	return err == nil && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(c.Value)) == 1
}

// signin uses the link's token and starts a session.
func (s *Server) signin(w http.ResponseWriter, r *http.Request) {
	if !signinForm(r) {
		http.Error(w, "invalid form token", http.StatusForbidden)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: signinCookie, Value: "", Path: "/dash/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteStrictMode})
	u, err := s.cfg.Bot.RedeemDashboardLink(r.Context(), r.PostFormValue("token"))
	if errors.Is(err, bot.ErrDashboardLink) {
		s.plain(w, http.StatusGone, browserLang(r), "dash.link_expired")
		return
	}
	if err != nil {
		s.cfg.Logger.Error("dashboard sign-in", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	id, _ := s.sessions.start(u, s.cfg.Now())
	s.index.warm(s.cfg.Store, u.Community, s.cfg.Now())
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: id, Path: "/dash/", MaxAge: int(sessionTTL.Seconds()),
		HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/dash/", http.StatusSeeOther)
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) {
	id, ss := s.sessions.get(r, s.cfg.Now())
	if ss == nil {
		s.plain(w, http.StatusForbidden, browserLang(r), "dash.link_expired")
		return
	}
	if !ss.validCSRF(r) {
		http.Error(w, "invalid form token", http.StatusForbidden)
		return
	}
	s.sessions.end(id)
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/dash/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteStrictMode})
	s.plain(w, http.StatusOK, ss.user.Lang, "dash.signed_out")
}

// plain answers with one sentence of the catalog.
func (s *Server) plain(w http.ResponseWriter, code int, lang bot.Lang, key string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_ = pages.ExecuteTemplate(w, "plain.html", map[string]any{"Lang": lang, "Title": s.cat.String(lang, "dash.title", nil), "Text": s.cat.String(lang, key, nil)})
}

// render writes a page, buffered so that a failure is a clean 500.
func (s *Server) render(w http.ResponseWriter, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		s.cfg.Logger.Error("dashboard render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(buf.Bytes())
}
