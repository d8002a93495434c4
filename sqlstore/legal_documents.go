package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"agora"
)

const noticeColumns = `id, order_id, kind, received_at, deadline, summary, document_id, created_by, created_at, answered_at`

func scanNotice(row scanner) (*agora.OrderNotice, error) {
	var n agora.OrderNotice
	var received, created int64
	var deadline, answered sql.NullInt64
	err := row.Scan(&n.ID, &n.OrderID, &n.Kind, &received, &deadline, &n.Summary, &n.DocumentID,
		&n.CreatedBy, &created, &answered)
	if err != nil {
		return nil, err
	}
	n.ReceivedAt, n.Deadline, n.CreatedAt = fromMillis(received), fromNullMillis(deadline), fromMillis(created)
	n.AnsweredAt = fromNullMillis(answered)
	return &n, nil
}

// CreateOrderNotice inserts the notice and the events in one transaction; their
// times are normalized in place. ENOTFOUND when the order does not exist,
// ECONFLICT when the ID is taken.
func (db *legalTables) CreateOrderNotice(ctx context.Context, n *agora.OrderNotice, events []*agora.AuditEvent) error {
	return db.inTx(ctx, func(c conn) error {
		if err := insertNotice(ctx, c, n); err != nil {
			return err
		}
		return insertAudit(ctx, c, events)
	})
}

// insertNotice inserts n, its times normalized in place.
func insertNotice(ctx context.Context, c conn, n *agora.OrderNotice) error {
	n.ReceivedAt, n.Deadline, n.CreatedAt = normalize(n.ReceivedAt), normalize(n.Deadline), normalize(n.CreatedAt)
	n.AnsweredAt = normalize(n.AnsweredAt)
	_, err := c.exec(ctx, `INSERT INTO order_notices (`+noticeColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.ID, n.OrderID, string(n.Kind), millis(n.ReceivedAt), nullMillis(n.Deadline), n.Summary,
		n.DocumentID, n.CreatedBy, millis(n.CreatedAt), nullMillis(n.AnsweredAt))
	return wrap("insert order notice", err)
}

// OrderNotices returns the order's notices in the order received (then by ID).
func (db *legalTables) OrderNotices(ctx context.Context, orderID agora.ID) ([]*agora.OrderNotice, error) {
	return queryList(ctx, db.reader(), "select order notices", scanNotice,
		`SELECT `+noticeColumns+` FROM order_notices WHERE order_id = ? ORDER BY received_at, id`, orderID)
}

// OrderNotice returns the notice with the ID. ENOTFOUND when there is none.
func (db *legalTables) OrderNotice(ctx context.Context, id agora.ID) (*agora.OrderNotice, error) {
	n, err := scanNotice(db.reader().queryRow(ctx, `SELECT `+noticeColumns+` FROM order_notices WHERE id = ?`, id))
	if err != nil {
		return nil, wrap("select order notice", err)
	}
	return n, nil
}

