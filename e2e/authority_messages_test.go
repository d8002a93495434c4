package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-mastodon"

	"agora"
	"agora/agoratest"
	authwire "agora/authorityapi/wire"
	"agora/legalapi/client"
	"agora/legalapi/wire"
)

// auPart is one part of a multipart body: a field (file "") or a file.
type auPart struct{ field, file, contentType, data string }

// auForm encodes parts as multipart/form-data and returns the content type and
// the body.
func auForm(t testing.TB, parts ...auPart) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		disp := fmt.Sprintf(`form-data; name="%s"`, p.field)
		if p.file != "" {
			disp += fmt.Sprintf(`; filename="%s"`, p.file)
		}
		h.Set("Content-Disposition", disp)
		if p.contentType != "" {
			h.Set("Content-Type", p.contentType)
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(p.data))
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), buf.String()
}

// raw sends a body of the content type and keeps the answer.
func (c *auClient) raw(method, path, contentType, body string, header ...string) (int, []byte, http.Header) {
	c.t.Helper()
	code, data, h := c.r.do(method, path, c.token, contentType, body, header...)
	*c.bodies = append(*c.bodies, method+" "+path+" -> "+string(data))
	return code, data, h
}

// failRaw sends a raw body and checks the status and that the error names words.
func (c *auClient) failRaw(method, path, contentType, body string, want int, words ...string) {
	c.t.Helper()
	code, data, _ := c.raw(method, path, contentType, body)
	if code != want {
		c.t.Errorf("%s %s (%s) = %d %s, want %d", method, path, contentType, code, lgShort(data), want)
		return
	}
	var e authwire.Error
	if err := json.Unmarshal(data, &e); err != nil || e.Error == "" {
		c.t.Errorf("%s %s: %d answer %s is not an error body", method, path, code, lgShort(data))
	}
	for _, w := range words {
		if !strings.Contains(e.Error, w) {
			c.t.Errorf("%s %s: error %q does not say %q", method, path, e.Error, w)
		}
	}
}

// message posts a message as JSON and returns it, failing unless 201.
func (c *auClient) message(orderID string, in authwire.MessageInput, header ...string) (*authwire.Message, http.Header) {
	c.t.Helper()
	code, body, h := c.do("POST", "/api/v1/authority/orders/"+orderID+"/messages", in, header...)
	if code != http.StatusCreated {
		c.t.Fatalf("POST messages = %d %s, want 201", code, lgShort(body))
	}
	var m authwire.Message
	mustJSON(c.t.(*testing.T), body, &m)
	return &m, h
}

// messages reads a page of the dialogue.
func (c *auClient) messages(orderID, query string) ([]*authwire.Message, http.Header) {
	c.t.Helper()
	code, body, h := c.do("GET", "/api/v1/authority/orders/"+orderID+"/messages"+query, nil)
	if code != http.StatusOK {
		c.t.Fatalf("GET messages = %d %s", code, lgShort(body))
	}
	var list []*authwire.Message
	mustJSON(c.t.(*testing.T), body, &list)
	return list, h
}

// document downloads a document and checks its bytes, type and digest.
func (c *auClient) document(orderID, docID, wantType, wantData string) {
	c.t.Helper()
	code, body, h := c.do("GET", "/api/v1/authority/orders/"+orderID+"/documents/"+docID, nil)
	sum := sha256.Sum256([]byte(wantData))
	if code != http.StatusOK || string(body) != wantData || h.Get("Content-Type") != wantType ||
		h.Get("Digest") != "sha-256="+hex.EncodeToString(sum[:]) || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") {
		c.t.Errorf("GET document %s = %d %q (type %q, digest %q, disposition %q), want %q of %s",
			docID, code, lgShort(body), h.Get("Content-Type"), h.Get("Digest"), h.Get("Content-Disposition"), wantData, wantType)
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func hexSum(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestAuthority_Messages(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { auMessages(t, b) })
	}
}

