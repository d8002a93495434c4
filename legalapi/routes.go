package legalapi

import (
	_ "embed"
	"net/http"

	"agora/internal/httpx"
)

// Routes is the route table of the legal API. Every route but the public OpenAPI
// document is GateStaff and has a legal scope, so the guard admits staff only.
func (a *API) Routes() []Route {
	return []Route{
		{"GET /api/v1/legal/openapi.json", "", httpx.GateNone, serveOpenAPI},
		{"POST /api/v1/legal/authorities", "legal:write", httpx.GateStaff, a.createAuthority},
		{"GET /api/v1/legal/authorities", "legal:read", httpx.GateStaff, a.authorities},
		{"GET /api/v1/legal/authorities/{id}/webhooks", "legal:read", httpx.GateStaff, a.authorityWebhooks},
		{"GET /api/v1/legal/webhooks/{id}/deliveries", "legal:read", httpx.GateStaff, a.webhookDeliveries},
		{"DELETE /api/v1/legal/webhooks/{id}", "legal:write", httpx.GateStaff, a.disableWebhook},
		{"POST /api/v1/legal/orders", "legal:write", httpx.GateStaff, a.createOrder},
		{"GET /api/v1/legal/orders", "legal:read", httpx.GateStaff, a.orders},
		{"GET /api/v1/legal/orders/{id}", "legal:read", httpx.GateStaff, a.order},
		{"POST /api/v1/legal/orders/{id}/targets", "legal:write", httpx.GateStaff, a.addTargets},
		{"GET /api/v1/legal/orders/{id}/targets", "legal:read", httpx.GateStaff, a.targets},
		{"POST /api/v1/legal/targets/{id}/assign", "legal:write", httpx.GateStaff, a.assignTarget},
		{"POST /api/v1/legal/orders/{id}/decisions", "legal:write", httpx.GateStaff, a.decide(false)},
		{"POST /api/v1/legal/orders/{id}/decisions/preview", "legal:read", httpx.GateStaff, a.decide(true)},
		{"GET /api/v1/legal/orders/{id}/decisions", "legal:read", httpx.GateStaff, a.decisions},
		{"POST /api/v1/legal/orders/{id}/acknowledge", "legal:write", httpx.GateStaff, a.acknowledge},
		{"POST /api/v1/legal/orders/{id}/state", "legal:write", httpx.GateStaff, a.setState},
		{"POST /api/v1/legal/orders/{id}/assign", "legal:write", httpx.GateStaff, a.assign},
		{"POST /api/v1/legal/orders/{id}/notices", "legal:write", httpx.GateStaff, a.addNotice},
		{"GET /api/v1/legal/orders/{id}/notices", "legal:read", httpx.GateStaff, a.notices},
		{"POST /api/v1/legal/notices/{id}/answer", "legal:write", httpx.GateStaff, a.answerNotice},
		{"POST /api/v1/legal/appeals/{id}/answer", "legal:write", httpx.GateStaff, a.answerAppeal},
		{"POST /api/v1/legal/orders/{id}/correspondence", "legal:write", httpx.GateStaff, a.addCorrespondence},
		{"GET /api/v1/legal/orders/{id}/correspondence", "legal:read", httpx.GateStaff, a.correspondence},
		{"GET /api/v1/legal/orders/{id}/documents", "legal:read", httpx.GateStaff, a.orderDocuments},
		{"GET /api/v1/legal/documents/{id}", "legal:read", httpx.GateStaff, a.document},
		{"GET /api/v1/legal/audit", "legal:read", httpx.GateStaff, a.audit},
		{"GET /api/v1/legal/orders/{id}/export/lumen", "legal:read", httpx.GateStaff, a.lumenExport},
		{"GET /api/v1/legal/export/dsa", "legal:read", httpx.GateStaff, a.dsaExport},
	}
}

//go:embed openapi.json
var openAPI []byte

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openAPI)
	return nil
}
