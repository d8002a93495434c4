package service

import (
	"context"

	"agora"
)

// Notice is what the public notice page of a rule shows.
type Notice struct {
	Rule    *agora.Rule
	Subject string // "@user", "#tag", or the status URL; "" while sealed
	// Sealed is set while the rule's order is confidential: the page says that
	// content is withheld, where and why, but not what, until Rule.SealedUntil.
	Sealed bool
}

// RuleNotice returns the public notice of the rule with the ID. Every rule, from
// an order or not, has one; a sealed rule's notice does not name its subject.
// ENOTFOUND for an unknown rule.
func (s *Posts) RuleNotice(ctx context.Context, id agora.ID) (*Notice, error) {
	r, err := s.store.Rule(ctx, id)
	if err != nil {
		return nil, err
	}
	n := &Notice{Rule: r, Sealed: r.Sealed(s.now())}
	if n.Sealed {
		return n, nil
	}
	switch r.Kind {
	case agora.SubjectHashtag:
		n.Subject = "#" + r.Hashtag
	case agora.SubjectAccount:
		a, err := s.store.Account(ctx, r.SubjectID)
		if err != nil {
			return nil, err
		}
		n.Subject = "@" + a.Username
	case agora.SubjectStatus:
		st, err := s.store.Status(ctx, r.SubjectID)
		if err != nil {
			n.Subject = "a post that has since been deleted"
			break
		}
		a, err := s.store.Account(ctx, st.AccountID)
		if err != nil {
			return nil, err
		}
		n.Subject = s.cfg.BaseURL + "/@" + a.Username + "/" + st.ID.String()
	}
	return n, nil
}
