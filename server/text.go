package server

import (
	"log/slog"
	"net/http"
	"net/url"

	"agora/internal/httpx"
)

// inputHeaders are the request headers whose values are read as text input
// (stored or looked up). Others are parsed into what they name (a country
// code, an address, a token's hash) or not read at all, and net/http refuses a
// NUL in any header.
var inputHeaders = []string{"Idempotency-Key"}

// withValidText answers 400 for a request whose path, query string or input
// headers are not UTF-8 text without NUL characters (httpx.ValidText), before
// any surface reads them; bodies are checked where they are decoded (httpx.
// ReadParams and the JSON and multipart readers of each surface).
func withValidText(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkRequestText(r); err != nil {
			httpx.WriteError(w, r, log, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func checkRequestText(r *http.Request) error {
	if err := httpx.CheckText("The path", r.URL.Path); err != nil {
		return err
	}
	if r.URL.RawQuery != "" {
		q, _ := url.ParseQuery(r.URL.RawQuery) // what parses is what handlers see
		if err := httpx.CheckValues("the query string", q); err != nil {
			return err
		}
	}
	for _, h := range inputHeaders {
		for _, v := range r.Header.Values(h) {
			if err := httpx.CheckText("The "+h+" header", v); err != nil {
				return err
			}
		}
	}
	return nil
}
