package dash

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"sync"
	"time"

	"github.com/rete-bot/rete/bot"
)

const (
	cookieName = "rete_dash"
	sessionTTL = 12 * time.Hour
)

// session is one signed-in moderator.
type session struct {
	user    bot.DashboardUser
	csrf    string
	expires time.Time
}

// sessions are the live sessions by id.
type sessions struct {
	mu   sync.Mutex
	byID map[string]*session
}

// start makes a session for u and returns its id.
func (s *sessions) start(u bot.DashboardUser, now time.Time) (string, *session) {
	id := rand.Text()
	ss := &session{user: u, csrf: rand.Text(), expires: now.Add(sessionTTL)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byID == nil {
		s.byID = map[string]*session{}
	}
	for k, v := range s.byID {
		if !now.Before(v.expires) {
			delete(s.byID, k)
		}
	}
	s.byID[id] = ss
	return id, ss
}

// get returns the live session of a request, nil when there is none.
func (s *sessions) get(r *http.Request, now time.Time) (string, *session) {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return "", nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.byID[c.Value]
	if ss == nil || !now.Before(ss.expires) {
		return "", nil
	}
	return c.Value, ss
}

// end removes a session.
func (s *sessions) end(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.byID, id)
}

// validCSRF reports whether a POST carries the session's token.
func (ss *session) validCSRF(r *http.Request) bool {
	got := r.PostFormValue("csrf")
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(ss.csrf)) == 1
}

// sign is the signature of a flash sentence the members page shows after
// an action, so that a link cannot make the page say anything else.
func (ss *session) sign(text string) string {
	mac := hmac.New(sha256.New, []byte(ss.csrf))
	mac.Write([]byte(text))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// signed reports whether sig is text's signature in this session.
func (ss *session) signed(text, sig string) bool {
	return text != "" && hmac.Equal([]byte(sig), []byte(ss.sign(text)))
}
