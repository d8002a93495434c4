package agora

import (
	"context"
	"time"
)

// Store is agora's persistence: one interface, implemented by sqlstore on SQLite and
// on PostgreSQL, and checked by one test suite (storetest). Stores persist and query;
// they decide nothing: every rule about who may do or see what lives in service/.
//
// Unless a method says otherwise, its errors are ENOTFOUND for a missing object,
// ECONFLICT for a uniqueness violation, and EINTERNAL for anything else.
type Store interface {
	AccountStore
	StatusStore
	EditStore
	PollStore
	MediaStore
	FollowStore
	OAuthStore
	MarkerStore
	MarkStore
	RelationStore
	NotificationStore
	TagStore
	SearchStore
	RuleStore
	AuditStore
	LegalStore
	AuthorityStore
	WebhookStore
	ExportStore
	ReportStore
	LogStore
	ListStore
	ConversationStore
	ModerationStore
	AccountModerationStore
	NotificationGroupStore
	NotificationPolicyStore
	ScheduledStore
	ProfileStore
	FeaturedTagStore
	FilterStore
	// Close releases the store's connections.
	Close() error
}

// AccountStore persists accounts.
type AccountStore interface {
	// CreateAccount inserts a. ECONFLICT names the field (username or email) taken,
	// compared without case.
	CreateAccount(ctx context.Context, a *Account) error
	// Account returns the account with the ID.
	Account(ctx context.Context, id ID) (*Account, error)
	// AccountByUsername finds an account by username, without case.
	AccountByUsername(ctx context.Context, username string) (*Account, error)
	// AccountByEmail finds an account by email, without case.
	AccountByEmail(ctx context.Context, email string) (*Account, error)
	// Accounts returns the accounts with the given IDs that exist, keyed by ID.
	// It makes one round trip however many IDs are given.
	Accounts(ctx context.Context, ids []ID) (map[ID]*Account, error)
	// UpdateProfile stores the profile fields of a (display name, note, locked, bot,
	// discoverable, the metadata Fields); other fields are left alone.
	UpdateProfile(ctx context.Context, a *Account) error
	// CountAccounts returns how many accounts exist.
	CountAccounts(ctx context.Context) (int, error)
}

// StatusQuery selects statuses for a list such as a timeline. Zero fields do not filter.
type StatusQuery struct {
	AccountID      ID           // by this author
	Tag            string       // carrying this lowercase hashtag
	AnyTags        []string     // with Tag: carrying Tag or any of these lowercase hashtags
	AllTags        []string     // with Tag: carrying every one of these lowercase hashtags too
	NoneTags       []string     // with Tag: carrying none of these lowercase hashtags
	Visibilities   []Visibility // with one of these visibilities
	ExcludeReplies bool         // leave out replies (but not replies to the author's own statuses)
	ExcludeReblogs bool         // leave out boosts
	OnlyMedia      bool         // with media attachments (boosts have none of their own)
	Page           Page
}

// StatusStore persists statuses.
type StatusStore interface {
	// CreateStatus inserts s with its tags and mentions, increments the author's
	// statuses count and the replied-to status's replies count, when
	// idempotencyKey is not "" records the key for the author, and inserts the
	// notifications the status causes (mentions, a boost), notes. All in one
	// transaction: the status is stored with its notifications or not at all.
	// s.Media are attached to it, in order, in the same transaction (updated in
	// place: pass copies). ECONFLICT when the key is recorded already, or when a
	// medium is not the author's or is attached already.
	CreateStatus(ctx context.Context, s *Status, idempotencyKey string, notes ...*Notification) error
	// StatusByIdempotencyKey returns the status the author created with key at or
	// after since.
	StatusByIdempotencyKey(ctx context.Context, accountID ID, key string, since time.Time) (*Status, error)
	// Status returns the status with the ID, with its tags and mentions.
	Status(ctx context.Context, id ID) (*Status, error)
	// Statuses returns the statuses with the given IDs that exist, keyed by ID, with
	// tags and mentions, in a fixed number of round trips.
	Statuses(ctx context.Context, ids []ID) (map[ID]*Status, error)
	// DeleteStatus deletes the status and decrements the counters it added to.
	// Its media attachments are detached, not deleted: unattached again, with
	// CreatedAt the time of the deletion.
	DeleteStatus(ctx context.Context, id ID) error
	// ListStatuses returns the statuses q selects, newest first.
	ListStatuses(ctx context.Context, q StatusQuery) ([]*Status, error)
	// Thread returns every status of the conversation (same ThreadID), oldest first.
	// At most limit statuses.
	Thread(ctx context.Context, threadID ID, limit int) ([]*Status, error)
	// HomeCandidates returns, newest first, up to limit statuses that could belong to
	// the home feed of the account: its own, those of the accounts it follows, those
	// that mention it, and those with a hashtag it follows. The service decides
	// which of them belong. The statuses are partial: ID, AccountID,
	// InReplyToAccountID, ReblogOfID, Visibility and CreatedAt are set; Mentions
	// holds the account when the status mentions it and nothing else; Tags holds
	// the status's hashtags the account follows and nothing else; the rest is zero.
	// Only statuses with IDs above since are read (0: all), so that a rebuild can
	// try the recent past first.
	HomeCandidates(ctx context.Context, accountID ID, limit int, since ID) ([]*Status, error)
	// CountStatuses returns how many statuses exist, boosts excluded.
	CountStatuses(ctx context.Context) (int, error)
	// LatestStatuses returns, for each of the accounts, its newest statuses (at
	// most limit each) of the visibilities given, boosts left out, newest first,
	// with tags and mentions, keyed by account; accounts without any are absent.
	// It makes a fixed number of round trips however many accounts are given.
	LatestStatuses(ctx context.Context, accountIDs []ID, limit int, visibilities []Visibility) (map[ID][]*Status, error)
}

