package wire

import (
	"agora/legal/dsa"
	"agora/legal/lumen"
)

// The exports answer in the formats of Lumen and of the DSA Transparency
// Database, which those services define; they are written once, in packages
// legal/lumen and legal/dsa, so that an answer can be sent on as it is.
type (
	// LumenSubmission is an order as a Lumen GovernmentRequest notice.
	LumenSubmission = lumen.Submission
	// DSAStatements is a batch of statements of reasons: a body of the
	// database's POST /api/v1/statements.
	DSAStatements = dsa.Batch
)
