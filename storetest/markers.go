package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"agora"
)

var markerTests = []test{
	{"SaveMarker", testSaveMarker},
	{"Markers", testMarkers},
}

func testSaveMarker(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice := f.account("alice")
	at := time.Now()
	m := &agora.Marker{AccountID: alice.ID, Timeline: "home", LastReadID: 100, UpdatedAt: at}
	mustOK(t, s.SaveMarker(t.Context(), m), "SaveMarker")
	if m.Version != 1 {
		t.Errorf("after the first save: Version %d, want 1", m.Version)
	}
	m2 := &agora.Marker{AccountID: alice.ID, Timeline: "home", LastReadID: 200, UpdatedAt: at.Add(time.Second)}
	mustOK(t, s.SaveMarker(t.Context(), m2), "SaveMarker again")
	if m2.Version != 2 {
		t.Errorf("after the second save: Version %d, want 2", m2.Version)
	}
	got, err := s.Markers(t.Context(), alice.ID, []string{"home"})
	mustOK(t, err, "Markers")
	equal(t, "markers", got, []*agora.Marker{{AccountID: alice.ID, Timeline: "home", LastReadID: 200,
		Version: 2, UpdatedAt: ms(at.Add(time.Second))}})
}

func testMarkers(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	alice, bob := f.account("alice"), f.account("bob")
	at := ms(time.Now())
	home := &agora.Marker{AccountID: alice.ID, Timeline: "home", LastReadID: 1, UpdatedAt: at}
	notes := &agora.Marker{AccountID: alice.ID, Timeline: "notifications", LastReadID: 2, UpdatedAt: at}
	bobs := &agora.Marker{AccountID: bob.ID, Timeline: "home", LastReadID: 3, UpdatedAt: at}
	for _, m := range []*agora.Marker{home, notes, bobs} {
		mustOK(t, s.SaveMarker(t.Context(), m), "SaveMarker")
	}
	for _, tc := range []struct {
		name      string
		account   agora.ID
		timelines []string
		want      []*agora.Marker
	}{
		{"both", alice.ID, []string{"notifications", "home"}, []*agora.Marker{home, notes}},
		{"one", alice.ID, []string{"notifications", "unknown"}, []*agora.Marker{notes}},
		{"other account", bob.ID, []string{"home", "notifications"}, []*agora.Marker{bobs}},
		{"no names", alice.ID, nil, nil},
	} {
		got, err := s.Markers(t.Context(), tc.account, tc.timelines)
		mustOK(t, err, "Markers")
		slices.SortFunc(got, func(a, b *agora.Marker) int { return strings.Compare(a.Timeline, b.Timeline) })
		equal(t, tc.name, got, tc.want)
	}
}
