package legalapi

import (
	"net/http"

	"agora/legalapi/wire"
)

func (a *API) createAuthority(w http.ResponseWriter, r *http.Request) error {
	var in wire.AuthorityInput
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
	out := make([]*wire.Authority, len(list))
	for i, au := range list {
		out[i] = authorityEntity(au)
	}
	return writeJSON(w, http.StatusOK, out)
}
