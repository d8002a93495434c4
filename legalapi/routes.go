package legalapi

import (
	_ "embed"
	"net/http"
)

// Routes is the route table of the legal API.
func (a *API) Routes() []Route {
	return []Route{
		{"GET /api/v1/legal/openapi.json", "", serveOpenAPI},
		{"POST /api/v1/legal/authorities", "legal:write", a.createAuthority},
		{"GET /api/v1/legal/authorities", "legal:read", a.authorities},
		{"POST /api/v1/legal/orders", "legal:write", a.createOrder},
		{"GET /api/v1/legal/orders", "legal:read", a.orders},
		{"GET /api/v1/legal/orders/{id}", "legal:read", a.order},
		{"POST /api/v1/legal/orders/{id}/targets", "legal:write", a.addTargets},
		{"GET /api/v1/legal/orders/{id}/targets", "legal:read", a.targets},
		{"POST /api/v1/legal/orders/{id}/decisions", "legal:write", a.decide(false)},
		{"POST /api/v1/legal/orders/{id}/decisions/preview", "legal:read", a.decide(true)},
		{"GET /api/v1/legal/orders/{id}/decisions", "legal:read", a.decisions},
		{"POST /api/v1/legal/orders/{id}/acknowledge", "legal:write", a.acknowledge},
		{"POST /api/v1/legal/orders/{id}/state", "legal:write", a.setState},
		{"POST /api/v1/legal/orders/{id}/assign", "legal:write", a.assign},
		{"POST /api/v1/legal/orders/{id}/notices", "legal:write", a.addNotice},
		{"GET /api/v1/legal/orders/{id}/notices", "legal:read", a.notices},
		{"POST /api/v1/legal/orders/{id}/correspondence", "legal:write", a.addCorrespondence},
		{"GET /api/v1/legal/orders/{id}/correspondence", "legal:read", a.correspondence},
		{"GET /api/v1/legal/documents/{id}", "legal:read", a.document},
		{"GET /api/v1/legal/audit", "legal:read", a.audit},
	}
}

//go:embed openapi.json
var openAPI []byte

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openAPI)
	return nil
}
