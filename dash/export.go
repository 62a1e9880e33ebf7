package dash

import (
	"encoding/csv"
	"net/http"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot"
)

// membersCSV serves every member of the community as CSV: the fields the
// members table shows, with the status word and the member id.
func (s *Server) membersCSV(w http.ResponseWriter, r *http.Request, ss *session) {
	now := s.cfg.Now()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="members.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"id", "name", "status", "offers", "seeks", "joined"})
	err := s.cfg.Store.View(r.Context(), func(tx bot.Tx) error {
		return tx.Members(ss.user.Community, func(m *bot.Member) error {
			st := m.EffectiveStatus(now)
			if st == bot.StatusGuest {
				return nil
			}
			joined := ""
			if !m.Joined.IsZero() {
				joined = m.Joined.Format(time.DateOnly)
			}
			return cw.Write([]string{m.ID.String(), cell(m.Name), string(st), cell(strings.Join(m.Profile.Offers, "; ")), cell(strings.Join(m.Profile.Seeks, "; ")), joined})
		})
	})
	cw.Flush()
	if err != nil {
		s.cfg.Logger.Error("dashboard members csv", "err", err)
	}
}

// cell keeps text members wrote from being read as a formula by a
// spreadsheet: a leading = + - @ gets a quote before it.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
