package agora_test

import (
	"testing"

	"agora"
)

func TestPage_Normalize(t *testing.T) {
	for _, tc := range []struct{ limit, want int }{
		{0, agora.DefaultPageLimit},
		{-5, agora.DefaultPageLimit},
		{1, 1},
		{agora.DefaultPageLimit, agora.DefaultPageLimit},
		{agora.MaxPageLimit + 1, agora.MaxPageLimit + 1},
		{agora.MaxListLimit, agora.MaxListLimit},
		{agora.MaxListLimit + 1, agora.MaxListLimit},
		{1 << 30, agora.MaxListLimit},
	} {
		p := agora.Page{MaxID: 9, SinceID: 2, MinID: 3, Limit: tc.limit}
		got := p.Normalize()
		if got.Limit != tc.want {
			t.Errorf("Normalize of limit %d = %d, want %d", tc.limit, got.Limit, tc.want)
		}
		if got.MaxID != 9 || got.SinceID != 2 || got.MinID != 3 {
			t.Errorf("Normalize changed the bounds: %+v", got)
		}
	}
}

func TestPage_Contains(t *testing.T) {
	for _, tc := range []struct {
		name string
		page agora.Page
		in   []agora.ID
		out  []agora.ID
	}{
		{"Unbounded", agora.Page{}, []agora.ID{1, 1 << 62}, []agora.ID{0, -1}},
		{"MaxID", agora.Page{MaxID: 10}, []agora.ID{1, 9}, []agora.ID{10, 11}},
		{"SinceID", agora.Page{SinceID: 5}, []agora.ID{6, 100}, []agora.ID{4, 5}},
		{"MinID", agora.Page{MinID: 5}, []agora.ID{6, 100}, []agora.ID{4, 5}},
		{"SinceAndMin", agora.Page{SinceID: 3, MinID: 5}, []agora.ID{6}, []agora.ID{4, 5}},
		{"Window", agora.Page{MaxID: 10, SinceID: 5}, []agora.ID{6, 9}, []agora.ID{5, 10}},
		{"Empty", agora.Page{MaxID: 5, SinceID: 4}, nil, []agora.ID{4, 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, id := range tc.in {
				if !tc.page.Contains(id) {
					t.Errorf("%+v.Contains(%d) = false, want true", tc.page, id)
				}
			}
			for _, id := range tc.out {
				if tc.page.Contains(id) {
					t.Errorf("%+v.Contains(%d) = true, want false", tc.page, id)
				}
			}
		})
	}
}

func TestPage_LowerAscending(t *testing.T) {
	for _, tc := range []struct {
		page  agora.Page
		lower agora.ID
		asc   bool
	}{
		{agora.Page{}, 0, false},
		{agora.Page{SinceID: 7}, 7, false},
		{agora.Page{MinID: 7}, 7, true},
		{agora.Page{SinceID: 9, MinID: 7}, 9, true},
		{agora.Page{MaxID: 9}, 0, false},
	} {
		if got := tc.page.Lower(); got != tc.lower {
			t.Errorf("%+v.Lower() = %d, want %d", tc.page, got, tc.lower)
		}
		if got := tc.page.Ascending(); got != tc.asc {
			t.Errorf("%+v.Ascending() = %v, want %v", tc.page, got, tc.asc)
		}
	}
}
