package legalapi

import (
	"net/http"
)

func (a *API) createAuthority(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name    string `json:"name"`
		Country string `json:"country"`
		Kind    string `json:"kind"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	au, err := a.desk.CreateAuthority(r.Context(), actor(r), in.Name, in.Country, in.Kind)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, authorityEntity(au))
}

func (a *API) authorities(w http.ResponseWriter, r *http.Request) error {
	list, err := a.desk.Authorities(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := make([]*Authority, len(list))
	for i, au := range list {
		out[i] = authorityEntity(au)
	}
	return writeJSON(w, http.StatusOK, out)
}
