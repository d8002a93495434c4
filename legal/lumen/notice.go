// Package lumen is the shape of a government request as the Lumen database
// (lumendatabase.org) takes it from platforms that publish copies of the legal
// demands they receive, and the checks Lumen applies to it (legal/FORMATS.md
// section 4). Standard library only.
package lumen

import (
	"fmt"
	"slices"
	"time"
)

// Submission is the body Lumen takes: one notice.
type Submission struct {
	Notice *Notice `json:"notice"`
}

// Notice is a government request.
type Notice struct {
	Type    string `json:"type"` // always TypeGovernmentRequest
	Title   string `json:"title"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
	// DateSent is when the authority sent the request, YYYY-MM-DD; nil when
	// not known.
	DateSent     *string `json:"date_sent"`
	DateReceived string  `json:"date_received"` // YYYY-MM-DD
	// Source is the channel the request arrived by ("Email", "Online Form", ...).
	Source string `json:"source"`
	// JurisdictionList and RegulationList are comma-separated lists: country
	// codes, and the laws cited.
	JurisdictionList string `json:"jurisdiction_list"`
	RegulationList   string `json:"regulation_list"`
	// Language is the request's language (ISO 639-1); nil when not known.
	Language    *string `json:"language"`
	ActionTaken string  `json:"action_taken"` // one of ActionTakenValues, for the whole request
	RequestType string  `json:"request_type"` // one of RequestTypes
	Roles       []*Role `json:"entity_notice_roles_attributes"`
	Works       []*Work `json:"works_attributes"`
}

// Role is a party of the notice: its sender or its recipient.
type Role struct {
	Name   string  `json:"name"` // RoleSender or RoleRecipient
	Entity *Entity `json:"entity_attributes"`
}

// Entity is who a party is.
type Entity struct {
	Name        string `json:"name"`
	Kind        string `json:"kind"`                   // KindOrganization or KindIndividual
	CountryCode string `json:"country_code,omitempty"` // ISO 3166-1 alpha-2; left out when not known
}

// Work is a group of items the request names, of one kind, with their URLs.
type Work struct {
	Description string `json:"description"`
	Kind        string `json:"kind"`
	URLs        []*URL `json:"infringing_urls_attributes"`
}

// URL is one item's address.
type URL struct {
	URL string `json:"url"`
}

// Values Lumen knows.
const (
	TypeGovernmentRequest = "GovernmentRequest"
	RoleSender            = "sender"
	RoleRecipient         = "recipient"
	KindOrganization      = "organization"
	KindIndividual        = "individual"
	RequestAgency         = "Agency"
	DateFormat            = "2006-01-02"
)

// Values of action_taken.
const (
	ActionYes         = "Yes"
	ActionNo          = "No"
	ActionPartial     = "Partial"
	ActionUnspecified = "Unspecified"
)

// ActionTakenValues and RequestTypes are the values action_taken and
// request_type take.
var (
	ActionTakenValues = []string{ActionYes, ActionNo, ActionPartial, ActionUnspecified}
	RequestTypes      = []string{RequestAgency, "Civil Subpoena", "Email", "Records Preservation", "Subpoena", "Warrant"}
)

// FirstDate is the earliest date Lumen takes: the day after 1998-10-28 (the
// DMCA's enactment).
var FirstDate = time.Date(1998, 10, 29, 0, 0, 0, 0, time.UTC)

// Check returns what is wrong with the notice for Lumen at now, naming the
// field, or nil: the type, the enumerations, a sender and a recipient of known
// kinds, and dates written YYYY-MM-DD after 1998-10-28 and not in the future.
func (n *Notice) Check(now time.Time) error {
	if n.Type != TypeGovernmentRequest {
		return fmt.Errorf("type: %q is not %s", n.Type, TypeGovernmentRequest)
	}
	if n.Title == "" {
		return fmt.Errorf("title: empty")
	}
	if !slices.Contains(ActionTakenValues, n.ActionTaken) {
		return fmt.Errorf("action_taken: %q is not one of %v", n.ActionTaken, ActionTakenValues)
	}
	if !slices.Contains(RequestTypes, n.RequestType) {
		return fmt.Errorf("request_type: %q is not one of %v", n.RequestType, RequestTypes)
	}
	today := now.UTC().Format(DateFormat)
	dates := map[string]string{"date_received": n.DateReceived}
	if n.DateSent != nil {
		dates["date_sent"] = *n.DateSent
	}
	for _, name := range []string{"date_sent", "date_received"} {
		d, ok := dates[name]
		if !ok {
			continue
		}
		t, err := time.Parse(DateFormat, d)
		switch {
		case err != nil:
			return fmt.Errorf("%s: %q is not a date written YYYY-MM-DD", name, d)
		case t.Before(FirstDate):
			return fmt.Errorf("%s: %s is not after 1998-10-28", name, d)
		case d > today:
			return fmt.Errorf("%s: %s is in the future", name, d)
		}
	}
	roles := map[string]bool{}
	for i, r := range n.Roles {
		switch {
		case r.Name != RoleSender && r.Name != RoleRecipient:
			return fmt.Errorf("entity_notice_roles_attributes[%d].name: %q is not sender or recipient", i, r.Name)
		case r.Entity == nil || r.Entity.Name == "":
			return fmt.Errorf("entity_notice_roles_attributes[%d]: the %s has no name", i, r.Name)
		case r.Entity.Kind != KindOrganization && r.Entity.Kind != KindIndividual:
			return fmt.Errorf("entity_notice_roles_attributes[%d].entity_attributes.kind: %q is not organization or individual", i, r.Entity.Kind)
		case roles[r.Name]:
			return fmt.Errorf("entity_notice_roles_attributes[%d]: a second %s", i, r.Name)
		}
		roles[r.Name] = true
	}
	if !roles[RoleRecipient] {
		return fmt.Errorf("entity_notice_roles_attributes: no recipient")
	}
	for i, w := range n.Works {
		if w.Description == "" || w.Kind == "" {
			return fmt.Errorf("works_attributes[%d]: description and kind are required", i)
		}
	}
	return nil
}
