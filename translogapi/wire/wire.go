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
