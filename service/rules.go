package service

import (
	"context"
	"fmt"
	"strings"

	"agora"
	"agora/internal/country"
)

// NewRule asks to withhold one subject.
type NewRule struct {
	// Subject names what to withhold: "@user" (or "user@this-host", or the
	// profile URL) for an account, a status ID or URL for a status, "#tag" for a
	// hashtag; ResolveSubject lists the forms accepted.
	Subject   string
	Countries []string // ISO 3166-1 alpha-2 codes, or XX for all
	Reason    string   // legal_demand, local_law or copyright
	Origin    string   // "cli", "api", ...
}

// ResolveSubject turns a subject as people write or paste it (see parseSubject for
// the forms) into a rule's kind and subject. ENOTFOUND when the account or status
// does not exist, or a status URL names another author than the status's;
// EINVALID when the text names nothing agora knows how to withhold. The message
// says why, in words a reviewer can act on.
func (s *Rules) ResolveSubject(ctx context.Context, subject string) (agora.SubjectKind, agora.ID, string, error) {
	ref, err := parseSubject(s.cfg.BaseURL, subject)
	if err != nil {
		return "", 0, "", err
	}
	switch ref.Kind {
	case agora.SubjectHashtag:
		return agora.SubjectHashtag, 0, ref.Hashtag, nil
	case agora.SubjectAccount:
		a, err := s.accountNamed(ctx, ref.Username)
		if err != nil {
			return "", 0, "", err
		}
		return agora.SubjectAccount, a.ID, "", nil
	}
	st, err := s.store.Status(ctx, ref.ID)
	if agora.ErrorCode(err) == agora.ENOTFOUND {
		return "", 0, "", &agora.Error{Code: agora.ENOTFOUND, Message: fmt.Sprintf("no status %s on this instance (deleted, or never existed)", ref.ID), Err: err}
	} else if err != nil {
		return "", 0, "", fmt.Errorf("status: %w", err)
	}
	if ref.Username != "" {
		a, err := s.accountNamed(ctx, ref.Username)
		if err != nil {
			return "", 0, "", err
		}
		if a.ID != st.AccountID {
			return "", 0, "", agora.Errorf(agora.ENOTFOUND, "status %s is not by @%s (check the URL)", ref.ID, a.Username)
		}
	}
	return agora.SubjectStatus, st.ID, "", nil
}

// accountNamed returns the local account with the username; ENOTFOUND saying so.
func (s *Rules) accountNamed(ctx context.Context, username string) (*agora.Account, error) {
	a, err := s.store.AccountByUsername(ctx, username)
	if agora.ErrorCode(err) == agora.ENOTFOUND {
		return nil, &agora.Error{Code: agora.ENOTFOUND, Message: "no account @" + username + " on this instance", Err: err}
	} else if err != nil {
		return nil, fmt.Errorf("account by username: %w", err)
	}
	return a, nil
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
		Reason: agora.WithholdReason(n.Reason), Origin: n.Origin, Since: now, LogIndex: agora.NotLogged,
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
	origin := agora.OriginFrom(ctx)
	ev := &agora.AuditEvent{
		ID: s.ids.New(), ActorKind: "cli", Action: action, ObjectKind: kind, ObjectID: object,
		Summary: summary, RequestID: agora.RequestIDFrom(ctx), ClientIP: origin.ClientIP, Channel: origin.Channel,
		CreatedAt: s.now().UTC().Truncate(timePrecision),
	}
	if ev.Channel == "" && ev.RequestID == "" {
		ev.Channel = "cli"
	}
	if actor != nil {
		ev.ActorID, ev.ActorKind = actor.ID, "account"
	}
	return ev
}
