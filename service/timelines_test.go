package service_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"agora"
	"agora/service"
)

// span returns the IDs from hi down to lo, newest first as feeds hold them.
func span(hi, lo agora.ID) []agora.ID {
	var ids []agora.ID
	for id := hi; id >= lo; id-- {
		ids = append(ids, id)
	}
	return ids
}

func TestPageIDs(t *testing.T) {
	feed := span(100, 1)
	for _, tc := range []struct {
		name string
		ids  []agora.ID
		page agora.Page
		want []agora.ID
	}{
		{"Default", feed, agora.Page{}, span(100, 81)},
		{"Limit", feed, agora.Page{Limit: 5}, span(100, 96)},
		{"LimitClamped", feed, agora.Page{Limit: 1000}, span(100, 61)},
		{"MaxID", feed, agora.Page{MaxID: 50, Limit: 5}, span(49, 45)},
		{"MaxIDNotInFeed", []agora.ID{90, 70, 50}, agora.Page{MaxID: 80, Limit: 5}, []agora.ID{70, 50}},
		{"SinceIDNewestFirst", feed, agora.Page{SinceID: 90, Limit: 5}, span(100, 96)},
		{"SinceIDAll", feed, agora.Page{SinceID: 97}, span(100, 98)},
		{"MinIDOldestAbove", feed, agora.Page{MinID: 90, Limit: 5}, span(95, 91)},
		{"MinIDAll", feed, agora.Page{MinID: 97, Limit: 5}, span(100, 98)},
		{"MinIDWithMaxID", feed, agora.Page{MinID: 10, MaxID: 20, Limit: 3}, span(13, 11)},
		{"SinceIDWithMaxID", feed, agora.Page{SinceID: 10, MaxID: 20, Limit: 3}, span(19, 17)},
		{"SinceAndMinTakeHigher", feed, agora.Page{SinceID: 95, MinID: 90, Limit: 2}, span(97, 96)},
		{"EmptyWindow", feed, agora.Page{SinceID: 50, MaxID: 51}, nil},
		{"PastTheEnd", feed, agora.Page{MaxID: 1}, nil},
		{"EmptyFeed", nil, agora.Page{}, nil},
		{"SparseFeed", []agora.ID{900, 500, 300, 7}, agora.Page{MinID: 6, Limit: 2}, []agora.ID{300, 7}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := slices.Clone(tc.ids)
			got := service.PageIDs(in, tc.page)
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("PageIDs(%+v) (-want +got):\n%s", tc.page, diff)
			}
			if !slices.Equal(in, tc.ids) {
				t.Error("PageIDs changed its input")
			}
		})
	}
}

// TestPageIDs_Walk pages through a feed both ways, as a client does with the Link
// header, and checks that every ID is seen once.
func TestPageIDs_Walk(t *testing.T) {
	feed := span(100, 1)
	var down []agora.ID
	for p := (agora.Page{Limit: 7}); ; {
		page := service.PageIDs(feed, p)
		if len(page) == 0 {
			break
		}
		down = append(down, page...)
		p.MaxID = page[len(page)-1]
	}
	if diff := cmp.Diff(feed, down); diff != "" {
		t.Errorf("walking down with max_id (-want +got):\n%s", diff)
	}

	// Walking up starts from the oldest page and follows min_id (the newest seen).
	up := service.PageIDs(feed, agora.Page{MaxID: 8, Limit: 7})
	for len(up) > 0 {
		page := service.PageIDs(feed, agora.Page{MinID: up[0], Limit: 7})
		if len(page) == 0 {
			break
		}
		up = append(slices.Clone(page), up...)
	}
	if diff := cmp.Diff(feed, up); diff != "" {
		t.Errorf("walking up with min_id (-want +got):\n%s", diff)
	}
}
