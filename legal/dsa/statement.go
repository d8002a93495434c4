// Package dsa is the statement of reasons of the EU Digital Services Act as the
// Commission's DSA Transparency Database takes it (POST /api/v1/statement, or
// up to 100 at once with POST /api/v1/statements): its shape (Statement,
// Batch), and a check of a statement against the database's validation rules
// (Rules), read from a transcription of them, dsa-sor-rules.json, rather than
// copied into code. Standard library only.
package dsa

import "slices"

// MaxBatch is the most statements one POST /api/v1/statements takes.
const MaxBatch = 100

// Batch is the body of POST /api/v1/statements: all of its statements are
// created, or none.
type Batch struct {
	Statements []*Statement `json:"statements"`
}

// Statement is one statement of reasons: one moderation decision. It has the
// fields agora fills (the database takes more; see the rules file); optional
// ones are left out when empty, as the database drops them or takes them as
// null. Names and values are the database's.
type Statement struct {
	DecisionVisibility []string `json:"decision_visibility,omitempty"`
	DecisionAccount    string   `json:"decision_account,omitempty"`
	DecisionGround     string   `json:"decision_ground"`
	// With DecisionGround GroundIllegal.
	IllegalContentLegalGround string `json:"illegal_content_legal_ground,omitempty"`
	IllegalContentExplanation string `json:"illegal_content_explanation,omitempty"`
	// With DecisionGround GroundIncompatible.
	IncompatibleContentGround      string   `json:"incompatible_content_ground,omitempty"`
	IncompatibleContentExplanation string   `json:"incompatible_content_explanation,omitempty"`
	ContentType                    []string `json:"content_type"`
	ContentTypeOther               string   `json:"content_type_other,omitempty"` // with ContentOther
	Category                       string   `json:"category"`
	CategorySpecification          []string `json:"category_specification,omitempty"`
	TerritorialScope               []string `json:"territorial_scope,omitempty"`
	ContentDate                    string   `json:"content_date"`     // YYYY-MM-DD
	ApplicationDate                string   `json:"application_date"` // YYYY-MM-DD
	DecisionFacts                  string   `json:"decision_facts"`
	SourceType                     string   `json:"source_type"`
	SourceIdentity                 string   `json:"source_identity,omitempty"`
	AutomatedDetection             string   `json:"automated_detection"`
	AutomatedDecision              string   `json:"automated_decision"`
	PUID                           string   `json:"puid"`
}

// The values of the enumerations agora uses, as the database spells them.
const (
	VisibilityDisabled = "DECISION_VISIBILITY_CONTENT_DISABLED"
	VisibilityRemoved  = "DECISION_VISIBILITY_CONTENT_REMOVED"
	AccountSuspended   = "DECISION_ACCOUNT_SUSPENDED"

	GroundIllegal      = "DECISION_GROUND_ILLEGAL_CONTENT"
	GroundIncompatible = "DECISION_GROUND_INCOMPATIBLE_CONTENT"

	ContentText  = "CONTENT_TYPE_TEXT"
	ContentOther = "CONTENT_TYPE_OTHER"

	CategoryNotSpecified         = "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE"
	CategoryIntellectualProperty = "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS"
	CategoryTermsViolation       = "STATEMENT_CATEGORY_OTHER_VIOLATION_TC"
	KeywordCopyright             = "KEYWORD_COPYRIGHT_INFRINGEMENT"

	SourceOtherNotification = "SOURCE_TYPE_OTHER_NOTIFICATION"
	DetectionNo             = "No"
	NotAutomated            = "AUTOMATED_DECISION_NOT_AUTOMATED"
)

// DateFormat is the layout of the statement's dates (Y-m-d).
const DateFormat = "2006-01-02"

// Limits on the statement's text fields, in characters.
const (
	MaxShortText   = 500  // grounds, *_other fields, source_identity, puid
	MaxExplanation = 2000 // illegal_content_explanation, incompatible_content_explanation
	MaxFacts       = 5000 // decision_facts
)

// Territories are the codes territorial_scope takes: the 27 EU member states
// and Iceland, Liechtenstein and Norway (the EEA), sorted. The database drops
// any other code.
var Territories = []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR",
	"HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"}

// InTerritory reports whether the code is one of Territories.
func InTerritory(code string) bool {
	_, found := slices.BinarySearch(Territories, code)
	return found
}