func auMessages(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	p := newAuParties(t, r)
	staff, lc, in, de, bodies := p.staff, p.lc, p.in, p.de, p.bodies
	r.mustAccount("aumsg")
	post(t, r.passwordLogin("aumsg"), &mastodon.Toot{Status: "hello", Visibility: "public"})
	rc, _ := in.submit(authwire.OrderInput{Reference: "No. 2/2026", TerritorialScope: []string{"IN"}, Targets: []string{r.srv.URL + "/@aumsg"}}, "")
	oid := rc.ID
	path := "/api/v1/authority/orders/" + oid + "/messages"

	// A message with two documents, under a key; a retry answers the same.
	first := authwire.MessageInput{Text: "Please report on the effect given.", Documents: []*authwire.Document{
		{Name: "letter.pdf", ContentType: "application/pdf", Data: b64("%PDF-letter")},
		{Name: "annexure.txt", Data: b64("annexure")},
	}}
	m1, _ := in.message(oid, first, "Idempotency-Key", "msg-1")
	if m1.Direction != "in" || m1.Kind != nil || m1.Text != first.Text || len(m1.Documents) != 2 ||
		m1.Documents[0].SHA256 != hexSum("%PDF-letter") || m1.Documents[1].ContentType != "application/octet-stream" || m1.Documents[1].Size != 8 {
		t.Errorf("message = %+v, want the text and two documents", m1)
	}
	again, h := in.message(oid, first, "Idempotency-Key", "msg-1")
	if again.ID != m1.ID || h.Get("Idempotent-Replayed") != "true" {
		t.Errorf("retry = %s (replayed %q), want %s", again.ID, h.Get("Idempotent-Replayed"), m1.ID)
	}
	code, body, _ := in.do("POST", path, authwire.MessageInput{Text: "another"}, "Idempotency-Key", "msg-1")
	if code != http.StatusUnprocessableEntity || !strings.Contains(string(body), "Idempotency-Key") {
		t.Errorf("same key, other message = %d %s, want 422", code, lgShort(body))
	}

	// The desk sees it in the order's correspondence, from the authority.
	corr := lc.correspondence(oid)
	if len(corr) != 1 || corr[0].Direction != "in" || corr[0].Channel != "authority_api" || corr[0].Parties != "Ministry of Electronics and IT" ||
		corr[0].Summary != first.Text || len(corr[0].Documents) != 2 || lgStr(corr[0].DocumentID) != corr[0].Documents[0].ID {
		t.Fatalf("the desk's correspondence = %s, want the authority's message with both documents", lgJSON(corr))
	}
	got, err := lc.api.Document(t.Context(), corr[0].Documents[1].ID)
	lc.ok(err)
	if string(got.Data) != "annexure" {
		t.Errorf("the desk reads %q, want the document sent", got.Data)
	}

	// The desk answers on the channel with a document; a letter by e-mail and
	// its document stay the desk's.
	note := "internal: " + auNoteWord
	answer := lc.addCorrespondence(oid, wire.CorrespondenceInput{Direction: "out", Channel: "authority_api", Parties: "Agora Legal to MeitY",
		Summary: "Effect was given to item 1.", Documents: []*wire.Document{{Name: "report.csv", ContentType: "text/csv", Data: b64("position,effect\n1,effect_given\n")}}})
	email := lc.addCorrespondence(oid, wire.CorrespondenceInput{Direction: "out", Channel: "email", Parties: "Agora Legal", Summary: note,
		Document: &wire.Document{Name: "internal.txt", Data: b64(note)}})
	staffNotice := lc.addNotice(oid, wire.NoticeInput{Kind: "other", Summary: note, Document: &wire.Document{Name: "n.txt", Data: b64(note)}})
	lc.fail("POST", "/api/v1/legal/orders/"+oid+"/correspondence", "", wire.CorrespondenceInput{Direction: "in", Channel: "authority_api", Summary: "forged"}, 422, "authority")
	lc.fail("POST", "/api/v1/legal/orders/"+oid+"/correspondence", "", wire.CorrespondenceInput{Direction: "out", Channel: "authority_api", Summary: "Regards, " + staff.Username}, 422, "staff")

	list, _ := in.messages(oid, "")
	if len(list) != 2 || list[0].ID != m1.ID || list[1].ID != answer.ID || list[1].Direction != "out" || list[1].Text != "Effect was given to item 1." || len(list[1].Documents) != 1 {
		t.Fatalf("IN's messages = %s, want its message and the desk's answer", lgJSON(list))
	}
	in.document(oid, list[1].Documents[0].ID, "text/csv", "position,effect\n1,effect_given\n")
	in.document(oid, m1.Documents[0].ID, "application/pdf", "%PDF-letter")
	in.fail("GET", "/api/v1/authority/orders/"+oid+"/documents/"+email.Documents[0].ID, nil, http.StatusNotFound)
	in.fail("GET", "/api/v1/authority/orders/"+oid+"/documents/"+lgStr(staffNotice.DocumentID), nil, http.StatusNotFound)

	// A hearing as multipart, with a deadline: a notice on the desk, which
	// makes the order overdue once it passes, until the desk answers it.
	deadline := time.Now().Add(1500 * time.Millisecond).UTC()
	ct, form := auForm(t, auPart{field: "text", data: "A hearing is fixed."}, auPart{field: "kind", data: "hearing"},
		auPart{field: "deadline", data: deadline.Format(time.RFC3339Nano)},
		auPart{field: "documents[]", file: "hearing.pdf", contentType: "application/pdf", data: "%PDF-hearing"})
	code, body, _ = in.raw("POST", path, ct, form, "Idempotency-Key", "hearing-1")
	var hearing authwire.Message
	if code != http.StatusCreated {
		t.Fatalf("multipart hearing = %d %s", code, lgShort(body))
	}
	mustJSON(t, body, &hearing)
	if lgStr(hearing.Kind) != "hearing" || hearing.Deadline == nil || !hearing.Deadline.Equal(deadline.Truncate(time.Millisecond)) || len(hearing.Documents) != 1 {
		t.Errorf("hearing = %s, want a hearing with its deadline and document", body)
	}
	// The same parts under the same key, with another boundary: a retry.
	ct, form = auForm(t, auPart{field: "text", data: "A hearing is fixed."}, auPart{field: "kind", data: "hearing"},
		auPart{field: "deadline", data: deadline.Format(time.RFC3339Nano)},
		auPart{field: "documents[]", file: "hearing.pdf", contentType: "application/pdf", data: "%PDF-hearing"})
	if code, body, h := in.raw("POST", path, ct, form, "Idempotency-Key", "hearing-1"); code != http.StatusCreated || h.Get("Idempotent-Replayed") != "true" || !strings.Contains(string(body), hearing.ID) {
		t.Errorf("multipart retry = %d %s (replayed %q), want the hearing again", code, lgShort(body), h.Get("Idempotent-Replayed"))
	}
	notices := lc.notices(oid)
	var hn *wire.Notice
	for _, n := range notices {
		if n.Kind == "hearing" {
			hn = n
		}
	}
	if hn == nil || lgStr(hn.DocumentID) != hearing.Documents[0].ID || lgStr(hn.Deadline) == "" {
		t.Fatalf("the desk's notices = %s, want the hearing with its document and deadline", lgJSON(notices))
	}
	if lc.getOrder(oid).Overdue {
		t.Error("overdue before the hearing's deadline")
	}
	time.Sleep(time.Until(deadline) + 100*time.Millisecond)
	if !lc.getOrder(oid).Overdue {
		t.Error("not overdue after the hearing's deadline passed")
	}
	_, err = lc.api.AnswerNotice(t.Context(), hn.ID)
	lc.ok(err)
	if lc.getOrder(oid).Overdue {
		t.Error("overdue after the hearing was answered")
	}
	list, _ = in.messages(oid, "")
	if len(list) != 3 || list[2].AnsweredAt == nil {
		t.Errorf("IN's messages = %s, want the hearing answered", lgJSON(list))
	}

	// Paging, oldest first.
	var paged []string
	next := "?limit=1"
	for i := 0; next != "" && i < 10; i++ {
		page, h := in.messages(oid, next)
		for _, m := range page {
			paged = append(paged, m.ID)
		}
		next = ""
		if link := h.Get("Link"); link != "" {
			next = link[strings.Index(link, "?"):strings.Index(link, ">")]
		}
	}
	if want := []string{m1.ID, answer.ID, hearing.ID}; strings.Join(paged, " ") != strings.Join(want, " ") {
		t.Errorf("paged messages = %v, want %v", paged, want)
	}

	// The desk withholds the item; the authority revokes the order: the rule
	// is lifted and the order closed, in one step with the message.
	for _, tg := range lc.targets(oid, "") {
		lc.decide(oid, wire.DecisionInput{TargetIDs: []string{tg.ID}, Action: "withhold", Countries: []string{"IN"}, Note: note}, false)
	}
	if e := in.order(oid).Targets[0].Effect; e != "effect_given" {
		t.Fatalf("effect before revocation = %s", e)
	}
	rev, _ := in.message(oid, authwire.MessageInput{Text: "The order is revoked.", Kind: "revocation"})
	if lgStr(rev.Kind) != "revocation" {
		t.Errorf("revocation = %+v", rev)
	}
	o := in.order(oid)
	if o.State != "closed" || o.RevokedAt == nil || o.Targets[0].Effect != "lifted" {
		t.Errorf("after the revocation: state %s, revoked %v, effect %s; want closed, revoked, lifted", o.State, o.RevokedAt, o.Targets[0].Effect)
	}
	in.fail("POST", path, authwire.MessageInput{Text: "Revoked again.", Kind: "revocation"}, http.StatusConflict, "revoked already")
	// The dialogue goes on after the order is closed.
	in.message(oid, authwire.MessageInput{Text: "Thank you."})

	// An emergency order is confirmed by a message; another is not one.
	erc, _ := in.submit(authwire.OrderInput{Reference: "Emergency 1", Emergency: true, Targets: []string{"@nobody"}}, "")
	in.fail("POST", path, authwire.MessageInput{Text: "Confirmed.", Kind: "emergency_confirmation"}, http.StatusUnprocessableEntity, "not an emergency order")
	in.message(erc.ID, authwire.MessageInput{Text: "Confirmed by the committee.", Kind: "emergency_confirmation"})
	if lc.getOrder(erc.ID).ConfirmedAt == nil {
		t.Error("the emergency order is not confirmed after the authority's confirmation")
	}

	// Isolation: DE gets 404 for IN's dialogue and documents.
	de.fail("GET", path, nil, http.StatusNotFound)
	de.fail("POST", path, authwire.MessageInput{Text: "hello"}, http.StatusNotFound)
	de.fail("GET", "/api/v1/authority/orders/"+oid+"/documents/"+m1.Documents[0].ID, nil, http.StatusNotFound)
	deRc, _ := de.submit(authwire.OrderInput{Reference: "BfJ 1", Targets: []string{"@nobody"}}, "")
	de.fail("GET", "/api/v1/authority/orders/"+deRc.ID+"/documents/"+m1.Documents[0].ID, nil, http.StatusNotFound)
	in.fail("GET", "/api/v1/authority/orders/"+deRc.ID+"/messages", nil, http.StatusNotFound)

	// The audit trail shows the authority's messages.
	actions := lgActions(lc.audit("order:" + oid))
	if !strings.Contains(strings.Join(actions, " "), "correspondence.in") || !strings.Contains(strings.Join(actions, " "), "notice.revocation") {
		t.Errorf("audit of the order = %v, want the messages and the revocation", actions)
	}

	// No answer to an authority names the staff member or holds a note.
	for _, b := range *bodies {
		for _, bad := range []string{auStaffName, staff.Email, staff.ID.String(), auNoteWord} {
			if strings.Contains(b, bad) {
				t.Errorf("an answer to an authority holds %q: %s", bad, lgShort([]byte(b)))
			}
		}
	}
}

