package console

import (
	"net/url"
	"testing"
)

func TestDoneMessage(t *testing.T) {
	for _, tt := range []struct {
		query string
		want  string
	}{
		{"done=decided&action=decline&applied=100&skipped=2", "decline: 100 applied, 2 skipped."},
		{"done=decided&action=<script>&applied=1&skipped=0", ""},
		{"done=decided&action=withhold&applied=-1&skipped=0", ""},
		{"done=decided&action=withhold&applied=x&skipped=0", ""},
		{"done=handover&orders=3&targets=12", "Handed over: 3 open orders and 12 targets."},
		{"done=notice", "The notice is recorded."},
		{"done=Your+account+is+closed", ""},
		{"", ""},
	} {
		q, _ := url.ParseQuery(tt.query)
		if got := doneMessage(q); got != tt.want {
			t.Errorf("doneMessage(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}