// AnswerNotice marks the notice answered at the time (normalized) and inserts
// the events, in one transaction. ENOTFOUND when there is no such notice,
// ECONFLICT when it is already answered; nothing is stored then.
func (db *legalTables) AnswerNotice(ctx context.Context, id agora.ID, at time.Time, events []*agora.AuditEvent) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE order_notices SET answered_at = ? WHERE id = ? AND answered_at IS NULL`,
			millis(normalize(at)), id)
		if err != nil {
			return wrap("answer notice", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("answer notice: %w", err)
		} else if n == 0 {
			var one int
			if err := c.queryRow(ctx, `SELECT 1 FROM order_notices WHERE id = ?`, id).Scan(&one); err != nil {
				return wrap("select order notice", err)
			}
			return agora.Errorf(agora.ECONFLICT, "The notice is already answered.")
		}
		return insertAudit(ctx, c, events)
	})
}

const correspondenceColumns = `id, order_id, direction, channel, date, parties, summary, document_id, created_by, created_at, notice_id`

func scanCorrespondence(row scanner) (*agora.Correspondence, error) {
	var m agora.Correspondence
	var date, created int64
	err := row.Scan(&m.ID, &m.OrderID, &m.Direction, &m.Channel, &date, &m.Parties, &m.Summary,
		&m.DocumentID, &m.CreatedBy, &created, &m.NoticeID)
	if err != nil {
		return nil, err
	}
	m.Date, m.CreatedAt = fromMillis(date), fromMillis(created)
	return &m, nil
}

// CreateCorrespondence inserts the message with its documents and the events in
// one transaction; their times are normalized in place, the documents' OrderID,
// CorrespondenceID, SHA256 and Size set. ENOTFOUND when the order does not
// exist, ECONFLICT when an ID is taken, EINVALID for a document larger than
// agora.MaxDocumentBytes.
func (db *legalTables) CreateCorrespondence(ctx context.Context, m *agora.Correspondence, events []*agora.AuditEvent) error {
	return db.inTx(ctx, func(c conn) error {
		if err := insertCorrespondence(ctx, c, m); err != nil {
			return err
		}
		return insertAudit(ctx, c, events)
	})
}

// insertCorrespondence inserts m and its documents, normalized in place.
func insertCorrespondence(ctx context.Context, c conn, m *agora.Correspondence) error {
	m.Date, m.CreatedAt = normalize(m.Date), normalize(m.CreatedAt)
	_, err := c.exec(ctx, `INSERT INTO correspondence (`+correspondenceColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.OrderID, m.Direction, m.Channel, millis(m.Date), m.Parties, m.Summary,
		m.DocumentID, m.CreatedBy, millis(m.CreatedAt), m.NoticeID)
	if err != nil {
		return wrap("insert correspondence", err)
	}
	for _, d := range m.Documents {
		d.OrderID, d.CorrespondenceID, d.Role = m.OrderID, m.ID, agora.DocumentAttached
		if err := insertDocument(ctx, c, d); err != nil {
			return err
		}
	}
	return nil
}

// Correspondence returns the order's messages by date (then by ID), each with
// its documents' metadata.
func (db *legalTables) Correspondence(ctx context.Context, orderID agora.ID) ([]*agora.Correspondence, error) {
	list, err := queryList(ctx, db.reader(), "select correspondence", scanCorrespondence,
		`SELECT `+correspondenceColumns+` FROM correspondence WHERE order_id = ? ORDER BY date, id`, orderID)
	if err != nil {
		return nil, err
	}
	return list, attachDocuments(ctx, db.reader(), orderID, list)
}

// attachDocuments gives each message of the order its documents' metadata, by ID.
func attachDocuments(ctx context.Context, c conn, orderID agora.ID, list []*agora.Correspondence) error {
	if len(list) == 0 {
		return nil
	}
	docs, err := queryList(ctx, c, "select documents of messages", scanDocumentInfo,
		`SELECT `+documentInfoColumns+` FROM documents WHERE order_id = ? AND correspondence_id <> 0 ORDER BY id`, orderID)
	if err != nil {
		return err
	}
	byMessage := make(map[agora.ID][]*agora.Document, len(list))
	for _, d := range docs {
		byMessage[d.CorrespondenceID] = append(byMessage[d.CorrespondenceID], d)
	}
	for _, m := range list {
		m.Documents = byMessage[m.ID]
	}
	return nil
}

// documentInfoColumns are a document's columns but its data.
const documentInfoColumns = `id, order_id, name, content_type, size, sha256, created_at, correspondence_id, role`

// scanDocumentInfo scans a document's metadata (documentInfoColumns).
func scanDocumentInfo(row scanner) (*agora.Document, error) {
	var d agora.Document
	var created int64
	if err := row.Scan(&d.ID, &d.OrderID, &d.Name, &d.ContentType, &d.Size, &d.SHA256, &created, &d.CorrespondenceID, &d.Role); err != nil {
		return nil, err
	}
	d.CreatedAt = fromMillis(created)
	return &d, nil
}

const documentColumns = documentInfoColumns + `, data`

// CreateDocument inserts d, with the SHA-256 and size of its data, which it sets
// in place (d.SHA256 in lowercase hex), with d.CreatedAt normalized. EINVALID when
// d.SHA256 is set and is not the digest of the data, or the data is larger than
// agora.MaxDocumentBytes (agora.MaxAnnexBytes for an annex); ECONFLICT when the ID
// is taken.
func (db *legalTables) CreateDocument(ctx context.Context, d *agora.Document) error {
	return insertDocument(ctx, db.writer(), d)
}

// insertDocument inserts d as CreateDocument does.
func insertDocument(ctx context.Context, c conn, d *agora.Document) error {
	limit := agora.MaxDocumentBytes
	if d.Role == agora.DocumentAnnex {
		limit = agora.MaxAnnexBytes
	}
	if len(d.Data) > limit {
		return agora.Errorf(agora.EINVALID, "The document is larger than %d MiB.", limit>>20)
	}
	sum := sha256.Sum256(d.Data)
	digest := hex.EncodeToString(sum[:])
	if d.SHA256 != "" && !strings.EqualFold(d.SHA256, digest) {
		return agora.Errorf(agora.EINVALID, "The document's SHA-256 does not match its data.")
	}
	data := d.Data
	if data == nil {
		data = []byte{} // NOT NULL: an empty document has empty data
	}
	d.SHA256, d.Size, d.CreatedAt = digest, len(d.Data), normalize(d.CreatedAt)
	_, err := c.exec(ctx, `INSERT INTO documents (`+documentColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.OrderID, d.Name, d.ContentType, d.Size, d.SHA256, millis(d.CreatedAt), d.CorrespondenceID, d.Role, data)
	return wrap("insert document", err)
}

// Document returns the document with the ID, with its data. ENOTFOUND when there
// is none.
func (db *legalTables) Document(ctx context.Context, id agora.ID) (*agora.Document, error) {
	var d agora.Document
	var created int64
	err := db.reader().queryRow(ctx, `SELECT `+documentColumns+` FROM documents WHERE id = ?`, id).
		Scan(&d.ID, &d.OrderID, &d.Name, &d.ContentType, &d.Size, &d.SHA256, &created, &d.CorrespondenceID, &d.Role, &d.Data)
	if err != nil {
		return nil, wrap("select document", err)
	}
	d.CreatedAt = fromMillis(created)
	return &d, nil
}
