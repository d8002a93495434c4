package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"agora"
	"agora/internal/country"
	"agora/internal/textfmt"
)

// NewRule asks to withhold one subject.
type NewRule struct {
	// Subject names what to withhold: "@user" (or "user@this-host", or the
	// profile URL) for an account, a status ID or URL for a status, "#tag" for a
	// hashtag.
	Subject   string
	Countries []string // ISO 3166-1 alpha-2 codes, or XX for all
	Reason    string   // legal_demand, local_law or copyright
	Origin    string   // "cli", "api", ...
}

// ResolveSubject turns a subject as people write it into a rule's kind and subject.
// ENOTFOUND when the account or status does not exist, EINVALID when the text names
// nothing agora knows how to withhold.
func (s *Rules) ResolveSubject(ctx context.Context, subject string) (agora.SubjectKind, agora.ID, string, error) {
	subject = strings.TrimSpace(subject)
	if rest, ok := strings.CutPrefix(subject, s.cfg.BaseURL+"/"); ok {
		switch {
		case strings.HasPrefix(rest, "tags/"):
			subject = "#" + strings.TrimPrefix(rest, "tags/")
		case strings.HasPrefix(rest, "@"):
			user, id, isStatus := strings.Cut(strings.TrimPrefix(rest, "@"), "/")
			if isStatus {
				subject = id
			} else {
				subject = "@" + user
			}
		}
	}
	switch {
	case strings.HasPrefix(subject, "#"):
		tag, ok := textfmt.NormalizeTag(subject)
		if !ok {
			return "", 0, "", agora.Errorf(agora.EINVALID, "%q is not a valid hashtag.", truncate(subject, 100))
		}
		return agora.SubjectHashtag, 0, tag, nil
	case strings.Contains(subject, "@") || !isDigits(subject):
		username, ok := s.localUsername(subject)
		if !ok {
			return "", 0, "", agora.Errorf(agora.EINVALID, "%q names no local account, status or hashtag.", truncate(subject, 100))
		}
		a, err := s.store.AccountByUsername(ctx, username)
		if err != nil {
			return "", 0, "", err
		}
		return agora.SubjectAccount, a.ID, "", nil
	}
	id, err := agora.ParseID(subject)
	if err != nil {
		return "", 0, "", err
	}
	if _, err := s.store.Status(ctx, id); err != nil {
		return "", 0, "", err
	}
	return agora.SubjectStatus, id, "", nil
}

func isDigits(s string) bool {
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// Withhold creates a rule, with its audit event, and enforces it at once. actor is
// the staff account acting, nil for the command line. Errors: EINVALID for bad
// countries or reason, ENOTFOUND for a subject that does not exist.
func (s *Rules) Withhold(ctx context.Context, actor *agora.Account, n NewRule) (*agora.Rule, error) {
	kind, id, tag, err := s.ResolveSubject(ctx, n.Subject)
	if err != nil {
		return nil, err
	}
	countries := agora.NormalizeCountries(n.Countries)
	for _, c := range countries {
		if !country.Valid(c) {
			return nil, agora.Errorf(agora.EINVALID, "%q is not an ISO 3166-1 alpha-2 country code (or XX for all countries).", truncate(c, 10))
		}
	}
	now := s.now().UTC().Truncate(timePrecision)
	r := &agora.Rule{
		ID: s.ids.New(), Kind: kind, SubjectID: id, Hashtag: tag, Countries: countries,
		Reason: agora.WithholdReason(n.Reason), Origin: n.Origin, Since: now,
	}
	if actor != nil {
		r.CreatedBy = actor.ID
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	ev := s.auditEvent(ctx, actor, "rule.create", "rule", r.ID,
		fmt.Sprintf("withhold %s %s in %s (%s)", kind, subjectText(r), strings.Join(countries, ","), r.Reason))
	err = s.gate.ChangeRules(ctx, []*agora.Rule{r}, func() error {
		_, err := s.store.CreateRules(ctx, []*agora.Rule{r}, []*agora.AuditEvent{ev})
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// LiftRule lifts a rule, with its audit event, at once. ENOTFOUND for an unknown
// rule, ECONFLICT for one lifted already.
func (s *Rules) LiftRule(ctx context.Context, actor *agora.Account, id agora.ID) (*agora.Rule, error) {
	r, err := s.store.Rule(ctx, id)
	if err != nil {
		return nil, err
	}
	ev := s.auditEvent(ctx, actor, "rule.lift", "rule", r.ID, "lift rule on "+string(r.Kind)+" "+subjectText(r))
	err = s.gate.ChangeRules(ctx, nil, func() error {
		_, err := s.store.LiftRules(ctx, []agora.ID{id}, s.now().UTC().Truncate(timePrecision), []*agora.AuditEvent{ev})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.store.Rule(ctx, id)
}

func subjectText(r *agora.Rule) string {
	if r.Kind == agora.SubjectHashtag {
		return "#" + r.Hashtag
	}
	return r.SubjectID.String()
}

// auditEvent prepares an audit event by actor (nil: the command line).
func (s *core) auditEvent(ctx context.Context, actor *agora.Account, action, kind string, object agora.ID, summary string) *agora.AuditEvent {
	ev := &agora.AuditEvent{
		ID: s.ids.New(), ActorKind: "cli", Action: action, ObjectKind: kind, ObjectID: object,
		Summary: summary, RequestID: agora.RequestIDFrom(ctx), CreatedAt: s.now().UTC().Truncate(timePrecision),
	}
	if actor != nil {
		ev.ActorID, ev.ActorKind = actor.ID, "account"
	}
	return ev
}
