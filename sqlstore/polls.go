package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"agora"
)

// CreatePollStatus inserts s and its poll p as CreateStatus inserts s, in one
// transaction, with its notifications. s.HasPoll is set; p takes the ID and
// author of s.
func (db *statusTables) CreatePollStatus(ctx context.Context, s *agora.Status, p *agora.Poll, idempotencyKey string, notes ...*agora.Notification) error {
	s.HasPoll = true
	p.ID, p.AccountID = s.ID, s.AccountID
	return db.createStatus(ctx, s, idempotencyKey, p, notes)
}

// insertPoll inserts the poll p, with no votes.
func insertPoll(ctx context.Context, c conn, p *agora.Poll) error {
	p.ExpiresAt = normalize(p.ExpiresAt)
	p.EndedAt, p.VotesCount, p.VotersCount = time.Time{}, 0, 0
	p.OptionVotes = make([]int, len(p.Options))
	options, err := json.Marshal(p.Options)
	if err != nil {
		return wrap("encode poll options", err)
	}
	if _, err := c.exec(ctx, `INSERT INTO polls (status_id, account_id, options, multiple, hide_totals, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, p.ID, p.AccountID, string(options), p.Multiple, p.HideTotals, millis(p.ExpiresAt)); err != nil {
		return wrap("insert poll", err)
	}
	return nil
}

const pollColumns = `status_id, account_id, options, multiple, hide_totals, expires_at, ended_at`

func scanPoll(row scanner) (*agora.Poll, error) {
	var p agora.Poll
	var options string
	var expires, ended int64
	if err := row.Scan(&p.ID, &p.AccountID, &options, &p.Multiple, &p.HideTotals, &expires, &ended); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(options), &p.Options); err != nil {
		return nil, err
	}
	p.ExpiresAt = fromMillis(expires)
	if ended != 0 {
		p.EndedAt = fromMillis(ended)
	}
	p.OptionVotes = make([]int, len(p.Options))
	return &p, nil
}

// Polls returns the polls of the statuses with the IDs, with their counts, in
// three round trips.
func (db *statusTables) Polls(ctx context.Context, ids []agora.ID) (map[agora.ID]*agora.Poll, error) {
	out := map[agora.ID]*agora.Poll{}
	if len(ids) == 0 {
		return out, nil
	}
	c := db.reader()
	list, err := queryList(ctx, c, "select polls", scanPoll,
		`SELECT `+pollColumns+` FROM polls WHERE `+c.d.in("status_id"), c.d.ids(ids))
	if err != nil || len(list) == 0 {
		return out, err
	}
	found := make([]agora.ID, len(list))
	for i, p := range list {
		out[p.ID], found[i] = p, p.ID
	}
	counts, err := queryList(ctx, c, "count poll votes", func(row scanner) ([3]int64, error) {
		var r [3]int64
		err := row.Scan(&r[0], &r[1], &r[2])
		return r, err
	}, `SELECT status_id, choice, count(*) FROM poll_votes WHERE `+c.d.in("status_id")+`
		GROUP BY status_id, choice`, c.d.ids(found))
	if err != nil {
		return nil, err
	}
	for _, r := range counts {
		p := out[agora.ID(r[0])]
		if i := int(r[1]); i >= 0 && i < len(p.OptionVotes) {
			p.OptionVotes[i] = int(r[2])
			p.VotesCount += int(r[2])
		}
	}
	voters, err := queryList(ctx, c, "count poll voters", scanIDPair,
		`SELECT status_id, count(*) FROM poll_voters WHERE `+c.d.in("status_id")+` GROUP BY status_id`, c.d.ids(found))
	if err != nil {
		return nil, err
	}
	for _, v := range voters {
		out[v[0]].VotersCount = int(v[1])
	}
	return out, nil
}

// PollVotes returns the account's choices in each of the polls it voted in.
func (db *statusTables) PollVotes(ctx context.Context, accountID agora.ID, pollIDs []agora.ID) (map[agora.ID][]int, error) {
	out := map[agora.ID][]int{}
	if len(pollIDs) == 0 {
		return out, nil
	}
	c := db.reader()
	rows, err := queryList(ctx, c, "select poll votes", scanIDPair,
		`SELECT status_id, choice FROM poll_votes WHERE account_id = ? AND `+c.d.in("status_id")+`
		ORDER BY status_id, choice`, accountID, c.d.ids(pollIDs))
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r[0]] = append(out[r[0]], int(r[1]))
	}
	return out, nil
}

// Vote records the ballot: the voter's row first, whose key makes a second
// ballot ECONFLICT, then one row per choice.
func (db *statusTables) Vote(ctx context.Context, pollID, accountID agora.ID, choices []int, at time.Time) error {
	return db.inTx(ctx, func(c conn) error {
		var one int
		if err := c.queryRow(ctx, `SELECT 1 FROM polls WHERE status_id = ?`+c.d.forUpdate(), pollID).Scan(&one); err != nil {
			return wrap("select poll", err)
		}
		_, err := c.exec(ctx, `INSERT INTO poll_voters (status_id, account_id, created_at) VALUES (?, ?, ?)`,
			pollID, accountID, millis(normalize(at)))
		if _, ok := uniqueViolation(err); ok {
			return conflict("You have already voted on this poll.", err)
		}
		if err != nil {
			return wrap("insert poll voter", err)
		}
		rows := make([][]any, 0, len(choices))
		for _, ch := range unique(choices) {
			rows = append(rows, []any{pollID, accountID, ch})
		}
		if err := insertRows(ctx, c, `INSERT INTO poll_votes (status_id, account_id, choice)`, "", rows); err != nil {
			return wrap("insert poll votes", err)
		}
		return nil
	})
}

// EndablePolls returns polls expired at now whose end is not announced yet.
func (db *statusTables) EndablePolls(ctx context.Context, now time.Time, limit int) ([]*agora.Poll, error) {
	return queryList(ctx, db.reader(), "select endable polls", scanPoll,
		`SELECT `+pollColumns+` FROM polls WHERE ended_at = 0 AND expires_at <= ?
		ORDER BY expires_at, status_id LIMIT ?`, millis(now), limit)
}

// PollVoters returns the accounts that voted in the poll, by ID.
func (db *statusTables) PollVoters(ctx context.Context, pollID agora.ID) ([]agora.ID, error) {
	return queryList(ctx, db.reader(), "select poll voters", func(row scanner) (agora.ID, error) {
		var id agora.ID
		err := row.Scan(&id)
		return id, err
	}, `SELECT account_id FROM poll_voters WHERE status_id = ? ORDER BY account_id`, pollID)
}

// EndPoll claims the poll's end (ended_at from 0 to at) and inserts the
// notifications in the same transaction.
func (db *statusTables) EndPoll(ctx context.Context, pollID agora.ID, at time.Time, ns []*agora.Notification) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE polls SET ended_at = ? WHERE status_id = ? AND ended_at = 0`,
			millis(normalize(at)), pollID)
		if err != nil {
			return wrap("end poll", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return wrap("end poll", err)
		} else if n == 0 {
			var one int
			if err := c.queryRow(ctx, `SELECT 1 FROM polls WHERE status_id = ?`, pollID).Scan(&one); err != nil {
				return wrap("select poll", err)
			}
			return conflict("The poll's end was announced already.", nil)
		}
		return insertNotifications(ctx, c, ns)
	})
}

