package oauth

import (
	"context"
	"errors"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"agora"
)

// NewAccount is what registration and `agora account create` provide.
type NewAccount struct {
	Username string
	Email    string
	Password string
	Role     agora.Role // "" means user
}

// CreateAccount validates n, hashes the password and stores the account, its
// e-mail address normalized (NormalizeEmail), so that one written with
// look-alike letters is taken too. Errors: EUNPROCESSABLE for invalid fields and
// when the username or email is taken.
func (s *Server) CreateAccount(ctx context.Context, n NewAccount) (*agora.Account, error) {
	return s.createAccount(ctx, n, nil)
}

// createAccount is CreateAccount; failed are the failures of fields it does
// not know (the agreement), reported with its own in one error, as
// Mastodon's 422 names every failing field at once.
func (s *Server) createAccount(ctx context.Context, n NewAccount, failed []error) (*agora.Account, error) {
	if n.Role == "" {
		n.Role = agora.RoleUser
	}
	email, emailErr := NormalizeEmail(n.Email)
	if emailErr == nil {
		emailErr = agora.ValidateEmail(email)
	}
	fields := []error{agora.ValidateUsername(n.Username), emailErr, agora.ValidatePassword(n.Password)}
	if err := agora.ValidationFailed(append(fields, failed...)...); err != nil {
		return nil, err
	}
	a := &agora.Account{
		Username:     n.Username,
		Email:        email,
		Role:         n.Role,
		Discoverable: true,
	}
	if err := a.Validate(); err != nil {
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

func (s *Server) passwordCost() int {
	if s.cfg.PasswordCost == 0 {
		return bcrypt.DefaultCost
	}
	return s.cfg.PasswordCost
}

// CheckPassword returns the account whose username or email is login when password
// matches. Any failure is the same EUNAUTHORIZED, so nobody learns which part was
// wrong.
func (s *Server) CheckPassword(ctx context.Context, login, password string) (*agora.Account, error) {
	fail := agora.Errorf(agora.EUNAUTHORIZED, "Invalid email or password.")
	if login == "" || password == "" || len(login) > agora.MaxEmailLen || len(password) > agora.MaxPasswordLen {
		return nil, fail
	}
	var a *agora.Account
	var err error
	if strings.Contains(login, "@") {
		a, err = s.accountByEmail(ctx, login)
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

// accountByEmail finds the account of the address in any of its forms: by its
// normalized form (NormalizeEmail), and else as given, for an account stored
// before addresses were normalized.
func (s *Server) accountByEmail(ctx context.Context, email string) (*agora.Account, error) {
	norm, err := NormalizeEmail(email)
	if err == nil {
		a, err := s.store.AccountByEmail(ctx, norm)
		if agora.ErrorCode(err) != agora.ENOTFOUND || norm == email {
			return a, err
		}
	}
	return s.store.AccountByEmail(ctx, email)
}

var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a password"), bcrypt.DefaultCost)

// Register signs up a new account through app, when registrations are open, and
// returns a token for it with the app's scopes. Errors: EFORBIDDEN when
// registrations are closed, EUNPROCESSABLE for invalid fields or when the terms were
// not agreed to, ECONFLICT when the username or email is taken.
func (s *Server) Register(ctx context.Context, app *agora.Application, n NewAccount, agreed bool) (string, *agora.Token, error) {
	if !s.cfg.RegistrationsOpen {
		return "", nil, agora.Errorf(agora.EFORBIDDEN, "Registrations are closed on this server.")
	}
	if app == nil {
		return "", nil, agora.Errorf(agora.EFORBIDDEN, "Registration needs an application token (client_credentials grant).")
	}
	var failed []error
	if !agreed {
		failed = append(failed, fieldError("agreement", "ERR_ACCEPTED", "You must agree to the server rules and terms of service."))
	}
	n.Role = agora.RoleUser
	a, err := s.createAccount(ctx, n, failed)
	if err != nil {
		return "", nil, err
	}
	return s.newToken(ctx, app.ID, a.ID, app.Scopes)
}

func fieldError(field, code, msg string) *agora.Error {
	return &agora.Error{Code: agora.EUNPROCESSABLE, Message: "Validation failed: " + msg,
		Details: map[string][]string{field: {code, msg}}}
}
