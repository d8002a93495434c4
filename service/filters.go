package service

import (
	"context"
	"strings"
	"time"

	"agora"
	"agora/visibility"
)

// FilterUpdate is what creating or updating a filter sets; nil fields keep
// their value on update (on create: action warn, no expiry).
type FilterUpdate struct {
	Title   *string
	Context *[]agora.FilterContext
	Action  *agora.FilterAction
	// ExpiresIn is the filter's life from now, in seconds; 0 for never.
	// Validated by the caller: 0 to agora.MaxFilterExpiresIn.
	ExpiresIn *int
	// Keywords change the filter's keywords, in order (keywords_attributes).
	Keywords []KeywordChange
}

// KeywordChange is one entry of keywords_attributes: a new keyword (ID 0), a
// change to one of the filter's keywords, or its removal (Destroy).
type KeywordChange struct {
	ID        agora.ID
	Keyword   *string
	WholeWord *bool
	Destroy   bool
}

// CreateFilter makes a filter of the viewer. EUNPROCESSABLE names the fields
// that fail (agora.Filter.Validate) or says that the viewer would pass
// agora.DefaultFilterLimits (filters, keywords in all); nothing is written
// then.
func (s *Timelines) CreateFilter(ctx context.Context, v *visibility.Snapshot, u FilterUpdate) (*agora.Filter, error) {
	id := s.ids.New()
	now := s.now()
	f := &agora.Filter{ID: id, AccountID: v.Viewer().ID, Action: agora.FilterWarn, CreatedAt: now,
		Keywords: []*agora.FilterKeyword{}, Statuses: []*agora.FilterStatus{}}
	if u.Title == nil {
		u.Title = new(string)
	}
	s.applyFilterUpdate(f, u, now)
	for _, c := range u.Keywords { // a new filter's keywords are all new
		if !c.Destroy {
			k := &agora.FilterKeyword{ID: s.ids.New(), FilterID: f.ID, WholeWord: true}
			setKeyword(k, c.Keyword, c.WholeWord)
			f.Keywords = append(f.Keywords, k)
		}
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if err := s.store.CreateFilter(ctx, f, agora.DefaultFilterLimits); err != nil {
		return nil, err
	}
	return f, nil
}

// applyFilterUpdate sets on f the fields u gives, its keywords aside.
func (s *core) applyFilterUpdate(f *agora.Filter, u FilterUpdate, now time.Time) {
	if u.Title != nil {
		f.Title = strings.TrimSpace(*u.Title)
	}
	if u.Context != nil {
		f.Context = nil
		for _, c := range *u.Context {
			if !contains(f.Context, c) {
				f.Context = append(f.Context, c)
			}
		}
	}
	if u.Action != nil {
		f.Action = *u.Action
	}
	if u.ExpiresIn != nil {
		f.ExpiresAt = time.Time{}
		if *u.ExpiresIn > 0 {
			f.ExpiresAt = now.Add(time.Duration(*u.ExpiresIn) * time.Second).Truncate(timePrecision)
		}
	}
}

// keywordEdits turns keywords_attributes into the edits the store applies in
// the update's transaction, giving new keywords their IDs. EUNPROCESSABLE for
// a new or changed keyword that is blank or too long, or more changes than a
// filter may have keywords twice over.
func (s *core) keywordEdits(changes []KeywordChange) ([]agora.FilterKeywordEdit, error) {
	if len(changes) > 2*agora.MaxFilterKeywords {
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: keywords_attributes has %d entries; at most %d.", len(changes), 2*agora.MaxFilterKeywords)
	}
	edits := make([]agora.FilterKeywordEdit, 0, len(changes))
	for _, c := range changes {
		e := agora.FilterKeywordEdit{ID: c.ID, Destroy: c.Destroy, WholeWord: c.WholeWord}
		if c.ID == 0 {
			if c.Destroy {
				continue
			}
			e.ID, e.New = s.ids.New(), true
		}
		if !c.Destroy && (e.New || c.Keyword != nil) {
			k := agora.FilterKeyword{}
			setKeyword(&k, c.Keyword, nil)
			if err := agora.ValidationFailed(k.Validate()); err != nil {
				return nil, err
			}
			e.Keyword = &k.Keyword
		}
		edits = append(edits, e)
	}
	return edits, nil
}

func setKeyword(k *agora.FilterKeyword, keyword *string, whole *bool) {
	if keyword != nil {
		k.Keyword = strings.TrimSpace(*keyword)
	}
	if whole != nil {
		k.WholeWord = *whole
	}
}

func indexKeyword(ks []*agora.FilterKeyword, id agora.ID) int {
	for i, k := range ks {
		if k.ID == id {
			return i
		}
	}
	return -1
}

func contains[T comparable](list []T, x T) bool {
	for _, e := range list {
		if e == x {
			return true
		}
	}
	return false
}

// Filter returns the viewer's filter, its statuses read through the gate
// (seeFilterStatuses). ENOTFOUND for a filter of someone else, as for none.
func (s *Timelines) Filter(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Filter, error) {
	f, err := s.ownFilter(ctx, v, id)
	if err != nil {
		return nil, err
	}
	return f, s.seeFilterStatuses(ctx, v, []*agora.Filter{f})
}

// ownFilter returns the viewer's filter with every status it names.
// ENOTFOUND for a filter of someone else, as for none.
func (s *core) ownFilter(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.Filter, error) {
	f, err := s.store.Filter(ctx, id)
	if err != nil {
		return nil, err
	}
	if f.AccountID != v.Viewer().ID {
		return nil, agora.Errorf(agora.ENOTFOUND, "Record not found.")
	}
	return f, nil
}

// Filters returns the viewer's filters, oldest first, expired ones too, their
// statuses read through the gate (seeFilterStatuses).
func (s *Timelines) Filters(ctx context.Context, v *visibility.Snapshot) ([]*agora.Filter, error) {
	fs, err := s.store.Filters(ctx, v.Viewer().ID)
	if err != nil {
		return nil, err
	}
	return fs, s.seeFilterStatuses(ctx, v, fs)
}

// seeFilterStatuses leaves out of the filters' statuses those the viewer may
// no longer see (withheld from the viewer since, deleted, or out of its
// audience), as every list leaves them out: a filter does not even name them.
// They stay stored, and match nothing, as only what the gate lets through is
// matched.
func (s *core) seeFilterStatuses(ctx context.Context, v *visibility.Snapshot, fs []*agora.Filter) error {
	seen, _, err := s.visibleFilterStatuses(ctx, v, fs)
	if err != nil {
		return err
	}
	for _, f := range fs {
		out := f.Statuses[:0:0]
		for _, x := range f.Statuses {
			if seen[x.StatusID] {
				out = append(out, x)
			}
		}
		f.Statuses = out
	}
	return nil
}

// visibleFilterStatuses returns which of the statuses the filters name the
// viewer may see, and how many of them exist (seen or not).
func (s *core) visibleFilterStatuses(ctx context.Context, v *visibility.Snapshot, fs []*agora.Filter) (seen map[agora.ID]bool, existing int, err error) {
	var ids []agora.ID
	for _, f := range fs {
		for _, x := range f.Statuses {
			ids = append(ids, x.StatusID)
		}
	}
	if len(ids) == 0 {
		return nil, 0, nil
	}
	found, err := s.store.Statuses(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	list := make([]*agora.Status, 0, len(found))
	for _, st := range found {
		list = append(list, st)
	}
	kept, err := v.Statuses(ctx, list, visibility.Direct)
	if err != nil {
		return nil, 0, err
	}
	seen = make(map[agora.ID]bool, len(kept.Kept))
	for _, st := range kept.Kept {
		seen[st.ID] = true
	}
	return seen, len(list), nil
}

// UpdateFilter changes the viewer's filter. Its keywords_attributes are
// applied as changes in the store's transaction, so a keyword added meanwhile
// stays, and the keyword limits are counted there. A change naming a keyword
// the filter does not have is ENOTFOUND; other errors as Filter and
// CreateFilter. Nothing is written when any is returned.
func (s *Timelines) UpdateFilter(ctx context.Context, v *visibility.Snapshot, id agora.ID, u FilterUpdate) (*agora.Filter, error) {
	f, err := s.ownFilter(ctx, v, id)
	if err != nil {
		return nil, err
	}
	edits, err := s.keywordEdits(u.Keywords)
	if err != nil {
		return nil, err
	}
	s.applyFilterUpdate(f, u, s.now())
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if err := s.store.UpdateFilter(ctx, f, edits, agora.DefaultFilterLimits); err != nil {
		return nil, err
	}
	return f, s.seeFilterStatuses(ctx, v, []*agora.Filter{f})
}

// DeleteFilter deletes the viewer's filter. Errors as Filter.
func (s *Timelines) DeleteFilter(ctx context.Context, v *visibility.Snapshot, id agora.ID) error {
	f, err := s.ownFilter(ctx, v, id)
	if err != nil {
		return err
	}
	return s.store.DeleteFilter(ctx, f.ID)
}

// AddFilterKeyword adds a keyword to the viewer's filter. EUNPROCESSABLE for
// a blank or too long keyword, or when the filter or the viewer has as many
// keywords as agora.DefaultFilterLimits allow; errors of Filter.
func (s *Timelines) AddFilterKeyword(ctx context.Context, v *visibility.Snapshot, filterID agora.ID, keyword string, wholeWord *bool) (*agora.FilterKeyword, error) {
	f, err := s.ownFilter(ctx, v, filterID)
	if err != nil {
		return nil, err
	}
	k := &agora.FilterKeyword{ID: s.ids.New(), FilterID: f.ID, WholeWord: true}
	setKeyword(k, &keyword, wholeWord)
	if err := agora.ValidationFailed(k.Validate()); err != nil {
		return nil, err
	}
	if err := s.store.AddFilterKeyword(ctx, k, agora.DefaultFilterLimits); err != nil {
		return nil, err
	}
	return k, nil
}

// FilterKeyword returns a keyword of one of the viewer's filters. ENOTFOUND
// for one of someone else's, as for none.
func (s *Timelines) FilterKeyword(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.FilterKeyword, error) {
	k, err := s.store.FilterKeyword(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.ownFilter(ctx, v, k.FilterID); err != nil {
		return nil, err
	}
	return k, nil
}

// UpdateFilterKeyword changes a keyword of the viewer's. Errors as
// FilterKeyword and AddFilterKeyword.
func (s *Timelines) UpdateFilterKeyword(ctx context.Context, v *visibility.Snapshot, id agora.ID, keyword *string, wholeWord *bool) (*agora.FilterKeyword, error) {
	k, err := s.FilterKeyword(ctx, v, id)
	if err != nil {
		return nil, err
	}
	setKeyword(k, keyword, wholeWord)
	if err := agora.ValidationFailed(k.Validate()); err != nil {
		return nil, err
	}
	if err := s.store.UpdateFilterKeyword(ctx, k); err != nil {
		return nil, err
	}
	return k, nil
}

// DeleteFilterKeyword deletes a keyword of the viewer's. Errors as
// FilterKeyword.
func (s *Timelines) DeleteFilterKeyword(ctx context.Context, v *visibility.Snapshot, id agora.ID) error {
	k, err := s.FilterKeyword(ctx, v, id)
	if err != nil {
		return err
	}
	return s.store.DeleteFilterKeyword(ctx, k.ID)
}

// AddFilterStatus adds a status to the viewer's filter. The status is read
// through the gate as fetching it is: ENOTFOUND when the viewer may not see
// it, EWITHHELD when a rule withholds it. EUNPROCESSABLE when the filter has
// the status already or agora.MaxFilterStatuses statuses the viewer can see
// (those it no longer can are not counted, up to as many again; those deleted
// are removed); errors of Filter.
func (s *Timelines) AddFilterStatus(ctx context.Context, v *visibility.Snapshot, filterID, statusID agora.ID) (*agora.FilterStatus, error) {
	f, err := s.ownFilter(ctx, v, filterID)
	if err != nil {
		return nil, err
	}
	if _, err := s.visibleStatus(ctx, v, statusID); err != nil {
		return nil, err
	}
	// The filter's statuses the viewer may no longer see (withheld since, or
	// out of its audience) are left out of every list, so the viewer cannot
	// remove them: they do not count, up to MaxFilterStatuses of them. Those
	// deleted since are purged by the store.
	seen, existing, err := s.visibleFilterStatuses(ctx, v, []*agora.Filter{f})
	if err != nil {
		return nil, err
	}
	hidden := min(existing-len(seen), agora.MaxFilterStatuses)
	fs := &agora.FilterStatus{ID: s.ids.New(), FilterID: f.ID, StatusID: statusID}
	switch err := s.store.AddFilterStatus(ctx, fs, agora.MaxFilterStatuses+hidden); {
	case agora.ErrorCode(err) == agora.EUNPROCESSABLE:
		return nil, agora.Errorf(agora.EUNPROCESSABLE, "Validation failed: A filter cannot have more than %d statuses.", agora.MaxFilterStatuses)
	case agora.ErrorCode(err) == agora.ECONFLICT:
		return nil, &agora.Error{Code: agora.EUNPROCESSABLE, Message: "Validation failed: Status has already been taken",
			Details: map[string][]string{"status_id": {"ERR_TAKEN", "Status has already been taken"}}}
	case err != nil:
		return nil, err
	}
	return fs, nil
}

// FilterStatus returns a status of one of the viewer's filters, its status
// read through the gate as fetching it is: EWITHHELD when a rule withholds it
// from the viewer, ENOTFOUND when the viewer may not see it (or it is gone),
// and for one of someone else's filters, as for none.
func (s *Timelines) FilterStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.FilterStatus, error) {
	fs, err := s.ownFilterStatus(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.visibleStatus(ctx, v, fs.StatusID); err != nil {
		return nil, err
	}
	return fs, nil
}

// ownFilterStatus returns the filter status of one of the viewer's filters.
// ENOTFOUND for one of someone else's, as for none.
func (s *core) ownFilterStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.FilterStatus, error) {
	fs, err := s.store.FilterStatus(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.ownFilter(ctx, v, fs.FilterID); err != nil {
		return nil, err
	}
	return fs, nil
}

// DeleteFilterStatus removes a status from the viewer's filter, withheld from
// the viewer or not (undoing is always allowed). ENOTFOUND for one of
// someone else's filters, as for none.
func (s *Timelines) DeleteFilterStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID) error {
	fs, err := s.ownFilterStatus(ctx, v, id)
	if err != nil {
		return err
	}
	return s.store.DeleteFilterStatus(ctx, fs.ID)
}
