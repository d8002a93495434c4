package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"agora"
)

var mediaTests = []test{
	{"Media/CreateAndRead", testMediaCreateAndRead},
	{"Media/Attach", testMediaAttach},
	{"Media/AttachRefused", testMediaAttachRefused},
	{"Media/UpdateAndDelete", testMediaUpdateAndDelete},
	{"Media/Edit", testMediaEdit},
	{"Media/DeleteStatus", testMediaDeleteStatus},
	{"Media/RemovedStatus", testMediaRemovedStatus},
	{"Media/Unattached", testMediaUnattached},
}

// media uploads an unattached attachment of owner.
func (f *fixture) media(owner *agora.Account, desc string) *agora.MediaAttachment {
	f.t.Helper()
	id := ids.New()
	m := &agora.MediaAttachment{ID: id, AccountID: owner.ID, Type: agora.MediaImage, FileType: "image/png",
		Description: desc, FocusX: 0.5, FocusY: -0.25, Blurhash: "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
		Meta:    agora.MediaMeta{Width: 1000, Height: 500, Size: 12345, SmallWidth: 640, SmallHeight: 320, SmallSize: 2345},
		FileKey: fmt.Sprintf("%032x", uint64(id)), PreviewKey: fmt.Sprintf("%031xp", uint64(id))[:31] + "f", CreatedAt: id.Time()}
	if err := f.s.CreateMedia(f.ctx, m); err != nil {
		f.t.Fatalf("CreateMedia: %v", err)
	}
	return m
}

// withMedia attaches copies of the attachments to a status being made.
func withMedia(list ...*agora.MediaAttachment) func(*agora.Status) {
	return func(s *agora.Status) {
		for _, m := range list {
			c := *m
			s.Media = append(s.Media, &c)
		}
	}
}

// mediaIDs returns the IDs of the attachments, in order.
func mediaIDs(list []*agora.MediaAttachment) []agora.ID {
	out := make([]agora.ID, len(list))
	for i, m := range list {
		out[i] = m.ID
	}
	return out
}

func testMediaCreateAndRead(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me := f.account("me")
	m := f.media(me, "a cat")
	got, err := s.Media(t.Context(), m.ID)
	mustOK(t, err, "Media")
	want := *m
	want.CreatedAt = ms(m.CreatedAt)
	equal(t, "media", got, &want)
	for _, key := range []string{m.FileKey, m.PreviewKey} {
		byKey, err := s.MediaByKey(t.Context(), key)
		mustOK(t, err, "MediaByKey")
		if byKey.ID != m.ID {
			t.Errorf("MediaByKey(%s) = %d, want %d", key, byKey.ID, m.ID)
		}
	}
	_, err = s.MediaByKey(t.Context(), "0123")
	wantCode(t, err, agora.ENOTFOUND)
	_, err = s.Media(t.Context(), 12345)
	wantCode(t, err, agora.ENOTFOUND)
	dup := *m
	dup.ID = ids.New()
	wantCode(t, s.CreateMedia(t.Context(), &dup), agora.ECONFLICT) // the keys are taken
}

func testMediaAttach(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me := f.account("me")
	a, b := f.media(me, "first"), f.media(me, "second")
	st := f.status(me, "two pictures", withMedia(b, a))
	plain := f.status(me, "none")
	got := f.reloadStatus(st)
	equal(t, "media order", mediaIDs(got.Media), []agora.ID{b.ID, a.ID})
	for i, m := range got.Media {
		if m.StatusID != st.ID || m.Position != i {
			t.Errorf("media %d: status %d position %d, want %d %d", m.ID, m.StatusID, m.Position, st.ID, i)
		}
	}
	if len(f.reloadStatus(plain).Media) != 0 {
		t.Error("a status made without media reads some")
	}
	many, err := s.Statuses(t.Context(), []agora.ID{st.ID, plain.ID})
	mustOK(t, err, "Statuses")
	equal(t, "Statuses media", mediaIDs(many[st.ID].Media), []agora.ID{b.ID, a.ID})
	list, err := s.ListStatuses(t.Context(), agora.StatusQuery{AccountID: me.ID, Page: agora.Page{Limit: 10}})
	mustOK(t, err, "ListStatuses")
	for _, l := range list {
		if l.ID == st.ID {
			equal(t, "ListStatuses media", mediaIDs(l.Media), []agora.ID{b.ID, a.ID})
		}
	}
	f.status(me, "a boost", boostOf(st))
	only, err := s.ListStatuses(t.Context(), agora.StatusQuery{AccountID: me.ID, OnlyMedia: true, Page: agora.Page{Limit: 10}})
	mustOK(t, err, "ListStatuses only media")
	equal(t, "only media", statusIDs(only), []agora.ID{st.ID})
	if m, _ := s.Media(t.Context(), a.ID); m.StatusID != st.ID {
		t.Errorf("Media after attaching: status %d, want %d", m.StatusID, st.ID)
	}
}

