package mastoapi

import (
	"net/http"
	"time"

	"agora"
	"agora/internal/httpx"
	"agora/service"
)

// ScheduledStatus is a status to be published later.
type ScheduledStatus struct {
	ID               string            `json:"id"`
	ScheduledAt      string            `json:"scheduled_at"`
	Params           ScheduledParams   `json:"params"`
	MediaAttachments []MediaAttachment `json:"media_attachments"`
}

// ScheduledParams are the parameters the status will be posted with.
type ScheduledParams struct {
	Text          string               `json:"text"`
	Visibility    string               `json:"visibility"`
	InReplyToID   *int64               `json:"in_reply_to_id"`
	SpoilerText   *string              `json:"spoiler_text"`
	Sensitive     *bool                `json:"sensitive"`
	Language      *string              `json:"language"`
	Idempotency   *string              `json:"idempotency"`
	MediaIDs      []string             `json:"media_ids"`
	Poll          *ScheduledPollParams `json:"poll"`
	ScheduledAt   *string              `json:"scheduled_at"`
	ApplicationID int64                `json:"application_id"`
	WithRateLimit bool                 `json:"with_rate_limit"`
}

// ScheduledPollParams are the poll the status will be posted with; its
// expires_in counts from publication.
type ScheduledPollParams struct {
	Options    []string `json:"options"`
	ExpiresIn  int64    `json:"expires_in"`
	Multiple   bool     `json:"multiple"`
	HideTotals bool     `json:"hide_totals"`
}

// scheduledEntity converts a scheduled status of the viewer's, with the media
// it will attach (those the viewer has not deleted meanwhile).
func (a statusHandlers) scheduledEntity(r *http.Request, s *agora.ScheduledStatus) *ScheduledStatus {
	p := s.Params
	e := &ScheduledStatus{ID: s.ID.String(), ScheduledAt: formatTime(s.ScheduledAt), MediaAttachments: []MediaAttachment{},
		Params: ScheduledParams{Text: p.Text, Visibility: p.Visibility, Sensitive: &p.Sensitive, ApplicationID: int64(p.ApplicationID)}}
	if e.Params.Visibility == "" {
		e.Params.Visibility = string(agora.VisibilityPublic)
	}
	if p.InReplyToID != 0 {
		id := int64(p.InReplyToID)
		e.Params.InReplyToID = &id
	}
	if p.SpoilerText != "" {
		e.Params.SpoilerText = &p.SpoilerText
	}
	if p.Language != "" {
		e.Params.Language = &p.Language
	}
	if p.IdempotencyKey != "" {
		e.Params.Idempotency = &p.IdempotencyKey
	}
	if p.Poll != nil {
		e.Params.Poll = &ScheduledPollParams{Options: p.Poll.Options, ExpiresIn: p.Poll.ExpiresIn,
			Multiple: p.Poll.Multiple, HideTotals: p.Poll.HideTotals}
	}
	for _, id := range p.MediaIDs {
		e.Params.MediaIDs = append(e.Params.MediaIDs, id.String())
		if m, err := a.media.Media(r.Context(), snap(r), id); err == nil {
			e.MediaAttachments = append(e.MediaAttachments, a.conv.media(m))
		}
	}
	return e
}

// scheduledAt reads scheduled_at: given is false when it is absent or empty.
// A value that is not an ISO 8601 date and time is EUNPROCESSABLE.
func scheduledAt(p *httpx.Params) (at time.Time, given bool, err error) {
	s, err := p.String("scheduled_at")
	if err != nil || s == "" {
		return time.Time{}, false, err
	}
	at, err = time.Parse(time.RFC3339Nano, s)
	if err != nil {
		msg := "Scheduled time must be a date and time such as 2030-01-02T15:04:05Z."
		return time.Time{}, true, &agora.Error{Code: agora.EUNPROCESSABLE, Message: "Validation failed: " + msg,
			Details: map[string][]string{"scheduled_at": {"ERR_INVALID", msg}}}
	}
	return at, true, nil
}

// schedule answers POST /api/v1/statuses with scheduled_at: a ScheduledStatus,
// not a Status, as Mastodon answers.
func (a statusHandlers) schedule(w http.ResponseWriter, r *http.Request, n service.NewStatus, at time.Time) error {
	var appID agora.ID
	if auth := authOf(r); auth != nil && auth.App != nil {
		appID = auth.App.ID
	}
	sc, err := a.social.ScheduleStatus(r.Context(), snap(r), n, at, appID)
	if err != nil {
		return err
	}
	return writeJSON(w, a.scheduledEntity(r, sc))
}

func (a statusHandlers) scheduledStatuses(w http.ResponseWriter, r *http.Request) error {
	_, pg, err := readPage(r)
	if err != nil {
		return err
	}
	list, err := a.social.ScheduledStatuses(r.Context(), snap(r), pg)
	if err != nil {
		return err
	}
	out := make([]*ScheduledStatus, len(list))
	for i, s := range list {
		out[i] = a.scheduledEntity(r, s)
	}
	if len(list) > 0 {
		setLink(w, r, a.conv.base, list[0].ID, list[len(list)-1].ID)
	}
	return writeJSON(w, out)
}

func (a statusHandlers) scheduledStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sc, err := a.social.ScheduledStatus(r.Context(), snap(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, a.scheduledEntity(r, sc))
}

func (a statusHandlers) reschedule(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := httpx.ReadParams(r)
	if err != nil {
		return err
	}
	at, given, err := scheduledAt(p)
	if err != nil {
		return err
	}
	if !given {
		return agora.Errorf(agora.EUNPROCESSABLE, "Parameter scheduled_at is required.")
	}
	sc, err := a.social.RescheduleStatus(r.Context(), snap(r), id, at)
	if err != nil {
		return err
	}
	return writeJSON(w, a.scheduledEntity(r, sc))
}
