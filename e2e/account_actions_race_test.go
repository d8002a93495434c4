package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"agora"
	"agora/agoratest"
	"agora/mastoapi"
)

// TestAccountActions_AtOnce: suspend, silence, disable and sensitive posted
// at once on one account all stay (each used to write the account's whole
// moderation state from its own read, and one lost another's).
func TestAccountActions_AtOnce(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { testAccountActionsAtOnce(t, b) })
	}
}

func testAccountActionsAtOnce(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	_, modTok := lgStaff(t, r, "mod", agora.RoleModerator, "read admin:read:accounts admin:write:accounts")
	actions := []string{"suspend", "silence", "disable", "sensitive"}
	for i := range 6 {
		target, _ := lgStaff(t, r, fmt.Sprintf("target%d", i), agora.RoleUser, "read")
		path := "/api/v1/admin/accounts/" + target.ID.String()
		var wg sync.WaitGroup
		answers := make([]string, len(actions))
		for j, typ := range actions {
			wg.Go(func() { answers[j] = aaPost(r, modTok, path+"/action", url.Values{"type": {typ}}) })
		}
		wg.Wait()
		for j, a := range answers {
			if a != "200 {}" {
				t.Errorf("%s on target%d = %s, want 200 {}", actions[j], i, a)
			}
		}
		code, body, _ := whDo(t, r, whViewer{token: modTok}, "GET", path, nil)
		var a mastoapi.AdminAccount
		mustJSON(t, body, &a)
		if code != http.StatusOK || !a.Suspended || !a.Silenced || !a.Disabled || !a.Sensitized {
			t.Errorf("target%d after four actions at once: %d suspended %t silenced %t disabled %t sensitive %t",
				i, code, a.Suspended, a.Silenced, a.Disabled, a.Sensitized)
		}
		evs, err := r.srv.DB.Audit(t.Context(), agora.AuditQuery{ObjectKind: "account", ObjectID: target.ID})
		if err != nil || len(evs) != len(actions) {
			t.Errorf("target%d: %d audit events (%v), want %d", i, len(evs), err, len(actions))
		}
	}
}

// aaPost posts form to path as token, safe to call from any goroutine, and
// returns "code body" (or the transport error).
func aaPost(r *rig, token, path string, form url.Values) string {
	req, err := http.NewRequest("POST", r.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		return err.Error()
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := r.hc.Do(req)
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err.Error()
	}
	var compact bytes.Buffer
	if json.Compact(&compact, body) != nil {
		compact.Reset()
		compact.Write(body)
	}
	return fmt.Sprintf("%d %s", resp.StatusCode, strings.TrimSpace(compact.String()))
}
