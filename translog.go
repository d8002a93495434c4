package agora

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// The transparency log (DESIGN section 7): every withholding and every lift is an
// entry of a Merkle-tree log, written in the same transaction as the rule change it
// records. This file holds what an entry says and how it is written; the tree, the
// checkpoints and the tiles are package translog's.

// LogAction is what a log entry records. Stored; the list is append-only.
type LogAction string

// Log actions.
const (
	LogWithhold LogAction = "withhold" // a rule was created: the subject is withheld in the countries
	LogLift     LogAction = "lift"     // the rule was lifted
)

// LogEntry is one entry of the transparency log. Its canonical JSON (Canonical)
// is the record whose hash is the tree's leaf.
//
// For a rule that is sealed (Rule.Sealed) at the entry's time, Subject and Order
// are empty and Commitment holds a salted SHA-256 commitment to them (see
// LogOpening); the opening is published once the order may be.
type LogEntry struct {
	Index     int64 // the entry's position in the log, from 0
	Time      time.Time
	Action    LogAction
	RuleID    ID
	Subject   string   // the URL of the account, status or hashtag; "" when committed
	Countries []string // as the rule has them
	Reason    WithholdReason
	// Order is the number of the order the rule gives effect to ("2026-000042");
	// "" for a rule without an order, or when committed.
	Order      string
	Commitment string // lowercase hex SHA-256; "" unless sealed
}

// logTimeFormat is the entry's time: RFC 3339 in UTC to the millisecond.
const logTimeFormat = "2006-01-02T15:04:05.000Z"

// MaxLogEntrySize bounds an entry's canonical JSON: an entry bundle (C2SP
// tlog-tiles) prefixes each entry with its length in two bytes.
const MaxLogEntrySize = 65535

// logEntryJSON is the canonical form: keys in lexicographic order, empty
// optional members left out.
type logEntryJSON struct {
	Action     LogAction      `json:"action"`
	Commitment string         `json:"commitment,omitempty"`
	Countries  []string       `json:"countries"`
	Index      int64          `json:"index"`
	Order      string         `json:"order,omitempty"`
	Reason     WithholdReason `json:"reason"`
	Rule       string         `json:"rule"`
	Subject    string         `json:"subject,omitempty"`
	Time       string         `json:"time"`
}

// Canonical returns the entry's canonical JSON: one object without whitespace,
// its members in lexicographic order of their keys, empty optional members
// (commitment, order, subject) left out, and no HTML escaping; for the values an
// entry holds (strings, integers) this is the JSON Canonicalization Scheme of RFC
// 8785. The same entry always gives the same bytes.
func (e *LogEntry) Canonical() []byte {
	countries := e.Countries
	if countries == nil {
		countries = []string{}
	}
	return canonicalJSON(logEntryJSON{
		Action: e.Action, Commitment: e.Commitment, Countries: countries, Index: e.Index,
		Order: e.Order, Reason: e.Reason, Rule: e.RuleID.String(), Subject: e.Subject,
		Time: e.Time.UTC().Format(logTimeFormat),
	})
}

