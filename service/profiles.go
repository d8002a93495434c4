package service

import (
	"context"
	"strings"
	"unicode/utf8"

	"agora"
	"agora/visibility"
)

// addProfileRelations fills the Note and Endorsed of each relation in rel, keyed
// by the other account.
func (s *core) addProfileRelations(ctx context.Context, viewer agora.ID, rel map[agora.ID]agora.Relation) error {
	if len(rel) == 0 {
		return nil
	}
	ids := make([]agora.ID, 0, len(rel))
	for id := range rel {
		ids = append(ids, id)
	}
	prof, err := s.store.ProfileRelations(ctx, viewer, ids)
	if err != nil {
		return err
	}
	for id, r := range rel {
		r.Note, r.Endorsed = prof[id].Note, prof[id].Endorsed
		rel[id] = r
	}
	return nil
}

// visibleTarget returns the account the viewer acts on: ENOTFOUND when it does
// not exist, EWITHHELD when it is withheld from the viewer.
func (s *core) visibleTarget(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Account, error) {
	a, err := s.store.Account(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := v.Account(a); err != nil {
		return nil, err
	}
	return a, nil
}

// SetNote keeps the viewer's private note on the account (Relationship.note),
// or removes it when comment is blank. EUNPROCESSABLE for a note over
// agora.MaxAccountNoteLen characters; ENOTFOUND, EWITHHELD as for the account.
func (s *Accounts) SetNote(ctx context.Context, v *visibility.Snapshot, target agora.ID, comment string) (agora.Relation, error) {
	comment = strings.TrimSpace(comment)
	if utf8.RuneCountInString(comment) > agora.MaxAccountNoteLen {
		return agora.Relation{}, &agora.Error{Code: agora.EUNPROCESSABLE, Message: "Validation failed: Comment is too long (at most 2000 characters).",
			Details: map[string][]string{"comment": {"ERR_TOO_LONG", "Comment is too long (at most 2000 characters)."}}}
	}
	if _, err := s.visibleTarget(ctx, v, target); err != nil {
		return agora.Relation{}, err
	}
	if err := s.store.SetAccountNote(ctx, v.Viewer().ID, target, comment, s.now().UTC()); err != nil {
		return agora.Relation{}, err
	}
	return s.relation(ctx, v, target)
}

// Endorse features the account on the viewer's profile, as Mastodon's account
// pin: only an account the viewer follows (EUNPROCESSABLE otherwise).
// Endorsing twice is not an error.
func (s *Accounts) Endorse(ctx context.Context, v *visibility.Snapshot, target agora.ID) (agora.Relation, error) {
	viewer := v.Viewer()
	if _, err := s.visibleTarget(ctx, v, target); err != nil {
		return agora.Relation{}, err
	}
	rel, err := s.relation(ctx, v, target)
	if err != nil {
		return agora.Relation{}, err
	}
	if !rel.Following {
		return agora.Relation{}, &agora.Error{Code: agora.EUNPROCESSABLE, Message: "Validation failed: You must be already following the person you want to endorse.",
			Details: map[string][]string{"target_account": {"ERR_INVALID", "You must be already following the person you want to endorse."}}}
	}
	if rel.Endorsed {
		return rel, nil
	}
	// A pin left from an earlier follow is taken away first, so the new one counts from now.
	if err := s.store.DeleteEndorsement(ctx, viewer.ID, target); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
		return agora.Relation{}, err
	}
	e := &agora.Endorsement{ID: s.ids.New(), AccountID: viewer.ID, TargetAccountID: target, CreatedAt: s.now().UTC()}
	if err := s.store.CreateEndorsement(ctx, e); err != nil && agora.ErrorCode(err) != agora.ECONFLICT {
		return agora.Relation{}, err
	}
	return s.relation(ctx, v, target)
}

// Unendorse takes the account off the viewer's profile; not an error when it
// was not endorsed. It works on an account withheld from the viewer too (the
// answer, a Relationship, holds no content), as unfollow does.
func (s *Accounts) Unendorse(ctx context.Context, v *visibility.Snapshot, target agora.ID) (agora.Relation, error) {
	if _, err := s.store.Account(ctx, target); err != nil {
		return agora.Relation{}, err
	}
	if err := s.store.DeleteEndorsement(ctx, v.Viewer().ID, target); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
		return agora.Relation{}, err
	}
	return s.relation(ctx, v, target)
}

// Endorsements lists the accounts id features on its profile, newest first,
// through the gate (withheld ones left out). ENOTFOUND or EWITHHELD for the
// account id itself.
func (s *Accounts) Endorsements(ctx context.Context, v *visibility.Snapshot, id agora.ID, p agora.Page) (*AccountPage, error) {
	if _, err := s.visibleTarget(ctx, v, id); err != nil {
		return nil, err
	}
	es, err := s.store.Endorsements(ctx, id, p.Normalize())
	if err != nil {
		return nil, err
	}
	ids := make([]agora.ID, len(es))
	cursors := make([]agora.ID, len(es))
	for i, e := range es {
		ids[i], cursors[i] = e.TargetAccountID, e.ID
	}
	return s.accountPage(ctx, v, ids, cursors, visibility.List)
}

// RemoveFromFollowers makes the account stop following the viewer (and drops
// its endorsement of the viewer, as an unfollow does in Mastodon); not an error
// when it did not follow. ENOTFOUND for a missing account; it works on an
// account withheld from the viewer too, as block does (a reader may want to be
// rid of one), and answers a Relationship, which holds no content.
func (s *Accounts) RemoveFromFollowers(ctx context.Context, v *visibility.Snapshot, follower agora.ID) (agora.Relation, error) {
	viewer := v.Viewer()
	if _, err := s.store.Account(ctx, follower); err != nil {
		return agora.Relation{}, err
	}
	if err := s.store.DeleteFollow(ctx, follower, viewer.ID); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
		return agora.Relation{}, err
	}
	if err := s.store.DeleteEndorsement(ctx, follower, viewer.ID); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
		return agora.Relation{}, err
	}
	// The viewer's statuses leave the former follower's home feed.
	if err := s.feeds.Drop(ctx, follower); err != nil {
		return agora.Relation{}, err
	}
	return s.relation(ctx, v, follower)
}

// dropEndorsements removes the endorsements between a and b, both ways: a
// follow that ends takes its endorsement with it, as in Mastodon.
func (s *core) dropEndorsements(ctx context.Context, a, b agora.ID) error {
	for _, pair := range [][2]agora.ID{{a, b}, {b, a}} {
		if err := s.store.DeleteEndorsement(ctx, pair[0], pair[1]); err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
			return err
		}
	}
	return nil
}
