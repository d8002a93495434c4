package mastoapi

import (
	"net/http"

	"agora/internal/httpx"
	"agora/service"
)

func (a statusHandlers) search(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	var q service.SearchQuery
	if q.Text, err = p.String("q"); err != nil {
		return err
	}
	if q.Type, err = p.String("type"); err != nil {
		return err
	}
	if q.Limit, err = p.Int("limit", 20, 1, 1<<20); err != nil {
		return err
	}
	if q.Offset, err = p.Int("offset", 0, 0, 10000); err != nil {
		return err
	}
	if q.Following, err = p.Bool("following"); err != nil {
		return err
	}
	if q.AccountID, err = p.ID("account_id"); err != nil {
		return err
	}
	if _, err = p.Bool("resolve"); err != nil {
		return err
	}
	res, err := a.timelines.Search(r.Context(), snap(r), q)
	if err != nil {
		return err
	}
	out := SearchResults{Accounts: []*Account{}, Statuses: a.conv.statuses(res.Statuses), Hashtags: a.conv.tags(res.Tags)}
	for _, acct := range res.Accounts {
		out.Accounts = append(out.Accounts, a.conv.account(acct, res.AccountMarks))
	}
	return writeJSON(w, out)
}

func (a statusHandlers) searchAccounts(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	q := service.SearchQuery{Type: "accounts"}
	if q.Text, err = p.String("q"); err != nil {
		return err
	}
	if q.Limit, err = p.Int("limit", 40, 1, 1<<20); err != nil {
		return err
	}
	if q.Offset, err = p.Int("offset", 0, 0, 10000); err != nil {
		return err
	}
	if q.Following, err = p.Bool("following"); err != nil {
		return err
	}
	res, err := a.timelines.Search(r.Context(), snap(r), q)
	if err != nil {
		return err
	}
	out := make([]*Account, 0, len(res.Accounts))
	for _, acct := range res.Accounts {
		out = append(out, a.conv.account(acct, res.AccountMarks))
	}
	return writeJSON(w, out)
}
