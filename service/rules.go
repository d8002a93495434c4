package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"agora"
	"agora/internal/country"
	"agora/internal/textfmt"
)

// LoadRules fills the rule index from the database. Call it once before serving.
func (s *Service) LoadRules(ctx context.Context) error {
	rules, version, err := s.store.ActiveRules(ctx)
	if err != nil {
		return fmt.Errorf("load rules: %w", err)
	}
	s.rules.mu.Lock()
	defer s.rules.mu.Unlock()
	s.rules.applyLocked(rules, version)
	s.rules.stale = false
	return nil
}

// WatchRules keeps the rule index in step with rule changes made by other processes
// (`agora withhold` on the same database, other nodes), checking the rule version
// every interval, until ctx is done.
func (s *Service) WatchRules(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.refreshRules(ctx); err != nil && ctx.Err() == nil {
				s.log.WarnContext(ctx, "refresh withholding rules", "err", err)
			}
		}
	}
}

// refreshRules applies the rule changes newer than the index.
func (s *Service) refreshRules(ctx context.Context) error {
	v, err := s.store.RuleVersion(ctx)
	if err != nil {
		return err
	}
	s.rules.mu.RLock()
	current, stale := s.rules.version, s.rules.stale
	s.rules.mu.RUnlock()
	if v <= current && !stale {
		return nil
	}
	s.rules.mu.Lock()
	defer s.rules.mu.Unlock()
	return s.catchUpLocked(ctx)
}

// catchUpLocked reads the changes after the index's version and applies them. On
// failure the index is marked stale: the gate then refuses to serve (503) rather
// than serve from rules it knows to be old. The caller holds the write lock.
func (s *Service) catchUpLocked(ctx context.Context) error {
	changed, version, err := s.store.RuleChanges(ctx, s.rules.version)
	if err != nil {
		s.rules.stale = true
		return fmt.Errorf("read rule changes: %w", err)
	}
	s.rules.applyLocked(changed, version)
	s.rules.stale = false
	return nil
}

// ChangeRules runs write, which commits a rule change creating the rules created
// (and perhaps lifting others), and makes the change take effect "at once": no read
// that starts after the commit can show what it withheld. Every change to rules
// (here and in the legal desk) goes through it.
//
// Reads are not held up while the transaction runs, which for a bulk decision can
// take seconds: the created rules enter the index as pending before write starts,
// so reads withhold their content from then on; if write fails they are taken out
// again. Lifted rules stay in force until the commit is read back. Either way the
// index errs on the side of the rule for the length of the transaction. After
// write, the index catches up with the database under its write lock.
func (s *Service) ChangeRules(ctx context.Context, created []*agora.Rule, write func() error) error {
	if len(created) > 0 {
		s.rules.mu.Lock()
		s.rules.applyLocked(created, 0)
		s.rules.mu.Unlock()
	}
	err := write()
	s.rules.mu.Lock()
	defer s.rules.mu.Unlock()
	if err != nil {
		for _, r := range created {
			s.rules.removeLocked(r.ID)
		}
		return err
	}
	// The change is committed; catching up must not fail because the caller's
	// request ended.
	return s.catchUpLocked(context.WithoutCancel(ctx))
}

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
func (s *Service) ResolveSubject(ctx context.Context, subject string) (agora.SubjectKind, agora.ID, string, error) {
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
func (s *Service) Withhold(ctx context.Context, actor *agora.Account, n NewRule) (*agora.Rule, error) {
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
	err = s.ChangeRules(ctx, []*agora.Rule{r}, func() error {
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
func (s *Service) LiftRule(ctx context.Context, actor *agora.Account, id agora.ID) (*agora.Rule, error) {
	r, err := s.store.Rule(ctx, id)
	if err != nil {
		return nil, err
	}
	ev := s.auditEvent(ctx, actor, "rule.lift", "rule", r.ID, "lift rule on "+string(r.Kind)+" "+subjectText(r))
	err = s.ChangeRules(ctx, nil, func() error {
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
func (s *Service) auditEvent(ctx context.Context, actor *agora.Account, action, kind string, object agora.ID, summary string) *agora.AuditEvent {
	ev := &agora.AuditEvent{
		ID: s.ids.New(), ActorKind: "cli", Action: action, ObjectKind: kind, ObjectID: object,
		Summary: summary, RequestID: agora.RequestIDFrom(ctx), CreatedAt: s.now().UTC().Truncate(timePrecision),
	}
	if actor != nil {
		ev.ActorID, ev.ActorKind = actor.ID, "account"
	}
	return ev
}
