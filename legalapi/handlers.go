package legalapi

import (
	"context"
	"net/http"
	"time"

	"agora"
)

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// writeOrderList answers with the records list reads for the order in the path,
// each converted to its wire shape.
func writeOrderList[T, E any](w http.ResponseWriter, r *http.Request, list func(context.Context, *agora.Account, agora.ID) ([]T, error), entity func(T) E) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	records, err := list(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	out := make([]E, len(records))
	for i, rec := range records {
		out[i] = entity(rec)
	}
	return writeJSON(w, http.StatusOK, out)
}
