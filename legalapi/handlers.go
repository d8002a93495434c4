package legalapi

import (
	"context"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"agora"
	"agora/internal/httpx"
	"agora/legal"
)

var timeNow = time.Now

func (a *API) createAuthority(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name    string `json:"name"`
		Country string `json:"country"`
		Kind    string `json:"kind"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	au, err := a.desk.CreateAuthority(r.Context(), actor(r), in.Name, in.Country, in.Kind)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, authorityEntity(au))
}

func (a *API) authorities(w http.ResponseWriter, r *http.Request) error {
	list, err := a.desk.Authorities(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := make([]*Authority, len(list))
	for i, au := range list {
		out[i] = authorityEntity(au)
	}
	return writeJSON(w, http.StatusOK, out)
}

// orderCreated is the answer to a new order.
type orderCreated struct {
	ID           string             `json:"id"`
	Number       string             `json:"number"`
	ReceivedAt   *string            `json:"received_at"`
	Digest       string             `json:"digest"`
	State        string             `json:"state"`
	Deficiencies []string           `json:"deficiencies"`
	Targets      agora.TargetCounts `json:"targets"`
	Order        *Order             `json:"order"`
}

func (a *API) createOrder(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		AuthorityID        string     `json:"authority_id"`
		Reference          string     `json:"reference"`
		Channel            string     `json:"channel"`
		ReceivedAt         *time.Time `json:"received_at"`
		LegalBasis         string     `json:"legal_basis"`
		StatementOfReasons string     `json:"statement_of_reasons"`
		TerritorialScope   []string   `json:"territorial_scope"`
		Emergency          bool       `json:"emergency"`
		Confidential       bool       `json:"confidential"`
		ConfidentialUntil  *time.Time `json:"confidential_until"`
		Deadline           *time.Time `json:"deadline"`
		RedressInfo        string     `json:"redress_info"`
		RecipientAuthority string     `json:"recipient_authority"`
		Targets            []string   `json:"targets"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	oi := legal.OrderInput{
		Reference: in.Reference, Channel: in.Channel, LegalBasis: in.LegalBasis,
		StatementOfReasons: in.StatementOfReasons, TerritorialScope: in.TerritorialScope,
		Emergency: in.Emergency, Confidential: in.Confidential, RedressInfo: in.RedressInfo,
		RecipientAuthority: in.RecipientAuthority, Targets: in.Targets,
		ReceivedAt: deref(in.ReceivedAt), ConfidentialUntil: deref(in.ConfidentialUntil), Deadline: deref(in.Deadline),
	}
	if in.AuthorityID != "" {
		id, err := agora.ParseID(in.AuthorityID)
		if err != nil {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: authority_id %q is not an ID.", in.AuthorityID)
		}
		oi.AuthorityID = id
	}
	o, err := a.desk.CreateOrder(r.Context(), actor(r), oi)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/legal/orders/"+o.ID.String())
	return writeJSON(w, http.StatusCreated, orderCreated{
		ID: o.ID.String(), Number: o.Number, ReceivedAt: tm(o.ReceivedAt), Digest: o.Digest, State: string(o.State),
		Deficiencies: orEmpty(o.Deficiencies), Targets: o.Counts, Order: orderEntity(o, timeNow()),
	})
}

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

func (a *API) addTargets(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	targets, err := readTargets(r)
	if err != nil {
		return err
	}
	counts, err := a.desk.AddTargets(r.Context(), actor(r), id, targets)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"targets": counts})
}

