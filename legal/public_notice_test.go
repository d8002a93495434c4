package legal_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"agora"
	"agora/legal"
	"agora/storetest"
)

// TestTransparency_PublicNotice: the public notice of an order of the report
// scene names what was withheld and counts the rest by what became of it; a
// confidential order has none until its gag ends, and then has one; an
// unknown order has none either, answered alike.
func TestTransparency_PublicNotice(t *testing.T) {
	r := newRigOn(t, storetest.SQLitePath(t), nil)
	s := newReportScene(r)
	o1 := s.orders["o1"]
	got, err := r.desk.PublicNotice(r.ctx, o1.ID)
	if err != nil {
		t.Fatal(err)
	}
	tg := s.targets["o1"]
	u1, s4 := tg["@u1"], s.targets["o1"][postInput(s, "o1")]
	h := func(hours float64) time.Time { return reportT0.Add(time.Duration(hours * float64(time.Hour))) }
	want := &legal.PublicNotice{
		OrderID: o1.ID, Number: o1.Number, LegalBasis: "Section 69A of the IT Act", TerritorialScope: []string{"IN"},
		ReceivedAt: h(-2), AcknowledgedAt: h(0), FirstEffectAt: h(1),
		Groups: []*legal.NoticeGroup{
			{Kind: agora.SubjectAccount, Named: 3, Removed: 1,
				Withheld: []*legal.NoticeItem{{TargetID: u1.ID, Name: "@u1", URL: exportBase + "/@u1",
					Withholdings: []*legal.NoticeWithholding{{Countries: []string{"IN"}, Reason: agora.ReasonLegalDemand, Since: h(1)}}}},
				Declined: []*legal.DeclineCount{{Code: "journalist", Explanation: legal.DeclineExplanation("journalist"), Count: 1}}},
			{Kind: agora.SubjectStatus, Named: 1,
				Withheld: []*legal.NoticeItem{{TargetID: s4.ID, Name: s4.Input, URL: s4.Input,
					Withholdings: []*legal.NoticeWithholding{{Countries: []string{"IN"}, Reason: agora.ReasonLegalDemand, Since: h(1)}}}}},
			{Kind: agora.SubjectHashtag, Named: 1, UnderReview: 1},
		},
		NotFound: 1, Appeals: 2, Granted: 1,
	}
	ignore := cmpopts.IgnoreFields(legal.NoticeWithholding{}, "RuleID", "LiftedAt")
	if diff := cmp.Diff(want, got, ignore, cmpopts.IgnoreFields(legal.PublicNotice{}, "Authority", "Reference")); diff != "" {
		t.Errorf("notice of o1 (-want +got):\n%s", diff)
	}
	if got.Authority == nil || got.Authority.Name != "Ministry of Electronics and IT" || got.Authority.Kind != agora.AuthorityMinistry {
		t.Errorf("authority %+v", got.Authority)
	}
	if got.Named() != 6 {
		t.Errorf("Named() = %d, want 6 (the second @u1 repeats the first)", got.Named())
	}
	// u1's appeal was granted: its withholding is lifted, and still on record.
	if w := got.Groups[0].Withheld[0].Withholdings[0]; w.LiftedAt.IsZero() || w.RuleID == 0 {
		t.Errorf("u1's withholding: %+v, want it lifted", w)
	}
	data, _ := json.Marshal(got)
	for _, secret := range []string{"per counsel", "Public order, as the annex", "Answered.", "lawful speech"} {
		if strings.Contains(string(data), secret) {
			t.Errorf("the notice holds %q: %s", secret, data)
		}
	}

	// o2 is confidential for 30 days: no notice, answered as for no order.
	o2 := s.orders["o2"]
	_, errSealed := r.desk.PublicNotice(r.ctx, o2.ID)
	_, errNone := r.desk.PublicNotice(r.ctx, agora.IDAt(reportT0))
	if agora.ErrorCode(errSealed) != agora.ENOTFOUND || agora.ErrorMessage(errSealed) != agora.ErrorMessage(errNone) || agora.ErrorCode(errNone) != agora.ENOTFOUND {
		t.Errorf("confidential order: %v; unknown order: %v; want both ENOTFOUND alike", errSealed, errNone)
	}
	if ok, err := r.desk.NoticePublished(r.ctx, o2.ID); ok || err != nil {
		t.Errorf("NoticePublished(o2) = %v, %v before the gag ends", ok, err)
	}
	r.at(o2.ConfidentialUntil)
	if ok, err := r.desk.NoticePublished(r.ctx, o2.ID); !ok || err != nil {
		t.Errorf("NoticePublished(o2) = %v, %v when the gag ends", ok, err)
	}
	got, err = r.desk.PublicNotice(r.ctx, o2.ID)
	if err != nil {
		t.Fatalf("o2 after its gag: %v", err)
	}
	if !got.ConfidentialUntil.Equal(o2.ConfidentialUntil) || len(got.Groups) != 2 || got.Groups[0].Withheld[0].Name != "@u5" ||
		got.Groups[1].Withheld[0].URL != postInput(s, "o2") || got.Authority.Kind != agora.AuthorityCourt {
		t.Errorf("o2 after its gag: %+v", got)
	}
	// o4: a post removed is counted, not named; the hashtag is named.
	got, err = r.desk.PublicNotice(r.ctx, s.orders["o4"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Groups) != 2 || got.Groups[0].Removed != 1 || len(got.Groups[0].Withheld) != 0 ||
		got.Groups[1].Withheld[0].Name != "#tagtwo" || got.Groups[1].Withheld[0].URL != exportBase+"/tags/tagtwo" {
		t.Errorf("o4: %+v", got.Groups)
	}
}

// postInput returns the input of the order's one post target.
func postInput(s *reportScene, order string) string {
	for in, t := range s.targets[order] {
		if t.Kind == agora.SubjectStatus {
			return in
		}
	}
	return ""
}
