package mastoapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"agora"
	"agora/internal/httpx"
	"agora/service"
	"agora/visibility"
)

// editService is what the handlers of edits and polls ask of posts.
type editService interface {
	EditStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID, c service.StatusChange) (*service.Bundle, error)
	StatusHistory(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.History, error)
	StatusSource(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Status, error)
	Poll(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*service.Bundle, error)
	Vote(ctx context.Context, v *visibility.Snapshot, id agora.ID, choices []int) (*service.Bundle, error)
}

// pollParams reads the poll of a status being posted or edited: form fields
// poll[options][], poll[expires_in], poll[multiple] and poll[hide_totals], or
// the poll object of a JSON body ({"poll": {"options": [...], ...}}). nil when
// no poll is given. A poll given in part (options without expires_in, or the
// other way round) is EUNPROCESSABLE, as in Mastodon; the limits are checked
// by agora.NewPoll.Validate.
func pollParams(p *httpx.Params) (*agora.NewPoll, error) {
	q, prefix := p, "poll["
	suffix := "]"
	if obj, ok := p.Object("poll"); ok {
		q, prefix, suffix = obj, "", ""
	}
	key := func(name string) string { return prefix + name + suffix }
	options, err := q.Strings(key("options"))
	if err != nil {
		return nil, err
	}
	expires, err := q.String(key("expires_in"))
	if err != nil {
		return nil, err
	}
	if len(options) == 0 && expires == "" {
		if q != p || p.Has("poll[multiple]") || p.Has("poll[hide_totals]") {
			return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A poll needs poll[options][] and poll[expires_in].")
		}
		return nil, nil
	}
	if len(options) == 0 {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A poll needs options (poll[options][]).")
	}
	if expires == "" {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A poll needs a duration (poll[expires_in], in seconds).")
	}
	secs, err := strconv.ParseInt(expires, 10, 64)
	if err != nil || secs < 0 || secs > 100*int64(agora.MaxPollExpiration.Seconds()) {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: poll[expires_in] must be a number of seconds from %d to %d.",
			int(agora.MinPollExpiration.Seconds()), int(agora.MaxPollExpiration.Seconds()))
	}
	n := &agora.NewPoll{Options: options, ExpiresIn: time.Duration(secs) * time.Second}
	if n.Multiple, err = q.Bool(key("multiple")); err != nil {
		return nil, err
	}
	if n.HideTotals, err = q.Bool(key("hide_totals")); err != nil {
		return nil, err
	}
	return n, nil
}

func (a statusHandlers) editStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	var c service.StatusChange
	if c.Text, err = p.String("status"); err != nil {
		return err
	}
	if c.SpoilerText, err = p.String("spoiler_text"); err != nil {
		return err
	}
	if c.Sensitive, err = p.Bool("sensitive"); err != nil {
		return err
	}
	if c.Language, err = p.String("language"); err != nil {
		return err
	}
	if c.MediaIDs, err = mediaIDs(p); err != nil {
		return err
	}
	if c.MediaAttributes, err = mediaAttributes(p); err != nil {
		return err
	}
	if c.Poll, err = pollParams(p); err != nil {
		return err
	}
	b, err := a.posts.EditStatus(r.Context(), snap(r), id, c)
	if err != nil {
		return err
	}
	return a.writeStatus(w, b)
}

func (a statusHandlers) statusHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	h, err := a.posts.StatusHistory(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, a.conv.history(h))
}

func (a statusHandlers) statusSource(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st, err := a.posts.StatusSource(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, StatusSource{ID: st.ID.String(), Text: st.Text, SpoilerText: st.SpoilerText})
}

func (a statusHandlers) getPoll(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := a.posts.Poll(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return a.writePoll(w, b, id)
}

// maxChoices bounds the choices[] of a ballot (a poll has at most
// agora.MaxPollOptions options).
const maxChoices = agora.MaxPollOptions

func (a statusHandlers) vote(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	raw, err := p.Strings("choices")
	if err != nil {
		return err
	}
	if len(raw) > maxChoices {
		return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: At most %d choices may be given.", maxChoices)
	}
	choices := make([]int, len(raw))
	for i, s := range raw {
		if choices[i], err = strconv.Atoi(s); err != nil {
			return agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: choices[] must be option indexes (0, 1, ...), not %q.", s)
		}
	}
	b, err := a.posts.Vote(r.Context(), snap(r), id, choices)
	if err != nil {
		return err
	}
	return a.writePoll(w, b, id)
}

func (a statusHandlers) writePoll(w http.ResponseWriter, b *service.Bundle, id agora.ID) error {
	st, err := first(b)
	if err != nil {
		return err
	}
	p := a.conv.poll(b, st)
	if p == nil || st.ID != id {
		return agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return writeJSON(w, p)
}
