package agora

import (
	"strconv"
	"strings"
	"time"
)

// GroupedTypes are the notification types that group, as Mastodon groups them
// (Notification.GroupKey): favourites and boosts of one status, and follows,
// within the same hour.
var GroupedTypes = []NotificationType{NotifyFavourite, NotifyFollow, NotifyReblog}

// GroupSpec is what a group key names: one notification ("ungrouped-ID"), or
// the notifications of a type (about a status, for favourites and boosts)
// made within one hour.
type GroupSpec struct {
	NotificationID ID // for "ungrouped-ID"; 0 otherwise
	Type           NotificationType
	StatusID       ID
	Hour           int64 // Unix hours
}

// Window returns the range of notification IDs made within the group's hour,
// [from, to): notification IDs are made from their creation time.
func (g GroupSpec) Window() (from, to ID) {
	start := time.Unix(g.Hour*3600, 0)
	return IDAt(start), IDAt(start.Add(time.Hour))
}

// Has reports whether n belongs to the group.
func (g GroupSpec) Has(n *Notification) bool {
	if g.NotificationID != 0 {
		return n.ID == g.NotificationID
	}
	return n.GroupKey() == g.Key()
}

// Key is the group's key, as Notification.GroupKey makes it.
func (g GroupSpec) Key() string {
	hour := strconv.FormatInt(g.Hour, 10)
	switch {
	case g.NotificationID != 0:
		return "ungrouped-" + g.NotificationID.String()
	case g.Type == NotifyFollow:
		return "follow-" + hour
	}
	return string(g.Type) + "-" + g.StatusID.String() + "-" + hour
}

// ParseGroupKey reads a key Notification.GroupKey made; ENOTFOUND for anything
// else, as no group can have it.
func ParseGroupKey(s string) (GroupSpec, error) {
	bad := Errorf(ENOTFOUND, "Record not found.")
	parts := strings.Split(s, "-")
	num := func(p string) (int64, bool) {
		n, err := strconv.ParseInt(p, 10, 64)
		return n, err == nil && n > 0
	}
	switch {
	case len(parts) == 2 && parts[0] == "ungrouped":
		if n, ok := num(parts[1]); ok {
			return GroupSpec{NotificationID: ID(n)}, nil
		}
	case len(parts) == 2 && parts[0] == string(NotifyFollow):
		if h, ok := num(parts[1]); ok {
			return GroupSpec{Type: NotifyFollow, Hour: h}, nil
		}
	case len(parts) == 3 && (parts[0] == string(NotifyFavourite) || parts[0] == string(NotifyReblog)):
		st, ok1 := num(parts[1])
		h, ok2 := num(parts[2])
		if ok1 && ok2 {
			return GroupSpec{Type: NotificationType(parts[0]), StatusID: ID(st), Hour: h}, nil
		}
	}
	return GroupSpec{}, bad
}
