package authorityapi

import (
	_ "embed"
	"net/http"

	"agora/internal/httpx"
)

// Routes is the route table of the authority API. Every route but the public
// OpenAPI document and the token endpoint (where a client authenticates with
// its own credentials) is GateAuthority: behind the guard that admits
// authority tokens only, reading only the authority's own orders.
func (a *API) Routes() []Route {
	return []Route{
		{"GET /api/v1/authority/openapi.json", httpx.GateNone, serveOpenAPI},
		{"POST /api/v1/authority/oauth/token", httpx.GateNone, a.token},
		{"POST /api/v1/authority/orders", httpx.GateAuthority, a.submitOrder},
		{"GET /api/v1/authority/orders", httpx.GateAuthority, a.orders},
		{"GET /api/v1/authority/orders/{id}", httpx.GateAuthority, a.order},
		{"GET /api/v1/authority/orders/{id}/effect.csv", httpx.GateAuthority, a.effectCSV},
		{"GET /api/v1/authority/orders/{id}/documents/{document_id}", httpx.GateAuthority, a.document},
		{"POST /api/v1/authority/orders/{id}/messages", httpx.GateAuthority, a.postMessage},
		{"GET /api/v1/authority/orders/{id}/messages", httpx.GateAuthority, a.messages},
		{"POST /api/v1/authority/webhooks", httpx.GateAuthority, a.registerWebhook},
		{"GET /api/v1/authority/webhooks", httpx.GateAuthority, a.webhooks},
		{"GET /api/v1/authority/webhooks/{id}", httpx.GateAuthority, a.webhook},
		{"DELETE /api/v1/authority/webhooks/{id}", httpx.GateAuthority, a.deleteWebhook},
		{"GET /api/v1/authority/webhooks/{id}/deliveries", httpx.GateAuthority, a.deliveries},
	}
}

//go:embed openapi.json
var openAPI []byte

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openAPI)
	return nil
}