// updatePoll makes the poll of the status what u says, on c.
func updatePoll(ctx context.Context, c conn, u *agora.StatusUpdate) error {
	id := u.Status.ID
	if u.Poll == nil || u.ResetVotes {
		for _, table := range []string{"poll_votes", "poll_voters"} {
			if _, err := c.exec(ctx, `DELETE FROM `+table+` WHERE status_id = ?`, id); err != nil {
				return wrap("delete from "+table, err)
			}
		}
	}
	if u.Poll == nil {
		if _, err := c.exec(ctx, `DELETE FROM polls WHERE status_id = ?`, id); err != nil {
			return wrap("delete poll", err)
		}
		return nil
	}
	p := u.Poll
	p.ID, p.AccountID = id, u.Status.AccountID
	p.ExpiresAt = normalize(p.ExpiresAt)
	options, err := json.Marshal(p.Options)
	if err != nil {
		return wrap("encode poll options", err)
	}
	res, err := c.exec(ctx, `UPDATE polls SET options = ?, multiple = ?, hide_totals = ?, expires_at = ?, ended_at = 0
		WHERE status_id = ?`, string(options), p.Multiple, p.HideTotals, millis(p.ExpiresAt), id)
	if err != nil {
		return wrap("update poll", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap("update poll", err)
	} else if n == 0 {
		return insertPoll(ctx, c, p)
	}
	return nil
}