func lgJSON(v any) string {
	b, _ := json.Marshal(v)
	return lgShort(b)
}

func TestAuthority_MultipartOrder(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { auMultipartOrder(t, b) })
	}
}

func auMultipartOrder(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	_, stok := lgStaff(t, r, auStaffName, agora.RoleLegal, lgAllScopes)
	lc := r.legal(stok)
	inID := lc.authority("Ministry of Electronics and IT", "IN", "ministry")
	inTok, _ := auToken(t, r, inID)
	var bodies []string
	in := r.authority(inTok, &bodies)
	for _, n := range []string{"mpone", "mptwo"} {
		r.mustAccount(n)
	}
	received := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	order := authwire.OrderInput{Reference: "No. 3/2026", ReceivedAt: &received, LegalBasis: "IT Act, section 69A",
		TerritorialScope: []string{"IN"}, Targets: []string{"@mpone"}}
	orderJSON, _ := json.Marshal(order)
	annex := "S.No.,Account URL,Remarks\n1," + r.srv.URL + "/@mptwo,repeat\n"
	parts := []auPart{
		{field: "order", contentType: "application/json", data: string(orderJSON)},
		{field: "annex", file: "annex.csv", data: annex}, // typed by its extension
		{field: "documents[]", file: "order.pdf", contentType: "application/pdf", data: "%PDF-order"},
		{field: "documents[]", file: "covering letter.txt", contentType: "text/plain", data: "covering letter"},
	}
	ct, form := auForm(t, parts...)
	code, body, _ := in.raw("POST", "/api/v1/authority/orders", ct, form, "Idempotency-Key", "mp-1")
	if code != http.StatusCreated {
		t.Fatalf("multipart order = %d %s", code, lgShort(body))
	}
	var rc authwire.Receipt
	mustJSON(t, body, &rc)
	ct, form = auForm(t, parts...)
	if code, body, h := in.raw("POST", "/api/v1/authority/orders", ct, form, "Idempotency-Key", "mp-1"); code != http.StatusCreated ||
		h.Get("Idempotent-Replayed") != "true" || !strings.Contains(string(body), rc.Digest) {
		t.Errorf("multipart retry = %d %s, want the same receipt", code, lgShort(body))
	}

	// The order, its annex's targets and its files, for the authority and the desk.
	o := in.order(rc.ID)
	if len(o.Targets) != 2 || o.Targets[1].Input != r.srv.URL+"/@mptwo" || o.Annex == nil || o.Annex.Name != "annex.csv" ||
		o.Annex.ContentType != "text/csv" || o.Annex.SHA256 != hexSum(annex) || len(o.Documents) != 2 || o.Documents[1].Name != "covering letter.txt" {
		t.Fatalf("IN's order = %s, want both targets, the annex and two documents", lgJSON(o))
	}
	in.document(rc.ID, o.Annex.ID, "text/csv", annex)
	in.document(rc.ID, o.Documents[0].ID, "application/pdf", "%PDF-order")
	docs, err := lc.api.OrderDocuments(t.Context(), rc.ID)
	lc.ok(err)
	if len(docs) != 3 || lgStr(docs[0].Role) != "annex" || lgStr(docs[1].Role) != "order" {
		t.Errorf("the desk's order documents = %s, want the annex and two documents", lgJSON(docs))
	}
	if lc.getOrder(rc.ID).Digest != rc.Digest {
		t.Error("the desk's digest is not the receipt's")
	}

	// The digest covers the files: the same order as JSON, the files inline,
	// has the same digest; another document's byte changes it.
	inline := order
	inline.Annex = &authwire.Document{Name: "annex.csv", ContentType: "text/csv", Data: b64(annex)}
	inline.Documents = []*authwire.Document{{Name: "order.pdf", ContentType: "application/pdf", Data: b64("%PDF-order")},
		{Name: "covering letter.txt", ContentType: "text/plain", Data: b64("covering letter")}}
	same, _ := in.submit(inline, "")
	if same.Digest != rc.Digest {
		t.Errorf("the same order as JSON has digest %s, want %s", same.Digest, rc.Digest)
	}
	inline.Documents[0].Data = b64("%PDF-ordeR")
	if changed, _ := in.submit(inline, ""); changed.Digest == rc.Digest {
		t.Error("another document, the same digest")
	}
	inline.Documents = nil
	inline.Annex = nil
	if plain, _ := in.submit(inline, ""); plain.Digest == rc.Digest {
		t.Error("no files, the same digest")
	}
}