// canonicalJSON encodes v (a struct whose fields are in key order) without HTML
// escaping and without the encoder's trailing newline.
func canonicalJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("agora: canonical JSON: %v", err)) // strings and integers always encode
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// ParseLogEntry reads an entry from its canonical JSON. EINVALID when data is not
// an entry or not in canonical form (re-encoding it gives other bytes), saying why.
func ParseLogEntry(data []byte) (*LogEntry, error) {
	var j logEntryJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return nil, Errorf(EINVALID, "not a log entry: %v", err)
	}
	t, err := time.Parse(logTimeFormat, j.Time)
	if err != nil {
		return nil, Errorf(EINVALID, "log entry: time %q is not RFC 3339 UTC to the millisecond", truncate(j.Time, 40))
	}
	rule, err := strconv.ParseInt(j.Rule, 10, 64)
	if err != nil {
		return nil, Errorf(EINVALID, "log entry: rule %q is not an ID", truncate(j.Rule, 40))
	}
	e := &LogEntry{Index: j.Index, Time: t, Action: j.Action, RuleID: ID(rule), Subject: j.Subject,
		Countries: j.Countries, Reason: j.Reason, Order: j.Order, Commitment: j.Commitment}
	switch {
	case e.Action != LogWithhold && e.Action != LogLift:
		return nil, Errorf(EINVALID, "log entry: unknown action %q", truncate(string(e.Action), 20))
	case e.Commitment != "" && (e.Subject != "" || e.Order != ""):
		return nil, Errorf(EINVALID, "log entry: a committed entry names its subject or order")
	case e.Commitment == "" && e.Subject == "":
		return nil, Errorf(EINVALID, "log entry: no subject and no commitment")
	case !bytes.Equal(e.Canonical(), data):
		return nil, Errorf(EINVALID, "log entry: not in canonical form")
	}
	return e, nil
}

// LogOpening opens the commitment of a sealed entry: the salt and the values
// committed to.
type LogOpening struct {
	Index   int64
	Salt    []byte // 32 random bytes, kept private until the opening is published
	Subject string
	Order   string
}

// LogSaltSize is the length of a commitment's salt.
const LogSaltSize = 32

// Commitment returns the commitment the opening opens: the lowercase hex SHA-256
// of the salt followed by the canonical JSON {"order":...,"subject":...} (both
// members always present, order "" for none).
func (o *LogOpening) Commitment() string {
	h := sha256.New()
	h.Write(o.Salt)
	h.Write(canonicalJSON(struct {
		Order   string `json:"order"`
		Subject string `json:"subject"`
	}{o.Order, o.Subject}))
	return hex.EncodeToString(h.Sum(nil))
}

// NewLogEntry returns the entry at index recording action on r at the time at,
// with the subject's URL and the order's number ("" for none). When r is sealed
// at that time the entry holds the commitment to both made with salt (LogSaltSize
// random bytes), and the opening to publish later is returned; otherwise the
// opening is nil and salt is not used.
func NewLogEntry(index int64, r *Rule, action LogAction, at time.Time, subject, order string, salt []byte) (*LogEntry, *LogOpening) {
	e := &LogEntry{Index: index, Time: at.UTC().Truncate(time.Millisecond), Action: action, RuleID: r.ID,
		Countries: slices.Clone(r.Countries), Reason: r.Reason}
	if !r.Sealed(at) {
		e.Subject, e.Order = subject, order
		return e, nil
	}
	o := &LogOpening{Index: index, Salt: salt, Subject: subject, Order: order}
	e.Commitment = o.Commitment()
	return e, o
}

// LogEntryPath is the path, under the instance's base URL, at which the log
// serves the entry at index with the proof of its inclusion in a signed
// checkpoint (docs/TRANSPARENCY.md).
const LogEntryPath = "/api/v1/transparency/log/entries/"

// LogEntryURL is the address of the log entry at index on the instance at base
// (without a trailing slash): what a 451 and a withheld marker name.
func LogEntryURL(base string, index int64) string {
	return base + LogEntryPath + strconv.FormatInt(index, 10)
}

// SubjectURL is the public URL of a rule's subject on the instance at base
// (without a trailing slash): base/@user for an account, base/@user/ID for a
// status by user, base/tags/name for a hashtag. Without the username (an account
// or status no longer there) an account is base/web/accounts/ID and a status
// base/web/statuses/ID.
func SubjectURL(base string, kind SubjectKind, username string, id ID, hashtag string) string {
	switch {
	case kind == SubjectHashtag:
		return base + "/tags/" + hashtag
	case kind == SubjectAccount && username != "":
		return base + "/@" + username
	case kind == SubjectAccount:
		return base + "/web/accounts/" + id.String()
	case username != "":
		return base + "/@" + username + "/" + id.String()
	}
	return base + "/web/statuses/" + id.String()
}
