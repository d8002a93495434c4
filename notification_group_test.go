package agora

import (
	"testing"
	"time"
)

func TestParseGroupKey(t *testing.T) {
	at := time.Date(2026, 5, 1, 10, 30, 0, 0, time.UTC)
	id := IDAt(at) | 7
	for _, n := range []*Notification{
		{ID: id, Type: NotifyFavourite, StatusID: 42, CreatedAt: at},
		{ID: id, Type: NotifyReblog, StatusID: 42, CreatedAt: at},
		{ID: id, Type: NotifyFollow, CreatedAt: at},
		{ID: id, Type: NotifyMention, StatusID: 42, CreatedAt: at},
	} {
		key := n.GroupKey()
		g, err := ParseGroupKey(key)
		if err != nil {
			t.Fatalf("ParseGroupKey(%q): %v", key, err)
		}
		if g.Key() != key || !g.Has(n) {
			t.Errorf("ParseGroupKey(%q) = %+v: key %q, has %v", key, g, g.Key(), g.Has(n))
		}
		if g.NotificationID == 0 {
			from, to := g.Window()
			if n.ID < from || n.ID >= to || to.Time().Sub(from.Time()) != time.Hour {
				t.Errorf("%q: window [%v, %v) does not hold %v", key, from.Time(), to.Time(), n.ID.Time())
			}
		}
	}
	for _, bad := range []string{"", "ungrouped-", "ungrouped-x", "follow-1-2", "mention-1-2", "favourite-1", "favourite-x-1", "reblog-1--2", "ungrouped--5"} {
		if _, err := ParseGroupKey(bad); ErrorCode(err) != ENOTFOUND {
			t.Errorf("ParseGroupKey(%q) = %v, want ENOTFOUND", bad, err)
		}
	}
}
