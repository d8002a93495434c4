package legalapi

import (
	"context"
	"net/http"
	"strconv"

	"agora"
	"agora/internal/guard"
	"agora/internal/httpx"
	"agora/legal"
	"agora/legalapi/wire"
)

func (a *API) addTargets(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	annex, err := readTargets(r)
	if err != nil {
		return err
	}
	counts, err := a.desk.AddTargets(r.Context(), actor(r), id, annex)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, wire.TargetsAdded{Targets: counts})
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
	appeal, _ := p.String("appeal")
	q.Text, _ = p.String("q")
	q.Resolution, q.Kind, q.State, q.Appeal = agora.Resolution(res), agora.SubjectKind(kind), agora.TargetState(state), agora.AppealState(appeal)
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
	if q.AssignedTo, err = p.ID("assigned_to"); err != nil {
		return err
	}
	list, err := a.desk.Targets(r.Context(), actor(r), q)
	if err != nil {
		return err
	}
	out, err := a.targetEntities(r, list)
	if err != nil {
		return err
	}
	if len(list) == q.Limit {
		v := r.URL.Query()
		v.Set("after", strconv.Itoa(list[len(list)-1].Position))
		w.Header().Set("Link", `<`+r.URL.Path+"?"+v.Encode()+`>; rel="next"`)
	}
	return writeJSON(w, http.StatusOK, out)
}

// targetEntities converts the targets, each with the preview of what it names,
// read for all of them at once through the request's snapshot.
func (a *API) targetEntities(r *http.Request, list []*agora.Target) ([]*wire.Target, error) {
	var subjects []agora.Subject
	for _, t := range list {
		if s := t.Subject(); s.Kind != "" {
			subjects = append(subjects, s)
		}
	}
	previews, err := a.previews.Previews(r.Context(), guard.Snapshot(r), subjects)
	if err != nil {
		return nil, err
	}
	out := make([]*wire.Target, len(list))
	for i, t := range list {
		out[i] = targetEntity(t, previews[t.Subject()])
	}
	return out, nil
}

// assignTarget gives one target to a staff member to review.
func (a *API) assignTarget(w http.ResponseWriter, r *http.Request) error {
	id, staff, err := assignment(r)
	if err != nil {
		return err
	}
	t, err := a.desk.AssignTarget(r.Context(), actor(r), id, staff)
	if err != nil {
		return err
	}
	out, err := a.targetEntities(r, []*agora.Target{t})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out[0])
}

func (a *API) decide(preview bool) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var body wire.DecisionInput
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
		return writeJSON(w, http.StatusOK, decisionResultEntity(res))
	}
}

func (a *API) decisions(w http.ResponseWriter, r *http.Request) error {
	all := func(ctx context.Context, actor *agora.Account, order agora.ID) ([]*agora.Decision, error) {
		return a.desk.Decisions(ctx, actor, order, 0)
	}
	return writeOrderList(w, r, all, decisionEntity)
}

// answerAppeal answers an owner's appeal: granted lifts the target's withholding.
func (a *API) answerAppeal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in wire.AppealAnswerInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Granted == nil {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: granted is required.")
	}
	ap, err := a.desk.AnswerAppeal(r.Context(), actor(r), id, *in.Granted, in.Text)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, appealEntity(ap))
}
