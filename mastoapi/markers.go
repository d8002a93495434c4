package mastoapi

import (
	"net/http"

	"agora"
	"agora/internal/httpx"
)

var markerTimelines = []string{"home", "notifications"}

func (a statusHandlers) getMarkers(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	names, err := p.Strings("timeline")
	if err != nil {
		return err
	}
	ms, err := a.accounts.Markers(r.Context(), snap(r), names)
	if err != nil {
		return err
	}
	return writeJSON(w, markerMap(ms))
}

func (a statusHandlers) saveMarkers(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	updates := map[string]agora.ID{}
	for _, tl := range markerTimelines {
		s, err := p.String(tl + "[last_read_id]")
		if err != nil {
			return err
		}
		if s == "" {
			s, err = p.Nested(tl, "last_read_id")
			if err != nil {
				return err
			}
		}
		if s == "" {
			continue
		}
		id, err := agora.ParseID(s)
		if err != nil {
			return agora.Errorf(agora.EINVALID, "Parameter %s[last_read_id] must be an ID.", tl)
		}
		updates[tl] = id
	}
	ms, err := a.accounts.SaveMarkers(r.Context(), snap(r), updates)
	if err != nil {
		return err
	}
	return writeJSON(w, markerMap(ms))
}

func markerMap(ms []*agora.Marker) map[string]Marker {
	out := map[string]Marker{}
	for _, m := range ms {
		out[m.Timeline] = Marker{LastReadID: m.LastReadID.String(), Version: m.Version, UpdatedAt: formatTime(m.UpdatedAt)}
	}
	return out
}
