package authorityapi

import (
	"time"

	"agora"
	"agora/authorityapi/wire"
	"agora/legal"
)

// The one converter from the desk's records to the authority's wire shapes. It
// copies only what the authority is told: never the assignee, the creator, a
// decision's note or actor.

func receiptEntity(o *agora.Order) *wire.Receipt {
	return &wire.Receipt{ID: o.ID.String(), Number: o.Number, ReceivedAt: o.ReceivedAt.UTC(), Digest: o.Digest}
}

// orderEntity converts an order; with effects (GET /orders/{id}) it lists the
// targets and their effects.
func orderEntity(o *agora.Order, effects []legal.TargetEffect) *wire.Order {
	out := &wire.Order{
		ID: o.ID.String(), Number: o.Number, Reference: o.Reference, State: string(o.State),
		ReceivedAt: o.ReceivedAt.UTC(), Digest: o.Digest, AcknowledgedAt: optTime(o.AcknowledgedAt),
		Deadline: optTime(o.Deadline), FirstEffectAt: optTime(o.FirstEffectAt), AnsweredAt: optTime(o.AnsweredAt),
		ClosedAt: optTime(o.ClosedAt), RevokedAt: optTime(o.RevokedAt),
		TerritorialScope: nonNil(o.TerritorialScope), Emergency: o.Emergency, Confidential: o.Confidential,
		Deficiencies: nonNil(o.Deficiencies), TargetsCount: o.Counts.Total,
	}
	if effects != nil {
		out.Targets = make([]*wire.TargetItem, len(effects))
		for i, e := range effects {
			out.Targets[i] = targetEntity(e)
		}
	}
	return out
}

// documentEntities converts documents, without their data; an empty list,
// not null, when there are none.
func documentEntities(docs []*agora.Document) []*wire.DocumentInfo {
	out := make([]*wire.DocumentInfo, len(docs))
	for i, d := range docs {
		out[i] = documentEntity(d)
	}
	return out
}

func documentEntity(d *agora.Document) *wire.DocumentInfo {
	return &wire.DocumentInfo{ID: d.ID.String(), Name: d.Name, ContentType: d.ContentType, Size: d.Size, SHA256: d.SHA256}
}

// withDocuments adds to out the files received with its order: the annex
// file and the others.
func withDocuments(out *wire.Order, docs []*agora.Document) *wire.Order {
	out.Documents = []*wire.DocumentInfo{}
	for _, d := range docs {
		if d.Role == agora.DocumentAnnex {
			out.Annex = documentEntity(d)
		} else {
			out.Documents = append(out.Documents, documentEntity(d))
		}
	}
	return out
}

// messageEntity converts a message of the dialogue: what was said, when, and
// the documents; never who wrote it.
func messageEntity(m legal.Message) *wire.Message {
	return &wire.Message{
		ID: m.ID.String(), Direction: m.Direction, Kind: optString(string(m.Kind)), Text: m.Text,
		CreatedAt: m.CreatedAt.UTC(), Deadline: optTime(m.Deadline), AnsweredAt: optTime(m.AnsweredAt),
		Documents: documentEntities(m.Documents),
	}
}

func targetEntity(e legal.TargetEffect) *wire.TargetItem {
	return &wire.TargetItem{
		ID: e.ID.String(), Position: e.Position, Input: e.Input, Effect: string(e.Effect),
		Measure: optString(e.Measure), Countries: nonNil(e.Countries), ReasonCode: optString(e.ReasonCode),
		Explanation: optString(e.Explanation), Cause: optString(e.Cause), EffectGivenAt: optTime(e.EffectGivenAt),
		DeclinedAt: optTime(e.DeclinedAt), LiftedAt: optTime(e.LiftedAt),
	}
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
