package dash

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot"
)

// membersCSV serves every member of the community as CSV: the fields the
// members table shows, in full, with the status word and the member id;
// dates and times in the community's zone.
func (s *Server) membersCSV(w http.ResponseWriter, r *http.Request, ss *session) {
	now := s.cfg.Now()
	loc := s.zone(r.Context(), ss.user.Community)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="members.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"id", "name", "handle", "platforms", "status", "offers", "seeks", "joined", "last_activity", "rounds", "answered", "met", "met_rate"})
	err := s.cfg.Store.View(r.Context(), func(tx bot.Tx) error {
		return tx.Members(ss.user.Community, func(m *bot.Member) error {
			st := m.EffectiveStatus(now)
			if st == bot.StatusGuest {
				return nil
			}
			joined := ""
			if !m.Joined.IsZero() {
				joined = m.Joined.In(loc).Format(time.DateOnly) // the zone last_activity is in
			}
			rate := ""
			if r, ok := m.Part.MetRate(); ok {
				rate = strconv.Itoa(int(r*100+0.5)) + "%"
			}
			return cw.Write([]string{m.ID.String(), cell(m.Name), cell(m.Handle), strings.Join(platformsOf(m), "; "), string(st),
				cell(strings.Join(m.Profile.Offers, "; ")), cell(strings.Join(m.Profile.Seeks, "; ")), joined, activity(m, loc),
				strconv.Itoa(m.Part.Rounds), strconv.Itoa(m.Part.Answered), strconv.Itoa(m.Part.Met), rate})
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