func (a *API) orders(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	q := agora.OrderQuery{}
	state, _ := p.String("state")
	q.State = agora.OrderState(state)
	switch q.State {
	case "", agora.OrderReceived, agora.OrderAcknowledged, agora.OrderInReview, agora.OrderAnswered, agora.OrderClosed:
	default:
		return agora.Errorf(agora.EINVALID, "Parameter state must be received, acknowledged, in_review, answered or closed.")
	}
	if q.AuthorityID, err = p.ID("authority"); err != nil {
		return err
	}
	c, _ := p.String("country")
	q.Country = strings.ToUpper(c)
	if q.Country != "" && !agora.IsCountryCode(q.Country) {
		return agora.Errorf(agora.EINVALID, "Parameter country must be a two-letter ISO 3166-1 code such as IN.")
	}
	if q.Overdue, err = p.Bool("overdue"); err != nil {
		return err
	}
	if q.Limit, err = p.Int("limit", 20, 1, 200); err != nil {
		return err
	}
	if q.Offset, err = p.Int("offset", 0, 0, 1_000_000); err != nil {
		return err
	}
	list, err := a.desk.Orders(r.Context(), actor(r), q)
	if err != nil {
		return err
	}
	now := timeNow()
	out := make([]*Order, len(list))
	for i, o := range list {
		out[i] = orderEntity(o, now)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) order(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := a.desk.Order(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, orderEntity(o, timeNow()))
}

func (a *API) targets(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	q := agora.TargetQuery{OrderID: id}
	res, _ := p.String("resolution")
	kind, _ := p.String("kind")
	state, _ := p.String("decision")
	q.Resolution, q.Kind, q.State = agora.Resolution(res), agora.SubjectKind(kind), agora.TargetState(state)
	// A filter value outside its enum is a bad parameter (400), as the state of
	// the orders list is, so a typo is an error rather than an empty page.
	switch q.Resolution {
	case "", agora.ResolutionResolved, agora.ResolutionUnresolved, agora.ResolutionDuplicate, agora.ResolutionAlreadyWithheld:
	default:
		return agora.Errorf(agora.EINVALID, "Parameter resolution must be resolved, unresolved, duplicate or already_withheld.")
	}
	switch q.Kind {
	case "", agora.SubjectAccount, agora.SubjectStatus, agora.SubjectHashtag:
	default:
		return agora.Errorf(agora.EINVALID, "Parameter kind must be account, status or hashtag.")
	}
	switch q.State {
	case "", agora.TargetPending, agora.TargetWithheld, agora.TargetDeclined, agora.TargetRemoved, agora.TargetLifted, agora.TargetEscalated:
	default:
		return agora.Errorf(agora.EINVALID, "Parameter decision must be pending, withheld, declined, removed, lifted or escalated.")
	}
	if q.AfterPosition, err = p.Int("after", 0, 0, 1<<30); err != nil {
		return err
	}
	if q.Limit, err = p.Int("limit", 100, 1, 1000); err != nil {
		return err
	}
	list, err := a.desk.Targets(r.Context(), actor(r), q)
	if err != nil {
		return err
	}
	out := make([]*Target, len(list))
	for i, t := range list {
		out[i] = targetEntity(t)
	}
	if len(list) == q.Limit {
		v := r.URL.Query()
		v.Set("after", strconv.Itoa(list[len(list)-1].Position))
		w.Header().Set("Link", `<`+r.URL.Path+"?"+v.Encode()+`>; rel="next"`)
	}
	return writeJSON(w, http.StatusOK, out)
}

// decisionBody is the body of a decision and of its preview.
type decisionBody struct {
	TargetIDs []string `json:"target_ids"`
	Filter    *struct {
		Resolution string `json:"resolution"`
		Kind       string `json:"kind"`
		Decision   string `json:"decision"`
	} `json:"filter"`
	Action     string   `json:"action"`
	Countries  []string `json:"countries"`
	Reason     string   `json:"reason"`
	ReasonCode string   `json:"reason_code"`
	Note       string   `json:"note"`
}

func (a *API) decide(preview bool) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var body decisionBody
		if err := decodeJSON(r, &body); err != nil {
			return err
		}
		in := legal.DecisionInput{Action: agora.DecisionAction(body.Action), Countries: body.Countries,
			Reason: body.Reason, ReasonCode: body.ReasonCode, Note: body.Note}
		for _, s := range body.TargetIDs {
			tid, err := agora.ParseID(s)
			if err != nil {
				return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: target_ids: %q is not an ID.", s)
			}
			in.TargetIDs = append(in.TargetIDs, tid)
		}
		if body.Filter != nil {
			in.Filter = &legal.TargetFilter{Resolution: agora.Resolution(body.Filter.Resolution),
				Kind: agora.SubjectKind(body.Filter.Kind), State: agora.TargetState(body.Filter.Decision)}
		}
		res, err := a.desk.Decide(r.Context(), actor(r), id, in, preview)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, res)
	}
}

func (a *API) decisions(w http.ResponseWriter, r *http.Request) error {
	all := func(ctx context.Context, actor *agora.Account, order agora.ID) ([]*agora.Decision, error) {
		return a.desk.Decisions(ctx, actor, order, 0)
	}
	return writeOrderList(w, r, all, decisionEntity)
}