func testMediaAttachRefused(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me, other := f.account("me"), f.account("other")
	theirs := f.media(other, "")
	mine := f.media(me, "")
	id := ids.New()
	st := &agora.Status{ID: id, AccountID: me.ID, Text: "x", Content: "<p>x</p>", Visibility: agora.VisibilityPublic,
		ThreadID: id, CreatedAt: id.Time()}
	withMedia(mine, theirs)(st)
	wantCode(t, s.CreateStatus(t.Context(), st, ""), agora.ECONFLICT)
	if _, err := s.Status(t.Context(), id); agora.ErrorCode(err) != agora.ENOTFOUND {
		t.Errorf("a status refused for another's media was stored (%v)", err)
	}
	if m, _ := s.Media(t.Context(), mine.ID); m.StatusID != 0 {
		t.Error("the author's medium stays attached to a status refused")
	}
	f.status(me, "first", withMedia(mine))
	id2 := ids.New()
	again := &agora.Status{ID: id2, AccountID: me.ID, Text: "y", Content: "<p>y</p>", Visibility: agora.VisibilityPublic,
		ThreadID: id2, CreatedAt: id2.Time()}
	withMedia(mine)(again)
	wantCode(t, s.CreateStatus(t.Context(), again, ""), agora.ECONFLICT) // attached already
}

func testMediaUpdateAndDelete(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me := f.account("me")
	m := f.media(me, "before")
	m.Description, m.FocusX, m.FocusY = "after", -1, 1
	mustOK(t, s.UpdateMedia(t.Context(), m), "UpdateMedia")
	got, _ := s.Media(t.Context(), m.ID)
	if got.Description != "after" || got.FocusX != -1 || got.FocusY != 1 {
		t.Errorf("after UpdateMedia: %q %v %v", got.Description, got.FocusX, got.FocusY)
	}
	attached := f.media(me, "attached")
	f.status(me, "with", withMedia(attached))
	attached.Description = "changed"
	wantCode(t, s.UpdateMedia(t.Context(), attached), agora.ECONFLICT)
	wantCode(t, s.DeleteMedia(t.Context(), attached.ID), agora.ECONFLICT)
	if got, _ := s.Media(t.Context(), attached.ID); got.Description != "attached" {
		t.Errorf("an attached medium's description changed to %q", got.Description)
	}
	mustOK(t, s.DeleteMedia(t.Context(), m.ID), "DeleteMedia")
	_, err := s.Media(t.Context(), m.ID)
	wantCode(t, err, agora.ENOTFOUND)
	wantCode(t, s.DeleteMedia(t.Context(), m.ID), agora.ENOTFOUND)
	wantCode(t, s.UpdateMedia(t.Context(), m), agora.ENOTFOUND)
}

func testMediaEdit(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me := f.account("me")
	a, b, c := f.media(me, "a"), f.media(me, "b"), f.media(me, "c")
	st := f.status(me, "pictures", withMedia(a, b))
	edited := *f.reloadStatus(st)
	edited.Media = nil
	withMedia(c, a)(&edited)
	edited.Media[1].Description, edited.Media[1].FocusX = "a, described again", 0.75
	edited.EditedAt = ms(edited.CreatedAt.Add(1000))
	hist := &agora.StatusEdit{ID: ids.New(), StatusID: st.ID, AccountID: me.ID, Text: "pictures", Content: "<p>pictures</p>",
		MediaIDs: []agora.ID{c.ID, a.ID}, CreatedAt: edited.EditedAt}
	u := &agora.StatusUpdate{Status: &edited, History: []*agora.StatusEdit{hist}}
	mustOK(t, s.UpdateStatus(t.Context(), u), "UpdateStatus")
	equal(t, "keys the edit dropped", sortedKeys(u.DroppedMediaKeys), sortedKeys([]string{b.FileKey, b.PreviewKey}))
	after := f.reloadStatus(st).Media
	equal(t, "media after the edit", mediaIDs(after), []agora.ID{c.ID, a.ID})
	if len(after) == 2 && (after[1].Description != "a, described again" || after[1].FocusX != 0.75) {
		t.Errorf("the edit's description and focus of a kept medium: %q %v", after[1].Description, after[1].FocusX)
	}
	_, err := s.Media(t.Context(), b.ID)
	wantCode(t, err, agora.ENOTFOUND) // dropped by the edit
	edits, err := s.StatusEdits(t.Context(), st.ID, 10)
	mustOK(t, err, "StatusEdits")
	if len(edits) != 1 {
		t.Fatalf("%d revisions, want 1", len(edits))
	}
	equal(t, "revision media", edits[0].MediaIDs, []agora.ID{c.ID, a.ID})

	// An edit made from a copy read before another edit added c (a race
	// between two edits) drops c too: the keys are what the store deleted,
	// not what the caller knew of.
	none := *st
	none.Media = nil
	u = &agora.StatusUpdate{Status: &none}
	mustOK(t, s.UpdateStatus(t.Context(), u), "UpdateStatus without media")
	equal(t, "keys the second edit dropped", sortedKeys(u.DroppedMediaKeys), sortedKeys([]string{a.FileKey, a.PreviewKey, c.FileKey, c.PreviewKey}))
	if got := f.reloadStatus(st); len(got.Media) != 0 {
		t.Errorf("an edit without media leaves %d", len(got.Media))
	}
	theirs := f.media(f.account("other"), "")
	bad := *f.reloadStatus(st)
	withMedia(theirs)(&bad)
	wantCode(t, s.UpdateStatus(t.Context(), &agora.StatusUpdate{Status: &bad}), agora.ECONFLICT)
}

