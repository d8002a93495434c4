package httpx

import "strconv"

// Gate says what a route serves and so which gate stands in front of it. Every
// entry of a surface's route table states one; route tests read it and fail for
// GateUnset, and walk every GateContent route with withheld fixtures.
type Gate int

const (
	// GateUnset is the zero value: the route has not been classified. No route
	// may keep it.
	GateUnset Gate = iota
	// GateNone: the route serves no statuses, accounts or hashtags of others
	// (OAuth, markers, instance metadata, placeholders, writes that answer nothing
	// content-bearing), so withholding has nothing to act on.
	GateNone
	// GateContent: the route serves statuses, accounts or hashtags to a viewer,
	// or acts on them and answers with them. It must read them through the
	// visibility gate, so that a withheld item answers 451 or is left out.
	GateContent
	// GateStaff: the route serves content to legal staff only, ungated by
	// withholding (staff must see what they withhold). The surface's guard must
	// admit only staff accounts to it: the legal API.
	GateStaff
	// GateAuthority: the route serves an authority its own orders and what became
	// of the items it named, and nothing of anyone else's (no statuses, accounts
	// or staff). The surface's guard must admit only authority tokens and read
	// through the desk's methods for an authority: the authority API.
	GateAuthority
)

// String returns the constant's name without the "Gate" prefix, e.g. "content".
func (g Gate) String() string {
	switch g {
	case GateUnset:
		return "unset"
	case GateNone:
		return "none"
	case GateContent:
		return "content"
	case GateStaff:
		return "staff"
	case GateAuthority:
		return "authority"
	}
	return "Gate(" + strconv.Itoa(int(g)) + ")"
}