func (a *API) acknowledge(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := a.desk.Acknowledge(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, orderEntity(o, timeNow()))
}

func (a *API) setState(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		State string `json:"state"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	o, err := a.desk.SetState(r.Context(), actor(r), id, agora.OrderState(in.State))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, orderEntity(o, timeNow()))
}

func (a *API) assign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		StaffID string `json:"staff_id"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	staff, err := agora.ParseID(in.StaffID)
	if err != nil {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: staff_id must be an account ID.")
	}
	o, err := a.desk.Assign(r.Context(), actor(r), id, staff)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, orderEntity(o, timeNow()))
}

// documentBody is a document sent inline, base64-encoded.
type documentBody struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Data        string `json:"data"`
}

func (d *documentBody) input() (*legal.DocumentInput, error) {
	if d == nil {
		return nil, nil
	}
	data, err := base64.StdEncoding.DecodeString(d.Data)
	if err != nil {
		return nil, agora.Errorf(agora.EINVALID, "document.data must be base64 (standard encoding).")
	}
	return &legal.DocumentInput{Name: d.Name, ContentType: d.ContentType, Data: data}, nil
}

func (a *API) addNotice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Kind       string        `json:"kind"`
		ReceivedAt *time.Time    `json:"received_at"`
		Deadline   *time.Time    `json:"deadline"`
		Summary    string        `json:"summary"`
		Document   *documentBody `json:"document"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	doc, err := in.Document.input()
	if err != nil {
		return err
	}
	n, err := a.desk.AddNotice(r.Context(), actor(r), id, legal.NoticeInput{
		Kind: agora.NoticeKind(in.Kind), ReceivedAt: deref(in.ReceivedAt), Deadline: deref(in.Deadline),
		Summary: in.Summary, Document: doc,
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, noticeEntity(n))
}

func (a *API) notices(w http.ResponseWriter, r *http.Request) error {
	return writeOrderList(w, r, a.desk.Notices, noticeEntity)
}

func (a *API) addCorrespondence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Direction string        `json:"direction"`
		Channel   string        `json:"channel"`
		Date      *time.Time    `json:"date"`
		Parties   string        `json:"parties"`
		Summary   string        `json:"summary"`
		Document  *documentBody `json:"document"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	doc, err := in.Document.input()
	if err != nil {
		return err
	}
	c, err := a.desk.AddCorrespondence(r.Context(), actor(r), id, legal.CorrespondenceInput{
		Direction: in.Direction, Channel: in.Channel, Date: deref(in.Date), Parties: in.Parties,
		Summary: in.Summary, Document: doc,
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, correspondenceEntity(c))
}

func (a *API) correspondence(w http.ResponseWriter, r *http.Request) error {
	return writeOrderList(w, r, a.desk.Correspondence, correspondenceEntity)
}

// writeOrderList answers with the records list reads for the order in the path,
// each converted to its wire shape.
func writeOrderList[T, E any](w http.ResponseWriter, r *http.Request, list func(context.Context, *agora.Account, agora.ID) ([]T, error), entity func(T) E) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	records, err := list(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	out := make([]E, len(records))
	for i, rec := range records {
		out[i] = entity(rec)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) document(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	doc, err := a.desk.Document(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", doc.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(doc.Name, `"`, "")+`"`)
	w.Header().Set("Digest", "sha-256="+doc.SHA256)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(doc.Data)
	return nil
}

func (a *API) audit(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	q := agora.AuditQuery{}
	if obj, _ := p.String("object"); obj != "" {
		kind, idText, ok := strings.Cut(obj, ":")
		id, err := agora.ParseID(idText)
		if !ok || err != nil {
			return agora.Errorf(agora.EINVALID, "Parameter object must be kind:id, e.g. order:123.")
		}
		q.ObjectKind, q.ObjectID = kind, id
	}
	if q.AfterID, err = p.ID("after"); err != nil {
		return err
	}
	if q.Limit, err = p.Int("limit", 100, 1, 1000); err != nil {
		return err
	}
	list, err := a.desk.Audit(r.Context(), actor(r), q)
	if err != nil {
		return err
	}
	out := make([]*AuditEvent, len(list))
	for i, e := range list {
		out[i] = auditEntity(e)
	}
	return writeJSON(w, http.StatusOK, out)
}
