package service

import (
	"context"
	"errors"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"agora"
	"agora/visibility"
)

// NewAccount is what registration and `agora account create` provide.
type NewAccount struct {
	Username string
	Email    string
	Password string
	Role     agora.Role // "" means user
}

// CreateAccount validates n, hashes the password and stores the account. Errors:
// EUNPROCESSABLE for invalid fields and when the username or email is taken.
func (s *OAuth) CreateAccount(ctx context.Context, n NewAccount) (*agora.Account, error) {
	if n.Role == "" {
		n.Role = agora.RoleUser
	}
	a := &agora.Account{
		Username:     n.Username,
		Email:        strings.TrimSpace(n.Email),
		Role:         n.Role,
		Discoverable: true,
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if err := agora.ValidatePassword(n.Password); err != nil {
		return nil, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(n.Password), s.passwordCost())
	if err != nil {
		return nil, err
	}
	a.PasswordHash = string(hash)
	a.ID = s.ids.New()
	a.CreatedAt = s.now().UTC().Truncate(timePrecision)
	if err := s.store.CreateAccount(ctx, a); err != nil {
		var e *agora.Error
		if errors.As(err, &e) && e.Code == agora.ECONFLICT {
			// Mastodon answers a taken name as a validation failure (422).
			return nil, &agora.Error{Code: agora.EUNPROCESSABLE, Message: "Validation failed: " + e.Message, Details: e.Details, Err: err}
		}
		return nil, err
	}
	return a, nil
}

func (s *OAuth) passwordCost() int {
	if s.cfg.PasswordCost == 0 {
		return bcrypt.DefaultCost
	}
	return s.cfg.PasswordCost
}

// CheckPassword returns the account whose username or email is login when password
// matches. Any failure is the same EUNAUTHORIZED, so nobody learns which part was
// wrong.
func (s *OAuth) CheckPassword(ctx context.Context, login, password string) (*agora.Account, error) {
	fail := agora.Errorf(agora.EUNAUTHORIZED, "Invalid email or password.")
	if login == "" || password == "" || len(login) > agora.MaxEmailLen || len(password) > agora.MaxPasswordLen {
		return nil, fail
	}
	var a *agora.Account
	var err error
	if strings.Contains(login, "@") {
		a, err = s.store.AccountByEmail(ctx, login)
	} else {
		a, err = s.store.AccountByUsername(ctx, login)
	}
	if agora.ErrorCode(err) == agora.ENOTFOUND {
		// Spend the same time as a real comparison would.
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return nil, fail
	}
	if err != nil {
		return nil, err
	}
	if err := bcrypt.CompareHashAndPassword([]byte(a.PasswordHash), []byte(password)); err != nil {
		if errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
			return nil, fail
		}
		return nil, err
	}
	if !a.SuspendedAt.IsZero() {
		return nil, agora.Errorf(agora.EUNAUTHORIZED, "This account is suspended.")
	}
	return a, nil
}

var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a password"), bcrypt.DefaultCost)

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
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if err := s.store.UpdateProfile(ctx, a); err != nil {
		return nil, err
	}
	return a, nil
}

// Register signs up a new account through app, when registrations are open, and
// returns a token for it with the app's scopes. Errors: EFORBIDDEN when
// registrations are closed, EUNPROCESSABLE for invalid fields or when the terms were
// not agreed to, ECONFLICT when the username or email is taken.
func (s *OAuth) Register(ctx context.Context, app *agora.Application, n NewAccount, agreed bool) (string, *agora.Token, error) {
	if !s.cfg.RegistrationsOpen {
		return "", nil, agora.Errorf(agora.EFORBIDDEN, "Registrations are closed on this server.")
	}
	if app == nil {
		return "", nil, agora.Errorf(agora.EFORBIDDEN, "Registration needs an application token (client_credentials grant).")
	}
	if !agreed {
		return "", nil, fieldError("agreement", "ERR_ACCEPTED", "You must agree to the server rules and terms of service.")
	}
	n.Role = agora.RoleUser
	a, err := s.CreateAccount(ctx, n)
	if err != nil {
		return "", nil, err
	}
	return s.newToken(ctx, app.ID, a.ID, app.Scopes)
}

func fieldError(field, code, msg string) *agora.Error {
	return &agora.Error{Code: agora.EUNPROCESSABLE, Message: "Validation failed: " + msg,
		Details: map[string][]string{field: {code, msg}}}
}

// CountAccounts returns how many accounts the instance has, for its statistics.
func (s *Accounts) CountAccounts(ctx context.Context) (int, error) { return s.store.CountAccounts(ctx) }

// CountStatuses returns how many statuses the instance has, for its statistics.
func (s *Accounts) CountStatuses(ctx context.Context) (int, error) { return s.store.CountStatuses(ctx) }
