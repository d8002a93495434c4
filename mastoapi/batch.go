package mastoapi

import (
	"net/http"

	"agora"
	"agora/internal/httpx"
)

// batchIDs reads the id[] parameter of a request for several statuses or
// accounts: values that are not IDs name nothing and are left out, as unknown
// IDs are. More than 100 values is EINVALID (httpx.Params.Strings); the
// service refuses more than service.MaxBatchIDs distinct IDs.
func batchIDs(r *http.Request) ([]agora.ID, error) {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return nil, err
	}
	raw, err := p.Strings("id")
	if err != nil {
		return nil, err
	}
	ids := make([]agora.ID, 0, len(raw))
	for _, s := range raw {
		if id, err := agora.ParseID(s); err == nil {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// manyStatuses answers GET /api/v1/statuses?id[]=...: the statuses the viewer may
// see, in the order asked; the others are left out, never a 451 for the list.
func (a statusHandlers) manyStatuses(w http.ResponseWriter, r *http.Request) error {
	ids, err := batchIDs(r)
	if err != nil {
		return err
	}
	b, err := a.posts.Statuses(r.Context(), snap(r), ids)
	if err != nil {
		return err
	}
	buf := bodyPool.Get().(*[]byte)
	*buf = a.json.appendStatuses((*buf)[:0], a.conv, b)
	httpx.WriteJSONBody(w, http.StatusOK, *buf)
	bodyPool.Put(buf)
	return nil
}

// manyAccounts answers GET /api/v1/accounts?id[]=...: the accounts the viewer may
// see, in the order asked; missing, suspended and withheld ones are left out.
func (a accountHandlers) manyAccounts(w http.ResponseWriter, r *http.Request) error {
	ids, err := batchIDs(r)
	if err != nil {
		return err
	}
	list, marks, err := a.accounts.Accounts(r.Context(), snap(r), ids)
	if err != nil {
		return err
	}
	out := make([]*Account, len(list))
	for i, acct := range list {
		out[i] = a.conv.account(acct, marks)
	}
	return writeJSON(w, out)
}