func testMediaDeleteStatus(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me := f.account("me")
	m := f.media(me, "")
	st := f.status(me, "with", withMedia(m))
	time.Sleep(2 * time.Millisecond) // deleted in a later millisecond than uploaded
	mustOK(t, s.DeleteStatus(t.Context(), st.ID), "DeleteStatus")
	// Detached, for delete and redraft: unattached again, uploaded "now".
	got, err := s.Media(t.Context(), m.ID)
	mustOK(t, err, "Media after DeleteStatus")
	if got.StatusID != 0 || !got.CreatedAt.After(m.CreatedAt) {
		t.Errorf("after DeleteStatus: status %d, created %v (uploaded %v), want detached now", got.StatusID, got.CreatedAt, m.CreatedAt)
	}
	if byKey, err := s.MediaByKey(t.Context(), m.FileKey); err != nil || byKey.ID != m.ID {
		t.Errorf("MediaByKey after DeleteStatus: %v %v", byKey, err)
	}
	again := f.status(me, "redrafted", withMedia(m))
	equal(t, "redrafted media", mediaIDs(f.reloadStatus(again).Media), []agora.ID{m.ID})
}

// testMediaRemovedStatus: a removal by the legal desk (ApplyDecisions) deletes
// the media of the statuses it deletes, and names their files, rather than
// detaching them for a redraft.
func testMediaRemovedStatus(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me := f.account("me")
	a, b, kept := f.media(me, "a"), f.media(me, "b"), f.media(me, "kept")
	st := f.status(me, "with", withMedia(a, b))
	f.status(me, "another", withMedia(kept))
	o := f.order(newOrder(), []*agora.Target{newTarget(func(t *agora.Target) { t.SubjectID = st.ID })})
	batch := &agora.DecisionBatch{OrderID: o.ID, DeleteStatuses: []agora.ID{st.ID}}
	_, err := s.ApplyDecisions(t.Context(), batch)
	mustOK(t, err, "ApplyDecisions")
	for _, m := range []*agora.MediaAttachment{a, b} {
		_, err := s.Media(t.Context(), m.ID)
		wantCode(t, err, agora.ENOTFOUND)
		_, err = s.MediaByKey(t.Context(), m.FileKey)
		wantCode(t, err, agora.ENOTFOUND)
	}
	equal(t, "removed media keys", batch.RemovedMediaKeys, []string{a.FileKey, a.PreviewKey, b.FileKey, b.PreviewKey})
	if got, err := s.Media(t.Context(), kept.ID); err != nil || got.StatusID == 0 {
		t.Errorf("another status's medium after the removal: %+v %v", got, err)
	}
	again := *st
	again.ID = ids.New()
	again.Media = nil
	withMedia(a)(&again)
	if err := s.CreateStatus(t.Context(), &again, ""); err == nil {
		t.Error("a removed status's medium was attached again")
	}
}

func testMediaUnattached(t *testing.T, s agora.Store) {
	f := newFixture(t, s)
	me := f.account("me")
	first, second := f.media(me, "1"), f.media(me, "2")
	attached := f.media(me, "3")
	f.status(me, "with", withMedia(attached))
	time.Sleep(2 * time.Millisecond) // the last is uploaded in a later millisecond than the others
	last := f.media(me, "4")
	got, err := s.UnattachedMedia(t.Context(), last.CreatedAt, 0, 10)
	mustOK(t, err, "UnattachedMedia")
	equal(t, "unattached before the last", mediaIDs(got), []agora.ID{first.ID, second.ID})
	got, err = s.UnattachedMedia(t.Context(), last.CreatedAt.Add(time.Millisecond), 0, 1)
	mustOK(t, err, "UnattachedMedia")
	equal(t, "first page", mediaIDs(got), []agora.ID{first.ID})
	got, err = s.UnattachedMedia(t.Context(), last.CreatedAt.Add(time.Millisecond), first.ID, 2)
	mustOK(t, err, "UnattachedMedia")
	equal(t, "next page", mediaIDs(got), []agora.ID{second.ID, last.ID})
}

// sortedKeys returns the keys sorted.
func sortedKeys(keys []string) []string {
	out := slices.Clone(keys)
	slices.Sort(out)
	return out
}
