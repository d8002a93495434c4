package httpx_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"agora"
	"agora/internal/httpx"
)

// TestParams_Objects reads lists of objects in each form Rails accepts.
func TestParams_Objects(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    func(t *testing.T) *httpx.Params
		want []map[string]string
	}{
		{"JSON array", func(t *testing.T) *httpx.Params {
			return mustParams(t, jsonRequest(`{"m": [{"id": "1"}, {"id": "2", "description": "d2"}]}`))
		}, []map[string]string{{"id": "1"}, {"id": "2", "description": "d2"}}},
		{"JSON keyed by index", func(t *testing.T) *httpx.Params {
			return mustParams(t, jsonRequest(`{"m": {"1": {"id": "2"}, "0": {"id": "1"}}}`))
		}, []map[string]string{{"id": "1"}, {"id": "2"}}},
		{"form, indexed, a field left out", func(t *testing.T) *httpx.Params {
			return mustParams(t, formRequest("m[0][id]=1&m[1][id]=2&m[1][description]=d2"))
		}, []map[string]string{{"id": "1"}, {"id": "2", "description": "d2"}}},
		{"form, appended, even", func(t *testing.T) *httpx.Params {
			return mustParams(t, formRequest("m[][id]=1&m[][description]=d1&m[][id]=2&m[][description]=d2"))
		}, []map[string]string{{"id": "1", "description": "d1"}, {"id": "2", "description": "d2"}}},
		{"form, appended, one field", func(t *testing.T) *httpx.Params {
			return mustParams(t, formRequest("m[][id]=1&m[][id]=2"))
		}, []map[string]string{{"id": "1"}, {"id": "2"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, given, err := tc.p(t).Objects("m", 4)
			if err != nil || !given {
				t.Fatalf("Objects: %v, given %v", err, given)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Objects (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParams_Objects_UnevenAppended refuses key[][sub] fields given unevenly:
// media_attributes[][id]=1&media_attributes[][id]=2&media_attributes[][description]=d2
// would put d2 on the first object (Rails puts it on the second).
func TestParams_Objects_UnevenAppended(t *testing.T) {
	form := url.Values{"media_attributes[][id]": {"1", "2"}, "media_attributes[][description]": {"d2"}}
	_, given, err := mustParams(t, formRequest(form.Encode())).Objects("media_attributes", 4)
	wantCode(t, err, agora.EINVALID)
	if !given {
		t.Error("given = false, want true")
	}
	msg := err.(*agora.Error).Message
	for _, want := range []string{"media_attributes[][description] 1", "media_attributes[][id] 2", "media_attributes[0][description]"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not say %q", msg, want)
		}
	}
}
