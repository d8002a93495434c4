package oauth

import (
	"context"
	"errors"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"agora"
	"agora/internal/ratelimit"
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
//
// CreateAccount is for the operator (`agora account create`, seeding): its
// hashing does not wait at the gate that bounds sign-ins and sign-ups.
func (s *Server) CreateAccount(ctx context.Context, n NewAccount) (*agora.Account, error) {
	return s.createAccount(ctx, n, nil, false)
}

// createAccount is CreateAccount; failed are the failures of fields it does
// not know (the agreement), reported with its own in one error, as
// Mastodon's 422 names every failing field at once; gated hashes the password
// at the gate, as for sign-ups through the API.
func (s *Server) createAccount(ctx context.Context, n NewAccount, failed []error, gated bool) (*agora.Account, error) {
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
	var hash []byte
	var err error
	if gated {
		hash, err = s.hashPassword(ctx, n.Password)
	} else {
		hash, err = bcrypt.GenerateFromPassword([]byte(n.Password), s.passwordCost())
	}
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
//
// Sign-ins are throttled per client address (agora.OriginFrom) and per account
// (ratelimit.Throttle): an address that failed too often, or an account that
// failed too often from addresses it was never signed in to from, is ETOOMANY
// (with RetryAfter) before the password is checked. The password check itself
// waits its turn at a bounded gate, ETOOMANY at once when too many wait.
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
	if err != nil && agora.ErrorCode(err) != agora.ENOTFOUND {
		return nil, err
	}
	// One count per account however it is named; a login naming nobody is
	// counted by name, so that guessing it is slowed the same.
	addr, key := agora.OriginFrom(ctx).ClientIP, "login:"+ratelimit.AccountKey(login)
	if a != nil {
		key = "account:" + a.ID.String()
	}
	if wait := s.throttle.Check(addr, key); wait > 0 {
		return nil, &agora.Error{Code: agora.ETOOMANY, RetryAfter: wait,
			Message: "Too many failed sign-ins. Please wait " + ratelimit.HumanWait(wait) + " and try again."}
	}
	hash := dummyHash // spend the same time on an unknown login as on a known one
	if a != nil {
		hash = []byte(a.PasswordHash)
	}
	if err := s.comparePassword(ctx, hash, password); err != nil {
		if errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
			s.throttle.Fail(addr, key)
			return nil, fail
		}
		return nil, err
	}
	if a == nil {
		s.throttle.Fail(addr, key)
		return nil, fail
	}
	s.throttle.Succeed(addr, key)
	if err := refusedLogin(a); err != nil {
		return nil, err
	}
	return a, nil
}

// errHashBusy is the error of password work refused because too much waits.
var errHashBusy = &agora.Error{Code: agora.ETOOMANY, RetryAfter: time.Second,
	Message: "Too many sign-ins at once. Please try again in a moment."}

// comparePassword is bcrypt.CompareHashAndPassword at the hashing gate.
func (s *Server) comparePassword(ctx context.Context, hash []byte, password string) error {
	done, err := s.hashing.Enter(ctx)
	if err != nil {
		if errors.Is(err, ratelimit.ErrBusy) {
			return errHashBusy
		}
		return err
	}
	defer done()
	return bcrypt.CompareHashAndPassword(hash, []byte(password))
}

// hashPassword is bcrypt.GenerateFromPassword at the hashing gate.
func (s *Server) hashPassword(ctx context.Context, password string) ([]byte, error) {
	done, err := s.hashing.Enter(ctx)
	if err != nil {
		if errors.Is(err, ratelimit.ErrBusy) {
			return nil, errHashBusy
		}
		return nil, err
	}
	defer done()
	return bcrypt.GenerateFromPassword([]byte(password), s.passwordCost())
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
	a, err := s.createAccount(ctx, n, failed, true)
	if err != nil {
		return "", nil, err
	}
	return s.newToken(ctx, app.ID, a.ID, app.Scopes)
}

func fieldError(field, code, msg string) *agora.Error {
	return &agora.Error{Code: agora.EUNPROCESSABLE, Message: "Validation failed: " + msg,
		Details: map[string][]string{field: {code, msg}}}
}

// refusedLogin is the EUNAUTHORIZED error for an account whose sign-in is
// refused: suspended, or its login disabled by a moderator; nil otherwise.
// (Its tokens are refused otherwise: refusedToken.)
func refusedLogin(a *agora.Account) error {
	switch {
	case a.Suspended():
		return agora.Errorf(agora.EUNAUTHORIZED, "This account is suspended.")
	case a.Disabled():
		return agora.Errorf(agora.EUNAUTHORIZED, "Your login is currently disabled.")
	}
	return nil
}

// refusedToken is the error for a valid token of an account that is not
// functional, as Mastodon answers it on its API: EFORBIDDEN "Your login is
// currently disabled" for a suspended account or one whose login a moderator
// disabled; nil otherwise. Not EUNAUTHORIZED: apps sign the user out on a 401
// and forget the token, while agora keeps these tokens (a moderator's
// suspension or disabling leaves them) so that they work again once it ends.
func refusedToken(a *agora.Account) error {
	if a.Suspended() || a.Disabled() {
		return agora.Errorf(agora.EFORBIDDEN, "Your login is currently disabled")
	}
	return nil
}
