package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"agora"
)

const accountColumns = `id, username, email, password_hash, role, display_name, note,
	locked, bot, discoverable, created_at,
	followers_count, following_count, statuses_count, last_status_at,
	access_until, suspended_at, fields, silenced_at, sensitized_at, disabled_at, deleted_at, suspended_by_moderators`

func scanAccount(row scanner) (*agora.Account, error) {
	var a agora.Account
	var created, lastStatus int64
	var accessUntil, suspended, silenced, sensitized, disabled, deleted sql.NullInt64
	var fields string
	err := row.Scan(&a.ID, &a.Username, &a.Email, &a.PasswordHash, &a.Role, &a.DisplayName, &a.Note,
		&a.Locked, &a.Bot, &a.Discoverable, &created,
		&a.FollowersCount, &a.FollowingCount, &a.StatusesCount, &lastStatus,
		&accessUntil, &suspended, &fields, &silenced, &sensitized, &disabled, &deleted, &a.SuspendedByModerators)
	if err != nil {
		return nil, err
	}
	if a.Fields, err = decodeFields(fields); err != nil {
		return nil, err
	}
	a.CreatedAt, a.LastStatusAt = fromMillis(created), fromMillis(lastStatus)
	a.AccessUntil, a.SuspendedAt = fromNullMillis(accessUntil), fromNullMillis(suspended)
	a.SilencedAt, a.SensitizedAt, a.DisabledAt = fromNullMillis(silenced), fromNullMillis(sensitized), fromNullMillis(disabled)
	a.DeletedAt = fromNullMillis(deleted)
	return &a, nil
}

// CreateAccount inserts a. Its counters and LastStatusAt start at zero whatever a
// holds; AccessUntil and SuspendedAt are stored as given; a is updated in place to
// what was stored. ECONFLICT names the field
// taken, username or email, in Message and Details.
func (db *accountTables) CreateAccount(ctx context.Context, a *agora.Account) error {
	a.CreatedAt = normalize(a.CreatedAt)
	a.AccessUntil, a.SuspendedAt = normalize(a.AccessUntil), normalize(a.SuspendedAt)
	a.FollowersCount, a.FollowingCount, a.StatusesCount, a.LastStatusAt = 0, 0, 0, time.Time{}
	if a.Fields == nil {
		a.Fields = []agora.ProfileField{}
	}
	fields, err := encodeFields(a.Fields)
	if err != nil {
		return err
	}
	_, err = db.writer().exec(ctx, `INSERT INTO accounts (id, username, email, password_hash, role,
		display_name, note, locked, bot, discoverable, created_at, access_until, suspended_at, fields)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.Username, a.Email, a.PasswordHash, a.Role,
		a.DisplayName, a.Note, a.Locked, a.Bot, a.Discoverable, millis(a.CreatedAt),
		nullMillis(a.AccessUntil), nullMillis(a.SuspendedAt), fields)
	if name, ok := uniqueViolation(err); ok {
		switch {
		case strings.Contains(name, "username"):
			return taken("username", "Username is already taken.", err)
		case strings.Contains(name, "email"):
			return taken("email", "Email is already taken.", err)
		}
	}
	return wrap("insert account", err)
}

func taken(field, msg string, err error) error {
	return &agora.Error{Code: agora.ECONFLICT, Message: msg,
		Details: map[string][]string{field: {"ERR_TAKEN", msg}}, Err: err}
}

// Account returns the account with the ID.
func (db *accountTables) Account(ctx context.Context, id agora.ID) (*agora.Account, error) {
	a, err := scanAccount(db.reader().queryRow(ctx,
		`SELECT `+accountColumns+` FROM accounts WHERE id = ?`, id))
	if err != nil {
		return nil, wrap("select account", err)
	}
	return a, nil
}

// AccountByUsername finds an account by username, without case.
func (db *accountTables) AccountByUsername(ctx context.Context, username string) (*agora.Account, error) {
	a, err := scanAccount(db.reader().queryRow(ctx,
		`SELECT `+accountColumns+` FROM accounts WHERE lower(username) = lower(?)`, username))
	if err != nil {
		return nil, wrap("select account by username", err)
	}
	return a, nil
}

// AccountByEmail finds an account by email, without case.
func (db *accountTables) AccountByEmail(ctx context.Context, email string) (*agora.Account, error) {
	a, err := scanAccount(db.reader().queryRow(ctx,
		`SELECT `+accountColumns+` FROM accounts WHERE lower(email) = lower(?)`, email))
	if err != nil {
		return nil, wrap("select account by email", err)
	}
	return a, nil
}

// Accounts returns the accounts with the given IDs that exist, keyed by ID, in one
// round trip.
func (db *accountTables) Accounts(ctx context.Context, ids []agora.ID) (map[agora.ID]*agora.Account, error) {
	out := make(map[agora.ID]*agora.Account, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.reader().query(ctx,
		`SELECT `+accountColumns+` FROM accounts WHERE `+db.d.in("id"), db.d.ids(ids))
	if err != nil {
		return nil, wrap("select accounts", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, wrap("scan account", err)
		}
		out[a.ID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("select accounts", err)
	}
	return out, nil
}

// UpdateProfile stores a's display name, note, locked, bot, discoverable and
// metadata fields.
func (db *accountTables) UpdateProfile(ctx context.Context, a *agora.Account) error {
	fields, err := encodeFields(a.Fields)
	if err != nil {
		return err
	}
	res, err := db.writer().exec(ctx, `UPDATE accounts
		SET display_name = ?, note = ?, locked = ?, bot = ?, discoverable = ?, fields = ?
		WHERE id = ?`,
		a.DisplayName, a.Note, a.Locked, a.Bot, a.Discoverable, fields, a.ID)
	if err != nil {
		return wrap("update profile", err)
	}
	return mustAffect("update profile", res)
}

// CountAccounts returns how many accounts exist.
func (db *accountTables) CountAccounts(ctx context.Context) (int, error) {
	var n int
	if err := db.reader().queryRow(ctx, `SELECT count(*) FROM accounts`).Scan(&n); err != nil {
		return 0, wrap("count accounts", err)
	}
	return n, nil
}
