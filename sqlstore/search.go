package sqlstore

import (
	"context"
	"strings"
	"unicode"

	"agora"
)

// SearchAccounts returns accounts whose username starts with q.Text or whose
// display name contains it, without case: the account whose username is q.Text
// first, then by followers, most first, then by ID. LIKE wildcards in q.Text match
// literally. Case is folded by the database's lower(): on SQLite for ASCII letters
// only. A blank q.Text finds nothing. q.Limit <= 0 means agora.DefaultPageLimit, and
// at most agora.MaxListLimit; q.Offset skips that many; q.FollowedBy keeps only
// accounts it follows.
func (db *statusTables) SearchAccounts(ctx context.Context, q agora.AccountSearch) ([]*agora.Account, error) {
	text := strings.TrimSpace(q.Text)
	if text == "" {
		return []*agora.Account{}, nil
	}
	var w where
	w.add(`(lower(username) LIKE lower(?) ESCAPE '\' OR lower(display_name) LIKE lower(?) ESCAPE '\')`,
		likePrefix(text), likeContains(text))
	if q.FollowedBy != 0 {
		w.add(`id IN (SELECT target_account_id FROM follows WHERE account_id = ?)`, q.FollowedBy)
	}
	return queryList(ctx, db.reader(), "search accounts", scanAccount, `SELECT `+accountColumns+`
		FROM accounts`+w.String()+`
		ORDER BY CASE WHEN lower(username) = lower(?) THEN 0 ELSE 1 END, followers_count DESC, id
		LIMIT ? OFFSET ?`, append(w.args, text, pageLimit(q.Limit), max(q.Offset, 0))...)
}

// SearchStatuses returns statuses (not boosts) whose text contains every word of
// q.Text, newest first. Words are the runs of letters, digits and combining marks
// of q.Text, matched whole and without case; everything else in q.Text only
// separates words, so no input is query syntax, and a text without words finds
// nothing. Visibility is not considered: the service filters. q.AccountID and
// q.FollowedBy restrict the authors, q.MaxID (exclusive) and q.Offset page;
// q.Limit <= 0 means agora.DefaultPageLimit, and at most agora.MaxListLimit.
func (db *statusTables) SearchStatuses(ctx context.Context, q agora.StatusSearch) ([]*agora.Status, error) {
	words := searchWords(q.Text)
	if len(words) == 0 {
		return []*agora.Status{}, nil
	}
	var w where
	w.add(db.d.matchText(words))
	w.add(`s.reblog_of_id = 0`)
	if q.AccountID != 0 {
		w.add(`s.account_id = ?`, q.AccountID)
	}
	if q.FollowedBy != 0 {
		w.add(`s.account_id IN (SELECT target_account_id FROM follows WHERE account_id = ?)`, q.FollowedBy)
	}
	if q.MaxID != 0 {
		w.add(`s.id < ?`, q.MaxID)
	}
	return db.statuses(ctx, `SELECT `+statusColumns+` FROM statuses s`+w.String()+`
		ORDER BY s.id DESC LIMIT ? OFFSET ?`, append(w.args, pageLimit(q.Limit), max(q.Offset, 0))...)
}

// searchWords splits text into words: runs of letters, digits and combining marks.
// Repeats are dropped; at most 32 words are kept.
func searchWords(text string) []string {
	const maxWords = 32
	words := unique(strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.In(r, unicode.Mn, unicode.Mc)
	}))
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	return words
}
