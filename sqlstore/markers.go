package sqlstore

import (
	"context"

	"agora"
)

// Markers returns the account's markers for the named timelines that exist, in
// timeline name order. No names, no markers.
func (db *accountTables) Markers(ctx context.Context, accountID agora.ID, timelines []string) ([]*agora.Marker, error) {
	list := []*agora.Marker{}
	if len(timelines) == 0 {
		return list, nil
	}
	rows, err := db.reader().query(ctx, `SELECT account_id, timeline, last_read_id, version, updated_at
		FROM markers WHERE account_id = ? AND `+db.d.in("timeline")+` ORDER BY timeline`,
		accountID, db.d.texts(timelines))
	if err != nil {
		return nil, wrap("select markers", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m agora.Marker
		var updated int64
		if err := rows.Scan(&m.AccountID, &m.Timeline, &m.LastReadID, &m.Version, &updated); err != nil {
			return nil, wrap("scan marker", err)
		}
		m.UpdatedAt = fromMillis(updated)
		list = append(list, &m)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("select markers", err)
	}
	return list, nil
}

// SaveMarker inserts or updates the marker of m.AccountID for m.Timeline in one
// statement. The version starts at 1 and grows by one with each save; m.Version is
// set to it. m.UpdatedAt is stored as the caller set it (the store reads no clock),
// normalized in place to UTC milliseconds. ENOTFOUND when the account does not exist.
func (db *accountTables) SaveMarker(ctx context.Context, m *agora.Marker) error {
	m.UpdatedAt = normalize(m.UpdatedAt)
	err := db.writer().queryRow(ctx, `INSERT INTO markers (account_id, timeline, last_read_id, version, updated_at)
		VALUES (?, ?, ?, 1, ?)
		ON CONFLICT (account_id, timeline) DO UPDATE SET
			last_read_id = excluded.last_read_id,
			version = markers.version + 1,
			updated_at = excluded.updated_at
		RETURNING version`, m.AccountID, m.Timeline, m.LastReadID, millis(m.UpdatedAt)).Scan(&m.Version)
	return wrap("save marker", err)
}
