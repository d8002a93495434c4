package mastoapi

import (
	"net/http"
	"sync"

	"agora"
	"agora/internal/httpx"
	"agora/service"
)

// readPage reads the paging parameters of a list of statuses or hashtags: 20 by
// default, at most 40, as Mastodon.
func readPage(r *http.Request) (*httpx.Params, agora.Page, error) {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return nil, agora.Page{}, err
	}
	pg, err := p.Page(agora.DefaultPageLimit, agora.MaxPageLimit)
	return p, pg, err
}

// readAccountPage reads the paging parameters of a list of accounts: 40 by
// default, at most 80, as Mastodon.
func readAccountPage(r *http.Request) (agora.Page, error) {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return agora.Page{}, err
	}
	return p.Page(agora.DefaultAccountPageLimit, agora.MaxListLimit)
}

// writeStatuses answers with a page of statuses and its Link header.
func (a *API) writeStatuses(w http.ResponseWriter, r *http.Request, b *service.Bundle) error {
	if b.Span != (service.Span{}) {
		setLink(w, r, a.conv.base, b.Span.Newest, b.Span.Oldest)
	} else if n := len(b.Statuses); n > 0 {
		setLink(w, r, a.conv.base, b.Statuses[0].ID, b.Statuses[n-1].ID)
	}
	buf := bodyPool.Get().(*[]byte)
	*buf = a.json.appendStatuses((*buf)[:0], a.conv, b)
	httpx.WriteJSONBody(w, http.StatusOK, *buf)
	bodyPool.Put(buf)
	return nil
}

// writeStatus answers with the one status of a single-status answer (see first),
// as writeJSON(w, a.conv.status(b, st)) would.
func (a *API) writeStatus(w http.ResponseWriter, b *service.Bundle) error {
	st, err := first(b)
	if err != nil {
		return err
	}
	buf := bodyPool.Get().(*[]byte)
	*buf = a.json.appendStatus((*buf)[:0], a.conv, b, st)
	httpx.WriteJSONBody(w, http.StatusOK, *buf)
	bodyPool.Put(buf)
	return nil
}

// bodyPool holds the buffers answers are built in.
var bodyPool = sync.Pool{New: func() any { return new([]byte) }}

func (a statusHandlers) homeTimeline(w http.ResponseWriter, r *http.Request) error {
	_, pg, err := readPage(r)
	if err != nil {
		return err
	}
	b, err := a.timelines.HomeTimeline(r.Context(), snap(r), pg)
	if err != nil {
		return err
	}
	return a.writeStatuses(w, r, b)
}

func (a statusHandlers) publicTimeline(w http.ResponseWriter, r *http.Request) error {
	p, pg, err := readPage(r)
	if err != nil {
		return err
	}
	// local=true is every status: every account is local.
	if none, err := selectsNone(p, "remote"); err != nil || none {
		return orNone(w, err)
	}
	onlyMedia, err := p.Bool("only_media")
	if err != nil {
		return err
	}
	b, err := a.timelines.PublicMediaTimeline(r.Context(), snap(r), pg, onlyMedia)
	if err != nil {
		return err
	}
	return a.writeStatuses(w, r, b)
}

func (a statusHandlers) tagTimeline(w http.ResponseWriter, r *http.Request) error {
	p, pg, err := readPage(r)
	if err != nil {
		return err
	}
	if none, err := selectsNone(p, "remote"); err != nil || none {
		return orNone(w, err)
	}
	q := service.TagTimelineQuery{Tag: r.PathValue("hashtag"), Page: pg}
	if q.OnlyMedia, err = p.Bool("only_media"); err != nil {
		return err
	}
	for _, l := range []struct {
		key  string
		into *[]string
	}{{"any", &q.Any}, {"all", &q.All}, {"none", &q.None}} {
		if *l.into, err = p.Strings(l.key); err != nil {
			return err
		}
	}
	b, err := a.timelines.FilteredTagTimeline(r.Context(), snap(r), q)
	if err != nil {
		return err
	}
	return a.writeStatuses(w, r, b)
}

// selectsNone reports whether any of the boolean filters keys (remote) is
// true: agora has no remote accounts, so a list filtered to those is empty, as
// Mastodon's would be on a server without them.
func selectsNone(p *httpx.Params, keys ...string) (bool, error) {
	for _, k := range keys {
		if v, err := p.Bool(k); err != nil || v {
			return v, err
		}
	}
	return false, nil
}

// orNone returns err, or, when it is nil, writes the empty list of statuses.
func orNone(w http.ResponseWriter, err error) error {
	if err != nil {
		return err
	}
	return writeJSON(w, []*Status{})
}
