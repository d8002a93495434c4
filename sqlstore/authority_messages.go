package sqlstore

import (
	"context"

	"agora"
)

// The authority channel's dialogue: an authority's messages (correspondence on
// agora.ChannelAuthorityAPI), the notices they are, their Idempotency-Keys
// (message_submissions), and the documents received with an order.

// CreateAuthorityMessage implements agora.AuthorityStore; times are normalized
// in place.
func (db *channelTables) CreateAuthorityMessage(ctx context.Context, m *agora.AuthorityMessage, events []*agora.AuditEvent) error {
	return db.inTx(ctx, func(c conn) error {
		if err := insertAuthorityMessage(ctx, c, m); err != nil {
			return err
		}
		if m.Order != nil {
			if err := updateOrder(ctx, c, m.Order); err != nil {
				return err
			}
		}
		return insertAudit(ctx, c, events)
	})
}

// insertAuthorityMessage inserts m's notice, message (with its documents) and
// submission, those that are not nil; not m.Order.
func insertAuthorityMessage(ctx context.Context, c conn, m *agora.AuthorityMessage) error {
	if m.Notice != nil {
		if err := insertNotice(ctx, c, m.Notice); err != nil {
			return err
		}
	}
	if err := insertCorrespondence(ctx, c, m.Message); err != nil {
		return err
	}
	if s := m.Submission; s != nil {
		s.CreatedAt, s.OrderID, s.CorrespondenceID = normalize(s.CreatedAt), m.Message.OrderID, m.Message.ID
		_, err := c.exec(ctx, `INSERT INTO message_submissions (authority_id, idem_key, order_id, correspondence_id, request_digest, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, s.AuthorityID, s.Key, s.OrderID, s.CorrespondenceID, s.RequestDigest, millis(s.CreatedAt))
		if err != nil {
			return wrap("insert message submission", err)
		}
	}
	return nil
}

// MessageSubmission implements agora.AuthorityStore.
func (db *channelTables) MessageSubmission(ctx context.Context, authorityID agora.ID, key string) (*agora.MessageSubmission, error) {
	var s agora.MessageSubmission
	var created int64
	err := db.reader().queryRow(ctx, `SELECT authority_id, idem_key, order_id, correspondence_id, request_digest, created_at
		FROM message_submissions WHERE authority_id = ? AND idem_key = ?`, authorityID, key).
		Scan(&s.AuthorityID, &s.Key, &s.OrderID, &s.CorrespondenceID, &s.RequestDigest, &created)
	if err != nil {
		return nil, wrap("select message submission", err)
	}
	s.CreatedAt = fromMillis(created)
	return &s, nil
}

// ChannelMessages implements agora.AuthorityStore.
func (db *channelTables) ChannelMessages(ctx context.Context, orderID, afterID agora.ID, limit int) ([]*agora.Correspondence, error) {
	limit = min(max(limit, 1), 200)
	list, err := queryList(ctx, db.reader(), "select channel messages", scanCorrespondence,
		`SELECT `+correspondenceColumns+` FROM correspondence
		WHERE order_id = ? AND channel = ? AND id > ? ORDER BY id LIMIT ?`,
		orderID, agora.ChannelAuthorityAPI, afterID, limit)
	if err != nil {
		return nil, err
	}
	return list, attachDocuments(ctx, db.reader(), orderID, list)
}

// OrderDocuments implements agora.AuthorityStore.
func (db *channelTables) OrderDocuments(ctx context.Context, orderID agora.ID) ([]*agora.Document, error) {
	return queryList(ctx, db.reader(), "select order documents", scanDocumentInfo,
		`SELECT `+documentInfoColumns+` FROM documents WHERE order_id = ? AND role IN (?, ?) ORDER BY id`,
		orderID, agora.DocumentAnnex, agora.DocumentOfOrder)
}
