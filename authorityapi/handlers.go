package authorityapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"agora"
	"agora/authorityapi/wire"
	"agora/internal/httpx"
	"agora/legal"
)

// maxBody bounds a JSON order: an order of 100,000 targets fits.
const maxBody = 32 << 20

// submitOrder records an order sent as JSON (wire.OrderInput), or as
// multipart/form-data: a part "order" holding that JSON, an optional file part
// "annex" (text/csv or text/plain, at most agora.MaxAnnexBytes) and file parts
// "documents[]" (at most legal.MaxDocuments, each at most
// agora.MaxDocumentBytes).
func (a *API) submitOrder(w http.ResponseWriter, r *http.Request) error {
	mt, err := mediaType(r, "application/json", "multipart/form-data")
	if err != nil {
		return err
	}
	var oi legal.OrderInput
	var sub legal.Submission
	if mt == "multipart/form-data" {
		oi, sub.RequestDigest, err = readOrderForm(w, r)
	} else {
		oi, sub.RequestDigest, err = readOrderJSON(w, r)
	}
	if err != nil {
		return err
	}
	sub.Key = r.Header.Get("Idempotency-Key")
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

// readOrderJSON reads an order sent as JSON, and the digest of the request:
// the SHA-256 of the body.
func readOrderJSON(w http.ResponseWriter, r *http.Request) (legal.OrderInput, string, error) {
	body, err := readBody(w, r, maxBody)
	if err != nil {
		return legal.OrderInput{}, "", err
	}
	var in wire.OrderInput
	if err := decodeStrict(body, &in, "an order"); err != nil {
		return legal.OrderInput{}, "", err
	}
	oi, err := orderInput(&in, nil)
	sum := sha256.Sum256(body)
	return oi, hex.EncodeToString(sum[:]), err
}

// orderForm is what a multipart order may hold.
var orderForm = formSpec{
	fields:    map[string]int{"order": maxBody},
	files:     map[string]int{"annex": agora.MaxAnnexBytes, "documents": agora.MaxDocumentBytes},
	maxFiles:  map[string]int{"annex": 1, "documents": legal.MaxDocuments},
	fileNames: map[string]string{"annex": "annex", "documents": "documents"},
}

// readOrderForm reads an order sent as multipart/form-data, and the digest of
// the request: of the order part's bytes and each file's name, content type
// and SHA-256.
func readOrderForm(w http.ResponseWriter, r *http.Request) (legal.OrderInput, string, error) {
	f, err := readForm(w, r, orderForm)
	if err != nil {
		return legal.OrderInput{}, "", err
	}
	raw, ok := f.fields["order"]
	if !ok {
		return legal.OrderInput{}, "", agora.Errorf(agora.EINVALID, "The multipart body has no part \"order\" (the order's fields as JSON).")
	}
	var in wire.OrderInput
	if err := decodeStrict([]byte(raw), &in, "an order"); err != nil {
		return legal.OrderInput{}, "", err
	}
	var annex *legal.DocumentInput
	if files := f.files["annex"]; len(files) > 0 {
		if in.Annex != nil {
			return legal.OrderInput{}, "", agora.Errorf(agora.EINVALID, "The annex is sent twice: as a part and in the order's JSON; send it once.")
		}
		annex = files[0]
	}
	if len(in.Documents) > 0 && len(f.files["documents"]) > 0 {
		return legal.OrderInput{}, "", agora.Errorf(agora.EINVALID, "Documents are sent both as parts and in the order's JSON; send them one way.")
	}
	oi, err := orderInput(&in, annex)
	if err != nil {
		return legal.OrderInput{}, "", err
	}
	if len(f.files["documents"]) > 0 {
		oi.Documents = f.files["documents"]
	}
	sum := sha256.Sum256([]byte(raw))
	var annexSums []fileSum
	if annex != nil {
		annexSums = fileSums([]*legal.DocumentInput{annex})
	}
	return oi, requestDigest(map[string]any{"order": hex.EncodeToString(sum[:]), "annex": annexSums,
		"documents": fileSums(f.files["documents"])}), nil
}

// orderInput converts the order as sent; annex, when not nil, is its annex
// file sent as a part (in.Annex is nil then). The annex is read as the desk
// reads annexes and kept as the file received.
func orderInput(in *wire.OrderInput, annex *legal.DocumentInput) (legal.OrderInput, error) {
	oi := legal.OrderInput{
		Reference: in.Reference, Channel: in.Channel, LegalBasis: in.LegalBasis,
		StatementOfReasons: in.StatementOfReasons, TerritorialScope: in.TerritorialScope,
		Emergency: in.Emergency, Confidential: in.Confidential, RedressInfo: in.RedressInfo,
		RecipientAuthority: in.RecipientAuthority, Targets: in.Targets,
		ReceivedAt: deref(in.ReceivedAt), ConfidentialUntil: deref(in.ConfidentialUntil), Deadline: deref(in.Deadline),
	}
	if in.Annex != nil {
		var err error
		if annex, err = inlineDocument(in.Annex, "annex", agora.MaxAnnexBytes); err != nil {
			return legal.OrderInput{}, err
		}
	}
	if annex != nil {
		parsed, err := legal.ParseAnnex(annex.ContentType, annex.Data)
		if err != nil {
			return legal.OrderInput{}, err
		}
		oi.AddAnnex(parsed)
		oi.AnnexFile = annex
	}
	for i, d := range in.Documents {
		doc, err := inlineDocument(d, fmt.Sprintf("documents[%d]", i), agora.MaxDocumentBytes)
		if err != nil {
			return legal.OrderInput{}, err
		}
		oi.Documents = append(oi.Documents, doc)
	}
	return oi, nil
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
	docs, err := a.desk.AuthorityOrderDocuments(r.Context(), authority(r), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, withDocuments(orderEntity(o, effects), docs))
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
