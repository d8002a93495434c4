package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"agora"
)

const conversationColumns = `id, account_id, thread_id, participants, last_status_id, unread`

func scanConversation(row scanner) (*agora.Conversation, error) {
	var c agora.Conversation
	var parts string
	if err := row.Scan(&c.ID, &c.AccountID, &c.ThreadID, &parts, &c.LastStatusID, &c.Unread); err != nil {
		return nil, err
	}
	c.Participants = []agora.ID{}
	for _, p := range strings.Split(parts, ",") {
		if p == "" {
			continue
		}
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, err
		}
		c.Participants = append(c.Participants, agora.ID(n))
	}
	return &c, nil
}

// participantKey is how the participants are stored: sorted decimal IDs joined
// by commas (the caller sorts them).
func participantKey(ids []agora.ID) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = id.String()
	}
	return strings.Join(parts, ",")
}

// SaveConversations inserts or updates each conversation in one transaction;
// the ID kept is written back.
func (db *relationTables) SaveConversations(ctx context.Context, cs []*agora.Conversation) error {
	return db.inTx(ctx, func(c conn) error {
		for _, cv := range cs {
			key := participantKey(cv.Participants)
			if _, err := c.exec(ctx, `INSERT INTO conversations (`+conversationColumns+`) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (account_id, thread_id, participants)
				DO UPDATE SET last_status_id = excluded.last_status_id, unread = excluded.unread`,
				cv.ID, cv.AccountID, cv.ThreadID, key, cv.LastStatusID, cv.Unread); err != nil {
				return wrap("save conversation", err)
			}
			if err := c.queryRow(ctx, `SELECT id FROM conversations WHERE account_id = ? AND thread_id = ? AND participants = ?`,
				cv.AccountID, cv.ThreadID, key).Scan(&cv.ID); err != nil {
				return wrap("select conversation", err)
			}
		}
		return nil
	})
}

// Conversations lists the account's conversations, paged by last status.
func (db *relationTables) Conversations(ctx context.Context, accountID agora.ID, p agora.Page) ([]*agora.Conversation, error) {
	var w where
	w.add(`account_id = ?`, accountID)
	order := w.page(`last_status_id`, p)
	list, err := queryList(ctx, db.reader(), "select conversations", scanConversation,
		`SELECT `+conversationColumns+` FROM conversations`+w.String()+order, w.args...)
	if err != nil {
		return nil, err
	}
	return newestFirst(list, p), nil
}

// Conversation returns the account's conversation.
func (db *relationTables) Conversation(ctx context.Context, accountID, id agora.ID) (*agora.Conversation, error) {
	cv, err := scanConversation(db.reader().queryRow(ctx, `SELECT `+conversationColumns+` FROM conversations
		WHERE id = ? AND account_id = ?`, id, accountID))
	return cv, wrap("select conversation", err)
}

// ReadConversation marks the account's conversation read.
func (db *relationTables) ReadConversation(ctx context.Context, accountID, id agora.ID) error {
	res, err := db.writer().exec(ctx, `UPDATE conversations SET unread = FALSE WHERE id = ? AND account_id = ?`, id, accountID)
	return affected("read conversation", res, err)
}

// DeleteConversation removes the account's conversation.
func (db *relationTables) DeleteConversation(ctx context.Context, accountID, id agora.ID) error {
	res, err := db.writer().exec(ctx, `DELETE FROM conversations WHERE id = ? AND account_id = ?`, id, accountID)
	return affected("delete conversation", res, err)
}

// MuteThread mutes the thread for the account.
func (db *relationTables) MuteThread(ctx context.Context, accountID, threadID agora.ID) error {
	_, err := db.writer().exec(ctx, `INSERT INTO conversation_mutes (account_id, thread_id) VALUES (?, ?)
		ON CONFLICT (account_id, thread_id) DO NOTHING`, accountID, threadID)
	return wrap("mute thread", err)
}

// UnmuteThread ends the account's mute of the thread.
func (db *relationTables) UnmuteThread(ctx context.Context, accountID, threadID agora.ID) error {
	_, err := db.writer().exec(ctx, `DELETE FROM conversation_mutes WHERE account_id = ? AND thread_id = ?`, accountID, threadID)
	return wrap("unmute thread", err)
}

// MutedThreads reports which of the threads the account muted.
func (db *relationTables) MutedThreads(ctx context.Context, accountID agora.ID, threadIDs []agora.ID) (map[agora.ID]bool, error) {
	out := map[agora.ID]bool{}
	if len(threadIDs) == 0 {
		return out, nil
	}
	muted, err := queryList(ctx, db.reader(), "select muted threads", scanOneID,
		`SELECT thread_id FROM conversation_mutes WHERE account_id = ? AND `+db.d.in("thread_id"), accountID, db.d.ids(threadIDs))
	if err != nil {
		return nil, err
	}
	for _, id := range muted {
		out[id] = true
	}
	return out, nil
}

// StatusGone moves the conversations that ended in the deleted status back to
// the newest direct status left in their thread (0 when none), then deletes
// those left without one.
func (db *relationTables) StatusGone(ctx context.Context, statusID agora.ID) error {
	return db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `UPDATE conversations SET last_status_id = COALESCE((SELECT max(s.id) FROM statuses s
			WHERE s.thread_id = conversations.thread_id AND s.visibility = ? AND s.id <> ?), 0)
			WHERE last_status_id = ?`, agora.VisibilityDirect, statusID, statusID); err != nil {
			return wrap("move conversations", err)
		}
		_, err := c.exec(ctx, `DELETE FROM conversations WHERE last_status_id = 0`)
		return wrap("delete empty conversations", err)
	})
}

// ThreadMutes returns every thread the account muted when there are at most
// limit.
func (db *relationTables) ThreadMutes(ctx context.Context, accountID agora.ID, limit int) ([]agora.ID, bool, error) {
	ids, err := queryList(ctx, db.reader(), "select thread mutes", scanOneID,
		`SELECT thread_id FROM conversation_mutes WHERE account_id = ? ORDER BY thread_id LIMIT ?`, accountID, limit+1)
	if err != nil || len(ids) > limit {
		return nil, false, err
	}
	return ids, true, nil
}
