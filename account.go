package agora

import (
	"net/mail"
	"regexp"
	"time"
	"unicode/utf8"
)

// Role is what an account may do beyond posting. Stored; the list is append-only.
type Role string

// Roles.
const (
	RoleUser      Role = "user"
	RoleModerator Role = "moderator"
	RoleLegal     Role = "legal"
	RoleAdmin     Role = "admin"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleUser, RoleModerator, RoleLegal, RoleAdmin:
		return true
	}
	return false
}

// Limits on account fields, as Mastodon has them.
const (
	MaxUsernameLen    = 30
	MaxDisplayNameLen = 30
	MaxNoteLen        = 500
	MinPasswordLen    = 8
	MaxPasswordLen    = 72 // bcrypt reads no further
	MaxEmailLen       = 254
)

// Account is a local user.
type Account struct {
	ID           ID
	Username     string // unique, compared without case
	Email        string // unique, compared without case
	PasswordHash string
	Role         Role
	DisplayName  string
	Note         string // plain text as the owner typed it
	Locked       bool
	Bot          bool
	Discoverable bool
	// Fields are the profile's metadata (see NewProfileFields), never nil when
	// read from a store.
	Fields    []ProfileField
	CreatedAt time.Time

	// Counters, kept by the store in the same transaction as the change they count.
	FollowersCount int
	FollowingCount int
	StatusesCount  int
	LastStatusAt   time.Time // zero when the account never posted

	// AccessUntil ends a staff account's legal access on that date; zero: no end.
	AccessUntil time.Time
	// SuspendedAt is when the platform suspended the account; zero while active.
	SuspendedAt time.Time
	// SilencedAt, SensitizedAt and DisabledAt are when a moderator limited the
	// account, marked its media sensitive, or disabled its login; DeletedAt when
	// an admin deleted the data of the suspended account; zero while not
	// (account_moderation.go).
	SilencedAt, SensitizedAt, DisabledAt, DeletedAt time.Time
	// SuspendedByModerators is set when the suspension is the moderators' own
	// (an admin account action), not only the legal desk's removal, which its
	// withholding rule enforces.
	SuspendedByModerators bool
}

var usernameRE = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// ValidateUsername checks a username against Mastodon's rules for local accounts.
func ValidateUsername(u string) error {
	switch {
	case u == "":
		return fieldError("username", "ERR_BLANK", "Username can't be blank.")
	case len(u) > MaxUsernameLen:
		return fieldError("username", "ERR_TOO_LONG", "Username is too long (at most 30 characters).")
	case !usernameRE.MatchString(u):
		return fieldError("username", "ERR_INVALID", "Username may contain only letters, digits and underscores.")
	}
	return nil
}

// ValidateEmail checks that e is a plain address such as name@example.org, as
// Mastodon's EmailAddressValidator does (the address parses and is the whole
// value): a domain without a dot, such as admin@localhost, is an address too.
func ValidateEmail(e string) error {
	if e == "" {
		return fieldError("email", "ERR_BLANK", "Email can't be blank.")
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || len(e) > MaxEmailLen {
		return fieldError("email", "ERR_INVALID", "Email is not a valid address.")
	}
	return nil
}

// ValidatePassword checks a new password's length.
func ValidatePassword(p string) error {
	if len(p) < MinPasswordLen {
		return fieldError("password", "ERR_TOO_SHORT", "Password is too short (at least 8 characters).")
	}
	if len(p) > MaxPasswordLen {
		return fieldError("password", "ERR_TOO_LONG", "Password is too long (at most 72 bytes).")
	}
	return nil
}

// Validate checks the fields a user may edit and the fields the store needs.
func (a *Account) Validate() error {
	if err := ValidateUsername(a.Username); err != nil {
		return err
	}
	if err := ValidateEmail(a.Email); err != nil {
		return err
	}
	if !a.Role.Valid() {
		return Errorf(EINVALID, "Role must be one of user, moderator, legal, admin.")
	}
	if utf8.RuneCountInString(a.DisplayName) > MaxDisplayNameLen {
		return fieldError("display_name", "ERR_TOO_LONG", "Display name is too long (at most 30 characters).")
	}
	if utf8.RuneCountInString(a.Note) > MaxNoteLen {
		return fieldError("note", "ERR_TOO_LONG", "Bio is too long (at most 500 characters).")
	}
	return nil
}

// IsStaff reports whether the account has a legal or admin role: such accounts see
// withheld content (marked). Legal desk access also needs StaffAt.
func (a *Account) IsStaff() bool { return a.Role == RoleLegal || a.Role == RoleAdmin }

// StaffAt reports whether the account may use the legal desk at t: a legal or admin
// role whose access has not ended.
func (a *Account) StaffAt(t time.Time) bool {
	return a.IsStaff() && (a.AccessUntil.IsZero() || t.Before(a.AccessUntil))
}

// fieldError is an EUNPROCESSABLE error naming the field, in the shape of Mastodon's
// registration errors ({"error": ..., "details": {field: [{error, description}]}}).
func fieldError(field, code, msg string) *Error {
	return &Error{Code: EUNPROCESSABLE, Message: "Validation failed: " + msg,
		Details: map[string][]string{field: {code, msg}}}
}
