package legalapi

import (
	"net/http"
	"time"

	"agora"
	"agora/internal/httpx"
	"agora/legal"
	"agora/legal/dsa"
	"agora/legalapi/wire"
)

// lumenExport answers with the order as a Lumen notice.
func (a *API) lumenExport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := a.desk.LumenNotice(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, wire.LumenSubmission{Notice: n})
}

// dsaExport answers with a batch of statements of reasons and, when it holds
// any, the Link to the batch after it.
func (a *API) dsaExport(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	var q legal.DSAQuery
	if s, _ := p.String("since"); s != "" {
		if q.Since, err = parseSince(s); err != nil {
			return err
		}
	}
	if q.After, err = p.ID("after"); err != nil {
		return err
	}
	if q.Limit, err = p.Int("limit", dsa.MaxBatch, 1, dsa.MaxBatch); err != nil {
		return err
	}
	b, err := a.desk.DSAStatements(r.Context(), actor(r), q)
	if err != nil {
		return err
	}
	if len(b.Statements) > 0 {
		v := r.URL.Query()
		v.Set("after", b.Next.String())
		w.Header().Set("Link", `<`+r.URL.Path+"?"+v.Encode()+`>; rel="next"`)
	}
	return writeJSON(w, http.StatusOK, wire.DSAStatements{Statements: b.Statements})
}

// parseSince reads a time (RFC 3339) or a date (YYYY-MM-DD, from its start in
// UTC).
func parseSince(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, agora.Errorf(agora.EINVALID, "Parameter since must be a date (2026-01-31) or a time (2026-01-31T09:30:00Z).")
}