func TestAuthority_MessagesBadInput(t *testing.T) {
	for _, b := range agoratest.Backends() {
		t.Run(string(b), func(t *testing.T) { auMessagesBadInput(t, b) })
	}
}

func auMessagesBadInput(t *testing.T, b agoratest.Backend) {
	r := newRig(t, b)
	p := newAuParties(t, r)
	lc, in, de := p.lc, p.in, p.de
	rc, _ := in.submit(authwire.OrderInput{Reference: "No. 4/2026", Targets: []string{"@nobody"}}, "")
	path := "/api/v1/authority/orders/" + rc.ID + "/messages"
	auditBefore := len(lc.audit("order:" + rc.ID))

	doc := func(data string) *authwire.Document { return &authwire.Document{Name: "d.pdf", Data: data} }
	eleven := make([]*authwire.Document, 11)
	for i := range eleven {
		eleven[i] = doc(b64("x"))
	}
	big := b64(strings.Repeat("a", agora.MaxDocumentBytes+1))
	soon := time.Now().Add(time.Hour)
	past := time.Now().Add(-time.Hour)
	for _, tc := range []struct {
		name  string
		in    any
		code  int
		words []string
	}{
		{"empty", authwire.MessageInput{Text: "  "}, 422, []string{"text is required"}},
		{"too long", authwire.MessageInput{Text: strings.Repeat("a", 20_001)}, 422, []string{"at most 20000"}},
		{"bad kind", authwire.MessageInput{Text: "x", Kind: "ultimatum"}, 422, []string{`kind "ultimatum" is unknown`}},
		{"bad base64", authwire.MessageInput{Text: "x", Documents: []*authwire.Document{doc("%%%")}}, 400, []string{"documents[0].data", "base64"}},
		{"too many documents", authwire.MessageInput{Text: "x", Documents: eleven}, 422, []string{"at most 10"}},
		{"too large a document", authwire.MessageInput{Text: "x", Documents: []*authwire.Document{doc(big)}}, 413, []string{"10 MiB"}},
		{"empty document", authwire.MessageInput{Text: "x", Documents: []*authwire.Document{doc("")}}, 422, []string{"1 byte"}},
		{"deadline without kind", authwire.MessageInput{Text: "x", Deadline: &soon}, 422, []string{"deadline"}},
		{"deadline past", authwire.MessageInput{Text: "x", Kind: "hearing", Deadline: &past}, 422, []string{"future"}},
		{"unknown field", map[string]any{"text": "x", "author": "someone"}, 400, []string{"author"}},
		{"null document", map[string]any{"text": "x", "documents": []any{nil}}, 400, []string{"null"}},
	} {
		in.fail("POST", path, tc.in, tc.code, tc.words...)
	}
	in.failRaw("POST", path, "text/plain", "hello", 400, "Content-Type")
	in.failRaw("POST", path, "application/json", `{"text": "x"} {"text": "y"}`, 400, "one JSON object")
	// Multipart.
	for _, tc := range []struct {
		name  string
		parts []auPart
		code  int
		words []string
	}{
		{"unknown part", []auPart{{field: "text", data: "x"}, {field: "author", data: "someone"}}, 400, []string{`"author"`}},
		{"text twice", []auPart{{field: "text", data: "x"}, {field: "text", data: "y"}}, 400, []string{"twice"}},
		{"bad deadline", []auPart{{field: "text", data: "x"}, {field: "kind", data: "hearing"}, {field: "deadline", data: "tomorrow"}}, 400, []string{"RFC 3339"}},
		{"no text", []auPart{{field: "documents[]", file: "a.pdf", data: "x"}}, 422, []string{"text is required"}},
		{"too large a document", []auPart{{field: "text", data: "x"}, {field: "documents[]", file: "big.pdf", data: strings.Repeat("a", agora.MaxDocumentBytes+1)}}, 413, []string{"big.pdf", "10 MiB"}},
		{"too many documents", append([]auPart{{field: "text", data: "x"}}, func() []auPart {
			ps := make([]auPart, 11)
			for i := range ps {
				ps[i] = auPart{field: "documents[]", file: fmt.Sprintf("%d.pdf", i), data: "x"}
			}
			return ps
		}()...), 422, []string{"at most 10"}},
	} {
		ct, form := auForm(t, tc.parts...)
		in.failRaw("POST", path, ct, form, tc.code, tc.words...)
	}
	in.failRaw("POST", path, "multipart/form-data; boundary=xyz", "not multipart", 400, "multipart")
	// Another authority's order, one that does not exist, one that is no ID.
	de.fail("POST", path, authwire.MessageInput{Text: "hello"}, http.StatusNotFound)
	in.fail("POST", "/api/v1/authority/orders/1/messages", authwire.MessageInput{Text: "hello"}, http.StatusNotFound)
	in.fail("POST", "/api/v1/authority/orders/x/messages", authwire.MessageInput{Text: "hello"}, http.StatusNotFound)
	in.fail("GET", path+"?limit=0", nil, http.StatusBadRequest)
	in.fail("GET", "/api/v1/authority/orders/"+rc.ID+"/documents/1", nil, http.StatusNotFound)

	if list, _ := in.messages(rc.ID, ""); len(list) != 0 {
		t.Errorf("%d messages after bad input only", len(list))
	}
	if n := len(lc.correspondence(rc.ID)); n != 0 {
		t.Errorf("the desk has %d messages after bad input only", n)
	}
	if n := len(lc.notices(rc.ID)); n != 0 {
		t.Errorf("the desk has %d notices after bad input only", n)
	}
	if n := len(lc.audit("order:" + rc.ID)); n != auditBefore {
		t.Errorf("bad input wrote %d audit events", n-auditBefore)
	}

	// Bad multipart orders: nothing recorded.
	orderJSON := `{"reference": "mp", "targets": ["@nobody"]}`
	for _, tc := range []struct {
		name  string
		parts []auPart
		code  int
		words []string
	}{
		{"no order part", []auPart{{field: "annex", file: "a.csv", data: "url\n@x\n"}}, 400, []string{`"order"`}},
		{"order not JSON", []auPart{{field: "order", data: "{"}}, 400, []string{"JSON"}},
		{"unknown order field", []auPart{{field: "order", data: `{"authority_id": "1", "targets": ["@x"]}`}}, 400, []string{"authority_id"}},
		{"annex of another type", []auPart{{field: "order", data: orderJSON}, {field: "annex", file: "a.html", contentType: "text/html", data: "<p>"}}, 400, []string{"text/html"}},
		{"annex twice", []auPart{{field: "order", data: `{"targets": ["@x"], "annex": {"content_type": "text/plain", "data": "QHk="}}`}, {field: "annex", file: "a.txt", data: "@z\n"}}, 400, []string{"twice"}},
		{"two annexes", []auPart{{field: "order", data: orderJSON}, {field: "annex", file: "a.txt", data: "@z\n"}, {field: "annex", file: "b.txt", data: "@y\n"}}, 422, []string{"at most 1 annex"}},
		{"too many documents", append([]auPart{{field: "order", data: orderJSON}}, func() []auPart {
			ps := make([]auPart, 11)
			for i := range ps {
				ps[i] = auPart{field: "documents[]", file: fmt.Sprintf("%d.pdf", i), data: "x"}
			}
			return ps
		}()...), 422, []string{"at most 10"}},
		{"too large a document", []auPart{{field: "order", data: orderJSON}, {field: "documents[]", file: "big.pdf", data: strings.Repeat("a", agora.MaxDocumentBytes+1)}}, 413, []string{"10 MiB"}},
		{"empty document", []auPart{{field: "order", data: orderJSON}, {field: "documents[]", file: "empty.pdf", data: ""}}, 422, []string{"1 byte"}},
		{"no targets", []auPart{{field: "order", data: `{"reference": "none"}`}, {field: "documents[]", file: "a.pdf", data: "x"}}, 422, []string{"no targets"}},
	} {
		ct, form := auForm(t, tc.parts...)
		in.failRaw("POST", "/api/v1/authority/orders", ct, form, tc.code, tc.words...)
	}
	in.fail("POST", "/api/v1/authority/orders", authwire.OrderInput{Targets: []string{"@x"}, Documents: []*authwire.Document{doc("%%%")}}, 400, "documents[0].data", "base64")
	in.fail("POST", "/api/v1/authority/orders", authwire.OrderInput{Targets: []string{"@x"}, Documents: eleven}, 422, "at most 10")
	if n := len(lc.orders(client.OrderQuery{})); n != 1 {
		t.Errorf("the desk has %d orders after bad orders, want the one", n)
	}
}
