package sqlstore

import (
	"context"

	"agora"
)

// Target returns the target with the ID, of whichever order. ENOTFOUND when
// there is none.
func (db *legalTables) Target(ctx context.Context, id agora.ID) (*agora.Target, error) {
	t, err := scanTarget(db.reader().queryRow(ctx, `SELECT `+targetColumns+` FROM targets WHERE id = ?`, id))
	if err != nil {
		return nil, wrap("select target", err)
	}
	return t, nil
}

// AssignTarget assigns the target to the staff account to (0: nobody) and
// inserts the events, in one transaction. ENOTFOUND when the target or the
// account does not exist; nothing changes then.
func (db *legalTables) AssignTarget(ctx context.Context, id, to agora.ID, events []*agora.AuditEvent) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE targets SET assigned_to = ? WHERE id = ?`, nullID(to), id)
		if err != nil {
			return wrap("assign target", err)
		}
		if err := mustAffect("assign target", res); err != nil {
			return err
		}
		return insertAudit(ctx, c, events)
	})
}

// SubjectDecisions returns the decisions on the targets, of every order but
// exceptOrder (0: none), that name one of the subjects, with the subject and the
// order's number, oldest first (by CreatedAt, then ID). Subjects of an unknown
// kind name nothing. One round trip; the query's text does not depend on the
// subjects, and each kind is looked up in the index targets_subject.
func (db *legalTables) SubjectDecisions(ctx context.Context, subjects []agora.Subject, exceptOrder agora.ID) ([]*agora.SubjectDecision, error) {
	accounts, statuses, tags := []agora.ID{}, []agora.ID{}, []string{}
	for _, s := range subjects {
		switch s.Kind {
		case agora.SubjectAccount:
			accounts = append(accounts, s.ID)
		case agora.SubjectStatus:
			statuses = append(statuses, s.ID)
		case agora.SubjectHashtag:
			tags = append(tags, s.Hashtag)
		}
	}
	if len(accounts)+len(statuses)+len(tags) == 0 {
		return []*agora.SubjectDecision{}, nil
	}
	d := db.d
	// The decisions of each matching target, in the order of the subject's
	// kind; the columns of decisionColumns, qualified.
	cols := `dc.id, dc.order_id, dc.target_id, dc.action, dc.countries, dc.reason, dc.reason_code,
		dc.note, dc.actor_id, dc.created_at`
	return queryList(ctx, db.reader(), "select decisions on subjects", func(row scanner) (*agora.SubjectDecision, error) {
		sd := &agora.SubjectDecision{}
		var dec agora.Decision
		var countries string
		var created int64
		err := row.Scan(&dec.ID, &dec.OrderID, &dec.TargetID, &dec.Action, &countries, &dec.Reason, &dec.ReasonCode,
			&dec.Note, &dec.ActorID, &created, &sd.Subject.Kind, &sd.Subject.ID, &sd.Subject.Hashtag, &sd.OrderNumber)
		dec.Countries, dec.CreatedAt = splitCountries(countries), fromMillis(created)
		sd.Decision = &dec
		return sd, err
	}, `SELECT `+cols+`, t.kind, t.subject_id, t.hashtag, o.number
		FROM targets t
		JOIN decisions dc ON dc.target_id = t.id
		JOIN orders o ON o.id = t.order_id
		WHERE t.id IN (
			SELECT id FROM targets WHERE kind = ? AND `+d.in(`subject_id`)+`
			UNION ALL
			SELECT id FROM targets WHERE kind = ? AND `+d.in(`subject_id`)+`
			UNION ALL
			SELECT id FROM targets WHERE kind = ? AND subject_id = 0 AND `+d.in(`hashtag`)+`
		) AND t.order_id <> ?
		ORDER BY dc.created_at, dc.id`,
		string(agora.SubjectAccount), d.ids(accounts), string(agora.SubjectStatus), d.ids(statuses),
		string(agora.SubjectHashtag), d.texts(tags), exceptOrder)
}
