package e2e

import (
	"net/http"
	"net/url"
	"testing"
)

// rwFilters are the route walk's viewer's filter, the IDs of its filter
// statuses of statuses withheld later, and of its filter status of a visible
// status.
type rwFilters struct {
	id       string
	withheld []string
	visible  string
}

// rwFilter gives the route walk's viewer a filter, before the withholding,
// that matches in every context the words of the withheld statuses ("first",
// "secret", "yes" anywhere, as in the poll option "zzyes") and names statuses
// withheld later (ws1, fs3) and a visible one (fs1), so that every list the
// walk reads is matched against them: a filter must never bring a withheld
// status, or its ID, back.
func rwFilter(t *testing.T, r *rig, fx *rwFixture) rwFilters {
	t.Helper()
	var f struct{ ID string }
	code, body := r.postForm("/api/v2/filters", fx.viewer.token, url.Values{
		"title": {"rw filter"}, "context[]": {"home", "notifications", "public", "thread", "account"}, "filter_action": {"warn"},
		"keywords_attributes[0][keyword]": {"first"}, "keywords_attributes[1][keyword]": {"secret"},
		"keywords_attributes[2][keyword]": {"yes"}, "keywords_attributes[2][whole_word]": {"false"},
	})
	if code != http.StatusOK {
		t.Fatalf("the viewer's filter: %d %s", code, body)
	}
	mustJSON(t, body, &f)
	out := rwFilters{id: f.ID}
	for _, l := range []string{"ws1", "fs3", "fs1"} {
		code, body := r.postForm("/api/v2/filters/"+f.ID+"/statuses", fx.viewer.token, url.Values{"status_id": {fx.st[l]}})
		if code != http.StatusOK {
			t.Fatalf("filter status %s: %d %s", l, code, body)
		}
		var fs struct{ ID string }
		mustJSON(t, body, &fs)
		if l != "fs1" {
			out.withheld = append(out.withheld, fs.ID)
		} else {
			out.visible = fs.ID
		}
	}
	return out
}
