package service

import (
	"context"
	"strings"

	"agora"
	"agora/visibility"
)

// Account returns the account with the ID and its marks. EWITHHELD when it is
// withheld from the viewer.
func (s *Accounts) Account(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Account, visibility.Marks, error) {
	return s.account(ctx, v, id)
}

// account is Account, for every part of the service.
func (s *core) account(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Account, visibility.Marks, error) {
	a, err := s.store.Account(ctx, id)
	if err != nil {
		return nil, visibility.Marks{}, err
	}
	m, err := v.Account(a)
	if err != nil {
		return nil, visibility.Marks{}, err
	}
	return a, m, nil
}

// Lookup finds a local account by acct: "user", "@user" or "user@this-host".
// ENOTFOUND for anything else, EWITHHELD when it is withheld from the viewer.
func (s *Accounts) Lookup(ctx context.Context, v *visibility.Snapshot, acct string) (*agora.Account, visibility.Marks, error) {
	username, ok := s.localUsername(acct)
	if !ok {
		return nil, visibility.Marks{}, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	a, err := s.store.AccountByUsername(ctx, username)
	if err != nil {
		return nil, visibility.Marks{}, err
	}
	m, err := v.Account(a)
	if err != nil {
		return nil, visibility.Marks{}, err
	}
	return a, m, nil
}

// localUsername returns the username of acct when acct names a local account.
func (s *core) localUsername(acct string) (string, bool) {
	acct = strings.TrimPrefix(strings.TrimSpace(acct), "@")
	user, host, remote := strings.Cut(acct, "@")
	if remote && !strings.EqualFold(host, s.Host()) {
		return "", false
	}
	if agora.ValidateUsername(user) != nil {
		return "", false
	}
	return user, true
}

// Host returns the host (and port, if any) of the instance's public URL.
func (s *core) Host() string {
	h := s.cfg.BaseURL
	if i := strings.Index(h, "://"); i >= 0 {
		h = h[i+3:]
	}
	return strings.TrimSuffix(h, "/")
}

// ProfileUpdate holds the profile fields a client may change; nil leaves a field as is.
type ProfileUpdate struct {
	DisplayName  *string
	Note         *string
	Locked       *bool
	Bot          *bool
	Discoverable *bool
	// Fields replaces the profile's metadata (fields_attributes): blank names
	// dropped, checked by agora.NewProfileFields.
	Fields *[]agora.ProfileField
}

// UpdateProfile applies u to the viewer's account. EUNPROCESSABLE for invalid fields.
func (s *Accounts) UpdateProfile(ctx context.Context, v *visibility.Snapshot, u ProfileUpdate) (*agora.Account, error) {
	viewer := v.Viewer()
	cur, err := s.store.Account(ctx, viewer.ID)
	if err != nil {
		return nil, err
	}
	a := new(agora.Account)
	*a = *cur // records from the caches are shared: change a copy
	if u.DisplayName != nil {
		a.DisplayName = strings.TrimSpace(*u.DisplayName)
	}
	if u.Note != nil {
		a.Note = strings.TrimSpace(*u.Note)
	}
	if u.Locked != nil {
		a.Locked = *u.Locked
	}
	if u.Bot != nil {
		a.Bot = *u.Bot
	}
	if u.Discoverable != nil {
		a.Discoverable = *u.Discoverable
	}
	if u.Fields != nil {
		if a.Fields, err = agora.NewProfileFields(*u.Fields); err != nil {
			return nil, err
		}
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if err := s.store.UpdateProfile(ctx, a); err != nil {
		return nil, err
	}
	return a, nil
}

// CountAccounts returns how many accounts the instance has, for its statistics.
func (s *Accounts) CountAccounts(ctx context.Context) (int, error) { return s.store.CountAccounts(ctx) }

// CountStatuses returns how many statuses the instance has, for its statistics.
func (s *Accounts) CountStatuses(ctx context.Context) (int, error) { return s.store.CountStatuses(ctx) }
