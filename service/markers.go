package service

import (
	"context"
	"slices"

	"agora"
	"agora/visibility"
)

// markerTimelines are the timelines a marker may be saved for.
var markerTimelines = []string{"home", "notifications"}

// Markers returns the viewer's saved positions for the named timelines (all when
// none are named). Unknown names are ignored, as Mastodon does.
func (s *Accounts) Markers(ctx context.Context, v *visibility.Snapshot, timelines []string) ([]*agora.Marker, error) {
	viewer := v.Viewer()
	var names []string
	for _, t := range timelines {
		if slices.Contains(markerTimelines, t) {
			names = append(names, t)
		}
	}
	if len(timelines) == 0 {
		names = markerTimelines
	}
	if len(names) == 0 {
		return nil, nil
	}
	return s.store.Markers(ctx, viewer.ID, names)
}

// SaveMarkers stores the viewer's positions, timeline name to last read ID, and
// returns the saved markers.
func (s *Accounts) SaveMarkers(ctx context.Context, v *visibility.Snapshot, positions map[string]agora.ID) ([]*agora.Marker, error) {
	viewer := v.Viewer()
	var out []*agora.Marker
	for _, t := range markerTimelines {
		id, ok := positions[t]
		if !ok {
			continue
		}
		m := &agora.Marker{AccountID: viewer.ID, Timeline: t, LastReadID: id, UpdatedAt: s.now().UTC().Truncate(timePrecision)}
		if err := s.store.SaveMarker(ctx, m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}