// FollowStore persists follows.
type FollowStore interface {
	// CreateFollow inserts f, increments both accounts' counters and inserts the
	// notifications the follow causes, notes, in one transaction. ECONFLICT when
	// the follow exists already; then nothing is written.
	CreateFollow(ctx context.Context, f *Follow, notes ...*Notification) error
	// DeleteFollow removes the follow of target by account and decrements the
	// counters. ENOTFOUND when there was none.
	DeleteFollow(ctx context.Context, accountID, targetID ID) error
	// FollowerIDs returns the IDs of every account following the account.
	FollowerIDs(ctx context.Context, accountID ID) ([]ID, error)
	// FollowingIDs returns the IDs of every account the account follows.
	FollowingIDs(ctx context.Context, accountID ID) ([]ID, error)
	// Followers lists the follows whose target is the account, newest first, paged
	// by follow ID.
	Followers(ctx context.Context, accountID ID, p Page) ([]*Follow, error)
	// Following lists the follows made by the account, newest first, paged by follow ID.
	Following(ctx context.Context, accountID ID, p Page) ([]*Follow, error)
	// Relations returns how viewer and each of others stand, keyed by the other's ID;
	// every ID in others has an entry.
	Relations(ctx context.Context, viewer ID, others []ID) (map[ID]Relation, error)
}

// OAuthStore persists applications, authorization codes and tokens.
type OAuthStore interface {
	CreateApplication(ctx context.Context, a *Application) error
	Application(ctx context.Context, id ID) (*Application, error)
	ApplicationByClientID(ctx context.Context, clientID string) (*Application, error)
	// CreateAuthCode stores c.
	CreateAuthCode(ctx context.Context, c *AuthCode) error
	// TakeAuthCode marks the code with the hash used at the given time and returns
	// it, so that of two concurrent callers only one gets it; expired codes are
	// returned too. The code is kept, so that a second use can be told from a code
	// that never existed: ENOTFOUND when there is no such code, ECONFLICT when it
	// was taken before.
	TakeAuthCode(ctx context.Context, hash string, at time.Time) (*AuthCode, error)
	// CreateCodeToken inserts t, the token given for the code with the hash, and
	// records it on the code, in one transaction. ECONFLICT when the code was
	// revoked (RevokeAuthCode) before, or the token's ID or hash is taken.
	CreateCodeToken(ctx context.Context, codeHash string, t *Token) error
	// RevokeAuthCode marks the code revoked at the given time and revokes the
	// token given for it, if any, in one transaction: a token not yet given for
	// it cannot be any more. Revoking twice is not an error. ENOTFOUND when there
	// is no such code.
	RevokeAuthCode(ctx context.Context, hash string, at time.Time) error
	// CreateToken inserts t. ECONFLICT when its ID or hash is taken.
	CreateToken(ctx context.Context, t *Token) error
	// TokenByHash returns the token, revoked or not.
	TokenByHash(ctx context.Context, hash string) (*Token, error)
	// RevokeToken marks the token revoked at the given time. Revoking twice is not
	// an error.
	RevokeToken(ctx context.Context, hash string, at time.Time) error
	// PruneAuth deletes, in one transaction, the authorization codes that
	// expired before `before` and whose token (if they gave one) is revoked or
	// gone, and then the tokens revoked before `before` that no remaining code
	// names; it returns how many of each it deleted. A code whose token lives
	// is kept, so that a replay of it still revokes the token.
	PruneAuth(ctx context.Context, before time.Time) (codes, tokens int64, err error)
}

// MarkerStore persists reading positions.
type MarkerStore interface {
	// Markers returns the account's markers for the named timelines that exist.
	Markers(ctx context.Context, accountID ID, timelines []string) ([]*Marker, error)
	// SaveMarker inserts or updates m, incrementing its version; m is updated in place.
	SaveMarker(ctx context.Context, m *Marker) error
}
