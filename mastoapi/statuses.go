package mastoapi

import (
	"net/http"

	"agora"
	"agora/internal/httpx"
	"agora/service"
)

func (a statusHandlers) postStatus(w http.ResponseWriter, r *http.Request) error {
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	var n service.NewStatus
	if n.Text, err = p.String("status"); err != nil {
		return err
	}
	if n.InReplyToID, err = p.ID("in_reply_to_id"); err != nil {
		return agora.Errorf(agora.ENOTFOUND, "The status replied to (in_reply_to_id) does not exist.")
	}
	if n.Visibility, err = p.String("visibility"); err != nil {
		return err
	}
	if n.SpoilerText, err = p.String("spoiler_text"); err != nil {
		return err
	}
	if n.Sensitive, err = p.Bool("sensitive"); err != nil {
		return err
	}
	if n.Language, err = p.String("language"); err != nil {
		return err
	}
	if n.MediaIDs, err = mediaIDs(p); err != nil {
		return err
	}
	if n.Poll, err = pollParams(p); err != nil {
		return err
	}
	n.IdempotencyKey = r.Header.Get("Idempotency-Key")
	if at, given, err := scheduledAt(p); err != nil {
		return err
	} else if given {
		return a.schedule(w, r, n, at) // scheduled.go
	}
	b, err := a.posts.PostStatus(r.Context(), snap(r), n)
	if err != nil {
		return err
	}
	return a.writeStatus(w, b)
}

func (a statusHandlers) getStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := a.posts.Status(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return a.writeStatus(w, b)
}

func (a statusHandlers) deleteStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	deleteMedia, err := p.Bool("delete_media")
	if err != nil {
		return err
	}
	b, err := a.posts.DeleteStatusMedia(r.Context(), snap(r), id, deleteMedia)
	if err != nil {
		return err
	}
	st, err := first(b)
	if err != nil {
		return err
	}
	e := a.conv.status(b, st)
	e.Text = &st.Text
	return writeJSON(w, e)
}

func (a statusHandlers) statusContext(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	up, down, err := a.posts.Context(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, Context{Ancestors: a.conv.statuses(up), Descendants: a.conv.statuses(down)})
}
