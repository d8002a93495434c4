package sqlstore

import (
	"context"
	"strings"

	"agora"
)

// DefaultChunkRows is how many rows a Loader writes per transaction unless told
// otherwise: large enough that committing costs little, small enough that a chunk's
// rows stay a few megabytes in memory.
const DefaultChunkRows = 50_000

// Bulk is a data set for BulkLoad, loaded in the order of its fields.
type Bulk struct {
	Accounts     []*agora.Account
	Applications []*agora.Application
	Tokens       []*agora.Token
	Follows      []*agora.Follow
	Statuses     []*agora.Status
}

// BulkLoad loads b with a Loader of DefaultChunkRows: see Loader for the contract.
// The records of b are normalized in place as the Loader's methods say.
func (db *ruleTables) BulkLoad(ctx context.Context, b Bulk) error {
	l := db.NewLoader(0)
	for _, a := range b.Accounts {
		if err := l.AddAccount(ctx, a); err != nil {
			return err
		}
	}
	for _, a := range b.Applications {
		if err := l.AddApplication(ctx, a); err != nil {
			return err
		}
	}
	for _, t := range b.Tokens {
		if err := l.AddToken(ctx, t); err != nil {
			return err
		}
	}
	for _, f := range b.Follows {
		if err := l.AddFollow(ctx, f); err != nil {
			return err
		}
	}
	for _, s := range b.Statuses {
		if err := l.AddStatus(ctx, s); err != nil {
			return err
		}
	}
	return l.Flush(ctx)
}

// TakenUsernames returns those of names that accounts have already, compared
// without case, in the case the accounts have them, in no particular order: a
// Loader's caller checks its usernames with it first.
func (db *ruleTables) TakenUsernames(ctx context.Context, names []string) ([]string, error) {
	if len(names) == 0 {
		return []string{}, nil
	}
	lower := make([]string, len(names))
	for i, n := range names {
		lower[i] = strings.ToLower(n)
	}
	return queryList(ctx, db.reader(), "select taken usernames", scanString,
		`SELECT username FROM accounts WHERE `+db.d.in("lower(username)"), db.d.texts(lower))
}
