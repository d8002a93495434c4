package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"agora/legalapi/wire"
)

func TestClient_Error(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"The access token is invalid."}`))
			return
		}
		switch r.URL.Path {
		case "/api/v1/legal/orders":
			w.WriteHeader(http.StatusUnprocessableEntity)
			_, _ = w.Write([]byte(`{"error":"Validation failed: targets"}`))
		default:
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte("upstream down\n"))
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	c := New(srv.URL+"/", "tok", nil)

	_, err := c.CreateOrder(ctx, wire.OrderInput{Reference: "x"})
	var e *Error
	if !errors.As(err, &e) || e.Status != 422 || e.Message != "Validation failed: targets" || e.Method != "POST" || e.Path != "/api/v1/legal/orders" {
		t.Errorf("CreateOrder: %#v", err)
	}
	if _, err := c.Order(ctx, "1"); StatusOf(err) != http.StatusBadGateway || !errors.As(err, &e) || e.Message != "upstream down" {
		t.Errorf("Order: %v", err)
	}
	if _, err := c.WithToken("other").Authorities(ctx); StatusOf(err) != http.StatusUnauthorized {
		t.Errorf("Authorities with another token: %v", err)
	}
}

func TestNextLink(t *testing.T) {
	for _, tt := range []struct {
		link, want string
		ok         bool
	}{
		{"", "", true},
		{`</api/v1/legal/orders/1/targets?after=5&limit=5>; rel="next"`, "/api/v1/legal/orders/1/targets?after=5&limit=5", true},
		{`</x>; rel="prev"`, "", false},
		{`garbage`, "", false},
	} {
		got, err := nextLink(tt.link)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("nextLink(%q) = %q, %v", tt.link, got, err)
		}
	}
}
