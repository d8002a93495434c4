package mastoapi

import (
	"net/http"

	"agora"
	"agora/internal/httpx"
)

func (a filterHandlers) filters(w http.ResponseWriter, r *http.Request) error {
	fs, err := a.filterSvc.Filters(r.Context(), snap(r))
	if err != nil {
		return err
	}
	out := make([]*Filter, len(fs))
	for i, f := range fs {
		out[i] = toFilter(f)
	}
	return writeJSON(w, out)
}

func (a filterHandlers) filter(w http.ResponseWriter, r *http.Request) error {
	return idRead(a.filterSvc.Filter, toFilter)(w, r)
}

func (a filterHandlers) createFilter(w http.ResponseWriter, r *http.Request) error {
	return bodyWrite(readFilterUpdate, a.filterSvc.CreateFilter, toFilter)(w, r)
}

func (a filterHandlers) updateFilter(w http.ResponseWriter, r *http.Request) error {
	return idWrite(readFilterUpdate, a.filterSvc.UpdateFilter, toFilter)(w, r)
}

func (a filterHandlers) filterKeywords(w http.ResponseWriter, r *http.Request) error {
	return idRead(a.filterSvc.Filter, func(f *agora.Filter) []FilterKeyword { return toFilterKeywords(f.Keywords) })(w, r)
}

func (a filterHandlers) addFilterKeyword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	keyword, err := p.String("keyword")
	if err != nil {
		return err
	}
	whole, err := optionalBool(p, "whole_word")
	if err != nil {
		return err
	}
	k, err := a.filterSvc.AddFilterKeyword(r.Context(), snap(r), id, keyword, whole)
	if err != nil {
		return err
	}
	return writeJSON(w, toFilterKeyword(k))
}

func (a filterHandlers) filterKeyword(w http.ResponseWriter, r *http.Request) error {
	return idRead(a.filterSvc.FilterKeyword, toFilterKeyword)(w, r)
}

func (a filterHandlers) updateFilterKeyword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	keyword, err := optionalString(p, "keyword")
	if err != nil {
		return err
	}
	whole, err := optionalBool(p, "whole_word")
	if err != nil {
		return err
	}
	k, err := a.filterSvc.UpdateFilterKeyword(r.Context(), snap(r), id, keyword, whole)
	if err != nil {
		return err
	}
	return writeJSON(w, toFilterKeyword(k))
}

func (a filterHandlers) filterStatuses(w http.ResponseWriter, r *http.Request) error {
	return idRead(a.filterSvc.Filter, func(f *agora.Filter) []FilterStatus { return toFilterStatuses(f.Statuses) })(w, r)
}

func (a filterHandlers) addFilterStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	s, err := p.String("status_id")
	if err != nil {
		return err
	}
	if s == "" {
		return invalidField("status_id", "Status can't be blank.")
	}
	statusID, err := agora.ParseID(s)
	if err != nil {
		return agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	fs, err := a.filterSvc.AddFilterStatus(r.Context(), snap(r), id, statusID)
	if err != nil {
		return err
	}
	return writeJSON(w, toFilterStatus(fs))
}

func (a filterHandlers) filterStatus(w http.ResponseWriter, r *http.Request) error {
	return idRead(a.filterSvc.FilterStatus, toFilterStatus)(w, r)
}

// v1filters is GET /api/v1/filters: every keyword of the viewer's filters, as
// a v1 filter.
func (a filterHandlers) v1filters(w http.ResponseWriter, r *http.Request) error {
	fs, err := a.filterSvc.Filters(r.Context(), snap(r))
	if err != nil {
		return err
	}
	out := []V1Filter{}
	for _, f := range fs {
		for _, k := range f.Keywords {
			out = append(out, toV1Filter(f, k))
		}
	}
	return writeJSON(w, out)
}

func (a filterHandlers) v1filter(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, k, err := a.filterSvc.V1Filter(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, toV1Filter(f, k))
}

func (a filterHandlers) createV1Filter(w http.ResponseWriter, r *http.Request) error {
	u, err := readV1FilterUpdate(r)
	if err != nil {
		return err
	}
	f, k, err := a.filterSvc.CreateV1Filter(r.Context(), snap(r), u)
	if err != nil {
		return err
	}
	return writeJSON(w, toV1Filter(f, k))
}

func (a filterHandlers) updateV1Filter(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := readV1FilterUpdate(r)
	if err != nil {
		return err
	}
	f, k, err := a.filterSvc.UpdateV1Filter(r.Context(), snap(r), id, u)
	if err != nil {
		return err
	}
	return writeJSON(w, toV1Filter(f, k))
}
