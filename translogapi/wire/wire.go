// Package wire holds the JSON shapes of the transparency log's API, written once
// for the server (translogapi) and its client.
package wire

// Opening is GET /api/v1/transparency/log/openings/{index}: the values a
// committed entry commits to and the salt, so that anyone can recompute the
// commitment: lowercase hex SHA-256 of the salt's bytes followed by the canonical
// JSON {"order":"<order>","subject":"<subject>"}.
type Opening struct {
	Index      int64  `json:"index"`
	Commitment string `json:"commitment"` // as the entry holds it
	Salt       string `json:"salt"`       // lowercase hex, 32 bytes
	Subject    string `json:"subject"`
	Order      string `json:"order"` // "" for a rule without an order
}

// Entry is GET /api/v1/transparency/log/entries/{index}, the address a 451 and
// a withheld marker name (agora.LogEntryURL): the entry and the proof of its
// inclusion in the tree of the log's signed checkpoint, so that it can be
// checked against the log's key alone. The entry's record hash (SHA-256 of 0x00
// and its bytes) is the tree's leaf at index; proof is the RFC 6962 audit path
// from that leaf to the checkpoint's root hash, as golang.org/x/mod/sumdb/tlog
// gives and checks it (ProveRecord, CheckRecord).
type Entry struct {
	Index      int64    `json:"index"`
	Entry      string   `json:"entry"`      // the entry's canonical JSON, exactly as hashed
	Checkpoint string   `json:"checkpoint"` // the signed checkpoint (a note), with witnesses' cosignatures
	Proof      []string `json:"proof"`      // the audit path: standard base64 hashes, leaf side first
}
