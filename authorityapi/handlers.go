package authorityapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"agora"
	"agora/authorityapi/wire"
	"agora/internal/httpx"
	"agora/legal"
)

// maxBody bounds a request body: an order of 100,000 targets fits.
const maxBody = 32 << 20

func (a *API) submitOrder(w http.ResponseWriter, r *http.Request) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return agora.Errorf(agora.EINVALID, "Content-Type %q is not supported; send application/json.", truncate(ct, 100))
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return agora.Errorf(agora.ETOOLARGE, "The request body is larger than %d MiB.", maxBody>>20)
		}
		return agora.Errorf(agora.EINVALID, "The request body could not be read.")
	}
	var in wire.OrderInput
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return agora.Errorf(agora.EINVALID, "The request body is not valid JSON for an order: %s.", strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return agora.Errorf(agora.EINVALID, "The request body must hold one JSON object.")
	}
	oi := legal.OrderInput{
		Reference: in.Reference, Channel: in.Channel, LegalBasis: in.LegalBasis,
		StatementOfReasons: in.StatementOfReasons, TerritorialScope: in.TerritorialScope,
		Emergency: in.Emergency, Confidential: in.Confidential, RedressInfo: in.RedressInfo,
		RecipientAuthority: in.RecipientAuthority, Targets: in.Targets,
		ReceivedAt: deref(in.ReceivedAt), ConfidentialUntil: deref(in.ConfidentialUntil), Deadline: deref(in.Deadline),
	}
	if in.Annex != nil {
		annex, err := readAnnex(in.Annex)
		if err != nil {
			return err
		}
		oi.AddAnnex(annex)
	}
	sum := sha256.Sum256(body)
	sub := legal.Submission{Key: r.Header.Get("Idempotency-Key"), RequestDigest: hex.EncodeToString(sum[:])}
	o, replayed, err := a.desk.SubmitOrder(r.Context(), authority(r), oi, sub)
	if err != nil {
		return err
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.Header().Set("Location", "/api/v1/authority/orders/"+o.ID.String())
	httpx.WriteJSON(w, http.StatusCreated, receiptEntity(o))
	return nil
}

// readAnnex reads an annex sent inline with an order: text/csv or text/plain.
func readAnnex(d *wire.Document) (*legal.Annex, error) {
	data, err := base64.StdEncoding.DecodeString(d.Data)
	if err != nil {
		return nil, agora.Errorf(agora.EINVALID, "annex.data must be base64 (standard encoding).")
	}
	return legal.ParseAnnex(d.ContentType, data)
}

func (a *API) orders(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	limit, err := p.Int("limit", 20, 1, 200)
	if err != nil {
		return err
	}
	offset, err := p.Int("offset", 0, 0, 1_000_000)
	if err != nil {
		return err
	}
	list, err := a.desk.AuthorityOrders(r.Context(), authority(r), limit, offset)
	if err != nil {
		return err
	}
	out := make([]*wire.Order, len(list))
	for i, o := range list {
		out[i] = orderEntity(o, nil)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) order(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, effects, err := a.desk.AuthorityEffects(r.Context(), authority(r), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, orderEntity(o, effects))
	return nil
}

// effectColumns is the header of effect.csv.
var effectColumns = []string{"position", "target_id", "input", "effect", "measure", "countries",
	"reason_code", "cause", "effect_given_at", "declined_at", "lifted_at", "explanation"}

// effectCSV answers with the effect given to each target, one row per target
// in the order named; countries are separated by spaces, times are RFC 3339 in
// UTC, empty when none.
func (a *API) effectCSV(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, effects, err := a.desk.AuthorityEffects(r.Context(), authority(r), id)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.Write(effectColumns)
	for _, e := range effects {
		_ = cw.Write([]string{strconv.Itoa(e.Position), e.ID.String(), e.Input, string(e.Effect), e.Measure,
			strings.Join(e.Countries, " "), e.ReasonCode, e.Cause,
			csvTime(e.EffectGivenAt), csvTime(e.DeclinedAt), csvTime(e.LiftedAt), e.Explanation})
	}
	cw.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="order-`+o.Number+`-effect.csv"`)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
	return nil
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
