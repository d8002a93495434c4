package httpx

import "testing"

func TestStyleHashes(t *testing.T) {
	// The hash of "p{}" is the one browsers report for <style>p{}</style>:
	// printf 'p{}' | openssl dgst -sha256 -binary | base64.
	for _, tc := range []struct{ page, want string }{
		{"<p>no style</p>", ""},
		{"<style>p{}</style>", "'sha256-gG2yISYereRMiG2lMXrbiUgi0Ubw9p7QCeWcroOvy9Y='"},
		{"<style>p{}</style><style>p{}</style>", "'sha256-gG2yISYereRMiG2lMXrbiUgi0Ubw9p7QCeWcroOvy9Y=' 'sha256-gG2yISYereRMiG2lMXrbiUgi0Ubw9p7QCeWcroOvy9Y='"},
	} {
		if got := StyleHashes(tc.page); got != tc.want {
			t.Errorf("StyleHashes(%q) = %q, want %q", tc.page, got, tc.want)
		}
	}
	for _, page := range []string{"<style>p{color:{{.C}}}</style>", "<style>p{}"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("StyleHashes(%q) did not panic", page)
				}
			}()
			StyleHashes(page)
		}()
	}
}
